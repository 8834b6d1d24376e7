// The ingestion job: read → process (pure stages) → index, incrementally and safely.
import { createReadStream } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { pipeline } from 'node:stream/promises';
import type { Meilisearch } from 'meilisearch';
import type { BlobStore } from '../src/core/blob-store.js';
import { BadInputError } from '../src/core/errors.js';
import { indexOutdatedError, readIndexState } from '../src/core/meili/schema-check.js';
import {
  engineFor,
  ensureIndexes,
  existingDocumentsOf,
  removeDocument,
  settle,
  swapIn,
  type ExistingDoc,
  type IndexNames,
} from './index-writer.js';
import { debrisRules } from './debris-rules.js';
import { processFile } from './process-file.js';
import { poolFor, type WorkPool } from './work-pool.js';
import { workSettings } from './work-settings.js';
import { spoolReady, type SpoolReadyFile } from './spool-ready.js';
import { pMapIterable } from 'p-map';
import type { RemovedBlock } from './types.js';
import { listArchive, type ArchiveRoot, type Skipped } from './read.js';
import { isUploadSource, UPLOAD_SOURCE_PREFIX } from '../src/core/uploads.js';
import { existsSync } from 'node:fs';
import { enqueueSpoolFile, Spool } from './spool.js';
import { readUploadNames } from './upload-names.js';
import { edgeCandidates, type EdgeLine, type LearnedLine } from './boilerplate.js';
import { BoilerplateStore } from './boilerplate-store.js';
import { decode, decodesInProcess } from './decode.js';
import { sniff, type SniffedKind } from './readers/sniff.js';

/** Formats read twice without cost, so the boilerplate of this run's files is known before cleaning. */
const CHEAP_KINDS: ReadonlySet<SniffedKind> = new Set(['txt', 'html', 'mht']);
import { concatSources, countTable, liveSections, phraseTableStale, refreshPhraseTable, spooledSections, writePhraseTable } from './phrase-table.js';

/**
 * How long the engine may take over the spool's one batch. Not waitTask's ten minutes: 20,000
 * documents on a busy 2-core machine took longer, and a wait that ran out counted as a failed write,
 * so every file of the run was removed again. A slow engine is not a failed one.
 */
const SPOOL_WAIT_MS = 24 * 3600_000;

export interface IngestOptions extends IndexNames {
  client: Meilisearch;
  /**
   * Several engines (MEILI_REMOTES), `client` first: each document goes to the one its id routes
   * to (remotes.ts); indexes, settings, rebuilds and the phrase table are made on all of them.
   */
  engines?: Meilisearch[];
  /** Where originals and cleaned texts go (DATA_DIR/blobs): the portal reads them from there. */
  blobs: BlobStore;
  inputs: string[];
  /** Build fresh indexes and swap them in, so searches never see a half-built index. */
  rebuild?: boolean;
  /**
   * An index built by an older version of the schema: `fail` (default) stops with the command
   * that rebuilds it; `rebuild` rebuilds from the inputs (npm start: its inputs are the archive).
   */
  onOutdated?: 'fail' | 'rebuild';
  /** Remove documents whose files are no longer among the inputs. */
  prune?: boolean;
  /**
   * DATA_DIR/uploads: documents uploaded in the browser, ingested with the archive as
   * 上传/<name> so that --rebuild keeps them and --prune does not take them for deleted files.
   */
  uploadsDir?: string;
  /** With prune: only documents whose sourceFile this accepts may be removed (the watcher's removed files). */
  pruneScope?: (sourceFile: string) => boolean;
  reporter?: IngestReporter;
}

/** `queued`: processed and handed to the engine; `indexed`/`replaced` follow once the engine confirms. */
export type FileStatus = 'queued' | 'indexed' | 'replaced' | 'unchanged' | 'duplicate' | 'skipped';

export interface IngestReporter {
  start(total: number): void;
  file(relPath: string, status: FileStatus, detail?: string): void;
  log(line: string): void;
  finish(report: IngestReport): void;
  /** Pages done of pages total of the file being read (long PDFs, OCR), as the reader reports them. */
  pages?(relPath: string, done: number, total: number): void;
}

