// Several Meilisearch engines searched as one (MEILI_REMOTES): their names and addresses, and which
// engine holds a document. Pure: the config parses with it, ingestion and uploads route with it.
//
// Every record of a document (its document record and all its sections) lives on one engine, the
// one its docId hashes to, so that a document's sections are always together (a document's viewer,
// part bodies and distinct counts read one engine) and a re-ingested document replaces itself on
// the same engine. The hash depends on the number of engines and their order: adding or removing
// one moves most documents, which is why a changed MEILI_REMOTES needs `npm run ingest -- --rebuild`
// (README: 增加检索节点).
import { createHash } from 'node:crypto';

export interface RemoteEngine {
  /** The engine's name in the network (`self` on that engine, `federationOptions.remote` in queries). */
  name: string;
  url: string;
}

const NAME = /^[A-Za-z0-9_-]{1,64}$/;

/**
 * `ms-00=http://host-a:7700,ms-01=http://host-b:7700` → the engines in that order. Throws a
 * sentence naming the entry at fault.
 */
export function parseRemotes(value: string): RemoteEngine[] {
  const out: RemoteEngine[] = [];
  for (const raw of value.split(',').map((s) => s.trim()).filter(Boolean)) {
    const eq = raw.indexOf('=');
    if (eq <= 0) throw new Error(`"${raw}" is not name=url (e.g. ms-00=http://host-a:7700)`);
    const name = raw.slice(0, eq).trim();
    const url = raw.slice(eq + 1).trim();
    if (!NAME.test(name)) throw new Error(`engine name "${name}" may only hold letters, digits, - and _`);
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new Error(`engine ${name}: "${url}" is not a URL`);
    }
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') throw new Error(`engine ${name}: "${url}" is not an http(s) URL`);
    if (out.some((r) => r.name === name)) throw new Error(`engine name ${name} is given twice`);
    out.push({ name, url: url.replace(/\/+$/, '') });
  }
  if (out.length === 0) throw new Error('no engine given (name=url,name=url,…)');
  return out;
}

/**
 * Which of `count` engines holds the document `docId`: the first 32 bits of its SHA-256, modulo
 * the count. Stable across processes, versions and machines (unlike a language's own hash).
 */
export function engineOf(docId: string, count: number): number {
  if (count <= 1) return 0;
  return createHash('sha256').update(docId).digest().readUInt32BE(0) % count;
}
