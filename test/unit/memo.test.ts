// BoundedMemo: each key computed once while remembered, null answers remembered too, and never
// more entries than its bound (checked against a count of calls).
import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../src/core/memo.js';

describe('BoundedMemo', () => {
  it('computes each key once and answers it again from memory, null included', () => {
    const calls: string[] = [];
    const memo = new BoundedMemo<string | null>(10);
    const f = (k: string) => (calls.push(k), k === '无' ? null : k + k);
    expect(['党', '建', '党', '无', '无', '建'].map((k) => memo.get(k, f))).toEqual(['党党', '建建', '党党', null, null, '建建']);
    expect(calls).toEqual(['党', '建', '无']);
  });

  it('holds at most its bound and keeps answering correctly after dropping what it held', () => {
    let calls = 0;
    const memo = new BoundedMemo<number>(3);
    const f = (k: string) => (calls++, k.length);
    for (const k of ['a', 'bb', 'ccc', 'dddd', 'a', 'bb']) {
      expect(memo.get(k, f)).toBe(k.length);
      expect(memo.size).toBeLessThanOrEqual(3);
    }
    expect(calls).toBe(6); // the fourth key dropped the first three
  });
});
