// The node flags `npm run ingest` runs with (its heap bounds), read from package.json, so that a
// test measuring an ingestion's memory measures the process as staff run it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROJECT_ROOT } from '../../src/core/config.js';

const script = (JSON.parse(readFileSync(path.join(PROJECT_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> }).scripts.ingest!;

/** E.g. ['--max-old-space-size=128', '--max-semi-space-size=4']: the flags before `--import`. */
export const INGEST_NODE_FLAGS: readonly string[] = script
  .split(/\s+/)
  .slice(1)
  .filter((a, i, all) => a.startsWith('--') && a !== '--import' && all[i - 1] !== '--import');
