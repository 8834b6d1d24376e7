// The portal's data is for the portal's user alone: DATA_DIR holds password hashes and the session
// secret (portal.sqlite), every original (blobs/, uploads/) and the engine's key. Every process that
// writes there first sets its file-creation mask to 077 — so each file it (and the engine it starts)
// creates is 0600 and each folder 0700, by construction — and makes DATA_DIR itself 0700, which also
// closes an existing installation whose files were made 0644 before.
import { chmodSync, mkdirSync } from 'node:fs';

export function keepDataPrivate(dataDir: string): void {
  try {
    process.umask(0o077);
  } catch {
    // A worker thread may not change it; the files written here also say their own mode.
  }
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  chmodSync(dataDir, 0o700);
}
