// Files from many sites (issue 12) ingested into a real engine: their text is found with 原文
// (exact) search across removed notices, pinyin and page cuts, none of their debris is, truncated
// sources are flagged and filterable, and a compilation is one document per summary.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import iconv from 'iconv-lite';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { FIXTURES_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { COMMUNITY_COMPILATION } from '../fixtures/debris-fixtures.js';
import type { IngestReport } from '../../ingest/run.js';
import { rawBody } from '../helpers/http.js';

const DEBRIS = path.join(FIXTURES_DIR, 'debris');
const F = {
  hospital: '医院党委 站点框架与付费提示 utf8.txt',
  bureau: '财政局 标签行与剩余页提示 gb18030.txt',
  college: '學院黨委 繁體拼音 utf8.txt',
  wenku: '村党支部 文库导出分页 utf8.txt',
  oneLine: '中医院党支部 网页复制一行 utf8.txt',
  compilation: '社区党建工作总结 合集 gb18030.txt',
  cutShort: '乡党委 一行截断 utf8.txt',
};

type Hit = { docId: string; docTitle: string; heading: string; text: string; truncated: boolean; missingChars: number | null; truncationNote: string | null };
type Doc = { docId: string; sourceFile: string; title: string; year: number | null; truncated: boolean; missingChars: number | null; part: number | null; partCount: number };

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;
let dir: string;
let first: IngestReport;

const exact = async (q: string, extra: Record<string, string> = {}) =>
  (await request(app).get('/api/search').query({ q, mode: 'exact', perPage: 100, ...extra }).expect(200)).body as { total: number; hits: Hit[] };
