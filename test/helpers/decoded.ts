// Writes a document as a reader would have decoded it (a hand-made DecodedDoc: pages, OCR) into a
// test engine through the real pipeline after decoding and the ingester's index writer — for the
// page and OCR plumbing before the PDF/OCR readers exist to produce such text.
import { processDecoded } from '../../ingest/process-file.js';
import { enqueueDocument, settle } from '../../ingest/index-writer.js';
import type { DecodedDoc } from '../../ingest/types.js';
import { BlobStore } from '../../src/core/blob-store.js';
import { createClient } from '../../src/core/meili/client.js';
import type { TestEngine } from './engine.js';

/** Indexes `decoded` as the file `relPath` with these original bytes; resolves to its docIds. */
export async function indexDecoded(engine: TestEngine, relPath: string, bytes: Buffer, decoded: DecodedDoc): Promise<string[]> {
  const { documents } = processDecoded({ relPath, bytes }, decoded);
  const blobs = new BlobStore(engine.dataDir);
  const client = createClient({ url: engine.url, apiKey: engine.masterKey }, 60_000);
  for (const d of documents) {
    blobs.put(d.blobs.original);
    blobs.put(d.blobs.cleanedText);
    const failed = await settle(client, await enqueueDocument(client, { index: engine.index, documentsIndex: engine.documentsIndex }, d));
    if (failed) throw new Error(`indexing ${relPath} failed: ${failed}`);
  }
  return documents.map((d) => d.document.docId);
}

/** A scanned village branch summary as an OCR reader would hand it over: two pages, ocr: true. */
export const SCANNED_SUMMARY: DecodedDoc = {
  format: 'txt',
  encoding: 'UTF-8',
  ocr: true,
  pageCount: 2,
  lines: [
    { text: 'XX村党支部2021年度工作总结', page: 1 },
    { text: '一、加强班子建设', page: 1 },
    { text: '坚持“四议两公开”工作法，全年召开村“两委”联席会议X次，扫描识别专用短语甲乙丙。', page: 1 },
    { text: '二、服务群众', page: 2 },
    { text: '开展“我为群众办实事”活动，解决实际困难XX件。', page: 2 },
  ],
};
