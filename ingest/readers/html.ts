// Reader for saved web pages (.html, .htm), for the HTML part of an MHT archive (mht.ts), and for
// text files that hold HTML markup (sniff.ts sends them here): the article only. A whole page goes
// through Mozilla's Readability (the Firefox reader view) over a linkedom DOM, which drops the
// navigation, scripts, styles, related-link lists, bylines and footers around the article; a
// fragment (a text copied with its <p> tags) has no chrome of that kind and is walked whole.
// Paragraphs become lines, h1–h6 keep their level. The page's charset is the declared one (BOM,
// <meta charset>, WHATWG sniffing), else the text reader's detection.
import { Readability } from '@mozilla/readability';
import htmlEncodingSniffer from 'html-encoding-sniffer';
import iconv from 'iconv-lite';
import { DOMParser } from 'linkedom';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc, DocLine } from '../types.js';
import type { Reader } from './reader.js';
import { decodeTextBytes } from './txt.js';

export const htmlReader: Reader = { format: 'html', read: (bytes) => readHtml(bytes) };

/** WHATWG encoding names → the iconv-lite codec: GBK and gb2312 pages are decoded as GB18030, their superset. */
const CODECS: Record<string, string> = { GBK: 'gb18030', gb18030: 'gb18030', 'UTF-8': 'utf8', 'UTF-16LE': 'utf-16le', 'UTF-16BE': 'utf-16be', Big5: 'big5' };

/** Elements whose content is never text of the page. */
const SKIP_TAGS = new Set(['script', 'style', 'noscript', 'template', 'iframe', 'svg', 'canvas', 'object', 'select', 'button', 'head', 'title', 'meta', 'link']);
/**
 * Elements that run inside a line; every other element (p, div, h1–h6, li, td…, and the unknown
 * elements of XML markup such as <w:p>) ends one.
 */
const INLINE_TAGS = new Set([
  'a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'del', 'dfn', 'em', 'font', 'i', 'img', 'ins', 'kbd', 'label', 'mark', 'nobr', 'q',
  'rp', 'rt', 'ruby', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr', 'o:p',
]);
/** Page furniture removed when Readability finds no article (a page too short for its scoring). */
const CHROME_TAGS = ['nav', 'header', 'footer', 'aside', 'form'];

export async function readHtml(bytes: Buffer): Promise<DecodedDoc> {
  const { text, encoding } = await decodeHtml(bytes);
  const lines = htmlToLines(text);
  if (lines.length === 0) throw new BadInputError('网页中没有正文');
  return { format: 'html', encoding, lines };
}

/** The page's characters: the declared charset when there is one, the text reader's detection otherwise. */
export async function decodeHtml(bytes: Buffer): Promise<{ text: string; encoding: string }> {
  // '' as the fallback tells "nothing declared" apart from a declared windows-1252. The sniffer looks
  // for <meta charset> in the first 1024 bytes, as browsers do; a page declaring it later is still
  // decoded right by the detection (strict UTF-8, else GB18030).
  const declared = htmlEncodingSniffer(bytes, { defaultEncoding: '' });
  const codec = declared ? (CODECS[declared] ?? declared) : '';
  if (codec && iconv.encodingExists(codec)) {
    const text = iconv.decode(bytes, codec);
    return { text, encoding: codec === 'gb18030' ? 'GB18030' : declared };
  }
  return decodeTextBytes(bytes);
}

/** A whole page (it has <html>, <head> or <body>) or a fragment of markup in a text file. */
export function isWholePage(html: string): boolean {
  return /<(?:html|head|body)[\s>]/i.test(html.slice(0, 65536));
}

