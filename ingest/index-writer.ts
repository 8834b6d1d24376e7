// Index stage (an end of the pipeline: it talks to the engine). Creates the indexes with their
// settings and writes, replaces and removes documents, waiting for every task it enqueues.
import type { Meilisearch } from 'meilisearch';
import { waitTask } from '../src/core/meili/client.js';
import { engineOf } from '../src/core/remotes.js';
import { documentSettings, sectionSettings, type DocumentRecord, type SectionRecord } from '../src/core/index-schema.js';
import { lexiconTerms, loadSynonyms } from '../src/core/text/lexicon.js';

export interface IndexNames {
  index: string;
  documentsIndex: string;
}

export interface ExistingDoc {
  docId: string;
  sourceFile: string;
  sha256: string;
  cleanedSha256?: string;
}

/**
 * Creates missing indexes and applies the settings (idempotent: same settings, no reindex).
 * `settings: false` only creates: an index about to be swapped out keeps its settings, since
 * applying new ones would reindex data that is dropped a moment later.
 */
export async function ensureIndexes(client: Meilisearch, names: IndexNames, opts: { settings?: boolean } = {}): Promise<void> {
  const { results } = await client.getIndexes({ limit: 1000 });
  const have = new Set(results.map((i) => i.uid));
  if (!have.has(names.index)) await waitTask(client, (await client.createIndex(names.index, { primaryKey: 'id' })).taskUid);
  if (!have.has(names.documentsIndex)) {
    await waitTask(client, (await client.createIndex(names.documentsIndex, { primaryKey: 'docId' })).taskUid);
  }
  if (opts.settings === false) return;
  const s1 = await client.index(names.index).updateSettings(sectionSettings({ dictionary: lexiconTerms(), synonyms: loadSynonyms() }));
  const s2 = await client.index(names.documentsIndex).updateSettings(documentSettings());
  await waitTask(client, s1.taskUid);
  await waitTask(client, s2.taskUid);
}

/**
 * The documents of every engine (MEILI_REMOTES; one engine: just its own). A document found on
 * another engine than its id routes to means the list of engines changed since it was written:
 * writing on would leave it where no removal finds it, so the run stops with the command that
 * redistributes the archive.
 */
export async function existingDocumentsOf(clients: readonly Meilisearch[], documentsIndex: string): Promise<ExistingDoc[]> {
  const all: ExistingDoc[] = [];
  for (const [i, client] of clients.entries()) {
    const docs = await existingDocuments(client, documentsIndex);
    const strayed = clients.length > 1 ? docs.find((d) => engineOf(d.docId, clients.length) !== i) : undefined;
    if (strayed) {
      throw new Error(
        `检索节点列表（MEILI_REMOTES）已变化：文档 ${strayed.sourceFile} 不在它应在的节点上。请运行 npm run ingest -- --rebuild <全部文稿目录> 重新分布（engines_changed）`,
      );
    }
    all.push(...docs);
  }
  return all;
}

/** The engine of `clients` that holds (or is to hold) the document `docId`. */
export const engineFor = <T>(clients: readonly T[], docId: string): T => clients[engineOf(docId, clients.length)]!;

/** Removes a document from its engine and waits; the error message, or null. */
export async function removeDocument(clients: readonly Meilisearch[], names: IndexNames, docId: string): Promise<string | null> {
  const client = engineFor(clients, docId);
  return settle(client, await enqueueRemoval(client, names, docId));
}

export async function existingDocuments(client: Meilisearch, documentsIndex: string): Promise<ExistingDoc[]> {
  const out: ExistingDoc[] = [];
  const limit = 1000;
  for (let offset = 0; ; offset += limit) {
    const r = await client.index(documentsIndex).getDocuments<ExistingDoc>({ fields: ['docId', 'sourceFile', 'sha256', 'cleanedSha256'], limit, offset });
    out.push(...r.results);
    if (r.results.length < limit) break;
  }
  return out;
}

/** Records serialised once, as the lines of an NDJSON request body. */
export interface SerializedRecords {
  documentLines: string[];
  sectionLines: string[];
}

export function serialize(recs: { document: DocumentRecord; sections: SectionRecord[] }): SerializedRecords {
  return { documentLines: [JSON.stringify(recs.document)], sectionLines: recs.sections.map((s) => JSON.stringify(s)) };
}

export async function enqueueRemoval(client: Meilisearch, names: IndexNames, docId: string): Promise<number[]> {
  const filter = `docId = "${docId}"`;
  return [
    (await client.index(names.documentsIndex).deleteDocument(docId)).taskUid,
    (await client.index(names.index).deleteDocuments({ filter })).taskUid,
  ];
}

/**
 * Waits for tasks; returns the error message of the first that failed, or null. `timeoutMs` bounds
 * each wait (default: waitTask's ten minutes); a wait that runs out counts as a failure.
 */
export async function settle(client: Meilisearch, taskUids: number[], timeoutMs?: number): Promise<string | null> {
  let failure: string | null = null;
  for (const uid of taskUids) {
    try {
      await waitTask(client, uid, timeoutMs);
    } catch (err) {
      failure ??= (err as Error).message;
    }
  }
  return failure;
}

/** Atomically exchanges freshly built indexes with the live ones, then drops the old data. */
export async function swapIn(client: Meilisearch, live: IndexNames, fresh: IndexNames): Promise<void> {
  await ensureIndexes(client, live, { settings: false });
  const t = await client.swapIndexes([
    { indexes: [live.index, fresh.index], rename: false },
    { indexes: [live.documentsIndex, fresh.documentsIndex], rename: false },
  ]);
  await waitTask(client, t.taskUid);
  await waitTask(client, (await client.deleteIndex(fresh.index)).taskUid);
  await waitTask(client, (await client.deleteIndex(fresh.documentsIndex)).taskUid);
}

// One upload's records go straight to the engine (no spool: the portal answers when they are in).
// Sections carry their exact-match representation: keep each request well under the payload limit.
const MAX_BATCH_BYTES = 20 * 1024 * 1024;

/** Enqueues the sections and then the document record; returns the task ids to wait for. */
export async function enqueueDocument(
  client: Meilisearch,
  names: IndexNames,
  rec: { document: DocumentRecord; sections: SectionRecord[] },
): Promise<number[]> {
  const tasks: number[] = [];
  let batch: SectionRecord[] = [];
  let bytes = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    tasks.push((await client.index(names.index).addDocuments(batch)).taskUid);
    batch = [];
    bytes = 0;
  };
  for (const s of rec.sections) {
    const size = Buffer.byteLength(JSON.stringify(s));
    if (bytes + size > MAX_BATCH_BYTES) await flush();
    batch.push(s);
    bytes += size;
  }
  await flush();
  // The document record goes last: a document is listed only once its sections are in.
  tasks.push((await client.index(names.documentsIndex).addDocuments([rec.document])).taskUid);
  return tasks;
}
