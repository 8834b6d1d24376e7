// export-file and citation: file names that survive Windows, the plain-text layout, the citation line.
import { describe, expect, it } from 'vitest';
import { cleanTitle, plainText } from '../../src/web/presenters/export-file.js';
import { citation } from '../../src/web/presenters/citation.js';
import type { SectionText } from '../../src/web/services/search-service.js';

const section: SectionText = {
  id: '0123456789abcdef-0003', docId: '0123456789abcdef', title: 'XX县2023年党建工作总结', year: 2023, period: '上半年',
  orgType: '党政机关', heading: '（一）加强学习', headingPath: ['一、主要工作', '（一）加强学习'], text: '全年开展集中学习12次。',
};

describe('citation', () => {
  it('names title, year, period and heading path; leaves out what is unknown', () => {
    expect(citation(section)).toBe('《XX县2023年党建工作总结》 · 2023年 · 上半年 · 一、主要工作 › （一）加强学习');
    expect(citation({ ...section, year: null, period: '未知', headingPath: [] })).toBe('《XX县2023年党建工作总结》 · 正文开头');
  });
});

describe('cleanTitle', () => {
  it('keeps Chinese, drops path and reserved characters, falls back to 素材汇编', () => {
    expect(cleanTitle('2024年/述职:素材?')).toBe('2024年 述职 素材');
    expect(cleanTitle('  ')).toBe('素材汇编');
    expect(cleanTitle(undefined)).toBe('素材汇编');
    expect(cleanTitle('../x')).toBe('x');
  });
});

describe('plainText', () => {
  it('numbers excerpts, cites each, adds notes, CRLF line ends', () => {
    const txt = plainText('素材', [{ text: '第一段\n第二段', section, note: '可用' }]);
    expect(txt.split('\r\n')).toEqual(['素材', '', '1. 第一段', '   第二段', `   —— ${citation(section)}`, '   注：可用', '']);
  });
});
