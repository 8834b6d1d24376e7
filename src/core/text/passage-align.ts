// Shared passages between a draft and an archived section, the pure part of 查重 and 类似表述.
//
// Both texts are compared on their content characters only (letters and digits; punctuation and
// whitespace dropped, full-width forms and Latin case folded), so a copy whose commas were changed
// or whose lines were re-wrapped is still a copy, and the rate counts what a reader counts.
// Verbatim runs are found from shared k-grams and extended to their full length; near-copies (a
// few characters replaced, inserted or dropped) are runs on nearly the same diagonal chained across
// small gaps, and carry a similarity below 1. Long anchors keep chains of common short words from
// being taken for copying.

export interface ContentText {
  /** Content characters, folded. */
  content: string;
  /** For each content character, its UTF-16 offset in the original text. */
  offsets: number[];
}

const CONTENT = /[\p{L}\p{N}]/u;

/** The content characters of a text and where each stands in the original. */
export function contentOf(text: string): ContentText {
  let content = '';
  const offsets: number[] = [];
  let i = 0;
  for (const ch of text) {
    if (CONTENT.test(ch)) {
      const folded = ch.normalize('NFKC').toLowerCase();
      // Only one-for-one foldings (Ａ→a, ２→2): offsets must stay one per content character.
      const c = folded.length === ch.length ? folded : ch;
      for (let k = 0; k < c.length; k++) {
        content += c[k];
        offsets.push(i + k);
      }
    }
    i += ch.length;
  }
  return { content, offsets };
}

/** Original [start, end) of content range [a, b) (b > a). */
export function originalRange(t: ContentText, a: number, b: number): [number, number] {
  return [t.offsets[a]!, t.offsets[b - 1]! + 1];
}

export interface AlignOptions {
  /** Seed length: shared runs shorter than this are not seen. */
  k: number;
  /** A region needs one exact run at least this long. */
  anchor: number;
  /** Largest gap (in either text) bridged between two runs of a near-copy. */
  maxGap: number;
  /** Matched characters a region needs to count. */
  minMatched: number;
  /** Matched ÷ span a near-copy needs. */
  minSimilarity: number;
}

export const DEFAULT_ALIGN: AlignOptions = { k: 4, anchor: 10, maxGap: 6, minMatched: 13, minSimilarity: 0.75 };

/** A shared passage in content coordinates: draft [dStart, dEnd), source [sStart, sEnd). */
export interface Region {
  dStart: number;
  dEnd: number;
  sStart: number;
  sEnd: number;
  matched: number;
  /** matched ÷ the longer of the two spans; 1 for a verbatim run. */
  similarity: number;
}

interface Run {
  d: number;
  s: number;
  len: number;
}

/** The draft's k-grams, built once and compared with many sections. */
export class DraftIndex {
  private readonly grams = new Map<string, number[]>();

  constructor(
    readonly content: string,
    readonly opts: AlignOptions = DEFAULT_ALIGN,
  ) {
    for (let i = 0; i + opts.k <= content.length; i++) {
      const g = content.slice(i, i + opts.k);
      const list = this.grams.get(g);
      if (list) list.push(i);
      else this.grams.set(g, [i]);
    }
  }

  /** Maximal shared runs of at least k characters (each run once, from its first character). */
  runs(source: string): Run[] {
    const { k } = this.opts;
    const d = this.content;
    const out: Run[] = [];
    for (let j = 0; j + k <= source.length; j++) {
      const at = this.grams.get(source.slice(j, j + k));
      if (!at) continue;
      for (const i of at) {
        // Not maximal to the left: the run was recorded from an earlier start.
        if (i > 0 && j > 0 && d[i - 1] === source[j - 1]) continue;
        let len = k;
        while (i + len < d.length && j + len < source.length && d[i + len] === source[j + len]) len++;
        out.push({ d: i, s: j, len });
      }
    }
    return out;
  }

