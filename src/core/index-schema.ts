// The records in the two Meilisearch indexes and their settings. Shared by ingestion and the server.
import type { Settings } from 'meilisearch';
import { EXACT_FIELDS, type ExactField } from './exact-grams.js';
import { FACETS, type OrgType, type Period, type Theme } from './vocabulary.js';

/** A document's metadata: on its document record and copied onto each of its sections. */
export interface SharedMeta {
  docId: string;
  sourceFile: string;
  title: string;
  titleDerived: boolean;
  year: number | null;
  period: Period;
  orgName: string | null;
  orgType: OrgType;
  /** The source left text out (a notice like 此处省略1203字 was removed). */
  truncated: boolean;
  /** Characters the source's notices say are missing, summed; null when none states a count. */
  missingChars: number | null;
}

/** One section-level search record (index `<MEILI_INDEX>`). */
export interface SectionRecord extends SharedMeta, Record<ExactField, string> {
  id: string;
  heading: string;
  headingPath: string[];
  level: number;
  order: number;
  text: string;
  segmented: string;
  subwords: string;
  themes: Theme[];
  keywords: string[];
  /** UTF-16 offsets into the document's cleaned text. */
  start: number;
  end: number;
}

/** One document (index `<MEILI_INDEX>_documents`): metadata, cleaned text and the original bytes. */
export interface DocumentRecord extends SharedMeta {
  fileName: string;
  /** sha256 of the original bytes, hex. */
  sha256: string;
  size: number;
  format: 'txt' | 'docx';
  encoding: string;
  mimeType: string;
  sectionCount: number;
  cleanedText: string;
  originalBase64: string;
  ingestedAt: string;
  /** 1-based position in a compilation file (one summary of several), null for a file of its own. */
  part: number | null;
  /** Number of summaries in the source file (1 for a file of its own). */
  partCount: number;
  /** The compilation's own title (2023社区党建工作总结5篇), null when none or not a compilation. */
  compilationTitle: string | null;
  /** docIds of all summaries of the source file, in order (just this one for a file of its own). */
  partDocIds: string[];
  /** 1-based line of the original file where this part starts (null for a file of its own). */
  partSourceLine: number | null;
}

/** Fields a search hit needs; the heavy representation fields never leave the engine. */
export const SECTION_DISPLAY_FIELDS = [
  'id', 'docId', 'sourceFile', 'title', 'titleDerived', 'year', 'period', 'orgName', 'orgType', 'truncated', 'missingChars',
  'heading', 'headingPath', 'level', 'order', 'text', 'themes', 'keywords', 'start', 'end',
] as const satisfies readonly (keyof SectionRecord)[];

export const DOCUMENT_LIST_FIELDS = [
  'docId', 'sourceFile', 'fileName', 'sha256', 'size', 'format', 'encoding', 'mimeType', 'title', 'titleDerived',
  'year', 'period', 'orgName', 'orgType', 'truncated', 'missingChars', 'sectionCount', 'ingestedAt',
  'part', 'partCount', 'compilationTitle', 'partDocIds', 'partSourceLine',
] as const satisfies readonly (keyof DocumentRecord)[];

/** Words mode searches these (whole words first, then the sub-word expansion). */
export const WORDS_FIELDS = ['heading', 'text', 'subwords'] as const;

// Meilisearch 1.21 only indexes the first 65,535 positions of an attribute; the splitter keeps
// sections well under that (see ingest/split.ts).
export function sectionSettings(opts: { dictionary: string[]; synonyms: Record<string, string[]> }): Settings {
  return {
    searchableAttributes: [...WORDS_FIELDS, ...EXACT_FIELDS],
    displayedAttributes: [...SECTION_DISPLAY_FIELDS],
    filterableAttributes: ['id', 'docId', 'sourceFile', 'level', 'truncated', ...FACETS.map((f) => f.attribute)],
    sortableAttributes: ['year', 'docId', 'order'],
    // `sort` first: when the user picks 年份 order it dominates; without a sort parameter it is a no-op.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    localizedAttributes: [{ attributePatterns: [...WORDS_FIELDS], locales: ['cmn'] }],
    dictionary: opts.dictionary,
    synonyms: opts.synonyms,
    // Typos mean nothing for Chinese words and would only add noise.
    typoTolerance: { enabled: false },
    pagination: { maxTotalHits: 1_000_000 },
    faceting: { maxValuesPerFacet: 500, sortFacetValuesBy: { '*': 'count', year: 'alpha' } },
    // Exact counts matter more than a fast partial answer.
    searchCutoffMs: 10_000,
  };
}

export function documentSettings(): Settings {
  return {
    searchableAttributes: ['title', 'orgName', 'sourceFile'],
    displayedAttributes: ['*'],
    filterableAttributes: ['docId', 'sourceFile', 'sha256', 'year', 'period', 'orgType', 'truncated'],
    sortableAttributes: ['year', 'title', 'sourceFile'],
    pagination: { maxTotalHits: 1_000_000 },
    typoTolerance: { enabled: false },
  };
}
