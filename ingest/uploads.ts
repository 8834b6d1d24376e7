// Documents uploaded in the browser: the same pipeline and limits as the CLI (processFile, the
// index writer, fileProblem), one file at a time, each confirmed by the engine before its
// answer — so it is searchable when the answer arrives. Originals are kept under
// DATA_DIR/uploads/ (the archive folder may be read-only); runIngest re-reads them on --rebuild.
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Meilisearch } from 'meilisearch';
import type { BlobStore } from '../src/core/blob-store.js';
import { BadInputError } from '../src/core/errors.js';
import { sha256 } from '../src/core/ids.js';
import {
  safeUploadName,
  storedUploadName,
  uploadKey,
  UPLOAD_SOURCE_PREFIX,
  uploadSourceFile,
  type IncomingUpload,
  type ReplacePolicy,
  type UploadResult,
} from '../src/core/uploads.js';
import { engineFor, enqueueDocument, ensureIndexes, removeDocument, settle, type ExistingDoc, type IndexNames } from './index-writer.js';
import { processFile } from './process-file.js';
import { forgetUploadName, rememberUploadName } from './upload-names.js';
import { BoilerplateStore } from './boilerplate-store.js';
import { refreshPhraseTable } from './phrase-table.js';
import { fileProblem } from './read.js';
import { MAX_FILE_BYTES, SUPPORTED_EXTENSIONS } from '../src/core/formats.js';

export interface UploadIngesterOptions extends IndexNames {
  client: Meilisearch;
  /** Several engines (MEILI_REMOTES), `client` first: each document goes to the one its id routes to. */
  engines?: Meilisearch[];
  uploadsDir: string;
  /** Originals and cleaned texts by content hash (DATA_DIR/blobs): what the viewer and downloads read. */
  blobs: BlobStore;
}

export interface UploadIngester {
  limits: { maxFileBytes: number; extensions: string[] };
  ingest(files: IncomingUpload[], mayReplace: ReplacePolicy): Promise<UploadResult[]>;
  remove(doc: { docId: string; sourceFile: string }): Promise<void>;
  /** Resolves once the phrase table has followed every change made so far (it is refreshed in the background). */
  phrasesSettled(): Promise<void>;
}

