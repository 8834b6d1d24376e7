import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { extractMetadata, findYears, inferOrgType, orgNameFromTitle, titleFromFileName } from '../../ingest/metadata.js';
import type { CleanDoc } from '../../ingest/types.js';
import { cleanDocOf, cleanFile } from '../helpers/clean-doc.js';

const SAMPLE_DIR = new URL('../../corpus/sample/', import.meta.url);

/** A sample file through the real clean stage (the advert block of the 2020 file goes there). */
const sampleDoc = (fileName: string): CleanDoc => cleanFile(new URL(fileName, SAMPLE_DIR));

function docOf(text: string): CleanDoc {
  return { lines: text.split('\n').filter((l) => l.length > 0).map((t) => ({ text: t })), removed: [], truncations: [] };
}

describe('extractMetadata on the sample corpus', () => {
  it('XX县供销社…: title line, 2023, 上半年, 党政机关, org from the title', () => {
    const name = 'XX县供销社机关党支部2023年上半年党建工作总结.txt';
    expect(extractMetadata(sampleDoc(name), name)).toEqual({
      title: 'XX县供销社机关党支部2023年上半年党建工作总结',
      titleDerived: false,
      titleLine: 0,
      year: 2023,
      period: '上半年',
      orgName: 'XX县供销社机关党支部',
      orgType: '党政机关',
    });
  });

  it('XX中心…: 2023, 下半年 from the title although the opening says 今年以来, 事业单位', () => {
    const name = 'XX中心2023年下半年党支部工作情况.txt';
    expect(extractMetadata(sampleDoc(name), name)).toEqual({
      title: 'XX中心2023年下半年党支部工作情况',
      titleDerived: false,
      titleLine: 0,
      year: 2023,
      period: '下半年',
      orgName: 'XX中心',
      orgType: '事业单位',
    });
  });

  it('2020年上半年机关党建工作总结 (after the advert block): title 机关 outweighs 企业/公司/社区 in the body', () => {
    const name = '2020年上半年机关党建工作总结.txt';
    const meta = extractMetadata(sampleDoc(name), name);
    expect(meta).toEqual({
      title: '2020年上半年机关党建工作总结',
      titleDerived: false,
      titleLine: 0,
      year: 2020,
      period: '上半年',
      orgName: null,
      orgType: '党政机关',
    });
  });

  it('2023年支部工作总结: a plain year means 全年; org type from the body (模范机关, 机关党组织)', () => {
    const name = '2023年支部工作总结.txt';
    expect(extractMetadata(sampleDoc(name), name)).toEqual({
      title: '2023年支部工作总结',
      titleDerived: false,
      titleLine: 0,
      year: 2023,
      period: '全年',
      orgName: null,
      orgType: '党政机关',
    });
  });

  it('the file without a title line: title derived from the file name (annotation dropped)', () => {
    const name = '党支部2023年上半年工作总结（无标题）.txt';
    const doc = sampleDoc(name);
    expect(doc.lines[0]!.text.startsWith('2023年上半年，在***党总支的正确领导下')).toBe(true);
    expect(extractMetadata(doc, name)).toEqual({
      title: '党支部2023年上半年工作总结',
      titleDerived: true,
      titleLine: -1,
      year: 2023,
      period: '上半年',
      orgName: null, // 党支部 alone names no organisation
      orgType: '党政机关',
    });
  });

  it('the file without a title line under a hash name: title from the first sentence', () => {
    const doc = sampleDoc('党支部2023年上半年工作总结（无标题）.txt');
    const meta = extractMetadata(doc, 'archive/004_94e759ce3e911d6a.txt');
    expect(meta.title).toBe('2023年上半年，在***党总支的正确领导下');
    expect(meta.titleDerived).toBe(true);
    expect(meta.titleLine).toBe(-1);
    expect(meta.year).toBe(2023);
    expect(meta.period).toBe('上半年');
    expect(meta.orgType).toBe('党政机关');
  });
});

describe('title detection', () => {
  it('a heading or a body sentence on line 0 is not a title', () => {
    const heading = extractMetadata(docOf('一、主要工作\n全年召开支委会12次。'), 'x.txt');
    expect(heading.titleDerived).toBe(true);
    expect(heading.title).toBe('全年召开支委会12次');
    const sentence = extractMetadata(docOf('今年以来，支部认真落实“三会一课”制度。\n一、主要工作'), 'x.txt');
    expect(sentence.titleLine).toBe(-1);
    expect(sentence.title).toBe('今年以来，支部认真落实“三会一课”制度');
  });

  it('a salutation is not a title; a titled speech-like line is', () => {
    expect(extractMetadata(docOf('各位领导、同志们：\n现将工作汇报如下。'), 'y.txt').titleLine).toBe(-1);
    expect(extractMetadata(docOf('XX局党组2022年度述职报告\n2022年，局党组……。'), 'y.txt').titleLine).toBe(0);
  });

  it('cleans archive noise off file names and rejects names without CJK', () => {
    expect(titleFromFileName('a/b/XX局2023年党建工作总结（定稿）(1).docx')).toBe('XX局2023年党建工作总结');
    expect(titleFromFileName('012_XX医院党委2021年工作总结 - 副本.txt')).toBe('XX医院党委2021年工作总结');
    expect(titleFromFileName('004_94e759ce3e911d6a.txt')).toBeNull();
    expect(titleFromFileName('20231108.txt')).toBeNull();
  });
});

