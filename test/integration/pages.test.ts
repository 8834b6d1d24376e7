// The HTML pages (search, viewer, download, errors) against a real engine holding the sample corpus.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/web/app.js';
import { loadConfig } from '../../src/core/config.js';
import { buildAppDeps } from '../../src/cli/runtime.js';
import { SAMPLE_DIR, startTestEngine, type TestEngine } from '../helpers/engine.js';
import { rawBody } from '../helpers/http.js';

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;

const idOf = (file: string) => createHash('sha256').update(readFileSync(path.join(SAMPLE_DIR, file))).digest('hex').slice(0, 16);
const CENTER = 'XX中心2023年下半年党支部工作情况.txt';
const UNTITLED = '党支部2023年上半年工作总结（无标题）.txt';
const centerId = idOf(CENTER);

const get = async (url: string, status = 200) => {
  const res = await request(app).get(url).expect(status);
  return res;
};
const html = async (url: string, status = 200) => {
  const res = await get(url, status);
  expect(res.headers['content-type']).toMatch(/^text\/html/);
  return res.text;
};

const decode = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&(quot|#34);/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
/** Visible text of an HTML fragment: tags dropped, entities decoded. */
const textOf = (s: string) => decode(s.replace(/<[^>]*>/g, ''));
const hrefs = (page: string, cls: string) =>
  [...page.matchAll(new RegExp(`<a class="${cls}[^"]*" href="([^"]*)"`, 'g'))].map((m) => decode(m[1]!));
const paramsOf = (href: string) => new URL(href, 'http://x').searchParams;

/** Facet counts as rendered: { value: count } for one facet. */
function facetCounts(page: string, facet: string): Record<string, { count: number; selected: boolean; href: string }> {
  const out: Record<string, { count: number; selected: boolean; href: string }> = {};
  const re = new RegExp(
    `<a class="facet-value([^"]*)" href="([^"]*)" rel="nofollow" data-facet="${facet}" data-value="([^"]*)">[\\s\\S]*?<span class="count">(\\d+)</span>`,
    'g',
  );
  for (const m of page.matchAll(re)) {
    out[decode(m[3]!)] = { count: Number(m[4]), selected: m[1]!.includes('is-selected'), href: decodeURI(decode(m[2]!)) };
  }
  return out;
}
const hitCount = (page: string) => page.match(/<article class="hit"/g)?.length ?? 0;
const totalOf = (page: string) => Number(page.match(/共 <strong data-total>(\d+)<\/strong> 条/)?.[1]);

beforeAll(async () => {
  engine = await startTestEngine();
  await engine.ingest([SAMPLE_DIR]);
  app = engine.app();
});
afterAll(async () => {
  await engine?.stop();
});

describe('search page', () => {
  it('renders hits with marked snippets, breadcrumbs and links into the viewer', async () => {
    const page = await html('/?q=' + encodeURIComponent('党费'));
    // 党费 occurs in one section of each of three sample documents.
    expect(totalOf(page)).toBe(3);
    expect(hitCount(page)).toBe(3);
    expect(page).toContain('<mark>党费</mark>');
    expect(page).toContain('<li>（五）党费收缴制度落实情况</li>');
    const links = [...page.matchAll(/<a href="([^"]*)" data-hit-link>([^<]*)<\/a>/g)].map((m) => ({ href: decode(m[1]!), title: m[2] }));
    expect(links.map((l) => l.title).sort()).toEqual(
      ['XX中心2023年下半年党支部工作情况', 'XX县供销社机关党支部2023年上半年党建工作总结', '党支部2023年上半年工作总结'].sort(),
    );
    const center = links.find((l) => l.title === 'XX中心2023年下半年党支部工作情况')!;
    expect(center.href).toMatch(new RegExp(`^/documents/${centerId}\\?q=%E5%85%9A%E8%B4%B9&mode=words#section-${centerId}-\\d{4}$`));
    // The copy button carries the whole section text.
    expect(page).toContain('data-copy="党员每月能够准时交纳党费，员同时做好党费收缴记录工作，做到有据可查、有迹可循，2023年党费已全部收齐。"');
  });

  it('shows facet counts, and a selected value becomes a chip while the other values keep their counts', async () => {
    const page = await html('/?q=' + encodeURIComponent('党费'));
    expect(facetCounts(page, 'year')).toEqual({ '2023': { count: 3, selected: false, href: '/?q=党费&year=2023' } });
    const periods = facetCounts(page, 'period');
    expect(periods['上半年']!.count).toBe(2);
    expect(periods['下半年']!.count).toBe(1);
    expect(page).not.toContain('class="chip"');

    const filtered = await html(periods['上半年']!.href);
    expect(totalOf(filtered)).toBe(2);
    const after = facetCounts(filtered, 'period');
    // Disjunctive: 下半年 is still offered with its own count.
    expect(after['上半年']).toMatchObject({ count: 2, selected: true });
    expect(after['下半年']).toMatchObject({ count: 1, selected: false });
    // Multi-select within a facet adds (OR): the link keeps 上半年 and adds 下半年.
    expect(paramsOf(after['下半年']!.href).getAll('period')).toEqual(['上半年', '下半年']);
    // Its chip removes it again; 清除全部 keeps the query.
    expect(filtered).toMatch(/<a class="chip" href="\/\?q=%E5%85%9A%E8%B4%B9" rel="nofollow" data-chip="period"><span class="chip-label">时段：<\/span>上半年/);
    expect(filtered).toContain('<a class="chips-clear" href="/?q=%E5%85%9A%E8%B4%B9" rel="nofollow">清除全部</a>');
    // The search form carries the filter along to the next query.
    expect(filtered).toContain('<input type="hidden" name="period" value="上半年">');
  });

  it('keeps the whole state in every link and resets the page on facet changes', async () => {
    const url = '/?' + new URLSearchParams([['q', '党费'], ['mode', 'exact'], ['sort', 'year:asc'], ['perPage', '1'], ['page', '2']]).toString();
    const page = await html(url);
    expect(totalOf(page)).toBe(3);
    expect(hitCount(page)).toBe(1);
    expect(page).toContain('第 2 / 3 页');
    expect(page).toMatch(/<input type="radio" name="mode" value="exact" data-autosubmit checked>/);
    expect(page).toContain('<option value="year:asc" selected>');
    // Facet toggle: same query, mode, sort and page size, back to page 1.
    const toggle = paramsOf(facetCounts(page, 'year')['2023']!.href);
    expect(Object.fromEntries(toggle)).toEqual({ q: '党费', mode: 'exact', sort: 'year:asc', year: '2023', perPage: '1' });
    // Pagination keeps everything and moves.
    const next = page.match(/<a class="page-next" href="([^"]*)" rel="next">/)![1]!;
    expect(Object.fromEntries(paramsOf(decode(next)))).toEqual({ q: '党费', mode: 'exact', sort: 'year:asc', perPage: '1', page: '3' });
    const prev = page.match(/<a class="page-prev" href="([^"]*)" rel="prev">/)![1]!;
    expect(Object.fromEntries(paramsOf(decode(prev)))).toEqual({ q: '党费', mode: 'exact', sort: 'year:asc', perPage: '1' });
    // Theme tags on hits add the theme filter, also from page 1.
    for (const tag of hrefs(page, 'tag')) {
      const p = paramsOf(tag);
      expect(p.get('q')).toBe('党费');
      expect(p.get('mode')).toBe('exact');
      expect(p.getAll('theme')).toHaveLength(1);
      expect(p.get('page')).toBeNull();
    }
  });

  it('escapes a query that looks like markup', async () => {
    const page = await html('/?q=' + encodeURIComponent('<script>alert(1)</script>'));
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('value="&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page).toContain('「&lt;script&gt;alert(1)&lt;/script&gt;」');
    // The only scripts are the external enhancement files.
    expect(page.match(/<script/g)).toHaveLength(page.match(/<script src="\/assets\/[a-z-]+\.js" defer><\/script>/g)!.length);
    expect(page).toContain('<script src="/assets/app.js" defer></script>');
  });

  it('suggests the other mode and dropping the filters when nothing is found', async () => {
    const page = await html('/?' + new URLSearchParams([['q', '党费'], ['year', '2020']]).toString());
    expect(page).toContain('没有找到与「党费」相关的内容');
    expect(hitCount(page)).toBe(0);
    const alt = [...page.matchAll(/<a href="([^"]*)" data-alt="(mode|filters)">[^<]*<\/a>：([^<]*)/g)].map((m) => ({
      href: decodeURI(decode(m[1]!)),
      kind: m[2],
      note: m[3]!.trim(),
    }));
    expect(alt).toEqual([
      { href: '/?q=党费&mode=exact&year=2020', kind: 'mode', note: '也没有结果' },
      { href: '/?q=党费', kind: 'filters', note: '有 3 条结果' },
    ]);
    // The selected year stays visible (at 0) so it can be unticked.
    expect(facetCounts(page, 'year')['2020']).toMatchObject({ count: 0, selected: true });
  });

  it('browses with filters and no query', async () => {
    const page = await html('/?' + new URLSearchParams([['theme', '存在问题'], ['year', '2023']]).toString());
    expect(page).toContain('按筛选条件浏览');
    const n = hitCount(page);
    expect(n).toBeGreaterThan(0);
    expect(totalOf(page)).toBe(n);
    // Every hit is a 2023 section tagged 存在问题 (the tag is shown as selected).
    for (const art of page.split('<article class="hit"').slice(1)) {
      expect(art).toMatch(/<p class="hit-meta">2023年/);
      expect(art).toContain('>存在问题</a>');
      expect(art).toMatch(/class="tag is-selected"[^>]*>存在问题</);
    }
  });

  it('shows a landing page with the documents and example queries when there is no query and no filter', async () => {
    const page = await html('/');
    expect(page).toContain('已收录 <strong>5</strong> 份文稿');
    expect(hitCount(page)).toBe(0);
    const docs = [...page.matchAll(/<a href="\/documents\/([0-9a-f]{16})">([^<]*)<\/a>/g)].map((m) => m[1]);
    expect(docs).toHaveLength(5);
    expect(docs).toContain(centerId);
    expect(page).toContain('<a href="/?q=%E4%B8%89%E4%BC%9A%E4%B8%80%E8%AF%BE">三会一课</a>');
    // Facets over the whole archive are offered for browsing.
    expect(Object.keys(facetCounts(page, 'year')).sort()).toEqual(['2020', '2023']);
  });

  it('answers invalid parameters with a 400 page', async () => {
    const page = await html('/?year=abc', 400);
    expect(page).toContain('<p class="error-status">400</p>');
    expect(page).toContain('year 必须是四位年份');
  });
});

