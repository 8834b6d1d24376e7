// Decode stage: bytes of one archive file → lines of text.
// The extension only picks the family (.txt / .docx); everything else is decided by content,
// because archive files are often renamed, re-saved in another encoding or simply broken.
import { posix } from 'node:path';
import { BadInputError } from '../src/core/errors.js';
import { decodeDocx } from './decode-docx.js';
import { decodeText } from './decode-text.js';
import type { DecodedDoc } from './types.js';

export async function decode(file: { relPath: string; bytes: Buffer }): Promise<DecodedDoc> {
  const ext = posix.extname(file.relPath).toLowerCase();
  if (ext === '.txt') return decodeText(file.bytes);
  if (ext === '.docx') return decodeDocx(file.bytes);
  throw new BadInputError(
    ext ? `不支持的文件类型 ${ext}（只支持 .txt 和 .docx）` : '不支持的文件类型：没有扩展名（只支持 .txt 和 .docx）',
  );
}
