// The check the portal's copy of the section texts makes: the same answer as the brute-force
// reference (heading or text holds the needle), over random headings, texts and needles.
import { describe, expect, it, onTestFinished } from 'vitest';
import { sectionContains } from '../../src/core/exact-grams.js';
import { DocTexts, joinedContains, TextCopy } from '../../src/web/services/section-texts.js';
import { ScanThread } from '../../src/web/services/scan-thread.js';

describe('joinedContains', () => {
  it('agrees with sectionContains on 3,000 random sections (line breaks in texts) and needles without one', () => {
    let seed = 11;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const ALPHABET = ['党', '建', '工', '作', '。', '\n', 'X'];
    const pick = (len: number) => Array.from({ length: len }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]!).join('');
    let found = 0;
    for (let i = 0; i < 3000; i++) {
      const heading = pick(Math.floor(rnd() * 6));
      const text = pick(Math.floor(rnd() * 30));
      const needle = pick(1 + Math.floor(rnd() * 5)).replaceAll('\n', '');
      if (!needle) continue;
      const expected = sectionContains(heading, text, needle);
      if (expected) found++;
      expect(joinedContains(`${heading}\n${text}`, needle), JSON.stringify({ heading, text, needle })).toBe(expected);
    }
    expect(found).toBeGreaterThan(300); // the cases include many matches, not only misses
  });

  it('never matches across the line between heading and text', () => {
    expect(joinedContains('一、党建\n工作', '党建工作')).toBe(false);
    expect(joinedContains('一、党建\n工作', '党建')).toBe(true);
  });
});

describe('TextCopy', () => {
  const doc = (version: string, sections: Record<string, string>) => DocTexts.of(version, Object.entries(sections));
  const copy = new TextCopy('k', new Map([
    ['0123456789abcdef', doc('t1#2', { '0123456789abcdef-0000': '标题\n正文', '0123456789abcdef-0001': '一、\n党建' })],
    ['fedcba9876543210', doc('t2#1', { 'fedcba9876543210-0000': '另一篇\n' })],
  ]), 0);

  it('finds a section through its document (the id up to its last dash) and nothing else', () => {
    expect(copy.get('0123456789abcdef-0001')).toBe('一、\n党建');
    expect(copy.get('fedcba9876543210-0000')).toBe('另一篇\n');
    expect(copy.get('fedcba9876543210-0001')).toBeUndefined(); // a section the copy does not hold
    expect(copy.get('0000000000000000-0000')).toBeUndefined(); // a document it does not hold
    expect(copy.get('no-dash-here')).toBeUndefined();
  });

  it('counts the sections of every document', () => {
    expect(copy.sectionCount).toBe(3);
  });

  it('packs a later state from the documents of an earlier one without changing either', () => {
    // As a step does: the earlier state's documents (views into its buffer) beside one read anew.
    const next = new TextCopy('k2', new Map([
      ...copy.docs,
      ['1111111111111111', doc('t3#1', { '1111111111111111-0000': '新增\n党建引领' })],
    ]), 0);
    expect([...next.entries()]).toEqual([...copy.entries(), ['1111111111111111-0000', '新增\n党建引领']]);
    expect(next.countContaining('党建')).toBe(2);
    expect(copy.countContaining('党建')).toBe(1);
    expect(next.chars).toBe(copy.chars + '新增\n党建引领\n'.length);
  });

  it('never matches across two documents (each section ends with a line break)', () => {
    const two = new TextCopy('k', new Map([
      ['0000000000000001', doc('a#1', { '0000000000000001-0000': '\n党建' })],
      ['0000000000000002', doc('b#1', { '0000000000000002-0000': '引领\n' })],
    ]), 0);
    expect(two.countContaining('党建引领')).toBe(0);
    expect(two.countContaining('引领')).toBe(1);
  });
});

describe('DocTexts', () => {
  it('keeps every section exactly, astral characters, lone surrogates and empty parts included', () => {
    const sections: Array<[string, string]> = [
      ['0000000000000001-0002', '三、\n𠀀𠮷 and a lone \ud800 surrogate'],
      ['0000000000000001-0000', '\n'],
      ['0000000000000001-0001', '标题\n'],
    ];
    const d = DocTexts.of('v#3', sections);
    expect(d.ids).toEqual(['0000000000000001-0000', '0000000000000001-0001', '0000000000000001-0002']);
    for (const [id, joined] of sections) expect(d.text(d.indexOf(id))).toBe(joined);
    expect(d.indexOf('0000000000000001-0003')).toBe(-1);
    const copy = new TextCopy('k', new Map([['0000000000000001', d]]), 0);
    expect(copy.countContaining('𠮷')).toBe(1);
    expect(copy.countContaining('\ud800 sur')).toBe(1);
    expect(copy.chars).toBe(sections.reduce((n, [, t]) => n + t.length + 1, 0));
  });

  it('never finds a character in the bytes of two others (a match at an odd byte offset)', () => {
    // U+2D00 then N: in UTF-16LE the bytes 00 2D 4E 00, whose middle two are 中 (2D 4E).
    const copy = new TextCopy('k', new Map([['0000000000000001', DocTexts.of('v#1', [['0000000000000001-0000', '\n\u2d00N'], ['0000000000000001-0001', '\n\u2d00N中']])]]), 0);
    expect(copy.countContaining('中')).toBe(1);
    expect(copy.countContaining('\u2d00N')).toBe(2);
  });
});

