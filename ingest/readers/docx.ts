// Reader for Word 2007+ (.docx): mammoth's HTML walked into lines, with heading styles kept as levels.
// The zip is checked against a decompression budget first (zip-limits.ts).
import { DOMParser } from '@xmldom/xmldom';
import { fileTypeFromBuffer } from 'file-type';
import mammoth from 'mammoth';
import { BadInputError } from '../../src/core/errors.js';
import { checkZipBudget } from './zip-limits.js';
import type { DecodedDoc, DocLine } from '../types.js';
import type { Reader } from './reader.js';

// mammoth's default style map knows "heading 1".."heading 6" and the Heading1.. style ids;
// Chinese templates (WPS, localised Word) may store the display name 标题 1 instead.
const CHINESE_HEADING_STYLES = [1, 2, 3, 4, 5, 6].flatMap((n) => [
  `p[style-name='标题 ${n}'] => h${n}:fresh`,
  `p[style-name='标题${n}'] => h${n}:fresh`,
]);

/** Elements of mammoth's output that end a line. */
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'table', 'tr', 'td', 'th', 'div', 'blockquote', 'pre']);

export const docxReader: Reader = { format: 'docx', read: (bytes) => decodeDocx(bytes) };

export async function decodeDocx(bytes: Buffer): Promise<DecodedDoc> {
  // A renamed .doc (or an encrypted .docx, also an OLE container) would only give mammoth's zip error.
  const type = await fileTypeFromBuffer(bytes);
  if (type?.ext === 'cfb') throw new BadInputError('内容是 Word 97-2003（.doc）或加密的 Office 文件，不是 docx');
  // Sizes first: mammoth inflates whole entries into memory, so a zip bomb must never reach it.
  await checkZipBudget(bytes);

  let html: string;
  try {
    const result = await mammoth.convertToHtml(
      { buffer: bytes },
      {
        styleMap: CHINESE_HEADING_STYLES,
        // Images carry no text; skip their base64 encoding.
        convertImage: mammoth.images.imgElement(async () => ({ src: '' })),
      },
    );
    html = result.value;
  } catch {
    throw new BadInputError('docx 文件已损坏或不是 docx');
  }
  const lines = htmlToLines(html);
  if (lines.length === 0) throw new BadInputError('空文件');
  return { format: 'docx', encoding: 'docx', lines };
}

/** Walk mammoth's HTML: each block (paragraph, heading, list item, table cell paragraph) and each <br> ends a line. */
function htmlToLines(html: string): DocLine[] {
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: () => {}, fatalError: () => {} } }).parseFromString(
    `<body>${html}</body>`,
    'text/html',
  );
  const lines: DocLine[] = [];
  let current = '';
  let level: number | undefined;

  const flush = (): void => {
    const text = current.replace(/\s+$/u, '');
    if (text.trim() !== '') lines.push(level === undefined ? { text } : { text, styleLevel: level });
    current = '';
  };

  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 || child.nodeType === 4) {
        current += (child as CharacterData).data;
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      const tag = el.nodeName.toLowerCase();
      if (tag === 'br') {
        flush();
        continue;
      }
      // Footnote/endnote reference marks ([1]) and their back links (↑) are navigation, not text.
      if (tag === 'a' && isNoteLink(el)) continue;
      if (!BLOCK_TAGS.has(tag)) {
        walk(el);
        continue;
      }
      flush();
      const outer = level;
      const heading = /^h([1-6])$/.exec(tag);
      if (heading) level = Number(heading[1]);
      walk(el);
      flush();
      level = outer;
    }
  };

  walk(doc.documentElement ?? doc);
  flush();
  return lines;
}

function isNoteLink(el: Element): boolean {
  const href = el.getAttribute('href') ?? '';
  const id = el.getAttribute('id') ?? '';
  return /^#(footnote|endnote)-ref-/.test(href) || /^(footnote|endnote)-ref-/.test(id);
}
