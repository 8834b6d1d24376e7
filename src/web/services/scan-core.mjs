// The byte search of the portal's copy of the texts, one rule for both places that read it: the
// main thread (TextCopy in section-texts.ts) and the scan thread (scan-worker.mjs), which runs
// without the TypeScript loader — hence plain JavaScript, typed by scan-core.d.mts.

/** The last position of sorted `values` whose value is at most `v`, looked for from `from` on (values[from] <= v). */
export function lastAtOrBefore(values, v, from) {
  let lo = from;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (values[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Calls `found` with the number of every section holding `needle` (UTF-16LE bytes, no line break),
 * once each, in order; `starts` holds each section's byte offset in `buf` and the end last. Every
 * section ends with a line break, which a needle never holds, so a match never spans two sections.
 * A byte search may match across two characters (an odd offset): skipped.
 */
export function eachHolding(buf, starts, needle, found) {
  let k = 0;
  let at = buf.indexOf(needle);
  while (at >= 0) {
    if (at & 1) {
      at = buf.indexOf(needle, at + 1);
      continue;
    }
    k = lastAtOrBefore(starts, at, k);
    found(k);
    at = buf.indexOf(needle, starts[k + 1]);
  }
}
