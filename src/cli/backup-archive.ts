// Backup and restore of everything only the portal holds, as one .tar.gz (node-tar):
//   manifest.json          format, time, engine version, index names, what is inside
//   engine/<uid>.dump      a Meilisearch dump of the engine (indexes, settings, documents, keys);
//                          several engines (MEILI_REMOTES): engine/<name>/<uid>.dump, one per engine
//   data/…                 PORTAL_DATA_PATHS of DATA_DIR (the SQLite database via its online backup API)
//   rules/…                the lexicon, synonym and theme-cue files in use when the backup was made
// Restore rebuilds a working portal into an empty DATA_DIR: the embedded engine imports the dump;
// for an external engine the dump is left ready for its `--import-dump` (README, "Backup and restore").
import Database from 'better-sqlite3';
import { chmodSync, copyFileSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, realpathSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { keepDataPrivate } from '../core/ops/private-files.js';
import os from 'node:os';
import path from 'node:path';
import * as tar from 'tar';
import type { Config } from '../core/config.js';
import { PORTAL_DATA_PATHS } from '../core/ops/data-paths.js';
import { createClient, waitTask } from '../core/meili/client.js';
import { startEmbeddedMeili } from '../core/meili/embedded.js';
import { openDatabase } from '../core/store/database.js';
import { LEXICON_PATH, SYNONYMS_PATH } from '../core/text/lexicon.js';
import { describeHolder } from '../core/ops/writer-lock.js';
import { THEME_CUES_PATH } from '../../ingest/theme-cues.js';
import { configuredWriterLock, openEngine } from './runtime.js';

export const BACKUP_FORMAT = 'dangjian-backup/1';

/** Staff-edited data the indexes were built with: archive name → file in this checkout. */
export const RULE_FILES: Readonly<Record<string, string>> = {
  'rules/lexicon/dangjian.dict.utf8': LEXICON_PATH,
  'rules/lexicon/synonyms.txt': SYNONYMS_PATH,
  'rules/theme-cues.yaml': THEME_CUES_PATH,
};

export interface BackupManifest {
  format: typeof BACKUP_FORMAT;
  createdAt: string;
  meilisearch: { version: string; dump: string; indexes: string[] };
  /** Several engines (MEILI_REMOTES): each one's dump (`meilisearch.dump` is the first's). */
  engines?: Array<{ name: string; dump: string }>;
  index: string;
  documentsIndex: string;
  data: string[];
  rules: string[];
}

export type Say = (line: string) => void;

export async function createBackup(config: Config, file: string, say: Say = () => {}): Promise<BackupManifest> {
  const out = path.resolve(file);
  keepDataPrivate(config.DATA_DIR);
  mkdirSync(path.dirname(out), { recursive: true });
  const staging = mkdtempSync(path.join(os.tmpdir(), 'dj-backup-'));
  // Under the writer lock, taken before the engine is opened (as every writer does): no ingestion or
  // upload changes the indexes or the originals meanwhile.
  const release = await configuredWriterLock(config).acquire({ purpose: 'npm run backup', wait: true, onWait: (h) => say(`等待正在进行的写入结束：${describeHolder(h)}`) });
  const engine = await openEngine(config, say).catch(async (err) => {
    await release();
    throw err;
  });
  try {
    const admin = createClient({ url: engine.url, apiKey: engine.adminKey }, 600_000);
    // Several engines: one dump each, read from <MEILI_DUMP_DIR>/<name> (compose mounts each engine's dump folder there).
    const members = engine.remotes ?? [{ name: '', url: engine.url }];
    const engines: Array<{ name: string; dump: string }> = [];
    for (const m of members) {
      const base = engine.embedded ? path.join(config.DATA_DIR, 'dumps') : config.MEILI_DUMP_DIR;
      if (!base) {
        throw new Error(
          engine.remotes
            ? '多个检索节点的备份需要 MEILI_DUMP_DIR：其下每个节点一个子目录（<MEILI_DUMP_DIR>/<节点名>），即该节点的 dump 目录'
            : '外部 Meilisearch 的备份需要 MEILI_DUMP_DIR：本进程能读到的引擎 dump 目录（compose 中为 /meili_data/dumps）',
        );
      }
      const dumpDir = m.name ? path.join(base, m.name) : base;
      const client = createClient({ url: m.url, apiKey: engine.adminKey }, 600_000);
      say(`正在生成 Meilisearch dump${m.name ? `（${m.name}）` : ''}…`);
      const task = await waitTask(client, (await client.createDump()).taskUid, 3_600_000);
      const uid = (task.details as { dumpUid?: string } | undefined)?.dumpUid;
      const dump = uid && path.join(dumpDir, `${uid}.dump`);
      if (!dump || !existsSync(dump)) throw new Error(`找不到引擎生成的 dump（${dump ?? '无 dumpUid'}）：MEILI_DUMP_DIR 是否指向引擎的 dump 目录？`);
      const dumpName = m.name ? `engine/${m.name}/${uid}.dump` : `engine/${uid}.dump`;
      mkdirSync(path.dirname(path.join(staging, dumpName)), { recursive: true });
      moveFile(dump, path.join(staging, dumpName));
      engines.push({ name: m.name, dump: dumpName });
    }
    const dumpName = engines[0]!.dump;

    const data: string[] = [];
    for (const p of PORTAL_DATA_PATHS) {
      const src = path.join(config.DATA_DIR, p.path);
      if (!existsSync(src)) continue;
      const dest = path.join(staging, 'data', p.path);
      mkdirSync(path.dirname(dest), { recursive: true });
      if (p.kind === 'sqlite') {
        // SQLite's online backup: a consistent copy even while the portal writes (WAL included).
        const db = new Database(src, { readonly: true, fileMustExist: true });
        try {
          await db.backup(dest);
        } finally {
          db.close();
        }
      } else if (p.kind === 'dir') cpSync(src, dest, { recursive: true });
      else copyFileSync(src, dest);
      data.push(`data/${p.path}`);
      say(`已加入 ${p.what}：${p.path}`);
    }
    for (const [name, src] of Object.entries(RULE_FILES)) {
      mkdirSync(path.dirname(path.join(staging, name)), { recursive: true });
      copyFileSync(src, path.join(staging, name));
    }
    const stats = await admin.getStats();
    const manifest: BackupManifest = {
      format: BACKUP_FORMAT,
      createdAt: new Date().toISOString(),
      meilisearch: { version: (await admin.getVersion()).pkgVersion, dump: dumpName, indexes: Object.keys(stats.indexes) },
      ...(engine.remotes ? { engines } : {}),
      index: config.MEILI_INDEX,
      documentsIndex: config.documentsIndex,
      data,
      rules: Object.keys(RULE_FILES),
    };
    writeFileSync(path.join(staging, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    // Dumps are compressed already; gzip still shrinks the database and the originals.
    // The archive holds password hashes and the session secret: 0600 before a byte is in it (tar keeps an existing file's mode).
    writeFileSync(out, '', { mode: 0o600 });
    chmodSync(out, 0o600);
    await tar.c({ gzip: true, file: out, cwd: staging, portable: true }, readdirSync(staging));
    say(`备份已写入 ${out}（${(statSync(out).size / 1024 / 1024).toFixed(1)} MB）`);
    return manifest;
  } finally {
    rmSync(staging, { recursive: true, force: true });
    await engine.close();
    await release();
  }
}

export interface RestoreResult {
  manifest: BackupManifest;
  /** For an external engine: the dump to import with `meilisearch --import-dump` (README). */
  pendingDump?: string;
  /** Several engines (MEILI_REMOTES): each engine's dump to import, by name. */
  pendingDumps?: Array<{ name: string; file: string }>;
  rulesReplaced: string[];
}

/** Rebuilds the portal's data from a backup into an empty DATA_DIR (and the embedded engine from its dump). */
export async function restoreBackup(config: Config, file: string, say: Say = () => {}): Promise<RestoreResult> {
  const archive = path.resolve(file);
  if (!existsSync(archive)) throw new Error(`备份文件不存在：${archive}`);
  const dataDir = config.DATA_DIR;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) {
    throw new Error(`DATA_DIR（${dataDir}）不是空的：恢复只写入空目录，以免覆盖现有数据。请指定一个新的 DATA_DIR，或先移走现有内容`);
  }
  keepDataPrivate(dataDir);
  const staging = mkdtempSync(path.join(os.tmpdir(), 'dj-restore-'));
  try {
    await tar.x({ file: archive, cwd: staging, strict: true });
    const manifest = JSON.parse(readFileSync(path.join(staging, 'manifest.json'), 'utf8')) as BackupManifest;
    if (manifest.format !== BACKUP_FORMAT) throw new Error(`不认识的备份格式 ${String(manifest.format)}（应为 ${BACKUP_FORMAT}）`);
    // Every path the manifest names is resolved and must stay inside the unpacked archive.
    const dump = insideStaging(staging, manifest.meilisearch?.dump);
    // Several engines: each dump goes back to the engine of the same name (documents are routed by
    // the number and order of the engines: another list needs a rebuild, README).
    const saved = Array.isArray(manifest.engines) ? manifest.engines : null;
    const names = (config.MEILI_REMOTES ?? []).map((r) => r.name);
    if (saved || names.length > 0) {
      const from = (saved ?? []).map((e) => e.name);
      if (from.join(',') !== names.join(',')) {
        throw new Error(
          `备份来自检索节点 [${from.join(', ') || '单个引擎'}]，当前 MEILI_REMOTES 为 [${names.join(', ') || '未设置'}]：请以相同的节点列表恢复；要改变节点数，先按原节点恢复，再改 MEILI_REMOTES 并运行 npm run ingest -- --rebuild`,
        );
      }
    }
    const dumps = saved ? saved.map((e) => ({ name: e.name, file: insideStaging(staging, e.dump) })) : null;

    for (const p of PORTAL_DATA_PATHS) {
      const src = path.join(staging, 'data', p.path);
      if (!existsSync(src)) continue;
      cpSync(src, path.join(dataDir, p.path), { recursive: true });
      say(`已恢复 ${p.what}：${p.path}`);
    }
    // The restored database is brought up to this version's schema (and refused if it is newer).
    if (existsSync(path.join(dataDir, 'portal.sqlite'))) openDatabase(dataDir).close();

    // Staff-edited rules: the indexes were built with these; put them back where they differ.
    const rulesReplaced: string[] = [];
    for (const [name, dest] of Object.entries(RULE_FILES)) {
      const src = path.join(staging, name);
      if (!existsSync(src)) continue;
      if (!existsSync(dest) || !readFileSync(src).equals(readFileSync(dest))) {
        copyFileSync(src, dest);
        rulesReplaced.push(name);
        say(`已恢复规则文件 ${path.relative(process.cwd(), dest)}（与当前版本不同）`);
      }
    }

    if (dumps) {
      const pendingDumps = dumps.map((d) => {
        const keep = path.join(config.MEILI_DUMP_DIR ?? path.join(dataDir, 'restore'), d.name, path.basename(d.file));
        mkdirSync(path.dirname(keep), { recursive: true });
        moveFile(d.file, keep);
        say(`检索节点 ${d.name} 需要在启动时导入 dump：${keep}（步骤见 README「备份与恢复」）`);
        return { name: d.name, file: keep };
      });
      return { manifest, pendingDumps, rulesReplaced };
    }
    if (config.MEILI_URL) {
      // Where the engine can read it at its next start (compose: MEILI_DUMP_DIR is its volume), else DATA_DIR/restore.
      const keep = path.join(config.MEILI_DUMP_DIR ?? path.join(dataDir, 'restore'), path.basename(dump));
      mkdirSync(path.dirname(keep), { recursive: true });
      moveFile(dump, keep);
      say(`外部 Meilisearch 需要在启动时导入 dump：${keep}（步骤见 README「备份与恢复」）`);
      return { manifest, pendingDump: keep, rulesReplaced };
    }
    say('内置 Meilisearch 正在导入 dump…');
    const engine = await startEmbeddedMeili({ dataDir, bin: config.MEILI_BIN, importDump: dump, logFile: path.join(dataDir, 'logs', 'meilisearch.log') });
    try {
      const stats = await createClient({ url: engine.url, apiKey: engine.masterKey }).getStats();
      const docs = stats.indexes[manifest.documentsIndex]?.numberOfDocuments ?? 0;
      say(`已恢复检索引擎：${Object.keys(stats.indexes).length} 个索引，${docs} 篇文稿`);
    } finally {
      await engine.stop();
    }
    return { manifest, rulesReplaced };
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
}

/**
 * A path named by a backup's manifest, resolved within the folder the archive was unpacked into: a
 * crafted manifest (../../, an absolute path, a link) must not make restore move a file from
 * elsewhere into DATA_DIR. Only a regular file inside the staging folder is accepted.
 */
export function insideStaging(staging: string, rel: unknown): string {
  const root = realpathSync(path.resolve(staging));
  const refuse = () => new Error(`备份清单（manifest.json）中的路径 ${JSON.stringify(rel)} 不在备份之内，拒绝恢复：备份文件可能被改动过`);
  if (typeof rel !== 'string' || rel === '' || rel.includes('\0')) throw refuse();
  const full = path.resolve(root, rel);
  if (!full.startsWith(root + path.sep)) throw refuse();
  let st;
  try {
    st = lstatSync(full);
  } catch {
    throw refuse();
  }
  if (!st.isFile() || realpathSync(full) !== full) throw refuse();
  return full;
}

/** rename, or copy and remove across file systems (tmp is often another one). */
function moveFile(from: string, to: string): void {
  try {
    renameSync(from, to);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EXDEV') throw err;
    copyFileSync(from, to);
    rmSync(from, { force: true });
  }
}
