// The portal's copy of every section's heading and text, for verifying long 原文 phrases. The
// engine answers a phrase from windows of three tokens (exact-grams.ts), so the candidates of a
// phrase longer than four characters must be checked against the text. Fetching the texts of
// thousands of candidates from the engine costs ~20 µs each (20,000 candidates: over a second);
// their ids alone, as a facet, cost ~4 µs, and the check against this copy ~1 µs.
//
// Correctness first: a copy is used only while both indexes are exactly in the state it was read
// under (their `updatedAt`, which every write changes: an ingestion in this process or another,
// an upload, a deletion, a rebuild swapped in); a caller checks it after its own query (see
// `stillCurrent`).
//
// Kept in step incrementally, not reloaded: a change brings a new copy that keeps every unchanged
// document of the old one (packed anew, not read again) and reads only the documents whose version moved
// (measured at 20,000 documents: a full read takes seconds, the step after a few new files a
// fraction of one; see bench/RESULTS.md). The changed documents are found among the most recently
// ingested (three small requests), checked against both indexes' counts; only when those do not
// add up (a removal, a batch larger than the window) is every document listed. A document's version is its record's `ingestedAt` and its
// number of sections in the sections index. Section ids derive from the content hash of the file
// (ids.ts), so a section whose id is unchanged has an unchanged text unless the file was processed
// again — and then its document record, written after its sections, carries a new `ingestedAt`.
// A portal waits for the first copy before it answers (serve-app.ts) and then polls the indexes'
// state, so the copy is usually in step before the first query after a change; a query that
// finds it behind waits for the step instead of verifying on the engine.
import type { Meilisearch } from 'meilisearch';
import { eachHolding, lastAtOrBefore } from './scan-core.mjs';
import { ScanThread } from './scan-thread.js';

export interface SectionTextsOptions {
  /**
   * A client with the right to read documents and index metadata (the admin key); several engines
   * (MEILI_REMOTES): one per engine, the copy holds the sections of all of them.
   */
  client: () => Promise<Meilisearch | Meilisearch[]>;
  /** The sections index. */
  index: string;
  /** The documents index (versions of the documents: their `ingestedAt`). */
  documentsIndex: string;
  /** Most memory the copy may take, in bytes (estimated: see ENTRY_BYTES); beyond, there is no copy. */
  maxBytes: number;
  /** How often the indexes' state is polled once warm (ms); 0: only when a query asks. */
  pollMs?: number;
  log?: (line: string) => void;
  /**
   * Called when a step has replaced the copy (`loaded`: read whole, with no copy before — the
   * portal's start): what it left alive is moved out of the young generation now, and after a
   * whole load its garbage collected, rather than by a collection in the middle of a later answer
   * (core/heap.ts).
   */
  afterStep?: (loaded: boolean) => void;
}

/**
 * One document's sections in the copy, off the JavaScript heap: every section's heading and text
 * (joined by a line break) in one UTF-16 buffer, a line break after each. The garbage collector
 * neither marks nor moves a buffer's bytes: with the texts as strings (~150 MB of heap at 20,000
 * documents), a major collection cost the portal up to ~100 ms of pause and marking, and the 原文
 * answers around it were slow (bench/RESULTS.md); now it sees a few objects a document. A needle never holds a line break, so a match never spans two sections.
 */
export class DocTexts {
  private constructor(
    /** Its record's `ingestedAt` and its number of sections (SectionTexts.read). */
    readonly version: string,
    /** Section ids, sorted. */
    readonly ids: readonly string[],
    readonly buf: Buffer,
    /** Byte offset of each section in `buf`, and the buffer's length last. */
    readonly starts: Uint32Array,
  ) {
    this.bytes = DOC_BYTES + buf.length + ids.reduce((n, id) => n + 2 * id.length + ENTRY_BYTES, 0);
  }

  /** Memory it takes, estimated: its buffer, its ids and their bookkeeping. */
  readonly bytes: number;

