// No dead ends, on a real engine holding the sample corpus: near results when no section holds
// every word (checked against the engine's own answer for each word alone), did-you-mean for
// homophone and one-character slips (none for a correct query), phrases as you type (counts equal
// to the 原文 totals and to a brute-force count over the texts; kept in step with ingestion), and
// part headings that carry their part (hits, basket sources, export).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../../src/core/meili/client.js';
import { WORDS_FIELDS, type SectionRecord } from '../../src/core/index-schema.js';
import { sectionContains } from '../../src/core/exact-grams.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { countTable, liveSections } from '../../ingest/phrase-table.js';
import type { PhraseService } from '../../src/web/services/phrase-service.js';

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;
let all: Array<Pick<SectionRecord, 'id' | 'heading' | 'text' | 'level' | 'order' | 'docId'>>;

type Hit = { id: string; heading: string; text: string; missingWords: string[]; subsections: number; snippet: string };
type Answer = { total: number; totalPages: number; hits: Hit[]; partialMatch: boolean; didYouMean: string | null; facets: Record<string, Record<string, number>> };

const search = async (query: Record<string, string | number>) => (await request(app).get('/api/search').query(query).expect(200)).body as Answer;
const suggest = async (q: string) => (await request(app).get('/api/suggest').query({ q }).expect(200)).body.suggestions as Array<{ text: string; sections: number }>;

async function everyHit(query: Record<string, string>): Promise<Answer & { all: Hit[] }> {
  const first = await search({ ...query, perPage: 100 });
  const hits = [...first.hits];
  for (let page = 2; page <= first.totalPages; page++) hits.push(...(await search({ ...query, perPage: 100, page })).hits);
  return { ...first, all: hits };
}

/** The engine's own answer for one word: the ids of every section it matches in words mode. */
async function idsHolding(word: string): Promise<Set<string>> {
  const client = createClient({ url: engine.url, apiKey: engine.masterKey });
  const r = await client.index(engine.index).search(word, { attributesToSearchOn: [...WORDS_FIELDS], matchingStrategy: 'all', attributesToRetrieve: ['id'], limit: 10_000 });
  return new Set(r.hits.map((h) => h['id'] as string));
}

/** The table as the engine holds it: phrase → sections. */
async function tableNow(): Promise<Map<string, number>> {
  const client = createClient({ url: engine.url, apiKey: engine.masterKey });
  const r = await client.index(`${engine.index}_phrases`).getDocuments<{ text: string; sections: number }>({ fields: ['text', 'sections'], limit: 100_000 });
  return new Map(r.results.map((d) => [d.text, d.sections]));
}

/** The oracle: the table counted afresh over the live sections. */
async function recounted(): Promise<Map<string, number>> {
  return countTable(liveSections(createClient({ url: engine.url, apiKey: engine.masterKey }), engine.index));
}

async function readAllSections() {
  const client = createClient({ url: engine.url, apiKey: engine.masterKey });
  const r = await client.index(engine.index).getDocuments<SectionRecord>({ fields: ['id', 'heading', 'text', 'level', 'order', 'docId'], limit: 10_000 });
  return r.results;
}

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.ingest([SAMPLE_DIR]);
  app = engine.app();
  all = await readAllSections();
});
afterAll(async () => {
  await engine?.stop();
});

describe('near results in 词语 mode', () => {
  for (const q of ['节日 廉洁 提醒', '党建引领 乡村振兴 合作社', '主题党日 志愿服务 垃圾分类 春节']) {
    it(`${q}: the sections holding the most words, more first, each with what it lacks (oracle: each word alone)`, async () => {
      const words = q.split(' ');
      const holding = new Map<string, Set<string>>();
      for (const w of words) holding.set(w, await idsHolding(w));
      const union = new Set([...holding.values()].flatMap((s) => [...s]));
      // The premise: no section holds them all, some hold some.
      expect([...union].some((id) => words.every((w) => holding.get(w)!.has(id)))).toBe(false);
      expect(union.size).toBeGreaterThan(0);

      const r = await everyHit({ q });
      expect(r.partialMatch).toBe(true);
      expect(r.total).toBe(union.size);
      expect(new Set(r.all.map((h) => h.id))).toEqual(union);
      for (const h of r.all) expect(h.missingWords, h.id).toEqual(words.filter((w) => !holding.get(w)!.has(h.id)));
      const held = r.all.map((h) => words.length - h.missingWords.length);
      for (let i = 1; i < held.length; i++) expect(held[i]!, `rank ${i}`).toBeLessThanOrEqual(held[i - 1]!);
      expect(Math.max(...held)).toBeGreaterThan(Math.min(...held));
      // The facets count the same sections.
      expect(Object.values(r.facets['year']!).reduce((a, b) => a + b, 0)).toBe(union.size);
    });
  }

  it('a query every word of which some section holds never changes', async () => {
    for (const q of ['党风廉政建设', '三会一课 党员', '支部 主题党日']) {
      const r = await everyHit({ q });
      expect(r.partialMatch, q).toBe(false);
      expect(r.all.every((h) => h.missingWords.length === 0)).toBe(true);
      const words = q.split(' ');
      const sets = await Promise.all(words.map(idsHolding));
      const both = [...sets[0]!].filter((id) => sets.every((s) => s.has(id)));
      expect(new Set(r.all.map((h) => h.id)), q).toEqual(new Set(both));
    }
  });

  it('near results respect the filters; a query none of whose words the archive holds stays empty', async () => {
    const r = await everyHit({ q: '节日 廉洁 提醒', year: '2023' });
    expect(r.partialMatch).toBe(true);
    const union = new Set([...(await idsHolding('廉洁')), ...(await idsHolding('提醒'))]);
    const in2023 = (await everyHit({ q: '', year: '2023' })).all.map((h) => h.id).filter((id) => union.has(id));
    expect(new Set(r.all.map((h) => h.id))).toEqual(new Set(in2023));
    const none = await search({ q: '量子计算 区块链' });
    expect(none.total).toBe(0);
    expect(none.partialMatch).toBe(false);
  });
});

