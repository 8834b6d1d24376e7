// Query validation: the only way user input becomes an engine filter. Every facet parameter comes
// from the vocabulary table; anything outside it is a 400 with a code naming the parameter.
import { describe, expect, it } from 'vitest';
import { BadRequestError } from '../../src/core/errors.js';
import { FACETS, ORG_TYPES, PERIODS, THEMES } from '../../src/core/vocabulary.js';
import { DEFAULT_PER_PAGE, filterClauses, flagClauses, idIn, idNotIn, MAX_PER_PAGE, MAX_QUERY_LENGTH, parseSearchParams } from '../../src/web/query/search-params.js';

const codeOf = (query: Record<string, unknown>): string => {
  try {
    parseSearchParams(query);
  } catch (err) {
    expect(err).toBeInstanceOf(BadRequestError);
    return (err as BadRequestError).code;
  }
  throw new Error('expected a BadRequestError');
};

describe('parseSearchParams', () => {
  it('gives the defaults for an empty query', () => {
    expect(parseSearchParams({})).toEqual({
      q: '',
      mode: 'words',
      sort: 'relevance',
      page: 1,
      perPage: DEFAULT_PER_PAGE,
      filters: { year: [], period: [], orgType: [], theme: [] },
      truncated: null,
    });
  });

  it('has one filter entry per facet of the vocabulary, in its order', () => {
    expect(Object.keys(parseSearchParams({}).filters)).toEqual(FACETS.map((f) => f.name));
  });

  it('accepts every value of every closed facet list, single or repeated, and drops duplicates and blanks', () => {
    const p = parseSearchParams({ period: [...PERIODS], orgType: [...ORG_TYPES], theme: [...THEMES, THEMES[0], ''] });
    expect(p.filters.period).toEqual([...PERIODS]);
    expect(p.filters.orgType).toEqual([...ORG_TYPES]);
    expect(p.filters.theme).toEqual([...THEMES]);
    expect(parseSearchParams({ theme: '组织建设' }).filters.theme).toEqual(['组织建设']);
  });

  it('turns years into numbers and keeps them within the vocabulary range', () => {
    expect(parseSearchParams({ year: ['2023', '2020', '2023'] }).filters.year).toEqual([2023, 2020]);
    expect(codeOf({ year: '23' })).toBe('invalid_year');
    expect(codeOf({ year: '1899' })).toBe('invalid_year');
    expect(codeOf({ year: '2023 OR 1=1' })).toBe('invalid_year');
  });

  it('refuses values outside the closed lists, naming the parameter', () => {
    expect(codeOf({ period: '全年"] OR id EXISTS' })).toBe('invalid_period');
    expect(codeOf({ orgType: '外星' })).toBe('invalid_orgType');
    expect(codeOf({ theme: ['组织建设', '不存在'] })).toBe('invalid_theme');
  });

  it('refuses unknown modes and sorts, and pages or page sizes out of range', () => {
    expect(codeOf({ mode: 'regex' })).toBe('invalid_mode');
    expect(codeOf({ sort: 'title:asc' })).toBe('invalid_sort');
    expect(codeOf({ page: '0' })).toBe('invalid_page');
    expect(codeOf({ page: '1.5' })).toBe('invalid_page');
    expect(codeOf({ perPage: String(MAX_PER_PAGE + 1) })).toBe('invalid_perPage');
    expect(parseSearchParams({ perPage: String(MAX_PER_PAGE), page: ['3', '4'] })).toMatchObject({ perPage: MAX_PER_PAGE, page: 3 });
  });

  it('makes the query one line and limits its length', () => {
    expect(parseSearchParams({ q: '  三会\r\n一课\t ' }).q).toBe('三会 一课');
    expect(parseSearchParams({ q: ['党费', '党课'] }).q).toBe('党费');
    expect(codeOf({ q: 'x'.repeat(MAX_QUERY_LENGTH + 1) })).toBe('invalid_q');
  });
});

describe('truncated', () => {
  it('is a yes/no filter: true, false or absent, anything else refused with its own code', () => {
    expect(parseSearchParams({ truncated: 'true' }).truncated).toBe(true);
    expect(parseSearchParams({ truncated: 'false' }).truncated).toBe(false);
    expect(parseSearchParams({ truncated: '' }).truncated).toBeNull();
    expect(() => parseSearchParams({ truncated: 'yes' })).toThrow(expect.objectContaining({ code: 'invalid_truncated' }));
  });

  it('becomes one engine clause, and none without a value', () => {
    expect(flagClauses({ truncated: true })).toEqual(['truncated = true']);
    expect(flagClauses({ truncated: false })).toEqual(['NOT truncated = true']);
    expect(flagClauses({ truncated: null })).toEqual([]);
  });
});

describe('filterClauses', () => {
  const filters = parseSearchParams({ year: ['2023', '2022'], period: '上半年', theme: ['组织建设', '存在问题'] }).filters;

  it('ORs values within a facet and ANDs facets, on the engine attribute of the table', () => {
    expect(filterClauses(filters)).toEqual([
      'year IN [2023, 2022]',
      'period IN ["上半年"]',
      'themes IN ["组织建设", "存在问题"]',
    ]);
  });

  it('leaves out the one facet whose own counts are being asked for', () => {
    expect(filterClauses(filters, 'theme')).toEqual(['year IN [2023, 2022]', 'period IN ["上半年"]']);
    expect(filterClauses(parseSearchParams({}).filters)).toEqual([]);
  });

  it('quotes ids with backslashes and quotes escaped', () => {
    expect(idNotIn(['a-1', 'b"\\2'])).toBe('id NOT IN ["a-1", "b\\"\\\\2"]');
    expect(idIn(['a-1', 'b"\\2'])).toBe('id IN ["a-1", "b\\"\\\\2"]');
  });
});
