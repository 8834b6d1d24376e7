import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseLexicon, parseSynonyms, synonymsSetting } from '../../ingest/lexicon/load.js';
import {
  CROSSING_MAX_LEN,
  crossingSubwords,
  cut,
  keywords,
  LEXICON_PATH,
  lexiconTerms,
  loadSynonyms,
  segmentSection,
  SUBWORD_MAX_LEN,
  subwords,
} from '../../ingest/segment.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sample = (name: string) =>
  readFileSync(`${ROOT}corpus/sample/${name}`, 'utf8').replace(/##paid(?:begin|end)##/g, '');

/** Body lines after the line that starts with `heading`, up to the next heading line. */
function sampleBody(name: string, heading: string): string {
  const lines = sample(name).split('\n');
  const at = lines.findIndex((l) => l.startsWith(heading));
  if (at === -1) throw new Error(`${heading} not in ${name}`);
  const body: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (/^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十]+[)）]|\d+[.．])/.test(line)) break;
    if (line.trim() !== '') body.push(line.trim());
  }
  return body.join('\n');
}

const DOMAIN_SENTENCE =
  '严格落实“三会一课”和主题党日，坚决做到两个维护，落实一岗双责和第一议题，开展五基三化提升年行动';

describe('cut', () => {
  it('keeps party-building terms whole with the lexicon', () => {
    const words = cut(DOMAIN_SENTENCE);
    for (const term of ['三会一课', '主题党日', '两个维护', '一岗双责', '第一议题', '五基三化']) {
      expect(words).toContain(term);
    }
    expect(words).toEqual([
      '严格', '落实', '三会一课', '和', '主题党日', '坚决', '做到', '两个维护', '落实', '一岗双责', '和', '第一议题',
      '开展', '五基三化', '提升', '年', '行动',
    ]);
  });

  it('plain nodejieba without the lexicon splits them (fresh process: jieba loads one dictionary per process)', () => {
    const script = 'const j=require("nodejieba");process.stdout.write(JSON.stringify(j.cut(process.argv[1],true)))';
    const plain = JSON.parse(execFileSync(process.execPath, ['-e', script, DOMAIN_SENTENCE], { cwd: ROOT, encoding: 'utf8' })) as string[];
    expect(plain).not.toContain('三会一课');
    expect(plain).not.toContain('两个维护');
    expect(plain).not.toContain('主题党日');
    expect(plain.join('')).toContain('三会一课');
  });

  it('keeps split-prone phrases whole: 不忘初心、牢记使命, long theory names', () => {
    expect(cut('扎实推进不忘初心、牢记使命常态化制度化')).toEqual(expect.arrayContaining(['不忘初心', '牢记使命']));
    expect(cut('学习贯彻习近平新时代中国特色社会主义思想主题教育')).toEqual([
      '学习', '贯彻', '习近平新时代中国特色社会主义思想', '主题教育',
    ]);
    expect(cut('召开支委会议，党小组会议')).toEqual(['召开', '支委会议', '党小组', '会议']);
  });

  it('keeps anonymisation placeholders as tokens', () => {
    expect(cut('在***党总支的正确领导下，**党支部按照要求')).toEqual([
      '在', '***', '党总支', '的', '正确', '领导', '下', '**', '党支部', '按照', '要求',
    ]);
    const words = cut('XX县XX中心主任XXX主持会议，为奋力谱写新时代某某篇章，带队X次');
    expect(words.slice(0, 3)).toEqual(['XX县', 'XX', '中心']);
    expect(words).toContain('XXX');
    expect(words).toContain('某某');
    expect(words).toContain('X次');
    // ×× and full-width Ｘ are placeholders too, and stay as written.
    expect(cut('××县ＸＸ乡')).toEqual(['××县', 'ＸＸ乡']);
  });

  it('keeps a number with its unit and drops punctuation', () => {
    expect(cut('机关支部现有在职党员14名，党费共计1620元，覆盖率达100％，谈话党员30人次。')).toEqual([
      '机关', '支部', '现有', '在职党员', '14名', '党费', '共计', '1620元', '覆盖率', '达', '100％', '谈话', '党员', '30人次',
    ]);
    expect(cut('2023年上半年，截止6月29日')).toEqual(['2023年', '上半年', '截止', '6月', '29日']);
    expect(cut('２０２３年')).toEqual(['２０２３年']);
    expect(cut('3.发挥党建引领作用。')).toEqual(['3', '发挥', '党建引领', '作用']);
  });

  it('returns exact substrings of the text in reading order, and nothing for blank text', () => {
    const text = sample('XX中心2023年下半年党支部工作情况.txt');
    const words = cut(text);
    expect(words.length).toBeGreaterThan(500);
    let pos = 0;
    for (const w of words) {
      const at = text.indexOf(w, pos);
      expect(at, w).toBeGreaterThanOrEqual(pos);
      pos = at + w.length;
    }
    expect(words.some((w) => /^[\p{P}\p{S}\s]+$/u.test(w))).toBe(false);
    expect(cut('  \n，。')).toEqual([]);
  });
});

