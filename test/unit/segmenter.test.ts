// cut(): jieba with the party-building lexicon, placeholders and numbers kept whole.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEXICON_PATH } from '../../src/core/text/lexicon.js';
import { cut } from '../../src/core/text/segmenter.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const sample = (name: string) =>
  readFileSync(`${ROOT}corpus/sample/${name}`, 'utf8').replace(/##paid(?:begin|end)##/g, '');

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
