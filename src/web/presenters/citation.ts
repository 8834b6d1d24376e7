// How an excerpt names its source, the same on the basket page, in the Word file and in the .txt:
// 《document title》 · year · period · heading path.

export interface CitationSource {
  title: string;
  year: number | null;
  period: string;
  headingPath: string[];
}

export function citation(s: CitationSource): string {
  const parts = [`《${s.title}》`];
  if (s.year !== null) parts.push(`${s.year}年`);
  if (s.period && s.period !== '未知') parts.push(s.period);
  parts.push(s.headingPath.length > 0 ? s.headingPath.join(' › ') : '正文开头');
  return parts.join(' · ');
}
