// 原文 phrases longer than four characters: the engine's candidates include sections that hold every
// four-character window of the phrase but not the phrase; verification leaves them out, from the
// portal's copy of the texts when it is current and on the engine otherwise (real engine).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { SearchParams as MeiliSearchParams } from 'meilisearch';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it, onTestFinished } from 'vitest';
import { buildExactQuery, EXACT_FIELDS } from '../../src/core/exact-grams.js';
import { createClient } from '../../src/core/meili/client.js';
import { SearchService } from '../../src/web/services/search-service.js';
import { SectionTexts } from '../../src/web/services/section-texts.js';
import { parseSearchParams } from '../../src/web/query/search-params.js';
import { cut } from '../../src/core/text/segmenter.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';

let engine: TestEngine;
let dir: string;

const write = (name: string, body: string) => writeFileSync(path.join(dir, name), body);
// Every 4-character window of 党建引领发展 (党建引领, 建引领发, 引领发展), in three places: a false positive.
const TRAP = '坚持党建引领。所谓建引领发的说法并不通顺。引领发展是关键。';
const TRAP2 = '深化作风建设。风建设长的写法有误。建设长效机制很重要。'; // …作风建设长效机制…

beforeAll(async () => {
  engine = await startTestEngine('verify');
  dir = mkdtempSync(path.join(os.tmpdir(), 'dj-verify-'));
  write('A单位党支部2023年上半年工作总结.txt', `A单位党支部2023年上半年工作总结\n一、基本情况\n${TRAP}\n二、存在问题\n学习不够深入。\n`);
  write('B单位党支部2023年工作总结.txt', `B单位党支部2023年工作总结\n一、主要做法\n坚持党建引领发展，推动作风建设长效机制落地。\n`);
  await engine.ingest([dir]);
});
afterAll(async () => {
  await engine?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const engineCandidates = async (needle: string) => {
  const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
  const r = await admin.index(engine.index).search(buildExactQuery(needle)!.q, { attributesToSearchOn: [...EXACT_FIELDS], matchingStrategy: 'all', page: 1, hitsPerPage: 0 });
  return r.totalHits;
};
const exact = (search: Pick<SearchService, 'search'>, q: string) => search.search(parseSearchParams({ q, mode: 'exact' }));

describe('verification of long 原文 phrases', () => {
  it('the engine alone takes the trap for a match (so the cases below test something)', async () => {
    expect(await engineCandidates('党建引领发展')).toBe(2);
    expect(await engineCandidates('作风建设长效机制')).toBe(1); // its trap comes with file C below
  });

  it('leaves the false positive out when verifying on the engine (no copy of the texts)', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const search = new SearchService({ client: async () => admin, index: engine.index, cut, synonyms: {} });
    const r = await exact(search, '党建引领发展');
    expect(r.total).toBe(1);
    expect(r.hits.map((h) => h.text)).toEqual([expect.stringContaining('坚持党建引领发展')]);
    expect(r.facets.year).toEqual({ '2023': 1 });
  });

  it('keeps no copy over its memory budget and verifies on the engine instead', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const texts = new SectionTexts({ client: async () => admin, index: engine.index, documentsIndex: engine.documentsIndex, maxBytes: 100 });
    onTestFinished(() => texts.close());
    const search = new SearchService({ client: async () => admin, index: engine.index, cut, synonyms: {}, texts });
    expect(await search.warmUp()).toBe(false);
    expect(texts.snapshot()).toBeNull();
    expect((await exact(search, '引领发展是关键。')).total).toBe(1);
    expect((await exact(search, '党建引领发展')).total).toBe(1);
  });

  it('counting in the copy instead of listing the candidates gives the same answers, the trap still left out', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const texts = new SectionTexts({ client: async () => admin, index: engine.index, documentsIndex: engine.documentsIndex, maxBytes: 20_000_000 });
    onTestFinished(() => texts.close());
    const counting = new SearchService({ client: async () => admin, index: engine.index, cut, synonyms: {}, texts, countByScan: 'always' });
    const listing = new SearchService({ client: async () => admin, index: engine.index, cut, synonyms: {}, texts, countByScan: 'never' });
    expect(await counting.warmUp()).toBe(true);
    const copy = texts.snapshot()!;
    // The oracle: every section of the engine read whole, the needle looked for literally.
    const all = await admin.index(engine.index).getDocuments<{ heading: string; text: string }>({ fields: ['heading', 'text'], limit: 1000 });
    for (const needle of ['党建引领发展', '坚持党建引领', '学习不够深入。', '作风建设长效机制', '不在任何一节里的话']) {
      const brute = all.results.filter((x) => x.heading.includes(needle) || x.text.includes(needle)).length;
      expect(copy.countContaining(needle), needle).toBe(brute);
      const [a, b] = [await exact(counting, needle), await exact(listing, needle)];
      expect(a.total, needle).toBe(brute);
      expect(b.total, needle).toBe(brute);
      expect(a.hits.map((h) => h.id)).toEqual(b.hits.map((h) => h.id));
      expect(a.facets).toEqual(b.facets);
    }
    // The trap makes the engine's count (2) differ from the copy's (1): the candidates are listed.
    expect(await engineCandidates('党建引领发展')).toBe(2);
  });

  it('finds a false candidate among the copy\'s suspects, without listing every candidate', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    // The engine as the service sees it: every single-index search, and every multi-search's filters.
    const asked: MeiliSearchParams[] = [];
    const multi: string[][] = [];
    const spy = Object.create(admin) as typeof admin;
    spy.index = ((uid: string) => {
      const ix = admin.index(uid);
      const search = ix.search.bind(ix);
      ix.search = ((q: string, p: MeiliSearchParams) => (asked.push(p), search(q, p))) as typeof ix.search;
      return ix;
    }) as typeof admin.index;
    spy.multiSearch = ((req: Parameters<typeof admin.multiSearch>[0]) => {
      multi.push(req.queries.map((q) => [q.filter ?? []].flat(2).join(' AND ')));
      return admin.multiSearch(req);
    }) as typeof admin.multiSearch;
    const texts = new SectionTexts({ client: async () => admin, index: engine.index, documentsIndex: engine.documentsIndex, maxBytes: 20_000_000 });
    onTestFinished(() => texts.close());
    const service = () => new SearchService({ client: async () => spy, index: engine.index, cut, synonyms: {}, texts, countByScan: 'always' });
    const search = service();
    expect(await search.warmUp()).toBe(true);
    asked.length = 0;
    multi.length = 0;
    // Unfiltered: the search's own total is the engine's number (2) against the copy's (1); the
    // search runs again without the copy's one suspect, and its total (1) settles it.
    const r = await exact(search, '党建引领发展');
    expect(r.total).toBe(1);
    expect(r.hits.map((h) => h.text)).toEqual([expect.stringContaining('坚持党建引领发展')]);
    expect(r.facets.year).toEqual({ '2023': 1 });
    expect(asked).toEqual([]); // no count of its own, no listing
    expect(multi).toHaveLength(2);
    expect(multi[1]![0]).toMatch(/^id NOT IN \["[0-9a-f]{16}-\d+"\]$/);

    // Filtered, the search's total counts only a year: the engine counts the whole beside it, and
    // is asked which suspects are candidates (the trap's section, by id).
    asked.length = 0;
    const filtered = await service().search(parseSearchParams({ q: '党建引领发展', mode: 'exact', year: '2023' }));
    expect(filtered.total).toBe(1);
    expect(filtered.hits.map((h) => h.text)).toEqual([expect.stringContaining('坚持党建引领发展')]);
    expect(asked.filter((p) => !p.facets && !p.filter)).toHaveLength(1);
    const listings = asked.filter((p) => p.facets?.includes('id'));
    expect(listings).toHaveLength(1);
    expect(String(listings[0]!.filter)).toMatch(/^id IN \["[0-9a-f]{16}-\d+"\]$/);

    // A phrase without a false candidate: settled by the numbers alone, nothing asked but the search.
    asked.length = 0;
    multi.length = 0;
    const plain = await exact(search, '学习不够深入。');
    expect(plain.total).toBe(1);
    expect(asked).toEqual([]);
    expect(multi).toEqual([['']]);
  });

  it('the warm-up asks the archive\'s frequent long phrases, and keeps none of their verifications', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const texts = new SectionTexts({ client: async () => admin, index: engine.index, documentsIndex: engine.documentsIndex, maxBytes: 20_000_000 });
    onTestFinished(() => texts.close());
    const counted: string[] = []; // the needles counted in the copy: one per long phrase verified afresh
    const search = new SearchService({
      client: async () => admin, index: engine.index, cut, synonyms: {}, countByScan: 'always',
      texts: {
        snapshot: () => texts.snapshot(), ready: () => texts.ready(), current: () => texts.current(), warm: () => texts.warm(),
        stillCurrent: (c) => texts.stillCurrent(c), countHolding: (c, n) => (counted.push(n), texts.countHolding(c, n)),
      },
    });
    // Four characters or fewer need no verification: not asked; nor is the fixed phrase twice.
    expect(await search.warmUp(['坚持党建引领', '党建引领', '党建工作总结报告', '学习不够深入。'])).toBe(true);
    expect(counted).toEqual(['党建工作总结报告', '党建工作总结报告', '坚持党建引领', '学习不够深入。']);
    counted.length = 0;
    expect((await exact(search, '坚持党建引领')).total).toBe(2);
    expect(counted).toEqual(['坚持党建引领']); // verified again, not remembered from the warm-up
  });

  it('the portal wires the copy in with its admin key', async () => {
    const deps = engine.deps() as ReturnType<TestEngine['deps']> & { warmUp: () => Promise<boolean> };
    expect(await deps.warmUp()).toBe(true);
    expect((await exact(deps.search, '党建引领发展')).total).toBe(1);
  });

  it('leaves it out from the portal copy, kept in step with each change without reading it all again', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    const texts = new SectionTexts({ client: async () => admin, index: engine.index, documentsIndex: engine.documentsIndex, maxBytes: 20_000_000 });
    onTestFinished(() => texts.close());
    const decided: boolean[] = []; // per check after a query: whether the copy was in step (and so decided)
    const search = new SearchService({
      client: async () => admin, index: engine.index, cut, synonyms: {},
      texts: {
        snapshot: () => texts.snapshot(), ready: () => texts.ready(), current: () => texts.current(), warm: () => texts.warm(), countHolding: (c, n) => texts.countHolding(c, n),
        stillCurrent: async (c) => { const ok = await texts.stillCurrent(c); decided.push(ok); return ok; },
      },
    });
    const docIdOf = async (prefix: string) => {
      const r = await admin.index(engine.documentsIndex).getDocuments<{ docId: string; sourceFile: string }>({ fields: ['docId', 'sourceFile'], limit: 100 });
      return r.results.find((d) => d.sourceFile.startsWith(prefix))?.docId;
    };
    const docA = (await docIdOf('A单位'))!;
    const docB = (await docIdOf('B单位'))!;
    expect(await search.warmUp()).toBe(true);
    decided.length = 0; // the warm-up's own query
    const first = texts.snapshot()!;
    // The oracle: every section of the engine, in the copy with its heading and text.
    const matchesEngine = async (copy: NonNullable<typeof first>) => {
      const all = await admin.index(engine.index).getDocuments<{ id: string; heading: string; text: string }>({ fields: ['id', 'heading', 'text'], limit: 1000 });
      expect(copy.sectionCount).toBe(all.results.length);
      for (const s of all.results) expect(copy.get(s.id)).toBe(`${s.heading}\n${s.text}`);
    };
    await matchesEngine(first);
    const r = await exact(search, '党建引领发展');
    expect(decided).toEqual([true]);
    expect(r.total).toBe(1);
    expect(r.hits[0]!.text).toContain('坚持党建引领发展');

    // A false positive added by an ingestion after the copy was read: the query finds the copy
    // behind, waits for its step and decides from it; A and B were not read again.
    write('C单位党委2024年工作总结.txt', `C单位党委2024年工作总结\n一、作风建设\n${TRAP2}\n二、下一步\n推进作风建设长效机制。\n`);
    await engine.ingest([dir]);
    expect(await engineCandidates('作风建设长效机制')).toBe(3);
    const after = await exact(search, '作风建设长效机制');
    expect(decided.slice(1)).toEqual([false, true]);
    expect(after.total).toBe(2);
    expect(after.hits.every((h) => `${h.heading}\n${h.text}`.includes('作风建设长效机制'))).toBe(true);
    const second = texts.snapshot()!;
    expect(second).not.toBe(first);
    // Found among the most recently ingested documents, without listing them all.
    expect(second.listed).toBe(false);
    expect(second.read).toBe(1);
    expect(second.docs.get(docA)!.ids).toBe(first.docs.get(docA)!.ids); // kept, not read again (packed anew: the same ids)
    expect(second.docs.get(docB)!.ids).toBe(first.docs.get(docB)!.ids); // kept, not read again (packed anew: the same ids)
    await matchesEngine(second);
    expect(second.get(`${(await docIdOf('C单位'))!}-0001`)).toContain(TRAP2);

    // The same phrase again within the minute its verification is remembered, after an ingestion
    // brought a new trap for it: the remembered answer belonged to the old index and is not used.
    write('D单位党支部2025年工作总结.txt', `D单位党支部2025年工作总结\n一、作风建设\n这是风建设长的写法，建设长效的写法，设长效机的写法，长效机制的写法。\n`);
    await engine.ingest([dir]);
    expect(await engineCandidates('风建设长效机制')).toBe(4);
    await exact(search, '风建设长效机制'); // remembered for the minute from here
    write('E单位党支部2025年工作总结.txt', `E单位党支部2025年工作总结\n一、作风建设\n风建设长之外，建设长效与设长效机，还有长效机制。\n`);
    await engine.ingest([dir]);
    expect(await engineCandidates('风建设长效机制')).toBe(5);
    const later = await exact(search, '风建设长效机制');
    expect(later.total).toBe(2);
    expect(later.facets.year).toEqual({ '2023': 1, '2024': 1 });
    expect(decided.at(-1)).toBe(true);

    // A document removed (its file gone, --prune): its sections leave the copy, the others stay as read.
    const beforeRemoval = (await texts.current())!;
    rmSync(path.join(dir, 'B单位党支部2023年工作总结.txt'));
    await engine.ingest([dir], { prune: true });
    const gone = await exact(search, '党建引领发展');
    expect(gone.total).toBe(0); // only A's trap is left among the candidates
    expect(await engineCandidates('党建引领发展')).toBe(1);
    expect(decided.at(-1)).toBe(true);
    const third = texts.snapshot()!;
    // A removal does not show among the recent documents: the counts tell, and every one is listed.
    expect(third.listed).toBe(true);
    expect(third.docs.has(docB)).toBe(false);
    expect(third.docs.get(docA)!.ids).toBe(beforeRemoval.docs.get(docA)!.ids); // kept, not read again (packed anew: the same ids)
    expect(third.sectionCount).toBeLessThan(beforeRemoval.sectionCount);
    await matchesEngine(third);

    // A rebuild swapped in: every document is new to the copy, and its answers are still right.
    await engine.ingest([dir], { rebuild: true });
    const rebuilt = await exact(search, '作风建设长效机制');
    expect(rebuilt.total).toBe(1);
    expect(decided.at(-1)).toBe(true);
    await matchesEngine(texts.snapshot()!);
  });

  it('follows a change made elsewhere by itself when polling, before any query asks', async () => {
    const admin = createClient({ url: engine.url, apiKey: engine.masterKey });
    // Each copy that replaced the one before, as afterStep saw it (the portal collects there).
    const stepped: unknown[] = [];
    const loads: boolean[] = [];
    const texts: SectionTexts = new SectionTexts({
      client: async () => admin, index: engine.index, documentsIndex: engine.documentsIndex, maxBytes: 20_000_000, pollMs: 50,
      afterStep: (loaded) => (stepped.push(texts.snapshot()), loads.push(loaded)),
    });
    try {
      expect(await texts.warm()).toBe(true);
      const before = texts.snapshot()!;
      expect(stepped).toEqual([before]);
      expect(loads).toEqual([true]); // read whole: the portal collects everything there
      write('F单位党支部2026年工作总结.txt', `F单位党支部2026年工作总结\n一、学习教育\n深入开展主题教育读书班。\n`);
      await engine.ingest([dir]);
      // (The poll may pass through the state where F's sections are in and its record not yet.)
      const deadline = Date.now() + 10_000;
      const inStep = async () => { const c = texts.snapshot(); return c !== before && c !== null && (await texts.stillCurrent(c)); };
      while (!(await inStep()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      const now = texts.snapshot()!;
      expect(now).not.toBe(before);
      expect(await texts.stillCurrent(now)).toBe(true);
      expect([...now.entries()].some(([, t]) => t.includes('深入开展主题教育读书班'))).toBe(true);
      expect(stepped.at(-1)).toBe(now);
      expect(new Set(stepped).size).toBe(stepped.length); // once per copy, never for a look that found it current
      expect(loads.slice(1).every((l) => !l)).toBe(true); // the later ones were steps from a copy
    } finally {
      texts.close();
    }
  });
});
