// Metadata stage: title, year, period, organisation name and type of one cleaned summary. Pure.
import type { OrgType, Period } from '../src/core/vocabulary.js';
import type { CleanDoc, DocMeta } from './types.js';
import { isMarkedHeading } from './headings.js';

// ---------------------------------------------------------------------------------------------
// Title
// ---------------------------------------------------------------------------------------------

/** Words that say what a document is; a title (or a file name used as one) normally has one. */
const GENRE_WORD = /总结|情况|汇报|报告|工作|述职|要点|计划|打算|回顾|综述|材料|党建|做法|经验|成效|亮点/;
const TITLE_MAX = 60;
const DERIVED_TITLE_MAX = 30;

/** The first line is the title when it is short, is not a sentence, not a heading and names the genre. */
export function looksLikeTitle(line: string): boolean {
  const t = line.trim();
  if (t.length < 4 || t.length > TITLE_MAX) return false;
  if (/[。；;？?]/.test(t)) return false; // a sentence, not a title
  if (/[:：]$/.test(t)) return false; // 各位领导： (salutation)
  if (/^[\d\s年月日.\-/]+$/.test(t)) return false; // a date line
  if (isMarkedHeading(t)) return false; // 一、… is a heading
  if (/^[\d０-９]{4}年[^，,]{0,12}[，,]/.test(t)) return false; // 2023年上半年，… opens a body sentence
  return GENRE_WORD.test(t);
}

// Annotations that archives and download sites add to file names: （无标题）, (1), _副本, 004_ …
const FILE_NAME_NOISE: RegExp[] = [
  /\s*[（(【[]\s*(?:无标题|定稿|终稿|初稿|草稿|修改稿|修订稿|送审稿|征求意见稿|最终版|最新版?|正式版|打印版|副本|改|[\dA-Za-z]{1,3})\s*[）)】\]]\s*$/u,
  /\s*[-_—\s]+(?:副本|copy|定稿|终稿|最终版)$/iu,
  /\s*[-_]\d{1,3}$/u,
];

/** File name (no folders, no extension, no archive noise) when it can serve as a title, else null. */
export function titleFromFileName(fileName: string): string | null {
  let stem = fileName.split(/[\\/]/).pop() ?? '';
  stem = stem.replace(/\.(?:txt|docx?|wps|rtf|md)$/i, '').trim();
  stem = stem.replace(/^\d{1,4}[\s._\-、]+/u, ''); // 004_… list numbering
  for (let changed = true; changed; ) {
    const before = stem;
    for (const re of FILE_NAME_NOISE) stem = stem.replace(re, '');
    changed = stem !== before;
  }
  stem = stem.trim();
  // A hash or number-only name (004_94e759ce3e911d6a) says nothing: need a few CJK characters.
  const cjk = stem.match(/\p{Script=Han}/gu)?.length ?? 0;
  return cjk >= 2 ? stem : null;
}

/** First sentence of the opening, cut at a clause boundary to ≤ 30 chars. */
function titleFromFirstSentence(text: string): string {
  const sentence = (text.split(/[。！？；]/)[0] ?? '').trim();
  if (sentence.length <= DERIVED_TITLE_MAX) return sentence;
  // Keep whole clauses while they fit; a lone time phrase (2023年上半年) is not enough of a title.
  const clauses = sentence.split(/(?<=[，,：:])/);
  let out = '';
  for (const clause of clauses) {
    if ((out + clause).length > DERIVED_TITLE_MAX) break;
    out += clause;
  }
  out = out.replace(/[，,：:]$/, '');
  return out.length >= 8 ? out : sentence.slice(0, DERIVED_TITLE_MAX);
}

// ---------------------------------------------------------------------------------------------
// Year
// ---------------------------------------------------------------------------------------------

const YEAR_MIN = 1990;
const YEAR_MAX = 2100;
const CN_DIGITS: Record<string, number> = {
  '〇': 0, '○': 0, '零': 0, 'Ｏ': 0, 'O': 0, '一': 1, '二': 2, '三': 3, '四': 4, '五': 5, '六': 6, '七': 7, '八': 8, '九': 9,
};

interface YearHit {
  year: number;
  index: number;
}

/**
 * Plausible years in a text: 2023年, 2023年度, ２０２３年, 二〇二三年. With `bare`, a four-digit year
 * without 年 also counts (titles: 党建工作总结2023); in body text 2000元 must not look like a year.
 */
