// Files of sites the debris rules were not written from (issue 21), and saved web pages, ingested
// into a real engine: 原文 (exact) search finds phrases that spanned an emoji, a tag or a hard wrap,
// none of the chrome is found, masked sources are marked on hits, documents and the viewer, and a
// site's tagline is learned across files — also by a later run that brings one new file.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatSummary } from '../../ingest/cli-reporter.js';
import type { IngestReport } from '../../ingest/run.js';
import { PROJECT_ROOT } from '../../src/core/config.js';
import { toSimplified } from '../../src/core/text/simplify.js';
import { FIXTURES_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { TAGLINE_LATE } from '../fixtures/site-debris-fixtures.js';

const F = {
  emoji: '社区党委 表情符号 utf8.txt',
  qlBlocks: '社区党委 文本含网页标记 utf8.txt',
  oldTags: '镇机关党支部 旧式标记 gb18030.txt',
  previewTrad: '稅務局黨委 預覽頁 utf8.txt',
  previewSimp: '中学党总支 预览页计数 gb18030.txt',
  notices: '村党支部 平台须知 utf8.txt',
  taglineSchool: '站点标语 中学 utf8.txt',
  taglineHospital: '站点标语 医院 gb18030.txt',
  taglineVillage: '站点标语 村 繁體 utf8.txt',
  masked: '组织部机关党支部 屏蔽字 utf8.txt',
  maskedTrad: '鎮黨委 屏蔽字 繁體 utf8.txt',
  hardWrap: '法院机关党委 固定宽度换行 utf8.txt',
  page: 'web/镇党委 上半年总结 范文网 gb2312.html',
  countyPage: 'web/财政局机关党委 政府网站 utf8.htm',
  mht: 'web/镇党委 上半年总结 网页存档.mht',
};

type Hit = { docId: string; text: string; heading: string; masked: boolean; maskedNote: string | null };
type Doc = { docId: string; sourceFile: string; title: string; format: string; masked: boolean; truncated: boolean };

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;
let dir: string;
let first: IngestReport;

const exact = async (q: string) => (await request(app).get('/api/search').query({ q, mode: 'exact', perPage: 100 }).expect(200)).body as { total: number; hits: Hit[] };
const documents = async () => (await request(app).get('/api/documents').query({ perPage: 100 }).expect(200)).body.documents as Doc[];
const ownersOf = async (q: string) => {
  const docs = await documents();
  return [...new Set((await exact(q)).hits.map((h) => docs.find((d) => d.docId === h.docId)!.sourceFile))].sort();
};

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'dj-site-debris-'));
  cpSync(path.join(FIXTURES_DIR, 'site-debris'), dir, { recursive: true });
  cpSync(path.join(FIXTURES_DIR, 'web'), path.join(dir, 'web'), { recursive: true });
  engine = await startTestEngine();
  app = engine.app();
  first = await engine.ingest([dir]);
});
afterAll(async () => {
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('files of sites never seen', () => {
  it('are all indexed, web pages by their own readers, and every removal is counted per file', async () => {
    expect(first.skipped).toEqual([]);
    expect(first.indexed).toBe(15);
    const docs = await documents();
    const format = async (f: string) => (await request(app).get(`/api/documents/${docs.find((d) => d.sourceFile === f)!.docId}`).expect(200)).body.format as string;
    const formats = [];
    for (const f of [F.qlBlocks, F.oldTags, F.page, F.countyPage, F.mht, F.emoji]) formats.push(await format(f));
    expect(formats).toEqual(['html', 'html', 'html', 'html', 'mht', 'txt']);
    const tally = Object.fromEntries(first.cleaning.map((c) => [c.relPath, c]));
    expect(tally[F.emoji]!.removed).toEqual({ 表情符号: 10, 不可见字符: 3, 私用区字符: 1 });
    expect(tally[F.hardWrap]!.removed).toEqual({ 硬换行接合: 6 });
    expect(tally[F.previewTrad]!.removed).toMatchObject({ 页面标题页码: 2, 阅读进度: 1, 下载与会员提示: 2, 分页重复标题: 1, 声明版权: 1 });
    expect(tally[F.notices]!.removed).toMatchObject({ 平台须知: 3 });
    for (const f of [F.taglineSchool, F.taglineHospital, F.taglineVillage]) expect(tally[f]!.removed).toEqual({ 跨文件站点标语: 2 });
    expect(tally[F.masked]!.masked).toBe(1);
  });

  it('finds with 原文 search phrases that spanned an emoji, a zero-width character, a tag or a hard wrap', async () => {
    const found: Array<[string, string[]]> = [
      ['以党的政治建设为统领，推动党建引领基层治理', [F.emoji]], // 👻 and U+200B inside
      ['学习会12次，组织党员', [F.emoji]], // 👍🏽
      ['为抓手推动社区治理', [F.emoji]], // 🇨🇳 between spaces
      ['开展“红色物业”建设', [F.qlBlocks]], // <span style=…>“红色物业”</span>
      ['解决居民“急难愁盼”问题', [F.qlBlocks]], // &ldquo; &rdquo;
      ['撰写心得体会96篇', [F.oldTags]], // <FONT color=#ff0000>96</FONT>
      ['开展“党员法官进网格”活动', [F.hardWrap]], // 活 / 动 at the 44-column cut
      ['评选“党员示范岗”10个，形成比学赶超的良好氛围', [F.hardWrap]],
      ['持续深化“党建+网格”治理模式', [F.mht, F.page].sort()], // a source line break inside a <p>
      ['局党组全年召开会议研究党建工作10次', [F.countyPage]],
    ];
    for (const [q, files] of found) expect(await ownersOf(q), q).toEqual(files);
  });

  it('finds none of the chrome, markup or stray characters', async () => {
    const debris = [
      '👻', '🌟', 'ql-block', '&nbsp;', 'ldquo', 'FONT', '第1頁', '第2頁', '繼續免費閱讀', '還剩3頁', '文檔簡介', '下載本文檔', '版權說明', '人已读',
      '下载次数', '当前为第1页', 'VIP', '在线客服', '侵权举报', '下载文档前请自行甄别', '申请退款', '人工客服', '笔杆子之家', '筆桿子之家',
      '某某范文网', '当前位置', '相关文章', '热门推荐', '版权所有', 'ICP备', '政务公开', '浏览次数', '分享到', '相关链接', '主办单位',
    ];
    for (const q of debris) expect((await exact(q)).total, q).toBe(0);
  });

  it('keeps what only looks like chrome: the stock sentence, units and dates at a file’s foot, the summary’s own numbered items', async () => {
    expect((await ownersOf('现将有关情况总结如下。')).length).toBeGreaterThanOrEqual(3);
    expect(await ownersOf('2023年12月28日')).toEqual([F.taglineSchool]);
    expect(await ownersOf('组织党员下载“学习强国”APP')).toEqual([F.notices]);
  });

  it('titles come out without page numbers, site names or emoji', async () => {
    const title = async (f: string) => (await documents()).find((d) => d.sourceFile === f)!.title;
    expect(await title(F.previewTrad)).toBe('XX縣稅務局黨委2023年度黨建工作總結');
    expect(await title(F.previewSimp)).toBe('XX中学党总支2024年上半年工作总结');
    expect(await title(F.emoji)).toBe('XX社区党委2023年党建工作总结');
    expect(await title(F.qlBlocks)).toBe('XX社区党委2022年党建工作总结');
    expect(await title(F.page)).toBe('XX镇党委2023年上半年党建工作总结');
    expect(await title(F.taglineHospital)).toBe('XX县人民医院党委2023年上半年工作总结');
  });
});

describe('masked words', () => {
  it('mark the document, its hits and the viewer (原文有屏蔽字); the text is kept as the source has it', async () => {
    const docs = await documents();
    expect(docs.filter((d) => d.masked).map((d) => d.sourceFile).sort()).toEqual([F.masked, F.maskedTrad].sort());
    const r = await exact('中国特色.主义思想');
    expect(r.total).toBeGreaterThanOrEqual(1);
    expect(r.hits[0]).toMatchObject({ masked: true, maskedNote: '原文有屏蔽字' });
    expect((await exact('开展“红色物业”建设')).hits[0]).toMatchObject({ masked: false, maskedNote: null });
    const page = await request(app).get('/').query({ q: '中国特色.主义思想', mode: 'exact' }).expect(200);
    expect(page.text).toContain('data-masked');
    const docId = docs.find((d) => d.sourceFile === F.maskedTrad)!.docId;
    const viewer = await request(app).get(`/documents/${docId}`).expect(200);
    expect(viewer.text).toContain('原文有屏蔽字');
    expect(viewer.text).toContain('習**新時代');
    expect((await request(app).get(`/api/documents/${docId}`).expect(200)).body).toMatchObject({ masked: true });
  });
});

describe('boilerplate learned from the archive', () => {
  it('lists the learned lines in the ingest summary', () => {
    // Named as the first file that has it writes it (simplified or traditional).
    expect(first.boilerplate?.map((l) => [toSimplified(l.text), l.files])).toEqual([
      ['写材料，就上笔杆子之家', 3],
      ['笔杆子之家 · 专注公文写作', 3],
    ]);
    const summary = formatSummary(first);
    expect(summary).toContain('跨文件站点标语 2 条');
    expect(toSimplified(summary)).toContain('「笔杆子之家 · 专注公文写作」（3 个文件）');
  });

  it('an incremental run that brings one new file of the same site knows the lines from the files ingested before', async () => {
    writeFileSync(path.join(dir, '站点标语 街道 utf8.txt'), TAGLINE_LATE + '\n');
    const again = await engine.ingest([dir]);
    expect(again.indexed).toBe(1);
    expect(again.unchanged).toBe(15);
    expect(again.cleaning.map((c) => [c.relPath, c.removed])).toEqual([['站点标语 街道 utf8.txt', { 跨文件站点标语: 2 }]]);
    expect((await documents()).find((d) => d.sourceFile === '站点标语 街道 utf8.txt')!.title).toBe('XX街道党工委2024年上半年党建工作总结');
    expect((await exact('笔杆子之家')).total).toBe(0);
  });

  it('--explain learns them from the files it is given and says what is masked', () => {
    const out = execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/ingest.ts', '--explain', path.join(FIXTURES_DIR, 'site-debris')], {
      cwd: PROJECT_ROOT,
      env: { ...process.env, MEILI_URL: 'http://127.0.0.1:9', MEILI_MASTER_KEY: 'x', DATA_DIR: path.join(dir, 'no-data-here') },
      encoding: 'utf8',
    });
    expect(out).toContain('跨文件站点标语 2 条');
    expect(out).toMatch(/跨文件站点标语\/跨文件站点标语  「(笔杆子之家 · 专注公文写作|筆桿子之家 · 專注公文寫作)」/);
    expect(out).toContain('杂散字符/表情符号  「👻」');
    expect(out).toContain('硬换行接合/硬换行接合  「⏎」');
    expect(out).toContain('原文有屏蔽字');
    expect(out).toContain('屏蔽字：「');
  });
});
