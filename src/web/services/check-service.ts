// 查重 (which passages of a draft stand in the archive) and 类似表述 (which sections elsewhere share
// long passages with a section): the same machinery. The draft's clauses are looked up literally
// through the search service's one exact-probe function (resolved engine-side on the 原文
// representation, batched), the few sections they point to are fetched, and the shared passages —
// verbatim runs and near-copies — are found by aligning the draft with each of them.
import { BadRequestError, NotFoundError } from '../../core/errors.js';
import {
  contentOf,
  coveredLength,
  DraftIndex,
  draftProbes,
  mergePassages,
  originalRange,
  type ContentText,
  type Passage,
  type Probe,
  type Region,
  type SourcedRegion,
} from '../../core/text/passage-align.js';
import type { SearchService, SectionText } from './search-service.js';
import { sectionSource } from './search-service.js';

/**
 * When a phrase is common wording rather than copying: it stands in at least `share` of all
 * documents and in at least `minDocuments` of them (a small archive needs the floor). The page's
 * help text states the rule with these numbers.
 */
export interface StockRule {
  share: number;
  minDocuments: number;
}
export const DEFAULT_STOCK_RULE: StockRule = { share: 0.05, minDocuments: 5 };

export interface CheckServiceDeps {
  search: Pick<SearchService, 'probeExact' | 'sectionsByIds'>;
  stock?: StockRule;
  /** How the draft is cut into probes (benchmarks compare settings; the defaults are the product's). */
  probes?: { window?: number; minLen?: number; sparse?: number };
}

/** Longest draft accepted (characters): about ten pages. */
export const MAX_DRAFT_CHARS = 30_000;
/** Documents looked at per probe, and sections aligned per check. */
const PER_PROBE = 5;
const FROM_STOCK_PROBE = 2;
const MAX_CANDIDATES = 150;
/** The first round sends one probe in this many. */
const SPARSE = 3;
/** A stock phrase is short: a longer verbatim passage is copying even if it is common. */
const STOCK_MAX_CHARS = 60;
/** 类似表述 wants long passages: at least this many shared content characters per section. */
const SIMILAR_MIN_SHARED = 20;
const MAX_SIMILAR = 30;

export interface SourceRef {
  sectionId: string;
  docId: string;
  docTitle: string;
  year: number | null;
  period: string;
  headingPath: string[];
  heading: string;
  /** The shared text as the archived section writes it (its longest line, for the viewer's find). */
  sharedText: string;
  /** Covered content characters of the passage. */
  covered: number;
  similarity: number;
}

export interface CheckedPassage {
  /** UTF-16 offsets into the submitted text. */
  start: number;
  end: number;
  text: string;
  /** Content characters (punctuation and whitespace not counted). */
  chars: number;
  similarity: number;
  sources: SourceRef[];
}

export interface StockPhrase {
  start: number;
  end: number;
  text: string;
  chars: number;
  documents: number;
}

export interface CheckOutcome {
  text: string;
  chars: number;
  copiedChars: number;
  ratio: number;
  passages: CheckedPassage[];
  stockPhrases: StockPhrase[];
  totalDocuments: number;
  /** Documents a phrase must stand in to count as 常用表述 in this archive. */
  stockDocuments: number;
  stock: StockRule;
  /** What the check cost: strings looked up in the engine, sections aligned. */
  work: { probes: number; sections: number };
}

export interface SimilarSection extends Omit<SourceRef, 'sharedText' | 'covered'> {
  sharedChars: number;
  /** The other section's text. */
  text: string;
  /** Shared ranges in the other section's text (UTF-16 offsets). */
  theirRanges: Array<[number, number]>;
  /** Shared ranges in this section's text. */
  ourRanges: Array<[number, number]>;
}

interface Candidate {
  section: SectionText;
  /** heading + '\n' + text, the stream the exact representation holds. */
  stream: ContentText;
  streamText: string;
  textOffset: number;
}

export class CheckService {
  readonly stock: StockRule;

