// The records in the two Meilisearch indexes and their settings. Shared by ingestion and the server.

/**
 * Version of the records and settings below. Every document record carries it; the portal and the
 * ingester compare it with the index they open, so an index built by an older version is named
 * with the command that rebuilds it (code index_outdated) instead of being half-read.
 * 2: sub-words and distinct characters as arrays, originals and cleaned text moved to DATA_DIR/blobs.
 * 3: `page` on sections of paged sources (PDF, OFD, scans), `ocr` on documents and sections,
 *    `pageCount` on documents, `masked` (原文有屏蔽字) on both.
 */
export const SCHEMA_VERSION = 3;
import type { Settings } from 'meilisearch';
import { EXACT_FIELDS, type ExactRecordFields } from './exact-grams.js';
import type { FormatId } from './formats.js';
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
  /** The text was (partly) recognised from page images (OCR) and may hold recognition errors. */
  ocr: boolean;
  /**
   * The source masked words (以习新时代中国特色.主义思想): the text holds them as masked, nothing is
   * guessed. Absent on records written before it existed (read as false).
   */
  masked: boolean;
}

/** One section-level search record (index `<MEILI_INDEX>`). */
export interface SectionRecord extends SharedMeta, ExactRecordFields {
  id: string;
  heading: string;
  headingPath: string[];
  level: number;
  order: number;
  text: string;
  /** Sub-words a query can consist of (see text/subwords.ts), as an array (see array-field.ts). */
  subwords: string[];
  themes: Theme[];
  keywords: string[];
  /** UTF-16 offsets into the document's cleaned text. */
  start: number;
  end: number;
  /** 1-based page of a paged source (PDF, OFD, scan) on which the section starts; null for other formats. */
  page: number | null;
  /**
   * The section's words in runs of adjacent words (text/phrase-keys.ts encodeRuns): stored only
   * (neither searched nor filtered), read back when the phrase table is rebuilt, so that rebuilding
   * it needs no segmentation. Absent on records written before it existed (the builder cuts those).
   */
  phrases?: string;
}

/**
 * One document (index `<MEILI_INDEX>_documents`): its metadata. The original bytes and the cleaned
 * text are content-addressed files under DATA_DIR (blob-store.ts), named by `sha256` and
 * `cleanedSha256`: no search reads them, and in the engine they cost more than the index itself.
 */
export interface DocumentRecord extends SharedMeta {
  schemaVersion: number;
  fileName: string;
  /** sha256 of the original bytes, hex: the blob that holds them. */
  sha256: string;
  /** sha256 of the cleaned text (UTF-8), hex: the blob that holds it. */
  cleanedSha256: string;
  size: number;
  format: FormatId;
  encoding: string;
  mimeType: string;
  sectionCount: number;
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
  /** Pages of a paged source (the whole file's, for a part of a compilation); null for other formats. */
  pageCount: number | null;
}

/** Fields a search hit needs; the heavy representation fields never leave the engine. */
export const SECTION_DISPLAY_FIELDS = [
  'id', 'docId', 'sourceFile', 'title', 'titleDerived', 'year', 'period', 'orgName', 'orgType', 'truncated', 'missingChars', 'masked',
  'heading', 'headingPath', 'level', 'order', 'text', 'themes', 'keywords', 'start', 'end', 'page', 'ocr',
] as const satisfies readonly (keyof SectionRecord)[];

export const DOCUMENT_LIST_FIELDS = [
  'docId', 'sourceFile', 'fileName', 'sha256', 'cleanedSha256', 'size', 'format', 'encoding', 'mimeType', 'title', 'titleDerived',
  'year', 'period', 'orgName', 'orgType', 'truncated', 'missingChars', 'masked', 'sectionCount', 'ingestedAt',
  'part', 'partCount', 'compilationTitle', 'partDocIds', 'partSourceLine', 'pageCount', 'ocr',
] as const satisfies readonly (keyof DocumentRecord)[];

/** Words mode searches these (whole words first, then the sub-word expansion). */
export const WORDS_FIELDS = ['heading', 'text', 'subwords'] as const;

/** Filters are only ever `=` / `IN` (and `NOT IN` on ids): no range index, no facet-search index. */
const EQUALITY_ONLY = { facetSearch: false, filter: { equality: true, comparison: false } } as const;

