// Collections at moments the portal chooses. Its young generation is large (64 MB: a search's
// garbage dies there), so whatever a large allocation leaves alive — the copy of the texts loaded at
// start, a step of it after an ingestion — sits there until the next scavenge copies it out, and
// that scavenge came in the middle of a later answer (measured: 25–60 ms, at 5,000 and 20,000
// documents; bench/RESULTS.md). Collected right after the allocation instead, while nobody waits.
// Needs node's --expose-gc (`npm start`, `npm run serve`); without it these do nothing.

/** Two scavenges: everything alive in the young generation is promoted (one only moves it once). */
export function promoteYoung(): void {
  globalThis.gc?.({ type: 'minor' });
  globalThis.gc?.({ type: 'minor' });
}

/** A full collection: the young generation promoted and the old one's garbage (a load's) gone. */
export function collectAll(): void {
  globalThis.gc?.({ type: 'major' });
}
