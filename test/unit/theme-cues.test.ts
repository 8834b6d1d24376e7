// The staff-edited theme cue table: the shipped file is complete and valid, and mistakes in an
// edited file are reported with where they are.
import { describe, expect, it } from 'vitest';
import { loadThemeCues, parseThemeCues, TOPIC_THEMES } from '../../ingest/theme-cues.js';
import { THEMES } from '../../src/core/vocabulary.js';

describe('theme cue table', () => {
  it('has rows for the eight topic themes with weights 1–5 and cues of two characters or more', () => {
    const { rows, neutral } = loadThemeCues();
    const topics = new Set(rows.map((r) => r.theme));
    expect([...topics].sort()).toEqual(THEMES.filter((t) => !['存在问题', '工作计划', '其他'].includes(t)).sort());
    expect(TOPIC_THEMES).toHaveLength(8);
    for (const row of rows) {
      expect(row.weight).toBeGreaterThanOrEqual(1);
      expect(row.weight).toBeLessThanOrEqual(5);
      for (const cue of row.cues) expect([...cue].length).toBeGreaterThanOrEqual(2);
    }
    expect(neutral).toContain('党员干部');
    expect(rows.some((r) => r.headingOnly && r.cues.includes('党员'))).toBe(true);
  });

  it('reads rows in file order with their heading-only flag', () => {
    const t = parseThemeCues(`topics:
  意识形态:
    - weight: 5
      cues: [意识形态]
    - weight: 1
      heading-only: true
      cues: [宣传, 网站]
neutral: [组织开展]
`);
    expect(t.rows).toEqual([
      { theme: '意识形态', weight: 5, cues: ['意识形态'] },
      { theme: '意识形态', weight: 1, cues: ['宣传', '网站'], headingOnly: true },
    ]);
    expect(t.neutral).toEqual(['组织开展']);
  });

  it('rejects an unknown theme, a role theme, a bad weight, an empty cue list and a misspelt key, naming the place', () => {
    const bad = (yaml: string) => () => parseThemeCues(yaml, 'x.yaml');
    expect(bad('topics:\n  党风建设:\n    - { weight: 3, cues: [作风] }\n')).toThrow(/x\.yaml: topics\.党风建设.*主题只能是/);
    expect(bad('topics:\n  存在问题:\n    - { weight: 3, cues: [短板] }\n')).toThrow(/主题只能是/);
    expect(bad('topics:\n  意识形态:\n    - { weight: 9, cues: [舆情] }\n')).toThrow(/x\.yaml: topics\.意识形态\.0\.weight/);
    expect(bad('topics:\n  意识形态:\n    - { weight: 3, cues: [] }\n')).toThrow(/cues 不能为空/);
    expect(bad('topics:\n  意识形态:\n    - { weight: 3, cue: [舆情] }\n')).toThrow(/x\.yaml/);
    expect(bad('topics: [unclosed\n')).toThrow(/x\.yaml: YAML 格式错误/);
  });
});
