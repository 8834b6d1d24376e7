// Theme classification of a section: weighted cue words per topic theme (the staff-edited table
// ingest/rules/theme-cues.yaml), plus section-role themes (存在问题 / 工作计划) taken from the
// heading path. Pure and deterministic; no model, no I/O beyond reading the table once.

import { THEMES, type Theme } from '../src/core/vocabulary.js';
import { loadThemeCues, type RoleTheme, type TopicTheme } from './theme-cues.js';
import type { Section } from './types.js';

export type { RoleTheme, TopicTheme };

/** Own heading counts this many times a body occurrence; headings name the topic, bodies wander. */
export const HEADING_WEIGHT = 8;
/** Each ancestor heading (一、… above （一）…) gives context to the sections below it. */
export const ANCESTOR_WEIGHT = 2;
/** A cue repeated in a long body counts at most this many times. */
export const BODY_CAP = 3;
/** Least score for a topic theme at all (one weight-2 cue in the body). */
export const MIN_TOPIC_SCORE = 2;
/** A secondary topic must reach this share of the primary's score. */
export const SECONDARY_SHARE = 0.4;
export const MAX_THEMES = 3;

interface CueHit {
  theme: TopicTheme;
  weight: number;
  headingOnly: boolean;
}

const CUE_INDEX: ReadonlyMap<string, CueHit[]> = (() => {
  const { rows, neutral } = loadThemeCues();
  const index = new Map<string, CueHit[]>();
  for (const row of rows) {
    for (const cue of row.cues) {
      const list = index.get(cue) ?? [];
      list.push({ theme: row.theme, weight: row.weight, headingOnly: row.headingOnly ?? false });
      index.set(cue, list);
    }
  }
  for (const cue of neutral) if (!index.has(cue)) index.set(cue, []);
  return index;
})();
const CUES_LONGEST_FIRST = [...CUE_INDEX.keys()].sort((a, b) => b.length - a.length);

/**
 * Adds the cue scores of `str` into `scores`. `offset` places `str` inside the string whose word
 * boundaries are given: a cue counts only if it starts or ends on a word boundary, so 作风 inside
 * 工作|风险 does not count while 支部建设 inside 党支部|建设 does.
 */
function scoreText(
  str: string,
  factor: number,
  isHeading: boolean,
  scores: Map<TopicTheme, number>,
  boundaries?: { set: ReadonlySet<number>; offset: number },
): void {
  if (str === '') return;
  const taken = new Uint8Array(str.length);
  const counts = new Map<string, number>();
  // Longest cues first, each cue's occurrences left to right: a shorter cue inside a longer one
  // that already counted does not count again.
  for (const occ of cueOccurrences(str)) {
    const rank = Math.floor(occ / OCC_SPAN);
    const at = occ % OCC_SPAN;
    if (!isHeading && CUE_HEADING_ONLY[rank]) continue;
    const cue = CUES_LONGEST_FIRST[rank]!;
    const end = at + cue.length;
    if (taken.subarray(at, end).some((v) => v === 1)) continue;
    if (boundaries && !boundaries.set.has(boundaries.offset + at) && !boundaries.set.has(boundaries.offset + end)) {
      continue;
    }
    taken.fill(1, at, end);
    counts.set(cue, (counts.get(cue) ?? 0) + 1);
  }
  for (const [cue, n] of counts) {
    const times = isHeading ? n : Math.min(n, BODY_CAP);
    for (const hit of CUE_INDEX.get(cue)!) {
      if (hit.headingOnly && !isHeading) continue;
      scores.set(hit.theme, (scores.get(hit.theme) ?? 0) + factor * hit.weight * times);
    }
  }
}

/** Cues that count only in headings (every row naming them is heading-only), by rank. */
const CUE_HEADING_ONLY = CUES_LONGEST_FIRST.map((cue) => {
  const hits = CUE_INDEX.get(cue)!;
  return hits.length > 0 && hits.every((h) => h.headingOnly);
});

interface CueNode {
  /** By UTF-16 code unit: a number key, where a one-character string would be made and hashed per step. */
  next: Map<number, CueNode>;
  /** Rank in CUES_LONGEST_FIRST of the cue ending here, or -1. */
  rank: number;
}
const CUE_TRIE: CueNode = { next: new Map(), rank: -1 };
CUES_LONGEST_FIRST.forEach((cue, rank) => {
  let node = CUE_TRIE;
  for (let i = 0; i < cue.length; i++) {
    const unit = cue.charCodeAt(i);
    let child = node.next.get(unit);
    if (!child) node.next.set(unit, (child = { next: new Map(), rank: -1 }));
    node = child;
  }
  node.rank = rank;
});
/** An occurrence is rank × OCC_SPAN + offset: sorting the numbers sorts by rank, then offset. */
const OCC_SPAN = 2 ** 24;

/**
 * Every occurrence of every cue in `str` (overlapping ones too), in the order the cues are
 * weighed: one walk down the cue trie from each offset instead of one scan of the text per cue
 * (399 cues: the themes were a tenth of the ingester's CPU time).
 */
