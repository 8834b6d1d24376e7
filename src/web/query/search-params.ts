// Validation of search parameters: the only way user input reaches a filter expression.
// The facet parameters, their allowed values and their engine attributes come from the
// vocabulary's FACETS table.
import { z } from 'zod';
import { BadRequestError } from '../../core/errors.js';
import { FACETS, YEAR_RANGE, type Facet, type FacetFilters, type FacetName } from '../../core/vocabulary.js';

export const MODES = ['words', 'exact'] as const;
export type Mode = (typeof MODES)[number];
export const SORTS = ['relevance', 'year:desc', 'year:asc'] as const;
export type Sort = (typeof SORTS)[number];
export const DEFAULT_PER_PAGE = 20;
export const MAX_PER_PAGE = 100;
export const MAX_QUERY_LENGTH = 200;

export type SearchFilters = FacetFilters;

export interface SearchParams {
  q: string;
  mode: Mode;
  filters: SearchFilters;
  /** Only documents whose source left text out (true), only complete ones (false), or all (null). */
  truncated: boolean | null;
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

/** One facet's parameter: any number of values, each a year or a member of the facet's closed list. */
function facetParam(f: Facet): z.ZodType {
  if (f.values === null) {
    return list(
      z
        .string()
        .regex(/^\d{4}$/, `${f.name} 必须是四位年份`)
        .transform(Number)
        .pipe(z.number().min(YEAR_RANGE.min).max(YEAR_RANGE.max)),
    );
  }
  const values = f.values as readonly string[] as [string, ...string[]];
  return list(z.enum(values, { error: `${f.name} 只能是 ${values.join('、')}` }));
}

const schema = z.object({
  q: z.preprocess(
    (v) => (v === undefined ? '' : Array.isArray(v) ? v[0] : v),
    z.string().max(MAX_QUERY_LENGTH, `检索词不能超过 ${MAX_QUERY_LENGTH} 个字符`),
  ),
  mode: single(MODES, 'mode', 'words'),
  sort: single(SORTS, 'sort', 'relevance'),
  page: intParam('page', 1, 1, 100_000),
  perPage: intParam('perPage', DEFAULT_PER_PAGE, 1, MAX_PER_PAGE),
  truncated: z.preprocess(
    (v) => (v === undefined || v === '' ? undefined : Array.isArray(v) ? v[0] : v),
    z.enum(['true', 'false'], { error: 'truncated 只能是 true / false' }).optional(),
  ),
  ...Object.fromEntries(FACETS.map((f) => [f.name, facetParam(f)])),
});

/** A query as the search and the viewer read it: one line (records are matched line by line, like grep). */
export function normaliseQuery(q: string): string {
  return q.replace(/[\r\n\t]+/g, ' ').trim();
}

/** Parses an Express query object; throws BadRequestError with a code naming the parameter. */
export function parseSearchParams(query: Record<string, unknown>): SearchParams {
  const r = schema.safeParse(query);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0] ?? 'query');
    throw new BadRequestError(issue.message, `invalid_${field}`);
  }
  const d = r.data as z.infer<typeof schema> & Record<FacetName, Array<string | number>>;
  const filters = Object.fromEntries(FACETS.map((f) => [f.name, [...new Set(d[f.name])]])) as unknown as SearchFilters;
  const truncated = d.truncated === undefined ? null : d.truncated === 'true';
  return { q: normaliseQuery(d.q), mode: d.mode, sort: d.sort, page: d.page, perPage: d.perPage, filters, truncated };
}

const suggestSchema = z.object({
  q: z.preprocess(
    (v) => (v === undefined ? '' : Array.isArray(v) ? v[0] : v),
    z.string().max(MAX_QUERY_LENGTH, `检索词不能超过 ${MAX_QUERY_LENGTH} 个字符`),
  ),
});

/** The parameters of /api/suggest: what the box holds so far. */
export function parseSuggestParams(query: Record<string, unknown>): { q: string } {
  const r = suggestSchema.safeParse(query);
  if (!r.success) throw new BadRequestError(r.error.issues[0]!.message, 'invalid_q');
  return { q: normaliseQuery(r.data.q) };
}

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** Filter clauses from validated values only: OR within a facet, AND across facets. */
export function filterClauses(filters: SearchFilters, except?: FacetName): string[] {
  const out: string[] = [];
  for (const f of FACETS) {
    if (f.name === except) continue;
    const values: ReadonlyArray<string | number> = filters[f.name];
    if (values.length === 0) continue;
    const items = values.map((v) => (typeof v === 'number' ? String(v) : quote(v)));
    out.push(`${f.attribute} IN [${items.join(', ')}]`);
  }
  return out;
}

/**
 * Clauses of the yes/no filters (not facets: they have no counts of their own). "Not truncated"
 * is written as NOT … = true so records indexed before the flag existed count as complete.
 */
export function flagClauses(p: Pick<SearchParams, 'truncated'>): string[] {
  if (p.truncated === null) return [];
  return [p.truncated ? 'truncated = true' : 'NOT truncated = true'];
}

export function idIn(ids: string[]): string {
  return `id IN [${ids.map(quote).join(', ')}]`;
}

export function idNotIn(ids: string[]): string {
  return `id NOT IN [${ids.map(quote).join(', ')}]`;
}
