// Reader for RTF: rtf-stream-parser tokenizes the bytes (groups, control words, \'xx and \binN
// data), and this file interprets the few things a summary needs from the token stream — the
// text of the body in reading order, paragraph ends, and heading levels (\outlinelevelN on the
// paragraph, or a heading style of the stylesheet) — decoding \'xx bytes in the font's character
// set (GBK for 宋体 of a Chinese Word or WPS file, whatever \ansicpg says) and \uN with its ANSI
// fallback skipped. Automatic list numbers are kept as printed (\listtext). Headers, footers,
// footnotes, comments, pictures, field instructions and every other destination are dropped.
import iconv from 'iconv-lite';
import { Tokenize } from 'rtf-stream-parser';
import type { Token } from 'rtf-stream-parser/dist/src/tokenize.js';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc, DocLine } from '../types.js';
import type { Reader } from './reader.js';

export const rtfReader: Reader = { format: 'rtf', read: (bytes) => decodeRtf(bytes) };

/** Destinations whose text is not body text (RTF 1.9.1 spec): skipped with everything inside. */
const SKIPPED_DESTINATIONS = new Set([
  'colortbl', 'info', 'header', 'headerl', 'headerr', 'headerf', 'footer', 'footerl', 'footerr', 'footerf', 'pict', 'object',
  'fldinst', 'footnote', 'annotation', 'atnid', 'atnauthor', 'xe', 'tc', 'txe', 'listtable', 'listoverridetable', 'rsidtbl',
  'generator', 'themedata', 'colorschememapping', 'datastore', 'latentstyles', 'pgdsctbl', 'bkmkstart', 'bkmkend', 'filetbl',
  'revtbl', 'userprops', 'xmlnstbl', 'mmathPr', 'shpinst', 'nonshppict', 'private', 'template', 'docvar', 'pn',
]);
// Not skipped: \listtext and \pntext hold an automatically numbered paragraph's number as printed
// (一、 （一） 1.), which is what the section splitter recognises headings by.

/** \fcharsetN → Windows code page (RTF spec, \fcharset). */
const CHARSET_CODEPAGE: Record<number, number> = {
  0: 1252, 128: 932, 129: 949, 130: 1361, 134: 936, 136: 950, 161: 1253, 162: 1254, 163: 1258, 177: 1255, 178: 1256, 186: 1257, 204: 1251, 222: 874, 238: 1250,
};

/** A style name that marks a heading: Heading 1, heading 2, 标题 1, 标题1. */
const HEADING_STYLE_NAME = /^(?:heading|标题)\s*([1-9])$/i;

interface GroupState {
  /** Inside a destination whose text is dropped. */
  skip: boolean;
  /** \ucN: how many fallback characters follow a \uN. */
  uc: number;
  font: number | undefined;
  /** What this group is: the font table, one of its entries, the stylesheet, one of its styles. */
  role: 'body' | 'fonttbl' | 'stylesheet' | 'style';
}

