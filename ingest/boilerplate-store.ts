// The head and foot candidates of every ingested file, kept under DATA_DIR between runs
// (boilerplate-lines.json), so that an incremental run with one new file still knows the lines the
// archive's other files share (boilerplate.ts). Small: a few short lines per file. Written
// atomically; a missing or unreadable file starts empty (the next --rebuild fills it again).
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { learnBoilerplate, type EdgeLine, type LearnedLine } from './boilerplate.js';

export const BOILERPLATE_FILE = 'boilerplate-lines.json';

interface Entry {
  sha256: string;
  lines: EdgeLine[];
}

export class BoilerplateStore {
  private entries = new Map<string, Entry>();

  private constructor(private readonly file: string | null) {}

  /** The store in a data directory; `null` gives one that only lives in memory (--explain without DATA_DIR). */
  static open(dataDir: string | null): BoilerplateStore {
    const store = new BoilerplateStore(dataDir ? path.join(dataDir, BOILERPLATE_FILE) : null);
    if (store.file && existsSync(store.file)) {
      try {
        const parsed = JSON.parse(readFileSync(store.file, 'utf8')) as { files?: Record<string, Entry> };
        for (const [rel, e] of Object.entries(parsed.files ?? {})) {
          if (typeof e?.sha256 === 'string' && Array.isArray(e.lines)) store.entries.set(rel, e);
        }
      } catch {
        // A damaged file is only a cache of what the files say: start again.
      }
    }
    return store;
  }

  set(relPath: string, sha256: string, lines: EdgeLine[]): void {
    this.entries.set(relPath, { sha256, lines });
  }

  delete(relPath: string): void {
    this.entries.delete(relPath);
  }

  /** Keeps only the files `keep` accepts (a rebuild: the files of this run). */
  retain(keep: (relPath: string) => boolean): void {
    for (const rel of [...this.entries.keys()]) if (!keep(rel)) this.entries.delete(rel);
  }

  /** The lines learned from every file known, one vote per distinct content. */
  learned(): LearnedLine[] {
    const byContent = new Map<string, EdgeLine[]>();
    for (const e of this.entries.values()) byContent.set(e.sha256, e.lines);
    return learnBoilerplate(byContent.values());
  }

  save(): void {
    if (!this.file) return;
    mkdirSync(path.dirname(this.file), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: 1, files: Object.fromEntries(this.entries) }));
    renameSync(tmp, this.file);
  }
}
