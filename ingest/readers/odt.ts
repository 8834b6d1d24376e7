// Reader for OpenDocument text (.odt, what LibreOffice and WPS "save as ODF" write): a zip whose
// content.xml holds the body as a small, documented vocabulary (ODF 1.3 part 3): text:h headings
// with their outline level, text:p paragraphs, lists and tables of them. The zip passes the
// decompression budget first; a password-protected file (its manifest lists encryption data) is
// refused by name. Kept: headings with levels (text:h, or a paragraph style with an outline level),
// paragraphs, list items and table cells in reading order. Dropped: footnotes and endnotes,
// comments, text boxes and frames, generated indexes (a table of contents repeats the headings),
// deleted tracked changes, and the page headers and footers (they live in styles.xml).
import { DOMParser } from '@xmldom/xmldom';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc, DocLine } from '../types.js';
import type { Reader } from './reader.js';
import { readZipEntries } from './zip-entries.js';
import { checkZipBudget, DOCX_BUDGET } from './zip-limits.js';

export const odtReader: Reader = { format: 'odt', read: (bytes) => decodeOdt(bytes) };

const TEXT_NS = 'urn:oasis:names:tc:opendocument:xmlns:text:1.0';
const STYLE_NS = 'urn:oasis:names:tc:opendocument:xmlns:style:1.0';
const OFFICE_NS = 'urn:oasis:names:tc:opendocument:xmlns:office:1.0';

/** Elements whose content is not body text. */
const DROPPED = new Set([
  `${TEXT_NS} note`, // footnotes and endnotes (citation and body)
  `${OFFICE_NS} annotation`, // comments
  `${OFFICE_NS} annotation-end`,
  `${TEXT_NS} tracked-changes`, // deleted text of tracked changes, kept for undo
  `${TEXT_NS} table-of-content`,
  `${TEXT_NS} alphabetical-index`,
  `${TEXT_NS} illustration-index`,
  `${TEXT_NS} table-index`,
  `${TEXT_NS} object-index`,
  `${TEXT_NS} user-index`,
  `${TEXT_NS} bibliography`,
  `${TEXT_NS} sequence-decls`,
  `${TEXT_NS} variable-decls`,
  `${TEXT_NS} user-field-decls`,
  'urn:oasis:names:tc:opendocument:xmlns:drawing:1.0 frame', // text boxes, images
]);


export async function decodeOdt(bytes: Buffer): Promise<DecodedDoc> {
  await checkZipBudget(bytes, DOCX_BUDGET, 'odt');
  const entries = readZipEntries(bytes, (n) => n === 'content.xml' || n === 'styles.xml' || n === 'META-INF/manifest.xml', 'odt');
  const manifest = entries.get('META-INF/manifest.xml')?.toString('utf8') ?? '';
  if (/<manifest:encryption-data\b/.test(manifest)) throw new BadInputError('加密文件，无法读取');
  const content = entries.get('content.xml');
  if (!content) throw new BadInputError('odt 文件已损坏（缺少 content.xml），无法读取');
  const lines = odtLines(content.toString('utf8'), entries.get('styles.xml')?.toString('utf8'));
  if (lines.length === 0) throw new BadInputError('空文件');
  return { format: 'odt', encoding: 'odt', lines };
}