  /** From the sections' ids and joined heading and text, in any order. */
  static of(version: string, sections: Iterable<readonly [string, string]>): DocTexts {
    const sorted = [...sections].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
    const starts = new Uint32Array(sorted.length + 1);
    let at = 0;
    sorted.forEach(([, joined], i) => {
      starts[i] = at;
      at += 2 * (joined.length + 1);
    });
    starts[sorted.length] = at;
    const buf = Buffer.allocUnsafeSlow(at);
    sorted.forEach(([, joined], i) => buf.write(`${joined}\n`, starts[i]!, 'utf16le'));
    return new DocTexts(version, sorted.map(([id]) => id), buf, starts);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Section `i`'s heading and text joined by a line break. */
  text(i: number): string {
    return this.buf.toString('utf16le', this.starts[i], this.starts[i + 1]! - 2);
  }

  /** The index of a section id, or -1. */
  indexOf(id: string): number {
    let lo = 0;
    let hi = this.ids.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const v = this.ids[mid]!;
      if (v === id) return mid;
      if (v < id) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  }

  /** The same sections over another buffer holding the same bytes (TextCopy packs every document into one). */
  rebased(buf: Buffer): DocTexts {
    return new DocTexts(this.version, this.ids, buf, this.starts);
  }
}

/**
 * One state of the copy: immutable once made; a later state keeps the unchanged documents (not
 * read again: their ids and offsets kept, their bytes copied). Every document is packed into one
 * buffer, end to end: a byte search over one buffer costs a
 * call per match, where a buffer per document cost two or three calls per document (at 20,000
 * documents ~33 ms a long phrase against ~23 ms, bench/RESULTS.md). A later state packs again, into
 * a buffer of its own; the previous one goes when nothing refers to it.
 */
export class TextCopy {
  /** docId → its sections (views into `buf`). */
  readonly docs: ReadonlyMap<string, DocTexts>;
  /** Every document's sections, end to end, in the order of `docs`. */
  private readonly buf: Buffer;
  /** Byte offset in `buf` of every section (numbered across documents in that order), and its end last. */
  private readonly sectionStarts: Float64Array;
  /** `buf` and `sectionStarts` as the scan thread receives them. */
  readonly shared: { texts: SharedArrayBuffer; starts: SharedArrayBuffer };
  /** The documents in that order, and the number of each one's first section (the total last). */
  private readonly order: DocTexts[];
  private readonly firstSection: Uint32Array;

  constructor(
    /** The state of both indexes it was read under. */
    readonly key: string,
    docs: ReadonlyMap<string, DocTexts>,
    readonly bytes: number,
    /** Documents read for this state (the rest were shared with the previous one). */
    readonly read = 0,
    /** Whether every document was listed to find the changed ones (else: among the most recent). */
    readonly listed = true,
  ) {
    let total = 0;
    let sections = 0;
    for (const d of docs.values()) {
      total += d.buf.length;
      sections += d.size;
    }
    // Shared memory: the scan thread (scan-thread.ts) reads the same bytes, nothing is copied to it.
    this.shared = { texts: new SharedArrayBuffer(total), starts: new SharedArrayBuffer(8 * (sections + 1)) };
    this.buf = Buffer.from(this.shared.texts);
    this.sectionStarts = new Float64Array(this.shared.starts);
    this.firstSection = new Uint32Array(docs.size + 1);
    this.order = [];
    const packed = new Map<string, DocTexts>();
    let at = 0;
    let k = 0;
    for (const [docId, d] of docs) {
      d.buf.copy(this.buf, at);
      const view = d.rebased(this.buf.subarray(at, at + d.buf.length));
      packed.set(docId, view);
      this.firstSection[this.order.length] = k;
      this.order.push(view);
      for (let i = 0; i < d.size; i++) this.sectionStarts[k++] = at + d.starts[i]!;
      at += d.buf.length;
    }
    this.sectionStarts[k] = at;
    this.firstSection[this.order.length] = k;
    this.docs = packed;
  }

  /** A section's heading and text joined by a line break; undefined if the copy has no such section. */
  get(sectionId: string): string | undefined {
    const doc = this.docs.get(sectionId.slice(0, sectionId.lastIndexOf('-')));
    const i = doc ? doc.indexOf(sectionId) : -1;
    return i >= 0 ? doc!.text(i) : undefined;
  }

  get sectionCount(): number {
    return this.sectionStarts.length - 1;
  }

  /** Characters (UTF-16 units) of every section's heading and text: what a scan reads. */
  get chars(): number {
    return this.buf.length / 2;
  }

  /**
   * How many sections hold `needle` (no line break in it), by reading every one: ~1–2 ns a
   * character, ~40 ms at 20,000 documents — what verifying tens of thousands of candidates one by
   * one would cost several times over (search-service.ts).
   */
  countContaining(needle: string): number {
    if (needle === '') return this.sectionCount;
    let n = 0;
    this.eachHolding(Buffer.from(needle, 'utf16le'), () => n++);
    return n;
  }