/** HTML text → lines: the article of a whole page, everything of a fragment. */
export function htmlToLines(html: string): DocLine[] {
  if (!isWholePage(html)) {
    // A fragment keeps the text file's own line ends: they were its author's paragraphs.
    const doc = parse(`<!doctype html><html><head></head><body>${html}</body></html>`);
    return walk(doc.body, { keepNewlines: true });
  }
  const doc = parse(html);
  const pageTitle = (doc.querySelector('title')?.textContent ?? '').trim();
  const h1s = Array.from(doc.querySelectorAll('h1')).map((h) => norm(h.textContent ?? '')).filter((t) => t !== '');
  const article = new Readability<Element>(doc as unknown as Document, { serializer: (n) => n as Element, charThreshold: 100 }).parse();
  let lines: DocLine[];
  if (article?.content) {
    lines = walk(article.content, { keepNewlines: false });
  } else {
    // Readability gave up (a very short page): the body without the page's furniture.
    const body = parse(html).body;
    for (const tag of CHROME_TAGS) for (const el of Array.from(body.querySelectorAll(tag))) el.remove();
    lines = walk(body, { keepNewlines: false });
  }
  // Readability drops the headline that repeats the page title; the document's title is its first line.
  const title = titleOf(h1s, pageTitle, article?.title ?? '');
  if (title && !lines.slice(0, 3).some((l) => norm(l.text) === title)) lines.unshift({ text: title });
  return lines;
}

/**
 * The article's headline: the longest <h1> that the <title> names (a site's logo may be an <h1>
 * too, and the <title> names the site as well), else Readability's title.
 */
function titleOf(h1s: string[], pageTitle: string, readabilityTitle: string): string {
  const titled = h1s.filter((h) => pageTitle.includes(h) || h.includes(norm(pageTitle))).sort((a, b) => b.length - a.length)[0];
  return titled ?? norm(readabilityTitle || pageTitle);
}

interface LinkedomDocument {
  body: Element;
  querySelector(s: string): Element | null;
  querySelectorAll(s: string): NodeListOf<Element>;
}

function parse(html: string): LinkedomDocument {
  return new DOMParser().parseFromString(html, 'text/html') as unknown as LinkedomDocument;
}

const CJK = '\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef“”‘’';
const SOURCE_WRAP_IN_CJK = new RegExp(`(?<=[${CJK}])[ \\t]*[\\r\\n][ \\t\\r\\n]*(?=[${CJK}])`, 'gu');

const norm = (s: string) => s.replace(/\s+/gu, ' ').trim();

/**
 * Walks elements into lines: each block element and each <br> ends a line; h1–h6 give their
 * level. Whitespace collapses as a browser shows it, except a fragment's line ends.
 */
function walk(root: Node, opts: { keepNewlines: boolean }): DocLine[] {
  const lines: DocLine[] = [];
  let current = '';
  let level: number | undefined;
  const flush = (): void => {
    // A line end in the page source between Chinese characters is layout, not a space.
    const text = current.replace(SOURCE_WRAP_IN_CJK, '').replace(/[ \t\r\n\f\u00a0]+/gu, ' ').trim();
    if (text !== '') lines.push(level === undefined ? { text } : { text, styleLevel: level });
    current = '';
  };
  const visit = (node: Node): void => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType === 3 || child.nodeType === 4) {
        const data = (child as CharacterData).data;
        if (opts.keepNewlines && /[\r\n]/.test(data)) {
          const parts = data.split(/\r\n|[\r\n]/);
          parts.forEach((p, i) => {
            if (i > 0) flush();
            current += p;
          });
        } else current += data;
        continue;
      }
      if (child.nodeType !== 1) continue;
      const el = child as Element;
      const tag = el.localName?.toLowerCase() ?? '';
      if (SKIP_TAGS.has(tag) || el.getAttribute('hidden') !== null || /display\s*:\s*none/i.test(el.getAttribute('style') ?? '')) continue;
      if (tag === 'br') {
        flush();
        continue;
      }
      if (INLINE_TAGS.has(tag)) {
        visit(el);
        continue;
      }
      flush();
      const outer = level;
      const heading = /^h([1-6])$/.exec(tag);
      if (heading) level = Number(heading[1]);
      visit(el);
      flush();
      level = outer;
    }
  };
  visit(root);
  flush();
  return lines;
}
