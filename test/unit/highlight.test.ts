import { describe, expect, it } from 'vitest';
import { escapeHtml, findMatches, highlightHtml, markRanges, snippetHtml } from '../../src/web/presenters/highlight.js';

describe('findMatches', () => {
  it('finds every occurrence of every term, in text order', () => {
    expect(findMatches('党费收缴，按时交纳党费。', ['党费'])).toEqual([
      [0, 2],
      [9, 11],
    ]);
    expect(findMatches('三会一课和主题党日', ['主题党日', '三会一课'])).toEqual([
      [0, 4],
      [5, 9],
    ]);
  });

  it('merges overlapping terms into one range so marks never nest', () => {
    // 党支部 [0,3), 支部党 [1,4), 党费 [3,5) overlap in a chain.
    expect(findMatches('党支部党费收缴', ['党费', '党支部', '支部党'])).toEqual([[0, 5]]);
    // A shorter term inside a longer one adds nothing.
    expect(findMatches('加强党风廉政建设', ['党风廉政建设', '廉政'])).toEqual([[2, 8]]);
    // Overlapping occurrences of one term.
    expect(findMatches('XXXX', ['XX'])).toEqual([[0, 4]]);
  });

  it('keeps adjacent occurrences apart so each one is counted', () => {
    expect(findMatches('党费党费', ['党费'])).toEqual([
      [0, 2],
      [2, 4],
    ]);
  });

  it('ignores empty and duplicate terms and finds nothing in text without them', () => {
    expect(findMatches('党建工作', ['', '党建', '党建'])).toEqual([[0, 2]]);
    expect(findMatches('党建工作', [])).toEqual([]);
    expect(findMatches('党建工作', ['党费'])).toEqual([]);
  });

  it('treats placeholders and symbols literally', () => {
    expect(findMatches('在***党总支的领导下，**党支部', ['***'])).toEqual([[1, 4]]);
    expect(findMatches('发放慰问金X元', ['X元'])).toEqual([[5, 7]]);
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('markRanges', () => {
  it('wraps ranges in <mark> and escapes everything else', () => {
    expect(markRanges('<b>党费</b>&收缴', [[3, 5]])).toBe('&lt;b&gt;<mark>党费</mark>&lt;/b&gt;&amp;收缴');
  });

  it('escapes the marked text as well', () => {
    expect(markRanges('a<script>b', [[1, 9]])).toBe('a<mark>&lt;script&gt;</mark>b');
  });

  it('maps ranges of a longer text onto a slice starting at offset, clipping at both ends', () => {
    // The slice is 'cdef' of 'abcdef'; [1,3) ("bc") is clipped to "c", [5,8) to "f".
    expect(markRanges('cdef', [[1, 3], [5, 8]], 2)).toBe('<mark>c</mark>de<mark>f</mark>');
  });

  it('returns escaped text unchanged when there is nothing to mark', () => {
    expect(markRanges('a & b', [])).toBe('a &amp; b');
  });
});

describe('highlightHtml', () => {
  it('marks every occurrence in the whole text', () => {
    expect(highlightHtml('交纳党费，党费收缴记录', ['党费'])).toBe('交纳<mark>党费</mark>，<mark>党费</mark>收缴记录');
  });

  it('never lets a query become markup', () => {
    expect(highlightHtml('正文<script>alert(1)</script>', ['<script>'])).toBe(
      '正文<mark>&lt;script&gt;</mark>alert(1)&lt;/script&gt;',
    );
  });
});

describe('snippetHtml', () => {
  it('returns short text whole, without ellipses', () => {
    expect(snippetHtml('按时足额交纳党费', ['党费'], 40)).toBe('按时足额交纳<mark>党费</mark>');
  });

  it('joins lines with a space', () => {
    expect(snippetHtml('第一行\n第二行党费', ['党费'], 40)).toBe('第一行 第二行<mark>党费</mark>');
  });

  it('crops the start of long text with an ellipsis when there is no match', () => {
    expect(snippetHtml('甲'.repeat(50), ['党费'], 20)).toBe('甲'.repeat(20) + '…');
  });

  it('keeps a match that falls inside the first window at the start', () => {
    const text = '党费' + '乙'.repeat(100);
    expect(snippetHtml(text, ['党费'], 10)).toBe('<mark>党费</mark>' + '乙'.repeat(8) + '…');
  });

  it('crops around a late match with some context before it and ellipses at both ends', () => {
    const text = '一'.repeat(200) + '党费收缴' + '二'.repeat(200);
    // width 40: the window starts 10 characters before the match (40 / 4).
    expect(snippetHtml(text, ['党费'], 40)).toBe('…' + '一'.repeat(10) + '<mark>党费</mark>收缴' + '二'.repeat(26) + '…');
  });

  it('fills the window with earlier text when the match is near the end', () => {
    const text = '一'.repeat(100) + '党费';
    expect(snippetHtml(text, ['党费'], 20)).toBe('…' + '一'.repeat(18) + '<mark>党费</mark>');
  });

  it('marks every match inside the window and only those', () => {
    const text = '党费' + '一'.repeat(100) + '党费' + '二'.repeat(5) + '党费' + '三'.repeat(100);
    const html = snippetHtml(text, ['党费'], 30);
    expect(html.startsWith('<mark>党费</mark>')).toBe(true);
    expect(html.match(/<mark>/g)).toHaveLength(1);
  });

  it('does not cut a character outside the BMP in half', () => {
    const rare = '𠀀'; // U+20000, two UTF-16 code units
    const text = rare.repeat(30);
    const html = snippetHtml(text, [], 9);
    expect(html.endsWith('…')).toBe(true);
    expect(html.slice(0, -1)).toBe(rare.repeat(5));
  });

  it('escapes the text around the marks', () => {
    expect(snippetHtml('<b>党费</b>', ['党费'])).toBe('&lt;b&gt;<mark>党费</mark>&lt;/b&gt;');
  });
});