  /** Every section holding `needle` (UTF-16LE bytes, no line break), once each, in order (scan-core.mjs). */
  private eachHolding(needle: Buffer, found: (k: number) => void): void {
    eachHolding(this.buf, this.sectionStarts, needle, found);
  }

  /** Whether section `k` holds `needle` (UTF-16LE bytes, no line break). */
  private holds(k: number, needle: Buffer): boolean {
    // The section alone (a view, no copy): a miss does not read on into the next sections.
    const section = this.buf.subarray(this.sectionStarts[k], this.sectionStarts[k + 1]);
    let at = section.indexOf(needle);
    while (at >= 0 && at & 1) at = section.indexOf(needle, at + 1);
    return at >= 0;
  }

  /** The id of section `k`. */
  private idOf(k: number): string {
    const d = lastAtOrBefore(this.firstSection, k, 0);
    return this.order[d]!.ids[k - this.firstSection[d]!]!;
  }

  /**
   * The ids of the sections that hold every four-character window of `needle` but not the whole
   * (at most `max`, else null), by reading every section. The engine's candidates for a long
   * phrase hold every such window (exact-grams.ts), so a false candidate is always one of these:
   * the search service asks the engine about them alone instead of listing tens of thousands of
   * candidates. A second read, made only when the counts differ: looking for the needle alone is
   * faster (a long pattern skips more), and the counts usually agree.
   */
  suspects(needle: string, max: number): string[] | null {
    const chars = Array.from(needle);
    const windows: Buffer[] = [];
    for (let i = 0; i + 4 <= chars.length; i++) windows.push(Buffer.from(chars.slice(i, i + 4).join(''), 'utf16le'));
    if (windows.length === 0) return [];
    const whole = Buffer.from(needle, 'utf16le');
    const [first, ...rest] = windows as [Buffer, ...Buffer[]];
    const out: string[] = [];
    let over = false;
    this.eachHolding(first, (k) => {
      // Most sections with the first window hold the whole needle: ruled out first.
      if (over || this.holds(k, whole) || !rest.every((w) => this.holds(k, w))) return;
      if (out.length === max) over = true;
      else out.push(this.idOf(k));
    });
    return over ? null : out;
  }

  /** Every section's id and joined heading and text (tests, diagnostics). */
  *entries(): Generator<[string, string]> {
    for (const d of this.docs.values()) for (let i = 0; i < d.size; i++) yield [d.ids[i]!, d.text(i)];
  }
}

/** Sections per request while reading: ~2–4 MB of JSON each. */
const PAGE = 5_000;
/** Requests in flight while reading many documents (the engine serialises, we parse). */
const CONCURRENCY = 3;
/** Document ids per `docId IN [...]` filter when reading a few documents. */
const IDS_PER_FILTER = 200;
/** Bytes of one section besides its text's 2 bytes a character and its id's (offset, id string), and of one document. */
const ENTRY_BYTES = 120;
const DOC_BYTES = 300;
/** The most recently ingested documents a step looks at before it lists them all. */
const RECENT = 1000;
/** Attempts at a consistent read while the index keeps changing under it. */
const ATTEMPTS = 4;

export class SectionTexts {
  private loaded: TextCopy | null = null;
  private loading: Promise<void> | null = null;
  /** The state for which the budget was exceeded: not tried again until the index changes. */
  private overBudgetAt: string | null = null;
  private poll: NodeJS.Timeout | null = null;
  private following = false;
  private readonly scanner = new ScanThread();

  constructor(private readonly opts: SectionTextsOptions) {}

  /**
   * The copy, if one is loaded (whatever it was read from: confirm with `stillCurrent` after the
   * query whose candidates it checks). Starts a load when none is there.
   */
  snapshot(): TextCopy | null {
    if (!this.loaded) this.refresh();
    return this.loaded;
  }

  /**
   * The copy once a step under way has finished (no look at the index: confirm with
   * `stillCurrent`). Starts a load when none is there.
   */
  async ready(): Promise<TextCopy | null> {
    if (!this.loaded) this.refresh();
    await this.loading;
    return this.loaded;
  }