export function findYears(text: string, bare = false): YearHit[] {
  const hits: YearHit[] = [];
  const arabic = bare ? /(?<![\d０-９])([12１２][\d０-９]{3})(?![\d０-９])/g : /(?<![\d０-９])([12１２][\d０-９]{3})\s*年/g;
  for (const m of text.matchAll(arabic)) {
    const year = Number(m[1]!.replace(/[０-９]/g, (d) => String(d.charCodeAt(0) - 0xff10)));
    if (year >= YEAR_MIN && year <= YEAR_MAX) hits.push({ year, index: m.index });
  }
  for (const m of text.matchAll(/([一二][〇○零ＯO一二三四五六七八九]{3})年/g)) {
    const year = Number([...m[1]!].map((c) => CN_DIGITS[c]).join(''));
    if (year >= YEAR_MIN && year <= YEAR_MAX) hits.push({ year, index: m.index });
  }
  return hits.sort((a, b) => a.index - b.index);
}

/** A year a template left open: 20xx年, 20XX年度, 20**年, 20__年, 二〇XX年, 202X年. */
export const PLACEHOLDER_YEAR = /(?<![\d０-９])(?:(?:19|20|２０)[xX×＊*_＿]{2}|20[0-9][xX]|二[〇○零][xX×＊*]{2})\s*年/u;

/** Chars of the text start used for the most-frequent-year fallback. */
const YEAR_FALLBACK_SPAN = 2000;