describe('document viewer', () => {
  it('shows the whole cleaned document with section anchors, a table of contents and the metadata', async () => {
    const page = await html(`/documents/${centerId}`);
    expect(page).toContain('<h1 class="doc-title">XX中心2023年下半年党支部工作情况</h1>');
    expect(page).toContain('<dt>来源文件</dt><dd class="source-file">XX中心2023年下半年党支部工作情况.txt</dd>');
    expect(page).toContain(`<a class="btn" href="/documents/${centerId}/original" download>下载原文件</a>`);
    expect(page).not.toContain('标题为推断');

    const doc = await engine.deps().documents.get(centerId);
    // Every section has its anchor, in reading order, and an entry in the table of contents.
    const anchors = [...page.matchAll(/<section class="sec[^"]*" id="section-([^"]+)">/g)].map((m) => m[1]);
    expect(anchors).toEqual(doc.sections.map((s) => s.id));
    const toc = [...page.matchAll(/<li class="toc-item depth-(\d)">\s*<a href="#([^"]+)">([^<]*)<\/a>/g)].map((m) => ({ depth: Number(m[1]), href: m[2], text: m[3] }));
    for (const id of anchors) expect(toc.map((t) => t.href)).toContain(`section-${id}`);
    for (const t of toc) expect(page).toContain(`id="${t.href}"`);
    // Part headings that only hold sub-sections are in the text and the TOC, sub-sections indented below.
    expect(toc).toContainEqual(expect.objectContaining({ depth: 0, text: '一、党支部工作开展落实情况' }));
    expect(toc).toContainEqual(expect.objectContaining({ depth: 1, text: '（五）党费收缴制度落实情况' }));
    // Nothing of the cleaned text is lost: every line after the title appears in the body, in
    // order (whitespace aside: a heading with its body on one line is shown as heading + paragraph).
    const squash = (s: string) => s.replace(/\s+/g, '');
    const body = squash(textOf(page.slice(page.indexOf('data-doc-body'), page.indexOf('</article>'))));
    let from = 0;
    for (const line of doc.cleanedText.split('\n').map(squash).filter(Boolean).slice(1)) {
      const at = body.indexOf(line, from);
      expect(at, line).toBeGreaterThanOrEqual(0);
      from = at + line.length;
    }
  });

  it('marks every occurrence of ?q= with a total and per-section counts', async () => {
    const page = await html(`/documents/${centerId}?q=${encodeURIComponent('党费')}&mode=exact`);
    // In the heading （五）党费收缴制度落实情况 and three times in its text.
    expect(page).toContain('「党费」共 <strong>4</strong> 处');
    const body = page.slice(page.indexOf('data-doc-body'));
    expect(body.match(/<mark>党费<\/mark>/g)).toHaveLength(4);
    expect(page).toContain('<p class="sec-count">本节 4 处</p>');
    expect(page).toContain('data-match-pos aria-live="polite">– / 4</span>');
    expect(page).toMatch(/<span class="toc-count" title="4 处匹配">4<\/span>/);
  });

  it('opens at the section a hit links to, with the match marked inside it', async () => {
    const search = await html('/?q=' + encodeURIComponent('党费'));
    const href = decode(search.match(new RegExp(`<a href="(/documents/${centerId}[^"]*)" data-hit-link>`))![1]!);
    const [url, hash] = href.split('#') as [string, string];
    const page = await html(url);
    const start = page.indexOf(`<section class="sec depth-1" id="${hash}">`);
    expect(start).toBeGreaterThan(0);
    const section = page.slice(start, page.indexOf('</section>', start));
    expect(section).toContain('<h3 class="sec-heading">（五）<mark>党费</mark>收缴制度落实情况</h3>');
    expect(section).toContain('<mark>党费</mark>已全部收齐');
  });

  it('notes a derived title', async () => {
    const page = await html(`/documents/${idOf(UNTITLED)}`);
    expect(page).toContain('标题为推断');
  });

  it('escapes ?q= in the viewer', async () => {
    const page = await html(`/documents/${centerId}?q=${encodeURIComponent('"><script>alert(1)</script>')}`);
    expect(page).not.toContain('<script>alert(1)</script>');
    expect(page).toContain('value="&#34;&gt;&lt;script&gt;alert(1)&lt;/script&gt;"');
    expect(page.match(/<script/g)).toHaveLength(page.match(/<script src="\/assets\/[a-z-]+\.js" defer><\/script>/g)!.length);
  });

  it('answers an unknown document with a 404 page', async () => {
    for (const url of ['/documents/0123456789abcdef', '/documents/not-an-id', '/documents/0123456789abcdef/original']) {
      const page = await html(url, 404);
      expect(page).toContain('<p class="error-status">404</p>');
      expect(page).toContain('<a class="btn" href="/">返回首页</a>');
    }
    expect(await html('/no/such/page', 404)).toContain('找不到您要的页面或文稿');
  });
});

describe('original download', () => {
  it('returns the exact bytes with a UTF-8 file name', async () => {
    const bytes = readFileSync(path.join(SAMPLE_DIR, CENTER));
    const res = await request(app)
      .get(`/documents/${centerId}/original`)
      .buffer(true)
      .parse(rawBody)
      .expect(200);
    const body = res.body as Buffer;
    expect(createHash('sha256').update(body).digest('hex')).toBe(createHash('sha256').update(bytes).digest('hex'));
    expect(body.length).toBe(bytes.length);
    expect(res.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent(CENTER)}`);
    expect(res.headers['content-disposition']).toMatch(/^attachment; filename="[\x20-\x7e]+"/);
  });
});

describe('page hygiene', () => {
  it('serves the stylesheet and script, and no page has inline scripts or styles', async () => {
    expect((await get('/assets/style.css')).headers['content-type']).toMatch(/^text\/css/);
    expect((await get('/assets/app.js')).headers['content-type']).toMatch(/javascript/);
    for (const url of ['/', '/?q=%E5%85%9A%E8%B4%B9', `/documents/${centerId}?q=%E5%85%9A%E8%B4%B9`, '/missing']) {
      const res = await request(app).get(url);
      expect(res.headers['content-security-policy']).toContain("script-src 'self'");
      expect(res.text).not.toMatch(/\sstyle=/);
      expect(res.text).not.toMatch(/<style/);
      expect(res.text).not.toMatch(/<script(?![^>]*\ssrc=)/);
      expect(res.text).not.toMatch(/\son[a-z]+=/);
    }
  });
});

describe('engine unavailable', () => {
  it('answers pages with the friendly 503 page', async () => {
    const dead = createApp(buildAppDeps(loadConfig({ NODE_ENV: 'test', MEILI_INDEX: 'sections' }), { url: 'http://127.0.0.1:1' }));
    for (const url of ['/', '/?q=%E5%85%9A%E8%B4%B9', `/documents/${centerId}`]) {
      const res = await request(dead).get(url).expect(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.headers['retry-after']).toBe('5');
      expect(res.text).toContain('<p class="error-status">503</p>');
      expect(res.text).toContain('检索引擎暂时不可用');
      expect(res.text).toContain('<a class="btn" href="/">返回首页</a>');
    }
  });
});