  /** The passages this source shares with the draft. */
  align(source: string): Region[] {
    const o = this.opts;
    const runs = this.runs(source).sort((a, b) => a.d - b.d || a.s - b.s);
    const used = new Set<Run>();
    const regions: Region[] = [];
    const anchors = runs.filter((r) => r.len >= o.anchor).sort((a, b) => b.len - a.len);
    for (const a of anchors) {
      if (used.has(a)) continue;
      used.add(a);
      let dStart = a.d, sStart = a.s, dEnd = a.d + a.len, sEnd = a.s + a.len, matched = a.len;
      // Extend right, then left, one nearest run at a time.
      for (;;) {
        let best: Run | null = null;
        let bestGap = Infinity;
        for (const r of runs) {
          if (used.has(r) || r.d < dEnd || r.s < sEnd) continue;
          const gd = r.d - dEnd, gs = r.s - sEnd;
          if (gd > o.maxGap || gs > o.maxGap) continue;
          if (gd + gs < bestGap) { best = r; bestGap = gd + gs; }
        }
        if (!best) break;
        used.add(best);
        dEnd = best.d + best.len; sEnd = best.s + best.len; matched += best.len;
      }
      for (;;) {
        let best: Run | null = null;
        let bestGap = Infinity;
        for (const r of runs) {
          if (used.has(r) || r.d + r.len > dStart || r.s + r.len > sStart) continue;
          const gd = dStart - (r.d + r.len), gs = sStart - (r.s + r.len);
          if (gd > o.maxGap || gs > o.maxGap) continue;
          if (gd + gs < bestGap) { best = r; bestGap = gd + gs; }
        }
        if (!best) break;
        used.add(best);
        dStart = best.d; sStart = best.s; matched += best.len;
      }
      const similarity = matched / Math.max(dEnd - dStart, sEnd - sStart);
      if (matched >= o.minMatched && similarity >= o.minSimilarity) {
        regions.push({ dStart, dEnd, sStart, sEnd, matched, similarity: Math.min(1, similarity) });
      }
    }
    return regions.sort((a, b) => a.dStart - b.dStart);
  }
}

export interface SourcedRegion<S> extends Region {
  source: S;
}

export interface Passage<S> {
  /** Content coordinates in the draft. */
  dStart: number;
  dEnd: number;
  /** Similarity of the source covering most of the passage. */
  similarity: number;
  /** Sources by how much of the passage they cover, most first; each with its regions. */
  sources: Array<{ source: S; covered: number; regions: Region[] }>;
}

/**
 * Regions of all sources → passages of the draft: overlapping regions are one passage (copied
 * text is counted once however many sections hold it).
 */
export function mergePassages<S>(regions: SourcedRegion<S>[], key: (s: S) => string): Passage<S>[] {
  const sorted = [...regions].sort((a, b) => a.dStart - b.dStart || b.dEnd - a.dEnd);
  const groups: SourcedRegion<S>[][] = [];
  let end = -1;
  for (const r of sorted) {
    if (groups.length > 0 && r.dStart < end) {
      groups[groups.length - 1]!.push(r);
      end = Math.max(end, r.dEnd);
    } else {
      groups.push([r]);
      end = r.dEnd;
    }
  }
  return groups.map((g) => {
    const dStart = Math.min(...g.map((r) => r.dStart));
    const dEnd = Math.max(...g.map((r) => r.dEnd));
    const bySource = new Map<string, { source: S; covered: number; regions: Region[] }>();
    for (const r of g) {
      const k = key(r.source);
      const entry = bySource.get(k) ?? { source: r.source, covered: 0, regions: [] };
      const { source: _s, ...region } = r;
      entry.regions.push(region);
      bySource.set(k, entry);
    }
    const sources = [...bySource.values()].map((e) => ({ ...e, covered: unionLength(e.regions) }));
    sources.sort((a, b) => b.covered - a.covered || bestSimilarity(b.regions) - bestSimilarity(a.regions));
    return { dStart, dEnd, similarity: round2(weightedSimilarity(sources[0]!.regions)), sources };
  });
}

