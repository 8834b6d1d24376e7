// Stray characters (ingest/stray-chars.ts): found by Unicode properties, so emoji the module never
// saw are caught; the text of a summary (CJK, punctuation, ©®™, ○●★ bullets) never is.
import { describe, expect, it } from 'vitest';
import { strayCharSpans } from '../../ingest/stray-chars.js';

const cut = (text: string) => {
  let out = text;
  for (const s of [...strayCharSpans(text)].reverse()) out = out.slice(0, s.start) + out.slice(s.end);
  return out;
};

describe('stray characters', () => {
  it('removes pictographs of every Unicode version with their sequences, and joins the text', () => {
    const cases: Array<[string, string]> = [
      ['为统领👻，推动', '为统领，推动'],
      ['党员🧑🏿‍💻学习', '党员学习'], // skin tone + ZWJ
      ['国旗🏴󠁧󠁢󠁳󠁣󠁴󠁿飘扬', '国旗飘扬'], // tag sequence
      ['完成✔️任务', '完成任务'],
      ['新🫠表情', '新表情'],
      ['热线\u2066110\u2069服务', '热线110服务'],
      ['文\uE001字\u{F0001}', '文字'],
    ];
    for (const [input, expected] of cases) expect(cut(input), input).toBe(expected);
  });

  it('keeps the text of a summary untouched', () => {
    const text = '一、主要工作★○●◆■□△→①（一）“党建+”《条例》©2023 XX® 品牌™ ≥95% 12345 ABC';
    expect(strayCharSpans(text)).toEqual([]);
  });

  it('names each run: 表情符号, 不可见字符 or 私用区字符, invisible ones by code point', () => {
    expect(strayCharSpans('a\u200bb😀c\ue000').map((s) => [s.rule, s.shown])).toEqual([
      ['不可见字符', 'U+200B'],
      ['表情符号', '😀'],
      ['私用区字符', 'U+E000'],
    ]);
  });
});
