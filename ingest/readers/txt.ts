// Reader for plain text (.txt): the encoding is decided by content (BOM, strict UTF-8, chardet, a GB18030
// fallback), because archive files are often re-saved in another encoding, renamed or broken.
import chardet from 'chardet';
import { fileTypeFromBuffer } from 'file-type';
import iconv from 'iconv-lite';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc, DocLine } from '../types.js';
import type { Reader } from './reader.js';
import { describeType } from './sniff.js';

/** Share of "bad" characters (U+FFFD, private use, stray controls) above which a decoding is rejected. */
const MAX_BAD_SHARE = 0.01;
/** Share of C0 control bytes (other than tab, line ends, FF, VT) above which content is binary. */
const MAX_CONTROL_SHARE = 0.02;
/** chardet looks at this much: plenty to judge, and chardet costs ~1 ms per KB. */
const DETECT_SAMPLE = 64 * 1024;
/** chardet's own floor: 10 is what it answers for "a handful of multibyte chars, nothing wrong". */
const MIN_CONFIDENCE = 20;

/** file-type answers that are text formats themselves; anything else it recognises is binary. */
const TEXT_LIKE_TYPES = new Set(['xml', 'vtt', 'vcf', 'ics', 'stl', 'pgp']);

/** chardet names → the iconv-lite codec we decode with. GB18030 covers GB2312 and GBK. */
const LEGACY_CODECS: Record<string, { codec: string; name: string }> = {
  GB18030: { codec: 'gb18030', name: 'GB18030' },
  GB2312: { codec: 'gb18030', name: 'GB18030' },
  GBK: { codec: 'gb18030', name: 'GB18030' },
  Big5: { codec: 'big5', name: 'Big5' },
  'UTF-16LE': { codec: 'utf-16le', name: 'UTF-16LE' },
  'UTF-16BE': { codec: 'utf-16be', name: 'UTF-16BE' },
  'UTF-32LE': { codec: 'utf-32le', name: 'UTF-32LE' },
  'UTF-32BE': { codec: 'utf-32be', name: 'UTF-32BE' },
  'UTF-8': { codec: 'utf8', name: 'UTF-8' },
};

export const txtReader: Reader = { format: 'txt', read: (bytes, ctx) => decodeText(bytes, ctx.encoding) };

/** `known`: the encoding an earlier decodeText of the same bytes answered (ReadContext.encoding). */
export async function decodeText(bytes: Buffer, known?: string): Promise<DecodedDoc> {
  // Old DOS editors end files with SUB (0x1A); it is not content.
  let end = bytes.length;
  while (end > 0 && bytes[end - 1] === 0x1a) end--;
  const buf = bytes.subarray(0, end);

  if (isBlankBytes(buf)) throw new BadInputError('空文件');

  const { text, encoding } = (known !== undefined ? decodeAsFound(buf, known) : null) ?? (await decodeTextBytes(buf));
  if (text.trim() === '') throw new BadInputError('空文件');
  return { format: 'txt', encoding, lines: toLines(text) };
}

/** Bytes of text in an unknown encoding → the string and the encoding's name (the HTML reader's fallback too). */
export async function decodeTextBytes(buf: Buffer): Promise<{ text: string; encoding: string }> {
  return decodeWithBom(buf) ?? (await detectAndDecode(buf));
}

/** 0 bytes, or nothing but ASCII whitespace after an optional UTF-8 BOM. */
function isBlankBytes(buf: Buffer): boolean {
  const start = hasUtf8Bom(buf) ? 3 : 0;
  for (let i = start; i < buf.length; i++) {
    const b = buf[i]!;
    if (b !== 0x20 && (b < 0x09 || b > 0x0d)) return false;
  }
  return true;
}

function hasUtf8Bom(buf: Buffer): boolean {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf;
}

