// The readers, one per format, picked by the sniffed bytes (as Paperless-ngx picks a parser per MIME
// type). Adding a format: a file in this folder implementing Reader, a row in src/core/formats.ts,
// a line below.
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc } from '../types.js';
import type { ReadContext, ReadOptions, Reader } from './reader.js';
import { fileOcrCache } from './ocr/cache.js';
import { sniff, type SniffedKind } from './sniff.js';

/** Reader modules load on first use: the portal never pays for a parser nobody uploaded. */
const READERS: Partial<Record<SniffedKind, () => Promise<Reader>>> = {
  txt: async () => (await import('./txt.js')).txtReader,
  docx: async () => (await import('./docx.js')).docxReader,
  ole: async () => (await import('./doc.js')).docReader,
  rtf: async () => (await import('./rtf.js')).rtfReader,
  odt: async () => (await import('./odt.js')).odtReader,
  ofd: async () => (await import('./ofd.js')).ofdReader,
  html: async () => (await import('./html.js')).htmlReader,
  mht: async () => (await import('./mht.js')).mhtReader,
  pdf: async () => (await import('./pdf.js')).pdfReader,
  image: async () => (await import('./image.js')).imageReader,
};

/** Readers loaded so far: a dynamic import costs a trip through the module loader on every call. */
const loaded = new Map<SniffedKind, Promise<Reader>>();

/** The reader for these bytes, or a refusal that names what they are. */
export async function readerFor(bytes: Buffer): Promise<Reader> {
  const { kind, description } = await sniff(bytes);
  const load = READERS[kind];
  if (kind === 'damaged') throw new BadInputError(`文件已损坏（${description}），无法读取`);
  if (!load) throw new BadInputError(`不支持的文件类型：内容是${description}`);
  let reader = loaded.get(kind);
  if (!reader) {
    reader = load();
    loaded.set(kind, reader);
    // A module that failed to load is tried again next time, not remembered as failed.
    reader.catch(() => loaded.delete(kind));
  }
  return reader;
}

let configured: Partial<ReadOptions> = {};

/**
 * The process's reader settings (limits, OCR, the OCR cache), set once by the command that starts
 * it from the configuration (ingest/reader-settings.ts); options given to readDocument win.
 */
export function configureReaders(options: Partial<ReadOptions>): void {
  configured = { ...options };
}

/** This process's reader settings as plain data, for a reader in another process (no cache object). */
export function transferableReaderOptions(): Partial<ReadOptions> {
  const { ocrCache: _cache, ...plain } = configured;
  return plain;
}

/** Bytes of one archive file → its text, by the reader its content calls for. */
export async function readDocument(
  file: { relPath: string; bytes: Buffer; encoding?: string },
  progress?: ReadContext['progress'],
  options?: ReadContext['options'],
): Promise<DecodedDoc> {
  const reader = await readerFor(file.bytes);
  const merged = { ...configured, ...options };
  if (!merged.ocrCache && merged.ocrCacheDir) merged.ocrCache = fileOcrCache(merged.ocrCacheDir);
  return reader.read(file.bytes, {
    fileName: file.relPath.split('/').pop() ?? file.relPath,
    ...(progress ? { progress } : {}),
    ...(file.encoding ? { encoding: file.encoding } : {}),
    options: merged,
  });
}
