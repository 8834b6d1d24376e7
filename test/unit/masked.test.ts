// Masked stock phrases (ingest/masked.ts): recognised where characters of a phrase of the genre
// were replaced by a mask, never where a dot, star or ○ is ordinary text.
import { describe, expect, it } from 'vitest';
import { debrisRules } from '../../ingest/debris-rules.js';
import { maskedSpots } from '../../ingest/masked.js';

const phrases = debrisRules().maskedPhrases;
const spots = (line: string) => maskedSpots([line], phrases).map((s) => s.phrase);

describe('masked phrases', () => {
  it('recognises a phrase with characters replaced by a dot, stars, ×, □ or ○', () => {
    expect(spots('坚持以习新时代中国特色.主义思想为指导')).toEqual(['习近平新时代中国特色社会主义思想']);
    expect(spots('认真落实习.平总书记重要指示')).toEqual(['习近平总书记']);
    expect(spots('深入学习习**新时代中国特色社会主义思想')).toEqual(['习近平新时代中国特色社会主义思想']);
    expect(spots('以××平同志为核心的党中央')).toEqual(['以习近平同志为核心的党中央']);
    // As good a fit for 中国特色社会主义 as for 新时代中国特色社会主义: either names it.
    expect(spots('坚持和发展中国特色社□主义道路')[0]).toContain('中国特色社会主义');
    expect(spots('增强“四个意识”、坚定“四个自信”，践行社会主义核○价值观')).toEqual(['社会主义核心价值观']);
  });

  it('leaves ordinary dots, stars, placeholders and numerals alone', () => {
    for (const line of [
      '投入资金1.5万元，完成率98.6%。',
      '开展学习……取得成效。',
      '___镇**社区（*,***）村党支部',
      '二○二三年十二月',
      '坚持中国特色社会主义.新时代的要求',
      '党员.群众.干部',
      '学习贯彻习近平新时代中国特色社会主义思想。',
    ]) {
      expect(spots(line), line).toEqual([]);
    }
  });

  it('says on which line and shows the masked words with a little context', () => {
    const out = maskedSpots(['XX支部2023年工作总结', '坚持以习新时代中国特色.主义思想为指导'], phrases);
    expect(out).toHaveLength(1);
    expect(out[0]).toMatchObject({ line: 1, phrase: '习近平新时代中国特色社会主义思想' });
    expect(out[0]!.text).toContain('中国特色.主义思想');
  });
});
