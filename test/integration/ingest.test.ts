// Ingestion into a real engine, read back through the API.
import { createHash } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES_DIR, SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';

const SAMPLES = {
  supply: 'XX县供销社机关党支部2023年上半年党建工作总结.txt',
  center: 'XX中心2023年下半年党支部工作情况.txt',
  advert: '2020年上半年机关党建工作总结.txt',
  branch: '2023年支部工作总结.txt',
  untitled: '党支部2023年上半年工作总结（无标题）.txt',
};

const docIdOf = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex').slice(0, 16);
const cjk = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;

beforeAll(async () => {
  engine = await startTestEngine();
  app = engine.app();
});
afterAll(async () => {
  await engine?.stop();
});

describe('ingesting the sample corpus', () => {
  it('indexes every sample file and reports what it did', async () => {
    const report = await engine.ingest([SAMPLE_DIR]);
    expect(report.indexed).toBe(5);
    expect(report.skipped).toEqual([]);
    expect(report.documentsInIndex).toBe(5);
  });

  it('lists the documents with their metadata', async () => {
    const res = await request(app).get('/api/documents').expect(200);
    const byFile = Object.fromEntries(res.body.documents.map((d: { sourceFile: string }) => [d.sourceFile, d]));
    expect(Object.keys(byFile).sort()).toEqual(Object.values(SAMPLES).sort());
    expect(byFile[SAMPLES.supply]).toMatchObject({
      docId: docIdOf(path.join(SAMPLE_DIR, SAMPLES.supply)),
      title: 'XX县供销社机关党支部2023年上半年党建工作总结',
      year: 2023,
      period: '上半年',
      orgType: '党政机关',
    });
    expect(byFile[SAMPLES.center]).toMatchObject({ title: 'XX中心2023年下半年党支部工作情况', year: 2023, period: '下半年', orgType: '事业单位' });
    expect(byFile[SAMPLES.advert]).toMatchObject({ title: '2020年上半年机关党建工作总结', year: 2020, period: '上半年', orgType: '党政机关' });
    expect(byFile[SAMPLES.branch]).toMatchObject({ title: '2023年支部工作总结', year: 2023, period: '全年', orgType: '党政机关' });
    expect(byFile[SAMPLES.untitled]).toMatchObject({ year: 2023, period: '上半年', orgType: '党政机关' });
  });

  it('returns a document with its sections in reading order', async () => {
    const docId = docIdOf(path.join(SAMPLE_DIR, SAMPLES.supply));
    const res = await request(app).get(`/api/documents/${docId}`).expect(200);
    const { sections } = res.body;
    expect(res.body.sectionCount).toBe(sections.length);
    expect(sections.map((s: { order: number }) => s.order)).toEqual(sections.map((_: unknown, i: number) => i));
    expect(sections[0]).toMatchObject({ id: `${docId}-0000`, level: 0, headingPath: [] });
    expect(sections[0].text).toMatch(/^2023年上半年，机关党支部在县直机关党工委/);
    const anchor = sections.find((s: { heading: string }) => s.heading === '（一）锚定提升学习意识不放松');
    expect(anchor.headingPath).toEqual(['一、筑牢政治思想理论基础，确保航向不偏移', '（一）锚定提升学习意识不放松']);
    expect(anchor.text).toMatch(/^把学习宣传贯彻党的XX大精神/);
    // The paid-content marker in the middle of the file is gone, the text around it is not.
    const all = sections.map((s: { heading: string; text: string }) => s.heading + s.text).join('');
    expect(all).not.toMatch(/paid/);
    expect(all).toContain('（三）科学制定学习计划'.slice(3));
  });

  it('keeps the body text: CJK characters of every source survive in the indexed sections', async () => {
    for (const file of Object.values(SAMPLES)) {
      const src = readFileSync(path.join(SAMPLE_DIR, file), 'utf8');
      const res = await request(app).get(`/api/documents/${docIdOf(path.join(SAMPLE_DIR, file))}`).expect(200);
      const indexed = res.body.sections.reduce((n: number, s: { heading: string; text: string }) => n + cjk(s.heading) + cjk(s.text), 0);
      // The download site's advert block is the only thing removed on purpose.
      const advert = file === SAMPLES.advert ? cjk(src.slice(0, src.indexOf('2020年上半年机关党建工作总结'))) : 0;
      const source = cjk(src) - advert;
      expect(indexed / source, file).toBeGreaterThanOrEqual(0.98);
      expect(indexed / source, file).toBeLessThanOrEqual(1.15);
    }
  });

  it('skips unchanged files on a second run', async () => {
    const report = await engine.ingest([SAMPLE_DIR]);
    expect(report).toMatchObject({ indexed: 0, replaced: 0, unchanged: 5, sectionsWritten: 0 });
  });

  it('answers /health while the engine is up', async () => {
    await request(app).get('/health').expect(200, { status: 'ok', engine: 'available' });
  });
});

