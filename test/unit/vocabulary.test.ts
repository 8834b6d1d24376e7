// The vocabulary table and what is derived from it for pages: labels, value text, value order.
import { describe, expect, it } from 'vitest';
import { emptyFilters, FACET_NAMES, FACETS, facetValueText, hasFilters, PERIODS, sortFacetValues, THEMES } from '../../src/core/vocabulary.js';

describe('vocabulary', () => {
  it('lists each facet once with a label, an engine attribute and its closed values (none for years)', () => {
    expect(FACET_NAMES).toEqual(['year', 'period', 'orgType', 'theme']);
    expect(new Set(FACETS.map((f) => f.label)).size).toBe(FACETS.length);
    expect(FACETS.find((f) => f.name === 'theme')!.attribute).toBe('themes');
    expect(FACETS.find((f) => f.name === 'year')!.values).toBeNull();
  });

  it('orders closed values as the vocabulary lists them, years newest first, unknown values last', () => {
    expect(sortFacetValues('period', ['未知', '全年', '上半年'])).toEqual(['上半年', '全年', '未知']);
    expect(sortFacetValues('theme', ['其他', '旧主题', THEMES[0]])).toEqual([THEMES[0], '其他', '旧主题']);
    expect(sortFacetValues('year', ['2019', '2023', '2020'])).toEqual(['2023', '2020', '2019']);
    expect(sortFacetValues('period', [...PERIODS].reverse())).toEqual([...PERIODS]);
  });

  it('reads years with 年 and other values as they are', () => {
    expect(facetValueText('year', 2023)).toBe('2023年');
    expect(facetValueText('orgType', '学校')).toBe('学校');
  });

  it('makes fresh empty filters and tells whether any facet has a selection', () => {
    const f = emptyFilters();
    expect(hasFilters(f)).toBe(false);
    f.theme.push('组织建设');
    expect(hasFilters(f)).toBe(true);
    expect(emptyFilters().theme).toEqual([]);
  });
});
