// The docx reader's oracle: what mammoth (the reader before issue 17) made of a docx — its HTML walked
// into lines, heading levels from h1–h6, note reference marks and back links dropped. The streaming
// reader must give the same lines for the same file (test/unit/docx.test.ts); mammoth holds the whole
// document as a DOM, so it is only ever used here, on small files.
import { DOMParser } from '@xmldom/xmldom';
import mammoth from 'mammoth';
import type { DocLine } from '../../ingest/types.js';

const CHINESE_HEADING_STYLES = [1, 2, 3, 4, 5, 6].flatMap((n) => [`p[style-name='标题 ${n}'] => h${n}:fresh`, `p[style-name='标题${n}'] => h${n}:fresh`]);
const BLOCK_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'ul', 'ol', 'table', 'tr', 'td', 'th', 'div', 'blockquote', 'pre']);

export async function mammothLines(bytes: Buffer): Promise<DocLine[]> {
  const { value: html } = await mammoth.convertToHtml(
    { buffer: bytes },
    { styleMap: CHINESE_HEADING_STYLES, convertImage: mammoth.images.imgElement(async () => ({ src: '' })) },
  );
  const doc = new DOMParser({ errorHandler: { warning: () => {}, error: () => {}, fatalError: () => {} } }).parseFromString(`<body>${html}</body>`, 'text/html');
  const lines: DocLine[] = [];
  let current = '';
  let level: number | undefined;
  const flush = () => {
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
      const href = el.getAttribute('href') ?? '';
      const id = el.getAttribute('id') ?? '';
      if (tag === 'a' && (/^#(footnote|endnote)-ref-/.test(href) || /^(footnote|endnote)-ref-/.test(id))) continue;
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
