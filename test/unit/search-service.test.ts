// The pure part of the search service: facet counts assembled from a multi-search answer.
import { describe, expect, it } from 'vitest';
import { FACETS } from '../../src/core/vocabulary.js';
import { assembleFacets } from '../../src/web/services/search-service.js';

describe('assembleFacets', () => {
  const main = { facetDistribution: { year: { '2023': 5 }, period: { 上半年: 3, 全年: 2 }, orgType: { 学校: 5 }, themes: { 组织建设: 4 } } };

  it('takes every facet from the main query when nothing is selected, under the facet name (not the attribute)', () => {
    const facets = assembleFacets([main], []);
    expect(Object.keys(facets)).toEqual(FACETS.map((f) => f.name));
    expect(facets.theme).toEqual({ 组织建设: 4 });
    expect(facets.year).toEqual({ '2023': 5 });
  });

  it("takes a selected facet's counts from its own query, which ran without that facet's filter", () => {
    const yearQuery = { facetDistribution: { year: { '2023': 5, '2022': 7 } } };
    const themeQuery = { facetDistribution: { themes: { 组织建设: 4, 存在问题: 9 } } };
    const facets = assembleFacets([main, yearQuery, themeQuery], ['year', 'theme']);
    expect(facets.year).toEqual({ '2023': 5, '2022': 7 });
    expect(facets.theme).toEqual({ 组织建设: 4, 存在问题: 9 });
    expect(facets.period).toEqual({ 上半年: 3, 全年: 2 });
  });

  it('gives empty counts where the engine answered none, and copies rather than shares the answer', () => {
    const facets = assembleFacets([{ facetDistribution: undefined }], []);
    expect(facets).toEqual({ year: {}, period: {}, orgType: {}, theme: {} });
    const again = assembleFacets([main], []);
    again.period['下半年'] = 1;
    expect(main.facetDistribution.period).not.toHaveProperty('下半年');
  });
});
