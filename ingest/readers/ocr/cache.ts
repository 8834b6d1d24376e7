// The OCR results cache as files (an end of the pipeline: it touches the file system, so it is the
// one part of the readers' folder that does). Recognition results are kept as
// DATA_DIR/ocr-cache/<sha256 of the file>.<engine>.json, so `--rebuild`, an unchanged file and a file
// moved to another folder are never recognised twice; deleting the folder only costs time.
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { OcrCache } from '../reader.js';

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

