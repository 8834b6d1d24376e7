// Word segmentation shared by ingestion (sections) and the portal (queries): jieba (nodejieba)
// with the party-building lexicon, plus the rules that keep placeholders and numbers with units whole.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import { LEXICON_PATH, lexiconTerms } from './lexicon.js';
import { WordTable } from './word-table.js';

let jiebaReady = false;

/**
 * What nodejieba loads as its IDF table: one line. Keywords are weighed in JavaScript from jieba's
 * own table (tfidf.ts), never by nodejieba.extract, whose table would take 20 MB of native memory
 * in every process that segments (the ingester's budget is 512 MB, jieba's dictionaries ~235 MB).
 */
export const JIEBA_IDF_UNUSED = fileURLToPath(new URL('./jieba-idf-unused.utf8', import.meta.url));

// nodejieba keeps one global dictionary per process: load it lazily, once, with our lexicon.
// readLexicon() validates the file first, because cppjieba would silently accept a malformed line.
export function jieba(): typeof nodejieba {
  if (!jiebaReady) {
    lexiconTerms();
    nodejieba.load({ userDict: LEXICON_PATH, idfDict: JIEBA_IDF_UNUSED });
    jiebaReady = true;
  }
  return nodejieba;
}

/** jieba's dictionary and the lexicon, words of 2..8 UTF-16 units (word-table.ts). */
let dictionary: WordTable | undefined;

/** The first field of each `word freq tag` line, without splitting the 5 MB file into lines first. */
function* dictionaryWords(text: string): Generator<string> {
  for (let at = 0; at < text.length; ) {
    const eol = text.indexOf('\n', at);
    const end = eol === -1 ? text.length : eol;
    const sp = text.indexOf(' ', at);
    if (sp > at && sp < end && sp - at >= 2 && sp - at <= 8) yield text.slice(at, sp);
    at = end + 1;
  }
}

/**
 * Whether a string is a word of jieba's dictionary or of the domain lexicon: the words the engine's
 * own (jieba-based, HMM-free) tokenizer can keep whole in a query. The engine's tokenizer ships the
 * same jieba dictionary as nodejieba; the lexicon reaches it through the `dictionary` setting.
 * Only pieces of 2..8 characters are ever asked about (sub-words).
 */
export function isDictionaryWord(piece: string): boolean {
  if (!dictionary) {
    const file = (nodejieba as unknown as { DEFAULT_DICT: string }).DEFAULT_DICT;
    dictionary = new WordTable([...dictionaryWords(readFileSync(file, 'utf8')), ...lexiconTerms()], { min: 2, max: 8 });
  }
  return dictionary.has(piece);
}

/** Anonymised placeholders that stand for a name or a number: X, XX, XXX, ××, **, *** (after normalising). */
const PLACEHOLDER = /^(?:X+|\*{2,})$/u;
const X_RUN = /^X+$/u;
const NUMBER = /^\d+(?:\.\d+)?$/u;
/** Units that follow a number or an X placeholder (2023年, 14名, X次, 30人次, 100%) and are kept with it. */
const UNITS = new Set([
  '年', '月', '日', '号', '时', '名', '人', '次', '个', '元', '万', '万元', '亿元', '件', '项', '条', '篇', '场',
  '期', '届', '批', '岁', '天', '周', '周年', '人次', '余人', '余次', '余名', '余元', '小时', '季度', '%',
]);
/** Administrative suffixes kept with a placeholder name: XX县, XX镇 (XX社区 stays XX + 社区, like 南京 + 社区). */
const PLACE_SUFFIX = new Set(['省', '市', '县', '区', '镇', '乡', '村']);
const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
/** One UTF-16 unit that is a letter or digit (a surrogate half is not: the trim then decides). */
const WORD_CHAR = /^[\p{L}\p{N}]$/u;

/**
 * What jieba sees: full-width ASCII (２０２３, ＸＸ, ＊, ％) folded to ASCII and × (as in ××县) to X, one UTF-16
 * unit for one, so every token still maps back to the same span of the original text.
 */
export function foldForJieba(text: string): string {
  return text
    .replace(/[\uFF01-\uFF5E]/gu, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/\u00D7/gu, 'X');
}

interface Tok {
  /** Folded form, used for the rules. */
  n: string;
  /** The same span of the original text, returned to the caller. */
  o: string;
}

/**
 * jieba words of `text`, in order. Drops whitespace and punctuation; keeps placeholders (XX, ***, 某某)
 * as tokens; keeps a number or an X placeholder together with its unit (2023年, 14名, X次) and an X placeholder
 * with an administrative suffix (XX县). Every word is an exact substring of `text`, in reading order.
 */
export function cut(text: string): string[] {
  return cutWithTokens(text).words;
}

/**
 * cut(), and jieba's own tokens before those rules (as spans of `text`, punctuation included):
 * what its keyword extractor counts (text/tfidf.ts), so a section is segmented once.
 */
export function cutWithTokens(text: string): { words: string[]; tokens: string[] } {
  const folded = foldForJieba(text);
  // HMM on: it keeps ASCII/digit runs (2023, XXX) whole and glues unknown names, as jieba does by default.
  const raw: Tok[] = [];
  let pos = 0;
  for (const n of jieba().cut(folded, true)) {
    const at = folded.indexOf(n, pos);
    if (at === -1) continue; // never seen: jieba returns the input in pieces
    raw.push({ n, o: text.slice(at, at + n.length) });
    pos = at + n.length;
  }
  const merged: Tok[] = [];
  for (let i = 0; i < raw.length; i++) {
    const tok = { ...raw[i]! };
    // jieba emits each * separately: glue runs of stars back into one placeholder.
    if (tok.n === '*') {
      while (raw[i + 1]?.n === '*') {
        tok.n += '*';
        tok.o += raw[++i]!.o;
      }
    }
    const next = raw[i + 1];
    if (next && (NUMBER.test(tok.n) || X_RUN.test(tok.n))) {
      if (UNITS.has(next.n) || (PLACE_SUFFIX.has(next.n) && X_RUN.test(tok.n))) {
        tok.n += next.n;
        tok.o += next.o;
        i++;
      }
    }
    merged.push(tok);
  }
  const words: string[] = [];
  for (const { n, o } of merged) {
    if (PLACEHOLDER.test(n)) {
      words.push(o);
      continue;
    }
    if (!HAS_WORD_CHAR.test(n)) continue;
    // '3.' from a heading number: keep the word part (still a substring); keep the % of 100%.
    // (Nearly every token starts and ends with a letter or digit: the trims are tried only when not.)
    const lead = WORD_CHAR.test(n[0]!) ? 0 : n.length - n.replace(/^[^\p{L}\p{N}]+/u, '').length;
    const trail = n.endsWith('%') || WORD_CHAR.test(n.at(-1)!) ? 0 : n.length - n.replace(/[^\p{L}\p{N}]+$/u, '').length;
    words.push(o.slice(lead, o.length - trail));
  }
  return { words, tokens: raw.map((t) => t.o) };
}

