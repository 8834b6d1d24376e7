// The portal's copy of every section's heading and text, for verifying long 原文 phrases. The
// engine answers a phrase from windows of three tokens (exact-grams.ts), so the candidates of a
// phrase longer than four characters must be checked against the text. Fetching the texts of
// thousands of candidates from the engine costs ~20 µs each (2,000 candidates: 30–45 ms, what
// made a long phrase's first query the slowest of all); their ids alone, as a facet, cost ~4 µs,
// and the check against this copy ~1 µs.
//
// Correctness first: the copy is used only while the index is exactly the one it was read from.
// The engine's `updatedAt` of the index changes with every write (an ingestion, an upload, a
// rebuild swapped in); the copy remembers the value it was read under and a caller checks it
// after its own query (see `stillCurrent`). When it differs the copy reloads in the background and
// callers verify on the engine meanwhile. Over its memory budget the copy is never kept.
import type { Meilisearch } from 'meilisearch';

export interface SectionTextsOptions {
  /** A client with the right to read documents and index metadata (the admin key). */
  client: () => Promise<Meilisearch>;
  index: string;
  /** Most memory the copy may take, in bytes (estimated: see ENTRY_BYTES); beyond, there is no copy. */
  maxBytes: number;
  log?: (line: string) => void;
}

/** One load of the copy: the texts and the index state they were read under. */
export interface TextCopy {
  updatedAt: string;
  texts: Map<string, string>;
}

/** Sections per request while loading: ~2–4 MB of JSON each. */
const PAGE = 5_000;
/** Heap bytes of one entry besides its text's 2 bytes a character (measured: ~4.8 KB a document). */
const ENTRY_BYTES = 120;

export class SectionTexts {
  private loaded: TextCopy | null = null;
  private loading: Promise<void> | null = null;
  /** The updatedAt for which the budget was exceeded: not tried again until the index changes. */
  private overBudgetAt: string | null = null;

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
   * Whether the index is still the one `copy` was read from. Called after the caller's query has
   * been answered: unchanged now means unchanged when that query ran. A changed index drops the
   * copy and reloads it in the background.
   */
  async stillCurrent(copy: TextCopy): Promise<boolean> {
    const now = await this.updatedAt();
    if (now === copy.updatedAt) return true;
    if (this.loaded === copy) {
      this.loaded = null;
      this.refresh();
    }
    return false;
  }

  /** Loads the copy now (at start, so the first long phrase is fast); resolves when it is done or given up. */
  async warm(): Promise<boolean> {
    this.refresh();
    await this.loading;
    return this.loaded !== null;
  }

  private refresh(): void {
    this.loading ??= this.load()
      .catch((err: unknown) => this.opts.log?.(`原文校验副本未能载入（改由检索引擎校验）：${(err as Error).message}`))
      .finally(() => (this.loading = null));
  }

  private async load(): Promise<void> {
    const before = await this.updatedAt();
    if (before === this.overBudgetAt) return;
    const client = await this.opts.client();
    const texts = new Map<string, string>();
    let bytes = 0;
    for (let offset = 0; ; offset += PAGE) {
      const page = await client.index(this.opts.index).getDocuments<{ id: string; heading: string; text: string }>({
        fields: ['id', 'heading', 'text'],
        limit: PAGE,
        offset,
      });
      for (const s of page.results) {
        // One string per section: the line break never occurs in a needle, so a match never spans it.
        const joined = `${s.heading}\n${s.text}`;
        bytes += 2 * (joined.length + s.id.length) + ENTRY_BYTES;
        texts.set(s.id, joined);
      }
      if (bytes > this.opts.maxBytes) {
        this.overBudgetAt = before;
        this.opts.log?.(`原文校验副本超出上限（${Math.round(this.opts.maxBytes / 2 ** 20)} MB），改由检索引擎校验长词组`);
        return;
      }
      if (page.results.length < PAGE) break;
    }
    // Written to while we read: what we have may mix two states; the next caller loads again.
    if ((await this.updatedAt()) !== before) return;
    this.loaded = { updatedAt: before, texts };
  }

  private async updatedAt(): Promise<string> {
    const info = await (await this.opts.client()).index(this.opts.index).getRawInfo();
    return String(info.updatedAt);
  }
}

/**
 * Whether a section (its heading and text joined by a line break, as the copy holds it) contains a
 * needle that has no line break (such needles are verified on the engine): as sectionContains().
 */
export function joinedContains(joined: string, needle: string): boolean {
  return joined.includes(needle);
}
