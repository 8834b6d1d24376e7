import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { matchMarker, splitHeadingLine } from '../../ingest/headings.js';
import { extractMetadata } from '../../ingest/metadata.js';
import { MAX_SECTION_CHARS, splitSections } from '../../ingest/split.js';
import type { CleanDoc, DocMeta, Section } from '../../ingest/types.js';
import { cleanDocOf, cleanFile } from '../helpers/clean-doc.js';

const SAMPLE_DIR = new URL('../../corpus/sample/', import.meta.url);
const FIXTURE_DIR = new URL('../fixtures/split/', import.meta.url);



function sample(name: string): { doc: CleanDoc; meta: DocMeta; sections: Section[] } {
  const doc = cleanFile(new URL(name, SAMPLE_DIR));
  const meta = extractMetadata(doc, name);
  return { doc, meta, sections: splitSections(doc, meta) };
}

function fixture(name: string): { doc: CleanDoc; meta: DocMeta; sections: Section[] } {
  const raw = readFileSync(new URL(name, FIXTURE_DIR), 'utf8');
  const doc = name.endsWith('.json') ? (JSON.parse(raw) as CleanDoc) : cleanDocOf(raw);
  const meta = extractMetadata(doc, name);
  return { doc, meta, sections: splitSections(doc, meta) };
}

/** A meta for hand-built docs: title on line 0 or none. */
function metaFor(titleLine: number): DocMeta {
  return { title: 't', titleDerived: titleLine < 0, titleLine, year: null, period: '未知', orgName: null, orgType: '其他' };
}

function docOf(...lines: string[]): CleanDoc {
  return { lines: lines.map((text) => ({ text })), removed: [], truncations: [] };
}

/** [order, level, heading] of the records with '' text: parents whose first child follows at once, and empty leaves. */
const emptyRecords = (sections: Section[]) => sections.filter((s) => s.text === '').map((s) => [s.order, s.level, s.heading]);

const cjk = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).join('');

/**
 * Structural invariants: dense order, increasing non-overlapping offsets, each record's heading and
 * text found at its offsets, every line in exactly one record's range (parents included: a parent
 * heading is a record of its own, with '' text when its first child follows at once), and the CJK
 * characters of all records' headings + texts, read in order, are exactly those of the cleaned text,
 * in order, each once. Parts of one long section repeat its heading; only the first part owns it.
 */
function checkInvariants(doc: CleanDoc, sections: Section[]): void {
  const full = doc.lines.map((l) => l.text).join('\n');
  sections.forEach((s, i) => expect(s.order).toBe(i));
  let covered = '';
  for (let i = 0; i < sections.length; i++) {
    const s = sections[i]!;
    expect(s.start).toBeLessThanOrEqual(s.end);
    if (i > 0) expect(sections[i - 1]!.end).toBeLessThanOrEqual(s.start);
    const slice = full.slice(s.start, s.end);
    const prev = sections[i - 1];
    const continued =
      prev !== undefined && prev.level === s.level && prev.heading === s.heading && prev.headingPath.join('\u0000') === s.headingPath.join('\u0000');
    if (s.heading && !continued) expect(slice.startsWith(s.heading)).toBe(true);
    for (const line of s.text.split('\n')) expect(slice).toContain(line);
    expect(s.headingPath.length === 0 ? s.level === 0 : s.headingPath[s.headingPath.length - 1] === s.heading).toBe(true);
    // Every ancestor is a record of its own, earlier in order and at a lower level.
    for (let k = 1; k < s.headingPath.length; k++) {
      const path = s.headingPath.slice(0, k).join('\u0000');
      const ancestor = sections.slice(0, i).find((a) => a.headingPath.join('\u0000') === path);
      expect(ancestor, path).toBeDefined();
      expect(ancestor!.level).toBeLessThan(s.level);
    }
    if (!continued) covered += s.heading;
    covered += s.text;
  }

  let offset = 0;
  for (const line of doc.lines) {
    const holders = sections.filter((s) => s.start <= offset && offset < s.end).length;
    expect(holders, line.text).toBe(1);
    offset += line.text.length + 1;
  }

  // Sequence equality (not set equality): a heading indexed twice, dropped, or out of order fails.
  expect(cjk(covered)).toBe(cjk(full));
}