describe('bad input, changes and removal', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'dj-archive-'));
    cpSync(path.join(FIXTURES_DIR, 'bad'), path.join(dir, 'bad'), { recursive: true });
    cpSync(path.join(FIXTURES_DIR, 'encodings'), path.join(dir, 'encodings'), { recursive: true });
    cpSync(path.join(FIXTURES_DIR, 'docx'), path.join(dir, 'docx'), { recursive: true });
    writeFileSync(path.join(dir, 'notes.pdf'), '%PDF-1.4');
    // 10 MB of text: a dump, not a summary.
    writeFileSync(path.join(dir, "O'Brien 导出 全部.txt"), '党支部工作记录。'.repeat(450_000));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('indexes the good files beside bad ones and names each bad file with a reason', async () => {
    const before = (await request(app).get('/api/documents')).body.documents.length;
    const report = await engine.ingest([dir]);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.relPath, s.reason]));
    expect(reasons['bad/empty.txt']).toBe('空文件');
    expect(reasons['bad/binary.txt']).toBe('二进制内容，不是文本');
    // A picture named .txt is read as a picture: OCR finds no text in it.
    expect(reasons['bad/照片 image-as-text.txt']).toBe('图片中没有识别出文字');
    expect(reasons['bad/not-a-zip.docx']).toBe('文件已损坏（ZIP/Office 文件），无法读取');
    expect(reasons['notes.pdf']).toMatch(/^PDF 文件已损坏，无法读取/);
    expect(reasons["O'Brien 导出 全部.txt"]).toMatch(/^文件过大（10\.3 MB/);
    expect(report.indexed).toBe(6);
    const after = (await request(app).get('/api/documents')).body.documents;
    expect(after.length).toBe(before + 6);
    const gb = after.find((d: { sourceFile: string }) => d.sourceFile.includes('gb18030'));
    expect(gb).toMatchObject({ year: 2022, period: '全年', orgType: '学校' });
  });

  it('replaces the sections of a changed file and keeps nothing of the old version', async () => {
    const file = path.join(dir, 'encodings', '村党支部年度总结 utf8-bom-crlf.txt');
    const oldId = docIdOf(file);
    const oldDoc = (await request(app).get(`/api/documents/${oldId}`).expect(200)).body;
    writeFileSync(file, Buffer.concat([readFileSync(file), Buffer.from('\r\n四、补充说明\r\n本年度新增党员示范岗三个。\r\n')]));
    const report = await engine.ingest([dir]);
    expect(report.replaced).toBe(1);
    expect(report.indexed).toBe(0);
    await request(app).get(`/api/documents/${oldId}`).expect(404);
    const fresh = (await request(app).get(`/api/documents/${docIdOf(file)}`).expect(200)).body;
    expect(fresh.sections.length).toBe(oldDoc.sections.length + 1);
    expect(fresh.sections.at(-1)).toMatchObject({ heading: '四、补充说明', text: '本年度新增党员示范岗三个。' });
    const hits = (await request(app).get('/api/search').query({ q: '村党支部', mode: 'exact', perPage: 100 })).body.hits;
    expect(hits.every((h: { docId: string }) => h.docId !== oldId)).toBe(true);
  });

  it('does not index the same content twice under another name', async () => {
    const twin = path.join(dir, 'encodings', '副本.txt');
    cpSync(path.join(dir, 'encodings', '医院党委半年总结 utf16le-bom.txt'), twin);
    const report = await engine.ingest([dir]);
    expect(report.duplicates).toEqual([{ relPath: 'encodings/副本.txt', reason: expect.stringContaining('医院党委半年总结') }]);
    unlinkSync(twin);
  });

  it('keeps a copy made before its original was edited', async () => {
    const original = path.join(dir, 'encodings', 'XX镇党委 上半年总结 gbk-crlf.txt');
    const copy = path.join(dir, 'encodings', '镇党委总结 备份.txt');
    const oldId = docIdOf(original);
    cpSync(original, copy);
    writeFileSync(original, Buffer.concat([readFileSync(original), Buffer.from('\r\n')]));
    const report = await engine.ingest([dir]);
    expect(report.duplicates).toEqual([]);
    expect(report.replaced).toBe(1);
    // The old content now belongs to the copy, under the same id; the edited original has a new one.
    const kept = (await request(app).get(`/api/documents/${oldId}`).expect(200)).body;
    expect(kept.sourceFile).toBe('encodings/镇党委总结 备份.txt');
    const edited = (await request(app).get(`/api/documents/${docIdOf(original)}`).expect(200)).body;
    expect(edited.sourceFile).toBe('encodings/XX镇党委 上半年总结 gbk-crlf.txt');
    unlinkSync(copy);
  });

  it('--prune removes documents whose files are gone', async () => {
    const file = path.join(dir, 'docx', '集团公司党委 2023年党建工作总结.docx');
    const id = docIdOf(file);
    await request(app).get(`/api/documents/${id}`).expect(200);
    unlinkSync(file);
    const kept = await engine.ingest([dir]);
    expect(kept.removed).toBe(0);
    await request(app).get(`/api/documents/${id}`).expect(200);
    const pruned = await engine.ingest([dir], { prune: true });
    expect(pruned.removed).toBeGreaterThanOrEqual(1);
    await request(app).get(`/api/documents/${id}`).expect(404);
  });

  it('--rebuild builds fresh indexes and swaps them in', async () => {
    const report = await engine.ingest([SAMPLE_DIR], { rebuild: true });
    expect(report.indexed).toBe(5);
    const docs = (await request(app).get('/api/documents').expect(200)).body.documents;
    expect(docs.length).toBe(5);
    const search = (await request(app).get('/api/search').query({ q: '党费', mode: 'exact' }).expect(200)).body;
    expect(search.total).toBeGreaterThan(0);
  });
});
