// Clean stage: strip what download sites added to a summary (paid-content markers, watermark and
// advert lines around the text), trim lines and drop blank ones. Body text is never touched inside a line
// except for the markers; everything removed is listed in `removed`.
import type { CleanDoc, DecodedDoc, DocLine, RemovedBlock } from './types.js';

/** ##paidbegin## / ##paidend## (any case, spaces allowed inside the hashes), also mid-word. */
const PAID_MARKER = /[#＃]{2,}\s*paid\s*(?:begin|end)\s*[#＃]{2,}/giu;

/** Whitespace at either end of a line, including U+3000, NBSP, BOM and zero-width spaces left by Word/web copies. */
const EDGE_SPACE = /^[\s\u200b\u2060]+|[\s\u200b\u2060]+$/gu;

/**
 * Lines that are nothing but a download-site watermark, removed wherever they stand.
 * Compared after dropping whitespace and punctuation; keep this list short and exact.
 */
const WATERMARK_PHRASES = new Set([
  '仅供学习禁止外传',
  '仅供学习',
  '禁止外传',
  '仅供学习交流',
  '仅供学习参考',
  '仅供参考',
  '下载后可编辑',
  '可编辑',
]);

/** Words only adverts use: one is enough (with a short line and a place at the edge of the document). */
const STRONG_ADVERT_WORDS = [
  '仅供学习',
  '禁止外传',
  '会员',
  '订阅',
  '倒卖',
  'qq',
  'vip',
  '扫码',
  '二维码',
  '微信号',
  '加微信',
  '关注公众号',
  '公众号关注',
  '下载',
  '版权所有',
  '侵权',
  '联系删除',
  '本文来源',
  '来源于网络',
  '更多精彩',
  '请关注',
  '可编辑',
  '客服',
  '淘宝',
  '文库',
  '资料库',
  '免费领取',
  '转载',
];

/** Words body text uses too: two of them are needed. */
const WEAK_ADVERT_WORDS = [
  '平台',
  '分享',
  '权益',
  '资料',
  '免费',
  '举报',
  '关注',
  '公众号',
  '微信',
  '交流群',
  '群号',
  '更新',
  '整理',
  '精选',
  '范文',
  '网站',
  '网址',
  'www',
  'http',
  '获取',
  '赠送',
  '福利',
  '优惠',
  '购买',
  '立享',
];

/** Advert lines are short; anything longer is a sentence of the summary. */
const MAX_ADVERT_CHARS = 60;
/** A line this short without sentence punctuation is junk when it sits between advert lines (site names, slogans). */
const MAX_JUNK_CHARS = 20;
/** How far from each end of the document an advert block is looked for. */
const EDGE_WINDOW = 20;

/** Heading markers of the genre: 一、 （一） 1. （1） 第一部分 ①. A line starting with one is always content. */
const HEADING_MARKER = /^(?:[一二三四五六七八九十百]+[、.．]|[（(][一二三四五六七八九十百]+[）)]|\d{1,3}[.．、](?!\d)|[（(]\d{1,3}[）)]|第[一二三四五六七八九十百\d]+(?:部分|章|节|条|篇)|[①-⑳])/u;

/** A title of the genre: ends with 总结 / 报告 / 情况 … (optionally a parenthesised note). */
const TITLE_LIKE = /(?:总结|报告|汇报|情况|计划|要点|打算|方案|体会|发言|讲话|述职)(?:[（(][^）)]*[）)])?$/u;

/** Sentence-ending punctuation: a short line ending so is a sentence, not junk. */
const SENTENCE_END = /[。；：？！…]$/u;

type LineKind = 'content' | 'advert' | 'junk';

interface WorkLine extends DocLine {
  /** The line with whitespace and punctuation removed, lower-cased: what vocabulary is matched against. */
  compact: string;
}

