// The JSON search API against a real engine holding the sample corpus.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedMeili } from '../../src/core/meili/embedded.js';
import { FIXTURES_DIR, SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { rawBody } from '../helpers/http.js';

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;
type Hit = { id: string; docId: string; heading: string; text: string; snippet: string; themes: string[]; year: number; url: string };

const search = async (query: Record<string, string | string[] | number>) =>
  (await request(app).get('/api/search').query(query).expect(200)).body as {
    total: number;
    hits: Hit[];
    facets: Record<string, Record<string, number>>;
    page: number;
    perPage: number;
    effectiveMode: string;
  };

const SUPPLY = 'XX县供销社机关党支部2023年上半年党建工作总结.txt';
const supplyId = createHash('sha256').update(readFileSync(path.join(SAMPLE_DIR, SUPPLY))).digest('hex').slice(0, 16);

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.ingest([SAMPLE_DIR]);
  app = engine.app();
});
afterAll(async () => {
  await engine?.stop();
});

describe('facets', () => {
  it('counts of each value equal the total when filtering on it', async () => {
    const all = await search({ q: '党员' });
    for (const [facet, param] of [['year', 'year'], ['period', 'period'], ['orgType', 'orgType'], ['theme', 'theme']] as const) {
      for (const [value, count] of Object.entries(all.facets[facet]!)) {
        const filtered = await search({ q: '党员', [param]: value });
        expect(filtered.total, `${facet}=${value}`).toBe(count);
      }
    }
  });

  it('multi-select within a facet is OR and keeps the other values counted (disjunctive)', async () => {
    const all = await search({ q: '' });
    expect(all.facets.year).toEqual({ '2020': 12, '2023': 82 });
    const both = await search({ q: '', year: ['2020', '2023'] });
    expect(both.total).toBe(all.total);
    const only2020 = await search({ q: '', year: '2020' });
    expect(only2020.total).toBe(12);
    // The year facet still shows 2023 with its count while 2020 is selected.
    expect(only2020.facets.year).toEqual(all.facets.year);
    // Across facets it is AND.
    const and = await search({ q: '', year: '2020', period: '下半年' });
    expect(and.total).toBe(0);
  });

  it('browses with an empty query and a theme filter', async () => {
    const problems = await search({ q: '', theme: '存在问题', perPage: 100 });
    // 8 sections under a 存在问题 heading plus the two parent headings (二、存在的问题 …) of their own.
    expect(problems.total).toBe(10);
    expect(problems.hits.every((h) => h.themes.includes('存在问题'))).toBe(true);
    const headings = problems.hits.map((h) => h.heading);
    expect(headings).toContain('（一）党建工作方法上缺乏创新');
    expect(headings).toContain('二、存在的问题');
  });
});

describe('modes and highlighting', () => {
  it('exact mode finds the literal string, words mode also finds it inside longer words', async () => {
    const exact = await search({ q: '支部', mode: 'exact', perPage: 100 });
    expect(exact.hits.every((h) => (h.heading + h.text).includes('支部'))).toBe(true);
    const words = await search({ q: '支部', mode: 'words', perPage: 100 });
    expect(words.total).toBe(exact.total);
    expect(words.hits.some((h) => h.text.includes('党支部'))).toBe(true);
  });

  it('exact mode matches across word boundaries and punctuation, words mode does not need adjacency', async () => {
    const exact = await search({ q: '学思想、强党性', mode: 'exact' });
    expect(exact.total).toBe(2);
    expect(exact.hits.every((h) => h.text.includes('学思想、强党性'))).toBe(true);
    const quoted = await search({ q: '"学思想、强党性"', mode: 'exact' });
    expect(quoted.hits.map((h) => h.id).sort()).toEqual(exact.hits.map((h) => h.id).sort());
    const words = await search({ q: '党费 收缴' });
    expect(words.hits[0]!.heading).toBe('（五）党费收缴制度落实情况');
    expect(words.hits.every((h) => (h.heading + h.text).includes('党费') && (h.heading + h.text).includes('收缴'))).toBe(true);
  });

  it('marks the matched words in an HTML-safe snippet', async () => {
    const r = await search({ q: '党费', mode: 'exact' });
    expect(r.hits[0]!.snippet).toContain('<mark>党费</mark>');
    const xss = await search({ q: '<script>', mode: 'exact' });
    expect(xss.total).toBe(0);
    const amp = await search({ q: '“三会一课”', mode: 'exact' });
    expect(amp.hits[0]!.snippet).toContain('<mark>“三会一课”</mark>');
    expect(amp.hits[0]!.snippet).not.toMatch(/<(?!\/?mark>)/);
  });

  it('links each hit to the viewer at its section', async () => {
    const r = await search({ q: '锚定提升学习意识', mode: 'exact' });
    expect(r.hits[0]!.url).toBe(`/documents/${supplyId}?q=${encodeURIComponent('锚定提升学习意识')}&mode=exact#section-${supplyId}-0002`);
  });

  it('finds a document written in traditional script with a simplified query and marks its words', async () => {
    await engine.ingest([path.join(FIXTURES_DIR, 'encodings')]);
    const r = await search({ q: '党支部', perPage: 100 });
    const big5 = r.hits.find((h) => h.text.includes('黨支部') || h.heading.includes('黨支部'));
    expect(big5).toBeDefined();
    expect(big5!.snippet).toContain('<mark>黨支部</mark>');
  });

  it('finds traditional-script queries in simplified text', async () => {
    const r = await search({ q: '黨費' });
    expect(r.total).toBeGreaterThan(0);
    expect(r.hits[0]!.text).toContain('党费');
  });
});

