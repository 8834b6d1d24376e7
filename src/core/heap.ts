// Collections at moments the portal chooses. Its young generation is large (64 MB: a search's
// garbage dies there), so whatever a large allocation leaves alive — the copy of the texts loaded at
// start, a step of it after an ingestion — sits there until the next scavenge copies it out, and
// that scavenge came in the middle of a later answer (measured: 25–60 ms, at 5,000 and 20,000
// documents; bench/RESULTS.md). Collected right after the allocation instead, while nobody waits.
// Needs node's --expose-gc (`npm start`, `npm run serve`); without it these do nothing. Those scripts
// also turn V8's memory reducer off: while the portal idled through an ingestion it shrank the heap's
// limit to just above what was live, and the next answers then ran into a full collection whose
// marking took ~90 ms of the main thread (measured at 20,000 documents, `--trace-gc`).

/** Two scavenges: everything alive in the young generation is promoted (one only moves it once). */
export function promoteYoung(): void {
  globalThis.gc?.({ type: 'minor' });
  globalThis.gc?.({ type: 'minor' });
}

/**
 * A full collection: the young generation promoted and the old one's garbage (a load's) gone.
 * (Node 20's `gc({ type: 'major' })` runs a scavenge only: the bare call is the full one.)
 */
export function collectAll(): void {
  globalThis.gc?.();
}
