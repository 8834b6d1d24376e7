// The domain vocabulary, in one place: periods, organisation types, themes and the facet table.
// Validation (zod enums), engine filters and facet requests, URL parameters, labels and the
// display order of facet values are all derived from FACETS; nothing else spells them out.

export const PERIODS = ['上半年', '下半年', '全年', '第一季度', '第二季度', '第三季度', '第四季度', '未知'] as const;
export type Period = (typeof PERIODS)[number];

export const ORG_TYPES = ['党政机关', '事业单位', '国有企业', '学校', '医院', '乡镇街道', '村社区', '其他'] as const;
export type OrgType = (typeof ORG_TYPES)[number];

export const THEMES = [
  '政治建设',
  '思想建设',
  '组织建设',
  '党员管理',
  '作风纪律',
  '意识形态',
  '党建引领',
  '群团志愿',
  '存在问题',
  '工作计划',
  '其他',
] as const;
export type Theme = (typeof THEMES)[number];

/** Oldest and newest year a document may state (anything else is not a year of this archive). */
export const YEAR_RANGE = { min: 1900, max: 2100 } as const;

/**
 * The facets, in display and URL order. `name` is the URL parameter and the key of a filter
 * object; `attribute` the engine field; `values` the closed list (null: any year); the facet's
 * values are shown in the order of `values`, years newest first.
 */
export const FACETS = [
  { name: 'year', attribute: 'year', label: '年份', values: null, unit: '年' },
  { name: 'period', attribute: 'period', label: '时段', values: PERIODS, unit: '' },
  { name: 'orgType', attribute: 'orgType', label: '单位类型', values: ORG_TYPES, unit: '' },
  { name: 'theme', attribute: 'themes', label: '主题', values: THEMES, unit: '' },
] as const;

export type Facet = (typeof FACETS)[number];
export type FacetName = Facet['name'];
export const FACET_NAMES: readonly FacetName[] = FACETS.map((f) => f.name);

/** The selected values of every facet: years as numbers, the others from their closed lists. */
export type FacetFilters = {
  [F in Facet as F['name']]: F['values'] extends readonly (infer V)[] ? V[] : number[];
};

export function facet(name: FacetName): Facet {
  return FACETS.find((f) => f.name === name)!;
}

export function emptyFilters(): FacetFilters {
  return Object.fromEntries(FACET_NAMES.map((name) => [name, []])) as unknown as FacetFilters;
}

export function hasFilters(filters: { [K in FacetName]: readonly unknown[] }): boolean {
  return FACET_NAMES.some((name) => filters[name].length > 0);
}

/** How a facet value reads on a page: 2023 → 2023年, others as they are. */
export function facetValueText(name: FacetName, value: string | number): string {
  return `${value}${facet(name).unit}`;
}

/** Sorts values of a facet for display: the closed list's order, years newest first. */
export function sortFacetValues(name: FacetName, values: string[]): string[] {
  const order = facet(name).values as readonly string[] | null;
  return [...values].sort((a, b) => (order ? rank(order, a) - rank(order, b) : Number(b) - Number(a)));
}

// An unknown value (an index built by an older vocabulary) sorts last instead of first.
const rank = (order: readonly string[], v: string) => (order.includes(v) ? order.indexOf(v) : order.length);
