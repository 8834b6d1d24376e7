// Segment stage: jieba words (with the party-building lexicon), sub-words for recall, keywords, themes.
import { jieba, cutWithTokens, isDictionaryWord } from '../src/core/text/segmenter.js';
import { tfidf } from '../src/core/text/tfidf.js';
import { BoundedMemo } from '../src/core/memo.js';
import { toSimplified } from '../src/core/text/simplify.js';
import { CROSSING_MAX_LEN, crossingGroups, HAN, subwordGroups } from '../src/core/text/subwords.js';
import { encodeRuns, wordRuns } from '../src/core/text/phrase-keys.js';
import { classifyThemes } from './themes.js';
import type { Section, SegmentedSection } from './types.js';

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
 * Top-n keywords by jieba TF-IDF (as nodejieba.extract weighs them: text/tfidf.ts). Kept: dictionary words (jieba or lexicon, not HMM guesses
 * such as 学等) of at least two characters with a Han character, not numerals (jieba tag m: 一步, 四个), not in
 * GENERIC_WORDS; numbers and
 * placeholders (2023年, XX县, 某某) are dropped because they say nothing about the section.
 */
export function keywords(text: string, n = 8): string[] {
  return keywordsOfTokens(cutWithTokens(text).tokens, n);
}

/** keywords() of a text already cut: its jieba tokens (segmenter.ts cutWithTokens). */
export function keywordsOfTokens(tokens: readonly string[], n = 8): string[] {
  if (n <= 0 || tokens.length === 0) return [];
  const out: string[] = [];
  for (const { word } of tfidf(tokens, n * 4 + 20)) {
    if (!keywordMemo.get(word, canBeKeyword)) continue;
    out.push(word);
    if (out.length === n) break;
  }
  return out;
}

// Whether a word may be a keyword depends on the word alone, and the same words come back in every
// section: remembered, they cost two native jieba calls once instead of per section (bounded).
const keywordMemo = new BoundedMemo<boolean>(30_000);

function canBeKeyword(word: string): boolean {
  if ([...word].length < 2 || !HAN.test(word) || NOT_KEYWORD.test(word) || GENERIC_WORDS.has(word)) return false;
  const jb = jieba();
  // Dictionary words only: without HMM, jieba keeps a dictionary word whole and splits an HMM guess (学等 → 学|等).
  if (jb.cut(word, false).length !== 1) return false;
  // Numerals (一步 of 下一步, 四个, 一次) carry no topic.
  return jb.tag(word)[0]?.tag !== 'm';
}

/**
 * The sub-word field: one space-separated group per word (and per word boundary), each piece in
 * its first group only. A traditional-script section also gets its whole (simplified) words.
 */
export function subwordField(simplified: string, words: string[], traditional: boolean): string[] {
  const seen = new Set<string>();
  const out: string[] = [];
  const groups = [
    ...subwordGroups(words, isDictionaryWord, { whole: traditional }),
    ...crossingGroups(simplified, words, CROSSING_MAX_LEN, isDictionaryWord),
  ];
  for (const group of groups) {
    const fresh = group.filter((p) => !seen.has(p));
    for (const p of fresh) seen.add(p);
    if (fresh.length > 0) out.push(fresh.join(' '));
  }
  return out;
}

export function segmentSection(section: Section): SegmentedSection {
  // Analysed in simplified script, so a document written in traditional characters is found by
  // (simplified) queries through its sub-words and gets its themes; the text itself stays as written.
  const original = section.heading === '' ? section.text : `${section.heading}\n${section.text}`;
  const full = toSimplified(original);
  const { words, tokens } = cutWithTokens(full);
  // Heading and text as converted within `full`: no conversion phrase holds a line break, so
  // converting the whole converts each line as it would alone (and saves converting the text twice).
  const line = section.heading === '' || section.heading.includes('\n') ? -1 : full.indexOf('\n');
  const heading = section.heading === '' ? '' : line >= 0 ? full.slice(0, line) : toSimplified(section.heading);
  const text = section.heading === '' ? full : line >= 0 ? full.slice(line + 1) : toSimplified(section.text);
  return {
    ...section,
    segmented: words.join(' '),
    subwords: subwordField(full, words, full !== original),
    keywords: keywordsOfTokens(tokens),
    themes: classifyThemes({ heading, headingPath: section.headingPath.map(simplifiedHeading), text }, words),
    phrases: encodeRuns(wordRuns(full, words)),
  };
}

// Ancestor headings repeat in every section below them: each is converted once.
const headingMemo = new BoundedMemo<string>(10_000);
const simplifiedHeading = (h: string) => headingMemo.get(h, toSimplified);