  /**
   * The copy in step with the indexes as they are now: waits for the step when the copy is
   * behind. Null when there is none (over the budget, or the engine refused).
   */
  async current(): Promise<TextCopy | null> {
    let key: string;
    try {
      key = await this.stateKey();
    } catch {
      return null; // an engine is away: verified on the engines that answer
    }
    if (this.loaded?.key === key) return this.loaded;
    if (key === this.overBudgetAt) return null;
    this.refresh();
    await this.loading;
    return this.loaded;
  }

  /**
   * Whether the indexes are still in the state `copy` was read under. Called after the caller's
   * query has been answered: unchanged now means unchanged when that query ran. A changed index
   * starts the step to the new state in the background.
   */
  async stillCurrent(copy: TextCopy): Promise<boolean> {
    let now: string;
    try {
      now = await this.stateKey();
    } catch {
      return false; // an engine is away: its state is unknown
    }
    if (now === copy.key) return true;
    if (this.loaded === copy) this.refresh();
    return false;
  }

  /**
   * Loads the copy now (the portal waits for it before it answers) and from then on follows the
   * indexes' state every `pollMs`; resolves when loaded or given up.
   */
  async warm(): Promise<boolean> {
    this.refresh();
    await this.loading;
    if (this.opts.pollMs && !this.poll) {
      this.poll = setInterval(() => void this.follow(), this.opts.pollMs);
      this.poll.unref();
    }
    return this.loaded !== null;
  }

  /**
   * How many sections of `copy` hold `needle` (no line break in it), counted in a worker thread:
   * the main thread stays free for the engine's answers meanwhile (scan-thread.ts).
   */
  countHolding(copy: TextCopy, needle: string): Promise<number> {
    return this.scanner.count(copy, needle);
  }

  /** Stops polling and the scan thread. */
  close(): void {
    if (this.poll) clearInterval(this.poll);
    this.poll = null;
    this.scanner.close();
  }

  private async follow(): Promise<void> {
    // One look at a time: an engine that does not answer (a machine gone, not a refused connection)
    // holds a look until its timeout, and polls must not pile up behind it.
    if (this.loading || !this.loaded || this.following) return;
    this.following = true;
    try {
      if ((await this.stateKey()) !== this.loaded.key) this.refresh();
    } catch {
      // the engine is away: the next query or poll tries again
    } finally {
      this.following = false;
    }
  }

  private refresh(): void {
    this.loading ??= this.step()
      .catch((err: unknown) => this.opts.log?.(`原文校验副本未能更新（改由检索引擎校验）：${(err as Error).message}`))
      .finally(() => (this.loading = null));
  }

  /** Brings the copy to the indexes' current state, reading only the documents that changed. */
  private async step(): Promise<void> {
    const t0 = performance.now();
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const before = await this.stateKey();
      if (before === this.overBudgetAt) return;
      if (this.loaded?.key === before) return;
      const next = await this.read(before, this.loaded);
      if (next === 'over-budget') {
        this.overBudgetAt = before;
        this.loaded = null;
        this.opts.log?.(`原文校验副本超出上限（${Math.round(this.opts.maxBytes / 2 ** 20)} MB），改由检索引擎校验长词组`);
        return;
      }
      // Written to while we read: what we have may mix two states; read the changes again.
      if ((await this.stateKey()) !== before) continue;
      this.opts.log?.(`原文校验副本${this.loaded ? '已更新' : '已载入'}：读取 ${next.read} 个文档，共 ${next.docs.size} 个${next.listed ? '' : '（按最近导入查找变化）'}，${Math.round(performance.now() - t0)} ms`);
      const loaded = this.loaded === null;
      this.loaded = next;
      this.opts.afterStep?.(loaded);
      return;
    }
  }

  private async clients(): Promise<Meilisearch[]> {
    const c = await this.opts.client();
    return Array.isArray(c) ? c : [c];
  }

