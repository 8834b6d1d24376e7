// Counts the sections of the portal's copy of the texts that hold a needle, in a worker thread of
// its own (scan-thread.ts starts it): the scan of a 20,000-document archive reads ~70 MB, ~25 ms,
// and on the main thread it waited for the engine's count of candidates and then held up
// everything else, a garbage collection included. Here it runs beside both. Plain JavaScript, no
// TypeScript loader: the thread needs nothing but this loop. The texts are shared, not copied
// (SharedArrayBuffer); the rule is TextCopy.countContaining's, and the unit tests hold both to one
// oracle.
import { parentPort } from 'node:worker_threads';

/** The last position of sorted `values` whose value is at most `v`, looked for from `from` on. */
function lastAtOrBefore(values, v, from) {
  let lo = from;
  let hi = values.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (values[mid] <= v) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** Sections holding `needle`: every section ends with a line break and a needle holds none, and odd offsets fall across two characters. */
function count(buf, starts, needle) {
  let n = 0;
  let k = 0;
  let at = buf.indexOf(needle);
  while (at >= 0) {
    if (at & 1) {
      at = buf.indexOf(needle, at + 1);
      continue;
    }
    k = lastAtOrBefore(starts, at, k);
    n++;
    at = buf.indexOf(needle, starts[k + 1]);
  }
  return n;
}

parentPort.on('message', ({ id, texts, starts, needle }) => {
  try {
    parentPort.postMessage({ id, count: count(Buffer.from(texts), new Float64Array(starts), Buffer.from(needle, 'utf16le')) });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.message ?? err) });
  }
});
