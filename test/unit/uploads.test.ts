// Names of uploaded files: one safe file name from whatever the browser sends.
import { describe, expect, it } from 'vitest';
import { isUploadSource, safeUploadName, uploadSourceFile } from '../../src/core/uploads.js';

describe('uploads', () => {
  it('keeps a normal Chinese file name as it is', () => {
    expect(safeUploadName('XX县 2023年党建工作总结（定稿）.docx')).toBe('XX县 2023年党建工作总结（定稿）.docx');
  });

  it('takes the last path component and drops control characters and leading dots', () => {
    expect(safeUploadName('../../etc/passwd.txt')).toBe('passwd.txt');
    expect(safeUploadName('C:\\Users\\张三\\总结.txt')).toBe('总结.txt');
    expect(safeUploadName('..hidden.txt')).toBe('hidden.txt');
    expect(safeUploadName('a\u0000b\nc.txt')).toBe('a_b_c.txt');
    expect(safeUploadName('what?"<>.txt')).toBe('what____.txt');
    expect(safeUploadName('...')).toBe('未命名');
  });

  it('shortens very long names but keeps the extension', () => {
    const long = '总'.repeat(300) + '.docx';
    const safe = safeUploadName(long);
    expect([...safe].length).toBe(120);
    expect(safe.endsWith('.docx')).toBe(true);
  });

  it('composes NFC, so the same name typed on two systems is one file', () => {
    expect(safeUploadName('Cafe\u0301.txt')).toBe('Café.txt');
  });

  it('marks uploaded sources by their prefix', () => {
    expect(uploadSourceFile('a.txt')).toBe('上传/a.txt');
    expect(isUploadSource('上传/a.txt')).toBe(true);
    expect(isUploadSource('2023/上传/a.txt')).toBe(false);
  });
});