describe('subwords', () => {
  it('gives every substring of a word, so 支部 finds 党支部书记', () => {
    const subs = subwords(['党支部书记']);
    for (const s of ['支部', '党支部', '书记', '支部书记', '党支部书', '党', '记']) expect(subs).toContain(s);
    expect(subs).not.toContain('党支部书记');
    expect(subs).toHaveLength(5 + 4 + 3 + 2);
  });

  it('keeps mixed words whole and as script runs, numbers and Latin words whole, and skips symbols and single Han characters', () => {
    expect(subwords(['2023年'])).toEqual(['2023年', '2023', '年']);
    expect(subwords(['XX县'])).toEqual(['XX县', 'XX', '县']);
    // 2020 is indexed as a whole number: 202 or 020 are not words.
    expect(subwords(['2023', 'XXX', '***', '党', '5'])).toEqual(['2023', 'XXX', '5']);
  });

  it('caps sub-word length and skips over-long words, and deduplicates', () => {
    const long = subwords(['习近平新时代中国特色社会主义思想']);
    expect(Math.max(...long.map((s) => s.length))).toBe(SUBWORD_MAX_LEN);
    expect(long).toContain('中国特色社会主义');
    expect(subwords(['一二三四五六七八九十一二三四五六七八九十一'])).toEqual([]);
    const twice = subwords(['党支部', '支部', '党支部']);
    expect(twice).toEqual(['党', '支', '部', '党支', '支部']);
  });
});

describe('keywords', () => {
  it('ranks the section topic and drops numbers, placeholders and genre filler', () => {
    const text = sampleBody('XX中心2023年下半年党支部工作情况.txt', '（五）党费收缴制度落实情况');
    const kw = keywords(`（五）党费收缴制度落实情况\n${text}`);
    expect(kw).toHaveLength(8);
    expect(kw.slice(0, 3)).toContain('党费收缴');
    expect(kw).toContain('交纳党费');
    for (const w of kw) {
      expect(w).not.toMatch(/\d|X|某/);
      expect([...w].length).toBeGreaterThanOrEqual(2);
      expect(['工作', '落实', '情况', '开展']).not.toContain(w);
    }
  });

  it('keeps lexicon terms and respects n', () => {
    const text = sampleBody('XX中心2023年下半年党支部工作情况.txt', '（二）意识形态工作开展情况');
    expect(keywords(text, 3)).toEqual(['意识形态领域', '意识形态', '意识形态工作']);
    expect(keywords('', 5)).toEqual([]);
  });
});

describe('segmentSection', () => {
  it('fills segmented, subwords, keywords and themes of a real section', () => {
    const heading = '（三）发展党员工作情况';
    const text = sampleBody('XX中心2023年下半年党支部工作情况.txt', heading);
    expect(text).toBe('2023年XX中心8名入党申请人申请入党，。');
    const seg = segmentSection({
      heading,
      headingPath: ['一、党支部工作开展落实情况', heading],
      level: 2,
      order: 4,
      text,
      start: 100,
      end: 130,
    });
    expect(seg.segmented).toBe('三 发展党员 工作 情况 2023年 XX 中心 8名 入党申请人 申请入党');
    expect(seg.subwords.split(' ')).toEqual(expect.arrayContaining(['党员', '发展', '申请人', '入党', '申请', '2023', '年', '8', '名']));
    expect(seg.keywords).toEqual(expect.arrayContaining(['发展党员', '入党申请人']));
    expect(seg.themes).toEqual(['党员管理']);
    expect(seg.start).toBe(100);
    expect(seg.order).toBe(4);
  });
});