  constructor(private readonly deps: CheckServiceDeps) {
    this.stock = deps.stock ?? DEFAULT_STOCK_RULE;
  }

  async check(text: string): Promise<CheckOutcome> {
    if (typeof text !== 'string') throw new BadRequestError('text 必须是字符串', 'invalid_text');
    if (text.length > MAX_DRAFT_CHARS) {
      throw new BadRequestError(`文稿过长（${text.length} 字）：一次最多查 ${MAX_DRAFT_CHARS} 字，请分段检查`, 'draft_too_long');
    }
    const a = await this.analyse(text);
    const passages: CheckedPassage[] = [];
    const stockPhrases: StockPhrase[] = [];
    for (const p of a.passages) {
      const [start, end] = originalRange(a.draft, p.dStart, p.dEnd);
      const chars = p.dEnd - p.dStart;
      const stockDocs = a.stockDocs.get(p);
      if (stockDocs !== undefined) {
        stockPhrases.push({ start, end, text: text.slice(start, end), chars, documents: stockDocs });
        continue;
      }
      passages.push({
        start,
        end,
        text: text.slice(start, end),
        chars,
        similarity: p.similarity,
        sources: p.sources.slice(0, 5).map((s) => sourceRef(s.source, s.regions, s.covered)),
      });
    }
    const chars = a.draft.content.length;
    const copiedChars = coveredLength(a.passages.filter((p) => !a.stockDocs.has(p)));
    return {
      text,
      chars,
      copiedChars,
      ratio: chars > 0 ? Math.round((copiedChars / chars) * 1000) / 1000 : 0,
      passages,
      stockPhrases,
      totalDocuments: a.totalDocuments,
      stockDocuments: a.stockDocuments,
      stock: this.stock,
      work: a.work,
    };
  }

  /** Sections of other documents sharing long passages with this one, most shared first. */
  async similar(sectionId: string): Promise<{ section: SectionText; sections: SimilarSection[] }> {
    const [section] = await this.deps.search.sectionsByIds([sectionId]);
    if (!section) throw new NotFoundError('没有这个章节', 'section_not_found');
    const own = section.text || section.heading;
    const a = await this.analyse(own, section.docId);
    const bySection = new Map<string, { c: Candidate; regions: Region[] }>();
    for (const p of a.passages) {
      if (a.stockDocs.has(p)) continue;
      for (const s of p.sources) {
        const e = bySection.get(s.source.section.id) ?? { c: s.source, regions: [] };
        e.regions.push(...s.regions);
        bySection.set(s.source.section.id, e);
      }
    }
    const total = a.draft.content.length;
    const sections: SimilarSection[] = [];
    for (const { c, regions } of bySection.values()) {
      const shared = coveredLength(regions);
      if (shared < SIMILAR_MIN_SHARED) continue;
      const s = c.section;
      sections.push({
        ...sectionSource(s),
        similarity: Math.round((shared / Math.max(total, 1)) * 100) / 100,
        sharedChars: shared,
        text: s.text,
        theirRanges: regions.flatMap((r) => textRange(c, r)),
        ourRanges: regions.map((r) => originalRange(a.draft, r.dStart, r.dEnd)),
      });
    }
    sections.sort((x, y) => y.sharedChars - x.sharedChars || (y.year ?? 0) - (x.year ?? 0));
    return { section, sections: sections.slice(0, MAX_SIMILAR) };
  }