describe('heading markers', () => {
  it('recognises the marker kinds of the genre', () => {
    const kinds = [
      '第一部分 2023年工作回顾',
      '第二章 主要做法',
      '一、主要工作',
      '十一、其他工作',
      '（一）加强政治建设',
      '(二)加强组织建设',
      '1.加强政治机关建设',
      '2、严肃党内政治生活',
      '3．深化模范机关创建',
      '（1）集中学习',
      '(2)个人自学',
      '1）专题党课',
      '①组织观看警示教育片',
      '1.2023年工作回顾',
    ].map((l) => matchMarker(l)?.kind);
    expect(kinds).toEqual([
      'part', 'chapter', 'cn-dun', 'cn-dun', 'cn-paren', 'cn-paren', 'num-dot', 'num-dot', 'num-dot',
      'num-paren', 'num-paren', 'num-half', 'circled', 'num-dot',
    ]);
  });

  it('rejects body lines that merely start with numbers or enumerations', () => {
    for (const line of [
      '2023年上半年，机关党支部在县直机关党工委的正确领导下',
      '10月9日，XX县XX中心召开推进会。',
      '2023年XX中心8名入党申请人申请入党，。',
      '1.5万元用于党员活动阵地建设。',
      '2.3%的增长',
      '3、4月份开展专题学习。',
      '一是抓党建工作存在能力不够。',
      '一、二季度共开展集中学习6次。',
      '三、四季度“阳光扶贫”结对帮扶走访活动。',
      '一、',
      '（一）',
      '第一，加强学习。',
      '主要工作',
    ]) {
      expect(matchMarker(line), line).toBeNull();
    }
    // 一年来 / 三个 right after a marker are heading words, not enumerations.
    expect(matchMarker('一、一年来工作开展情况')?.kind).toBe('cn-dun');
    expect(matchMarker('二、三个方面存在的问题')?.kind).toBe('cn-dun');
  });

  it('cuts a heading from the body on the same line', () => {
    expect(splitHeadingLine('（一）锚定提升学习意识不放松。把学习宣传贯彻', 3)).toEqual({
      heading: '（一）锚定提升学习意识不放松',
      body: '把学习宣传贯彻',
      bodyStart: 15,
      sentenceLength: 11,
    });
    expect(splitHeadingLine('（一）加强政治建设，坚定政治立场。', 3).heading).toBe('（一）加强政治建设，坚定政治立场');
    expect(splitHeadingLine('（一）加强政治建设，坚定政治立场。', 3).body).toBe('');
    // 。 inside quotes or book-title marks does not end the heading; ！ stays in it.
    const quoted = splitHeadingLine('（三）开展“学思想。强党性”活动！全年开展6次。', 3);
    expect(quoted.heading).toBe('（三）开展“学思想。强党性”活动！');
    expect(quoted.body).toBe('全年开展6次。');
    expect(splitHeadingLine('（三）开展“学思想。强党性”活动', 3)).toMatchObject({ heading: '（三）开展“学思想。强党性”活动', body: '' });
    // An unpaired quote does not hide the terminator.
    expect(splitHeadingLine('（四）落实“三会一课制度。每月召开支委会。', 3)).toMatchObject({
      heading: '（四）落实“三会一课制度',
      body: '每月召开支委会。',
    });
    const colon = splitHeadingLine('(一)党建引领乡村振兴：全镇12个村全部成立合作社。', 3);
    expect([colon.heading, colon.body]).toEqual(['(一)党建引领乡村振兴', '全镇12个村全部成立合作社。']);
  });
});

