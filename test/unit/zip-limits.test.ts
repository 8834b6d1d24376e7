// checkZipBudget (ingest/docx-limits.ts): sizes declared before inflating, bytes produced while
// inflating, and ordinary docx files let through. Small budgets keep these fast; the integration
// test feeds a real >1 GB bomb.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkZipBudget, DOCX_BUDGET, type ZipBudget } from '../../ingest/readers/zip-limits.js';
import { decodeDocx } from '../../ingest/readers/docx.js';
import { makeZipBomb, withDeclaredSize } from '../helpers/zip-bomb.js';
const FIXTURES_DIR = new URL('../fixtures/', import.meta.url).pathname;

const small: ZipBudget = { maxEntryBytes: 4 * 1024 * 1024, maxTotalBytes: 6 * 1024 * 1024, maxRatio: 50, ratioFloorBytes: 256 * 1024, maxEntries: 100 };

describe('checkZipBudget', () => {
  it('lets every docx fixture through with the default budget', async () => {
    const dir = path.join(FIXTURES_DIR, 'docx');
    const files = readdirSync(dir).filter((f) => f.endsWith('.docx'));
    expect(files.length).toBeGreaterThan(0);
    for (const f of files) await expect(checkZipBudget(readFileSync(path.join(dir, f)))).resolves.toBeUndefined();
  });

  it('refuses an entry whose declared size is over the budget before inflating it', async () => {
    const zip = makeZipBomb({ inflate: 8 * 1024 * 1024 });
    await expect(checkZipBudget(zip, { ...small, maxRatio: 100_000 })).rejects.toThrow(/压缩炸弹.*word\/document\.xml 声明解压后 [\d.]+ MB，单个条目上限 4\.0 MB/);
  });

  it('refuses an entry by its compression ratio', async () => {
    const zip = makeZipBomb({ inflate: 3 * 1024 * 1024 });
    await expect(checkZipBudget(zip, small)).rejects.toThrow(/压缩炸弹.*压缩比 \d+:1，上限 50:1/);
  });

  it('refuses a header that lies about the size while inflating', async () => {
    const zip = withDeclaredSize(makeZipBomb({ inflate: 8 * 1024 * 1024 }), 'word/document.xml', 100_000);
    await expect(checkZipBudget(zip, { ...small, maxRatio: 100_000 })).rejects.toThrow(/压缩炸弹.*不符/);
  });

  it('decodeDocx reports a bomb as a bomb, not as a damaged file', async () => {
    const zip = makeZipBomb({ inflate: DOCX_BUDGET.maxEntryBytes + 1024 * 1024 });
    await expect(decodeDocx(zip)).rejects.toThrow(/疑似压缩炸弹/);
  });

  it('still calls a broken zip broken', async () => {
    await expect(checkZipBudget(Buffer.from('PK\x03\x04 not really a zip'))).rejects.toThrow(/docx 文件已损坏/);
  });
});
