// The 统计 presenter: buckets per facet for the API, and bar charts drawn on the server (SVG
// geometry computed here, markup in views/partials/bar-chart.ejs) for the page: no script, no
// inline style, so the strict CSP holds and the charts work without JavaScript.
import { FACETS, facetValueText, sortFacetValues, type FacetName } from '../../core/vocabulary.js';
import type { SearchUrls } from '../query/url-state.js';
import type { StatsOutcome } from '../services/stats-service.js';

export interface StatsBucket {
  value: string;
  sections: number;
  documents: number;
}

/** A facet's buckets: every value the search's facets count, plus selected ones (at 0); years oldest first. */
export function statsBuckets(o: StatsOutcome, by: FacetName): StatsBucket[] {
  const counts = o.sections[by] ?? {};
  const selected = (o.params.filters[by] as Array<string | number>).map(String);
  let values = sortFacetValues(by, [...new Set([...Object.keys(counts), ...selected])]);
  // A trend reads left to right in time; the facet list shows the newest first.
  if (by === 'year') values = values.reverse();
  return values.map((value) => ({ value, sections: counts[value] ?? 0, documents: o.documents[by]?.[value] ?? 0 }));
}

export function presentStatsApi(o: StatsOutcome, by: FacetName) {
  return { by, totalSections: o.totalSections, totalDocuments: o.totalDocuments, buckets: statsBuckets(o, by) };
}

export interface BarView extends StatsBucket {
  text: string;
  href: string;
  selected: boolean;
  y: number;
  sectionsWidth: number;
  documentsWidth: number;
  label: string;
}

export interface ChartView {
  name: FacetName;
  label: string;
  width: number;
  height: number;
  labelWidth: number;
  barArea: number;
  bars: BarView[];
}

const ROW = 30;
const LABEL_WIDTH = 96;
const BAR_AREA = 420;
const NUMBERS = 120;

export function presentCharts(o: StatsOutcome, urls: SearchUrls): ChartView[] {
  return FACETS.map((f) => {
    const buckets = statsBuckets(o, f.name);
    // Each measure on its own scale: documents are far fewer than sections and would vanish on theirs.
    const maxSections = Math.max(1, ...buckets.map((b) => b.sections));
    const maxDocuments = Math.max(1, ...buckets.map((b) => b.documents));
    const scale = (n: number, max: number) => (n > 0 ? Math.max(2, Math.round((n / max) * BAR_AREA)) : 0);
    return {
      name: f.name,
      label: f.label,
      width: LABEL_WIDTH + BAR_AREA + NUMBERS,
      height: Math.max(buckets.length, 1) * ROW + 4,
      labelWidth: LABEL_WIDTH,
      barArea: BAR_AREA,
      bars: buckets.map((b, i) => {
        const text = facetValueText(f.name, b.value);
        return {
          ...b,
          text,
          href: urls.only(f.name, b.value),
          selected: urls.isSelected(f.name, b.value),
          y: i * ROW + 2,
          sectionsWidth: scale(b.sections, maxSections),
          documentsWidth: scale(b.documents, maxDocuments),
          label: `${f.label}「${text}」：${b.sections} 个章节，${b.documents} 份文稿。点击检索`,
        };
      }),
    };
  });
}