describe('did you mean', () => {
  it('corrects a homophone typed with a pinyin input method to the archive’s own word', async () => {
    expect((await search({ q: '党风连政建设' })).didYouMean).toBe('党风廉政建设');
    expect((await search({ q: '三回一课' })).didYouMean).toBe('三会一课');
    expect((await search({ q: '三回一课', mode: 'exact' })).didYouMean).toBe('三会一课');
  });

  it('corrects a one-character slip that does not sound the same', async () => {
    expect((await search({ q: '三会二课' })).didYouMean).toBe('三会一课');
    expect((await search({ q: '党风廉政建没' })).didYouMean).toBe('党风廉政建设');
  });

  it('keeps the rest of the query as typed', async () => {
    expect((await search({ q: '三回一课 党员' })).didYouMean).toBe('三会一课 党员');
  });

  it('offers nothing for a correct query, however few sections it finds', async () => {
    for (const q of ['党风廉政建设', '三会一课', '主题党日', '先锋模范作用', '垃圾分类', '节日 廉洁 提醒']) {
      expect((await search({ q })).didYouMean, q).toBeNull();
    }
  });

  it('offers only words the archive holds, and only when they find more', async () => {
    for (const q of ['党风连政建设', '三回一课', '三会二课']) {
      const fix = (await search({ q })).didYouMean!;
      expect(all.some((s) => sectionContains(s.heading, s.text, fix))).toBe(true);
      expect((await search({ q: fix })).total).toBeGreaterThan(0);
    }
  });
});

