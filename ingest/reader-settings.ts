// The readers' settings from the configuration (an end of the pipeline: the OCR cache touches the
// file system). Recognition results are kept as DATA_DIR/ocr-cache/<sha256 of the file>.<engine>.json,
// so `--rebuild`, an unchanged file and a file moved to another folder are never recognised twice;
// deleting the folder only costs time.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Config } from '../src/core/config.js';
import type { OcrCache, ReadOptions } from './readers/reader.js';

export type ReaderConfig = Pick<Config, 'DATA_DIR' | 'OCR' | 'OCR_ENGINE' | 'OCR_TIMEOUT_SECONDS' | 'OCR_MAX_PAGES' | 'PDF_MAX_PAGES'>;

/** Keys are hex hashes with an engine name: nothing else may name a file here. */
const SAFE_KEY = /^[0-9a-f]{64}\.[a-z0-9_-]+$/u;

export function fileOcrCache(dir: string): OcrCache {
  const file = (key: string) => {
    if (!SAFE_KEY.test(key)) throw new Error(`OCR 缓存键无效：${key}`);
    return path.join(dir, `${key}.json`);
  };
  return {
    async get(key) {
      try {
        return JSON.parse(await readFile(file(key), 'utf8')) as unknown;
      } catch {
        // Missing or half-written (a crash mid-write): recognise again.
        return undefined;
      }
    },
    async set(key, value) {
      await mkdir(dir, { recursive: true, mode: 0o700 });
      const tmp = `${file(key)}.${process.pid}.tmp`;
      await writeFile(tmp, JSON.stringify(value), { mode: 0o600 });
      await rename(tmp, file(key));
    },
  };
}

export function readerSettings(config: ReaderConfig): Partial<ReadOptions> {
  return {
    maxPages: config.PDF_MAX_PAGES,
    ocr: config.OCR,
    ocrEngine: config.OCR_ENGINE,
    ocrTimeoutMs: config.OCR_TIMEOUT_SECONDS * 1000,
    ocrMaxPages: config.OCR_MAX_PAGES,
    ocrCache: fileOcrCache(path.join(config.DATA_DIR, 'ocr-cache')),
  };
}