function cueOccurrences(str: string): number[] {
  const out: number[] = [];
  const n = Math.min(str.length, OCC_SPAN - 1);
  for (let i = 0; i < n; i++) {
    let node: CueNode | undefined = CUE_TRIE;
    for (let j = i; j < n; j++) {
      node = node.next.get(str.charCodeAt(j));
      if (!node) break;
      if (node.rank >= 0) out.push(node.rank * OCC_SPAN + i);
    }
  }
  return out.sort((a, b) => a - b);
}

/** Word boundary offsets of `words` located in order inside `full`; undefined if they do not line up. */
function wordBoundaries(full: string, words: readonly string[]): Set<number> | undefined {
  const set = new Set<number>([0, full.length]);
  let cursor = 0;
  for (const w of words) {
    const at = full.indexOf(w, cursor);
    if (at === -1) return undefined;
    set.add(at);
    set.add(at + w.length);
    cursor = at + w.length;
  }
  return set;
}

const NUMBERING =
  /^\s*(?:第[一二三四五六七八九十百零〇\d]+(?:部分|章|节)|[一二三四五六七八九十百]+\s*[、.．,，]|[（(]\s*[一二三四五六七八九十百\d]+\s*[)）]|\d+\s*[、.．)）]|[①-⑳㈠-㈩])\s*/u;

/** Heading text without its numbering (一、 （一） 1. 第一部分 …) and trailing punctuation. */
export function stripNumbering(heading: string): string {
  return heading.replace(NUMBERING, '').replace(/[。：:；;，,\s]+$/u, '').trim();
}

/** Role headings are short; a long "heading" is a sentence that merely mentions problems or plans. */
const ROLE_HEADING_MAX = 30;

// Problem sections. Besides 存在的问题/不足 forms, a heading *named* by a shortcoming noun —
// 工作中的不足, 上半年党建工作短板, 差距和弱项, 2024年工作的不足及原因 — is one, whatever period it names:
// the noun stands at the end of the heading or before 之处/和/与/及/、/分析/原因.
const SHORTCOMING = '(?:不足|短板|差距|弱项|薄弱环节)';
const PROBLEM_RE = new RegExp(
  [
    '存在(?:的)?(?:主要|突出|一些|几个|个别)?(?:困难|问题|不足|短板|差距|薄弱)',
    '(?:问题|困难|不足|短板|差距|弱项)(?:和|与|及|、|以及)(?:不足|困难|问题|短板|差距|原因|弱项|挑战)',
    `${SHORTCOMING}(?:之处|分析|原因|和|与|及|、|$)`,
    '^(?:主要|突出|当前)?(?:问题|不足|短板|困难)(?:分析|剖析)?$',
  ].join('|'),
  'u',
);
// 解决存在的问题 / 补齐短板 / 对标找差距 is work done or planned about problems, not a problem section.
const PROBLEM_NOT_RE =
  /(?:解决|整改|破解|针对|查摆|克服|聚焦|检视|补齐|补强|补足|弥补|缩小|查找|找准|找|对标|正视|弥合|消除|固强补弱)[^，,、；;]{0,12}(?:存在|问题|不足|短板|差距|弱项|薄弱)/u;

const PLAN_WORD = '(?:打算|计划|思路|设想|安排|重点|要点|任务|目标|举措|措施)';
/**
 * A future period named in a heading: 下半年, 明年, 来年, 次年, 今后, 新的一年, 下一年度, 下（一）季度,
 * 第四季度/四季度/Q4, or a year (2025年, 2025年度, 二〇二五年).
 */
const PERIOD =
  '(?:下半年|明年|来年|次年|今后|新的一年|下一?年度?|下一?季度|第?[一二三四1-4１-４]季度|20\\d\\d年度?|二〇.{2}年度?)';
/** …(的)(党建|支部|主要…)(工作)打算/安排…, or …重点工作/主要任务. */
const PERIOD_PLAN = `${PERIOD}(?:的)?(?:(?:党建|党的建设|支部|党支部|党委|各项|主要|重点)?(?:工作)?${PLAN_WORD}|(?:重点|主要)(?:工作|任务))`;
// Forward-looking at any level: 下一步 / 下阶段 / 努力方向 / 下半年工作安排 / 明年工作打算 / 四季度工作重点.
const PLAN_ANY_LEVEL_RE = new RegExp(`下一?步|下一?阶段|努力方向|${PERIOD_PLAN}`, 'u');
const PLAN_ALWAYS_RE = /下一?步|下一?阶段|努力方向/u;
// Without a named period (三、工作思路, 三、主要打算) only a top-level heading is a plan section:
// as a sub-heading (（二）工作思路 under 一、主要工作) it describes how past work was approached.
const PLAN_TOP_LEVEL_RE = new RegExp(`(?:工作|主要|重点)(?:打算|计划|思路|设想|安排|重点|要点)`, 'u');
// Words of a report on past work: 2023年重点工作完成情况 is not a plan.
const REPORTED_RE = /制定|印发|出台|完善|按照|落实|执行|下发|情况|完成|成效|回顾|开展|成绩|做法/u;
// A period-named plan heading under a report on past work (（九）2023年党建工作安排 under
// 一、党支部工作开展落实情况) lists a plan that was carried out, not a plan section.
const REPORT_SECTION_RE = new RegExp(`${REPORTED_RE.source}|主要工作|工作总结|亮点|特色`, 'u');