describe('phrases as you type', () => {
  const brute = (phrase: string) => all.filter((s) => sectionContains(s.heading, s.text, phrase)).length;

  for (const prefix of ['党风廉政', '三会', '党建引领', '主题', '党']) {
    it(`${prefix}: phrases starting with it, most sections first, counts equal to the 原文 totals`, async () => {
      const list = await suggest(prefix);
      expect(list.length).toBeGreaterThan(0);
      expect(list.length).toBeLessThanOrEqual(8);
      for (const s of list) {
        expect(s.text.startsWith(prefix), s.text).toBe(true);
        expect(s.text.length).toBeGreaterThan(prefix.length);
        expect(s.sections, s.text).toBe(brute(s.text));
        expect((await search({ q: s.text, mode: 'exact' })).total, s.text).toBe(s.sections);
      }
      for (let i = 1; i < list.length; i++) expect(list[i]!.sections).toBeLessThanOrEqual(list[i - 1]!.sections);
    });
  }

  it('the warm-up\'s phrases are the table\'s most frequent of five characters or more (oracle: the whole table)', async () => {
    const table = await tableNow();
    const got = await (engine.deps().phrases as PhraseService).frequent(8, 5);
    expect(got.length).toBe(Math.min(8, [...table.keys()].filter((t) => [...t].length >= 5).length));
    for (const t of got) expect([...t].length, t).toBeGreaterThanOrEqual(5);
    const counts = got.map((t) => table.get(t)!);
    for (let i = 1; i < counts.length; i++) expect(counts[i]!).toBeLessThanOrEqual(counts[i - 1]!);
    // Nothing of that length more frequent than the last one given was left out.
    for (const [t, n] of table) if ([...t].length >= 5 && n > counts.at(-1)!) expect(got, t).toContain(t);
  });

  it('党建引领 continues as the archive writes it', async () => {
    const texts = (await suggest('党建引领')).map((s) => s.text);
    expect(texts).toContain('党建引领基层治理');
    expect(texts).toContain('党建引领作用');
  });

  it('the last word of several is completed; nothing for an empty box or a string no phrase starts with', async () => {
    expect((await suggest('支部 三会')).map((s) => s.text)).toContain('三会一课');
    expect(await suggest('')).toEqual([]);
    expect(await suggest('量子纠缠')).toEqual([]);
    expect((await request(app).get('/api/suggest').query({ q: 'x'.repeat(201) }).expect(400)).body.error.code).toBe('invalid_q');
  });

  it('the table follows ingestion: a new file’s phrases appear, and go when it is pruned', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-phrases-'));
    try {
      writeFileSync(
        path.join(dir, 'XX社区党委2024年上半年党建工作总结.txt'),
        'XX社区党委2024年上半年党建工作总结\n一、智慧党建云平台建设\n社区建成智慧党建云平台，智慧党建云平台覆盖全部网格支部。\n二、下一步计划\n继续完善智慧党建云平台。\n',
      );
      expect(await suggest('智慧党建')).toEqual([]);
      await engine.ingest([SAMPLE_DIR, dir]);
      // Counted while the engine indexed the new file, written by difference: the same table as a
      // count over the live sections afterwards.
      expect(await tableNow()).toEqual(await recounted());
      const after = await suggest('智慧党建');
      expect(after.map((s) => s.text)).toContain('智慧党建云平台');
      for (const s of after) expect((await search({ q: s.text, mode: 'exact' })).total).toBe(s.sections);
      // The new file edited: its old sections leave the count, its new ones enter it.
      writeFileSync(
        path.join(dir, 'XX社区党委2024年上半年党建工作总结.txt'),
        'XX社区党委2024年上半年党建工作总结\n一、智慧党建云平台建设\n社区建成智慧党建云平台，智慧党建云平台覆盖全部网格支部。\n二、下一步计划\n推广智慧党建云平台，继续完善智慧党建云平台。\n',
      );
      await engine.ingest([SAMPLE_DIR, dir]);
      expect(await tableNow()).toEqual(await recounted());
      await engine.ingest([SAMPLE_DIR], { prune: true });
      expect(await suggest('智慧党建')).toEqual([]);
      expect(await tableNow()).toEqual(await recounted());
      await engine.ingest([SAMPLE_DIR], { rebuild: true });
      expect(await tableNow()).toEqual(await recounted());
      expect((await suggest('党风廉政'))[0]).toEqual({ text: '党风廉政建设', sections: brute('党风廉政建设') });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('an archive without a phrase table yet', () => {
  it('answers no suggestions and no corrections, searches as before, and gets a table at the next ingestion', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const { taskUid } = await admin.deleteIndex(`${engine.index}_phrases`);
    await admin.tasks.waitForTask(taskUid);
    expect(await suggest('党风廉政')).toEqual([]);
    expect(await (engine.deps().phrases as PhraseService).frequent(8, 5)).toEqual([]); // the warm-up's phrases: none
    const r = await search({ q: '三回一课' });
    expect(r.didYouMean).toBeNull();
    expect(r.total).toBeGreaterThan(0);
    // Nothing changed in the archive, but the table was missing: this run builds it.
    const report = await engine.ingest([SAMPLE_DIR]);
    expect(report.indexed + report.replaced + report.removed).toBe(0);
    expect((await suggest('党风廉政'))[0]?.text).toBe('党风廉政建设');
  });
});

describe('part headings carry their part', () => {
  const bare = () => all.filter((s) => s.level > 0 && s.text.trim() === '');
  const subsOf = (part: (typeof all)[number]) => {
    const out = [];
    for (let o = part.order + 1; ; o++) {
      const s = all.find((x) => x.docId === part.docId && x.order === o);
      if (!s || s.level <= part.level) return out;
      out.push(s);
    }
  };

  it('a theme filter shows no empty hit: each part heading shows its first lines and how many sub-sections it holds', async () => {
    const r = await everyHit({ q: '', theme: '存在问题' });
    const parts = r.all.filter((h) => h.text === '' || h.subsections > 0);
    expect(parts.length).toBeGreaterThanOrEqual(2);
    for (const h of r.all) expect(h.snippet.replace(/<[^>]+>/g, '').length, h.heading).toBeGreaterThan(10);
    for (const h of parts) {
      const part = all.find((s) => s.id === h.id)!;
      const subs = subsOf(part);
      expect(h.subsections).toBe(subs.length);
      expect(h.text).toContain(subs[0]!.heading);
      expect(h.text).toContain(subs.at(-1)!.text);
    }
  });

  it('the basket’s sources and the export keep the whole part', async () => {
    const part = bare().find((s) => subsOf(s).length > 1)!;
    const subs = subsOf(part);
    const { sections } = (await request(app).get('/api/sections').query({ ids: part.id }).expect(200)).body as { sections: Array<{ text: string }> };
    for (const s of subs) expect(sections[0]!.text).toContain(s.text);
    const txt = await request(app).post('/api/export').set('Sec-Fetch-Site', 'same-origin').send({ format: 'txt', items: [{ sectionId: part.id }] }).expect(200);
    for (const s of subs) {
      expect(txt.text).toContain(s.heading);
      expect(txt.text).toContain(s.text.split('\n')[0]!);
    }
  });
});
