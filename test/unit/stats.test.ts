// stats presenter: buckets in vocabulary order (years oldest first), selected values kept at 0,
// bar geometry proportional, each bar linking to the search narrowed to its value.
import { describe, expect, it } from 'vitest';
import { emptyFilters } from '../../src/core/vocabulary.js';
import { parseSearchParams } from '../../src/web/query/search-params.js';
import { SearchUrls, stateFromParams } from '../../src/web/query/url-state.js';
import { presentCharts, statsBuckets } from '../../src/web/presenters/stats.js';
import type { StatsOutcome } from '../../src/web/services/stats-service.js';

const none = () => Object.fromEntries(Object.keys(emptyFilters()).map((k) => [k, {}])) as StatsOutcome['sections'];

function outcome(query: Record<string, unknown>): StatsOutcome {
  const sections = none();
  const documents = none();
  sections.year = { '2023': 40, '2020': 10 };
  documents.year = { '2023': 4, '2020': 1 };
  sections.orgType = { 学校: 3, 党政机关: 12 };
  documents.orgType = { 学校: 1, 党政机关: 2 };
  return { params: parseSearchParams(query), effectiveMode: 'words', totalSections: 50, totalDocuments: 5, sections, documents };
}

describe('statsBuckets', () => {
  it('orders years oldest first and closed lists by the vocabulary', () => {
    const o = outcome({ q: '党员' });
    expect(statsBuckets(o, 'year').map((b) => b.value)).toEqual(['2020', '2023']);
    expect(statsBuckets(o, 'orgType')).toEqual([
      { value: '党政机关', sections: 12, documents: 2 },
      { value: '学校', sections: 3, documents: 1 },
    ]);
  });

  it('keeps a selected value with no sections at 0', () => {
    const o = outcome({ q: '党员', orgType: '医院' });
    expect(statsBuckets(o, 'orgType').find((b) => b.value === '医院')).toEqual({ value: '医院', sections: 0, documents: 0 });
  });
});

describe('presentCharts', () => {
  it('draws bars in proportion and links each to the search narrowed to its value', () => {
    const o = outcome({ q: '党员', mode: 'exact', year: '2020' });
    const urls = new SearchUrls(stateFromParams(o.params));
    const year = presentCharts(o, urls).find((c) => c.name === 'year')!;
    const [b2020, b2023] = year.bars;
    expect(b2023!.sectionsWidth).toBe(year.barArea);
    expect(b2020!.sectionsWidth).toBe(Math.round(year.barArea / 4));
    expect(b2023!.href).toBe('/?q=%E5%85%9A%E5%91%98&mode=exact&year=2023');
    expect(b2020!.selected).toBe(true);
    expect(urls.stats()).toBe('/stats?q=%E5%85%9A%E5%91%98&mode=exact&year=2020');
  });
});