  private async analyse(text: string, excludeDocId?: string) {
    const draft = contentOf(text);
    const index = new DraftIndex(draft.content);
    const probes = draftProbes(text, this.deps.probes);
    const sparse = this.deps.probes?.sparse ?? SPARSE;
    let totalDocuments = 0;
    let stockDocuments = this.stock.minDocuments;
    const regions: SourcedRegion<Candidate>[] = [];
    const aligned = new Set<string>();
    const work = { probes: 0, sections: 0 };

    // Looks the probes up, fetches the sections they point to (not aligned yet) and aligns them.
    // Sections pointed to by many probes come first; a probe standing in very many sections is
    // likely stock wording and only adds a couple (enough to find the phrase's extent).
    const round = async (batch: Probe[]) => {
      if (batch.length === 0) return;
      work.probes += batch.length;
      const found = await this.deps.search.probeExact(batch.map((p) => p.text), { perNeedle: PER_PROBE, excludeDocId });
      totalDocuments = found.totalDocuments;
      stockDocuments = Math.max(this.stock.minDocuments, Math.ceil(this.stock.share * totalDocuments));
      const score = new Map<string, number>();
      for (const p of found.probes) {
        const common = p.count >= stockDocuments;
        for (const s of common ? p.sections.slice(0, FROM_STOCK_PROBE) : p.sections) {
          if (!aligned.has(s.id)) score.set(s.id, (score.get(s.id) ?? 0) + (common ? 0.1 : 1));
        }
      }
      const room = MAX_CANDIDATES - aligned.size;
      const ids = [...score.entries()].sort((x, y) => y[1] - x[1]).slice(0, Math.max(room, 0)).map(([id]) => id);
      for (const id of ids) aligned.add(id);
      work.sections += ids.length;
      for (const section of await this.deps.search.sectionsByIds(ids)) {
        if (excludeDocId && section.docId === excludeDocId) continue;
        const streamText = section.heading ? `${section.heading}\n${section.text}` : section.text;
        const c: Candidate = { section, stream: contentOf(streamText), streamText, textOffset: section.heading ? section.heading.length + 1 : 0 };
        for (const r of index.align(c.stream.content)) regions.push({ ...r, source: c });
      }
    };

    // Two rounds: every third probe first; then only the probes of text the sections found so far
    // do not already cover (a copied paragraph needs one probe to be found, not all of them).
    await round(probes.filter((_, i) => i % sparse === 0));
    const covered = mergePassages(regions, (c) => c.section.id).map((p) => originalRange(draft, p.dStart, p.dEnd));
    const inside = (p: Probe) => covered.some(([s, e]) => p.start >= s && p.end <= e);
    await round(probes.filter((p, i) => i % sparse !== 0 && !inside(p)));
    const passages = mergePassages(regions, (c) => c.section.id);

    // 常用表述: short verbatim passages standing in a large share of all documents (exact counts).
    const short = passages.filter((p) => p.similarity >= 0.99 && p.dEnd - p.dStart <= STOCK_MAX_CHARS);
    const stockDocs = new Map<Passage<Candidate>, number>();
    if (short.length > 0) {
      const needles = short.map((p) => {
        const [s, e] = originalRange(draft, p.dStart, p.dEnd);
        return text.slice(s, e);
      });
      // Counted over the whole archive (the section's own document included).
      const { probes: counts } = await this.deps.search.probeExact(needles, { perNeedle: 0, countDocuments: true });
      short.forEach((p, i) => {
        const docs = counts[i]!.count;
        if (docs >= stockDocuments) stockDocs.set(p, docs);
      });
    }
    return { draft, passages, stockDocs, totalDocuments, stockDocuments, work };
  }
}

/** A region's range in the section's text (not its heading), UTF-16 offsets. */
function textRange(c: Candidate, r: Region): Array<[number, number]> {
  const [s, e] = originalRange(c.stream, r.sStart, r.sEnd);
  const start = Math.max(s - c.textOffset, 0);
  const end = e - c.textOffset;
  return end > start ? [[start, end]] : [];
}

function sourceRef(c: Candidate, regions: Region[], covered: number): SourceRef {
  const s = c.section;
  const best = [...regions].sort((a, b) => b.matched - a.matched)[0]!;
  const [start, end] = originalRange(c.stream, best.sStart, best.sEnd);
  // The viewer finds one line: the longest line of the shared text, as the section writes it.
  const shared = c.streamText.slice(start, end).split('\n').sort((a, b) => b.length - a.length)[0]!.trim().slice(0, 120);
  return {
    ...sectionSource(s),
    sharedText: shared,
    covered,
    similarity: Math.round(Math.max(...regions.map((r) => r.similarity)) * 100) / 100,
  };
}
