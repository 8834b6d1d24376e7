// Which format a file's bytes are, whatever its name says: archive files are renamed, re-saved and
// mislabelled (a .doc that is really a docx, a .txt that is a saved web page). Containers are told
// apart by what they hold (a zip with word/document.xml is docx, with OFD.xml an OFD).
import { fileTypeFromBuffer } from 'file-type';

/**
 * Every kind of content the archive may hand us, readable or not: a kind without a reader in
 * readers/index.ts is refused with its name (不支持的文件类型：PDF), never read as text.
 */
export type SniffedKind =
  | 'txt'
  | 'html'
  | 'mht'
  | 'rtf'
  | 'docx'
  | 'odt'
  | 'ofd'
  | 'ole' // Word 97–2003 .doc, WPS .wps, or an encrypted Office file: an OLE compound file
  | 'pdf'
  | 'image'
  | 'zip'
  | 'damaged' // a container whose own structure is broken (file-type could not walk it)
  | 'binary';

/** How much of a text file's head is looked at for markup. */
const HEAD_BYTES = 16384;

export interface Sniffed {
  kind: SniffedKind;
  /** What the content is, for a refusal (PNG 图片, Word 文档（.docx）, ZIP 压缩包). */
  description: string;
}

/**
 * Answers for buffers already sniffed: the ingester asks about one file's bytes up to three times
 * (which pass, which process decodes it, which reader), and file-type's walk is not free. Keyed by
 * the buffer object, so it goes with the bytes; nothing here writes into a buffer it sniffs.
 */
const sniffed = new WeakMap<Buffer, Promise<Sniffed>>();

export function sniff(bytes: Buffer): Promise<Sniffed> {
  let answer = sniffed.get(bytes);
  if (!answer) {
    answer = sniffBytes(bytes);
    sniffed.set(bytes, answer);
  }
  return answer;
}

async function sniffBytes(bytes: Buffer): Promise<Sniffed> {
  // A Unicode BOM is text whatever follows (file-type would take a UTF-16LE BOM for MPEG audio).
  const bom = unicodeBomHead(bytes);
  if (bom !== null) return textKind(bom);
  let type;
  try {
    type = await fileTypeFromBuffer(bytes);
  } catch {
    // file-type walks zip and OLE containers; a broken one ends its walk with an error.
    return { kind: 'damaged', description: bytes.subarray(0, 2).toString('latin1') === 'PK' ? 'ZIP/Office 文件' : '二进制文件' };
  }
  if (!type) return textKind(bytes.subarray(0, HEAD_BYTES).toString('latin1'));
  const description = describeType(type.ext, type.mime);
  const kind = ((): SniffedKind => {
    switch (type.ext) {
      case 'docx':
        return 'docx';
      case 'odt':
        return 'odt';
      case 'cfb':
        return 'ole';
      case 'pdf':
        return 'pdf';
      case 'rtf':
        return 'rtf';
      case 'jpg':
      case 'png':
      case 'tif':
      case 'bmp':
      case 'webp':
      case 'gif':
      case 'jp2':
        return 'image';
      case 'zip':
        return zipKind(bytes);
      default:
        return 'binary';
    }
  })();
  // file-type answers these for text files that merely start like them; the text reader decides.
  if (TEXT_LIKE_TYPES.has(type.ext)) return textKind(bytes.subarray(0, HEAD_BYTES).toString('latin1'));
  return { kind, description: kind === 'ofd' ? 'OFD 版式文档' : description };
}

/** file-type answers that are text formats themselves. */
const TEXT_LIKE_TYPES = new Set(['xml', 'vtt', 'vcf', 'ics', 'stl', 'pgp']);

/** The head of a text that starts with a Unicode byte order mark, decoded; null without one. */
function unicodeBomHead(bytes: Buffer): string | null {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return bytes.subarray(3, 3 + HEAD_BYTES).toString('utf8');
  const utf16 = bytes.subarray(2, 2 + 2 * HEAD_BYTES);
  const even = utf16.subarray(0, utf16.length & ~1);
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return even.toString('utf16le');
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return Buffer.from(even).swap16().toString('utf16le');
  return null;
}

