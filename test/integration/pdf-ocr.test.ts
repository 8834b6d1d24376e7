// PDFs, scans and photos through the real pipeline into a real engine: a Word-exported PDF (running
// header, page footer, lines wrapped at the page width, a paragraph cut by a page break), a scanned
// PDF and a phone photo (OCR), and bad input beside them. Metadata, sections, 原文 phrases across a
// line wrap and a page break, chrome gone; the OCR cache under DATA_DIR spares --rebuild a second
// recognition.
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { explainFiles } from '../../ingest/explain.js';
import { readerSettings } from '../../ingest/reader-settings.js';
import { configureReaders } from '../../ingest/readers/index.js';
import { loadConfig } from '../../src/core/config.js';
import { SCAN_PARAGRAPHS } from '../fixtures/pdf/pdf-texts.js';
import { FIXTURES_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

const PDF_DIR = path.join(FIXTURES_DIR, 'pdf');
const WORD_LIKE = '财政局机关党委 2023年度党建工作总结 word导出.pdf';
const SCANNED = '镇党委 上半年总结 扫描件.pdf';
const PHOTO = '镇党委 上半年总结 手机拍照.jpg';
const BAD = ['加密的 encrypted.pdf', '损坏的 truncated.pdf', '空白照片 no-text.jpg', '超大图片 giant.png'];

interface Hit {
  docId: string;
  title: string;
  sourceFile: string;
}
interface SearchHit {
  docId: string;
  text: string;
}

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;
let archive: string;
let dataDir: string;

const search = async (q: string, mode = 'exact') =>
  (await request(app).get('/api/search').query({ q, mode }).expect(200)).body as { total: number; hits: SearchHit[] };
/** The source files whose sections a 原文 search finds. */
const filesFound = async (q: string) => {
  const docs = (await request(app).get('/api/documents').expect(200)).body.documents as Hit[];
  const fileOf = new Map(docs.map((d) => [d.docId, d.sourceFile]));
  return [...new Set((await search(q)).hits.map((h) => fileOf.get(h.docId)))].sort();
};
const cacheFiles = () => readdirSync(path.join(dataDir, 'ocr-cache')).filter((f) => f.endsWith('.json'));

beforeAll(async () => {
  engine = await startTestEngine();
  app = engine.app();
  archive = mkdtempSync(path.join(os.tmpdir(), 'dj-pdf-archive-'));
  dataDir = mkdtempSync(path.join(os.tmpdir(), 'dj-pdf-data-'));
  for (const f of [WORD_LIKE, SCANNED, PHOTO, ...BAD]) cpSync(path.join(PDF_DIR, f), path.join(archive, f));
  // As the CLIs do: the configuration's limits, OCR and the cache under DATA_DIR.
  configureReaders(readerSettings(loadConfig({ DATA_DIR: dataDir, OCR: 'true', OCR_ENGINE: 'paddle' })));
}, 60_000);

afterAll(async () => {
  configureReaders({});
  await engine?.stop();
  rmSync(archive, { recursive: true, force: true });
  rmSync(dataDir, { recursive: true, force: true });
});

describe('PDF and OCR ingestion', () => {
  it(
    'indexes the text PDF, the scanned PDF and the photo, and names each bad file with its reason',
    async () => {
      const report = await engine.ingest([archive]);
      const reasons = Object.fromEntries(report.skipped.map((s) => [s.relPath, s.reason]));
      expect(reasons['加密的 encrypted.pdf']).toMatch(/^加密文件，无法读取/);
      expect(reasons['损坏的 truncated.pdf']).toMatch(/PDF|文字/);
      expect(reasons['空白照片 no-text.jpg']).toBe('图片中没有识别出文字');
      expect(reasons['超大图片 giant.png']).toMatch(/^图片过大/);
      expect(report.skipped).toHaveLength(4);
      expect(report.indexed).toBe(3);
      // Three files were recognised (the blank photo too: it is not looked at again either), each cached once.
      expect(cacheFiles()).toHaveLength(3);
    },
    400_000,
  );

  it('reads metadata and sections of the Word-exported PDF', async () => {
    const docs = (await request(app).get('/api/documents').expect(200)).body.documents as (Hit & { year: number; period: string; format: string })[];
    const pdf = docs.find((d) => d.sourceFile === WORD_LIKE)!;
    expect(pdf).toMatchObject({ title: 'XX县财政局机关党委2023年度党建工作总结', year: 2023, period: '全年' });
    const detail = (await request(app).get(`/api/documents/${pdf.docId}`).expect(200)).body as { sections: { heading: string; headingPath: string[]; text: string }[] };
    const headings = detail.sections.map((s) => s.heading);
    expect(headings).toEqual(expect.arrayContaining(['一、主要工作及成效', '（一）坚持政治引领，理论武装持续深化', '二、存在的问题', '三、2024年工作打算']));
    // The paragraph cut by the page break is one text again, in its section.
    const cut = detail.sections.find((s) => s.text.includes('全年完成三个支部的换届选举，配齐配强支部委员'));
    expect(cut?.headingPath[0]).toBe('一、主要工作及成效');
    // Running header and page footer gone from every section.
    const all = detail.sections.map((s) => s.heading + s.text).join('\n');
    expect(all).not.toMatch(/机关委员会文件|第\s*\d\s*页/);
  });

  it('finds 原文 phrases across a line wrap and across a page break, and not the removed header', async () => {
    // "…局党组的坚 | 强领导下…" is wrapped; "…三个支部的 | 换届选举…" crosses pages 1 → 2.
    for (const phrase of ['局党组的坚强领导', '完成三个支部的换届选举']) {
      expect(await filesFound(phrase), phrase).toEqual([WORD_LIKE]);
    }
    expect((await search('机关委员会文件')).total).toBe(0);
  });

  it('makes recognised scans searchable, with their metadata', async () => {
    const docs = (await request(app).get('/api/documents').expect(200)).body.documents as (Hit & { year: number; period: string })[];
    for (const file of [SCANNED, PHOTO]) {
      const doc = docs.find((d) => d.sourceFile === file);
      expect(doc, file).toMatchObject({ title: SCAN_PARAGRAPHS[0], year: 2023, period: '上半年' });
    }
    expect(await filesFound('整顿软弱涣散村党组织')).toEqual([PHOTO, SCANNED].sort());
  });

  it(
    'never recognises a file twice: --rebuild reads the scans from the cache',
    async () => {
      const stamps = cacheFiles().map((f) => statSync(path.join(dataDir, 'ocr-cache', f)).mtimeMs);
      const started = Date.now();
      const report = await engine.ingest([archive], { rebuild: true });
      expect(report.indexed + report.replaced).toBe(3);
      expect(cacheFiles().map((f) => statSync(path.join(dataDir, 'ocr-cache', f)).mtimeMs)).toEqual(stamps);
      // Recognition takes seconds a page on this machine; the whole rebuild here does none.
      expect(Date.now() - started).toBeLessThan(60_000);
      expect((await search('整顿软弱涣散村党组织')).total).toBe(2);
    },
    120_000,
  );

  it('--explain lists the PDF running header and page numbers it removed', async () => {
    const out = (await explainFiles([path.join(archive, WORD_LIKE)])).join('\n');
    expect(out).toMatch(/PDF页眉.*中共XX县财政局机关委员会文件/);
    expect(out).toMatch(/PDF页码.*第 2 页 共 2 页/);
  });
});
