// Reader for Word 97–2003 (.doc) and WPS (.wps) files: both are OLE compound files with a
// WordDocument stream (current WPS Office writes .wps in Word's binary format). The container is
// opened with cfb first, to tell what it holds — an encrypted Office file (a password-protected .doc
// sets a flag in its FIB; a protected .docx/.wps 2007+ is an OLE file with an EncryptedPackage),
// Excel or PowerPoint, or a document — because word-extractor answers those with an out-of-bounds
// read. The body text comes from word-extractor (paragraphs in reading order, fields resolved,
// deleted revisions dropped); it does not expose paragraph styles, so headings are found later by
// their markers (一、（一）1.), as for plain text.
import CFB from 'cfb';
import WordExtractor from 'word-extractor';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc, DocLine } from '../types.js';
import type { Reader } from './reader.js';

export const docReader: Reader = { format: 'doc', read: (bytes) => decodeDoc(bytes) };

/** What an OLE compound file holds, from its directory. */
export type OleContent = 'word' | 'word95' | 'encrypted' | 'excel' | 'powerpoint' | 'other';

/** FIB flags word (offset 0x0A of the WordDocument stream): fEncrypted, and fObfuscated (XOR "protection"). */
const F_ENCRYPTED = 0x0100;
const F_OBFUSCATED = 0x8000;
/** wIdent of a Word 97+ FIB, and of a Word 6.0/95 one. */
const WORD_IDENT = 0xa5ec;
const WORD6_IDENT = 0xa5dc;
/** The lowest nFib word-extractor reads (Word 97's is 0xC1; some writers put 0xC0). */
const WORD97_NFIB = 0xc0;

export function oleContent(bytes: Buffer): OleContent {
  let container;
  try {
    container = CFB.read(bytes, { type: 'buffer' });
  } catch {
    // The parser's own message (a JavaScript TypeError) tells staff nothing they can act on.
    throw new BadInputError('文件已损坏（Word 97-2003 / WPS 文件结构不完整），无法读取');
  }
  const stream = (name: string) => CFB.find(container, name);
  // A password-protected OOXML file (docx/xlsx saved with a password) is an OLE file holding the encrypted zip.
  if (stream('EncryptionInfo') && stream('EncryptedPackage')) return 'encrypted';
  const word = stream('WordDocument');
  if (word?.content && word.content.length >= 12) {
    const fib = Buffer.from(word.content as Uint8Array);
    const ident = fib.readUInt16LE(0);
    if (ident === WORD6_IDENT) return 'word95';
    if (ident !== WORD_IDENT) return 'other';
    const flags = fib.readUInt16LE(0x0a);
    if (flags & (F_ENCRYPTED | F_OBFUSCATED)) return 'encrypted';
    // nFib: Word 97 and every later binary writer (WPS included) put 0xC1 here; Word 6.0/95 wrote 101–105.
    return fib.readUInt16LE(2) < WORD97_NFIB ? 'word95' : 'word';
  }
  if (stream('Workbook') || stream('Book')) return 'excel';
  if (stream('PowerPoint Document')) return 'powerpoint';
  return 'other';
}

export async function decodeDoc(bytes: Buffer): Promise<DecodedDoc> {
  const content = oleContent(bytes);
  if (content === 'encrypted') throw new BadInputError('加密文件，无法读取');
  if (content === 'excel') throw new BadInputError('不支持的文件类型：内容是 Excel 97-2003 表格');
  if (content === 'powerpoint') throw new BadInputError('不支持的文件类型：内容是 PowerPoint 97-2003 演示文稿');
  if (content === 'word95') throw new BadInputError('不支持 Word 6.0/95 格式的 .doc：请用 Word 或 WPS 打开后另存为 .docx 再导入');
  if (content === 'other') throw new BadInputError('不支持的文件类型：OLE 复合文件里没有 Word 文档（可能是旧版 WPS 或其他 Office 格式，请用 WPS 或 Word 打开后另存为 .docx）');

  let body: string;
  try {
    const doc = await new WordExtractor().extract(bytes);
    // filterUnicode:false keeps Chinese quotation marks (“”) instead of turning them into ASCII ones.
    body = (doc.getBody as (o: { filterUnicode: boolean }) => string)({ filterUnicode: false });
  } catch (err) {
    throw new BadInputError(`文件已损坏（Word 97-2003 / WPS 正文无法解析：${(err as Error).message}），无法读取`);
  }
  const lines = bodyLines(body);
  if (lines.length === 0) throw new BadInputError('空文件');
  return { format: 'doc', encoding: 'doc', lines };
}

/**
 * word-extractor's body: one paragraph a line; a table row is its cells joined by tabs, and a tab
 * inside a paragraph is a tab. Tabs become spaces (a cell boundary must not glue two words), and
 * characters Word keeps for its own use (page/column breaks, non-breaking hyphen marks) go.
 */
export function bodyLines(body: string): DocLine[] {
  const lines: DocLine[] = [];
  for (const raw of body.split(/\r\n|[\r\n\f\v]/)) {
    const text = raw
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000e-\u001f]/g, '')
      .replace(/\t+/g, ' ')
      .replace(/\s+$/u, '');
    if (text.trim() !== '') lines.push({ text });
  }
  return lines;
}
