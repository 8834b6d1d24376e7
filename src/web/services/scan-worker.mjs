// Counts the sections of the portal's copy of the texts that hold a needle, in a worker thread of
// its own (scan-thread.ts starts it): the scan of a 20,000-document archive reads ~70 MB, 20–30 ms,
// and on the main thread it waited for the engine's count of candidates and then held up
// everything else, a garbage collection's work included. Here it runs beside both. Plain
// JavaScript, no TypeScript loader; the texts are shared, not copied (SharedArrayBuffer); the
// search is scan-core.mjs, the same as TextCopy's on the main thread.
import { parentPort } from 'node:worker_threads';
import { eachHolding } from './scan-core.mjs';

parentPort.on('message', ({ id, texts, starts, needle }) => {
  try {
    let count = 0;
    eachHolding(Buffer.from(texts), new Float64Array(starts), Buffer.from(needle, 'utf16le'), () => count++);
    parentPort.postMessage({ id, count });
  } catch (err) {
    parentPort.postMessage({ id, error: String(err?.message ?? err) });
  }
});
