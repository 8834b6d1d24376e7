// A processed file as the run writes it: the records already serialized as spool lines, the cleaned
// text for its blob, the facts the report tallies. Made where the file was processed (the ingester,
// or a child of a large run: work-pool.ts), so that what crosses between processes is strings.
import type { DocumentRecord } from '../src/core/index-schema.js';
import type { EdgeLine } from './boilerplate.js';
import { serialize } from './index-writer.js';
import { phraseInputLine } from './phrase-table.js';
import type { ProcessedFile } from './process-file.js';
import type { RemovedBlock } from './types.js';

export interface SpoolReadyDocument {
  document: DocumentRecord;
  sectionCount: number;
  /** The cleaned text, for its blob (the original bytes are the file's own). */
  cleanedText: string;
  sectionLines: string[];
  documentLines: string[];
  /** What the phrase table reads of each section (phrase-table.ts phraseInputLine). */
  phraseLines: string[];
}

export interface SpoolReadyFile {
  documents: SpoolReadyDocument[];
  removed: RemovedBlock[];
  edgeLines: EdgeLine[];
}

export function spoolReady(processed: ProcessedFile): SpoolReadyFile {
  return {
    documents: processed.documents.map((d) => {
      const { documentLines, sectionLines } = serialize(d);
      return {
        document: d.document,
        sectionCount: d.sections.length,
        cleanedText: d.blobs.cleanedText,
        sectionLines,
        documentLines,
        phraseLines: d.sections.map(phraseInputLine),
      };
    }),
    removed: processed.removed,
    edgeLines: processed.edgeLines,
  };
}
