// Reads documents and their sections back from the engine (search-only key: every read is a search),
// and their cleaned text and original bytes from the blob store under DATA_DIR.
import type { BlobStore } from '../../core/blob-store.js';
import { BlobMissingError, NotFoundError } from '../../core/errors.js';
import { FORMATS } from '../../core/formats.js';
import { DOC_ID_PATTERN } from '../../core/ids.js';
import { DOCUMENT_LIST_FIELDS, SECTION_DISPLAY_FIELDS, type DocumentRecord } from '../../core/index-schema.js';
import { translateEngineError, type ClientProvider } from '../../core/meili/client.js';
import type { SchemaGuard } from '../../core/meili/schema-check.js';
import type { SectionHit } from './search-service.js';

export type DocumentSummary = Pick<DocumentRecord, (typeof DOCUMENT_LIST_FIELDS)[number]>;
export interface DocumentDetail extends DocumentSummary {
  cleanedText: string;
  sections: SectionHit[];
}
export interface OriginalFile {
  fileName: string;
  mimeType: string;
  /** Shown in the browser (a PDF, opened at #page=N) rather than downloaded: the format table's `inline`. */
  inline: boolean;
  sha256: string;
  bytes: Buffer;
}

const MAX_LIST = 100_000;

export class DocumentsService {
  constructor(private readonly deps: { client: ClientProvider; index: string; documentsIndex: string; blobs: BlobStore; schema: SchemaGuard }) {}

  async list(): Promise<DocumentSummary[]> {
    await this.deps.schema.assertCurrent();
    try {
      const r = await (await this.deps.client()).index(this.deps.documentsIndex).search<DocumentSummary>('', {
        attributesToRetrieve: [...DOCUMENT_LIST_FIELDS],
        sort: ['year:desc', 'title:asc'],
        limit: MAX_LIST,
      });
      return r.hits;
    } catch (err) {
      translateEngineError(err);
    }
  }

  /** The newest documents and how many there are, without fetching them all (landing page). */
  async overview(limit: number): Promise<{ total: number; documents: DocumentSummary[] }> {
    await this.deps.schema.assertCurrent();
    try {
      const r = await (await this.deps.client()).index(this.deps.documentsIndex).search<DocumentSummary>('', {
        attributesToRetrieve: [...DOCUMENT_LIST_FIELDS],
        sort: ['year:desc', 'title:asc'],
        page: 1,
        hitsPerPage: limit,
      });
      return { total: (r as { totalHits?: number }).totalHits ?? r.hits.length, documents: r.hits };
    } catch (err) {
      translateEngineError(err);
    }
  }

  async get(docId: string): Promise<DocumentDetail> {
    const doc = await this.findDocument<DocumentSummary>(docId, [...DOCUMENT_LIST_FIELDS]);
    const cleanedText = this.deps.blobs.getText(doc.cleanedSha256);
    if (cleanedText === null) throw new BlobMissingError('这份文稿的正文');
    try {
      const r = await (await this.deps.client()).index(this.deps.index).search<SectionHit>('', {
        filter: `docId = "${docId}"`,
        sort: ['order:asc'],
        attributesToRetrieve: [...SECTION_DISPLAY_FIELDS],
        limit: Math.max(doc.sectionCount, 1),
      });
      return { ...doc, cleanedText, sections: r.hits };
    } catch (err) {
      translateEngineError(err);
    }
  }

  /** One document's metadata (no text, no sections). */
  async summary(docId: string): Promise<DocumentSummary> {
    return this.findDocument<DocumentSummary>(docId, [...DOCUMENT_LIST_FIELDS]);
  }

  async original(docId: string): Promise<OriginalFile> {
    const doc = await this.findDocument<Pick<DocumentRecord, 'fileName' | 'mimeType' | 'sha256' | 'format'>>(docId, ['fileName', 'mimeType', 'sha256', 'format']);
    const bytes = this.deps.blobs.get(doc.sha256);
    if (bytes === null) throw new BlobMissingError('这份文稿的原件');
    const inline = FORMATS.find((f) => f.id === doc.format)?.inline ?? false;
    return { fileName: doc.fileName, mimeType: doc.mimeType, inline, sha256: doc.sha256, bytes };
  }

  private async findDocument<T>(docId: string, fields: string[]): Promise<T> {
    // Only ids of the form the ingester makes reach the filter; anything else is simply unknown.
    if (!DOC_ID_PATTERN.test(docId)) throw new NotFoundError('没有这个文档');
    await this.deps.schema.assertCurrent();
    let hits: T[];
    try {
      ({ hits } = await (await this.deps.client()).index(this.deps.documentsIndex).search<T & Record<string, unknown>>('', {
        filter: `docId = "${docId}"`,
        attributesToRetrieve: fields,
        limit: 1,
      }));
    } catch (err) {
      translateEngineError(err);
    }
    if (!hits[0]) throw new NotFoundError('没有这个文档');
    return hits[0];
  }
}
