import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classifyThemes, sectionRoles, stripNumbering } from '../../ingest/themes.js';
import type { Section } from '../../ingest/types.js';
import { cut } from '../../src/core/text/segmenter.js';
import { THEMES, type Theme } from '../../src/core/vocabulary.js';

type Input = Pick<Section, 'heading' | 'headingPath' | 'text'>;

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HEADING_LINE = /^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．])/;

const A = '2020年上半年机关党建工作总结.txt';
const B = '2023年支部工作总结.txt';
const C = 'XX中心2023年下半年党支部工作情况.txt';
const D = 'XX县供销社机关党支部2023年上半年党建工作总结.txt';
const E = '党支部2023年上半年工作总结（无标题）.txt';

/**
 * A section of a sample file, found by its heading path (each heading is the start of its line; a body
 * on the heading line after 。 belongs to the section). The split stage does this for real; here it is
 * only a way to feed real text to the classifier.
 */
function sampleSection(file: string, path: string[]): Input {
  const lines = readFileSync(`${ROOT}corpus/sample/${file}`, 'utf8')
    .replace(/##paid(?:begin|end)##/g, '')
    .split('\n')
    .map((l) => l.trim());
  let at = -1;
  for (const h of path) {
    at = lines.findIndex((l, i) => i > at && l.startsWith(h));
    if (at === -1) throw new Error(`${h} not found in ${file}`);
  }
  const heading = path[path.length - 1]!;
  const body = [lines[at]!.slice(heading.length).replace(/^[。：:]/, '')];
  for (const line of lines.slice(at + 1)) {
    if (HEADING_LINE.test(line)) break;
    body.push(line);
  }
  return { heading, headingPath: path, text: body.filter((l) => l !== '').join('\n') };
}

/** Classify the way segmentSection does, with the jieba words of heading + '\n' + text. */
function themesOf(s: Input): Theme[] {
  return classifyThemes(s, cut(s.heading === '' ? s.text : `${s.heading}\n${s.text}`));
}

interface Case {
  file: string;
  path: string[];
  /** Exact themes, when the section is clear-cut. */
  exact?: Theme[];
  /** The first themes, in order, when further secondary themes are a matter of degree. */
  first?: Theme[];
  includes?: Theme[];
  excludes?: Theme[];
}

// Judgements on real sections of the five samples.
const SAMPLE_CASES: Case[] = [
  { file: A, path: ['一、主要工作', '（一）进一步加强党的政治建设'], first: ['政治建设'] },
  // Party-building summaries report epidemic work as the party leading the central task.
  { file: A, path: ['一、主要工作', '（二）积极投身疫情防控工作'], first: ['党建引领'] },
  { file: A, path: ['一、主要工作', '（三）集中整治形式主义、官僚主义'], exact: ['作风纪律'] },
  { file: A, path: ['一、主要工作', '（四）扎实推进不忘初心、牢记使命常态化制度化'], exact: ['思想建设'] },
  { file: A, path: ['一、主要工作', '（五）认真落实意识形态工作责任制'], exact: ['意识形态'] },
  { file: A, path: ['一、主要工作', '（六）加强干部队伍建设'], exact: ['组织建设'] },
  { file: A, path: ['一、主要工作', '（八）深化正风肃纪和党风廉政建设'], exact: ['作风纪律'] },
  { file: A, path: ['二、存在的问题'], first: ['存在问题', '党建引领'] },
  { file: A, path: ['三、下半年工作安排'], first: ['工作计划'] },
  // A container heading with no body of its own says nothing about a topic.
  { file: A, path: ['一、主要工作'], exact: ['其他'] },

  { file: B, path: ['一、主要工作措施及成效', '（一）加强政治建设，坚定政治立场', '1.加强政治机关建设'], exact: ['政治建设'] },
  { file: B, path: ['一、主要工作措施及成效', '（一）加强政治建设，坚定政治立场', '2.严肃党内政治生活'], first: ['政治建设'] },
  {
    file: B,
    path: ['一、主要工作措施及成效', '（二）加强理论武装，筑牢思想根基', '3.做细做实思想政治工作'],
    exact: ['思想建设', '意识形态'],
  },
  { file: B, path: ['一、主要工作措施及成效', '（三）加强党建基础，建强战斗堡垒', '2.强化党员教育监管'], first: ['党员管理'] },
  { file: B, path: ['一、主要工作措施及成效', '（三）加强党建基础，建强战斗堡垒', '3.发挥党建引领作用'], exact: ['党建引领'] },
  { file: B, path: ['一、主要工作措施及成效', '（三）加强党建基础，建强战斗堡垒', '4.持续加强党建带群建'], exact: ['群团志愿'] },
  { file: B, path: ['一、主要工作措施及成效', '（四）加强督导检查，持续正风肃纪', '2.推进清廉机关建设'], exact: ['作风纪律'] },
  { file: B, path: ['二、存在的困难问题', '（一）党建品牌引领作用发挥不够强'], exact: ['存在问题', '党建引领'] },
  { file: B, path: ['二、存在的困难问题', '（二）落实党内政治生活制度不够严'], first: ['存在问题', '政治建设'] },
  { file: B, path: ['二、存在的困难问题', '（三）党建和业务工作融合的不够深'], exact: ['存在问题', '党建引领'] },
  { file: B, path: ['三、下一步工作计划', '（一）在政治建设上持续下功夫'], first: ['工作计划', '政治建设'] },
  { file: B, path: ['三、下一步工作计划', '（四）在作风建设上持续下功夫'], exact: ['工作计划', '作风纪律'] },

  { file: C, path: ['一、党支部工作开展落实情况', '（一）召开学习贯彻习近平新时代中国特色社会主义思想主题教育工作推进会'], exact: ['思想建设'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（二）意识形态工作开展情况'], exact: ['意识形态'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（三）发展党员工作情况'], exact: ['党员管理'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（四）三会一课制度落实情况'], exact: ['组织建设'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（五）党费收缴制度落实情况'], exact: ['党员管理'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（六）党务公开制度落实情况'], exact: ['组织建设'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（七）“双报告、双服务、双报到”志愿服务活动开展情况'], first: ['群团志愿'] },
  // A report that this year's plan was made (a sub-heading naming the report's own year), not a plan section.
  { file: C, path: ['一、党支部工作开展落实情况', '（九）2023年党建工作安排'], excludes: ['工作计划'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（十）党统系统使用情况'], exact: ['党员管理'] },
  { file: C, path: ['一、党支部工作开展落实情况', '（十一）党组织换届选举情况'], exact: ['组织建设'] },
  { file: C, path: ['二、存在的问题', '（一）党建工作方法上缺乏创新'], exact: ['存在问题', '党建引领'] },
  { file: C, path: ['二、存在的问题', '（三）党员作用发挥有待加强'], exact: ['存在问题', '党员管理'] },
  { file: C, path: ['三、下步工作打算', '（一）强化党的政治建设'], exact: ['工作计划', '政治建设'] },
  { file: C, path: ['三、下步工作打算', '（二）强化纪律作风建设'], exact: ['工作计划', '作风纪律'] },
  { file: C, path: ['三、下步工作打算', '（三）强化支部自身建设'], first: ['工作计划', '组织建设'] },

  { file: D, path: ['一、筑牢政治思想理论基础，确保航向不偏移', '（一）锚定提升学习意识不放松'], first: ['思想建设'] },
  { file: D, path: ['一、筑牢政治思想理论基础，确保航向不偏移', '（二）活化创新理论武装方式'], exact: ['思想建设'] },
  // 学习计划 is study, and a plan that was drawn up is past work: neither is a 工作计划 section.
  { file: D, path: ['一、筑牢政治思想理论基础，确保航向不偏移', '（三）科学制定学习计划'], exact: ['思想建设'] },
  { file: D, path: ['二、强化组织功能，建设全面过硬党组织', '（一）制定党建工作计划'], first: ['组织建设'], excludes: ['工作计划'] },
  { file: D, path: ['二、强化组织功能，建设全面过硬党组织', '（二）提升党员教育服务管理'], exact: ['党员管理'] },
  {
    file: D,
    path: ['二、强化组织功能，建设全面过硬党组织', '（三）严肃党内政治生活'],
    first: ['政治建设'],
    includes: ['组织建设'],
  },
  { file: D, path: ['二、强化组织功能，建设全面过硬党组织', '（五）主题党日开展情况'], exact: ['组织建设'] },
  { file: D, path: ['三、落实党建“服务性”，深化精神文明建设', '（一）坚持党建引领基层治理'], exact: ['党建引领'] },
  { file: D, path: ['四、强化党风廉政教育，涵养风清气正政治生态'], exact: ['作风纪律'] },

  { file: E, path: ['一、上半年工作主要情况', '（一）牢牢把握“信仰红”，突出抓好政治建设'], first: ['政治建设'] },
  { file: E, path: ['一、上半年工作主要情况', '（二）强基固本“筑堡垒”，突出抓好组织建设'], exact: ['组织建设'] },
  { file: E, path: ['一、上半年工作主要情况', '（三）党建领航“高赋能”，突出抓好品牌建设'], exact: ['党建引领'] },
  { file: E, path: ['一、上半年工作主要情况', '（四）全面保障“风气清”，突出抓好廉政防线'], exact: ['作风纪律'] },
  { file: E, path: ['二、存在的主要问题及原因'], first: ['存在问题'] },
  { file: E, path: ['三、下一步工作思路和主要措施', '（一）持续抓好学习，不断加强思想政治建设'], exact: ['工作计划', '思想建设'] },
  { file: E, path: ['三、下一步工作思路和主要措施', '（二）持续抓好党支部日常基础工作'], first: ['工作计划', '组织建设'] },
  { file: E, path: ['三、下一步工作思路和主要措施', '（三）充分发挥党建引领保障作用'], exact: ['工作计划', '党建引领'] },
  { file: E, path: ['三、下一步工作思路和主要措施', '（四）持续抓好党风廉政建设'], first: ['工作计划', '作风纪律'] },
];

function check(themes: Theme[], c: Omit<Case, 'file' | 'path'>): void {
  if (c.exact) expect(themes).toEqual(c.exact);
  if (c.first) expect(themes.slice(0, c.first.length)).toEqual(c.first);
  for (const t of c.includes ?? []) expect(themes).toContain(t);
  for (const t of c.excludes ?? []) expect(themes).not.toContain(t);
}

function checkShape(themes: Theme[]): void {
  expect(themes.length).toBeGreaterThanOrEqual(1);
  expect(themes.length).toBeLessThanOrEqual(3);
  expect(new Set(themes).size).toBe(themes.length);
  for (const t of themes) expect(THEMES).toContain(t);
  if (themes.includes('其他')) expect(themes).toEqual(['其他']);
  // Role themes come first.
  const roleIdx = themes.map((t, i) => (t === '存在问题' || t === '工作计划' ? i : -1)).filter((i) => i >= 0);
  roleIdx.forEach((i, k) => expect(i).toBe(k));
}

describe('classifyThemes on the sample corpus', () => {
  it.each(SAMPLE_CASES.map((c) => [`${c.file.slice(0, 8)} ${c.path.join(' > ')}`, c] as const))('%s', (_, c) => {
    const themes = themesOf(sampleSection(c.file, c.path));
    checkShape(themes);
    check(themes, c);
  });
});

describe('classifyThemes on headings of other organisations', () => {
  const cases: [string, Input, Omit<Case, 'file' | 'path'>][] = [
    [
      'school: 党组织领导的校长负责制',
      {
        heading: '（一）落实党组织领导的校长负责制',
        headingPath: ['一、坚持和加强党的全面领导', '（一）落实党组织领导的校长负责制'],
        text: '修订完善党组织会议和校长办公会议议事规则，学校改革发展稳定重大事项由党组织会议研究决定。',
      },
      { exact: ['政治建设'] },
    ],
    [
      'school: 师德师风',
      {
        heading: '（三）加强师德师风建设',
        headingPath: ['一、主要工作', '（三）加强师德师风建设'],
        text: '开展师德师风专题教育，全体教师签订师德承诺书，对违反师德行为实行一票否决。',
      },
      { exact: ['作风纪律'] },
    ],
    [
      'hospital: 医德医风 and 作风整治',
      {
        heading: '（二）深化医德医风建设，开展行业作风专项整治',
        headingPath: ['一、2023年工作开展情况', '（二）深化医德医风建设，开展行业作风专项整治'],
        text: '聚焦群众反映强烈的收受红包回扣问题，组织全院职工签订廉洁行医承诺书，开展警示教育2次。',
      },
      { exact: ['作风纪律'] },
    ],
    [
      'hospital: plan under a 2024 heading',
      {
        heading: '（一）推动党委领导下的院长负责制落地见效',
        headingPath: ['三、2024年工作打算', '（一）推动党委领导下的院长负责制落地见效'],
        text: '完善党委会议、院长办公会议议事规则，把党的领导贯穿医院管理全过程。',
      },
      { exact: ['工作计划', '政治建设'] },
    ],
    [
      'company: 党建与业务深度融合',
      {
        heading: '（一）坚持党建引领生产经营，推动党建与业务深度融合',
        headingPath: ['一、主要工作', '（一）坚持党建引领生产经营，推动党建与业务深度融合'],
        text: '围绕安全生产和提质增效设立党员先锋岗12个，组建党员突击队攻坚重点项目。',
      },
      { exact: ['党建引领'] },
    ],
    [
      'company: 工会 and 共青团',
      {
        heading: '（四）发挥工会和共青团作用，建好职工之家',
        headingPath: ['一、主要工作', '（四）发挥工会和共青团作用，建好职工之家'],
        text: '开展职工篮球赛、青年读书会等文体活动，走访慰问困难职工15人。',
      },
      { exact: ['群团志愿'] },
    ],
    [
      'company: 问题与不足',
      {
        heading: '二、问题与不足',
        headingPath: ['二、问题与不足'],
        text: '一是党建与生产经营融合不够紧密。二是部分党员发挥先锋模范作用不够。',
      },
      { first: ['存在问题', '党建引领'] },
    ],
    [
      'community: 网格化 and 基层治理',
      {
        heading: '（二）推进网格化管理，提升基层治理效能',
        headingPath: ['一、工作开展情况', '（二）推进网格化管理，提升基层治理效能'],
        text: '划分网格18个，配备专兼职网格员36名，在职党员到社区报到认领岗位。',
      },
      { first: ['党建引领'] },
    ],
    [
      'ideology: 网络舆情',
      {
        heading: '（五）加强网络舆情管控',
        headingPath: ['一、主要工作', '（五）加强网络舆情管控'],
        text: '建立舆情监测和处置机制，规范单位网站和微信公众号信息发布审核。',
      },
      { exact: ['意识形态'] },
    ],
    [
      'nothing of the genre: 其他',
      {
        heading: '（六）其他工作',
        headingPath: ['一、主要工作', '（六）其他工作'],
        text: '按时完成上级交办的各项临时性任务。',
      },
      { exact: ['其他'] },
    ],
    [
      'solving problems is work, not a problem section',
      {
        heading: '（三）着力解决存在的问题',
        headingPath: ['一、主要工作', '（三）着力解决存在的问题'],
        text: '针对巡察反馈问题，逐条制定整改措施，已完成整改12项。',
      },
      { excludes: ['存在问题', '工作计划'] },
    ],
    [
      'a top-level report on this year is not a plan',
      {
        heading: '一、2023年重点工作完成情况',
        headingPath: ['一、2023年重点工作完成情况'],
        text: '全年召开党员大会4次，发展党员2名。',
      },
      { excludes: ['工作计划'] },
    ],
    [
      'combined heading: problems first, then plan',
      {
        heading: '三、存在问题及下步打算',
        headingPath: ['三、存在问题及下步打算'],
        text: '党建与业务融合还不够深，下一步将持续打造党建品牌。',
      },
      { exact: ['存在问题', '工作计划', '党建引领'] },
    ],
    [
      'the deepest role heading comes first',
      {
        heading: '（二）下一步打算',
        headingPath: ['二、存在问题和下步打算', '（二）下一步打算'],
        text: '严格落实三会一课和主题党日制度。',
      },
      { exact: ['工作计划', '存在问题', '组织建设'] },
    ],
  ];
  it.each(cases)('%s', (_, s, c) => {
    const themes = themesOf(s);
    checkShape(themes);
    check(themes, c);
  });
});

describe('classifyThemes rules', () => {
  it('weighs the heading far above the body', () => {
    const text = '组织党员集中学习3次，开展主题党日活动2次，落实三会一课制度。';
    expect(themesOf({ heading: '（一）突出抓好政治建设', headingPath: ['（一）突出抓好政治建设'], text })[0]).toBe('政治建设');
    expect(themesOf({ heading: '（一）主要做法', headingPath: ['（一）主要做法'], text })[0]).toBe('组织建设');
  });

  it('counts a cue only on word boundaries when words are given', () => {
    const s: Input = { heading: '', headingPath: [], text: '加强工作风险防控' };
    // 作风 straddles 工作|风险: plain substring matching is fooled, word-aware matching is not.
    expect(classifyThemes(s)).toEqual(['作风纪律']);
    expect(classifyThemes(s, cut(s.text))).toEqual(['其他']);
  });

  it('keeps secondary themes only with a clear margin', () => {
    const text = '严格落实意识形态工作责任制，专题研究意识形态工作，开展意识形态专题学习，规范网络行为。召开支委会1次。';
    expect(themesOf({ heading: '（二）意识形态工作', headingPath: ['（二）意识形态工作'], text })).toEqual(['意识形态']);
  });

  it('reads roles from the whole heading path, deepest first', () => {
    expect(sectionRoles({ heading: '（一）党建品牌不响', headingPath: ['二、存在的不足', '（一）党建品牌不响'] })).toEqual([
      '存在问题',
    ]);
    expect(sectionRoles({ heading: '三、下半年工作安排', headingPath: ['三、下半年工作安排'] })).toEqual(['工作计划']);
    expect(sectionRoles({ heading: '四、努力方向', headingPath: ['四、努力方向'] })).toEqual(['工作计划']);
    expect(sectionRoles({ heading: '三、工作思路', headingPath: ['三、工作思路'] })).toEqual(['工作计划']);
    expect(sectionRoles({ heading: '二、短板和不足', headingPath: ['二、短板和不足'] })).toEqual(['存在问题']);
    // Only a top-level 工作思路/20XX年工作安排 is a plan section.
    expect(sectionRoles({ heading: '（二）工作思路', headingPath: ['一、主要工作', '（二）工作思路'] })).toEqual([]);
    expect(sectionRoles({ heading: '（一）坚持问题导向', headingPath: ['一、主要工作', '（一）坚持问题导向'] })).toEqual([]);
    // A report on how last period's plan went is not a plan.
    expect(
      sectionRoles({ heading: '（三）下半年工作计划完成情况', headingPath: ['一、全年工作', '（三）下半年工作计划完成情况'] }),
    ).toEqual([]);
  });

  it('treats the preamble heading as the document title: context, not a topic or a role', () => {
    const preamble: Input = {
      heading: 'XX党支部2023年上半年党建工作总结',
      headingPath: [],
      text: '上半年，党支部坚持以习近平新时代中国特色社会主义思想为指导，严格落实意识形态工作责任制。',
    };
    expect(themesOf(preamble)).toEqual(['意识形态']);
    expect(sectionRoles({ heading: '2024年党建工作计划', headingPath: [] })).toEqual([]);
  });

  it('strips heading numbering of every level', () => {
    expect(stripNumbering('（十一）党组织换届选举情况')).toBe('党组织换届选举情况');
    expect(stripNumbering('三、下步工作打算')).toBe('下步工作打算');
    expect(stripNumbering('2.严肃党内政治生活。')).toBe('严肃党内政治生活');
    expect(stripNumbering('第二部分 存在的问题')).toBe('存在的问题');
    expect(stripNumbering('(3)强化纪律')).toBe('强化纪律');
  });
});
