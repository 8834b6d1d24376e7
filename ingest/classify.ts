// Theme classification of a section: weighted cue words per topic theme, plus section-role themes
// (存在问题 / 工作计划) taken from the heading path. Pure and deterministic; no model, no I/O.

import { THEMES, type Section, type Theme } from './types.js';

export type TopicTheme = Exclude<Theme, '存在问题' | '工作计划' | '其他'>;
export type RoleTheme = Extract<Theme, '存在问题' | '工作计划'>;

export interface CueRow {
  theme: TopicTheme;
  weight: number;
  cues: readonly string[];
  /** Generic words (学习, 组织, 党员 …) that name a topic in a heading but are noise in running text. */
  headingOnly?: boolean;
}

/**
 * Cue table. Weight 4–5: the theme's own name; 3: a term that belongs to one theme only; 2: a strong hint;
 * 1: a weak hint. Matching is longest-cue-first without overlaps, so 组织生活会 is not also counted as 组织生活,
 * and 习近平新时代中国特色社会主义思想 does not count as 思想.
 */
export const THEME_CUES: readonly CueRow[] = [
  {
    theme: '政治建设',
    weight: 4,
    cues: ['政治建设', '党的政治建设', '政治机关建设', '党内政治生活'],
  },
  {
    theme: '政治建设',
    weight: 3,
    cues: [
      '两个维护', '两个确立', '政治机关', '党的全面领导', '党的领导', '政治判断力', '政治领悟力',
      '政治执行力', '政治忠诚', '政治站位', '政治能力', '政治体检', '政治监督', '请示报告', '讲政治', '高度一致',
      '党组织领导的校长负责制', '党委领导下的院长负责制', '党委领导下的校长负责制', '前置研究', '把方向、管大局',
      '模范机关',
    ],
  },
  {
    theme: '政治建设',
    weight: 2,
    cues: ['四个意识', '四个自信', '政治立场', '政治方向', '政治意识', '政治责任', '政治功能'],
  },
  { theme: '政治建设', weight: 1, cues: ['党中央'] },
  { theme: '政治建设', weight: 1, cues: ['政治'], headingOnly: true },

  { theme: '思想建设', weight: 4, cues: ['思想建设', '思想政治建设', '理论武装'] },
  {
    theme: '思想建设',
    weight: 3,
    cues: [
      '主题教育', '党史学习教育', '党纪学习教育', '两学一做', '不忘初心', '牢记使命', '初心使命', '党的创新理论',
      '创新理论', '理论学习中心组', '中心组学习', '理论学习', '思想政治工作', '理想信念', '党性教育', '党性修养',
      '学习强国', '读书班', '学习型党组织', '学懂弄通做实', '凝心铸魂', '以学铸魂',
    ],
  },
  {
    theme: '思想建设',
    weight: 2,
    cues: [
      '第一议题', '学习教育', '专题学习', '集中学习', '学习研讨', '交流研讨', '专题研讨', '学习贯彻', '学习宣传贯彻',
      '宣讲', '专题辅导', '原原本本', '思想教育', '红色教育', '爱国主义教育', '红色基因', '心得体会', '教育培训',
      '二十大精神', '党的二十大精神', '十九大精神', '全会精神', '重要讲话精神',
    ],
  },
  { theme: '思想建设', weight: 1, cues: ['习近平新时代中国特色社会主义思想', '党的二十大', '党课', '党章'] },
  { theme: '思想建设', weight: 2, cues: ['学习', '思想', '理论'], headingOnly: true },

  { theme: '组织建设', weight: 4, cues: ['组织建设', '支部建设', '党支部建设', '基层组织建设', '组织体系'] },
  {
    theme: '组织建设',
    weight: 3,
    cues: [
      '基层党建', '三会一课', '组织生活会', '组织生活', '换届选举', '换届', '五基三化', '标准化规范化', '标准化建设',
      '规范化建设', '党建阵地', '阵地建设', '党员活动室', '党群服务中心', '活动场所', '党务干部', '党务工作者',
      '党务公开', '干部队伍建设', '队伍建设', '党建工作责任制', '管党治党', '述职评议', '书记抓', '党建考核',
      '组织功能', '组织力', '四强党支部', '过硬党支部', '支部班子', '支委班子', '党组织设置', '组织覆盖',
    ],
  },
  {
    theme: '组织建设',
    weight: 2,
    cues: [
      '战斗堡垒', '主题党日', '党员活动日', '民主评议党员', '民主生活会', '谈心谈话', '支部委员', '组织委员',
      '宣传委员', '纪检委员', '支部书记', '党组织书记', '党支部书记', '干部队伍', '选人用人', '干部考核', '党建工作制度',
      '责任清单', '党建工作要点', '两优一先', '档案',
    ],
  },
  {
    theme: '组织建设',
    weight: 1,
    cues: ['党员大会', '支委会', '支部委员会', '党小组会', '党小组', '阵地', '制度建设', '入党誓词', '重温入党誓词'],
  },
  {
    theme: '组织建设',
    weight: 2,
    cues: ['组织', '支部', '党组织', '堡垒', '班子', '队伍'],
    headingOnly: true,
  },

  { theme: '党员管理', weight: 4, cues: ['党员管理', '党员教育管理', '党员教育', '党员队伍'] },
  {
    theme: '党员管理',
    weight: 3,
    cues: [
      '发展党员', '党员发展', '入党积极分子', '积极分子', '发展对象', '预备党员', '入党申请', '入党申请人', '转正',
      '党费', '党费收缴', '交纳党费', '缴纳党费', '组织关系', '流动党员', '失联党员', '老党员', '困难党员',
      '不合格党员', '党员档案', '党员轮训', '党员积分', '积分制管理', '党统', '党员管理信息系统', '关怀帮扶',
      '党内关怀', '政治生日',
    ],
  },
  { theme: '党员管理', weight: 2, cues: ['党员作用', '先锋模范意识', '宗旨意识', '党员意识', '新党员', '入党'] },
  { theme: '党员管理', weight: 1, cues: ['先锋模范作用'] },
  { theme: '党员管理', weight: 2, cues: ['党员'], headingOnly: true },

  {
    theme: '作风纪律',
    weight: 4,
    cues: [
      '作风纪律', '纪律作风', '党风廉政', '党风廉政建设', '正风肃纪', '作风建设', '纪律建设', '廉政建设', '清廉建设',
      '师德师风', '医德医风', '行风建设',
    ],
  },
  {
    theme: '作风纪律',
    weight: 3,
    cues: [
      '廉政', '廉洁', '清廉', '清廉机关', '四风', '中央八项规定', '八项规定', '形式主义', '官僚主义', '享乐主义',
      '奢靡之风', '警示教育', '以案促改', '以案为鉴', '以案示警', '三个以案', '廉政风险', '廉政风险点', '监督执纪',
      '四种形态', '第一种形态', '诫勉谈话', '廉政谈话', '提醒谈话', '咬耳扯袖', '红脸出汗', '反腐败', '反腐倡廉',
      '腐败', '违纪', '违法违纪', '纪检监察', '两个责任', '监督责任', '风清气正', '拒腐防变', '两准则四条例',
      '党内监督', '作风整治', '转变作风', '不敢腐', '不能腐', '不想腐', '巡察', '巡视', '纪律教育', '纪法教育',
      '政治纪律', '政治规矩', '党纪', '纪律',
    ],
  },
  {
    theme: '作风纪律',
    weight: 2,
    cues: ['作风', '全面从严治党', '从严治党', '一岗双责', '三重一大', '专项整治', '纪委', '日常监督', '回头看'],
  },
  { theme: '作风纪律', weight: 1, cues: ['监督', '问责', '政治生态', '主体责任'] },

  { theme: '意识形态', weight: 5, cues: ['意识形态', '意识形态工作', '意识形态工作责任制', '网络意识形态'] },
  {
    theme: '意识形态',
    weight: 3,
    cues: [
      '舆情', '网络舆情', '舆论引导', '舆论', '宣传思想工作', '宣传思想', '意识形态阵地', '宣传阵地', '网络阵地',
      '舆论阵地', '网评员', '错误思潮', '错误观点', '宗教', '信教', '网络行为', '新闻宣传', '网络安全',
    ],
  },
  { theme: '意识形态', weight: 2, cues: ['保密'] },
  { theme: '意识形态', weight: 1, cues: ['公众号', '网站', '宣传'] },

  { theme: '党建引领', weight: 5, cues: ['党建引领'] },
  { theme: '党建引领', weight: 1, cues: ['高质量发展'] },
  {
    theme: '党建引领',
    weight: 3,
    cues: [
      '党建品牌', '品牌', '一支部一品牌', '党建+', '党建＋', '党建和业务', '党建与业务', '党建工作与业务', '业务融合',
      '深度融合', '融合', '中心工作', '基层治理', '书记项目', '党建联建', '区域化党建', '近邻党建', '结对共建',
      '党员先锋岗', '党员示范岗', '先锋示范岗', '先锋岗', '示范岗', '党员责任区', '党员突击队', '党员先锋队',
      '攻坚队', '我为群众办实事', '办实事', '乡村振兴', '营商环境', '疫情防控', '网格化',
    ],
  },
  {
    theme: '党建引领',
    weight: 2,
    cues: ['引领', '领航', '赋能', '服务发展', '服务群众', '结对帮扶', '帮扶', '扶贫', '为民服务', '亮身份', '四下基层', '双报到'],
  },

  {
    theme: '群团志愿',
    weight: 4,
    cues: ['群团', '群团组织', '群团工作', '工青妇', '党建带群建', '党建带团建', '志愿服务'],
  },
  {
    theme: '群团志愿',
    weight: 3,
    cues: [
      '工会', '共青团', '团支部', '团委', '团组织', '妇联', '妇委会', '女职工', '职工之家', '工青组织', '志愿者',
      '志愿活动', '学雷锋', '新时代文明实践', '文明实践', '精神文明', '文明城市', '文明创建', '送温暖', '献血',
    ],
  },
  { theme: '群团志愿', weight: 2, cues: ['志愿', '文体活动', '青年', '慰问', '双服务', '双报到', '在职党员'] },
];

