// The ingestion job: read → process (pure stages) → index, incrementally and safely.
import { readFile } from 'node:fs/promises';
import type { Meilisearch } from 'meilisearch';
import { BadInputError } from '../src/errors.js';
import { sha256 } from './build-records.js';
import {
  enqueueDocument,
  enqueueRemoval,
  ensureIndexes,
  existingDocuments,
  settle,
  swapIn,
  type ExistingDoc,
  type IndexNames,
} from './index-writer.js';
import { processFile } from './process-file.js';
import { listArchive, type Skipped } from './read.js';

export interface IngestOptions extends IndexNames {
  client: Meilisearch;
  inputs: string[];
  /** Build fresh indexes and swap them in, so searches never see a half-built index. */
  rebuild?: boolean;
  /** Remove documents whose files are no longer among the inputs. */
  prune?: boolean;
  reporter?: IngestReporter;
}

/** `queued`: processed and handed to the engine; `indexed`/`replaced` follow once the engine confirms. */
export type FileStatus = 'queued' | 'indexed' | 'replaced' | 'unchanged' | 'duplicate' | 'skipped';

export interface IngestReporter {
  start(total: number): void;
  file(relPath: string, status: FileStatus, detail?: string): void;
  log(line: string): void;
  finish(report: IngestReport): void;
}

export interface IngestReport {
  filesRead: number;
  indexed: number;
  replaced: number;
  unchanged: number;
  duplicates: Skipped[];
  removed: number;
  skipped: Skipped[];
  sectionsWritten: number;
  documentsInIndex: number;
  ms: number;
}

const silent: IngestReporter = { start() {}, file() {}, log() {}, finish() {} };

interface Pending {
  relPath: string;
  docId: string;
  sections: number;
  tasks: number[];
  replaces: ExistingDoc | null;
}

// Files whose records are enqueued but not yet confirmed. Records are not kept (only task ids), so
// this can be large; large is fast, because the engine batches consecutive additions together.
const MAX_PENDING = 500;

export async function runIngest(opts: IngestOptions): Promise<IngestReport> {
  const started = Date.now();
  const reporter = opts.reporter ?? silent;
  const { client } = opts;
  const live: IndexNames = { index: opts.index, documentsIndex: opts.documentsIndex };
  const suffix = `_rebuild_${Date.now()}`;
  const target: IndexNames = opts.rebuild
    ? { index: live.index + suffix, documentsIndex: live.documentsIndex + suffix }
    : live;

  await ensureIndexes(client, target);
  const existing = opts.rebuild ? [] : await existingDocuments(client, target.documentsIndex);
  const bySource = new Map(existing.map((d) => [d.sourceFile, d]));
  const byDocId = new Map(existing.map((d) => [d.docId, d]));

  const { files, skipped } = await listArchive(opts.inputs);
  const listed = new Set(files.map((f) => f.relPath));
  for (const s of skipped) reporter.file(s.relPath, 'skipped', s.reason);
  reporter.start(files.length);

  const report: IngestReport = {
    filesRead: 0, indexed: 0, replaced: 0, unchanged: 0, duplicates: [], removed: 0, skipped: [...skipped],
    sectionsWritten: 0, documentsInIndex: 0, ms: 0,
  };
  const seenInRun = new Map<string, string>(); // docId → relPath
  let pending: Pending[] = [];

  const confirm = async () => {
    if (pending.length > 0) reporter.log(`等待检索引擎写入 ${pending.length} 个文件…`);
    for (const p of pending) {
      const failure = await settle(client, p.tasks);
      if (failure) {
        // Keep what was indexed before: the old version stays, the partial new one goes.
        if (!byDocId.has(p.docId)) await settle(client, await enqueueRemoval(client, target, p.docId));
        report.skipped.push({ relPath: p.relPath, reason: `写入索引失败：${failure}` });
        reporter.file(p.relPath, 'skipped', failure);
        continue;
      }
      report.sectionsWritten += p.sections;
      if (p.replaces && p.replaces.docId !== p.docId) {
        const other = [...listed].some((rel) => rel !== p.relPath && bySource.get(rel)?.docId === p.replaces!.docId);
        if (!other) {
          const err = await settle(client, await enqueueRemoval(client, target, p.replaces.docId));
          if (err) reporter.log(`旧版本删除失败（${p.relPath}）：${err}`);
        }
        report.replaced++;
        reporter.file(p.relPath, 'replaced');
      } else {
        report.indexed++;
        reporter.file(p.relPath, 'indexed');
      }
    }
    pending = [];
  };

  for (const f of files) {
    let bytes: Buffer;
    try {
      bytes = await readFile(f.path);
    } catch (err) {
      const reason = `无法读取：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`;
      report.skipped.push({ relPath: f.relPath, reason });
      reporter.file(f.relPath, 'skipped', reason);
      continue;
    }
    report.filesRead++;
    const hash = sha256(bytes);
    const docId = hash.slice(0, 16);
    const prev = bySource.get(f.relPath) ?? null;
    if (prev && prev.sha256 === hash) {
      report.unchanged++;
      seenInRun.set(docId, f.relPath);
      reporter.file(f.relPath, 'unchanged');
      continue;
    }
    const twin = seenInRun.get(docId) ?? (byDocId.has(docId) && listed.has(byDocId.get(docId)!.sourceFile) ? byDocId.get(docId)!.sourceFile : undefined);
    if (twin && twin !== f.relPath) {
      const d = { relPath: f.relPath, reason: `与 ${twin} 内容完全相同，未重复导入` };
      report.duplicates.push(d);
      reporter.file(f.relPath, 'duplicate', d.reason);
      continue;
    }
    try {
      const processed = await processFile({ relPath: f.relPath, bytes });
      const tasks = await enqueueDocument(client, target, processed);
      seenInRun.set(docId, f.relPath);
      pending.push({ relPath: f.relPath, docId, sections: processed.sections.length, tasks, replaces: prev });
      reporter.file(f.relPath, 'queued');
    } catch (err) {
      const reason = err instanceof BadInputError ? err.reason : `处理失败：${(err as Error).message.split('\n')[0]}`;
      report.skipped.push({ relPath: f.relPath, reason });
      reporter.file(f.relPath, 'skipped', reason);
    }
    if (pending.length >= MAX_PENDING) await confirm();
  }
  await confirm();

  if (opts.prune && !opts.rebuild) {
    for (const d of existing) {
      if (listed.has(d.sourceFile)) continue;
      if ([...seenInRun.keys()].includes(d.docId)) continue; // same content lives on under another name
      const err = await settle(client, await enqueueRemoval(client, target, d.docId));
      if (err) reporter.log(`删除 ${d.sourceFile} 失败：${err}`);
      else {
        report.removed++;
        reporter.log(`已移除（文件已不存在）：${d.sourceFile}`);
      }
    }
  }

  if (opts.rebuild) {
    await swapIn(client, live, target);
    reporter.log(`新索引已切换上线（${live.index}）`);
  }
  report.documentsInIndex = (await client.index(live.documentsIndex).getStats()).numberOfDocuments;
  report.ms = Date.now() - started;
  reporter.finish(report);
  return report;
}
