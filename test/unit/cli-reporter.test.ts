// The ingest summary: every removal counted per file by rule, truncated sources and compilations named.
import { describe, expect, it } from 'vitest';
import { cleaningSummary, formatSummary, pageProgressLine } from '../../ingest/cli-reporter.js';
import { tallyOf, type IngestReport } from '../../ingest/run.js';
import type { RemovedBlock } from '../../ingest/types.js';

const removal = (rule: string, kind: RemovedBlock['kind'] = 'chrome'): RemovedBlock => ({ kind, rule, text: 'x' });

describe('cleaning summary', () => {
  const tallies = [
    tallyOf('a.txt', [removal('导航栏'), removal('省略字数提示', 'truncation'), removal('导航栏')], [{ truncated: true, missingChars: 680 }]),
    tallyOf('合集.txt', [removal('合集分篇标题', 'compilation'), removal('合集分篇标题', 'compilation')], [
      { truncated: false, missingChars: null },
      { truncated: true, missingChars: null },
    ]),
    tallyOf('clean.txt', [], [{ truncated: false, missingChars: null }]),
  ];

  it('counts removals by rule per file and in total; a file with nothing to say is not listed', () => {
    expect(tallies[0]).toEqual({ relPath: 'a.txt', removed: { 导航栏: 2, 省略字数提示: 1 }, documents: 1, truncated: 1, missingChars: 680, masked: 0 });
    expect(cleaningSummary(tallies)).toEqual([
      '清理：移除 5 处（合集分篇标题 2，导航栏 2，省略字数提示 1）；来源不完整的文档 2 篇；合集 1 个文件拆为 2 篇',
      '各文件清理明细（npm run ingest -- --explain <文件> 列出每一处）：',
      '  - a.txt：导航栏 2，省略字数提示 1；原文缺失约 680 字',
      '  - 合集.txt：合集分篇标题 2；原文不完整；合集，拆为 2 篇',
    ]);
  });

  it('names the files whose source masked words, and counts the stray characters and joins like any removal', () => {
    const t = tallyOf('屏蔽.txt', [removal('表情符号', 'stray-char'), removal('表情符号', 'stray-char'), removal('硬换行接合', 'line-join')], [
      { truncated: false, missingChars: null, masked: true },
    ]);
    expect(t.masked).toBe(1);
    expect(cleaningSummary([t])).toEqual([
      '清理：移除 3 处（表情符号 2，硬换行接合 1）；原文有屏蔽字的文档 1 篇',
      '各文件清理明细（npm run ingest -- --explain <文件> 列出每一处）：',
      '  - 屏蔽.txt：表情符号 2，硬换行接合 1；原文有屏蔽字',
    ]);
  });

  it('says so when nothing was removed, and stands in the closing summary', () => {
    expect(cleaningSummary([tallies[2]!])).toEqual(['清理：移除 0 处']);
    const report: IngestReport = {
      filesRead: 3, indexed: 3, replaced: 0, unchanged: 0, duplicates: [], removed: 0, skipped: [], sectionsWritten: 9,
      documentsWritten: 4, cleaning: tallies, documentsInIndex: 4, ms: 1200,
    };
    expect(formatSummary(report)).toContain('\n清理：移除 5 处');
  });
});

describe('page progress', () => {
  it('shows pages done of pages total and the time left at the pace so far', () => {
    expect(pageProgressLine('扫描件.pdf', 3, 10, 30_000)).toBe('扫描件.pdf：第 3/10 页，约剩 70 秒');
    expect(pageProgressLine('扫描件.pdf', 1, 40, 20_000)).toBe('扫描件.pdf：第 1/40 页，约剩 13 分钟');
    // Nothing to estimate from yet, or nothing left.
    expect(pageProgressLine('a.pdf', 0, 5, 0)).toBe('a.pdf：第 0/5 页');
    expect(pageProgressLine('a.pdf', 5, 5, 9000)).toBe('a.pdf：第 5/5 页');
  });
});