/** The Unicode BOM these bytes start with: its codec, the encoding's name, the bytes to skip. */
function bomOf(buf: Buffer): { codec: string; name: string; skip: number } | null {
  if (hasUtf8Bom(buf)) return { codec: 'utf8', name: 'UTF-8 BOM', skip: 3 };
  if (buf.length >= 4 && buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) return { codec: 'utf-32le', name: 'UTF-32LE', skip: 4 };
  if (buf.length >= 4 && buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff) return { codec: 'utf-32be', name: 'UTF-32BE', skip: 4 };
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return { codec: 'utf-16le', name: 'UTF-16LE', skip: 2 };
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return { codec: 'utf-16be', name: 'UTF-16BE', skip: 2 };
  return null;
}

function decodeWithBom(buf: Buffer): { text: string; encoding: string } | null {
  const found = bomOf(buf);
  if (!found) return null;
  const text = iconv.decode(buf.subarray(found.skip), found.codec, { stripBOM: false });
  if (text.trim() === '') throw new BadInputError('空文件');
  if (!isPlausibleText(text)) throw new BadInputError('无法识别的编码');
  return { text, encoding: found.name };
}

async function detectAndDecode(buf: Buffer): Promise<{ text: string; encoding: string }> {
  // Only reached without a BOM: file-type would take a UTF-16LE BOM for MPEG audio.
  const type = await fileTypeFromBuffer(buf);
  if (type && !TEXT_LIKE_TYPES.has(type.ext)) throw new BadInputError(`内容是 ${describeType(type.ext, type.mime)}，不是文本`);

  const stats = byteStats(buf);
  if (stats.nul > 0) {
    // NULs are normal in UTF-16 without BOM (every ASCII char has one); random binary has them anywhere.
    const utf16 = guessUtf16WithoutBom(buf, stats);
    if (utf16) return utf16;
    throw new BadInputError('二进制内容，不是文本');
  }
  if (stats.control / buf.length > MAX_CONTROL_SHARE) throw new BadInputError('二进制内容，不是文本');

  const strict = decodeUtf8Strict(buf);
  if (strict !== null) return { text: strict, encoding: 'UTF-8' };

  // A UTF-8 file with a few damaged bytes stays UTF-8 (a legacy codec would garble all of it).
  const lossy = new TextDecoder('utf-8').decode(buf);
  const { replaced, nonAscii } = countUtf8Damage(lossy);
  if (replaced <= lossy.length * 0.005 && nonAscii >= replaced * 20) return { text: lossy, encoding: 'UTF-8' };

  const sample = buf.subarray(0, DETECT_SAMPLE);
  for (const match of chardet.analyse(sample)) {
    const legacy = LEGACY_CODECS[match.name];
    if (!legacy || match.confidence < MIN_CONFIDENCE) continue;
    const text = iconv.decode(buf, legacy.codec);
    if (isPlausibleText(text)) return { text, encoding: legacy.name };
  }
  // chardet will not commit on a handful of Chinese characters (confidence 10); GB18030 is the
  // archive's legacy encoding, so take it when it decodes every byte pair to ordinary text.
  const gb = iconv.decode(buf, 'gb18030');
  if (badShare(gb) === 0 && mostlyCommonScripts(gb)) return { text: gb, encoding: 'GB18030' };
  throw new BadInputError('无法识别的编码');
}

/**
 * The text detectAndDecode gave for these bytes when it answered `encoding`, without detecting it
 * again (chardet is most of a GB18030 file's decoding): the same decoder each of its paths ends
 * in. null where that is not one call (a BOM, UTF-16 without one): the caller detects as usual.
 */
function decodeAsFound(buf: Buffer, encoding: string): { text: string; encoding: string } | null {
  if (bomOf(buf) !== null) return null;
  switch (encoding) {
    case 'UTF-8': {
      // Valid UTF-8 is read so whatever else decided; damaged bytes are detected again (several paths).
      const strict = decodeUtf8Strict(buf);
      return strict === null ? null : { text: strict, encoding };
    }
    case 'GB18030':
      return { text: iconv.decode(buf, 'gb18030'), encoding };
    case 'Big5':
      return { text: iconv.decode(buf, 'big5'), encoding };
    default:
      return null;
  }
}

function decodeUtf8Strict(buf: Buffer): string | null {
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(buf);
  } catch {
    return null;
  }
}

