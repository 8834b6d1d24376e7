// The page each section starts on, for documents from a paged source (PDF, OFD, scans): cleaned
// lines carry the page they were read from, sections carry offsets into the cleaned text (lines
// joined by '\n'), so a section's page is the page of the line holding its first character. Pure.
import type { CleanDoc, Section } from './types.js';

/** One entry per section: its 1-based start page, or null when the document has no pages. */
export function sectionPages(doc: Pick<CleanDoc, 'lines'>, sections: readonly Pick<Section, 'start'>[]): (number | null)[] {
  if (!doc.lines.some((l) => l.page !== undefined)) return sections.map(() => null);
  // Offset of each line's first character, ascending.
  const starts: number[] = [];
  let offset = 0;
  for (const l of doc.lines) {
    starts.push(offset);
    offset += l.text.length + 1;
  }
  return sections.map((s) => {
    // The last line starting at or before the section's first character (binary search).
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= s.start) lo = mid;
      else hi = mid - 1;
    }
    // A line without a page (a title a reader synthesised) takes the page of the next line that has one.
    for (let i = lo; i < doc.lines.length; i++) {
      const page = doc.lines[i]!.page;
      if (page !== undefined) return page;
    }
    return null;
  });
}