function mostFrequentYear(text: string): number | null {
  const counts = new Map<number, number>();
  for (const { year } of findYears(text.slice(0, YEAR_FALLBACK_SPAN))) counts.set(year, (counts.get(year) ?? 0) + 1);
  let best: number | null = null;
  let bestCount = 0;
  // Map keeps first-seen order, so a tie goes to the year mentioned first.
  for (const [year, count] of counts) {
    if (count > bestCount) [best, bestCount] = [year, count];
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// Period
// ---------------------------------------------------------------------------------------------

const QUARTER: Record<string, Period> = {
  '一': '第一季度', '1': '第一季度', '１': '第一季度',
  '二': '第二季度', '2': '第二季度', '２': '第二季度',
  '三': '第三季度', '3': '第三季度', '３': '第三季度',
  '四': '第四季度', '4': '第四季度', '４': '第四季度',
};

/**
 * Period words; the earliest match in the text wins (so 上半年工作总结及下半年工作计划 is 上半年).
 * 前三季度 (January–September) is not one of the periods: it maps to 未知 rather than to 第三季度
 * (wrong) or 全年 (not yet a full year).
 */
const SPECIFIC_PERIOD_RULES: ReadonlyArray<[RegExp, Period]> = [
  [/前三季度|1\s*[-—~至到]\s*9\s*月|一至九月/, '未知'],
  [/前两个?季度|[一1][、和及至到\-—]?[二2]季度|1\s*[-—~至到]\s*6\s*月|一至六月|上半年|(?<![下前后近多一两每过去])半年/, '上半年'],
  [/[三3][、和及至到\-—]?[四4]季度|7\s*[-—~至到]\s*12\s*月|七至十二月|下半年/, '下半年'],
  [/第?([一二三四1-4１-４])季度/, '第一季度'], // the quarter is resolved through QUARTER
];
const TITLE_PERIOD_RULES: ReadonlyArray<[RegExp, Period]> = [
  ...SPECIFIC_PERIOD_RULES,
  [/年度|全年|一年来|年终|1\s*[-—~至到]\s*12\s*月|一至十二月/, '全年'],
];
/** In the opening paragraph 年度计划 / 全年目标 are incidental; only phrases that state the period count. */
const OPENING_PERIOD_RULES: ReadonlyArray<[RegExp, Period]> = [
  ...SPECIFIC_PERIOD_RULES,
  [/一年来|过去(?:的)?一年|(?:全年|年度)(?:党建)?工作(?:总结|情况)/, '全年'],
];

function findPeriod(text: string, rules: ReadonlyArray<[RegExp, Period]>): Period | null {
  let best: { index: number; period: Period } | null = null;
  for (const [re, period] of rules) {
    const m = re.exec(text);
    if (!m) continue;
    const resolved = period === '第一季度' ? (QUARTER[m[1]!] ?? '未知') : period;
    if (!best || m.index < best.index) best = { index: m.index, period: resolved };
  }
  return best?.period ?? null;
}

// ---------------------------------------------------------------------------------------------
// Organisation
// ---------------------------------------------------------------------------------------------

const ORG_SUFFIX =
  /(?:党支部|党总支|党委|党组|党工委|工委|支部|总支|委员会|机关|局|厅|部|委|办|院|校|大学|中学|小学|中心|公司|集团|社|所|站|馆|台|队|处|科|会|行|场|厂|矿|镇|乡|街道|村|社区|政府|园)$/;
const ORG_GENERIC = /^(?:党支部|支部|党总支|总支|党委|党组|机关|机关党委|机关党支部|机关党总支|党组织|基层党组织|单位|公司|学校|医院|中心|部门)$/;

/** A line that is nothing but an organisation's name (XX社区党委, XX县人民医院党委). */
function isOrgNameLine(line: string): boolean {
  const t = line.trim();
  return t.length >= 3 && t.length <= 30 && ORG_SUFFIX.test(t) && !ORG_GENERIC.test(t) && !/[，,。；;：:\d]/.test(t) && !GENRE_WORD.test(t);
}

/** The organisation named before the year / period / genre words of the title (or right after a leading year), if any. */
export function orgNameFromTitle(title: string): string | null {
  // 坚持党建引领 推动高质量发展——XX局2023年党建工作总结: the part after the dash names the document.
  const segments = title.split(/——|—|－{1,2}|-{2}/).filter((s) => s.trim().length > 0);
  const named = [...segments].reverse().find((s) => GENRE_WORD.test(s)) ?? title;
  const years = findYears(named, true);
  let prefix: string;
  if (years.length > 0) {
    prefix = named.slice(0, years[0]!.index);
  } else {
    const stop = /关于|上半年|下半年|全年|年度|第?[一二三四1-4]季度|党建工作|工作|总结|情况|汇报|报告|述职/.exec(named);
    prefix = stop ? named.slice(0, stop.index) : '';
  }
  if (years.length > 0 && prefix.replace(/^关于/, '').trim().length < 2) {
    // 二〇二三年XX卫生院党支部工作总结: the organisation stands after the year.
    const after = named.slice(years[0]!.index).replace(/^(?:[\d０-９]{4}|[一二][〇○零一二三四五六七八九]{3})年度?/, '');
    const stop = /上半年|下半年|全年|第?[一二三四1-4]季度|党建工作|工作|总结|情况|汇报|报告|述职/.exec(after);
    prefix = stop ? after.slice(0, stop.index) : '';
  }
  prefix = prefix.replace(/^关于/, '').replace(/关于$/, '').replace(/[\s《“"'、，,：:（(]+$/u, '').trim();
  if (prefix.length < 2 || prefix.length > 40) return null;
  if (/^[我本该]/.test(prefix) || ORG_GENERIC.test(prefix) || !ORG_SUFFIX.test(prefix)) return null;
  return prefix;
}

/**
 * Organisation-type cues. Title cues weigh TITLE_FACTOR times more than one body occurrence; body
 * occurrences are counted up to BODY_CAP per rule so one frequent word (企业 in a 营商环境 passage)
 * cannot outvote the rest. Highest total wins; ties go to the earlier type of ORG_TYPES; a total
 * below MIN_SCORE means 其他.
 */
interface OrgRule {
  type: OrgType;
  re: RegExp;
  weight: number;
  where: 'title' | 'body' | 'both';
}

const TITLE_FACTOR = 10;
const BODY_CAP = 5;
const MIN_SCORE = 2;
/** 格局, 大局, 开局, 布局 … are not bureaus. */
const JU = '(?<![格大布当结开变破骗赌饭残])局(?![面势限])';

export const ORG_RULES: readonly OrgRule[] = [
  // 党政机关
  { type: '党政机关', re: /机关党(?:支部|总支|委|建|工委|组织)|机关工委|[县市区省州]直(?:属)?机关/g, weight: 3, where: 'both' },
  { type: '党政机关', re: /机关/g, weight: 1, where: 'both' },
  { type: '党政机关', re: new RegExp(`${JU}(?:党组|党委|机关|党支部|党总支|领导|班子)`, 'g'), weight: 2, where: 'body' },
  { type: '党政机关', re: new RegExp(`${JU}|法院|检察院|人民政府|政府办|人大|政协|纪委|监委|组织部|宣传部|统战部|政法委|发改委|卫健委|委办|派出所|司法所|政务服务中心`, 'g'), weight: 3, where: 'title' },
  { type: '党政机关', re: /法院|检察院|公安|税务局|海关|党组(?:成员|书记|会议)?/g, weight: 1, where: 'body' },
  // A unit that calls itself 我局 / 我委 (本局, 我办) is an office of the party or the government.
  { type: '党政机关', re: /[我本](?:局|委|办|厅)(?![员会])/g, weight: 3, where: 'body' },
  // 事业单位
  { type: '事业单位', re: /中心(?!组|工作|任务|环节|大局|城区)|研究院|研究所|设计院|科学院|规划院|图书馆|博物馆|文化馆|档案馆|纪念馆|美术馆|科技馆|电视台|广播电视|出版社|报社|(?:农技|林业|水利|畜牧|兽医|气象|水文|监测|农机|文化|综合|农业)站|(?:研究|设计|勘察|检验|检测|测绘)所/g, weight: 3, where: 'title' },
  { type: '事业单位', re: /(?<![机关企])事业单位/g, weight: 3, where: 'both' },
  { type: '事业单位', re: /(?:本|我)中心|中心(?:党支部|党总支|党委|主任|领导班子)|研究院|研究所/g, weight: 2, where: 'body' },
  // 国有企业
  { type: '国有企业', re: /公司|集团|国企|国有企业|企业|银行|分行|支行|供电|电网|烟草|石油|石化|电信|移动|联通|邮政/g, weight: 5, where: 'title' },
  { type: '国有企业', re: /(?:公司|集团|企业)党(?:委|总支|支部)|国有企业|国企|集团公司|(?:本|我)公司|生产经营|有限(?:责任)?公司/g, weight: 3, where: 'body' },
  { type: '国有企业', re: /公司|集团|企业(?!家)/g, weight: 1, where: 'body' },
  // 学校
  { type: '学校', re: /中学|小学|大学|学院|学校|幼儿园|职业技术|职中|高中|初中|中心校|完小|附中/g, weight: 5, where: 'title' },
  { type: '学校', re: /学校|校党委|校长|教师|师生|学生|教职工|班主任|(?<!干部网络|党|行政)学院党委/g, weight: 2, where: 'body' },
  // 医院
  { type: '医院', re: /医院|卫生院|卫生服务中心|保健院|诊所/g, weight: 5, where: 'title' },
  { type: '医院', re: /医院|卫生院|患者|医护|医务人员|诊疗|门诊|病区|病房/g, weight: 2, where: 'body' },
  // 乡镇街道
  { type: '乡镇街道', re: /[乡镇](?:党委|人民政府|政府)?$|[乡镇](?=\d|党委|政府|机关|20|关于)|街道|乡镇/g, weight: 4, where: 'title' },
  { type: '乡镇街道', re: /镇党委|乡党委|街道党工委|街道办事处|全镇|全乡|全街道|我镇|我乡|本镇|本乡|我街道|镇村两级|乡镇党委/g, weight: 2, where: 'body' },
  // 村社区
  { type: '村社区', re: /村(?:党支部|党总支|党委|委会|两委|“两委”)|社区(?:党委|党支部|党总支|居委会)?(?=\d|20|党|关于|$)|村(?=\d|20|关于|$)|党群服务中心/g, weight: 5, where: 'title' },
  { type: '村社区', re: /村党(?:支部|总支|组织)|村两委|村“两委”|社区党(?:委|支部|总支)|全村|我村|本村|我社区|本社区|村民|居民小组|网格员/g, weight: 2, where: 'body' },
  // 其他: non-public companies and social organisations say so explicitly.
  { type: '其他', re: /非公|民营|私营|两新|社会组织|协会|商会|律师事务所/g, weight: 6, where: 'title' },
  { type: '其他', re: /非公(?:企业|经济)|民营企业|社会组织|两新组织|行业协会|商会/g, weight: 2, where: 'body' },
];

/**
 * 我院 / 本院 / 全院 is said by a hospital, a college, a court or procuratorate and a research
 * institute alike: it counts for whichever of them the rest of the text speaks like.
 */
const YUAN_SELF = /[我本全]院/g;
const YUAN_CONTEXT: ReadonlyArray<[OrgType, RegExp]> = [
  ['医院', /患者|医护|医务|医疗|诊疗|门诊|病区|病房|护理|临床|科室|就医|卫生/g],
  ['学校', /学生|教师|师生|教学|教职工|学院|院系|专业|课程|育人|辅导员|班主任/g],
  ['党政机关', /法院|检察院|审判|检察|执行|案件|法官|检察官|诉讼/g],
  ['事业单位', /研究院|科研|课题|研究所|设计院|规划院|科学院/g],
];

function yuanSelfReference(body: string): { type: OrgType; count: number } | null {
  const count = body.match(YUAN_SELF)?.length ?? 0;
  if (count === 0) return null;
  let best: { type: OrgType; cues: number } | null = null;
  for (const [type, re] of YUAN_CONTEXT) {
    const cues = body.match(re)?.length ?? 0;
    if (cues > 0 && (!best || cues > best.cues)) best = { type, cues };
  }
  return best ? { type: best.type, count } : null;
}

export function inferOrgType(title: string, body: string, rules: readonly OrgRule[] = ORG_RULES): OrgType {
  const scores = new Map<OrgType, number>();
  for (const rule of rules) {
    let score = 0;
    if (rule.where !== 'body' && title.search(rule.re) >= 0) score += rule.weight * TITLE_FACTOR;
    if (rule.where !== 'title') score += rule.weight * Math.min(BODY_CAP, body.match(rule.re)?.length ?? 0);
    scores.set(rule.type, (scores.get(rule.type) ?? 0) + score);
  }
  const yuan = yuanSelfReference(body);
  if (yuan) scores.set(yuan.type, (scores.get(yuan.type) ?? 0) + 3 * Math.min(BODY_CAP, yuan.count));
  let best: OrgType = '其他';
  let bestScore = MIN_SCORE - 1;
  // Iterating in table order (党政机关 first) makes ties go to the earlier type.
  for (const [type, score] of scores) {
    if (score > bestScore) [best, bestScore] = [type, score];
  }
  return best;
}

// ---------------------------------------------------------------------------------------------
// The stage
// ---------------------------------------------------------------------------------------------

/**
 * Title: line 0 when it looks like a title. Otherwise a derived title, in this order of preference:
 * (1) the file name when it names the genre (党支部2023年上半年工作总结（无标题）.txt → 党支部2023年上半年
 * 工作总结): it says what the document is; (2) the first sentence, cut to ≤ 30 chars; (3) any file name
 * with CJK; (4) the bare file name.
 * Year: first year in the title, else in the opening sentence, else the most frequent year in the
 * first 2,000 chars, else null. Period: a period word of the title, else one stated in the opening
 * paragraph (今年以来…现将下半年工作…), else 全年 when the title or the opening sentence has a plain
 * year (2023年支部工作总结, 2023年是…), else 未知.
 */
export function extractMetadata(doc: CleanDoc, fileName: string): DocMeta {
  const lines = doc.lines.map((l) => l.text.trim());
  // A title in two lines: the organisation alone on the first (XX社区党委), the title under it.
  const orgLine = isOrgNameLine(lines[0] ?? '') && looksLikeTitle(lines[1] ?? '');
  const titleLine = orgLine ? 1 : looksLikeTitle(lines[0] ?? '') ? 0 : -1;
  const hasTitle = titleLine >= 0;
  const first = orgLine ? `${lines[0]}${lines[1]}` : (lines[0] ?? '');

  // The opening: first body line after the title that is neither a heading nor a salutation (各位领导：).
  const opening =
    lines.find((l, i) => i !== titleLine && l.length > 0 && !isMarkedHeading(l) && !/^.{0,20}[:：]$/.test(l)) ?? '';
  const openingSentence = opening.split(/[。！？；]/)[0] ?? '';

  let title: string;
  if (hasTitle) {
    title = first;
  } else {
    const fromName = titleFromFileName(fileName);
    if (fromName && GENRE_WORD.test(fromName)) title = fromName;
    else if (opening) title = titleFromFirstSentence(opening);
    else title = fromName ?? fileName.split(/[\\/]/).pop()?.replace(/\.[^.]+$/, '') ?? '';
  }

  const body = lines.filter((_, i) => i > titleLine || (i < titleLine && !orgLine)).join('\n');

  const titleYears = findYears(title, true);
  const openingYears = findYears(openingSentence);
  // 20xx年 / 二〇XX年: a template's placeholder says the year is unknown; a year elsewhere in the
  // body (2019年以来) would be a wrong guess.
  const placeholder = PLACEHOLDER_YEAR.test(title) || PLACEHOLDER_YEAR.test(openingSentence);
  const year = titleYears[0]?.year ?? (placeholder ? null : (openingYears[0]?.year ?? mostFrequentYear(body)));

  let period: Period | null = findPeriod(title, TITLE_PERIOD_RULES) ?? findPeriod(opening, OPENING_PERIOD_RULES);
  if (!period) {
    // A plain year with no period word: an annual summary (2023年支部工作总结 / 2023年是…之年).
    const plainYearOpening = /^(?:[\d０-９]{4}|[一二][〇○零一二三四五六七八九]{3})年(?:[，,是以里中]|来)/.test(openingSentence);
    period = titleYears.length > 0 || plainYearOpening ? '全年' : '未知';
  }

  return {
    title,
    titleDerived: !hasTitle,
    titleLine,
    year,
    period,
    orgName: orgNameFromTitle(title),
    orgType: inferOrgType(title, body),
  };
}
