// The writer's tools against a real engine holding the sample corpus and the fixtures: 查重 on
// drafts composed from the archive (rate checked against the composed truth), 类似表述, 统计
// (equal to the search's facets, documents counted by brute force), the export read back with
// mammoth, and the signed-in basket in a real SQLite file.
import type { AuditRecord } from '../../src/core/store/audit.js';
import express from 'express';
import mammoth from 'mammoth';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentOf } from '../../src/core/text/passage-align.js';
import { FACET_NAMES } from '../../src/core/vocabulary.js';
import { FIXTURES_DIR, SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { browserAgent, PASSWORD, signIn, startPortal } from '../helpers/portal.js';
import { AccountAdmin } from '../../src/core/store/account-admin.js';
import { AccountStore } from '../../src/core/store/accounts.js';
import { AuditLog } from '../../src/core/store/audit.js';
import { SessionTable } from '../../src/core/store/sessions.js';
import { rawBody } from '../helpers/http.js';

type Hit = { id: string; docId: string; docTitle: string; heading: string; headingPath: string[]; text: string; year: number | null; period: string };
type Doc = { docId: string; title: string; sections: Array<{ id: string; text: string; heading: string; headingPath: string[] }> };

let engine: TestEngine;
let app: express.Express;
let allSections: Hit[] = [];
let extraDir: string;
const audit: AuditRecord[] = [];

const contentLength = (s: string) => contentOf(s).content.length;

async function searchAll(query: Record<string, string | string[]>): Promise<Hit[]> {
  const out: Hit[] = [];
  for (let page = 1; ; page++) {
    const r = (await request(app).get('/api/search').query({ ...query, perPage: 100, page }).expect(200)).body;
    out.push(...r.hits);
    if (page >= r.totalPages) return out;
  }
}

/** Sentences of the archive (ending in 。), long enough to be a copy on their own. */
function sentencesOf(text: string): string[] {
  return (text.match(/[^。！？\n]+。/g) ?? []).map((s) => s.trim()).filter((s) => contentLength(s) >= 26 && !/[\r\n]/.test(s));
}

/** Brute-force oracle: does any 8-character window of the sentence stand in any section? */
function inArchive(sentence: string): boolean {
  const c = contentOf(sentence).content;
  const hay = allSections.map((s) => contentOf(`${s.heading}\n${s.text}`).content);
  for (let i = 0; i + 8 <= c.length; i++) if (hay.some((h) => h.includes(c.slice(i, i + 8)))) return true;
  return false;
}

const SLOGAN = '坚持以习近平新时代中国特色社会主义思想为指导';

beforeAll(async () => {
  engine = await startTestEngine();
  // Six small documents sharing a slogan (a stock phrase) and one that copies a sample paragraph.
  extraDir = mkdtempSync(path.join(os.tmpdir(), 'dj-extra-'));
  const units = ['第一', '第二', '第三', '第四', '第五', '第六'];
  units.forEach((u, i) => {
    writeFileSync(
      path.join(extraDir, `${u}党支部2024年上半年工作总结.txt`),
      `${u}党支部2024年上半年工作总结\n一、主要工作\n上半年，支部${SLOGAN}，第${i + 1}季度组织学习${i + 3}次，走访群众${i * 7 + 11}户。\n`,
    );
  });
  await engine.ingest([SAMPLE_DIR, FIXTURES_DIR, extraDir]);
  const deps = engine.deps();
  const appDeps = { ...deps, audit: { ...deps.audit, record: (e: AuditRecord) => void audit.push(e) } };
  // Test-only: the accounts middleware of the access issue sets res.locals.user; here a header does.
  app = express();
  app.use((req, res, next) => {
    // The tests speak as the portal's own pages (CSRF is tested in auth.test.ts).
    req.headers['sec-fetch-site'] ??= 'same-origin';
    const id = req.get('x-test-user');
    if (id) res.locals.user = { id: Number(id), name: `user${id}`, role: 'reader' };
    next();
  });
  app.use(engine.app(appDeps));
  allSections = await searchAll({ q: '' });
}, 300_000);

afterAll(async () => {
  await engine?.stop();
  if (extraDir) rmSync(extraDir, { recursive: true, force: true });
});

describe('POST /api/check (查重)', () => {
  it('rates a draft of verbatim, lightly edited and new sentences within a few points of the truth', async () => {
    const docs = (await request(app).get('/api/documents').expect(200)).body.documents as Array<{ docId: string; title: string }>;
    const full = async (docId: string) => (await request(app).get(`/api/documents/${docId}`).expect(200)).body as Doc;
    // A: the document with most long sentences; B: the next one (edited sentences come from it).
    const all = await Promise.all(docs.map((d) => full(d.docId)));
    const ranked = all
      .map((d) => ({ d, n: d.sections.flatMap((s) => sentencesOf(s.text)).length }))
      .sort((x, y) => y.n - x.n)
      .map((x) => x.d);
    const [a, b] = [ranked[0]!, ranked[1]!];
    const verbatim = a.sections.flatMap((s) => sentencesOf(s.text)).slice(0, 4);
    // A light edit: two characters in the middle of the sentence replaced.
    const edited = b.sections.flatMap((s) => sentencesOf(s.text)).slice(1, 4).map((s) => {
      const chars = Array.from(s);
      const mid = Math.floor(chars.length / 2);
      chars.splice(mid, 2, '切实', '');
      return chars.join('');
    });
    const fresh = [
      '今年我们在社区广场新建了一座图书角，每周六上午由青年党员轮流值守并为孩子们讲绘本故事。',
      '围绕老旧小区加装电梯这件难事，支部牵头召开了七次楼栋协商会，最终十二户居民全部签字同意。',
      '下半年计划把退休老党员的口述经历整理成册，配上老照片，在七一前印发到每个党小组。',
      '针对夜班职工参加学习难的问题，车间把学习时间调整到交接班前半小时，并准备了热饭。',
      '冬季供暖期间，党员志愿者每天傍晚巡查独居老人家中的炉具和烟道，共排除隐患九处。',
    ];
    expect(verbatim).toHaveLength(4);
    expect(edited).toHaveLength(3);
    for (const s of fresh) expect(inArchive(s), s).toBe(false);
    for (const s of edited) expect(allSections.some((x) => x.text.includes(s)), 'an edited sentence is not verbatim').toBe(false);

    const [v0, v1, v2, v3] = verbatim as [string, string, string, string];
    const [e0, e1, e2] = edited as [string, string, string];
    const [f0, f1, f2, f3, f4] = fresh as [string, string, string, string, string];
    const draft = [f0 + v0 + v1, f1 + e0, v2 + f2 + e1, f3 + v3 + e2 + f4].join('\n');
    const copied = [...verbatim, ...edited].reduce((n, s) => n + contentLength(s), 0);
    const truth = copied / contentLength(draft);

    const r = (await request(app).post('/api/check').send({ text: draft }).expect(200)).body;
    expect(r.chars).toBe(contentLength(draft));
    console.log(`查重 composed draft: ${r.chars} chars, rate ${r.ratio} vs truth ${truth.toFixed(3)}, ${r.passages.length} passages`);
    expect(Math.abs(r.ratio - truth), `ratio ${r.ratio} vs truth ${truth.toFixed(3)}`).toBeLessThan(0.04);
    // Every passage is a slice of the draft at its offsets, with its sources.
    for (const p of r.passages) {
      expect(draft.slice(p.start, p.end)).toBe(p.text);
      expect(p.sources.length).toBeGreaterThan(0);
      expect(p.similarity).toBeGreaterThan(0);
      expect(p.similarity).toBeLessThanOrEqual(1);
    }
    // Each verbatim sentence is inside a passage with similarity 1 sourced from document A.
    for (const s of verbatim) {
      const at = draft.indexOf(s);
      const p = r.passages.find((x: { start: number; end: number }) => x.start <= at + 1 && x.end >= at + s.length - 1);
      expect(p, s).toBeDefined();
      expect(p.sources.map((x: { docId: string }) => x.docId)).toContain(a.docId);
    }
    // Each edited sentence is found as a near-copy of document B.
    for (const s of edited) {
      const at = draft.indexOf(s);
      const p = r.passages.find((x: { start: number; end: number }) => x.start < at + s.length && x.end > at);
      expect(p, s).toBeDefined();
      expect(p.sources.map((x: { docId: string }) => x.docId)).toContain(b.docId);
      expect(p.end - p.start).toBeGreaterThan(s.length * 0.8);
    }
    // New sentences are not marked.
    for (const s of fresh) {
      const at = draft.indexOf(s);
      const overlap = r.passages.reduce((n: number, p: { start: number; end: number }) => n + Math.max(0, Math.min(p.end, at + s.length) - Math.max(p.start, at)), 0);
      expect(overlap, s).toBeLessThanOrEqual(3);
    }
    // A draft mostly of new text, one sentence copied: the rate stays close to its small truth.
    const low = [f0, f1, v0, f2, f3, f4].join('');
    const lowTruth = contentLength(v0) / contentLength(low);
    const lr = (await request(app).post('/api/check').send({ text: low }).expect(200)).body;
    console.log(`查重 mostly new draft: rate ${lr.ratio} vs truth ${lowTruth.toFixed(3)}`);
    expect(Math.abs(lr.ratio - lowTruth)).toBeLessThan(0.04);
    // A source link opens the viewer at the section, finding the shared wording literally.
    const url = new URL(r.passages[0].sources[0].url, 'http://x');
    expect(url.searchParams.get('mode')).toBe('exact');
    expect(url.hash).toMatch(/^#section-/);
  });

  it('shows a phrase used in a large share of the documents as 常用表述, outside the rate', async () => {
    const draft = `今年，我们${SLOGAN}，把社区食堂办到了老人家门口。`;
    const r = (await request(app).post('/api/check').send({ text: draft }).expect(200)).body;
    expect(r.stockPhrases.map((s: { text: string }) => s.text).join('')).toContain('新时代中国特色社会主义思想');
    expect(r.stockPhrases[0].documents).toBeGreaterThanOrEqual(6);
    expect(r.passages).toEqual([]);
    expect(r.copiedChars).toBe(0);
    expect(r.ratio).toBe(0);
  });

  it('rejects a body without text and a draft that is too long, with stable codes', async () => {
    expect((await request(app).post('/api/check').send({}).expect(400)).body.error.code).toBe('invalid_text');
    expect((await request(app).post('/api/check').send({ text: '党'.repeat(30_001) }).expect(400)).body.error.code).toBe('draft_too_long');
    const empty = (await request(app).post('/api/check').send({ text: '，。  \n' }).expect(200)).body;
    expect(empty).toMatchObject({ chars: 0, copiedChars: 0, ratio: 0, passages: [] });
  });

  it('the /check page accepts an uploaded .docx draft', async () => {
    const docxPath = path.join(FIXTURES_DIR, 'docx', '集团公司党委 2023年党建工作总结.docx');
    const res = await request(app).post('/check').attach('file', docxPath).expect(200);
    const ratio = Number(/data-ratio>([\d.]+)%/.exec(res.text)![1]);
    // The archived document itself: nearly all of it stands in the archive.
    expect(ratio).toBeGreaterThan(90);
    expect(res.text).toContain('集团公司党委');
    // A .txt in GBK is decoded like the archive's own files.
    const gbk = await request(app).post('/check').attach('file', path.join(FIXTURES_DIR, 'encodings', 'XX镇党委 上半年总结 gbk-crlf.txt')).expect(200);
    expect(Number(/data-ratio>([\d.]+)%/.exec(gbk.text)![1])).toBeGreaterThan(90);
    expect((await request(app).post('/check').attach('file', Buffer.from('abc'), 'draft.pdf').expect(400)).text).toContain('只能上传 .txt 或 .docx 文稿');
    expect((await request(app).post('/check').attach('file', path.join(FIXTURES_DIR, 'bad', 'not-a-zip.docx')).expect(400)).text).toContain('无法读取上传的文稿');
  });
});

describe('GET /api/sections/:id/similar (类似表述)', () => {
  it('finds the sections of other documents that share long passages, and not its own document', async () => {
    // A document copying half of a sample section's text, with new text around it.
    const source = allSections.find((s) => s.docTitle.includes('供销社') && contentLength(s.text) > 80)!;
    const copiedPart = source.text.slice(0, Math.floor(source.text.length / 2));
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-similar-'));
    try {
      writeFileSync(path.join(dir, '某街道党工委2025年工作总结.txt'), `某街道党工委2025年工作总结\n一、基层组织建设\n街道今年新建了两个楼宇党支部。${copiedPart}下一步将继续完善网格化管理。\n`);
      await engine.ingest([dir]);
      const r = (await request(app).get(`/api/sections/${source.id}/similar`).expect(200)).body;
      expect(r.sections.length).toBeGreaterThan(0);
      const top = r.sections[0];
      expect(top.docTitle).toBe('某街道党工委2025年工作总结');
      expect(top.year).toBe(2025);
      expect(top.similarity).toBeGreaterThan(0.3);
      expect(top.url).toContain(`#section-${top.sectionId}`);
      expect(r.sections.every((s: { docId: string }) => s.docId !== source.docId)).toBe(true);
      // And the other way round.
      const back = (await request(app).get(`/api/sections/${top.sectionId}/similar`).expect(200)).body;
      expect(back.sections.map((s: { sectionId: string }) => s.sectionId)).toContain(source.id);
      // The page marks the shared text.
      const page = await request(app).get(`/sections/${source.id}/similar`).expect(200);
      expect(page.text).toContain('<mark>');
      expect(page.text).toContain('2025年');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('404 for an unknown section', async () => {
    expect((await request(app).get('/api/sections/0000000000000000-0001/similar').expect(404)).body.error.code).toBe('section_not_found');
  });
});

describe('GET /api/stats (统计)', () => {
  const cases: Array<Record<string, string | string[]>> = [
    { q: '党员' },
    { q: '' },
    { q: '支部', mode: 'exact' },
    { q: '党员', year: '2023', theme: '组织建设' },
    { q: '组织生活', mode: 'exact', orgType: ['党政机关', '国有企业'] },
  ];
  it.each(cases)('sections equal the search facets and documents the distinct documents (%o)', async (params) => {
    const search = (await request(app).get('/api/search').query(params).expect(200)).body;
    for (const by of FACET_NAMES) {
      const stats = (await request(app).get('/api/stats').query({ ...params, by }).expect(200)).body;
      expect(stats.by).toBe(by);
      const sections = Object.fromEntries(stats.buckets.filter((b: { sections: number }) => b.sections > 0).map((b: { value: string; sections: number }) => [b.value, b.sections]));
      expect(sections).toEqual(search.facets[by]);
      // Brute force: the documents of every matching section, with this facet's own filter replaced by the bucket.
      for (const b of stats.buckets as Array<{ value: string; documents: number }>) {
        const hits = await searchAll({ ...params, [by]: b.value });
        expect(b.documents, `${by}=${b.value}`).toBe(new Set(hits.map((h) => h.docId)).size);
      }
    }
  });

  it('rejects an unknown by, and the page links each bar to the filtered search', async () => {
    expect((await request(app).get('/api/stats').query({ by: 'color' }).expect(400)).body.error.code).toBe('invalid_by');
    const page = await request(app).get('/stats').query({ q: '党员' }).expect(200);
    expect(page.text).toContain('<svg');
    expect(page.text).toMatch(/href="\/\?q=%E5%85%9A%E5%91%98&amp;year=2023"/);
    expect(page.text).not.toMatch(/<script>|style="/);
    const search = await request(app).get('/').query({ q: '党员' }).expect(200);
    expect(search.text).toContain('href="/stats?q=%E5%85%9A%E5%91%98"');
  });
});

describe('POST /api/export', () => {
  it('builds a Word file with the heading, every excerpt and its citation, under its Chinese name', async () => {
    const [s1, s2] = allSections.filter((s) => s.text.length > 60 && s.headingPath.length > 0);
    const quote = s2!.text.slice(10, 40);
    const res = await request(app)
      .post('/api/export')
      .send({ title: '2024年素材汇编', format: 'docx', items: [{ sectionId: s1!.id, note: '开头可用' }, { sectionId: s2!.id, quote }] })
      .buffer(true)
      .parse(rawBody)
      .expect(200);
    expect(res.headers['content-type']).toContain('wordprocessingml');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('2024年素材汇编.docx')}`);
    const { value } = await mammoth.extractRawText({ buffer: res.body as Buffer });
    expect(value).toContain('2024年素材汇编');
    expect(value).toContain(s1!.text.split('\n')[0]!);
    expect(value).toContain(quote);
    expect(value).toContain('开头可用');
    for (const s of [s1!, s2!]) {
      expect(value).toContain(`《${s.docTitle}》`);
      expect(value).toContain(s.headingPath.join(' › '));
    }
    expect(value).toContain(`${s1!.year}年`);
    // The citation is in a smaller style than the excerpt.
    const html = (await mammoth.convertToHtml({ buffer: res.body as Buffer })).value;
    expect(html).toContain('<h1>2024年素材汇编</h1>');
    expect(audit.at(-1)).toMatchObject({ action: 'export' });
  });

  it('writes the same as plain text, and refuses a quote that is not the section’s wording', async () => {
    const s = allSections.find((x) => x.text.length > 40)!;
    const txt = await request(app).post('/api/export').send({ format: 'txt', items: [{ sectionId: s.id, quote: s.text.slice(0, 20) }] }).expect(200);
    expect(txt.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('素材汇编.txt')}`);
    expect(txt.text).toContain(s.text.slice(0, 20));
    expect(txt.text).toContain(`《${s.docTitle}》`);
    const bad = await request(app).post('/api/export').send({ format: 'docx', items: [{ sectionId: s.id, quote: s.text.slice(0, 10) + '篡改' }] }).expect(400);
    expect(bad.body.error.code).toBe('quote_not_in_section');
    expect((await request(app).post('/api/export').send({ format: 'pdf', items: [{ sectionId: s.id }] }).expect(400)).body.error.code).toBe('invalid_format');
    expect((await request(app).post('/api/export').send({ format: 'txt', items: [] }).expect(400)).body.error.code).toBe('invalid_items');
    expect((await request(app).post('/api/export').send({ format: 'txt', items: [{ sectionId: '0000000000000000-0009' }] }).expect(400)).body.error.code).toBe('section_not_found');
  });
});

describe('素材篮 of a signed-in user (server side, SQLite)', () => {
  it('keeps each user’s basket apart, in order, with notes; needs a user', async () => {
    // Real accounts and sessions (AUTH=local), as staff use the portal on a shared server.
    const portal = await startPortal(engine);
    try {
      const admins = AccountAdmin.forDatabase(portal.db);
      await admins.add('writer1', 'reader', PASSWORD, { user: 'test', ip: null });
      await admins.add('writer2', 'reader', PASSWORD, { user: 'test', ip: null });
      const one = await signIn(portal, 'writer1');
      const two = await signIn(portal, 'writer2');
      const [s1, s2, s3] = allSections.filter((s) => s.text.length > 30);
      expect((await browserAgent(portal).get('/api/basket').expect(401)).body.error.code).toBe('unauthenticated');
      await one.post('/api/basket/items').send({ sectionId: s1!.id }).expect(201);
      const added = await one.post('/api/basket/items').send({ sectionId: s2!.id, quote: s2!.text.slice(0, 12), note: '备用' }).expect(201);
      expect(added.body.items.map((i: { sectionId: string }) => i.sectionId)).toEqual([s1!.id, s2!.id]);
      await one.post('/api/basket/items').send({ sectionId: s3!.id, quote: '不是原文的句子' }).expect(400);
      // Reorder and edit as a whole.
      const items = added.body.items.reverse().map((i: { note: string }, k: number) => ({ ...i, note: k === 0 ? '改过的备注' : i.note }));
      await one.put('/api/basket').send({ items }).expect(200);
      const mine = (await one.get('/api/basket').expect(200)).body.items;
      expect(mine.map((i: { sectionId: string }) => i.sectionId)).toEqual([s2!.id, s1!.id]);
      expect(mine[0]).toMatchObject({ quote: s2!.text.slice(0, 12), note: '改过的备注' });
      expect((await two.get('/api/basket').expect(200)).body.items).toEqual([]);
      // The basket page says where it is kept.
      expect((await one.get('/basket').expect(200)).text).toContain('data-signed-in="1"');
      // Sources for the page.
      const src = (await one.get('/api/sections').query({ ids: `${s1!.id},${s2!.id}` }).expect(200)).body.sections;
      expect(src.map((s: { sectionId: string }) => s.sectionId).sort()).toEqual([s1!.id, s2!.id].sort());
      expect(src[0].citation).toContain('《');
      // An export by a signed-in user is in the audit trail with their name.
      await one.post('/api/export').send({ format: 'txt', items: [{ sectionId: s1!.id }] }).expect(200);
      const events = new AuditLog(portal.db).query({ action: 'export' });
      expect(events.events.some((e: { user: string | null }) => e.user === 'writer1')).toBe(true);
    } finally {
      await portal.close();
    }
  });
});