describe('year', () => {
  it('reads Chinese-numeral years in the title', () => {
    const meta = extractMetadata(docOf('XX小学党支部二〇二二年工作总结\n一年来，支部……。'), 'z.txt');
    expect(meta.year).toBe(2022);
    expect(meta.period).toBe('全年');
    expect(findYears('二○一九年和2021年度')).toEqual([
      { year: 2019, index: 0 },
      { year: 2021, index: 6 },
    ]);
  });

  it('a plan section mentioning next year does not change the year', () => {
    const text = [
      '党支部工作总结',
      '2023年上半年，支部坚持以学促干。',
      '一、主要工作',
      '（一）学习。组织学习6次。',
      '二、2024年工作计划',
      '2024年，支部将继续深化学习。2024年还将开展“一支部一品牌”创建，2024年底前完成。',
    ].join('\n');
    const meta = extractMetadata(docOf(text), 'plan.txt');
    expect(meta.year).toBe(2023);
    expect(meta.period).toBe('上半年');
  });

  it('falls back to the most frequent plausible year, and to null', () => {
    const text = '今年以来，支部认真履行职责。\n一、主要工作\n2021年组织学习12次，2021年发展党员2名，与2019年相比增长一倍，经费2000元。';
    expect(extractMetadata(docOf(text), 'x.txt').year).toBe(2021);
    expect(extractMetadata(docOf('支部工作总结\n今年以来，支部认真履行职责，经费2000元。'), 'x.txt').year).toBeNull();
  });
});

describe('period', () => {
  const periodOf = (title: string, opening = '支部认真履行职责。') =>
    extractMetadata(docOf(`${title}\n${opening}`), 'p.txt').period;

  it('maps quarter wordings', () => {
    expect(periodOf('XX局2023年第二季度党建工作总结')).toBe('第二季度');
    expect(periodOf('XX局2023年一季度党建工作情况')).toBe('第一季度');
    expect(periodOf('XX局2023年4季度党建工作总结')).toBe('第四季度');
    // 前三季度 is January–September: neither 第三季度 nor a full year.
    expect(periodOf('XX局2023年前三季度党建工作总结')).toBe('未知');
    expect(periodOf('XX局2023年三、四季度党建工作情况')).toBe('下半年');
  });

  it('maps 年度 / 全年 / a plain year to 全年 and takes the first period of the title', () => {
    expect(periodOf('XX局2023年度党建工作总结')).toBe('全年');
    expect(periodOf('XX局2023年上半年工作总结及下半年工作计划')).toBe('上半年');
    expect(periodOf('XX局2023年半年工作总结')).toBe('上半年');
  });

  it('uses the opening when the title has no period and no year', () => {
    expect(periodOf('党支部工作总结', '今年以来，按照年度工作计划，现将下半年工作总结如下。')).toBe('下半年');
    expect(periodOf('党支部工作总结', '一年来，支部认真履行职责。')).toBe('全年');
    // Earliest stated period wins: an annual opening that mentions 上半年 later stays 全年.
    expect(periodOf('党支部工作总结', '一年来，支部认真履行职责，上半年完成换届选举。')).toBe('全年');
    expect(periodOf('党支部工作总结', '2023年，支部认真履行职责。')).toBe('全年');
    expect(periodOf('党支部工作总结', '支部认真履行职责。')).toBe('未知');
  });
});