describe('splitSections on the sample corpus', () => {
  for (const name of readdirSync(SAMPLE_DIR)) {
    it(`keeps every line exactly once: ${name}`, () => {
      const { doc, sections } = sample(name);
      checkInvariants(doc, sections);
    });
  }

  it('XX县供销社…: preamble under the title, each 一、 part as a record of its own, then its (一)… items', () => {
    const { sections } = sample('XX县供销社机关党支部2023年上半年党建工作总结.txt');
    expect(sections).toHaveLength(18);
    expect(sections[0]).toMatchObject({ heading: 'XX县供销社机关党支部2023年上半年党建工作总结', headingPath: [], level: 0, start: 0 });
    expect(sections[0]!.text.startsWith('2023年上半年，机关党支部在县直机关党工委')).toBe(true);
    // The 一、 parts have no text of their own: a child follows each at once.
    expect(sections[1]).toMatchObject({
      heading: '一、筑牢政治思想理论基础，确保航向不偏移',
      headingPath: ['一、筑牢政治思想理论基础，确保航向不偏移'],
      level: 1,
      text: '',
    });
    expect(emptyRecords(sections)).toEqual([
      [1, 1, '一、筑牢政治思想理论基础，确保航向不偏移'],
      [5, 1, '二、强化组织功能，建设全面过硬党组织'],
      [11, 1, '三、落实党建“服务性”，深化精神文明建设'],
      [14, 1, '四、强化党风廉政教育，涵养风清气正政治生态'],
    ]);
    const first = sections[2]!;
    expect(first.heading).toBe('（一）锚定提升学习意识不放松');
    expect(first.headingPath).toEqual(['一、筑牢政治思想理论基础，确保航向不偏移', '（一）锚定提升学习意识不放松']);
    expect(first.level).toBe(2);
    expect(first.text.startsWith('把学习宣传贯彻党的XX大精神')).toBe(true);
    // The paid marker sat right before this heading.
    expect(sections[4]!.heading).toBe('（三）科学制定学习计划');
    // 二、 itself and its five items.
    expect(sections.filter((s) => (s.headingPath[0] ?? '').startsWith('二、')).map((s) => s.order)).toEqual([5, 6, 7, 8, 9, 10]);
    // A one-paragraph item whose first sentence is too long for a heading keeps only its first clause.
    expect(sections[15]!.heading).toBe('（一）通过定期召开党员干部党风廉政建设大会、警示教育大会等进行学习研讨');
    expect(sections[15]!.text.startsWith('传达、学习、贯彻上级关于党风廉政建设工作部署精神')).toBe(true);
    expect(sections[17]!.text.endsWith('增进崇德尚廉的社会文明风尚。')).toBe(true);
  });

  it('2023年支部工作总结: three levels 一、 （一） 1., each parent heading a record', () => {
    const { sections } = sample('2023年支部工作总结.txt');
    expect(sections).toHaveLength(31);
    expect(sections[1]).toMatchObject({ heading: '一、主要工作措施及成效', headingPath: ['一、主要工作措施及成效'], level: 1, text: '' });
    expect(sections[2]).toMatchObject({
      heading: '（一）加强政治建设，坚定政治立场',
      headingPath: ['一、主要工作措施及成效', '（一）加强政治建设，坚定政治立场'],
      level: 2,
      text: '',
    });
    expect(sections[3]).toMatchObject({
      heading: '1.加强政治机关建设',
      headingPath: ['一、主要工作措施及成效', '（一）加强政治建设，坚定政治立场', '1.加强政治机关建设'],
      level: 3,
    });
    expect(sections[3]!.text.startsWith('牢固树立政治机关意识')).toBe(true);
    expect(emptyRecords(sections)).toEqual([
      [1, 1, '一、主要工作措施及成效'],
      [2, 2, '（一）加强政治建设，坚定政治立场'],
      [6, 2, '（二）加强理论武装，筑牢思想根基'],
      [10, 2, '（三）加强党建基础，建强战斗堡垒'],
      [15, 2, '（四）加强督导检查，持续正风肃纪'],
      [19, 2, '（五）加强责任落实，凝聚工作合力'],
      [22, 1, '二、存在的困难问题'],
    ]);
    expect(sections[23]).toMatchObject({
      heading: '（一）党建品牌引领作用发挥不够强',
      headingPath: ['二、存在的困难问题', '（一）党建品牌引领作用发挥不够强'],
      level: 2,
    });
    // 三、 has its own text before its first child: that text is its record's text.
    expect(sections[26]).toMatchObject({
      heading: '三、下一步工作计划',
      headingPath: ['三、下一步工作计划'],
      level: 1,
      text: '下一步，我们将按照上级工作部署和年度工作计划，重点在四个个方面持续下功夫。',
    });
    expect(sections[30]!.heading).toBe('（四）在作风建设上持续下功夫');
    expect(sections.filter((s) => s.level === 3)).toHaveLength(15);
  });

  it('2020年…: 一是…二是… stay in their section text', () => {
    const { sections } = sample('2020年上半年机关党建工作总结.txt');
    expect(sections).toHaveLength(12);
    expect(sections.map((s) => s.heading)).toEqual([
      '2020年上半年机关党建工作总结',
      '一、主要工作',
      '（一）进一步加强党的政治建设',
      '（二）积极投身疫情防控工作',
      '（三）集中整治形式主义、官僚主义',
      '（四）扎实推进不忘初心、牢记使命常态化制度化',
      '（五）认真落实意识形态工作责任制',
      '（六）加强干部队伍建设',
      '（七）继续夯实基层党建基础',
      '（八）深化正风肃纪和党风廉政建设',
      '二、存在的问题',
      '三、下半年工作安排',
    ]);
    expect(sections[1]).toMatchObject({ headingPath: ['一、主要工作'], level: 1, text: '' });
    expect(sections[2]!.headingPath).toEqual(['一、主要工作', '（一）进一步加强党的政治建设']);
    expect(emptyRecords(sections)).toEqual([[1, 1, '一、主要工作']]);
    expect(sections[6]!.text.startsWith('一是完善规章制度。')).toBe(true);
    expect(sections[10]).toMatchObject({ level: 1, headingPath: ['二、存在的问题'] });
    expect(sections[10]!.text).toMatch(/^一是抓党建工作.*二是各支部.*三是“党建引领、服务农村”/);
    expect(sections[11]!.text.split('\n')).toHaveLength(5);
    expect(sections[11]!.text.split('\n').map((l) => l.slice(0, 2))).toEqual(['一是', '二是', '三是', '四是', '五是']);
  });

  it('XX中心…: （九）2023年党建工作安排 is a heading; a line opening with 2023年 is body', () => {
    const { sections } = sample('XX中心2023年下半年党支部工作情况.txt');
    expect(sections).toHaveLength(21);
    expect(emptyRecords(sections)).toEqual([
      [1, 1, '一、党支部工作开展落实情况'],
      [13, 1, '二、存在的问题'],
    ]);
    expect(sections[1]).toMatchObject({ headingPath: ['一、党支部工作开展落实情况'], level: 1 });
    expect(sections[10]).toMatchObject({
      heading: '（九）2023年党建工作安排',
      headingPath: ['一、党支部工作开展落实情况', '（九）2023年党建工作安排'],
      text: '已制定2023年XX县XX中心党建工作要点。按工作要点安排党建工作。',
    });
    expect(sections[4]).toMatchObject({ heading: '（三）发展党员工作情况', text: '2023年XX中心8名入党申请人申请入党，。' });
    expect(sections[2]!.heading).toBe('（一）召开学习贯彻习近平新时代中国特色社会主义思想主题教育工作推进会');
    expect(sections[2]!.text.split('\n')).toHaveLength(5);
    expect(sections[13]).toMatchObject({ headingPath: ['二、存在的问题'], level: 1 });
    expect(sections[14]!.headingPath).toEqual(['二、存在的问题', '（一）党建工作方法上缺乏创新']);
    expect(sections[17]).toMatchObject({ heading: '三、下步工作打算', headingPath: ['三、下步工作打算'], level: 1 });
    expect(sections[17]!.text.startsWith('下一年，我中心支部')).toBe(true);
  });

  it('the file without a title: preamble with an empty heading', () => {
    const { sections } = sample('党支部2023年上半年工作总结（无标题）.txt');
    expect(sections).toHaveLength(12);
    expect(sections[0]).toMatchObject({ heading: '', headingPath: [], level: 0, start: 0 });
    expect(sections[0]!.text.startsWith('2023年上半年，在***党总支的正确领导下')).toBe(true);
    expect(emptyRecords(sections)).toEqual([
      [1, 1, '一、上半年工作主要情况'],
      [7, 1, '三、下一步工作思路和主要措施'],
    ]);
    expect(sections[6]).toMatchObject({ heading: '二、存在的主要问题及原因', headingPath: ['二、存在的主要问题及原因'], level: 1 });
    expect(sections[6]!.text.split('\n')).toHaveLength(3);
    expect(sections[8]!.headingPath).toEqual(['三、下一步工作思路和主要措施', '（一）持续抓好学习，不断加强思想政治建设']);
  });
});

