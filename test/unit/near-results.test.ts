// Near results' pure parts: which subsets of the words are tried, and what the words are.
import { describe, expect, it } from 'vitest';
import { nearSubsets, queryWords } from '../../src/web/services/search-service.js';
import { spansOf } from '../../src/web/services/phrase-service.js';

describe('nearSubsets', () => {
  it('every proper non-empty subset up to five words, largest first, in the query order', () => {
    const s = nearSubsets(['aa', 'bb', 'cc']);
    expect(s).toEqual([['aa', 'bb'], ['aa', 'cc'], ['bb', 'cc'], ['aa'], ['bb'], ['cc']]);
    expect(nearSubsets(['aa', 'bb', 'cc', 'dd', 'ee'])).toHaveLength(2 ** 5 - 2);
    for (let n = 2; n <= 5; n++) {
      const words = Array.from({ length: n }, (_, i) => `w${i}`);
      expect(nearSubsets(words).every((x) => x.length > 0)).toBe(true);
      const keys = new Set(nearSubsets(words).map((x) => x.join(' ')));
      expect(keys.size).toBe(2 ** n - 2);
    }
  });

  it('beyond five words only those missing one or two', () => {
    const s = nearSubsets(['aa', 'bb', 'cc', 'dd', 'ee', 'ff', 'gg']);
    expect(s).toHaveLength(7 + 21);
    expect(s.every((x) => x.length >= 5)).toBe(true);
    const sizes = s.map((x) => x.length);
    expect(sizes).toEqual([...sizes].sort((a, b) => b - a));
  });

  it('never a subset of one-character words only', () => {
    expect(nearSubsets(['script', 'alert', '1'])).toEqual([['script', 'alert'], ['script', '1'], ['alert', '1'], ['script'], ['alert']]);
    expect(nearSubsets(['党', '1'])).toEqual([]);
  });
});

describe('queryWords', () => {
  it('the terms between spaces, else the segmented words', () => {
    expect(queryWords('主题党日 垃圾分类', ['主题党日', '垃圾', '分类'])).toEqual(['主题党日', '垃圾分类']);
    expect(queryWords('节日廉洁提醒', ['节日', '廉洁', '提醒'])).toEqual(['节日', '廉洁', '提醒']);
    expect(queryWords('党建 ， 党建', ['党建', '党建'])).toEqual(['党建']);
  });
});

describe('spansOf', () => {
  it('runs of adjacent Chinese words, not across punctuation or digits', () => {
    const spans = spansOf('三回一课、2023年', ['三', '回', '一课', '2023年']).spans.map((s) => s.text);
    expect(spans).toEqual(['三回', '三回一课', '回一课', '一课']);
  });
});