/** What cleaning removed from one file, counted by rule; and whether its source left text out. */
export interface CleaningTally {
  relPath: string;
  /** Rule name → number of removals. */
  removed: Record<string, number>;
  /** Summaries the file held (more than 1: a compilation). */
  documents: number;
  /** Documents of the file flagged as truncated by their source. */
  truncated: number;
  /** Characters their notices say are missing (null when no notice states a count). */
  missingChars: number | null;
  /** Documents of the file whose source masked words (原文有屏蔽字). */
  masked: number;
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
  /** Documents written (a compilation file writes one per summary). */
  documentsWritten: number;
  /** Per processed file: what cleaning removed (files with nothing removed included, with {}). */
  cleaning: CleaningTally[];
  /** Lines learned as site chrome from the heads and feet of the archive's files, applied in this run. */
  boilerplate?: LearnedLine[];
  documentsInIndex: number;
  /** Child processes that did this run's files' work (work-pool.ts); absent when the ingester did it. */
  workers?: number;
  ms: number;
}

const silent: IngestReporter = { start() {}, file() {}, log() {}, finish() {} };

/** A task enqueued on one of the engines (its position in `engines`). */
interface EngineTask {
  engine: number;
  uid: number;
}

interface Pending {
  relPath: string;
  docIds: string[];
  sections: number;
  tasks: EngineTask[];
  /** The documents this file had in the index before (several for a compilation). */
  replaces: ExistingDoc[];
}


export async function runIngest(opts: IngestOptions): Promise<IngestReport> {
  // Children a run starts (work-pool.ts) end with it, however it ends: a long-lived portal that ran
  // the watcher's large batch must not keep ~450 MB per child after a failed run.
  const pools: WorkPool[] = [];
  try {
    return await ingest(opts, pools);
  } finally {
    for (const p of pools) p.close();
  }
}

