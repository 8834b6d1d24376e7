// The pure parts of the watched archive (ingest/watch.ts): which paths are archive files, and which
// indexed documents a batch's removals cover.
import { describe, expect, it } from 'vitest';
import { coversRemoved, isArchiveFile } from '../../ingest/watch.js';

describe('isArchiveFile', () => {
  it('takes .txt and .docx in any case, in any folder', () => {
    expect(isArchiveFile('2023年总结.txt')).toBe(true);
    expect(isArchiveFile('学校/2023/总结.DOCX')).toBe(true);
  });
  it("skips hidden files, Word's lock files and other types", () => {
    expect(isArchiveFile('.总结.txt.swp')).toBe(false);
    expect(isArchiveFile('学校/~$总结.docx')).toBe(false);
    expect(isArchiveFile('表格.xlsx')).toBe(false);
    // PDFs and scans are archive files now (ingest/readers/pdf.ts, image.ts).
    expect(isArchiveFile('扫描件.pdf')).toBe(true);
    expect(isArchiveFile('照片.JPG')).toBe(true);
    expect(isArchiveFile('无扩展名')).toBe(false);
  });
});

describe('coversRemoved', () => {
  const removed = new Set(['a/总结.txt', '旧档案/']);
  it('covers a removed file and everything under a removed folder', () => {
    expect(coversRemoved(removed, 'a/总结.txt')).toBe(true);
    expect(coversRemoved(removed, '旧档案/2019/总结.docx')).toBe(true);
  });
  it('covers nothing else, not even a name that merely starts the same', () => {
    expect(coversRemoved(removed, 'a/总结.txt.bak')).toBe(false);
    expect(coversRemoved(removed, '旧档案2/总结.txt')).toBe(false);
    expect(coversRemoved(removed, 'uploads/总结.txt')).toBe(false);
  });
});