function countUtf8Damage(text: string): { replaced: number; nonAscii: number } {
  let replaced = 0;
  let nonAscii = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0xfffd) replaced++;
    else if (c > 0x7f) nonAscii++;
  }
  return { replaced, nonAscii };
}

interface ByteStats {
  nul: number;
  nulAtOdd: number;
  control: number;
}

function byteStats(buf: Buffer): ByteStats {
  let nul = 0;
  let nulAtOdd = 0;
  let control = 0;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i]!;
    if (b === 0) {
      nul++;
      if (i & 1) nulAtOdd++;
    }
    // Tab, LF, VT, FF, CR are ordinary in text; 0x1B (ESC) counts, ISO-2022 is not supported anyway.
    if ((b < 0x20 && (b < 0x09 || b > 0x0d)) || b === 0x7f) control++;
  }
  return { nul, nulAtOdd, control };
}

/**
 * UTF-16 without BOM: NULs are the high bytes of ASCII (and the low bytes of chars like 一 U+4E00).
 * Try both byte orders; the wrong one turns digits and line ends into rare symbols and fails the script check.
 */
function guessUtf16WithoutBom(buf: Buffer, stats: ByteStats): { text: string; encoding: string } | null {
  if (buf.length % 2 !== 0 || stats.nul < 2) return null;
  const orders = stats.nulAtOdd * 2 >= stats.nul ? (['UTF-16LE', 'UTF-16BE'] as const) : (['UTF-16BE', 'UTF-16LE'] as const);
  for (const encoding of orders) {
    const text = iconv.decode(buf, encoding === 'UTF-16LE' ? 'utf-16le' : 'utf-16be', { stripBOM: false });
    if (isPlausibleText(text) && mostlyCommonScripts(text)) return { text, encoding };
  }
  return null;
}

/**
 * A decoding is plausible when almost nothing in it is a replacement character, a private-use
 * character (where GB18030/Big5 put byte pairs no real text uses) or a stray control character.
 */
function isPlausibleText(text: string): boolean {
  return badShare(text) <= MAX_BAD_SHARE;
}

/** Share of bad characters among the non-whitespace ones (1 for a text with nothing visible). */
function badShare(text: string): number {
  let bad = 0;
  let visible = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20 || (c >= 0x09 && c <= 0x0d)) continue;
    visible++;
    if (
      c === 0xfffd ||
      c < 0x20 ||
      c === 0x7f ||
      (c >= 0x80 && c <= 0x9f) ||
      (c >= 0xe000 && c <= 0xf8ff) ||
      c === 0xfffe ||
      c === 0xffff
    ) {
      bad++;
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) i++;
      else bad++;
      // Supplementary private use planes (U+F0000+) start with 0xDB80..0xDBFF.
      if (c >= 0xdb80) bad++;
    } else if (c >= 0xdc00 && c <= 0xdfff) {
      bad++;
    }
  }
  return visible > 0 ? bad / visible : 1;
}

/** For guesses without any BOM or detector backing: the text must be mostly ASCII, CJK and CJK punctuation. */
function mostlyCommonScripts(text: string): boolean {
  let common = 0;
  let visible = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20) continue;
    visible++;
    if (
      c < 0x7f ||
      (c >= 0xa0 && c <= 0x24f) ||
      (c >= 0x2000 && c <= 0x27bf) ||
      (c >= 0x3000 && c <= 0x303f) ||
      (c >= 0x3400 && c <= 0x9fff) ||
      (c >= 0xff00 && c <= 0xffef) ||
      (c >= 0xd800 && c <= 0xdfff)
    )
      common++;
  }
  return visible > 0 && common / visible >= 0.9;
}

/** CRLF, lone CR and Unicode line/paragraph separators all end a line; trailing whitespace goes. */
function toLines(text: string): DocLine[] {
  const parts = text.split(/\r\n|[\r\n\u2028\u2029]/);
  // The final line end of a file does not start another line.
  if (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
  return parts.map((line) => ({ text: line.trimEnd() }));
}
