// Segment stage: jieba words (with the party-building lexicon), sub-words for recall, keywords, themes.

import nodejieba from 'nodejieba';
import { classifyThemes } from './classify.js';
import { toSimplified } from './simplify.js';
import { LEXICON_PATH, SYNONYMS_PATH, loadSynonyms, readLexicon } from './lexicon/load.js';
import type { Section, SegmentedSection } from './types.js';

export { LEXICON_PATH, SYNONYMS_PATH, loadSynonyms };

let lexiconCache: string[] | undefined;
let jiebaReady = false;

/** Terms of the user dictionary, in file order (for the engine's `dictionary` setting). */
export function lexiconTerms(): string[] {
  lexiconCache ??= readLexicon().map((e) => e.word);
  return [...lexiconCache];
}

// nodejieba keeps one global dictionary per process: load it lazily, once, with our lexicon.
// readLexicon() validates the file first, because cppjieba would silently accept a malformed line.
function jieba(): typeof nodejieba {
  if (!jiebaReady) {
    lexiconTerms();
    nodejieba.load({ userDict: LEXICON_PATH });
    jiebaReady = true;
  }
  return nodejieba;
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

/**
 * What jieba sees: full-width ASCII (２０２３, ＸＸ, ＊, ％) folded to ASCII and × (as in ××县) to X, one UTF-16
 * unit for one, so every token still maps back to the same span of the original text.
 */
function foldForJieba(text: string): string {
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
    const lead = n.length - n.replace(/^[^\p{L}\p{N}]+/u, '').length;
    const trail = n.endsWith('%') ? 0 : n.length - n.replace(/[^\p{L}\p{N}]+$/u, '').length;
    words.push(o.slice(lead, o.length - trail));
  }
  return words;
}

/** Longest substring emitted by subwords(); longer queries are served by the segmented field anyway. */
export const SUBWORD_MAX_LEN = 8;
/** Words longer than this get no sub-words: they are runaway ASCII/digit runs (URLs, ids), not words. */
export const SUBWORD_MAX_WORD_LEN = 20;

const HAN = /\p{Script=Han}/u;
const RUNS = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+/gu;

/**
 * Sub-words for recall: the engine indexes 党支部 as one token, so a query 支部 would miss it; this field holds
 * every distinct substring of every Han word (length 1 .. min(len - 1, 8)), deduplicated, first occurrence first.
 * Mixed words are split into their script runs first (2023年 → 2023, 年; XX县 → XX, 县) so digit runs do not
 * explode into meaningless digit substrings; pure ASCII/digit words and words with other characters
 * (***, punctuation) give nothing. Words longer than SUBWORD_MAX_WORD_LEN give nothing.
 */
export function subwords(words: string[]): string[] {
  const out = new Set<string>();
  for (const word of words) {
    const chars = [...word];
    if (chars.length > SUBWORD_MAX_WORD_LEN) continue;
    if (chars.length < 2) {
      if (/^\p{N}$/u.test(word)) out.add(word);
      continue;
    }
    const runs = word.match(RUNS) ?? [];
    if (runs.join('') !== word) continue;
    // A number or Latin word is indexed whole (2020, 14, ABC), never cut into digit pieces.
    if (runs.length === 1 && !HAN.test(word)) {
      out.add(word);
      continue;
    }
    const mixed = runs.length > 1;
    // The whole mixed word too (2023年, XX县): the engine may keep it as one token of a query.
    if (mixed) out.add(word);
    for (const run of runs) {
      if (mixed) out.add(run);
      if (!HAN.test(run)) continue;
      const rc = [...run];
      const maxLen = Math.min(SUBWORD_MAX_LEN, mixed ? rc.length : rc.length - 1);
      for (let len = 1; len <= maxLen; len++) {
        for (let s = 0; s + len <= rc.length; s++) out.add(rc.slice(s, s + len).join(''));
      }
    }
  }
  return [...out];
}

const NOT_KEYWORD = /[\p{Nd}XＸ×*＊]|某/u;
/**
 * Words every summary uses (verbs of effort, the report's own frame): jieba's IDF table is built on general
 * text, where they are rare enough to rank high, but they tell nothing about one section of this genre.
 */