const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export function createUploadIngester(opts: UploadIngesterOptions): UploadIngester {
  const { uploadsDir } = opts;
  const engines = opts.engines && opts.engines.length > 0 ? opts.engines : [opts.client];
  const names: IndexNames = { index: opts.index, documentsIndex: opts.documentsIndex };
  let ready: Promise<void> | null = null;
  // One change at a time: two uploads of the same name (or content) must not interleave.
  let queue: Promise<unknown> = Promise.resolve();
  const serial = <T>(job: () => Promise<T>): Promise<T> => {
    const run = queue.then(job, job);
    queue = run.catch(() => {});
    return run;
  };

  // A file may hold several summaries (a compilation): one document per part, all with the file's hash.
  const find = async (filter: string): Promise<ExistingDoc[]> => {
    const found: ExistingDoc[] = [];
    for (const client of engines) {
      const r = await client.index(names.documentsIndex).getDocuments<ExistingDoc>({ filter, fields: ['docId', 'sourceFile', 'sha256'], limit: 1000 });
      found.push(...r.results);
    }
    return found;
  };
  const removeAll = async (docIds: string[]) => {
    let failure: string | null = null;
    for (const id of docIds) failure ??= await removeDocument(engines, names, id);
    return failure;
  };

  /** An upload from before names were derived from keys lies under its given name: it goes too. */
  const removeLegacyFile = async (sourceFile: string, keep: string | null) => {
    const legacy = path.resolve(uploadsDir, sourceFile.slice(UPLOAD_SOURCE_PREFIX.length));
    if (legacy !== keep && path.dirname(legacy) === path.resolve(uploadsDir) && !path.basename(legacy).startsWith('.')) await rm(legacy, { force: true }).catch(() => {});
  };
  // The phrase table follows the sections in the background: the upload answers once its own
  // records are in, and the table (counted over the whole archive: seconds at 20,000 documents)
  // follows. Changes made while it counts bring one more count, not one each.
  let table: Promise<void> | null = null;
  let again = false;
  const refreshPhrases = () => {
    if (table) {
      again = true;
      return;
    }
    table = (async () => {
      do {
        again = false;
        await refreshPhraseTable(engines, names.index).catch(() => undefined);
      } while (again);
    })().finally(() => (table = null));
  };

  const store = async (dest: string, bytes: Buffer) => {
    const tmp = path.join(uploadsDir, `.${path.basename(dest)}.${process.pid}.tmp`);
    await writeFile(tmp, bytes, { mode: 0o600 });
    await rename(tmp, dest);
  };

  async function one(f: IncomingUpload, mayReplace: ReplacePolicy): Promise<UploadResult> {
    const fileName = safeUploadName(f.name);
    const sourceFile = uploadSourceFile(fileName);
    const answer = (status: UploadResult['status'], extra: Partial<UploadResult> = {}): UploadResult => ({ name: f.name, status, sourceFile, ...extra });
    const problem = fileProblem(fileName, f.size);
    if (problem) return answer('skipped', { reason: problem });
    const bytes = await readFile(f.path);
    const hash = sha256(bytes);
    // Stored under a name made from the key (never the given name): see storedUploadName.
    const dest = path.join(uploadsDir, storedUploadName(fileName));
    const key = uploadKey(sourceFile);
    const policy = mayReplace(sourceFile);

    const sameContent = await find(`sha256 = ${quoted(hash)}`);
    const own = sameContent.filter((d) => uploadKey(d.sourceFile) === key);
    if (own.length > 0) {
      await store(dest, bytes); // the original may have been lost; the index has it, keep both in step
      return answer('unchanged', { docId: own[0]!.docId });
    }
    if (sameContent[0]) {
      return answer('duplicate', { docId: sameContent[0].docId, reason: `与 ${sameContent[0].sourceFile} 内容完全相同，未重复导入` });
    }

    // The documents of this upload, under its name now or as registered before (another case or width).
    const candidates = [...new Set([sourceFile, ...(policy.existing ? [policy.existing] : [])])];
    const found = (await Promise.all(candidates.map((n) => find(`sourceFile = ${quoted(n)}`)))).flat();
    const previous = [...new Map(found.filter((d) => uploadKey(d.sourceFile) === key).map((d) => [d.docId, d])).values()];
    if ((previous.length > 0 || policy.existing) && policy.refusal) return answer('skipped', { reason: policy.refusal });
    let processed;
    // The chrome lines the archive taught the ingest runs apply to uploads as well.
    const learning = BoilerplateStore.open(opts.blobs.dataDir);
    try {
      processed = await processFile({ relPath: sourceFile, bytes }, undefined, { boilerplate: new Set(learning.learned().map((l) => l.key)) });
    } catch (err) {
      return answer('skipped', { reason: err instanceof BadInputError ? err.reason : `处理失败：${(err as Error).message.split('\n')[0]}` });
    }
    // The original goes to disk first, so no indexed upload is ever without its file (a
    // --rebuild reads the files); on failure the previous bytes come back.
    const before = previous.length > 0 ? await readFile(dest).catch(() => null) : null;
    await store(dest, bytes);
    await rememberUploadName(uploadsDir, path.basename(dest), fileName);
    const docIds = processed.documents.map((d) => d.document.docId);
    // The blobs first: a record in the engine always names files that exist.
    for (const d of processed.documents) {
      opts.blobs.put(d.blobs.original);
      opts.blobs.put(d.blobs.cleanedText);
    }
    let failure: string | null = null;
    for (const d of processed.documents) {
      const client = engineFor(engines, d.document.docId);
      failure ??= await settle(client, await enqueueDocument(client, names, d));
    }
    if (failure) {
      await removeAll(docIds);
      if (before) await store(dest, before);
      else await rm(dest, { force: true });
      return answer('skipped', { reason: `写入索引失败：${failure}` });
    }
    learning.set(sourceFile, sha256(bytes), processed.edgeLines);
    learning.save();
    // The first part's id answers for the file (a compilation's other parts open from its viewer).
    const docId = docIds[0]!;
    if (previous.length > 0) {
      await removeAll(previous.map((d) => d.docId).filter((id) => !docIds.includes(id)));
      for (const d of previous) await removeLegacyFile(d.sourceFile, dest);
      return answer('updated', { docId, replacedDocId: previous[0]!.docId });
    }
    return answer('indexed', { docId });
  }

  return {
    limits: { maxFileBytes: MAX_FILE_BYTES, extensions: [...SUPPORTED_EXTENSIONS] },
    ingest: (files, mayReplace) =>
      serial(async () => {
        ready ??= (async () => {
          await mkdir(uploadsDir, { recursive: true, mode: 0o700 });
          // Half-written copies from a run that was killed mid-write (their names start with '.').
          for (const f of await readdir(uploadsDir)) if (/^\..+\.\d+\.tmp$/.test(f)) await rm(path.join(uploadsDir, f), { force: true });
          for (const client of engines) await ensureIndexes(client, names);
        })();
        await ready.catch((err) => {
          ready = null;
          throw err;
        });
        const out: UploadResult[] = [];
        for (const f of files) out.push(await one(f, mayReplace));
        if (out.some((r) => r.status === 'indexed' || r.status === 'updated')) refreshPhrases();
        return out;
      }),
    remove: (doc) =>
      serial(async () => {
        // Every summary of the file goes with it (a compilation's parts share one original).
        const parts = doc.sourceFile.startsWith(UPLOAD_SOURCE_PREFIX) ? (await find(`sourceFile = ${quoted(doc.sourceFile)}`)).map((d) => d.docId) : [];
        const failure = await removeAll([...new Set([doc.docId, ...parts])]);
        if (failure) throw new Error(`从索引删除失败：${failure}`);
        if (doc.sourceFile.startsWith(UPLOAD_SOURCE_PREFIX)) {
          const stored = storedUploadName(doc.sourceFile.slice(UPLOAD_SOURCE_PREFIX.length));
          await rm(path.join(uploadsDir, stored), { force: true });
          await forgetUploadName(uploadsDir, stored);
          await removeLegacyFile(doc.sourceFile, null);
        }
        refreshPhrases();
      }),
    phrasesSettled: async () => {
      while (table) await table;
    },
  };
}
