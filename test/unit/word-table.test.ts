// word-table.ts against a Map (the oracle): membership, values, last value wins, length bounds.
import { describe, expect, it } from 'vitest';
import { WordTable } from '../../src/core/text/word-table.js';

describe('WordTable', () => {
  it('answers as a Map does for random words of every length, present or not', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const chars = '党建工作总结三会一课组织生活abcXYZ12';
    const word = () => Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => chars[Math.floor(rnd() * chars.length)]).join('');
    const entries: Array<[string, number]> = Array.from({ length: 3000 }, () => [word(), Math.round(rnd() * 1000) / 10]);
    const oracle = new Map(entries);
    const table = new WordTable(entries);
    for (let i = 0; i < 3000; i++) {
      const w = i % 2 ? entries[i]![0] : word();
      expect(table.has(w), w).toBe(oracle.has(w));
      expect(table.get(w), w).toBe(oracle.get(w));
    }
  });

  it('keeps only the lengths asked for; a table of words only has no values', () => {
    const t = new WordTable(['党', '党建', '三会一课', '党风廉政建设责任制'], { min: 2, max: 8 });
    expect(['党', '党建', '三会一课', '党风廉政建设责任制'].map((w) => t.has(w))).toEqual([false, true, true, false]);
    expect(t.get('党建')).toBeUndefined();
    expect(new WordTable([]).has('x')).toBe(false);
  });
});
