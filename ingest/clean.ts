// Clean stage: strip what download sites, web pages and converters added to a summary, and give
// back the line structure a web copy lost. Debris is recognised by kind from the staff-edited
// patterns of ingest/rules/debris.yaml plus the general rules here (notices widened to their
// brackets, pinyin annotations, 文库 page numbers, run-on lines); every removal is listed in
// `removed` with its rule, and truncation notices are kept as facts about the document.
import type { CleanDoc, DecodedDoc, DocLine, RemovedBlock } from './types.js';
import { debrisRules, type DebrisKind, type DebrisRules } from './debris-rules.js';
import { matchMarker } from './headings.js';
import { looksLikeTitle } from './metadata.js';
import { toSimplified } from '../src/core/text/simplify.js';
import { strayCharSpans } from './stray-chars.js';
import { hardWrapRuns, joinPieces } from './rewrap.js';
import { edgeIndices, lineKey } from './boilerplate.js';

/** Whitespace at either end of a line, including U+3000, NBSP, BOM and zero-width spaces left by Word/web copies. */
const EDGE_SPACE = /^[\s\u200b\u2060\ufeff]+|[\s\u200b\u2060\ufeff]+$/gu;

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

/** A notice is widened to the brackets around it when they hold at most this much else on either side… */
const BRACKET_INSIDE = 20;
/** …and none of these: a clause of the text, not a site name. */
const CLAUSE_PUNCT = '，,。；;';
const OPEN_BRACKETS = '（(【[〔［';
const CLOSE_BRACKETS = '）)】]〕］';
/** Ellipsis runs that sites put around a notice (……, ..., ···). */
const LEFT_DOTS = /(?:[…⋯]+|[.．·。]{2,})\s*$/u;
const RIGHT_DOTS = /^\s*(?:[…⋯]+|[.．·。]{2,})/u;
/** What may stand between two notices that are one. */
const NOTICE_GAP = /^[\s，,、;；:：|｜]*$/u;
/** A line with none of these left after its notices were cut was nothing but the notices. */
const CONTENT_CHAR = /[\p{L}\p{N}]/u;

/** The debris.yaml rule that cuts a page number off a page's title (XX总结_第2页): its copies are page headers. */
const PAGE_TITLE_RULE = '页面标题页码';

/** Lines where a sentence cut by a page break ends: a line ending otherwise was cut. */
const LINE_END_TERMINATOR = /[。！？；：…”’」』）)!?;:]$/u;

type LineKind = 'content' | 'advert' | 'junk';

interface WorkLine {
  text: string;
  /** `text` in simplified script, the same length: what the rules are matched against. */
  simp: string;
  styleLevel?: number;
  /** 1-based line of the decoded file, for --explain. */
  source: number;
  /** Truncation notices found in this line: the characters each says are missing (null: not stated). */
  missing: (number | null)[];
}

export interface CleanOptions {
  rules?: DebrisRules;
  /** Keys (boilerplate.ts lineKey) of lines learned as site chrome from the archive: removed at a file's head or foot. */
  boilerplate?: ReadonlySet<string>;
}