describe('splitSections on fixtures', () => {
  const headingsOf = (sections: Section[]) => sections.map((s) => [s.level, s.heading]);

  it('第一部分 above 一、 above （一）; a parent without own text is a record with empty text', () => {
    const { doc, sections } = fixture('parts.txt');
    checkInvariants(doc, sections);
    expect(headingsOf(sections)).toEqual([
      [0, 'XX市教育局党组2022年度全面从严治党工作总结'],
      [1, '第一部分 2022年工作开展情况'],
      [2, '一、强化政治建设'],
      [3, '（一）坚持理论学习'],
      [3, '（二）落实意识形态责任制'],
      [2, '二、夯实组织基础'],
      [1, '第二部分 存在的问题和2023年工作打算'],
      [2, '一、存在的问题'],
      [2, '二、2023年工作打算'],
      [3, '（一）深化理论武装'],
      [3, '（二）加强队伍建设'],
    ]);
    expect(sections[1]).toMatchObject({ headingPath: ['第一部分 2022年工作开展情况'], text: '' });
    expect(sections[2]).toMatchObject({ headingPath: ['第一部分 2022年工作开展情况', '一、强化政治建设'], text: '' });
    expect(sections[3]!.headingPath).toEqual(['第一部分 2022年工作开展情况', '一、强化政治建设', '（一）坚持理论学习']);
    expect(sections[3]!.text).toBe('全年召开党组理论学习中心组学习会12次。');
    expect(sections[8]).toMatchObject({ headingPath: ['第二部分 存在的问题和2023年工作打算', '二、2023年工作打算'], text: '' });
    // A leaf heading with no text is still a record: the heading is content.
    expect(sections[10]).toMatchObject({ text: '', headingPath: ['第二部分 存在的问题和2023年工作打算', '二、2023年工作打算', '（二）加强队伍建设'] });
  });

  it('five levels down to （1） and ①; 1.5万元 and 2.3% lines are body', () => {
    const { doc, sections } = fixture('paren-circled.txt');
    checkInvariants(doc, sections);
    expect(headingsOf(sections)).toEqual([
      [0, 'XX县人民医院党委2023年第一季度党建工作情况汇报'],
      [1, '一、主要工作'],
      [2, '（一）抓学习'],
      [3, '1.集中学习'],
      [4, '（1）党委理论学习中心组学习3次'],
      [4, '（2）支部集中学习'],
      [5, '①组织观看警示教育片'],
      [5, '②开展专题研讨'],
      [3, '2.个人自学'],
      [2, '（二）抓服务'],
      [1, '二、下一季度打算'],
    ]);
    expect(sections.slice(1, 8).map((s) => s.text)).toEqual(['', '', '', '', '', '', '']);
    expect(sections[5]!.headingPath).toEqual(['一、主要工作', '（一）抓学习', '1.集中学习', '（2）支部集中学习']);
    expect(sections[6]!.headingPath).toEqual(['一、主要工作', '（一）抓学习', '1.集中学习', '（2）支部集中学习', '①组织观看警示教育片']);
    expect(sections[8]).toMatchObject({ headingPath: ['一、主要工作', '（一）抓学习', '2.个人自学'], text: '党员通过学习强国平台自学，人均积分超过8000分。' });
    expect(sections[10]!.text).toBe('1.5万元党建经费用于党员活动阵地建设。\n2.3%的党员尚未完成学时，下季度督促补齐。');
  });

  it('a document using only （一） and 1. gets （一）=1 and 1.=2', () => {
    const { doc, sections } = fixture('cn-paren-only.txt');
    checkInvariants(doc, sections);
    expect(headingsOf(sections)).toEqual([
      [0, 'XX集团公司党委2021年上半年党建工作总结'],
      [1, '（一）强化政治引领'],
      [2, '1.深入开展党史学习教育'],
      [2, '2.落实“第一议题”制度'],
      [1, '（二）推动党建与生产经营融合'],
      [2, '1、开展“党员先锋岗”创建'],
      [1, '（三）存在问题和下步打算'],
    ]);
    expect(emptyRecords(sections)).toEqual([
      [1, 1, '（一）强化政治引领'],
      [3, 2, '2.落实“第一议题”制度'],
      [4, 1, '（二）推动党建与生产经营融合'],
    ]);
    expect(sections[2]).toMatchObject({ headingPath: ['（一）强化政治引领', '1.深入开展党史学习教育'], text: '公司党委制定学习方案，组织专题学习8次。' });
    expect(sections[5]!.text).toBe('评选先锋岗12个，带动班组攻坚项目5项。');
    expect(sections[6]!.text).toBe('一是党建与业务融合不够紧密。二是基层支部书记培训不足。\n下半年，公司党委将持续推进“一支部一品牌”创建。');
  });

  it('ASCII-parenthesised (一) headings, body after ：, and an 一、二季度 body line', () => {
    const { doc, sections } = fixture('ascii-paren.txt');
    checkInvariants(doc, sections);
    expect(headingsOf(sections)).toEqual([
      [0, 'XX镇党委2023年工作总结'],
      [1, '一、主要工作'],
      [2, '(一)党建引领乡村振兴'],
      [2, '(二)基层组织建设'],
      [2, '(三) 作风建设'],
      [1, '二、存在问题'],
    ]);
    expect(sections[1]).toMatchObject({ headingPath: ['一、主要工作'], text: '' });
    expect(sections[2]!.text).toBe('全镇12个村全部成立合作社，村集体经济收入均超过10万元。');
    expect(sections[4]!.text).toBe('开展作风建设专项整治，查摆问题15个。\n一、二季度共开展集中学习6次。');
    expect(sections[5]!.text).toBe('部分村党组织书记带富能力不强。');
  });

  it('docx heading styles rank before marker kinds', () => {
    const { doc, sections } = fixture('docx-like.json');
    checkInvariants(doc, sections);
    expect(headingsOf(sections)).toEqual([
      [0, 'XX大学机关党委2023年党建工作要点落实情况报告'],
      [1, '强化政治引领'],
      [2, '（一）深化理论学习'],
      [3, '1.读书班'],
      [2, '（二）推进主题教育'],
      [1, '夯实组织基础'],
    ]);
    expect(sections[1]).toMatchObject({ headingPath: ['强化政治引领'], text: '' });
    expect(sections[2]).toMatchObject({ headingPath: ['强化政治引领', '（一）深化理论学习'], text: '全年开展中心组学习10次。' });
    expect(sections[3]).toMatchObject({ headingPath: ['强化政治引领', '（一）深化理论学习', '1.读书班'], text: '举办读书班2期。' });
    expect(sections[5]).toMatchObject({ headingPath: ['夯实组织基础'], text: '教职工党支部书记“双带头人”比例达100%。' });
  });
});

