// The archive's phrase table (index `<MEILI_INDEX>_phrases`): the words and runs of words its
// sections use, each with the number of sections holding it literally — what the portal proposes as
// you type (/api/suggest) and corrects a query towards (did you mean). Counted again over the whole
// archive after every change of the sections (a phrase's count is a property of the whole archive),
// but written by difference: only new phrases, changed counts and vanished phrases reach the engine.
// `npm run ingest` counts while the engine indexes its batch (from the records it spooled and the
// live sections it does not replace: run.ts), so the table costs the run little wall time; uploads
// refresh it in the background. A rebuild writes a fresh table swapped in atomically.
//
// Two passes over the sections, neither of which segments anything:
// 1. candidates: proposed from the runs of words ingestion stored on each section (text/phrase-keys.ts), counted by the
//    sections proposing them; those proposed by at least MIN_SECTIONS sections are kept;
// 2. counts: every section's heading and text walked once against the candidates (a trie, so each
//    position stops at the first string no candidate starts with: phrase-trie.ts), counting the sections that
//    hold each candidate literally — the rule 原文 search applies (sectionContains), so a phrase's
//    count is the total a 原文 search for it finds, whatever the segmentation did elsewhere.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Meilisearch } from 'meilisearch';
import { waitTask } from '../src/core/meili/client.js';
import { phrasesIndexName, phraseSettings, type PhraseRecord, type SectionRecord } from '../src/core/index-schema.js';
import { cut } from '../src/core/text/segmenter.js';
import { candidatesOfRuns, decodeRuns, oneCharMasks, pinyinKey, prefixesOf, wordRuns, PHRASE_MAX_CHARS } from '../src/core/text/phrase-keys.js';
import { PhraseTrie } from './phrase-trie.js';

/**
 * A phrase in fewer sections than this is not a phrase of the archive (nor proposed): 2, except in
 * a small archive (fewer than SMALL_ARCHIVE sections), where a phrase one section uses is still
 * worth showing and the table stays small.
 */
export const MIN_SECTIONS = 2;
export const SMALL_ARCHIVE = 10_000;
export const minSectionsFor = (sections: number) => (sections < SMALL_ARCHIVE ? 1 : MIN_SECTIONS);
/**
 * Candidates held in memory at once while counting proposals (the ingester's heap is small): past
 * it, those proposed once so far are dropped (a phrase frequent in the archive comes back, and
 * the first pass over a real archive keeps well under it).
 */
const MAX_CANDIDATES = 300_000;
const PAGE = 1000;
const WRITE_BATCH = 5000;

type Stored = Pick<SectionRecord, 'heading' | 'text' | 'phrases'> & { docId?: string };

/** The sections of every engine (MEILI_REMOTES: each holds some of the documents). */
async function* sections(clients: readonly Meilisearch[], index: string, fields: Array<keyof Stored & string>): AsyncGenerator<Stored> {
  for (const client of clients) {
    for (let offset = 0; ; offset += PAGE) {
      const r = await client.index(index).getDocuments<Stored>({ fields, limit: PAGE, offset });
      yield* r.results;
      if (r.results.length < PAGE) break;
    }
  }
}

/** The candidates of a stored section: from the runs ingestion stored, or (older records) cut now. */
function storedCandidates(s: Stored): string[] {
  if (typeof s.phrases === 'string') return candidatesOfRuns(decodeRuns(s.phrases));
  const text = s.heading ? `${s.heading}\n${s.text}` : s.text;
  return candidatesOfRuns(wordRuns(text, cut(text)));
}

/** Pass 1: candidates counted by the sections proposing them. */
export class CandidateTally {
  private readonly proposed = new Map<string, number>();

  add(candidates: Iterable<string>): void {
    for (const p of candidates) this.proposed.set(p, (this.proposed.get(p) ?? 0) + 1);
    if (this.proposed.size > MAX_CANDIDATES) for (const [p, n] of this.proposed) if (n < 2) this.proposed.delete(p);
  }

  /** The candidates proposed by at least `min` sections. */
  kept(min: number): Set<string> {
    const out = new Set<string>();
    for (const [p, n] of this.proposed) if (n >= min) out.add(p);
    this.proposed.clear();
    return out;
  }
}

/** Pass 2: the sections holding each candidate literally (heading or text, as 原文 search reads them). */
export class HeldCounter {
  /** The candidates a walk can find: phrases are 2..PHRASE_MAX_CHARS characters. */
  private trie: PhraseTrie | null;
  private readonly counts = new Map<string, number>();
  private readonly found = new Set<string>();

  constructor(candidates: Iterable<string>) {
    this.trie = new PhraseTrie(candidates, 2, PHRASE_MAX_CHARS);
  }