/** An OFD package names OFD.xml at its root; everything else zipped is not a document of ours. */
function zipKind(bytes: Buffer): SniffedKind {
  // The central directory at the end lists every entry name; a root OFD.xml is the format's entry point.
  return /(^|[\0-\x1f/])OFD\.xml/i.test(bytes.subarray(Math.max(0, bytes.length - 65536)).toString('latin1')) ? 'ofd' : 'zip';
}

/** Text content: a saved web page (MHT or HTML), an RTF, or plain text (whatever its encoding). */
function textKind(head: string): Sniffed {
  if (/^\s*\{\\rtf/.test(head)) return { kind: 'rtf', description: 'RTF 文档' };
  if (/^(MIME-Version|From|Subject|Date|Content-Type|X-[\w-]+):/im.test(head) && /multipart\/related/i.test(head)) {
    return { kind: 'mht', description: '网页存档（MHT）' };
  }
  if (/^\s*(<!--[\s\S]*?-->\s*)*<(!doctype\s+html|html[\s>]|head[\s>])/i.test(head)) return { kind: 'html', description: '网页（HTML）' };
  if (holdsMarkup(head)) return { kind: 'html', description: '含网页标记的文本' };
  return { kind: 'txt', description: '文本' };
}

/** An element closed by its own end tag (<p class="x">…</p>, <w:t>…</w:t>), self-closing tags, entities. */
const CLOSED_ELEMENT = /<([a-z][\w:.-]{0,30})(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+))?)*\s*>[^<]{0,6000}?<\/\1\s*>/giu;
const VOID_TAG = /<(?:br|hr|img|input|meta|link)(?:\s+[\w:.-]+(?:\s*=\s*(?:"[^"<>]*"|'[^'<>]*'|[^\s"'<>]+))?)*\s*\/?>/giu;
const ENTITY = /&(?:nbsp|amp|lt|gt|quot|apos|ldquo|rdquo|lsquo|rsquo|mdash|ndash|hellip|middot|bull|emsp|ensp|thinsp|times|divide|copy|reg|#\d{2,7}|#x[\da-f]{2,6});/giu;

/**
 * Text that holds HTML or XML markup (a page's source copied into a .txt: <p class="ql-block">…</p>,
 * &nbsp;) is read as HTML. A summary may mention < or &, but never closes an element with its own
 * end tag twice, nor writes three character entities: that is the line drawn.
 */
export function holdsMarkup(head: string): boolean {
  const elements = (head.match(CLOSED_ELEMENT) ?? []).length;
  const voids = (head.match(VOID_TAG) ?? []).length;
  const entities = (head.match(ENTITY) ?? []).length;
  return elements >= 2 || (elements + voids >= 1 && entities >= 1) || voids >= 2 || entities >= 3;
}

/** A readable name of a binary type, for the refusal. */
export function describeType(ext: string, mime: string): string {
  const name = ext.toUpperCase();
  if (mime.startsWith('image/')) return `${name} 图片`;
  if (mime.startsWith('audio/')) return `${name} 音频`;
  if (mime.startsWith('video/')) return `${name} 视频`;
  if (ext === 'pdf') return 'PDF 文档';
  if (ext === 'docx' || ext === 'dotx' || ext === 'docm') return 'Word 文档（.docx）';
  if (ext === 'xlsx' || ext === 'pptx' || ext.startsWith('od')) return `Office 文档（.${ext}）`;
  if (ext === 'cfb') return 'Word 97-2003 / WPS 文档（或加密的 Office 文件）';
  if (ext === 'rtf') return 'RTF 文档';
  if (['zip', 'rar', '7z', 'gz', 'bz2', 'xz', 'tar', 'zst'].includes(ext)) return `${name} 压缩包`;
  return `${name} 文件`;
}