function unionLength(regions: Region[]): number {
  const rs = [...regions].sort((a, b) => a.dStart - b.dStart);
  let total = 0, end = -1;
  for (const r of rs) {
    if (r.dEnd <= end) continue;
    total += r.dEnd - Math.max(r.dStart, end);
    end = r.dEnd;
  }
  return total;
}

const bestSimilarity = (rs: Region[]) => Math.max(...rs.map((r) => r.similarity));
function weightedSimilarity(rs: Region[]): number {
  const len = rs.reduce((n, r) => n + (r.dEnd - r.dStart), 0);
  return rs.reduce((n, r) => n + r.similarity * (r.dEnd - r.dStart), 0) / len;
}
const round2 = (x: number) => Math.round(x * 100) / 100;

/** Total length of the union of [start, end) ranges. */
export function coveredLength(ranges: Array<{ dStart: number; dEnd: number }>): number {
  return unionLength(ranges.map((r) => ({ ...r, sStart: 0, sEnd: 0, matched: 0, similarity: 1 })));
}

const PUNCT_END = /[\p{P}\p{S}]/u;
const SPACE = /\s+/u;

/** A string of the draft to look up literally, and where it stands (UTF-16 offsets). */
export interface Probe {
  text: string;
  start: number;
  end: number;
}

/**
 * The strings of a draft to look up literally: its clauses (cut at punctuation, short ones joined
 * with the next so each has at least `minLen` content characters), long clauses as overlapping
 * windows of `window` characters. Clauses are the unit writers copy and edit: an edit spoils one
 * probe, not the sentence's others. Whitespace never appears in a probe (line breaks and spacing
 * differ between a draft and the archive). In reading order, each string once.
 */
export function draftProbes(text: string, opts: { window?: number; minLen?: number; overlap?: number } = {}): Probe[] {
  const window = opts.window ?? 13;
  const minLen = opts.minLen ?? 8;
  const stride = window - (opts.overlap ?? 3);
  const out: Probe[] = [];
  const seen = new Set<string>();
  const contentLength = (s: string) => contentOf(s).content.length;
  const add = (t: string, start: number) => {
    // Punctuation at either end says nothing and may differ from the archive's.
    const lead = t.length - t.replace(/^[\p{P}\p{S}]+/u, '').length;
    const core = t.slice(lead).replace(/[\p{P}\p{S}]+$/u, '');
    if (contentLength(core) < minLen || seen.has(core)) return;
    seen.add(core);
    out.push({ text: core, start: start + lead, end: start + lead + core.length });
  };
  const runs = /\S+/gu;
  for (let m = runs.exec(text); m; m = runs.exec(text)) {
    const run = m[0];
    // Clauses with their closing punctuation, as [start, end) in the run.
    const clauses: Array<[number, number]> = [];
    let from = 0;
    let i = 0;
    for (const ch of run) {
      i += ch.length;
      if (PUNCT_END.test(ch)) {
        clauses.push([from, i]);
        from = i;
      }
    }
    if (from < run.length) clauses.push([from, run.length]);
    const emit = (a: number, b: number) => {
      const piece = run.slice(a, b);
      const chars = Array.from(piece);
      if (chars.length <= window + 4) return add(piece, m!.index + a);
      let offset = 0;
      for (let k = 0; ; k += stride) {
        const w = chars.slice(k, k + window).join('');
        add(w, m!.index + a + offset);
        if (k + window >= chars.length) break;
        offset += chars.slice(k, k + stride).join('').length;
      }
    };
    let a = -1;
    let lastEmitted = -1;
    for (const [cs, ce] of clauses) {
      if (a < 0) a = cs;
      if (contentLength(run.slice(a, ce)) >= minLen) {
        emit(a, ce);
        lastEmitted = a;
        a = -1;
      }
    }
    // A short tail joins the clause before it rather than being lost.
    if (a >= 0) emit(lastEmitted >= 0 ? lastEmitted : a, run.length);
  }
  return out;
}