describe('organisation', () => {
  it('names the organisation before the year, period or genre words', () => {
    expect(orgNameFromTitle('XX县人民医院党委党建工作总结')).toBe('XX县人民医院党委');
    expect(orgNameFromTitle('XX局党组关于2023年落实全面从严治党主体责任情况的报告')).toBe('XX局党组');
    expect(orgNameFromTitle('凝心聚力谱新篇——XX公司党委2023年党建工作总结')).toBe('XX公司党委');
    expect(orgNameFromTitle('我局2023年工作总结')).toBeNull();
    expect(orgNameFromTitle('2023年支部工作总结')).toBeNull();
  });

  it('infers the type from weighted title and body cues', () => {
    expect(inferOrgType('XX市第一中学党总支2023年工作总结', '')).toBe('学校');
    expect(inferOrgType('XX镇卫生院2023年党建工作总结', '')).toBe('医院');
    expect(inferOrgType('XX村党支部2023年工作总结', '')).toBe('村社区');
    expect(inferOrgType('XX街道党工委2023年党建工作总结', '')).toBe('乡镇街道');
    expect(inferOrgType('XX集团公司党委2023年党建工作总结', '')).toBe('国有企业');
    expect(inferOrgType('XX县人民法院2023年党建工作总结', '')).toBe('党政机关');
    expect(inferOrgType('XX市非公企业党委2023年工作总结', '')).toBe('其他');
    // 格局 / 开局 are not bureaus; without any cue the type is 其他.
    expect(inferOrgType('构建党建新格局工作总结', '2023年是开局之年，支部认真履行职责。')).toBe('其他');
  });

  it('counts body cues (capped) when the title has none, and ignores 机关事业单位 / 企事业单位 phrases', () => {
    const school = '学校党委组织全体教师开展师德师风学习，学生志愿服务队走进社区，校长带头讲党课。';
    expect(inferOrgType('党支部2023年工作总结', school)).toBe('学校');
    const village = '全村党员参加主题党日，村两委班子带领村民发展产业，村党支部书记带头。';
    expect(inferOrgType('党支部2023年工作总结', village)).toBe('村社区');
    // 营商环境 wording mentions 企业 a lot; the 机关 cues still win.
    const agency = `${'服务企业，帮助企业解决难题。'.repeat(20)}机关党支部组织机关党员开展模范机关创建，县直机关工委督导。`;
    expect(inferOrgType('党支部2023年工作总结', agency)).toBe('党政机关');
    // Neither phrase is a 事业单位 cue, and one bare 机关 is below the minimum score.
    expect(inferOrgType('党支部2023年工作总结', '按照机关事业单位党建工作要求，与企事业单位结对。')).toBe('其他');
  });
});

describe('titles and organisations in other shapes of the genre', () => {
  it('joins a title written in two lines: the organisation alone above the title', () => {
    const doc = cleanDocOf('XX社区党委\n2023年上半年党建工作总结\n上半年，社区党委紧紧围绕中心工作。\n一、主要做法\n（一）党建引领基层治理\n建立网格党支部8个。');
    expect(extractMetadata(doc, 'c.txt')).toEqual({
      title: 'XX社区党委2023年上半年党建工作总结',
      titleDerived: false,
      titleLine: 1,
      year: 2023,
      period: '上半年',
      orgName: 'XX社区党委',
      orgType: '村社区',
    });
  });

  it('finds the organisation after a leading year and without a leading 关于', () => {
    expect(orgNameFromTitle('二〇二三年XX卫生院党支部工作总结')).toBe('XX卫生院党支部');
    expect(orgNameFromTitle('2022年度XX市税务局机关党委党建工作总结')).toBe('XX市税务局机关党委');
    expect(orgNameFromTitle('关于XX银行支行党支部2023年1-6月党建工作的总结')).toBe('XX银行支行党支部');
    const doc = cleanDocOf('二〇二三年XX卫生院党支部工作总结\n一、基本情况\n支部现有党员12名。');
    expect(extractMetadata(doc, 'd.txt')).toMatchObject({ year: 2023, period: '全年', orgType: '医院', orgName: 'XX卫生院党支部' });
  });
});

describe('metadata from self-reference and placeholders (issue 12)', () => {
  const untitled = (body: string) => extractMetadata(cleanDocOf(body), '总结.txt');

  it('我院 counts for the kind of unit the rest of the text speaks like', () => {
    expect(untitled('上半年，我院党委坚持以患者为中心，全院医务人员参加专题培训，门诊服务持续优化。').orgType).toBe('医院');
    expect(untitled('上半年，我院党委坚持立德树人，全院教师开展专题学习，学生参与志愿服务。').orgType).toBe('学校');
    expect(untitled('上半年，我院党组坚持司法为民，全院干警审结案件1200件。').orgType).toBe('党政机关');
  });

  it('我局 / 我委 make an office; 我乡 / 我镇 a township; 我村 a village', () => {
    expect(untitled('今年以来，我局党组认真履行管党治党责任，我局各支部全面完成年度任务。').orgType).toBe('党政机关');
    expect(untitled('今年以来，我委坚持以党建引领业务工作，全年召开党组会议8次。').orgType).toBe('党政机关');
    expect(untitled('今年以来，我乡坚持抓党建促乡村振兴，全乡党员积极参与。').orgType).toBe('乡镇街道');
    expect(untitled('今年以来，我镇党委坚持抓基层打基础，镇党委班子深入一线。').orgType).toBe('乡镇街道');
    expect(untitled('今年以来，我村党支部带领村民发展产业，村两委班子团结协作。').orgType).toBe('村社区');
  });

  it('a 20xx year is unknown, never a year guessed from the body', () => {
    const m = extractMetadata(cleanDocOf('XX镇20xx年党建工作总结\n20xx年，全镇坚持党建引领。2019年以来累计建成党群服务站12个，2019年度获评先进。'), 'a.txt');
    expect(m.year).toBeNull();
    expect(extractMetadata(cleanDocOf('二〇XX年度党建工作总结\n一年来，支部认真履行职责，2021年获评先进。'), 'a.txt').year).toBeNull();
    // A real year in the title still wins.
    expect(extractMetadata(cleanDocOf('XX镇2023年党建工作总结\n20xx年的经验表明…'), 'a.txt').year).toBe(2023);
  });
});