export function clean(doc: DecodedDoc, options: CleanOptions = {}): CleanDoc {
  const rules = options.rules ?? debrisRules();
  const removed: RemovedBlock[] = [];
  const note = (kind: DebrisKind, rule: string, text: string, line: number) => removed.push({ kind, rule, text, line });

  // 1. Inline debris (notices, markers, 文库 header) anywhere in a line; the text around is joined.
  let wenku = false;
  let pageTitles = 0;
  let lines: WorkLine[] = [];
  doc.lines.forEach((l, i) => {
    // 0. Emoji, zero-width and bidi controls, private-use characters: cut out, the text joined.
    let text = l.text;
    const stray = strayCharSpans(text);
    for (const s of stray) note('stray-char', s.rule, s.shown, i + 1);
    for (const s of [...stray].reverse()) text = text.slice(0, s.start) + text.slice(s.end);
    const line: WorkLine = { text, simp: simplifiedSameLength(text), source: i + 1, missing: [] };
    if (l.styleLevel !== undefined) line.styleLevel = l.styleLevel;
    const spans = inlineSpans(line.simp, rules);
    for (const span of spans) {
      note(span.kind, span.rule, line.text.slice(span.start, span.end).trim(), line.source);
      if (span.rule === PAGE_TITLE_RULE) pageTitles++;
      if (span.kind === 'wenku-header') wenku = true;
      if (span.kind === 'truncation') line.missing.push(span.count);
    }
    cutSpans(line, spans);
    if (spans.length > 0 && !CONTENT_CHAR.test(line.text)) {
      line.text = '';
      line.simp = '';
    }
    lines.push(line);
  });

  // 2. Pinyin a converter left after characters: 發(fā)展 → 發展.
  const toned = lines.reduce((n, l) => n + countTonedAnnotations(l.text), 0);
  for (const line of lines) {
    const spans = pinyinSpans(line.text, toned >= 2);
    for (const s of spans) note('pinyin', '拼音注音', line.text.slice(s.start, s.end), line.source);
    cutSpans(line, spans);
  }

  // 3. Trim; drop blank lines, chrome lines and label lines (a kept label leaves its value).
  // A notice on a line that goes is kept with the line before it (or the first line).
  const orphans: (number | null)[] = [];
  const carryMissing = (to: WorkLine[], gone: WorkLine) => (to.length > 0 ? to[to.length - 1]!.missing : orphans).push(...gone.missing);
  const kept: WorkLine[] = [];
  const noticeItems = platformNoticeRuns(lines, rules);
  const learned = options.boilerplate;
  const edges = learned && learned.size > 0 ? edgeIndices(doc.lines.map((l) => l.text)) : new Set<number>();
  for (const line of lines) {
    trim(line);
    if (line.text === '') {
      carryMissing(kept, line);
      continue;
    }
    // A line learned as chrome from the archive's other files, where such lines stand.
    if (edges.has(line.source - 1) && line.styleLevel === undefined && learned!.has(lineKey(line.text))) {
      note('boilerplate', '跨文件站点标语', line.text, line.source);
      carryMissing(kept, line);
      continue;
    }
    if (noticeItems.has(line)) {
      note(rules.platformNotices.kind, rules.platformNotices.name, line.text, line.source);
      carryMissing(kept, line);
      continue;
    }
    if (line.styleLevel === undefined && !dropByLineRules(line, rules, note)) {
      carryMissing(kept, line);
      continue;
    }
    if (line.text !== '') kept.push(line);
  }
  lines = rejoinHardWraps(kept, note);

  // 4. The title line: a site name after it goes (…工作总结 - 某某范文网), and a title glued to the
  // first sentence is cut at its end.
  if (lines.length > 0) {
    const first = lines[0]!;
    const m = first.styleLevel === undefined ? rules.titleSuffix.re.exec(first.simp) : null;
    if (m && m.index > 0 && first.simp.length <= 120) {
      note(rules.titleSuffix.kind, rules.titleSuffix.name, first.text.slice(m.index).trim(), first.source);
      cutSpans(first, [{ start: m.index, end: m.index + m[0].length }]);
      trim(first);
    }
    lines.splice(0, 1, ...splitGluedTitle(first));
    // A preview site repeats the title on every page (…总结_第2页); with its page number gone, a
    // later copy of the title line is that page's header.
    if (pageTitles > 0 && lines.length > 1) {
      const title = compact(lines[0]!.simp);
      lines = lines.filter((l, i) => {
        if (i === 0 || l.styleLevel !== undefined || compact(l.simp) !== title) return true;
        note('chrome', '分页重复标题', l.text, l.source);
        carryMissing(lines.slice(0, i), l);
        return false;
      });
    }
  }

  // 5. Headings that lost their line breaks start lines again.
  lines = lines.flatMap((l) => splitRunOn(l, lines.length));

  // 6. A 文库 export: the page numbers it puts at page starts go, and a sentence they cut is joined.
  if (wenku) lines = removePageChunks(lines, note);

  // 7. Advert blocks at the edges and watermark lines anywhere.
  lines = removeAdverts(lines, rules, note, carryMissing);
  if (lines.length > 0) lines[0]!.missing.unshift(...orphans);

  removed.sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
  const truncations: CleanDoc['truncations'] = [];
  lines.forEach((l, i) => l.missing.forEach((chars) => truncations.push({ line: i, chars })));
  return {
    lines: lines.map(({ text, styleLevel, source }): DocLine => {
      const line: DocLine = { text };
      if (styleLevel !== undefined) line.styleLevel = styleLevel;
      // A paged source's page comes along with the line it was read from (a split line keeps it; joined lines keep the first's).
      const page = doc.lines[source - 1]?.page;
      if (page !== undefined) line.page = page;
      return line;
    }),
    removed,
    truncations,
    sourceLines: lines.map((l) => l.source),
  };
}