/** content.xml (and styles.xml, for the outline levels of named paragraph styles) → lines. */
export function odtLines(contentXml: string, stylesXml?: string): DocLine[] {
  // xmldom reports a cut-off or broken file as an error and parses on; a writer's XML never has one.
  let fatal: string | null = null;
  const broken = (m: string) => (fatal ??= m);
  const parse = (xml: string) =>
    new DOMParser({ errorHandler: { warning: () => {}, error: broken, fatalError: broken } }).parseFromString(xml, 'text/xml');
  const content = parse(contentXml);
  if (fatal) throw new BadInputError('odt 文件已损坏（content.xml 不是完整的 XML），无法读取');
  const levels = styleOutlineLevels([content, ...(stylesXml ? [parse(stylesXml)] : [])]);
  const body = content.getElementsByTagNameNS(OFFICE_NS, 'text')[0];
  if (!body) throw new BadInputError('odt 文件已损坏（没有正文），无法读取');

  const lines: DocLine[] = [];
  const walkBlocks = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      const key = `${el.namespaceURI} ${el.localName}`;
      if (DROPPED.has(key)) continue;
      if (el.namespaceURI === TEXT_NS && (el.localName === 'h' || el.localName === 'p')) {
        paragraph(el, lines, levels);
        continue;
      }
      // Lists, list items, sections, tables, rows, cells: their paragraphs in document order.
      walkBlocks(el);
    }
  };
  walkBlocks(body);
  return lines;
}

/** One text:h / text:p → one line per text:line-break segment, with the heading level. */
function paragraph(el: Element, out: DocLine[], levels: Map<string, number>): void {
  let level: number | undefined;
  if (el.localName === 'h') {
    const n = Number(el.getAttributeNS(TEXT_NS, 'outline-level') || '1');
    level = Number.isInteger(n) && n >= 1 ? Math.min(n, 10) : 1;
  } else {
    level = levels.get(el.getAttributeNS(TEXT_NS, 'style-name') ?? '');
  }
  let text = '';
  const push = () => {
    const t = text.replace(/\s+$/u, '');
    if (t.trim() !== '') out.push(level === undefined ? { text: t } : { text: t, styleLevel: level });
    text = '';
  };
  const walk = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 || child.nodeType === 4) {
        // In ODF, runs of white space in text collapse (text:s carries the spaces that count).
        text += (child as CharacterData).data.replace(/[\t\r\n ]+/g, ' ');
        continue;
      }
      if (child.nodeType !== 1) continue;
      const c = child as Element;
      if (DROPPED.has(`${c.namespaceURI} ${c.localName}`)) continue;
      if (c.namespaceURI === TEXT_NS) {
        if (c.localName === 's') {
          text += ' '.repeat(Math.min(Number(c.getAttributeNS(TEXT_NS, 'c') || '1') || 1, 100));
          continue;
        }
        if (c.localName === 'tab') {
          text += ' ';
          continue;
        }
        if (c.localName === 'line-break') {
          push();
          continue;
        }
        // A paragraph nested in a paragraph only happens inside notes and frames, dropped above.
      }
      walk(c);
    }
  };
  walk(el);
  push();
}

/**
 * Paragraph styles with an outline level: style:default-outline-level on the style or a style it is
 * based on (WPS and Word exports set it on their 标题 1 / Heading 1 styles, and use text:p for them).
 */
function styleOutlineLevels(docs: Document[]): Map<string, number> {
  const parent = new Map<string, string>();
  const own = new Map<string, number>();
  for (const doc of docs) {
    const styles = doc.getElementsByTagNameNS(STYLE_NS, 'style');
    for (let i = 0; i < styles.length; i++) {
      const s = styles[i]!;
      if (s.getAttributeNS(STYLE_NS, 'family') !== 'paragraph') continue;
      const name = s.getAttributeNS(STYLE_NS, 'name') ?? '';
      const p = s.getAttributeNS(STYLE_NS, 'parent-style-name');
      if (p) parent.set(name, p);
      const lvl = Number(s.getAttributeNS(STYLE_NS, 'default-outline-level') || NaN);
      if (Number.isInteger(lvl) && lvl >= 1) own.set(name, Math.min(lvl, 10));
    }
  }
  const levels = new Map<string, number>();
  for (const name of new Set([...parent.keys(), ...own.keys()])) {
    let cur: string | undefined = name;
    for (let hops = 0; cur !== undefined && hops < 20; hops++) {
      const l = own.get(cur);
      if (l !== undefined) {
        levels.set(name, l);
        break;
      }
      cur = parent.get(cur);
    }
  }
  return levels;
}
