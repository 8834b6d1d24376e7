// The archive's phrase table (index `<MEILI_INDEX>_phrases`): the words and runs of words its
// sections use, each with the number of sections holding it literally — what the portal proposes as
// you type (/api/suggest) and corrects a query towards (did you mean). Rebuilt whole after every
// change of the sections (ingestion of any kind, uploads, removals), into a fresh index swapped in
// atomically, so the portal reads either the old table or the new one, never half of one.
//
// Two passes over the live sections, neither of which segments anything:
// 1. candidates: proposed from the runs of words ingestion stored on each section (text/phrase-keys.ts), counted by the
//    sections proposing them; those proposed by at least MIN_SECTIONS sections are kept;
// 2. counts: every section's heading and text walked once against the candidates (a prefix set, so
//    each position stops at the first string no candidate starts with), counting the sections that
//    hold each candidate literally — the rule 原文 search applies (sectionContains), so a phrase's
//    count is the total a 原文 search for it finds, whatever the segmentation did elsewhere.
import { createHash } from 'node:crypto';
import type { Meilisearch } from 'meilisearch';
import { waitTask } from '../src/core/meili/client.js';
import { phrasesIndexName, phraseSettings, type PhraseRecord, type SectionRecord } from '../src/core/index-schema.js';
import { cut } from '../src/core/text/segmenter.js';
import { candidatesOfRuns, decodeRuns, oneCharMasks, pinyinKey, prefixesOf, wordRuns, PHRASE_MAX_CHARS } from '../src/core/text/phrase-keys.js';

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

type Stored = Pick<SectionRecord, 'heading' | 'text' | 'phrases'>;

/** The sections of every engine (MEILI_REMOTES: each holds some of the documents). */
async function* sections(clients: readonly Meilisearch[], index: string, fields: Array<keyof Stored>): AsyncGenerator<Stored> {
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

/** Pass 2 on one string: the candidates it holds, added to `found` (a walk from each position). */
export function collectHeld(text: string, candidates: ReadonlyMap<string, boolean>, found: Set<string>): void {
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    let s = chars[i]!;
    for (let n = 2; n <= PHRASE_MAX_CHARS && i + n <= chars.length; n++) {
      s += chars[i + n - 1]!;
      const whole = candidates.get(s);
      if (whole === undefined) break; // no candidate starts with s
      if (whole) found.add(s);
    }
  }
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
  /** Candidates and their prefixes: true for a candidate, false for a prefix only. */
  private readonly map = new Map<string, boolean>();
  private readonly counts = new Map<string, number>();
  private readonly found = new Set<string>();

  constructor(candidates: Iterable<string>) {
    for (const c of candidates) {
      const chars = [...c];
      for (let n = 2; n < chars.length; n++) {
        const pre = chars.slice(0, n).join('');
        if (!this.map.has(pre)) this.map.set(pre, false);
      }
      this.map.set(c, true);
    }
  }

  add(s: Pick<Stored, 'heading' | 'text'>): void {
    this.found.clear();
    collectHeld(s.heading, this.map, this.found);
    collectHeld(s.text, this.map, this.found);
    for (const p of this.found) this.counts.set(p, (this.counts.get(p) ?? 0) + 1);
  }

  /** Phrases held by at least `min` sections, with their counts. */
  result(min: number): Map<string, number> {
    this.map.clear();
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

/**
 * Rebuilds `<index>_phrases` from the live sections of `index`: a fresh index, filled, then
 * swapped in and the old one dropped. Returns how many phrases the table holds.
 *
 * Several engines (MEILI_REMOTES): counted over the sections of all of them, and the whole table
 * written to each (it is small: a few MB at 20,000 documents), so that whichever engine answers
 * proposes phrases of the whole archive without a federated query per keystroke.
 */
export async function refreshPhraseTable(clientOrEngines: Meilisearch | readonly Meilisearch[], index: string): Promise<{ phrases: number; ms: number }> {
  const started = Date.now();
  const engines = Array.isArray(clientOrEngines) ? (clientOrEngines as readonly Meilisearch[]) : [clientOrEngines as Meilisearch];
  // Pass 1 reads the stored candidates (and texts, for older records without them); pass 2 the texts.
  let total = 0;
  for (const e of engines) total += (await e.index(index).getStats()).numberOfDocuments;
  const min = minSectionsFor(total);
  const tally = new CandidateTally();
  for await (const s of sections(engines, index, ['heading', 'text', 'phrases'])) tally.add(storedCandidates(s));
  const counter = new HeldCounter(tally.kept(min));
  for await (const s of sections(engines, index, ['heading', 'text'])) counter.add(s);
  const counts = counter.result(min);
  for (const e of engines) await writeTable(e, index, counts, started);
  return { phrases: counts.size, ms: Date.now() - started };
}

async function writeTable(client: Meilisearch, index: string, counts: ReadonlyMap<string, number>, started: number): Promise<void> {
  const live = phrasesIndexName(index);
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
  } finally {
    await waitTask(client, (await client.deleteIndex(fresh)).taskUid).catch(() => {});
  }
}