describe('pagination', () => {
  it('pages through every hit exactly once', async () => {
    const first = await search({ q: '党员', perPage: 7, page: 1 });
    const ids = new Set<string>();
    const pages = Math.ceil(first.total / 7);
    for (let p = 1; p <= pages; p++) for (const h of (await search({ q: '党员', perPage: 7, page: p })).hits) ids.add(h.id);
    expect(ids.size).toBe(first.total);
    expect((await search({ q: '党员', perPage: 7, page: pages + 1 })).hits).toEqual([]);
  });
});

describe('invalid parameters are 400 with a code', () => {
  const cases: Array<[Record<string, string>, string]> = [
    [{ mode: 'fuzzy' }, 'invalid_mode'],
    [{ sort: 'title' }, 'invalid_sort'],
    [{ page: '0' }, 'invalid_page'],
    [{ page: 'abc' }, 'invalid_page'],
    [{ perPage: '101' }, 'invalid_perPage'],
    [{ year: '二〇二三' }, 'invalid_year'],
    [{ period: '夏天' }, 'invalid_period'],
    [{ orgType: '公司" OR 1=1' }, 'invalid_orgType'],
    [{ theme: '不存在的主题' }, 'invalid_theme'],
  ];
  for (const [query, code] of cases) {
    it(`${JSON.stringify(query)} → ${code}`, async () => {
      const res = await request(app).get('/api/search').query(query).expect(400);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message).toBeTruthy();
    });
  }
});

describe('documents and 404s', () => {
  it('unknown document ids and paths are JSON 404s under /api', async () => {
    const a = await request(app).get('/api/documents/0000000000000000').expect(404);
    expect(a.body.error.code).toBe('not_found');
    await request(app).get('/api/documents/..%2F..%2Fetc').expect(404);
    const b = await request(app).get('/api/nothing-here').expect(404);
    expect(b.body.error.code).toBe('not_found');
  });

  it('serves the original bytes with a Chinese download name', async () => {
    const bytes = readFileSync(path.join(SAMPLE_DIR, SUPPLY));
    const res = await request(app).get(`/documents/${supplyId}/original`).buffer(true).parse(rawBody).expect(200);
    expect(createHash('sha256').update(res.body as Buffer).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(res.headers['content-type']).toBe('text/plain; charset=utf-8');
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(SUPPLY)}`);
    await request(app).get('/documents/0000000000000000/original').expect(404);
  });
});

describe('engine outage', () => {
  it('answers 503 while the engine is stopped and recovers when it returns', async () => {
    const dir = `${engine.dataDir}-outage`;
    let own = await startEmbeddedMeili({ dataDir: dir });
    const port = Number(new URL(own.url).port);
    const outageApp = (await import('../../src/web/app.js')).createApp(
      (await import('../../src/cli/runtime.js')).buildAppDeps(
        (await import('../../src/core/config.js')).loadConfig({ NODE_ENV: 'production', DATA_DIR: dir }),
        { url: own.url, adminKey: own.masterKey },
      ),
    );
    await request(outageApp).get('/health').expect(200);
    await own.stop();
    await request(outageApp).get('/health').expect(503);
    const api = await request(outageApp).get('/api/search').query({ q: '党费' }).expect(503);
    expect(api.body.error.code).toBe('engine_unavailable');
    const page = await request(outageApp).get('/').query({ q: '党费' }).expect(503);
    expect(page.text).toContain('检索引擎暂时不可用');
    own = await startEmbeddedMeili({ dataDir: dir, port });
    try {
      await request(outageApp).get('/health').expect(200);
      // The index does not exist in this engine: still a clear 503 that says what to do, not a crash.
      const missing = await request(outageApp).get('/api/search').query({ q: '党费' }).expect(503);
      expect(missing.body.error.code).toBe('index_missing');
      const missingPage = await request(outageApp).get('/').query({ q: '党费' }).expect(503);
      expect(missingPage.text).toContain('索引尚未建立');
    } finally {
      await own.stop();
    }
  });
});
