// Validation of search parameters: the only way user input reaches a filter expression.
import { z } from 'zod';
import { BadRequestError } from '../errors.js';
import { ORG_TYPES, PERIODS, THEMES, type OrgType, type Period, type Theme } from '../../ingest/types.js';

export const MODES = ['words', 'exact'] as const;
export type Mode = (typeof MODES)[number];
export const SORTS = ['relevance', 'year:desc', 'year:asc'] as const;
export type Sort = (typeof SORTS)[number];
export const MAX_PER_PAGE = 100;
export const MAX_QUERY_LENGTH = 200;

export interface SearchFilters {
  year: number[];
  period: Period[];
  orgType: OrgType[];
  theme: Theme[];
}

export interface SearchParams {
  q: string;
  mode: Mode;
  filters: SearchFilters;
  sort: Sort;
  page: number;
  perPage: number;
}

const list = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v.filter((x) => x !== '') : [v]), z.array(item));

const intParam = (name: string, dflt: number, min: number, max: number) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? dflt : Array.isArray(v) ? v[0] : v),
    z.coerce
      .number({ error: `${name} 必须是整数` })
      .int(`${name} 必须是整数`)
      .min(min, `${name} 不能小于 ${min}`)
      .max(max, `${name} 不能大于 ${max}`),
  );

const single = <T extends readonly [string, ...string[]]>(values: T, name: string, dflt: T[number]) =>
  z.preprocess(
    (v) => (v === undefined || v === '' ? dflt : Array.isArray(v) ? v[0] : v),
    z.enum(values, { error: `${name} 只能是 ${values.join(' / ')}` }),
  );

const schema = z.object({
  q: z.preprocess(
    (v) => (v === undefined ? '' : Array.isArray(v) ? v[0] : v),
    z.string().max(MAX_QUERY_LENGTH, `检索词不能超过 ${MAX_QUERY_LENGTH} 个字符`),
  ),
  mode: single(MODES, 'mode', 'words'),
  sort: single(SORTS, 'sort', 'relevance'),
  page: intParam('page', 1, 1, 100_000),
  perPage: intParam('perPage', 20, 1, MAX_PER_PAGE),
  year: list(z.string().regex(/^\d{4}$/, 'year 必须是四位年份').transform(Number).pipe(z.number().min(1900).max(2100))),
  period: list(z.enum(PERIODS, { error: `period 只能是 ${PERIODS.join('、')}` })),
  orgType: list(z.enum(ORG_TYPES, { error: `orgType 只能是 ${ORG_TYPES.join('、')}` })),
  theme: list(z.enum(THEMES, { error: `theme 只能是 ${THEMES.join('、')}` })),
});

/** Parses an Express query object; throws BadRequestError with a code naming the parameter. */
export function parseSearchParams(query: Record<string, unknown>): SearchParams {
  const r = schema.safeParse(query);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0] ?? 'query');
    throw new BadRequestError(issue.message, `invalid_${field}`);
  }
  const d = r.data;
  // A newline cannot be part of a match (records are searched line by line, like grep).
  const q = d.q.replace(/[\r\n\t]+/g, ' ').trim();
  const uniq = <T>(a: T[]) => [...new Set(a)];
  return {
    q,
    mode: d.mode,
    sort: d.sort,
    page: d.page,
    perPage: d.perPage,
    filters: { year: uniq(d.year), period: uniq(d.period), orgType: uniq(d.orgType), theme: uniq(d.theme) },
  };
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

const FILTER_ATTR: Record<keyof SearchFilters, string> = { year: 'year', period: 'period', orgType: 'orgType', theme: 'themes' };

/** Filter clauses from validated values only: OR within a facet, AND across facets. */
export function filterClauses(filters: SearchFilters, except?: keyof SearchFilters): string[] {
  const out: string[] = [];
  for (const key of Object.keys(FILTER_ATTR) as (keyof SearchFilters)[]) {
    if (key === except) continue;
    const values = filters[key];
    if (values.length === 0) continue;
    const items = values.map((v) => (typeof v === 'number' ? String(v) : quote(v)));
    out.push(`${FILTER_ATTR[key]} IN [${items.join(', ')}]`);
  }
  return out;
}

export function idNotIn(ids: string[]): string {
  return `id NOT IN [${ids.map(quote).join(', ')}]`;
}

export function hasFilters(f: SearchFilters): boolean {
  return f.year.length + f.period.length + f.orgType.length + f.theme.length > 0;
}