// ---------------------------------------------------------------------------------------------
// Script
// ---------------------------------------------------------------------------------------------

/** The line in simplified script, index for index; characters whose conversion changes length stay. */
function simplifiedSameLength(text: string): string {
  const whole = toSimplified(text);
  if (whole.length === text.length) return whole;
  return Array.from(text, (ch) => {
    const s = toSimplified(ch);
    return s.length === ch.length ? s : ch;
  }).join('');
}

// ---------------------------------------------------------------------------------------------
// Inline debris
// ---------------------------------------------------------------------------------------------

interface Span {
  start: number;
  end: number;
}
interface RuleSpan extends Span {
  kind: DebrisKind;
  rule: string;
  count: number | null;
}

/** Matches of the inline rules, widened to their brackets and dots, merged where they overlap. */
export function inlineSpans(simp: string, rules: DebrisRules): RuleSpan[] {
  const spans: RuleSpan[] = [];
  for (const rule of rules.inline) {
    for (const m of simp.matchAll(rule.re)) {
      if (m[0].length === 0) continue;
      const count = rule.count !== undefined && m[rule.count] ? Number(m[rule.count]) : null;
      spans.push({ start: m.index, end: m.index + m[0].length, kind: rule.kind, rule: rule.name, count });
    }
  }
  // Merge first (one notice matched by two rules is one span), widen the notices, merge again.
  return mergeSpans(simp, mergeSpans(simp, spans).map((s) => ({ ...s, ...widen(simp, s.start, s.end) })));
}

function mergeSpans(simp: string, spans: RuleSpan[]): RuleSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const merged: RuleSpan[] = [];
  for (const s of sorted) {
    const last = merged[merged.length - 1];
    // Notices side by side (剩余3页需付费，下载后阅读完整版) are one removal: nothing but punctuation between.
    if (last && (s.start < last.end || NOTICE_GAP.test(simp.slice(last.end, s.start)))) {
      // One notice matched by two rules (省略680字 … 会员可完整阅读): one removal, named by its first
      // truncation rule (the one that says why the document is incomplete), with the stated count
      // wherever it came from.
      last.end = Math.max(last.end, s.end);
      last.count ??= s.count;
      if (s.kind === 'truncation' && last.kind !== 'truncation' && last.kind !== 'wenku-header') {
        last.kind = 'truncation';
        last.rule = s.rule;
      }
    } else merged.push({ ...s });
  }
  return merged;
}

/**
 * A notice in brackets goes with its brackets and what else they hold — a site name
 * (（某某网：此处省略1500字）), never a clause of the text (（全年召开会议12次，此处省略…） keeps its
 * brackets and the clause); the dots around a notice go too.
 */
