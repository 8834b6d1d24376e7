import { describe, expect, it } from 'vitest';
import { parseSearchParams } from '../../src/web/query/search-params.js';
import { emptyState, pageWindow, SearchUrls, searchHref, stateFromParams } from '../../src/web/query/url-state.js';

const urlsFor = (query: Record<string, string | string[]>) => new SearchUrls(stateFromParams(parseSearchParams(query)));
const params = (href: string) => [...new URL(href, 'http://x').searchParams];

describe('searchHref', () => {
  it('leaves defaults out', () => {
    expect(searchHref(emptyState())).toBe('/');
    expect(searchHref({ ...emptyState(), q: '党费' })).toBe('/?q=%E5%85%9A%E8%B4%B9');
  });

  it('writes the whole state in a fixed order', () => {
    const urls = urlsFor({ page: '3', theme: '组织建设', q: '党费', year: ['2023', '2020'], mode: 'exact', sort: 'year:desc', perPage: '50' });
    expect(params(urls.current())).toEqual([
      ['q', '党费'],
      ['mode', 'exact'],
      ['sort', 'year:desc'],
      ['year', '2023'],
      ['year', '2020'],
      ['theme', '组织建设'],
      ['perPage', '50'],
      ['page', '3'],
    ]);
  });

  it('round-trips through the parser', () => {
    const query = { q: 'a&b=c #d', year: ['2023'], period: ['上半年', '全年'], mode: 'exact', page: '2' };
    const href = urlsFor(query).current();
    const back = parseSearchParams(Object.fromEntries(
      [...new URL(href, 'http://x').searchParams.keys()].map((k) => {
        const all = new URL(href, 'http://x').searchParams.getAll(k);
        return [k, all.length > 1 ? all : all[0]!];
      }),
    ));
    expect(back).toEqual(parseSearchParams(query));
  });
});

describe('SearchUrls', () => {
  const urls = urlsFor({ q: '党费', mode: 'exact', year: '2023', theme: '组织建设', page: '4' });

  it('toggles a facet value on (OR within the facet) and off, back to page 1', () => {
    expect(params(urls.toggle('year', '2020'))).toEqual([
      ['q', '党费'], ['mode', 'exact'], ['year', '2023'], ['year', '2020'], ['theme', '组织建设'],
    ]);
    expect(params(urls.toggle('year', '2023'))).toEqual([['q', '党费'], ['mode', 'exact'], ['theme', '组织建设']]);
  });

  it('adds a theme without removing it when already selected', () => {
    expect(params(urls.add('theme', '组织建设'))).toEqual([['q', '党费'], ['mode', 'exact'], ['year', '2023'], ['theme', '组织建设']]);
    expect(params(urls.add('theme', '存在问题'))).toEqual([
      ['q', '党费'], ['mode', 'exact'], ['year', '2023'], ['theme', '组织建设'], ['theme', '存在问题'],
    ]);
  });

  it('switches mode or clears filters keeping the rest, and pages keeping everything', () => {
    expect(params(urls.mode('words'))).toEqual([['q', '党费'], ['year', '2023'], ['theme', '组织建设']]);
    expect(params(urls.clearFilters())).toEqual([['q', '党费'], ['mode', 'exact']]);
    expect(params(urls.page(5))).toEqual([['q', '党费'], ['mode', 'exact'], ['year', '2023'], ['theme', '组织建设'], ['page', '5']]);
    expect(urls.page(1)).toBe('/?q=%E5%85%9A%E8%B4%B9&mode=exact&year=2023&theme=%E7%BB%84%E7%BB%87%E5%BB%BA%E8%AE%BE');
  });

  it('does not change its own state', () => {
    urls.toggle('year', '2020');
    urls.clearFilters();
    expect(urls.state.filters.year).toEqual(['2023']);
    expect(urls.state.page).toBe(4);
  });

  it('gives the form the filters as hidden fields, not what the form shows itself', () => {
    expect(urls.hiddenFields()).toEqual([
      { name: 'year', value: '2023' },
      { name: 'theme', value: '组织建设' },
    ]);
  });

  it('makes one chip per selected value, each removing only itself', () => {
    const chips = urls.chips();
    expect(chips.map((c) => [c.label, c.text, params(c.href)])).toEqual([
      ['年份', '2023年', [['q', '党费'], ['mode', 'exact'], ['theme', '组织建设']]],
      ['主题', '组织建设', [['q', '党费'], ['mode', 'exact'], ['year', '2023']]],
    ]);
  });
});

describe('pageWindow', () => {
  it('shows every page when there are few', () => {
    expect(pageWindow(1, 0)).toEqual([]);
    expect(pageWindow(1, 1)).toEqual([1]);
    expect(pageWindow(2, 5)).toEqual([1, 2, 3, 4, 5]);
  });

  it('elides far pages but never a single number', () => {
    expect(pageWindow(10, 20)).toEqual([1, null, 8, 9, 10, 11, 12, null, 20]);
    expect(pageWindow(1, 20)).toEqual([1, 2, 3, null, 20]);
    // 2 is shown rather than an ellipsis standing for one page; 2 and 3 are elided.
    expect(pageWindow(5, 20)).toEqual([1, 2, 3, 4, 5, 6, 7, null, 20]);
    expect(pageWindow(6, 20)).toEqual([1, null, 4, 5, 6, 7, 8, null, 20]);
    expect(pageWindow(20, 20)).toEqual([1, null, 18, 19, 20]);
  });
});

describe('the truncated filter in the URL', () => {
  it('is kept by every link, shown as a chip that removes it, and cleared with the filters', () => {
    const urls = urlsFor({ q: '党费', truncated: 'true', year: '2023' });
    expect(params(urls.toggle('period', '全年'))).toContainEqual(['truncated', 'true']);
    const chip = urls.chips().find((c) => c.facet === 'truncated')!;
    expect(chip.text).toBe('来源不完整');
    expect(params(chip.href)).toEqual([['q', '党费'], ['year', '2023']]);
    expect(params(urls.clearFilters())).toEqual([['q', '党费']]);
    expect(params(urlsFor({ truncated: 'false' }).current())).toEqual([['truncated', 'false']]);
  });
});