// Meilisearch 1.21 only indexes the first 65,535 positions of an attribute; the splitter keeps
// sections well under that (see ingest/split.ts).
export function sectionSettings(opts: { dictionary: string[]; synonyms: Record<string, string[]> }): Settings {
  return {
    searchableAttributes: [...WORDS_FIELDS, ...EXACT_FIELDS],
    displayedAttributes: [...SECTION_DISPLAY_FIELDS],
    // id: excluding the rare false positives of long 原文 phrases, and their candidates as a facet;
    // docId: a document's sections. Nothing filters sections by file or level (the documents index
    // answers by file): each filterable attribute is a facet database the engine builds.
    filterableAttributes: [{ attributePatterns: ['id', 'docId', 'truncated', ...FACETS.map((f) => f.attribute)], features: EQUALITY_ONLY }],
    sortableAttributes: ['year', 'docId', 'order'],
    // Prefix search stays (it costs ~2% of the index): it is what lets XX find XXX and a Latin
    // abbreviation find a longer one, which sub-words do not cover (Latin words are kept whole).
    facetSearch: false,
    // `sort` first: when the user picks 年份 order it dominates; without a sort parameter it is a no-op.
    rankingRules: ['sort', 'words', 'typo', 'proximity', 'attribute', 'exactness'],
    localizedAttributes: [{ attributePatterns: [...WORDS_FIELDS], locales: ['cmn'] }],
    dictionary: opts.dictionary,
    synonyms: opts.synonyms,
    // Typos mean nothing for Chinese words and would only add noise.
    typoTolerance: { enabled: false },
    pagination: { maxTotalHits: 1_000_000 },
    // The verification of a long 原文 phrase reads its candidates' ids as a facet (search-service.ts):
    // every candidate must be listed, and in id order the engine walks only the values it needs.
    faceting: { maxValuesPerFacet: 1_000_000, sortFacetValuesBy: { '*': 'count', year: 'alpha', id: 'alpha' } },
    // Exact counts matter more than a fast partial answer.
    searchCutoffMs: 10_000,
  };
}

export function documentSettings(): Settings {
  return {
    searchableAttributes: ['title', 'orgName', 'sourceFile'],
    displayedAttributes: ['*'],
    filterableAttributes: [{ attributePatterns: ['docId', 'sourceFile', 'sha256', 'year', 'period', 'orgType', 'truncated'], features: EQUALITY_ONLY }],
    prefixSearch: 'disabled',
    facetSearch: false,
    // ingestedAt: the portal's copy of the texts finds the documents an ingestion changed among the
    // most recent (section-texts.ts) instead of listing every document after each change.
    sortableAttributes: ['year', 'title', 'sourceFile', 'ingestedAt'],
    pagination: { maxTotalHits: 1_000_000 },
    typoTolerance: { enabled: false },
  };
}

/**
 * One phrase of the archive (index `<MEILI_INDEX>_phrases`): a word or run of words sections use,
 * with the number of sections that hold it literally (what a 原文 search for it counts), and the
 * keys the portal looks it up by (text/phrase-keys.ts). Rebuilt by ingestion after every change.
 */
export interface PhraseRecord {
  id: string;
  text: string;
  sections: number;
  /** Characters: among phrases as frequent, the shorter is proposed first. */
  length: number;
  prefixes: string[];
  pinyin: string;
  masks: string[];
}

export const phrasesIndexName = (index: string) => `${index}_phrases`;

/**
 * Every index the product keeps, named from MEILI_INDEX: the one place that derives them (config,
 * the portal's search key, several engines' network). A new index is added here.
 */
export interface ProductIndexes {
  /** Section records (`<MEILI_INDEX>`). */
  index: string;
  /** Document records (`<MEILI_INDEX>_documents`). */
  documentsIndex: string;
  /** The phrase table (`<MEILI_INDEX>_phrases`). */
  phrasesIndex: string;
}

export function productIndexes(index: string): ProductIndexes {
  return { index, documentsIndex: `${index}_documents`, phrasesIndex: phrasesIndexName(index) };
}

/** The indexes the portal's search key may search: all of them. */
export const searchedIndexes = (names: ProductIndexes): string[] => [names.index, names.documentsIndex, names.phrasesIndex];

export function phraseSettings(): Settings {
  return {
    searchableAttributes: ['text'],
    displayedAttributes: ['text', 'sections'],
    filterableAttributes: [{ attributePatterns: ['text', 'prefixes', 'pinyin', 'masks'], features: EQUALITY_ONLY }],
    sortableAttributes: ['sections', 'length'],
    rankingRules: ['sort', 'words', 'exactness'],
    prefixSearch: 'disabled',
    facetSearch: false,
    typoTolerance: { enabled: false },
    pagination: { maxTotalHits: 1000 },
  };
}