  /** A copy of the state `key`: `base`'s documents where their version is unchanged, the rest read. */
  private async read(key: string, base: TextCopy | null): Promise<TextCopy | 'over-budget'> {
    const clients = await this.clients();
    const docs = new Map<string, DocTexts>();
    const wanted = new Map<string, string>(); // docId → version, for the documents to read
    let bytes = 0;
    const recent = base ? await this.recentChanges(clients, base) : null;
    if (recent) {
      for (const [docId, doc] of base!.docs) {
        if (recent.has(docId)) continue;
        docs.set(docId, doc);
        bytes += doc.bytes;
      }
      for (const [docId, version] of recent) wanted.set(docId, version);
      // A few documents: read by id from every engine (each answers for the ones it holds).
      return this.readWanted(clients, null, key, docs, wanted, bytes, false);
    }
    // Per engine: its documents' section counts (a document's sections are all on one engine).
    const countsOf = await Promise.all(clients.map((c) => this.sectionCounts(c)));
    const versions = new Map<string, string>();
    for (const c of clients) for (const [k, v] of await this.documentVersions(c)) versions.set(k, v);
    const counts = new Map(countsOf.flatMap((m) => [...m]));
    for (const [docId, count] of counts) {
      // A document's sections in before its record (or after its removal began): version "-".
      const version = `${versions.get(docId) ?? '-'}#${count}`;
      const kept = base?.docs.get(docId);
      if (kept && kept.version === version) {
        docs.set(docId, kept);
        bytes += kept.bytes;
      } else wanted.set(docId, version);
    }
    if (bytes > this.opts.maxBytes) return 'over-budget';
    return this.readWanted(clients, countsOf, key, docs, wanted, bytes, true);
  }

  /**
   * The documents an ingestion changed, found among the most recently ingested (docId → version),
   * or null when that cannot be told cheaply: an engine's window holds nothing but changes (it may
   * not reach past them), or the indexes' counts are not exactly the copy's with those changes (a
   * document removed, or one written outside the window) — then every document is listed (read()).
   * Three small requests per engine whatever the archive's size, where the listing grows with it.
   */
  private async recentChanges(clients: readonly Meilisearch[], base: TextCopy): Promise<Map<string, string> | null> {
    let docCount = 0;
    let sectionCount = 0;
    const hits: Array<{ docId: string; ingestedAt: string; sectionCount: number }> = [];
    try {
      for (const r of await Promise.all(clients.map((client) => Promise.all([
        client.index(this.opts.documentsIndex).getStats(),
        client.index(this.opts.index).getStats(),
        client.index(this.opts.documentsIndex).search<{ docId: string; ingestedAt: string; sectionCount: number }>('', {
          sort: ['ingestedAt:desc'],
          limit: RECENT,
          attributesToRetrieve: ['docId', 'ingestedAt', 'sectionCount'],
        }),
      ])))) {
        const [d, sec, recent] = r;
        docCount += d.numberOfDocuments;
        sectionCount += sec.numberOfDocuments;
        let changedHere = 0;
        for (const h of recent.hits) {
          hits.push(h);
          if (base.docs.get(h.docId)?.version !== `${h.ingestedAt}#${h.sectionCount}`) changedHere++;
        }
        if (recent.hits.length === RECENT && changedHere === RECENT) return null;
      }
    } catch {
      return null; // an index from before ingestedAt was sortable: the listing
    }
    const changed = new Map<string, string>();
    for (const h of hits) {
      const version = `${h.ingestedAt}#${h.sectionCount}`;
      if (base.docs.get(h.docId)?.version !== version) changed.set(h.docId, version);
    }
    let docs = base.docs.size;
    let sections = base.sectionCount;
    for (const [docId, version] of changed) {
      const old = base.docs.get(docId);
      if (old) {
        docs--;
        sections -= old.size;
      }
      docs++;
      sections += Number(version.slice(version.lastIndexOf('#') + 1));
    }
    return docs === docCount && sections === sectionCount ? changed : null;
  }