describe('TextCopy.suspects', () => {
  // Random sections over a small alphabet, so that texts holding every four-character window of a
  // needle without the needle are common; the oracle checks each section literally.
  let seed = 7;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const ALPHABET = ['党', '建', '引', '领', '发', '展', '。', '\n'];
  const pick = (len: number) => Array.from({ length: len }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]!).join('');
  const docs = new Map<string, DocTexts>();
  const all: Array<[string, string]> = [];
  for (let d = 0; d < 200; d++) {
    const docId = d.toString(16).padStart(16, '0');
    const sections: Array<[string, string]> = [];
    for (let i = 0; i < 5; i++) {
      const id = `${docId}-${String(i).padStart(4, '0')}`;
      const joined = `${pick(Math.floor(rnd() * 4))}\n${pick(20 + Math.floor(rnd() * 60))}`;
      sections.push([id, joined]);
      all.push([id, joined]);
    }
    docs.set(docId, DocTexts.of('v#5', sections));
  }
  const copy = new TextCopy('k', docs, 0);
  const windows = (needle: string) => Array.from({ length: Math.max(0, needle.length - 3) }, (_, i) => needle.slice(i, i + 4));

  it('names the sections holding every window of the needle but not the needle, as the oracle does', () => {
    let suspectsSeen = 0;
    for (let k = 0; k < 300; k++) {
      const needle = pick(5 + Math.floor(rnd() * 4)).replaceAll('\n', '');
      if (needle.length < 5) continue;
      const suspects = all.filter(([, t]) => !t.includes(needle) && windows(needle).every((w) => t.includes(w))).map(([id]) => id);
      expect(copy.suspects(needle, 10_000), needle).toEqual(suspects);
      expect(copy.countContaining(needle), needle).toBe(all.filter(([, t]) => t.includes(needle)).length);
      suspectsSeen += suspects.length;
    }
    expect(suspectsSeen).toBeGreaterThan(20); // the needles do meet suspects, not only misses
  });

  it('gives up naming suspects beyond the limit', () => {
    const trap = '坚持党建引领。所谓建引领发的说法。引领发展是关键。'; // every window of 党建引领发展, not it
    const small = new TextCopy('k', new Map([
      ['0000000000000001', DocTexts.of('v#2', [['0000000000000001-0000', `一、\n${trap}`], ['0000000000000001-0001', '二、\n党建引领发展']])],
      ['0000000000000002', DocTexts.of('v#1', [['0000000000000002-0000', `三、\n${trap}`]])],
    ]), 0);
    expect(small.suspects('党建引领发展', 2)).toEqual(['0000000000000001-0000', '0000000000000002-0000']);
    expect(small.suspects('党建引领发展', 1)).toBeNull();
    expect(small.suspects('党建引领发展好', 2)).toEqual([]); // 领发展好 is in neither trap
    expect(small.suspects('党建', 0)).toEqual([]); // shorter than a window: no suspect possible
  });
});

describe('ScanThread', () => {
  // The same random archive as an oracle: the thread's count is the main thread's, for every needle.
  let seed = 23;
  const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  const ALPHABET = ['党', '建', '引', '领', '𠮷', '\u2d00', 'N', '中', '。'];
  const pick = (len: number) => Array.from({ length: len }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]!).join('');
  const docs = new Map<string, DocTexts>();
  const all: string[] = [];
  for (let d = 0; d < 100; d++) {
    const docId = d.toString(16).padStart(16, '0');
    const sections: Array<[string, string]> = [];
    for (let i = 0; i < 4; i++) {
      const joined = `${pick(3)}\n${pick(10 + Math.floor(rnd() * 40))}`;
      sections.push([`${docId}-${String(i).padStart(4, '0')}`, joined]);
      all.push(joined);
    }
    docs.set(docId, DocTexts.of('v#4', sections));
  }
  const copy = new TextCopy('k', docs, 0);

  it('counts in its own thread what the copy counts, against the oracle', async () => {
    const thread = new ScanThread();
    onTestFinished(() => thread.close());
    let found = 0;
    for (let k = 0; k < 200; k++) {
      const needle = pick(1 + Math.floor(rnd() * 4));
      const expected = all.filter((t) => t.includes(needle)).length;
      found += expected;
      expect(await thread.count(copy, needle), needle).toBe(expected);
      expect(copy.countContaining(needle), needle).toBe(expected);
    }
    expect(found).toBeGreaterThan(1000);
  });

  it('still answers, on the main thread, once closed', async () => {
    const thread = new ScanThread();
    expect(await thread.count(copy, '党建')).toBe(all.filter((t) => t.includes('党建')).length);
    thread.close();
    await new Promise((r) => setTimeout(r, 50));
    expect(await thread.count(copy, '引领')).toBe(all.filter((t) => t.includes('引领')).length);
  });
});