export const GENERIC_WORDS: ReadonlySet<string> = new Set(
  (
    '工作 开展 落实 加强 持续 推进 深入 进一步 强化 提升 推动 抓好 做好 全面 认真 积极 不断 切实 扎实 深化 坚持 ' +
    '建设 情况 主要 活动 机关 党建 党委 党员 支部 党支部 党组织 上级 组织 要求 方面 单位 通过 同时 进行 召开 ' +
    '制定 完善 有效 确保 严格 及时 充分 各项 相关 重要 重点 实际 不够 存在 问题 上半年 下半年 全年 今年 年度 ' +
    '总结 措施 成效 部署 贯彻 贯彻落实 学习 教育 管理 制度 责任 形式 内容 中心 工作者 干部 同志 我们 大家'
  ).split(' '),
);

/**
 * Top-n keywords by jieba TF-IDF (nodejieba.extract). Kept: dictionary words (jieba or lexicon, not HMM guesses
 * such as 学等) of at least two characters with a Han character, not numerals (jieba tag m: 一步, 四个), not in
 * GENERIC_WORDS; numbers and
 * placeholders (2023年, XX县, 某某) are dropped because they say nothing about the section.
 */
export function keywords(text: string, n = 8): string[] {
  if (n <= 0 || text.trim() === '') return [];
  const jb = jieba();
  const out: string[] = [];
  for (const { word } of jb.extract(text, n * 4 + 20)) {
    if ([...word].length < 2 || !HAN.test(word) || NOT_KEYWORD.test(word) || GENERIC_WORDS.has(word)) continue;
    // Dictionary words only: without HMM, jieba keeps a dictionary word whole and splits an HMM guess (学等 → 学|等).
    if (jb.cut(word, false).length !== 1) continue;
    // Numerals (一步 of 下一步, 四个, 一次) carry no topic.
    if (jb.tag(word)[0]?.tag === 'm') continue;
    out.push(word);
    if (out.length === n) break;
  }
  return out;
}

/** Longest substring that crossingSubwords() emits across a word boundary. */
export const CROSSING_MAX_LEN = 4;

/**
 * Substrings that straddle the boundary between two words standing side by side in the text
 * (纪律作风|建设 → 作风建设, 风建…): a query word the engine cuts differently from jieba (作风建设)
 * is then still a token of the section. Words separated by punctuation or spaces are not joined.
 */
export function crossingSubwords(text: string, words: string[], maxLen = CROSSING_MAX_LEN): string[] {
  const out = new Set<string>();
  let cursor = 0;
  let prev: { word: string; end: number } | null = null;
  for (const word of words) {
    const at = text.indexOf(word, cursor);
    if (at < 0) continue;
    const end = at + word.length;
    if (prev && at === prev.end && HAN.test(prev.word.at(-1)!) && HAN.test(word[0]!)) {
      const left = [...prev.word].slice(-(maxLen - 1));
      const right = [...word].slice(0, maxLen - 1);
      for (let l = 1; l <= left.length; l++) {
        for (let r = 1; r <= right.length && l + r <= maxLen; r++) {
          const piece = left.slice(left.length - l).join('') + right.slice(0, r).join('');
          if ([...piece].every((c) => HAN.test(c))) out.add(piece);
        }
      }
    }
    prev = { word, end };
    cursor = end;
  }
  return [...out];
}

export function segmentSection(section: Section): SegmentedSection {
  // Analysed in simplified script, so a document written in traditional characters is found by
  // (simplified) queries through its sub-words and gets its themes; the text itself stays as written.
  const full = toSimplified(section.heading === '' ? section.text : `${section.heading}\n${section.text}`);
  const words = cut(full);
  return {
    ...section,
    segmented: words.join(' '),
    subwords: [...new Set([...subwords(words), ...crossingSubwords(full, words)])].join(' '),
    keywords: keywords(full),
    themes: classifyThemes({ heading: toSimplified(section.heading), headingPath: section.headingPath.map(toSimplified), text: toSimplified(section.text) }, words),
  };
}