function widen(text: string, start: number, end: number): Span {
  let open = -1;
  for (let i = start - 1; i >= Math.max(0, start - BRACKET_INSIDE); i--) {
    if (CLOSE_BRACKETS.includes(text[i]!) || CLAUSE_PUNCT.includes(text[i]!)) break;
    if (OPEN_BRACKETS.includes(text[i]!)) {
      open = i;
      break;
    }
  }
  if (open >= 0) {
    for (let i = end; i < Math.min(text.length, end + BRACKET_INSIDE); i++) {
      if (OPEN_BRACKETS.includes(text[i]!) || CLAUSE_PUNCT.includes(text[i]!)) break;
      if (CLOSE_BRACKETS.includes(text[i]!)) {
        start = open;
        end = i + 1;
        break;
      }
    }
  }
  const left = LEFT_DOTS.exec(text.slice(Math.max(0, start - 12), start));
  if (left) start -= left[0].length;
  const right = RIGHT_DOTS.exec(text.slice(end, end + 12));
  if (right) end += right[0].length;
  return { start, end };
}

/** Cuts spans (sorted, disjoint) out of a line's text and its simplified twin. */
function cutSpans(line: WorkLine, spans: Span[]): void {
  for (const s of [...spans].sort((a, b) => b.start - a.start)) {
    line.text = line.text.slice(0, s.start) + line.text.slice(s.end);
    line.simp = line.simp.slice(0, s.start) + line.simp.slice(s.end);
  }
}

function trim(line: WorkLine): void {
  const lead = line.text.length - line.text.replace(/^[\s\u200b\u2060\ufeff]+/u, '').length;
  const text = line.text.replace(EDGE_SPACE, '');
  line.simp = line.simp.slice(lead, lead + text.length);
  line.text = text;
}


// ---------------------------------------------------------------------------------------------
// Pinyin annotations
// ---------------------------------------------------------------------------------------------

const TONED = 'āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ';
const PINYIN_LETTERS = `a-zü${TONED}`;
/** Han character, then (pinyin) in ASCII or full-width brackets: 發(fā)展, 創（chuàng）新. */
const PINYIN_AFTER_HAN = new RegExp(`(?<=\\p{Script=Han})[(（]\\s*([${PINYIN_LETTERS}]{1,6})\\s*[)）]`, 'giu');
const HAS_TONE = new RegExp(`[${TONED}]`, 'iu');
/** A pinyin syllable without tone marks (de, zhong, lüe). */
const SYLLABLE =
  /^(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?(?:a|o|e|i|u|v|ü|ai|ei|ao|ou|an|en|ang|eng|ong|er|ia|ie|iao|iu|ian|in|iang|ing|iong|ua|uo|uai|ui|uan|un|uang|ueng|üe|ve|üan|ün)$/;

function countTonedAnnotations(text: string): number {
  let n = 0;
  for (const m of text.matchAll(PINYIN_AFTER_HAN)) if (HAS_TONE.test(m[1]!)) n++;
  return n;
}

/**
 * Pinyin annotations to remove: a toned one always (nobody writes fā in a summary), an untoned
 * syllable only in a file that has toned ones too (then it is the same converter's work).
 */
function pinyinSpans(text: string, converterSeen: boolean): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(PINYIN_AFTER_HAN)) {
    const syl = m[1]!;
    const plain = syl.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
    if (HAS_TONE.test(syl) || (converterSeen && SYLLABLE.test(plain))) out.push({ start: m.index, end: m.index + m[0].length });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Line rules
// ---------------------------------------------------------------------------------------------

type Note = (kind: DebrisKind, rule: string, text: string, line: number) => void;

/** Applies label and chrome rules to one trimmed line; false when the whole line goes. */
function dropByLineRules(line: WorkLine, rules: DebrisRules, note: Note): boolean {
  for (const label of rules.labels) {
    const m = label.re.exec(line.simp);
    if (!m) continue;
    if (!label.keep) {
      note(label.kind, label.name, line.text, line.source);
      return false;
    }
    // 标題:2024年上半年…總結 | → the value, without the label and a trailing bar.
    const tail = /\s*[|｜]+\s*$/u.exec(line.simp.slice(m[0].length));
    const end = tail ? line.simp.length - tail[0].length : line.simp.length;
    note(label.kind, label.name, (line.text.slice(0, m[0].length) + line.text.slice(end)).trim(), line.source);
    line.text = line.text.slice(m[0].length, end);
    line.simp = line.simp.slice(m[0].length, end);
    trim(line);
    return line.text !== '';
  }
  for (const rule of rules.lines) {
    if (line.simp.length > rule.maxLength) continue;
    if (rule.re.test(line.simp)) {
      note(rule.kind, rule.name, line.text, line.source);
      return false;
    }
  }
  if (isPlatformNotice(line.simp, rules)) {
    note(rules.platformNotices.kind, rules.platformNotices.name, line.text, line.source);
    return false;
  }
  return true;
}

/** A numbered item (1、 2. 3．) of a list. */
const NUMBERED_ITEM = /^\s*(\d{1,2})\s*[、.．)）]/u;

