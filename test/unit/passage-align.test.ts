// passage-align: content folding, verbatim runs checked against a brute-force oracle, near-copies
// across small edits, passage merging, and the probes cut from a draft.
import { describe, expect, it } from 'vitest';
import { contentOf, coveredLength, DraftIndex, draftProbes, mergePassages, originalRange } from '../../src/core/text/passage-align.js';

/** Oracle: draft positions covered by a common substring of length ≥ min (brute force). */
function oracleCovered(d: string, s: string, min: number): Set<number> {
  const covered = new Set<number>();
  for (let i = 0; i < d.length; i++) {
    for (let j = 0; j < s.length; j++) {
      let len = 0;
      while (i + len < d.length && j + len < s.length && d[i + len] === s[j + len]) len++;
      if (len >= min) for (let k = i; k < i + len; k++) covered.add(k);
    }
  }
  return covered;
}

function random(alphabet: string, n: number, seed: number): string {
  let x = seed;
  let out = '';
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += alphabet[x % alphabet.length];
  }
  return out;
}

describe('contentOf', () => {
  it('drops punctuation and whitespace, folds width and case, keeps offsets into the original', () => {
    const t = contentOf('一、加强 党建，ＡB２０23年！');
    expect(t.content).toBe('一加强党建ab2023年');
    expect(t.offsets[2]).toBe(3);
    const [s, e] = originalRange(t, 1, 5);
    expect('一、加强 党建，ＡB２０23年！'.slice(s, e)).toBe('加强 党建');
  });
});

describe('DraftIndex.align', () => {
  it('finds exactly the verbatim runs of at least 13 characters (brute-force oracle)', () => {
    const alphabet = '党员支部组织学习建设工作开展';
    for (let seed = 1; seed <= 20; seed++) {
      const source = random(alphabet, 300, seed);
      // A draft made of pieces of the source and random filler.
      const draft = random(alphabet, 40, seed + 100) + source.slice(50, 80) + random(alphabet, 30, seed + 200) + source.slice(150, 170);
      const idx = new DraftIndex(draft, { k: 4, anchor: 13, maxGap: 0, minMatched: 13, minSimilarity: 1 });
      const found = new Set<number>();
      for (const r of idx.align(source)) for (let k = r.dStart; k < r.dEnd; k++) found.add(k);
      expect([...found].sort((a, b) => a - b)).toEqual([...oracleCovered(draft, source, 13)].sort((a, b) => a - b));
    }
  });

  it('joins a sentence with two characters changed into one near-copy', () => {
    const source = contentOf('我们坚持每月开展一次主题党日活动，组织党员深入社区开展志愿服务，累计服务群众三百余人次。').content;
    const draft = contentOf('我们坚持每月开展一次主题党日活动，组织党员走进社区开展志愿服务，累计服务群众三百余人次。').content;
    const regions = new DraftIndex(draft).align(source);
    expect(regions).toHaveLength(1);
    expect(regions[0]!.dEnd - regions[0]!.dStart).toBe(draft.length);
    expect(regions[0]!.similarity).toBeGreaterThan(0.9);
    expect(regions[0]!.similarity).toBeLessThan(1);
  });

  it('does not stitch common short words into a copy', () => {
    const source = contentOf('加强党员队伍建设，提高组织生活质量，推进党建工作创新。').content;
    const draft = contentOf('党员队伍稳定，组织生活有序，工作创新不足。').content;
    expect(new DraftIndex(draft).align(source)).toEqual([]);
  });
});

describe('mergePassages', () => {
  it('counts text held by several sources once, sources by coverage', () => {
    const r = (dStart: number, dEnd: number, source: string) => ({ dStart, dEnd, sStart: 0, sEnd: dEnd - dStart, matched: dEnd - dStart, similarity: 1, source });
    const passages = mergePassages([r(0, 20, 'a'), r(10, 40, 'b'), r(50, 65, 'a')], (s) => s);
    expect(passages.map((p) => [p.dStart, p.dEnd])).toEqual([[0, 40], [50, 65]]);
    expect(passages[0]!.sources.map((s) => s.source)).toEqual(['b', 'a']);
    expect(coveredLength(passages)).toBe(55);
  });
});

describe('draftProbes', () => {
  it('cuts clauses at punctuation, joins short ones, windows long ones, never spans whitespace', () => {
    const draft = '一是加强学习，二是抓好落实。\n全面从严治党向纵深发展取得了新的更大成效并且持续巩固拓展';
    const found = draftProbes(draft);
    // Each probe is the draft's text at its offsets.
    for (const p of found) expect(draft.slice(p.start, p.end)).toBe(p.text);
    const probes = found.map((p) => p.text);
    expect(probes).toContain('一是加强学习，二是抓好落实');
    expect(probes.every((p) => !/\s/.test(p))).toBe(true);
    expect(probes.every((p) => Array.from(p).length <= 17)).toBe(true);
    // Every character of the long clause is inside some window.
    const long = '全面从严治党向纵深发展取得了新的更大成效并且持续巩固拓展';
    const covered = new Set<number>();
    for (const p of probes) {
      const at = long.indexOf(p);
      if (at >= 0) for (let k = at; k < at + p.length; k++) covered.add(k);
    }
    expect(covered.size).toBe(long.length);
  });

  it('skips text too short to be a copy', () => {
    expect(draftProbes('好。很好！')).toEqual([]);
  });
});