export function clean(doc: DecodedDoc): CleanDoc {
  const removed: RemovedBlock[] = [];
  const lines: WorkLine[] = [];

  for (const line of doc.lines) {
    let text = line.text;
    if (text.includes('#') || text.includes('＃')) {
      text = text.replace(PAID_MARKER, (marker) => {
        removed.push({ kind: 'paid-marker', text: marker });
        return '';
      });
    }
    text = text.replace(EDGE_SPACE, '');
    if (text === '') continue;
    const out: WorkLine = { text, compact: compact(text) };
    if (line.styleLevel !== undefined) out.styleLevel = line.styleLevel;
    lines.push(out);
  }

  const drop = new Set<number>();
  const blocks: { start: number; end: number; kind: 'advert' | 'watermark' }[] = [];
  const kinds = lines.map(lineKind);

  // Leading block: everything before the first content line (title or body) within the window.
  const head = edgeSpan(kinds, range(0, Math.min(lines.length, EDGE_WINDOW)));
  if (head) blocks.push({ ...head, kind: 'advert' });
  // Trailing block: everything after the last content line, read backwards.
  const tail = edgeSpan(kinds, range(lines.length - 1, Math.max(-1, lines.length - 1 - EDGE_WINDOW)));
  if (tail && (!head || tail.start > head.end)) blocks.push({ ...tail, kind: 'advert' });
  for (const b of blocks) for (let i = b.start; i <= b.end; i++) drop.add(i);

  // Isolated watermark lines anywhere else.
  lines.forEach((line, i) => {
    if (!drop.has(i) && WATERMARK_PHRASES.has(line.compact)) {
      drop.add(i);
      blocks.push({ start: i, end: i, kind: 'watermark' });
    }
  });

  blocks.sort((a, b) => a.start - b.start);
  for (const b of blocks) {
    removed.push({
      kind: b.kind,
      text: lines
        .slice(b.start, b.end + 1)
        .map((l) => l.text)
        .join('\n'),
    });
  }

  return {
    lines: lines
      .filter((_, i) => !drop.has(i))
      .map(({ text, styleLevel }) => (styleLevel === undefined ? { text } : { text, styleLevel })),
    removed,
  };
}

function* range(from: number, to: number): Generator<number> {
  const step = from <= to ? 1 : -1;
  for (let i = from; i !== to; i += step) yield i;
}

/**
 * Walk from one edge of the document until the first content line. If advert lines were met,
 * the span from the first to the last of them (junk lines in between included) is the advert block.
 * Junk outside that span stays: a short line next to the title may be the organisation's name.
 */
function edgeSpan(kinds: LineKind[], indices: Iterable<number>): { start: number; end: number } | null {
  let first = -1;
  let last = -1;
  for (const i of indices) {
    const kind = kinds[i];
    if (kind === 'content') break;
    if (kind === 'advert') {
      if (first === -1) first = i;
      last = i;
    }
  }
  if (first === -1) return null;
  return { start: Math.min(first, last), end: Math.max(first, last) };
}

function lineKind(line: WorkLine): LineKind {
  if (line.styleLevel !== undefined) return 'content';
  const text = line.text;
  if (HEADING_MARKER.test(text)) return 'content';
  if (WATERMARK_PHRASES.has(line.compact)) return 'advert';
  if (line.compact.length > MAX_ADVERT_CHARS) return 'content';
  if (TITLE_LIKE.test(text)) return 'content';
  if (advertScore(line.compact) >= 2) return 'advert';
  if (line.compact.length <= MAX_JUNK_CHARS && !SENTENCE_END.test(text)) return 'junk';
  return 'content';
}

function advertScore(compactText: string): number {
  let score = 0;
  for (const w of STRONG_ADVERT_WORDS) if (compactText.includes(w)) score += 2;
  for (const w of WEAK_ADVERT_WORDS) if (compactText.includes(w)) score += 1;
  return score;
}

/** Drop whitespace and punctuation, lower-case ASCII: 「仅供学习 禁止外传」 and 「仅供学习，禁止外传！」 compare equal. */
function compact(text: string): string {
  return text.replace(/[\s\p{P}]/gu, '').toLowerCase();
}