/**
 * The items of a numbered list of platform notices: in a run of numbered lines (1、 2、 3、 …, a
 * new list where the numbers start again) of which at least two, and a third, are notices, the other items with one strong word or two weak ones are the
 * platform's too (4、未经权益所有人同意不得将文件中的内容挪作商业用途). Such a list is never headings.
 */
function platformNoticeRuns(lines: WorkLine[], rules: DebrisRules): Set<WorkLine> {
  const out = new Set<WorkLine>();
  const p = rules.platformNotices;
  let run: WorkLine[] = [];
  const close = () => {
    const notices = run.filter((l) => isPlatformNotice(l.simp, rules));
    if (notices.length >= 2 && notices.length * 3 >= run.length) {
      for (const l of run) {
        const c = compact(l.simp);
        if (c.length > p.maxLength) continue;
        const strong = p.strong.filter((w) => c.includes(w)).length;
        const weak = p.weak.filter((w) => c.includes(w)).length;
        if (strong >= 1 || weak >= 2) out.add(l);
      }
    }
    run = [];
  };
  let last = 0;
  for (const l of lines) {
    if (l.text.trim() === '') continue;
    const n = l.styleLevel === undefined ? NUMBERED_ITEM.exec(l.simp) : null;
    if (!n) {
      close();
      continue;
    }
    if (Number(n[1]) !== last + 1) close();
    last = Number(n[1]);
    run.push(l);
  }
  close();
  return out;
}

/**
 * A document platform's notice (1、下载文档前请自行甄别…, 如文档侵犯您的权益，请联系客服…): a short
 * line holding several words of the platform's vocabulary, whatever its numbering or wording.
 */
export function isPlatformNotice(simp: string, rules: DebrisRules): boolean {
  const p = rules.platformNotices;
  const c = compact(simp);
  if (c.length > p.maxLength) return false;
  const strong = p.strong.filter((w) => c.includes(w)).length;
  if (strong < p.minStrong) return false;
  return strong * 2 + p.weak.filter((w) => c.includes(w)).length >= p.minScore;
}

// ---------------------------------------------------------------------------------------------
// Lines cut at a fixed width (rewrap.ts decides which)
// ---------------------------------------------------------------------------------------------