  add(s: Pick<Stored, 'heading' | 'text'>): void {
    this.found.clear();
    this.trie!.collect(s.heading, this.found);
    this.trie!.collect(s.text, this.found);
    for (const p of this.found) this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
  }

  /** Phrases held by at least `min` sections, with their counts. */
  result(min: number): Map<string, number> {
    this.trie = null;
    for (const [p, n] of this.counts) if (n < min) this.counts.delete(p);
    return this.counts;
  }
}

/** The counted table of a list of sections (pure: the unit tests' door to both passes). */
export function countPhrases(list: readonly Stored[], candidatesOf: (s: Stored) => string[] = storedCandidates): Map<string, number> {
  const min = minSectionsFor(list.length);
  const tally = new CandidateTally();
  for (const s of list) tally.add(candidatesOf(s));
  const counter = new HeldCounter(tally.kept(min));
  for (const s of list) counter.add(s);
  return counter.result(min);
}

export function phraseRecord(text: string, sections: number): PhraseRecord {
  return {
    id: createHash('sha256').update(text).digest('hex').slice(0, 24),
    text,
    sections,
    length: [...text].length,
    prefixes: prefixesOf(text),
    pinyin: pinyinKey(text),
    masks: oneCharMasks(text),
  };
}

/** Whether the table is missing (an archive indexed before it existed, or a failed refresh of a new one). */
export async function phraseTableStale(client: Meilisearch, index: string): Promise<boolean> {
  const { results } = await client.getIndexes({ limit: 1000 });
  return !results.some((i) => i.uid === phrasesIndexName(index));
}

/** One engine, or the engines of MEILI_REMOTES (each holding some of the documents). */
export type Engines = Meilisearch | readonly Meilisearch[];
const engineList = (e: Engines): readonly Meilisearch[] => (Array.isArray(e) ? (e as readonly Meilisearch[]) : [e as Meilisearch]);

/** Sections to count, read afresh on each call (the table is two passes over them). */
export type SectionSource = () => AsyncIterable<Stored>;

/** The live sections of `index` on every engine, but those of the documents in `except` (about to be replaced or removed). */
export function liveSections(engines: Engines, index: string, except: ReadonlySet<string> = new Set()): SectionSource {
  const clients = engineList(engines);
  return async function* () {
    if (except.size === 0) {
      yield* sections(clients, index, ['heading', 'text', 'phrases']);
      return;
    }
    for await (const s of sections(clients, index, ['docId', 'heading', 'text', 'phrases'])) if (!except.has(s.docId!)) yield s;
  };
}

/** What a run spools for the table: one section a line, as phraseInputLine() wrote it. */
export function spooledSections(files: readonly string[]): SectionSource {
  return async function* () {
    for (const file of files) {
      for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) if (line) yield JSON.parse(line) as Stored;
    }
  };
}

/** One section as the table needs it (heading, text and the runs of words ingestion found). */
export const phraseInputLine = (s: Pick<SectionRecord, 'heading' | 'text' | 'phrases'>): string =>
  JSON.stringify({ heading: s.heading, text: s.text, phrases: s.phrases });

/** Several sources read one after the other. */
export const concatSources = (...sources: SectionSource[]): SectionSource =>
  async function* () {
    for (const source of sources) yield* source();
  };

/** Both passes over `source`: each phrase held by at least the archive's minimum of sections, with its count. */
export async function countTable(source: SectionSource): Promise<Map<string, number>> {
  const tally = new CandidateTally();
  let n = 0;
  for await (const s of source()) {
    tally.add(storedCandidates(s));
    n++;
  }
  const min = minSectionsFor(n);
  const counter = new HeldCounter(tally.kept(min));
  for await (const s of source()) counter.add(s);
  return counter.result(min);
}

export interface TableUpdate {
  phrases: number;
  /** Records written (new phrases and changed counts) and removed, on each engine. */
  written: number;
  removed: number;
  ms: number;
}

/** Every engine's sections index `updatedAt`: a count read under one state is written only if it still holds. */
async function sectionsState(clients: readonly Meilisearch[], index: string): Promise<string> {
  return (await Promise.all(clients.map(async (c) => String((await c.index(index).getRawInfo()).updatedAt)))).join('/');
}

/**
 * Counts `<index>_phrases` over the live sections of every engine and writes it (writePhraseTable).
 * An upload calls it in the background (uploads.ts). Counted again if the sections changed while
 * they were read, so a table never describes a state older than the one it was read from.
 */