export async function decodeRtf(bytes: Buffer): Promise<DecodedDoc> {
  if (!/^\s*\{\\rtf/.test(bytes.subarray(0, 64).toString('latin1'))) throw new BadInputError('不是 RTF 文档（缺少 {\\rtf 开头）');
  const tokens = await tokenize(bytes);
  const lines = interpret(tokens);
  if (lines.length === 0) throw new BadInputError('空文件');
  return { format: 'rtf', encoding: 'rtf', lines };
}

function tokenize(bytes: Buffer): Promise<Token[]> {
  return new Promise((resolve, reject) => {
    const out: Token[] = [];
    const t = new Tokenize();
    t.on('data', (tok: Token) => out.push(tok));
    t.on('error', (err: Error) => reject(new BadInputError(`文件已损坏（RTF 无法解析：${err.message}），无法读取`)));
    t.on('end', () => resolve(out));
    t.end(bytes);
  });
}

/** The token stream → one line per paragraph (and per table cell, and per \line break), with heading levels. */
export function interpret(tokens: readonly Token[]): DocLine[] {
  let ansiCodepage = 1252;
  const fontCodepage = new Map<number, number>();
  const styleLevel = new Map<number, number>();
  let defaultFont: number | undefined;

  const lines: DocLine[] = [];
  let text = '';
  let level: number | undefined;
  const endLine = () => {
    const t = text.replace(/\s+$/u, '');
    if (t.trim() !== '') lines.push(level === undefined ? { text: t } : { text: t, styleLevel: level });
    text = '';
  };

  // Bytes of \'xx escapes (and 8-bit text) decoded together: a GBK character is two of them.
  let pending: number[] = [];
  let pendingCodepage = 1252;
  let sink: (s: string) => void = (s) => (text += s);
  const flush = () => {
    if (pending.length === 0) return;
    sink(decodeBytes(Buffer.from(pending), pendingCodepage));
    pending = [];
  };

  // The stylesheet entry being read.
  let style: { number: number; outline: number | undefined; name: string } | null = null;
  let fontEntry = null as { number: number | undefined; codepage: number | undefined } | null;

  const stack: GroupState[] = [];
  let state: GroupState = { skip: false, uc: 1, font: undefined, role: 'body' };
  let toSkip = 0;
  let groupStart = false;
  let optional = false;

  const codepageOf = (font: number | undefined) => (font !== undefined ? fontCodepage.get(font) : undefined) ?? ansiCodepage;
  const emit = (s: string) => {
    if (state.skip) return;
    if (state.role === 'body' || state.role === 'style') {
      flush();
      if (state.role === 'style' && style) style.name += s;
      else if (state.role === 'body') text += s;
    }
  };

  for (const tok of tokens) {
    const wasGroupStart = groupStart;
    groupStart = false;
    if (tok.type === 0) {
      flush();
      stack.push(state);
      const parent = state.role;
      state = { ...state, role: parent === 'fonttbl' ? 'fonttbl' : parent === 'stylesheet' ? 'style' : parent };
      // A style is one group of the stylesheet; a group inside it ({\*\keycode …}) is not its name.
      if (parent === 'stylesheet') style = { number: 0, outline: undefined, name: '' };
      else if (parent === 'style') state.skip = true;
      groupStart = true;
      optional = false;
      continue;
    }
    if (tok.type === 1) {
      flush();
      if (state.role === 'style' && style && stack[stack.length - 1]?.role === 'stylesheet') {
        const named = HEADING_STYLE_NAME.exec(style.name.replace(/;\s*$/, '').trim());
        const lvl = style.outline !== undefined ? style.outline + 1 : named ? Number(named[1]) : undefined;
        if (lvl !== undefined && lvl <= 9) styleLevel.set(style.number, lvl);
        style = null;
      }
      if (fontEntry && state.role === 'fonttbl') {
        if (fontEntry.number !== undefined && fontEntry.codepage !== undefined) fontCodepage.set(fontEntry.number, fontEntry.codepage);
        fontEntry = null;
      }
      state = stack.pop() ?? state;
      continue;
    }
    if (tok.type === 3) {
      if (state.skip) continue;
      let data = tok.data;
      if (toSkip > 0) {
        const n = Math.min(toSkip, data.length);
        data = data.subarray(n);
        toSkip -= n;
      }
      if (data.length === 0) continue;
      if (state.role === 'fonttbl') continue;
      // Plain text is ASCII in a well-formed file; 8-bit bytes are in the current font's code page.
      if (data.some((b) => b >= 0x80)) {
        flushIfCodepage(codepageOf(state.font));
        for (const b of data) pending.push(b);
      } else emit(data.toString('latin1').replace(/[\r\n]/g, ''));
      continue;
    }

    // A control word.
    const word = tok.word;
    const param = tok.param;
    if (word === '*' && wasGroupStart) {
      optional = true;
      groupStart = true;
      continue;
    }
    const atDestination = wasGroupStart;
    if (atDestination) {
      if (word === 'fonttbl') {
        state.role = 'fonttbl';
        continue;
      }
      if (word === 'stylesheet') {
        state.role = 'stylesheet';
        continue;
      }
      if (SKIPPED_DESTINATIONS.has(word) || (optional && word !== 'fldrslt' && state.role === 'body')) state.skip = true;
      optional = false;
    }
    if (state.role === 'fonttbl') {
      if (word === 'f') {
        // Fonts listed without a group each (\f0 …;\f1 …;) end where the next begins.
        if (fontEntry?.number !== undefined && fontEntry.codepage !== undefined) fontCodepage.set(fontEntry.number, fontEntry.codepage);
        fontEntry = { number: param, codepage: undefined };
      }
      else if (word === 'fcharset' && param !== undefined) {
        fontEntry ??= { number: undefined, codepage: undefined };
        const cp = CHARSET_CODEPAGE[param];
        if (cp !== undefined) fontEntry.codepage = cp;
      } else if (word === 'cpg' && param !== undefined && fontEntry) fontEntry.codepage = param;
      continue;
    }
    if (state.role === 'style') {
      if (state.skip) continue;
      if (word === 's' && style) style.number = param ?? 0;
      else if (word === 'outlinelevel' && style && param !== undefined) style.outline = param;
      else if (word === "'" && tok.data && !state.skip) {
        flushIfCodepage(codepageOf(state.font));
        pending.push(...tok.data);
      } else if (word === 'u' && param !== undefined && style) {
        flush();
        style.name += String.fromCharCode(param < 0 ? param + 65536 : param);
        toSkip = state.uc;
      } else if (word === 'f') state.font = param;
      continue;
    }
    if (state.skip) continue;
    if (toSkip > 0 && word === "'") {
      toSkip--;
      continue;
    }
    toSkip = 0;
    switch (word) {
      case 'ansicpg':
        if (param) ansiCodepage = param;
        break;
      case 'deff':
        defaultFont = param;
        state.font = param;
        break;
      case 'f':
        state.font = param;
        break;
      case 'plain':
        state.font = defaultFont;
        break;
      case 'uc':
        state.uc = param ?? 1;
        break;
      case 'u':
        if (param !== undefined) emit(String.fromCharCode(param < 0 ? param + 65536 : param));
        toSkip = state.uc;
        break;
      case "'":
        if (tok.data) {
          flushIfCodepage(codepageOf(state.font));
          pending.push(...tok.data);
        }
        break;
      case 'pard':
        flush();
        level = undefined;
        break;
      case 's':
        if (param !== undefined) level = styleLevel.get(param);
        break;
      case 'outlinelevel':
        if (param !== undefined && param < 9) level = param + 1;
        break;
      case 'par':
      case 'sect':
      case 'page':
      case 'line':
      case 'cell':
      case 'nestcell':
      case 'row':
        flush();
        endLine();
        break;
      case 'tab':
        emit(' ');
        break;
      case 'emspace':
      case 'enspace':
      case '~':
        emit(' ');
        break;
      case 'ldblquote':
        emit('“');
        break;
      case 'rdblquote':
        emit('”');
        break;
      case 'lquote':
        emit('‘');
        break;
      case 'rquote':
        emit('’');
        break;
      case 'emdash':
        emit('—');
        break;
      case 'endash':
        emit('–');
        break;
      case 'bullet':
        emit('•');
        break;
      case '{':
      case '}':
      case '\\':
        emit(word);
        break;
      case '_':
        emit('-');
        break;
      default:
        break;
    }
  }
  flush();
  endLine();
  return lines;

  function flushIfCodepage(cp: number): void {
    if (pending.length > 0 && pendingCodepage !== cp) flush();
    pendingCodepage = cp;
    sink = state.role === 'style' ? (s) => style && (style.name += s) : (s) => (text += s);
  }
}

function decodeBytes(bytes: Buffer, codepage: number): string {
  const name = `cp${codepage}`;
  return iconv.encodingExists(name) ? iconv.decode(bytes, name) : bytes.toString('latin1');
}