interface RoleHit {
  role: RoleTheme;
  pos: number;
  depth: number;
}

function headingRoles(heading: string, depth: number, underReport: boolean): RoleHit[] {
  const h = stripNumbering(heading);
  if (h === '' || [...h].length > ROLE_HEADING_MAX) return [];
  const roles: RoleHit[] = [];
  const problem = PROBLEM_RE.exec(h);
  if (problem && !PROBLEM_NOT_RE.test(h)) roles.push({ role: '存在问题', pos: problem.index, depth });
  const reported = REPORTED_RE.test(h);
  let plan = PLAN_ANY_LEVEL_RE.exec(h);
  if (plan && !PLAN_ALWAYS_RE.test(h) && (reported || underReport)) plan = null;
  if (!plan && depth === 0 && !reported) plan = PLAN_TOP_LEVEL_RE.exec(h);
  if (plan) roles.push({ role: '工作计划', pos: plan.index, depth });
  return roles;
}

/** Ancestor headings of a section (headingPath without the section's own heading). */
function ancestorsOf(section: Pick<Section, 'heading' | 'headingPath'>): string[] {
  const path = section.headingPath;
  return path.length > 0 && path[path.length - 1] === section.heading ? path.slice(0, -1) : path;
}

/**
 * The preamble carries the document title as its heading with an empty headingPath (the path excludes the title).
 * A title names the whole document (党支部…党建工作总结), not this section: it counts like body text
 * (so its generic 支部/党员 do not count) and gives no role.
 */
function isTitle(section: Pick<Section, 'heading' | 'headingPath'>): boolean {
  return section.headingPath.length === 0 && section.heading !== '';
}

/**
 * Role themes of a section from its own heading and its ancestors', deepest heading first
 * (in a combined heading such as 存在问题及下步打算, in reading order).
 */
export function sectionRoles(section: Pick<Section, 'heading' | 'headingPath'>): RoleTheme[] {
  const ancestors = ancestorsOf(section);
  const headings = section.heading === '' || isTitle(section) ? ancestors : [...ancestors, section.heading];
  const found = headings.flatMap((h, depth) =>
    headingRoles(h, depth, headings.slice(0, depth).some((a) => REPORT_SECTION_RE.test(stripNumbering(a)))),
  );
  found.sort((a, b) => b.depth - a.depth || a.pos - b.pos);
  return [...new Set(found.map((f) => f.role))];
}

/** Topic theme scores of a section, highest first (ties in THEMES order). */
export function topicScores(
  section: Pick<Section, 'heading' | 'headingPath' | 'text'>,
  words?: readonly string[],
): [TopicTheme, number][] {
  const scores = new Map<TopicTheme, number>();
  // Same string segmentSection() cuts, so word offsets line up.
  const full = section.heading === '' ? section.text : `${section.heading}\n${section.text}`;
  const set = words ? wordBoundaries(full, words) : undefined;
  for (const a of ancestorsOf(section)) scoreText(a, ANCESTOR_WEIGHT, true, scores);
  const title = isTitle(section);
  scoreText(section.heading, title ? 1 : HEADING_WEIGHT, !title, scores, set ? { set, offset: 0 } : undefined);
  const bodyOffset = section.heading === '' ? 0 : section.heading.length + 1;
  scoreText(section.text, 1, false, scores, set ? { set, offset: bodyOffset } : undefined);
  const order = (t: TopicTheme) => THEMES.indexOf(t);
  return [...scores].filter(([, s]) => s > 0).sort((a, b) => b[1] - a[1] || order(a[0]) - order(b[0]));
}

/**
 * Themes of a section, primary first: the role themes (存在问题 / 工作计划) of its heading path come first,
 * then the topic themes by score — the top one if it reaches MIN_TOPIC_SCORE, others only with at least
 * SECONDARY_SHARE of the top score — at most MAX_THEMES in all; 其他 when nothing applies.
 * `words` (jieba words of heading + '\n' + text) make cue matching respect word boundaries.
 */
export function classifyThemes(
  section: Pick<Section, 'heading' | 'headingPath' | 'text'>,
  words?: readonly string[],
): Theme[] {
  const themes: Theme[] = sectionRoles(section);
  const scored = topicScores(section, words);
  const top = scored[0]?.[1] ?? 0;
  if (top >= MIN_TOPIC_SCORE) {
    for (const [theme, score] of scored) {
      if (themes.length >= MAX_THEMES) break;
      if (score >= Math.max(MIN_TOPIC_SCORE, top * SECONDARY_SHARE)) themes.push(theme);
    }
  }
  return themes.length > 0 ? themes.slice(0, MAX_THEMES) : ['其他'];
}