describe('splitSections edge cases', () => {
  it('numbered lines that are long paragraphs in most places are body, not headings', () => {
    const long = '认真落实党风廉政建设责任制，层层签订责任书，把党风廉政建设纳入年度目标考核内容并定期开展督查检查通报，切实把管党治党政治责任扛在肩上';
    expect(long.length).toBeGreaterThan(50);
    const doc = docOf('一、主要工作', `1、${long}。`, `2、${long}，确保落实到位。`, '3、开展学习', '二、存在问题', '学习不够深入。');
    const sections = splitSections(doc, metaFor(-1));
    expect(sections.map((s) => s.heading)).toEqual(['一、主要工作', '二、存在问题']);
    expect(sections[0]!.text.split('\n')).toHaveLength(3);
    checkInvariants(doc, sections);
  });

  it('a document without headings is one preamble record; an empty document has none', () => {
    const doc = docOf('XX支部2023年工作总结', '全年召开支委会12次。', '发展党员2名。');
    const sections = splitSections(doc, metaFor(0));
    expect(sections).toEqual([
      { heading: 'XX支部2023年工作总结', headingPath: [], level: 0, order: 0, text: '全年召开支委会12次。\n发展党员2名。', start: 0, end: 33 },
    ]);
    expect(splitSections(docOf(), metaFor(-1))).toEqual([]);
  });

  it('a title directly followed by a heading still gets its preamble record', () => {
    const doc = docOf('XX支部2023年工作总结', '一、主要工作', '全年召开支委会12次。');
    const sections = splitSections(doc, metaFor(0));
    expect(sections.map((s) => [s.heading, s.text, s.start, s.end])).toEqual([
      ['XX支部2023年工作总结', '', 0, 13],
      ['一、主要工作', '全年召开支委会12次。', 14, 32],
    ]);
  });

  it('a parent whose child follows at once is a record spanning just its heading line', () => {
    const doc = docOf('XX支部2023年工作总结', '一、主要工作', '（一）政治建设', '全年召开支委会12次。', '二、存在问题。', '学习不够深入。');
    const sections = splitSections(doc, metaFor(0));
    checkInvariants(doc, sections);
    expect(sections.map((s) => [s.order, s.level, s.heading, s.headingPath, s.text, s.start, s.end])).toEqual([
      [0, 0, 'XX支部2023年工作总结', [], '', 0, 13],
      [1, 1, '一、主要工作', ['一、主要工作'], '', 14, 20],
      [2, 2, '（一）政治建设', ['一、主要工作', '（一）政治建设'], '全年召开支委会12次。', 21, 40],
      [3, 1, '二、存在问题', ['二、存在问题'], '学习不够深入。', 41, 56],
    ]);
  });

  it(`splits sections longer than ${MAX_SECTION_CHARS} chars at line boundaries, long lines at 。 or hard`, () => {
    const para = (n: number) => `${'党'.repeat(n - 1)}。`;
    const lines = ['XX局2023年工作总结', '一、主要工作'];
    for (let i = 0; i < 30; i++) lines.push(para(1000)); // 30 lines of 1000 chars
    lines.push(para(100).repeat(450)); // one 45,000-char line with 。 every 100 chars
    lines.push('建'.repeat(25_000)); // one 25,000-char line without 。
    lines.push('二、存在问题', '学习不够深入。');
    const doc = docOf(...lines);
    const sections = splitSections(doc, metaFor(0));
    checkInvariants(doc, sections);
    const parts = sections.filter((s) => s.heading === '一、主要工作');
    for (const p of parts) {
      expect(p.text.length).toBeLessThanOrEqual(MAX_SECTION_CHARS);
      expect(p).toMatchObject({ headingPath: ['一、主要工作'], level: 1 });
    }
    // 19 lines fit in the first part (19×1000 + 18 newlines), 11 in the second; the 45,000-char line
    // is cut after the last 。 before the limit (20,000 + 20,000 + 5,000), the 25,000-char one hard at 20,000.
    expect(parts.map((p) => p.text.length)).toEqual([19_018, 11_010, 20_000, 20_000, 5_000, 20_000, 5_000]);
    expect(parts[0]!.start).toBe(doc.lines[0]!.text.length + 1); // the heading line
    expect(parts[1]!.start).toBe(parts[0]!.end + 1); // the next text line
    expect(parts[5]!.text).toBe('建'.repeat(20_000));
    expect(parts[6]).toMatchObject({ text: '建'.repeat(5_000), start: parts[5]!.end, heading: '一、主要工作' });
    expect(sections[sections.length - 1]!.heading).toBe('二、存在问题');
    expect(sections.map((s) => s.order)).toEqual(sections.map((_, i) => i));
  });
});
