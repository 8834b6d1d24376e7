// The readers' settings from the configuration (an end of the pipeline: the OCR cache touches the
// file system). Recognition results are kept as DATA_DIR/ocr-cache/<sha256 of the file>.<engine>.json,
// so `--rebuild`, an unchanged file and a file moved to another folder are never recognised twice;
// deleting the folder only costs time.
import path from 'node:path';
import type { Config } from '../src/core/config.js';
import type { ReadOptions } from './readers/reader.js';

export type ReaderConfig = Pick<Config, 'DATA_DIR' | 'OCR' | 'OCR_ENGINE' | 'OCR_TIMEOUT_SECONDS' | 'OCR_MAX_PAGES' | 'PDF_MAX_PAGES'>;

export function readerSettings(config: ReaderConfig): Partial<ReadOptions> {
  return {
    maxPages: config.PDF_MAX_PAGES,
    ocr: config.OCR,
    ocrEngine: config.OCR_ENGINE,
    ocrTimeoutMs: config.OCR_TIMEOUT_SECONDS * 1000,
    ocrMaxPages: config.OCR_MAX_PAGES,
    ocrCacheDir: path.join(config.DATA_DIR, 'ocr-cache'),
  };
}