/**
 * Phrases consumed without scoring, so the generic heading cues inside them do not fire:
 * 党员干部 is "cadres", not member management; 组织开展 is a verb, not organisation building.
 */
export const NEUTRAL_CUES: readonly string[] = [
  '党员干部', '全体党员', '广大党员', '党员群众', '干部职工', '组织开展', '组织召开', '组织党员', '组织全体',
  '组织学习', '思想认识', '思想动态', '统一思想',
];

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
  const index = new Map<string, CueHit[]>();
  for (const row of THEME_CUES) {
    for (const cue of row.cues) {
      const list = index.get(cue) ?? [];
      list.push({ theme: row.theme, weight: row.weight, headingOnly: row.headingOnly ?? false });
      index.set(cue, list);
    }
  }
  for (const cue of NEUTRAL_CUES) if (!index.has(cue)) index.set(cue, []);
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
  for (const cue of CUES_LONGEST_FIRST) {
    const hits = CUE_INDEX.get(cue)!;
    if (!isHeading && hits.length > 0 && hits.every((h) => h.headingOnly)) continue;
    for (let at = str.indexOf(cue); at !== -1; at = str.indexOf(cue, at + 1)) {
      const end = at + cue.length;
      if (taken.subarray(at, end).some((v) => v === 1)) continue;
      if (boundaries && !boundaries.set.has(boundaries.offset + at) && !boundaries.set.has(boundaries.offset + end)) {
        continue;
      }
      taken.fill(1, at, end);
      counts.set(cue, (counts.get(cue) ?? 0) + 1);
    }
  }
  for (const [cue, n] of counts) {
    const times = isHeading ? n : Math.min(n, BODY_CAP);
    for (const hit of CUE_INDEX.get(cue)!) {
      if (hit.headingOnly && !isHeading) continue;
      scores.set(hit.theme, (scores.get(hit.theme) ?? 0) + factor * hit.weight * times);
    }
  }
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