async function ingest(opts: IngestOptions, pools: WorkPool[]): Promise<IngestReport> {
  const started = Date.now();
  const reporter = opts.reporter ?? silent;
  const engines = opts.engines && opts.engines.length > 0 ? opts.engines : [opts.client];
  const live: IndexNames = { index: opts.index, documentsIndex: opts.documentsIndex };
  let rebuild = opts.rebuild ?? false;
  if (!rebuild) {
    // One engine built by an older version is enough to rebuild them all (a rebuild is all or nothing).
    const states = await Promise.all(engines.map((e) => readIndexState(e, live.documentsIndex)));
    const state = states.find((st) => st.kind === 'outdated') ?? states[0]!;
    if (state.kind === 'outdated') {
      if (opts.onOutdated !== 'rebuild') throw indexOutdatedError(state.found);
      reporter.log(`索引由旧版本建立（结构版本 ${state.found}），自动完整重建`);
      rebuild = true;
    }
  }
  const suffix = `_rebuild_${Date.now()}`;
  const target: IndexNames = rebuild
    ? { index: live.index + suffix, documentsIndex: live.documentsIndex + suffix }
    : live;

  // A broken pattern in ingest/rules/debris.yaml stops the run here, before anything is written.
  debrisRules();
  for (const e of engines) await ensureIndexes(e, target);
  const existing = rebuild ? [] : await existingDocumentsOf(engines, target.documentsIndex);
  const bySource = new Map<string, ExistingDoc[]>();
  for (const d of existing) bySource.set(d.sourceFile, [...(bySource.get(d.sourceFile) ?? []), d]);
  const byDocId = new Map(existing.map((d) => [d.docId, d]));

  const roots: ArchiveRoot[] = [...opts.inputs];
  if (opts.uploadsDir && existsSync(opts.uploadsDir)) roots.push({ path: opts.uploadsDir, prefix: UPLOAD_SOURCE_PREFIX, names: readUploadNames(opts.uploadsDir) });
  const { files, skipped } = await listArchive(roots, UPLOAD_SOURCE_PREFIX);
  const listed = new Set(files.map((f) => f.relPath));
  for (const s of skipped) reporter.file(s.relPath, 'skipped', s.reason);
  reporter.start(files.length);

  const report: IngestReport = {
    filesRead: 0, indexed: 0, replaced: 0, unchanged: 0, duplicates: [], removed: 0, skipped: [...skipped],
    sectionsWritten: 0, documentsWritten: 0, cleaning: [], documentsInIndex: 0, ms: 0,
  };
  const skip = (relPath: string, reason: string) => {
    report.skipped.push({ relPath, reason });
    reporter.file(relPath, 'skipped', reason);
  };

  // First the content hash of every file, so each content has one owner before anything is
  // written: the file already indexed with it if that file still holds it, else the first by name.
  // (Deciding file by file would let a copy made before an edit be taken for a duplicate of
  // content that the edited original no longer has.)
  const hashed: Array<{ path: string; relPath: string; hash: string }> = [];
  for (const f of files) {
    try {
      hashed.push({ ...f, hash: await hashFile(f.path) });
    } catch (err) {
      skip(f.relPath, `无法读取：${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
  }
  // (A file's documents all carry its hash: one document, or one per summary of a compilation.)
  const holds = (relPath: string, hash: string) => (bySource.get(relPath) ?? []).some((d) => d.sha256 === hash);
  const owner = new Map<string, string>(); // content hash → relPath
  for (const f of hashed) if (holds(f.relPath, f.hash)) owner.set(f.hash, f.relPath);
  for (const f of hashed) if (!owner.has(f.hash)) owner.set(f.hash, f.relPath);

  // Unchanged, and its blobs are there (a DATA_DIR restored without them gets them back).
  const isUnchanged = (f: { relPath: string; hash: string }) => {
    const prev = bySource.get(f.relPath) ?? [];
    const blobsThere = prev.every((d) => opts.blobs.has(d.sha256) && !!d.cleanedSha256 && opts.blobs.has(d.cleanedSha256));
    return prev.length > 0 && prev.every((d) => d.sha256 === f.hash) && blobsThere;
  };

  // Site chrome learned from the archive before any file is cleaned: the heads and feet of the
  // files indexed before (kept under DATA_DIR) and of this run's text and web files (cheap to read
  // twice; other formats add theirs as they are processed, for the next run).
  const learning = BoilerplateStore.open(opts.blobs.dataDir);
  if (rebuild) learning.retain((rel) => listed.has(rel));
  // A large run does the files' work in child processes (work-pool.ts): several files are then in
  // flight, read here while the children decode, clean and segment the ones before; results are
  // taken in the files' order, so the run's outcome is the same as one file after another.
  const toProcess = hashed.filter((f) => owner.get(f.hash) === f.relPath && !isUnchanged(f));
  const pool = poolFor(toProcess.length);
  if (pool) pools.push(pool);
  // Files in flight: enough that neither child waits while a long file holds back the results after it.
  const inFlight = pool ? 6 * workSettings().processes : 1;
  if (pool) {
    report.workers = workSettings().processes;
    reporter.log(`${report.workers} 个子进程并行处理 ${toProcess.length} 个文件`);
  }
  // The encodings the learning pass found, handed back to the file's work so that a child decodes it
  // without detecting its encoding again — only for the bytes they were found in (a file may change
  // between the two reads): keyed by path, checked by a digest of the bytes.
  const encodings = new Map<string, { encoding: string; digest: string }>();
  const digestOf = (bytes: Buffer) => createHash('sha1').update(bytes).digest('base64');
  const edgesOf = async (f: (typeof hashed)[number]): Promise<EdgeLine[] | null> => {
    try {
      const bytes = await readFile(f.path);
      if (!CHEAP_KINDS.has((await sniff(bytes)).kind)) return null;
      if (pool && (await decodesInProcess(bytes))) {
        const { edgeLines, encoding } = await pool.edges(f.relPath, bytes);
        if (encoding) encodings.set(f.relPath, { encoding, digest: digestOf(bytes) });
        return edgeLines;
      }
      const decoded = await decode({ relPath: f.relPath, bytes });
      return edgeCandidates(decoded.lines.map((l) => l.text));
    } catch {
      // Unreadable: the main pass says why.
      return null;
    }
  };
  for await (const [f, edges] of pMapIterable(toProcess, async (f) => [f, await edgesOf(f)] as const, { concurrency: inFlight })) {
    if (edges) learning.set(f.relPath, f.hash, edges);
  }
  const learned = learning.learned();
  report.boilerplate = learned;
  const boilerplate = new Set(learned.map((l) => l.key));
  pool?.setBoilerplate(boilerplate);
  if (learned.length > 0) reporter.log(`从存档学到站点标语 ${learned.length} 条（见结束时的汇总）`);

  let pending: Pending[] = [];
  // Records go to spool files as files are processed, and to the engine at the end (spool.ts): a
  // pair of spools per engine, each document's records in its engine's pair.
  type Spooled = Omit<Pending, 'tasks'>;
  const spools = engines.map((_, i) => ({
    sections: new Spool<Spooled>(opts.blobs.spoolDir, engines.length > 1 ? `sections-${i}` : 'sections'),
    documents: new Spool<Spooled>(opts.blobs.spoolDir, engines.length > 1 ? `documents-${i}` : 'documents'),
  }));
  const spoolOf = (docId: string) => engineFor(spools, docId);
  // What the phrase table reads of this run's sections: counted while the engines index them.
  const phraseSpool = new Spool<null>(opts.blobs.spoolDir, 'phrases');
  /** A write failed or a document was removed after the count began: the table is counted again. */
  let countInvalid = false;
  /** Documents whose live sections the count skips: this run spooled them anew, or replaces them. */
  const superseded = new Set<string>();
  const removeNew = async (f: Spooled) => {
    for (const id of f.docIds) if (!byDocId.has(id)) await removeDocument(engines, target, id);
  };
  const sendSpools = async () => {
    const failed = new Map<Spooled, string>();
    const tasks = new Map<Spooled, EngineTask[]>();
    // Sections first, documents last: a document is listed only once its sections are in. The
    // engines index side by side.
    for (const kind of ['sections', 'documents'] as const) {
      const index = kind === 'sections' ? target.index : target.documentsIndex;
      for (const [e, pair] of spools.entries()) {
        for (const seg of pair[kind].close()) {
          try {
            const uid = await enqueueSpoolFile(engines[e]!, index, seg.file);
            for (const f of seg.items) tasks.set(f, [...(tasks.get(f) ?? []), { engine: e, uid }]);
          } catch (err) {
            for (const f of seg.items) failed.set(f, (err as Error).message.split('\n')[0]!);
            countInvalid = true;
          }
        }
      }
    }
    for (const [f, t] of tasks) if (!failed.has(f)) pending.push({ ...f, tasks: t });
    for (const [f, msg] of failed) {
      await removeNew(f);
      skip(f.relPath, `写入索引失败：${msg}`);
    }
  };
  // The files of a spool segment share its task: each task is asked about once, not once per file
  // (20,000 files made 100,000 requests, a minute of the run at the end).
  const outcomes = new Map<string, Promise<string | null>>();
  const settleOnce = async (uids: EngineTask[]) => {
    let failure: string | null = null;
    for (const { engine, uid } of uids) {
      const key = `${engine}:${uid}`;
      let outcome = outcomes.get(key);
      if (!outcome) outcomes.set(key, (outcome = settle(engines[engine]!, [uid], SPOOL_WAIT_MS)));
      failure ??= await outcome;
    }
    return failure;
  };
  /** Waits for the engine to confirm the pending files. */
  const confirm = async () => {
    const now = pending;
    pending = [];
    if (now.length > 0) reporter.log(`等待检索引擎写入 ${now.length} 个文件…`);
    for (const p of now) {
      const failure = await settleOnce(p.tasks);
      if (failure) {
        countInvalid = true;
        // Keep what was indexed before: the old version stays, the partial new one goes.
        await removeNew(p);
        skip(p.relPath, `写入索引失败：${failure}`);
        continue;
      }
      report.sectionsWritten += p.sections;
      report.documentsWritten += p.docIds.length;
      if (p.replaces.length > 0) {
        for (const old of p.replaces) {
          if (p.docIds.includes(old.docId)) continue;
          // The old content may live on in another file, which then owns (and re-indexed) it.
          if (owner.has(old.sha256)) continue;
          const err = await removeDocument(engines, target, old.docId);
          if (err) reporter.log(`旧版本删除失败（${p.relPath}）：${err}`);
        }
        report.replaced++;
        reporter.file(p.relPath, 'replaced');
      } else {
        report.indexed++;
        reporter.file(p.relPath, 'indexed');
      }
    }
  };

  /** One file's work: in this process (small runs), or its text's in a child. Never throws: a failure is the file's outcome. */
  const processOne = async (f: (typeof hashed)[number]): Promise<PromiseSettledResult<{ file: SpoolReadyFile }> | null> => {
    if (owner.get(f.hash) !== f.relPath || isUnchanged(f)) return null;
    const progress = reporter.pages ? (done: number, total: number) => reporter.pages!(f.relPath, done, total) : undefined;
    try {
      const bytes = await readFile(f.path);
      let file: SpoolReadyFile;
      if (!pool) file = spoolReady(await processFile({ relPath: f.relPath, bytes, ...(progress ? { progress } : {}) }, undefined, { boilerplate }));
      else {
        const found = encodings.get(f.relPath);
        encodings.delete(f.relPath);
        // The learning pass's bytes: plain text a child decodes, in the encoding found then.
        if (found && found.digest === digestOf(bytes)) file = await pool.process(f.relPath, bytes, { encoding: found.encoding });
        else if (await decodesInProcess(bytes)) file = await pool.process(f.relPath, bytes);
        // Other formats are read in the isolated reader, from here, as always; the child gets their text.
        else file = await pool.process(f.relPath, bytes, { decoded: await decode({ relPath: f.relPath, bytes, ...(progress ? { progress } : {}) }) });
      }
      // The blobs first (a record in the engine always names files that exist), written while
      // other files are in flight: the consumer below only spools.
      for (const d of file.documents) await Promise.all([opts.blobs.putAsync(bytes), opts.blobs.putAsync(d.cleanedText)]);
      return { status: 'fulfilled', value: { file } };
    } catch (reason) {
      return { status: 'rejected', reason };
    }
  };
  try {
    for await (const [f, outcome] of pMapIterable(hashed, async (f) => [f, await processOne(f)] as const, { concurrency: inFlight })) {
      report.filesRead++;
      const ownerPath = owner.get(f.hash)!;
      if (ownerPath !== f.relPath) {
        const d = { relPath: f.relPath, reason: `与 ${ownerPath} 内容完全相同，未重复导入` };
        report.duplicates.push(d);
        reporter.file(f.relPath, 'duplicate', d.reason);
        continue;
      }
      const prev = bySource.get(f.relPath) ?? [];
      // Decided once, when the file's work was started (processOne): its own blob writes, done by
      // then, would make a file whose blob had gone missing look unchanged here.
      if (outcome === null) {
        report.unchanged++;
        reporter.file(f.relPath, 'unchanged');
        continue;
      }
      try {
        if (outcome.status === 'rejected') throw outcome.reason;
        const processed = outcome.value.file;
        learning.set(f.relPath, f.hash, processed.edgeLines);
        for (const old of prev) superseded.add(old.docId);
        report.cleaning.push(tallyOf(f.relPath, processed.removed, processed.documents.map((d) => d.document)));
        const item: Spooled = {
          relPath: f.relPath,
          docIds: processed.documents.map((d) => d.document.docId),
          sections: processed.documents.reduce((n, d) => n + d.sectionCount, 0),
          replaces: prev,
        };
        for (const d of processed.documents) {
          superseded.add(d.document.docId);
          phraseSpool.write(d.phraseLines, null);
          const pair = spoolOf(d.document.docId);
          pair.sections.write(d.sectionLines, item);
          pair.documents.write(d.documentLines, item);
        }
        reporter.file(f.relPath, 'queued');
      } catch (err) {
        skip(f.relPath, err instanceof BadInputError ? err.reason : `处理失败：${(err as Error).message.split('\n')[0]}`);
      }
    }
  } finally {
    pool?.close();
  }
  let counting: Promise<Map<string, number> | null> = Promise.resolve(null);
  try {
    await sendSpools();
    // The phrase table is counted now, while the engines index the batch: this run's sections
    // from the spool, and the live ones it does not supersede (none in a rebuild, whose target
    // starts empty). An engine answers reads from the state before its batch.
    const spooled = phraseSpool.close().map((seg) => seg.file);
    if (spooled.length > 0 || (rebuild && existing.length > 0)) {
      const source = rebuild ? spooledSections(spooled) : concatSources(liveSections(engines, target.index, superseded), spooledSections(spooled));
      counting = countTable(source).catch((err: unknown) => {
        reporter.log(`常用词语表统计失败，导入后重新统计：${(err as Error).message.split('\n')[0]}`);
        return null;
      });
    }
    await confirm();
  } finally {
    for (const pair of spools) {
      pair.sections.dispose();
      pair.documents.dispose();
    }
  }
  const counted = await counting;
  phraseSpool.dispose();

  if (opts.prune && !rebuild) {
    for (const d of existing) {
      if (listed.has(d.sourceFile)) continue;
      // Uploaded documents are removed in the portal, never because this run did not list them.
      if (isUploadSource(d.sourceFile) && !opts.uploadsDir) continue;
      if (opts.pruneScope && !opts.pruneScope(d.sourceFile)) continue;
      if (owner.has(d.sha256)) continue; // same content lives on under another name
      const err = await removeDocument(engines, target, d.docId);
      if (err) reporter.log(`删除 ${d.sourceFile} 失败：${err}`);
      else {
        learning.delete(d.sourceFile);
        report.removed++;
        reporter.log(`已移除（文件已不存在）：${d.sourceFile}`);
      }
    }
  }

  if (rebuild) {
    // Engine by engine: during the swaps a search may see one engine's new archive beside another's old one.
    for (const e of engines) await swapIn(e, live, target);
    reporter.log(`新索引已切换上线（${live.index}）`);
  }
  // The phrase table follows every change of the sections (and is built once for an archive without one).
  const changed = rebuild || report.indexed + report.replaced + report.removed > 0;
  if (changed || (await Promise.all(engines.map((e) => phraseTableStale(e, live.index)))).some(Boolean)) {
    try {
      const t0 = Date.now();
      // A count made while the batch was indexed describes the index as it is now, unless a write
      // failed or something was removed since (--prune): then it is counted again from the engines.
      const t = counted && !countInvalid && report.removed === 0
        ? await writePhraseTable(engines, live.index, counted, { fresh: rebuild })
        : await refreshPhraseTable(engines, live.index);
      reporter.log(`常用词语表已更新：${t.phrases} 条，写入 ${t.written} 条，移除 ${t.removed} 条（${((Date.now() - t0) / 1000).toFixed(1)} 秒）`);
    } catch (err) {
      // Searches do not depend on it: the old table stays until the next run.
      reporter.log(`常用词语表更新失败（检索不受影响，下次导入时重试）：${(err as Error).message.split('\n')[0]}`);
    }
  }
  // Blobs no live record names any more (replaced, pruned, rebuilt away). Only those older than
  // this run: a concurrent run's fresh blobs may not have their records in yet.
  const keep = new Set<string>();
  for (const d of await existingDocumentsOf(engines, live.documentsIndex)) {
    keep.add(d.sha256);
    if (d.cleanedSha256) keep.add(d.cleanedSha256);
  }
  const gc = opts.blobs.collectGarbage(keep, started);
  if (gc.removed > 0) reporter.log(`已删除 ${gc.removed} 个不再使用的原件/正文文件`);
  learning.save();
  report.documentsInIndex = 0;
  for (const e of engines) report.documentsInIndex += (await e.index(live.documentsIndex).getStats()).numberOfDocuments;
  report.ms = Date.now() - started;
  reporter.finish(report);
  return report;
}

export function tallyOf(
  relPath: string,
  removed: RemovedBlock[],
  documents: Array<{ truncated: boolean; missingChars: number | null; masked?: boolean }>,
): CleaningTally {
  const counts: Record<string, number> = {};
  for (const r of removed) counts[r.rule] = (counts[r.rule] ?? 0) + 1;
  const truncated = documents.filter((d) => d.truncated);
  const stated = truncated.filter((d) => d.missingChars !== null);
  return {
    relPath,
    removed: counts,
    documents: documents.length,
    truncated: truncated.length,
    missingChars: stated.length > 0 ? stated.reduce((n, d) => n + d.missingChars!, 0) : null,
    masked: documents.filter((d) => d.masked === true).length,
  };
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
