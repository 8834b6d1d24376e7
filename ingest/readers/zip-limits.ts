// Decompression limits for zip formats (.docx, .odt, .ofd): every entry is checked against a size budget before it is
// inflated (declared uncompressed size, compression ratio, entry count) and while it is inflated
// (bytes actually produced), with yauzl's streaming reader. Only a file that passes is parsed (docx.ts
// streams its parts through a SAX parser; a reader that held whole entries would follow a bomb to gigabytes).
import { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { BadInputError } from '../../src/core/errors.js';

export interface ZipBudget {
  /** Largest uncompressed entry (document.xml of a long summary is a few MB; mammoth holds it whole, as a DOM). */
  maxEntryBytes: number;
  /** All entries together, uncompressed. */
  maxTotalBytes: number;
  /** Largest compression ratio of an entry above ratioFloorBytes (Word's XML deflates 5–30×; a bomb 1000×). */
  maxRatio: number;
  ratioFloorBytes: number;
  maxEntries: number;
}

export const DOCX_BUDGET: ZipBudget = {
  maxEntryBytes: 24 * 1024 * 1024,
  maxTotalBytes: 96 * 1024 * 1024,
  maxRatio: 200,
  ratioFloorBytes: 1024 * 1024,
  maxEntries: 5000,
};

const mb = (n: number) => `${(n / 1024 / 1024).toFixed(n < 10 * 1024 * 1024 ? 1 : 0)} MB`;
const bomb = (detail: string, label: string) => new BadInputError(`${label} 解压后过大，疑似压缩炸弹，已拒绝（${detail}）`);

/** Resolves when the zip fits the budget; BadInputError naming the entry and the limit otherwise. */
/** `label` names the format in the refusal (docx, odt, ofd). */
export async function checkZipBudget(bytes: Buffer, budget: ZipBudget = DOCX_BUDGET, label = 'docx'): Promise<void> {
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false }, (err, z) => (err ? reject(err) : resolve(z!))),
    );
  } catch {
    throw new BadInputError(`${label} 文件已损坏或不是 ${label}`);
  }
  try {
    let total = 0;
    let count = 0;
    for await (const entry of entries(zip, label)) {
      if (++count > budget.maxEntries) throw bomb(`超过 ${budget.maxEntries} 个压缩条目`, label);
      if (entry.fileName.endsWith('/')) continue;
      // Before inflating: what the entry declares.
      const declared = entry.uncompressedSize;
      if (declared > budget.maxEntryBytes) throw bomb(`${entry.fileName} 声明解压后 ${mb(declared)}，单个条目上限 ${mb(budget.maxEntryBytes)}`, label);
      if (declared > budget.ratioFloorBytes && declared / Math.max(1, entry.compressedSize) > budget.maxRatio) {
        throw bomb(`${entry.fileName} 压缩比 ${Math.round(declared / Math.max(1, entry.compressedSize))}:1，上限 ${budget.maxRatio}:1`, label);
      }
      if (total + declared > budget.maxTotalBytes) throw bomb(`全部条目解压后超过 ${mb(budget.maxTotalBytes)}`, label);
      // While inflating: what it actually produces (a header can lie; yauzl also stops at the declared size).
      const limit = Math.min(budget.maxEntryBytes, budget.maxTotalBytes - total);
      total += await inflatedSize(zip, entry, limit, label);
    }
  } finally {
    zip.close();
  }
}

async function* entries(zip: ZipFile, label: string): AsyncGenerator<Entry> {
  for (;;) {
    const next = await new Promise<Entry | null>((resolve, reject) => {
      const onEntry = (e: Entry) => done(e);
      const onEnd = () => done(null);
      const onError = (err: Error) => {
        cleanup();
        reject(err);
      };
      const cleanup = () => {
        zip.off('entry', onEntry);
        zip.off('end', onEnd);
        zip.off('error', onError);
      };
      const done = (v: Entry | null) => {
        cleanup();
        resolve(v);
      };
      zip.on('entry', onEntry).on('end', onEnd).on('error', onError);
      zip.readEntry();
    }).catch((err: Error) => {
      throw new BadInputError(`${label} 文件已损坏或不是 ${label}（${err.message}）`);
    });
    if (!next) return;
    yield next;
  }
}

/** Inflates one entry into nothing, counting bytes; stops as soon as `limit` is passed. */
async function inflatedSize(zip: ZipFile, entry: Entry, limit: number, label: string): Promise<number> {
  const stream = await new Promise<Readable>((resolve, reject) => zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!)))).catch(
    (err: Error) => {
      throw new BadInputError(`${label} 文件已损坏或不是 ${label}（${entry.fileName}：${err.message}）`);
    },
  );
  let n = 0;
  try {
    for await (const chunk of stream) {
      n += (chunk as Buffer).length;
      if (n > limit) throw bomb(`${entry.fileName} 实际解压超过 ${mb(limit)}，与声明的 ${mb(entry.uncompressedSize)} 不符`, label);
    }
  } catch (err) {
    stream.destroy();
    if (err instanceof BadInputError) throw err;
    // yauzl's own size check: more bytes than the header declared.
    if (/too many bytes|too few bytes/i.test((err as Error).message)) throw bomb(`${entry.fileName} 解压后的大小与声明的 ${mb(entry.uncompressedSize)} 不符`, label);
    throw new BadInputError(`${label} 文件已损坏或不是 ${label}（${entry.fileName}：${(err as Error).message}）`);
  }
  return n;
}

/** An opened zip whose entries are known by name, for readers that stream the parts they need. */
export interface ZipEntries {
  entry(name: string): Entry | undefined;
  zip: ZipFile;
  close(): void;
}

/** Opens a zip (already checked with checkZipBudget) and lists its entries without inflating any. */
export async function openZip(bytes: Buffer): Promise<ZipEntries> {
  let zip: ZipFile;
  try {
    zip = await new Promise<ZipFile>((resolve, reject) =>
      yauzl.fromBuffer(bytes, { lazyEntries: true, validateEntrySizes: true, strictFileNames: false, autoClose: false }, (err, z) =>
        err ? reject(err) : resolve(z!),
      ),
    );
  } catch {
    throw new BadInputError('docx 文件已损坏或不是 docx');
  }
  const byName = new Map<string, Entry>();
  try {
    // Names compared as Word writes them; a zip may spell a part with a leading slash or another case.
    for await (const e of entries(zip, 'docx')) byName.set(e.fileName.replace(/^\//, '').toLowerCase(), e);
  } catch (err) {
    zip.close();
    throw err;
  }
  return { zip, entry: (name) => byName.get(name.toLowerCase()), close: () => zip.close() };
}

/** The inflated bytes of one entry, as a stream (yauzl stops it at the declared size). */
export async function readEntryStream(zip: ZipEntries, entry: Entry): Promise<Readable> {
  return new Promise<Readable>((resolve, reject) => zip.zip.openReadStream(entry, (err, s) => (err ? reject(err) : resolve(s!)))).catch(
    (err: Error) => {
      throw new BadInputError(`docx 文件已损坏或不是 docx（${entry.fileName}：${err.message}）`);
    },
  );
}