const PROBLEM_RE = new RegExp(
  [
    '存在(?:的)?(?:主要|突出|一些|几个|个别)?(?:困难|问题|不足|短板|差距|薄弱)',
    '(?:问题|困难|不足|短板|差距|弱项)(?:和|与|及|、|以及)(?:不足|困难|问题|短板|差距|原因|弱项|挑战)',
    '不足之处',
    '薄弱环节',
    '^(?:主要|突出|当前)?(?:问题|不足|短板|困难)(?:分析|剖析)?$',
  ].join('|'),
  'u',
);
// 解决存在的问题 / 针对存在的不足 is work done or planned about problems, not a problem section.
const PROBLEM_NOT_RE = /(?:解决|整改|破解|针对|查摆|克服|聚焦|检视)[^，,、]{0,4}(?:存在|问题|不足)/u;

const PLAN_WORD = '(?:打算|计划|思路|设想|安排|重点|要点|任务|目标|举措|措施)';
// Forward-looking at any level: 下一步 / 下阶段 / 努力方向 / 下半年工作安排 / 明年工作打算.
const PLAN_ANY_LEVEL_RE = new RegExp(
  `下一?步|下一?阶段|努力方向|(?:下半年|明年|来年|今后|新的一年)(?:的)?(?:党建|党的建设|主要|重点)?(?:工作)?${PLAN_WORD}`,
  'u',
);
const PLAN_ALWAYS_RE = /下一?步|下一?阶段|努力方向/u;
// Only as a top-level heading (三、2024年工作打算, 三、工作思路): as a sub-heading (（九）2023年党建工作安排,
// （一）制定党建工作计划) it reports on a plan that was made.
const PLAN_TOP_LEVEL_RE = new RegExp(
  `(?:20\\d\\d|二〇.{2})年(?:的)?(?:党建|党的建设|主要|重点)?(?:工作)?${PLAN_WORD}|(?:工作|主要|重点)(?:打算|计划|思路|设想|安排|重点|要点)`,
  'u',
);
// Words of a report on past work: 2023年重点工作完成情况 is not a plan.
const REPORTED_RE = /制定|印发|出台|完善|按照|落实|执行|下发|情况|完成|成效|回顾|开展|成绩|做法/u;

interface RoleHit {
  role: RoleTheme;
  pos: number;
  depth: number;
}

function headingRoles(heading: string, depth: number): RoleHit[] {
  const h = stripNumbering(heading);
  if (h === '' || [...h].length > ROLE_HEADING_MAX) return [];
  const roles: RoleHit[] = [];
  const problem = PROBLEM_RE.exec(h);
  if (problem && !PROBLEM_NOT_RE.test(h)) roles.push({ role: '存在问题', pos: problem.index, depth });
  const reported = REPORTED_RE.test(h);
  let plan = PLAN_ANY_LEVEL_RE.exec(h);
  if (plan && reported && !PLAN_ALWAYS_RE.test(h)) plan = null;
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
  const found = headings.flatMap((h, depth) => headingRoles(h, depth));
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
