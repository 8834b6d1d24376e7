// The one small interface every format reader implements: bytes in → text in reading order, one
// paragraph a line (with heading levels and pages where the format has them) out. A reader refuses
// bad input with a BadInputError whose reason staff can act on (加密文件，无法读取); it never
// touches the file system, the engine or the network, so it can run wherever untrusted bytes are
// parsed.
import type { FormatId } from '../../src/core/formats.js';
import type { DecodedDoc } from '../types.js';
import type { OcrEngineId } from './ocr/engine.js';

export interface ReadContext {
  /** The file's name as given (for messages only: the format is decided by the bytes). */
  fileName: string;
  /**
   * Long readers (a PDF of many pages, OCR) report pages done of pages total: the CLI shows it,
   * and whoever runs the reader under a time limit counts a report as a sign of life.
   */
  progress?: (done: number, total: number) => void;
  /** Limits and OCR settings (defaults: READ_DEFAULTS); the caller maps them from the configuration. */
  options?: Partial<ReadOptions>;
  /**
   * Plain text: the encoding an earlier read of these same bytes found (DecodedDoc.encoding). The
   * text reader then decodes with it instead of detecting it again; the caller vouches that the
   * bytes are the same (an ingestion reads each text file twice: the learning pass, then its work).
   */
  encoding?: string;
}

/**
 * Results of recognition kept by the caller (the pipeline keeps them under DATA_DIR/ocr-cache), so
 * an unchanged scan is never recognised twice. The reader only asks and tells; keys are the
 * SHA-256 of the file's bytes plus the engine's name.
 */
export interface OcrCache {
  get(key: string): Promise<unknown>;
  set(key: string, value: unknown): Promise<void>;
}

export interface ReadOptions {
  /** A PDF with more pages is refused (a compilation of a decade is a few hundred pages). */
  maxPages: number;
  /** Whether pages without text (scans, photos) are recognised. */
  ocr: boolean;
  /** Recognition time of one file; pages past it are left out and the reason says so. */
  ocrTimeoutMs: number;
  /** Pages a file may have recognised (each takes seconds). */
  ocrMaxPages: number;
  /** Which engine recognises (README: why PaddleOCR is the default). */
  ocrEngine: OcrEngineId;
  ocrCache?: OcrCache;
  /** The folder of a file-backed cache (what crosses to the isolated child instead of ocrCache). */
  ocrCacheDir?: string;
}

export const READ_DEFAULTS: ReadOptions = { maxPages: 2000, ocr: true, ocrTimeoutMs: 10 * 60_000, ocrMaxPages: 200, ocrEngine: 'paddle' };

export function readOptions(ctx: ReadContext): ReadOptions {
  return { ...READ_DEFAULTS, ...ctx.options };
}

export interface Reader {
  format: FormatId;
  read(bytes: Buffer, ctx: ReadContext): Promise<DecodedDoc>;
}