const documents = async () => (await request(app).get('/api/documents').expect(200)).body.documents as Doc[];

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dj-debris-'));
  cpSync(DEBRIS, dir, { recursive: true });
  engine = await startTestEngine();
  app = engine.app();
  first = await engine.ingest([dir]);
});
afterAll(async () => {
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('ingesting files from many sites', () => {
  it('indexes every file, a compilation as one document per summary, and counts every removal per file', () => {
    expect(first.skipped).toEqual([]);
    expect(first.indexed).toBe(7);
    expect(first.documentsWritten).toBe(9);
    expect(first.documentsInIndex).toBe(9);
    const tally = Object.fromEntries(first.cleaning.map((c) => [c.relPath, c]));
    expect(tally[F.hospital]).toMatchObject({
      removed: { 导航栏: 1, 标题后缀站名: 1, 发布信息: 3, 作者日期标签: 1, 省略字数提示: 2, 页码: 1, 声明版权: 1, 网址行: 1, 分享下载按钮: 2 },
      truncated: 1,
      missingChars: 1635,
    });
    expect(tally[F.bureau]).toMatchObject({ removed: { 标题标签: 1, 作者日期标签: 2, 剩余字数提示: 1, 剩余页数提示: 1, 来源网址: 1 }, missingChars: 2300 });
    expect(tally[F.college]).toMatchObject({ removed: { 标题标签: 1, 拼音注音: 4 }, truncated: 0 });
    expect(tally[F.wenku]).toMatchObject({ removed: { 文库页眉: 1, 文库页码: 3 } });
    expect(tally[F.compilation]).toMatchObject({ removed: { 合集标题: 1, 合集分篇标题: 3 }, documents: 3 });
    expect(tally[F.oneLine]).toMatchObject({ removed: {}, documents: 1 });
    expect(tally[F.cutShort]).toMatchObject({ removed: { 省略字数提示: 1 }, truncated: 1, missingChars: 1203 });
  });

  it('finds with 原文 search the text around every removal', async () => {
    const found: Array<[string, string]> = [
      ['高質量發展', F.college], // 發(fā)展: a phrase whose characters had pinyin between them
      ['以黨建創新帶動', F.college], // 創(chuàng)新(xīn)帶動
      ['大量事务性工作', F.wenku], // a phrase across the page cut 大量 | 2、事务性
      ['新形势下的要求', F.wenku],
      ['实际行动结合门诊', F.hospital], // joined where the paywall notice stood
      ['加强组织建设，筑牢战斗堡垒', F.hospital], // the heading the notice cut in half
      ['全年开展主题党日12次。', F.bureau],
      ['资金来源为院内党建专项经费', F.hospital], // body text that mentions 来源/下载 stays
      ['组织党员下载“学习强国”', F.hospital],
      ['医院党支部在县卫健局党委的正确领导下', F.oneLine],
      ['全面推进农村基层党组织标准化规范化建设', F.cutShort],
    ];
    const docs = await documents();
    for (const [q, file] of found) {
      const r = await exact(q);
      expect(r.total, q).toBeGreaterThanOrEqual(1);
      const owners = new Set(r.hits.map((h) => docs.find((d) => d.docId === h.docId)!.sourceFile));
      expect([...owners], q).toEqual([file]);
    }
  });

  it('finds none of the debris', async () => {
    const debris = [
      '省略680字', '此处隐藏', '正式会员', '会员可完整阅读', '剩余2300字', '开通VIP', '剩余3页', '下载后阅读完整版',
      '由会员分享', '可在线阅读', '文库上搜索', '网站首页', '栏目：', '发布于', '人气：', '下载本文', '分享 下载',
      '第1页 共2页', '免责声明', 'mouwang-fanwen', 'www.mouwenku.net', '上一篇', '某某范文网', '标题：', '作者：admin',
      '日期：2023', '標題', '(fā)', 'chuàng', '(xīn)', '篇1', '篇2', '5篇', '1、XX村', '2、事务', '3、要求', '此处省略1203字',
    ];
    for (const q of debris) expect((await exact(q)).total, q).toBe(0);
  });

  it('keeps the placeholders of other sites searchable', async () => {
    for (const q of ['___镇', '20xx年', '**社区', '(*,***)']) expect((await exact(q)).total, q).toBeGreaterThanOrEqual(1);
  });
});

describe('truncated sources', () => {
  it('are flagged on documents and hits with the stated count', async () => {
    const docs = await documents();
    const flagged = docs.filter((d) => d.truncated).map((d) => [d.sourceFile, d.missingChars]);
    expect(flagged.sort()).toEqual(
      [
        [F.bureau, 2300],
        [F.cutShort, 1203],
        [F.hospital, 1635],
      ].sort(),
    );
    const hit = (await exact('实际行动结合门诊')).hits[0]!;
    expect(hit).toMatchObject({ truncated: true, missingChars: 1635, truncationNote: '原文缺失约 1635 字' });
  });

  it('are a filter of the API: truncated=true keeps only them, truncated=false leaves them out', async () => {
    const all = await exact('党');
    const only = await exact('党', { truncated: 'true' });
    const none = await exact('党', { truncated: 'false' });
    expect(only.total).toBeGreaterThan(0);
    expect(only.hits.every((h) => h.truncated)).toBe(true);
    expect(none.hits.every((h) => !h.truncated)).toBe(true);
    expect(only.total + none.total).toBe(all.total);
    const bad = await request(app).get('/api/search').query({ q: '党', truncated: 'maybe' }).expect(400);
    expect(bad.body.error.code).toBe('invalid_truncated');
  });

  it('are shown on the hit and in the viewer', async () => {
    const page = await request(app).get('/').query({ q: '实际行动结合门诊', mode: 'exact' }).expect(200);
    expect(page.text).toContain('原文缺失约 1635 字');
    const filtered = await request(app).get('/').query({ q: '党', truncated: 'true' }).expect(200);
    expect(filtered.text).toContain('来源不完整');
    const docId = (await documents()).find((d) => d.sourceFile === F.cutShort)!.docId;
    const viewer = await request(app).get(`/documents/${docId}`).expect(200);
    expect(viewer.text).toContain('原文缺失约 1203 字');
  });
});

describe('a compilation', () => {
  it('is one document per summary, each with its own title, year, period and unit, all serving the same original', async () => {
    const parts = (await documents()).filter((d) => d.sourceFile === F.compilation).sort((a, b) => a.part! - b.part!);
    expect(parts.map((d) => [d.part, d.partCount, d.title, d.year])).toEqual([
      [1, 3, 'XX社区党委2023年上半年党建工作总结', 2023],
      [2, 3, '___镇党委20xx年度党建工作总结', null],
      [3, 3, 'XX街道新华社区党支部2022年第四季度工作情况', 2022],
    ]);
    const bytes = readFileSync(path.join(DEBRIS, F.compilation));
    for (const d of parts) {
      const res = await request(app).get(`/documents/${d.docId}/original`).buffer(true).parse(rawBody);
      expect(res.status).toBe(200);
      expect(Buffer.compare(res.body as Buffer, bytes)).toBe(0);
    }
    const viewer = await request(app).get(`/documents/${parts[1]!.docId}`).expect(200);
    expect(viewer.text).toContain('第 2 篇（共 3 篇');
    expect(viewer.text).toContain(`/documents/${parts[0]!.docId}`);
    expect(viewer.text).toContain(`/documents/${parts[2]!.docId}`);
  });

  it('is re-ingested as a whole: unchanged files stay, a part that disappears from the file leaves the index', async () => {
    const again = await engine.ingest([dir]);
    expect(again.unchanged).toBe(7);
    const before = (await documents()).filter((d) => d.sourceFile === F.compilation);
    const twoParts = COMMUNITY_COMPILATION.split('\n').slice(0, 11).join('\r\n') + '\r\n';
    writeFileSync(path.join(dir, F.compilation), iconv.encode(twoParts, 'gb18030'));
    const changed = await engine.ingest([dir]);
    expect(changed.replaced).toBe(1);
    const after = (await documents()).filter((d) => d.sourceFile === F.compilation);
    expect(after.map((d) => d.partCount)).toEqual([2, 2]);
    expect(after.map((d) => d.docId)).not.toContain(before.find((d) => d.part === 3)!.docId);
    expect((await exact('新华社区党支部围绕疫情防控')).total).toBe(0);
    expect((await exact('___镇')).total).toBeGreaterThanOrEqual(1);
  });
});

describe('npm run ingest -- --explain', () => {
  it('prints every removal with its line, rule and text, and the documents, without an engine', () => {
    // An unreachable engine: --explain must not need one.
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', '--explain', path.join(DEBRIS, F.hospital), path.join(DEBRIS, F.compilation)], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, MEILI_URL: 'http://127.0.0.1:9', MEILI_MASTER_KEY: 'x' },
      encoding: 'utf8',
    });
    expect(out).toContain('将移除 13 处');
    expect(out).toContain('第  10 行  截断提示/省略字数提示  「……(某某网省略680字,正式会员可完整阅读)……」');
    expect(out).toContain('网站框架/导航栏  「网站首页 > 范文大全 > 工作总结 > 党建工作总结」');
    expect(out).toContain('原文缺失约 1635 字');
    expect(out).toContain('第 2/3 篇（原文件第 7 行起）：___镇党委20xx年度党建工作总结（年份不详');
  });
});