describe('lexicon file', () => {
  it('holds 150–300 terms, each a valid jieba user-dictionary line', () => {
    const terms = lexiconTerms();
    expect(terms.length).toBeGreaterThanOrEqual(150);
    expect(terms.length).toBeLessThanOrEqual(300);
    expect(new Set(terms).size).toBe(terms.length);
    expect(terms).toEqual(expect.arrayContaining(['三会一课', '两个维护', '党风廉政建设', '意识形态工作责任制', '五基三化']));
    // The subword cap must not silently drop a lexicon term.
    expect(terms.every((t) => [...t].length <= 20)).toBe(true);
    expect(LEXICON_PATH).toMatch(/ingest\/lexicon\/dangjian\.dict\.utf8$/);
  });

  it('rejects lines jieba would mis-load', () => {
    expect(parseLexicon('三会一课 500 j\n\n两个维护 500 j\n')).toEqual([
      { word: '三会一课', freq: 500, tag: 'j' },
      { word: '两个维护', freq: 500, tag: 'j' },
    ]);
    expect(() => parseLexicon('# 组织建设\n')).toThrow(/line 1/);
    expect(() => parseLexicon('三会一课 j\n')).toThrow(/line 1/);
    expect(() => parseLexicon('三会一课 500 j\n三会一课 500 j\n')).toThrow(/line 2: duplicate/);
    expect(() => parseLexicon('三会一课 500 j\r\n')).toThrow(/CR/);
    expect(() => parseLexicon('不忘初心、牢记使命 500 l\n')).toThrow(/letters\/digits\/CJK/);
  });
});

describe('synonyms', () => {
  it('loads the file into the Meilisearch synonyms shape', () => {
    const syn = loadSynonyms();
    const groups = parseSynonyms(readFileSync(`${ROOT}ingest/lexicon/synonyms.txt`, 'utf8'));
    expect(groups.length).toBeGreaterThanOrEqual(20);
    expect(groups.length).toBeLessThanOrEqual(50);
    expect(syn['三会一课']).toEqual(['支部党员大会、支委会、党小组会和党课']);
    expect(syn['支部党员大会、支委会、党小组会和党课']).toEqual(['三会一课']);
    expect(syn['党风廉政建设']).toEqual(['廉政建设']);
    expect(syn['主题党日']?.sort()).toEqual(['主题党日活动', '党员活动日', '固定党日'].sort());
    for (const [term, others] of Object.entries(syn)) {
      expect(others.length).toBeGreaterThan(0);
      expect(others).not.toContain(term);
      for (const o of others) expect(syn[o]).toContain(term);
    }
  });

  it('parses comments, merges groups sharing a term, and rejects single-term lines', () => {
    const groups = parseSynonyms('# 注释\n支委会 = 支部委员会  # 行尾注释\n\n支委会 = 支委会议\n');
    expect(groups).toEqual([
      ['支委会', '支部委员会'],
      ['支委会', '支委会议'],
    ]);
    expect(synonymsSetting(groups)).toEqual({
      支委会: ['支部委员会', '支委会议'],
      支部委员会: ['支委会'],
      支委会议: ['支委会'],
    });
    expect(() => parseSynonyms('三会一课\n')).toThrow(/line 1/);
    expect(() => parseSynonyms('三会一课 = \n')).toThrow(/empty term/);
  });
});

describe('crossingSubwords', () => {
  it('joins the ends of two words that stand side by side, up to four characters', () => {
    const text = '强化纪律作风建设';
    const words = cut(text);
    const crossing = crossingSubwords(text, words);
    // Whatever jieba's cut, 作风建设 lies across or inside words and is a token of the section.
    expect([...subwords(words), ...words, ...crossing]).toContain('作风建设');
    expect(crossing.every((p) => [...p].length <= CROSSING_MAX_LEN && text.includes(p))).toBe(true);
  });

  it('does not join words separated by punctuation or space', () => {
    expect(crossingSubwords('建设，工作', ['建设', '工作'])).toEqual([]);
    expect(crossingSubwords('建设 工作', ['建设', '工作'])).toEqual([]);
    expect(crossingSubwords('党员干部', ['党员', '干部'])).toEqual(['员干', '员干部', '党员干', '党员干部']);
  });
});