  /**
   * Reads the `wanted` documents' sections into `docs`: with each engine's section counts
   * (`countsOf`, from a listing), a full scan when they are most of the index; without, or for a
   * few, by their ids.
   */
  private async readWanted(
    clients: readonly Meilisearch[],
    countsOf: Array<Map<string, number>> | null,
    key: string,
    docs: Map<string, DocTexts>,
    wanted: Map<string, string>,
    startBytes: number,
    listed: boolean,
  ): Promise<TextCopy | 'over-budget'> {
    let bytes = startBytes;
    const counts = countsOf ? new Map(countsOf.flatMap((m) => [...m])) : null;
    // Sections of a document read so far, until all of them are in (its count, when known) or the
    // reading ends: then one buffer (DocTexts.of).
    const pending = new Map<string, Array<[string, string]>>();
    const seal = (docId: string, sections: Array<[string, string]>) => {
      docs.set(docId, DocTexts.of(wanted.get(docId)!, sections));
      pending.delete(docId);
    };
    const add = (s: { id: string; docId: string; heading: string; text: string }) => {
      if (!wanted.has(s.docId)) return; // read by a full scan, but kept from the base
      let sections = pending.get(s.docId);
      if (!sections) pending.set(s.docId, (sections = []));
      const joined = `${s.heading}\n${s.text}`;
      sections.push([s.id, joined]);
      bytes += 2 * (joined.length + 1 + s.id.length) + ENTRY_BYTES + (sections.length === 1 ? DOC_BYTES : 0);
      if (sections.length === counts?.get(s.docId)) seal(s.docId, sections);
    };
    const total = counts ? [...counts.values()].reduce((a, b) => a + b, 0) : 0;
    const wantedSections = counts ? [...wanted.keys()].reduce((a, id) => a + counts.get(id)!, 0) : 0;
    for (const [e, client] of clients.entries()) {
      const own = countsOf?.[e];
      if (own && wantedSections > total / 4) {
        // Most of the index (the first load, a rebuild swapped in): page through all of it.
        const engineTotal = [...own.values()].reduce((a, b) => a + b, 0);
        let offset = 0;
        const next = async (): Promise<boolean> => {
          for (;;) {
            const at = offset;
            if (at >= engineTotal) return true;
            offset += PAGE;
            const page = await this.sectionsPage(client, { limit: PAGE, offset: at });
            for (const s of page) add(s);
            if (bytes > this.opts.maxBytes) return false;
          }
        };
        const done = await Promise.all(Array.from({ length: CONCURRENCY }, next));
        if (done.includes(false)) return 'over-budget';
      } else {
        const ids = [...wanted.keys()].filter((id) => !own || own.has(id));
        for (let i = 0; i < ids.length; i += IDS_PER_FILTER) {
          const filter = `docId IN [${ids.slice(i, i + IDS_PER_FILTER).map((id) => JSON.stringify(id)).join(', ')}]`;
          for (let offset = 0; ; offset += PAGE) {
            const page = await this.sectionsPage(client, { limit: PAGE, offset, filter });
            for (const s of page) add(s);
            if (page.length < PAGE) break;
          }
          if (bytes > this.opts.maxBytes) return 'over-budget';
        }
      }
    }
    for (const [docId, sections] of pending) seal(docId, sections);
    return new TextCopy(key, docs, bytes, wanted.size, listed);
  }

  private async sectionsPage(client: Meilisearch, q: { limit: number; offset: number; filter?: string }) {
    const r = await client.index(this.opts.index).getDocuments<{ id: string; docId: string; heading: string; text: string }>({
      fields: ['id', 'docId', 'heading', 'text'],
      ...q,
    });
    return r.results;
  }

  /** docId → ingestedAt of every document record. */
  private async documentVersions(client: Meilisearch): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    const limit = 10_000;
    for (let offset = 0; ; offset += limit) {
      const r = await client.index(this.opts.documentsIndex).getDocuments<{ docId: string; ingestedAt: string }>({ fields: ['docId', 'ingestedAt'], limit, offset });
      for (const d of r.results) out.set(d.docId, d.ingestedAt);
      if (r.results.length < limit) break;
    }
    return out;
  }

  /** docId → number of its sections in the sections index (a facet: no ranking, no texts). */
  private async sectionCounts(client: Meilisearch): Promise<Map<string, number>> {
    const r = await client.index(this.opts.index).search('', { facets: ['docId'], hitsPerPage: 0, page: 1 });
    const counts = new Map(Object.entries(r.facetDistribution?.['docId'] ?? {}));
    const listed = [...counts.values()].reduce((a, b) => a + b, 0);
    // A facet lists at most maxValuesPerFacet values (an index whose settings predate this one).
    if (listed !== (r.totalHits ?? listed)) throw new Error(`the docId facet lists ${listed} of ${r.totalHits} sections`);
    return counts;
  }

  /** The state of both indexes: their `updatedAt`, which every write changes. */
  private async stateKey(): Promise<string> {
    const keys = await Promise.all(
      (await this.clients()).map(async (client) => {
        const [s, d] = await Promise.all([client.index(this.opts.index).getRawInfo(), client.index(this.opts.documentsIndex).getRawInfo()]);
        return `${String(s.updatedAt)}|${String(d.updatedAt)}`;
      }),
    );
    return keys.join('/');
  }
}

/**
 * Whether a section (its heading and text joined by a line break, as the copy holds it) contains a
 * needle that has no line break (such needles are verified on the engine): as sectionContains().
 */
export function joinedContains(joined: string, needle: string): boolean {
  return joined.includes(needle);
}
