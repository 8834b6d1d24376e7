import { ORG_TYPES, PERIODS, THEMES } from '../ingest/types.js';
import type { FacetName } from './search/schema.js';

/** Display order of facet values with a natural order; years sort newest first. */
export const FACET_ORDER: Record<FacetName, readonly string[] | null> = {
  year: null,
  period: PERIODS,
  orgType: ORG_TYPES,
  theme: THEMES,
};

export const FACET_LABELS: Record<FacetName, string> = { year: '年份', period: '时段', orgType: '单位类型', theme: '主题' };
