// Highlighting is computed on the original text (the engine matches on other representations):
// every occurrence of every term, longest term first where occurrences overlap.

export type Range = [start: number, end: number];

export function findMatches(text: string, terms: string[]): Range[] {
  const sorted = [...new Set(terms.filter((t) => t.length > 0))].sort((a, b) => b.length - a.length);
  const ranges: Range[] = [];
  for (const term of sorted) {
    for (let i = text.indexOf(term); i !== -1; i = text.indexOf(term, i + 1)) ranges.push([i, i + term.length]);
  }
  ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
  // Merge overlaps so marks never nest; adjacent occurrences stay separate (each one counts).
  const merged: Range[] = [];
  for (const r of ranges) {
    const last = merged[merged.length - 1];
    if (last && r[0] < last[1]) last[1] = Math.max(last[1], r[1]);
    else merged.push([r[0], r[1]]);
  }
  return merged;
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** HTML with every range wrapped in <mark>; everything else escaped. */
export function markRanges(text: string, ranges: Range[], offset = 0): string {
  let out = '';
  let pos = 0;
  for (const [s0, e0] of ranges) {
    const s = Math.max(s0 - offset, 0);
    const e = Math.min(e0 - offset, text.length);
    if (e <= 0 || s >= text.length) continue;
    out += escapeHtml(text.slice(pos, s)) + '<mark>' + escapeHtml(text.slice(s, e)) + '</mark>';
    pos = e;
  }
  return out + escapeHtml(text.slice(pos));
}

export function highlightHtml(text: string, terms: string[]): string {
  return markRanges(text, findMatches(text, terms));
}

/**
 * A snippet of about `width` characters cropped around the first match (with a little context
 * before it), ellipses where text was cut, matches in <mark>.
 */
export function snippetHtml(text: string, terms: string[], width = 140): string {
  const flat = text.replace(/\n/g, ' ');
  const ranges = findMatches(flat, terms);
  const first = ranges[0];
  let start = 0;
  if (first && first[1] > width) {
    // Some context before the match, but never a window shorter than the text allows.
    start = Math.max(0, Math.min(first[0] - Math.floor(width / 4), flat.length - width));
  }
  let end = Math.min(flat.length, start + width);
  // Never cut a character outside the BMP (rare ideographs) in half.
  if (start > 0 && isLowSurrogate(flat.charCodeAt(start))) start--;
  if (end < flat.length && isLowSurrogate(flat.charCodeAt(end))) end++;
  const inside = ranges.filter(([s, e]) => e > start && s < end);
  return (start > 0 ? '…' : '') + markRanges(flat.slice(start, end), inside, start) + (end < flat.length ? '…' : '');
}

const isLowSurrogate = (c: number) => c >= 0xdc00 && c <= 0xdfff;