export async function refreshPhraseTable(engines: Engines, index: string): Promise<TableUpdate> {
  const started = Date.now();
  const clients = engineList(engines);
  for (let attempt = 0; ; attempt++) {
    const before = await sectionsState(clients, index);
    const counts = await countTable(liveSections(clients, index));
    const after = await sectionsState(clients, index);
    if (before !== after && attempt < 3) continue;
    const t = await writePhraseTable(clients, index, counts);
    return { ...t, ms: Date.now() - started };
  }
}

/**
 * Writes a counted table to every engine (it is small: a few MB at 20,000 documents), so that
 * whichever engine answers proposes phrases of the whole archive without a federated query per
 * keystroke. An existing table is brought to it by difference — new phrases added (with their keys:
 * pinyin, prefixes, masks), changed counts updated, vanished phrases removed — so that a change of a
 * few documents costs each engine a few records, not the whole table again. Without a table, or
 * with `fresh` (a rebuild, whose records may follow a newer schema), a new index is filled and
 * swapped in atomically.
 */
export async function writePhraseTable(engines: Engines, index: string, counts: Map<string, number>, opts: { fresh?: boolean } = {}): Promise<TableUpdate> {
  const started = Date.now();
  let written = 0;
  let removed = 0;
  for (const client of engineList(engines)) {
    const t = await writeOne(client, index, counts, opts.fresh === true, started);
    written = Math.max(written, t.written);
    removed = Math.max(removed, t.removed);
  }
  return { phrases: counts.size, written, removed, ms: Date.now() - started };
}

async function writeOne(client: Meilisearch, index: string, counts: Map<string, number>, fresh: boolean, started: number): Promise<{ written: number; removed: number }> {
  const live = phrasesIndexName(index);
  if (fresh || (await phraseTableStale(client, index))) return { written: await buildFresh(client, live, counts, started), removed: 0 };
  const have = new Map<string, { id: string; sections: number }>();
  for (let offset = 0; ; offset += 10_000) {
    const r = await client.index(live).getDocuments<{ id: string; text: string; sections: number }>({ fields: ['id', 'text', 'sections'], limit: 10_000, offset });
    for (const d of r.results) have.set(d.text, { id: d.id, sections: d.sections });
    if (r.results.length < 10_000) break;
  }
  const added: PhraseRecord[] = [];
  const changed: Array<Pick<PhraseRecord, 'id' | 'sections'>> = [];
  for (const [text, n] of counts) {
    const old = have.get(text);
    if (!old) added.push(phraseRecord(text, n));
    else if (old.sections !== n) changed.push({ id: old.id, sections: n });
  }
  const gone: string[] = [];
  for (const [text, { id }] of have) if (!counts.has(text)) gone.push(id);
  const tasks: number[] = [];
  await waitTask(client, (await client.index(live).updateSettings(phraseSettings())).taskUid);
  for (let i = 0; i < added.length; i += WRITE_BATCH) tasks.push((await client.index(live).addDocuments(added.slice(i, i + WRITE_BATCH))).taskUid);
  for (let i = 0; i < changed.length; i += WRITE_BATCH) tasks.push((await client.index(live).updateDocuments(changed.slice(i, i + WRITE_BATCH))).taskUid);
  for (let i = 0; i < gone.length; i += WRITE_BATCH) tasks.push((await client.index(live).deleteDocuments(gone.slice(i, i + WRITE_BATCH))).taskUid);
  for (const t of tasks) await waitTask(client, t);
  return { written: added.length + changed.length, removed: gone.length };
}

/** A new table index, filled, swapped in for the live one (created if missing), the old dropped. */
async function buildFresh(client: Meilisearch, live: string, counts: Map<string, number>, started: number): Promise<number> {
  const fresh = `${live}_build_${started}`;
  await waitTask(client, (await client.createIndex(fresh, { primaryKey: 'id' })).taskUid);
  try {
    await waitTask(client, (await client.index(fresh).updateSettings(phraseSettings())).taskUid);
    let batch: PhraseRecord[] = [];
    const tasks: number[] = [];
    for (const [text, n] of counts) {
      batch.push(phraseRecord(text, n));
      if (batch.length === WRITE_BATCH) {
        tasks.push((await client.index(fresh).addDocuments(batch)).taskUid);
        batch = [];
      }
    }
    if (batch.length > 0) tasks.push((await client.index(fresh).addDocuments(batch)).taskUid);
    for (const t of tasks) await waitTask(client, t);
    const have = new Set((await client.getIndexes({ limit: 1000 })).results.map((i) => i.uid));
    if (!have.has(live)) await waitTask(client, (await client.createIndex(live, { primaryKey: 'id' })).taskUid);
    await waitTask(client, (await client.swapIndexes([{ indexes: [live, fresh], rename: false }])).taskUid);
    return counts.size;
  } finally {
    await waitTask(client, (await client.deleteIndex(fresh)).taskUid).catch(() => {});
  }
}