function rejoinHardWraps(lines: WorkLine[], note: Note): WorkLine[] {
  const runs = hardWrapRuns(
    lines.map((l) => l.text),
    (i) => lines[i]!.styleLevel !== undefined,
  );
  if (runs.length === 0) return lines;
  const joinedInto = new Map<number, number[]>(runs.map((r) => [r[0]!, r]));
  const out: WorkLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const run = joinedInto.get(i);
    if (!run) {
      out.push(lines[i]!);
      continue;
    }
    const first = lines[i]!;
    for (const j of run.slice(1)) {
      const next = lines[j]!;
      // Nothing is removed: the line end is reported so --explain shows where text was joined.
      note('line-join', '硬换行接合', '⏎', lines[j - 1]!.source);
      first.text = joinPieces(first.text, next.text);
      first.simp = joinPieces(first.simp, next.simp);
      first.missing.push(...next.missing);
    }
    out.push(first);
    i = run[run.length - 1]!;
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Structure lost with line breaks
// ---------------------------------------------------------------------------------------------

const TITLE_SEARCH = 60;
const GENRE_END = /总结|汇报|报告|情况|计划|要点|打算|述职/gu;
/** How the body of a summary opens, right after a glued title. */
const BODY_OPENER =
  /^\s*(?:(?:19|20)[\dxX*]{2}\s*年|二[〇○零][\dxX〇○零一二三四五六七八九]{2}年|今年|去年|本年度?|近年|近期|一年来|半年来|[上下]半年|第[一二三四]季度|自|在|按照|根据|围绕|为了?|我[们单位局委院校镇乡村所司]|本[单位局委院校镇乡村所司]|[xX]{2}|\*{2}|_{2}|[^\s，,。；]{2,24}?(?:党支部|党总支|党委|党组|党工委|支部)(?:在|以|始终|坚持|紧紧|认真|全面|深入|积极|按照|围绕|紧扣|聚焦))/u;

/**
 * A first line that holds the title and the first sentence (`…工作总结2023年,医院党支部在…`) is cut
 * after the title: the last genre word (总结/汇报/情况…) before the first comma that is followed by a
 * body opening and leaves a title-like prefix.
 */
export function splitGluedTitle(line: WorkLine): WorkLine[] {
  const { simp } = line;
  if (line.styleLevel !== undefined || matchMarker(simp)) return [line];
  // A whole title (no clause punctuation) stays, even 2023年工作总结2024年工作计划.
  if (looksLikeTitle(simp) && !/[，,。；;]/u.test(simp)) return [line];
  const stop = simp.search(/[，,。；;！？!?]|[:：](?![\s]*(?:19|20)[\dxX]{2}年)/u);
  const limit = Math.min(stop < 0 ? simp.length : stop, TITLE_SEARCH);
  let cut = -1;
  for (const m of simp.slice(0, limit + 4).matchAll(GENRE_END)) {
    const end = m.index + m[0].length;
    if (end > limit) break;
    const rest = simp.slice(end);
    if (/^[及和暨与、的之（(》”"]/u.test(rest)) continue;
    // 总结：2022年，… — a colon between title and body is a separator, not part of either.
    const sep = /^[\s:：]*/u.exec(rest)![0].length;
    if (BODY_OPENER.test(rest.slice(sep)) && looksLikeTitle(simp.slice(0, end))) cut = end;
  }
  if (cut < 0) return [line];
  const bodyStart = cut + /^[\s:：]*/u.exec(simp.slice(cut))![0].length;
  return [piece(line, 0, cut), piece(line, bodyStart, simp.length)].filter((l) => l.text !== '');
}

function piece(line: WorkLine, start: number, end: number): WorkLine {
  const p: WorkLine = { text: line.text.slice(start, end), simp: line.simp.slice(start, end), source: line.source, missing: start === 0 ? line.missing : [] };
  trim(p);
  return p;
}

/** Lines shorter than this are never run-on (a long paragraph mentioning 。一、 stays one line). */
const RUN_ON_MIN = 80;
const STRONG_AT = /[一二三四五六七八九十]{1,3}\s*[、．.]|[（(]\s*[一二三四五六七八九十]{1,3}\s*[）)]|第[一二三四五六七八九十]{1,3}部分/gu;
const WEAK_AT = /(?<![\d.．])\d{1,2}\s*[.．、](?!\d)|[（(]\s*\d{1,2}\s*[）)]/gu;
const AFTER_SENTENCE = /[。！？!?]\s*$/u;
const AFTER_CLAUSE = /[。！？；!?;]\s*$/u;
/** A heading glued to its first sub-heading (一、工作开展情况(一)突出…) is at most this long. */
const GLUED_HEADING_MAX = 30;

/**
 * A line that holds several headings of the genre in running text (a web copy that lost its line
 * breaks) is cut before each heading marker that follows a sentence end (or a short heading).
 * Arabic markers (1. （1）) are only trusted in a line that is run-on by its Chinese-numeral
 * headings, or in a document of at most three lines.
 */
export function splitRunOn(line: WorkLine, docLines: number): WorkLine[] {
  const { simp } = line;
  if (line.styleLevel !== undefined || simp.length < RUN_ON_MIN) return [line];
  const strong = markerStarts(simp, STRONG_AT, AFTER_SENTENCE);
  const weak = markerStarts(simp, WEAK_AT, AFTER_CLAUSE);
  // A paragraph of a normal document may enumerate 1. 2. 3. after its sentences: that stays one line.
  const runOn = strong.length >= 2 || (docLines <= 3 && (strong.length >= 1 || weak.length >= 2));
  if (!runOn) return [line];
  const cuts = new Set<number>([...strong, ...weak]);
  {
    // 一、工作开展情况(一)突出政治引领 / 一、主要工作1.加强…: a heading with no terminator runs into its sub-heading.
    for (const m of [...simp.matchAll(STRONG_AT), ...simp.matchAll(WEAK_AT)].sort((a, b) => a.index - b.index)) {
      if (m.index === 0 || cuts.has(m.index) || !matchMarker(simp.slice(m.index))) continue;
      const before = [0, ...[...cuts].filter((c) => c < m.index)].sort((a, b) => a - b).pop()!;
      const segment = simp.slice(before, m.index);
      if (segment.length <= GLUED_HEADING_MAX && matchMarker(segment) && !/[，,。；;！？]/u.test(segment)) cuts.add(m.index);
    }
  }
  if (cuts.size === 0) return [line];
  const points = [0, ...[...cuts].sort((a, b) => a - b), simp.length];
  const out: WorkLine[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const p = piece(line, points[i]!, points[i + 1]!);
    if (p.text !== '') out.push(p);
  }
  return out;
}

/** Positions of heading markers that follow a terminator and start a real heading. */
function markerStarts(simp: string, re: RegExp, after: RegExp): number[] {
  const out: number[] = [];
  for (const m of simp.matchAll(re)) {
    if (m.index === 0) continue;
    if (!after.test(simp.slice(Math.max(0, m.index - 3), m.index))) continue;
    if (!matchMarker(simp.slice(m.index))) continue;
    out.push(m.index);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// 文库 page chunks
// ---------------------------------------------------------------------------------------------

const PAGE_NUMBER = /^(\d{1,3})\s*[、.．]\s*/u;
/** A short line that opens with a heading marker (or a title line): no sentence a page could cut. */
const isHeadingLine = (simp: string) =>
  (matchMarker(simp) !== null || TITLE_LIKE.test(simp)) && simp.length <= 40 && !/[。；！？，,]/u.test(simp);
/** A 文库 export's text extraction leaves a dot where a page was cut: 大量.事务. */
const STRAY_DOT = /(?<=\p{Script=Han})[.．](?=\p{Script=Han})/gu;

/**
 * In a 文库 export every page starts with its number (1、 2、 …), wherever the page cut the text.
 * A number is a page number when it is the next page's and the line before it was cut mid-sentence
 * (then the two halves are joined), or when it is page 1 at the top, or when what follows it is no
 * heading (a long first sentence). Numbered headings of the document itself stay.
 */
function removePageChunks(lines: WorkLine[], note: Note): WorkLine[] {
  const out: WorkLine[] = [];
  let expected = 1;
  for (const line of lines) {
    const m = PAGE_NUMBER.exec(line.simp);
    const n = m ? Number(m[1]) : NaN;
    if (m && (n === expected || n === expected + 1)) {
      const prev = out[out.length - 1];
      const rest = line.simp.slice(m[0].length);
      // A heading line (一、主要工作) has no terminator either; a numbered line after it is its first item.
      const cut = prev !== undefined && prev.styleLevel === undefined && !LINE_END_TERMINATOR.test(prev.simp) && !isHeadingLine(prev.simp);
      const firstSentence = rest.split(/[。！？；：]/u)[0] ?? '';
      const top = n === 1 && out.length <= 1;
      if (cut || top || firstSentence.length > 50 || !/\p{Script=Han}/u.test(rest.slice(0, 1))) {
        note('page-chunk', '文库页码', line.text.slice(0, m[0].length).trim(), line.source);
        expected = n + 1;
        line.text = line.text.slice(m[0].length);
        line.simp = rest;
        if (cut) {
          prev.text += line.text;
          prev.simp += line.simp;
          prev.missing.push(...line.missing);
          continue;
        }
        if (line.text === '') continue;
      }
    }
    out.push(line);
  }
  for (const line of out) {
    const spans = [...line.simp.matchAll(STRAY_DOT)].map((m) => ({ start: m.index, end: m.index + 1 }));
    for (const s of spans) note('page-chunk', '文库断页点', line.text.slice(s.start, s.end), line.source);
    cutSpans(line, spans);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Advert blocks and watermarks
// ---------------------------------------------------------------------------------------------

function removeAdverts(lines: WorkLine[], rules: DebrisRules, note: Note, carryMissing: (to: WorkLine[], gone: WorkLine) => void): WorkLine[] {
  const compacts = lines.map((l) => compact(l.simp));
  const kinds = lines.map((l, i) => lineKind(l, compacts[i]!, rules));
  const drop = new Set<number>();
  const blocks: { start: number; end: number; kind: 'advert' | 'watermark' }[] = [];

  // Leading block: everything before the first content line (title or body) within the window.
  const head = edgeSpan(kinds, range(0, Math.min(lines.length, EDGE_WINDOW)));
  if (head) blocks.push({ ...head, kind: 'advert' });
  // Trailing block: everything after the last content line, read backwards.
  const tail = edgeSpan(kinds, range(lines.length - 1, Math.max(-1, lines.length - 1 - EDGE_WINDOW)));
  if (tail && (!head || tail.start > head.end)) blocks.push({ ...tail, kind: 'advert' });
  for (const b of blocks) for (let i = b.start; i <= b.end; i++) drop.add(i);

  // Isolated watermark lines anywhere else.
  lines.forEach((_, i) => {
    if (!drop.has(i) && rules.watermarks.has(compacts[i]!)) {
      drop.add(i);
      blocks.push({ start: i, end: i, kind: 'watermark' });
    }
  });

  for (const b of blocks) {
    const text = lines
      .slice(b.start, b.end + 1)
      .map((l) => l.text)
      .join('\n');
    note(b.kind, b.kind === 'advert' ? '广告块' : '水印行', text, lines[b.start]!.source);
  }
  const out: WorkLine[] = [];
  lines.forEach((line, i) => {
    if (!drop.has(i)) out.push(line);
    else carryMissing(out, line);
  });
  return out;
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

function lineKind(line: WorkLine, compactText: string, rules: DebrisRules): LineKind {
  if (line.styleLevel !== undefined) return 'content';
  const text = line.simp;
  if (HEADING_MARKER.test(text)) return 'content';
  if (rules.watermarks.has(compactText)) return 'advert';
  if (compactText.length > MAX_ADVERT_CHARS) return 'content';
  if (TITLE_LIKE.test(text)) return 'content';
  if (advertScore(compactText, rules) >= 2) return 'advert';
  if (compactText.length <= MAX_JUNK_CHARS && !SENTENCE_END.test(text)) return 'junk';
  return 'content';
}

function advertScore(compactText: string, rules: DebrisRules): number {
  let score = 0;
  for (const w of rules.strongAdvertWords) if (compactText.includes(w)) score += 2;
  for (const w of rules.weakAdvertWords) if (compactText.includes(w)) score += 1;
  return score;
}

/** Drop whitespace and punctuation, lower-case ASCII: 「仅供学习 禁止外传」 and 「仅供学习，禁止外传！」 compare equal. */
function compact(text: string): string {
  return text.replace(/[\s\p{P}]/gu, '').toLowerCase();
}
