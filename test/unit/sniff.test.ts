// The sniffer decides the reader from the bytes, whatever the file name says.
import { readFileSync } from 'node:fs';
import iconv from 'iconv-lite';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { sniff } from '../../ingest/readers/sniff.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);
const kind = async (bytes: Buffer | Uint8Array) => (await sniff(Buffer.from(bytes))).kind;

describe('sniff', () => {
  it('tells plain text in any encoding from saved web pages and RTF', async () => {
    expect(await kind(Buffer.from('一、主要工作\n开展学习'))).toBe('txt');
    expect(await kind(iconv.encode('一、主要工作', 'gb18030'))).toBe('txt');
    expect(await kind(iconv.encode('<!DOCTYPE html><html><body>党建</body></html>', 'utf-16le', { addBOM: true }))).toBe('html');
    expect(await kind(iconv.encode('<html><body>党建</body></html>', 'utf-16be', { addBOM: true }))).toBe('html');
    expect(await kind(Buffer.from('\ufeff<!-- saved from url=(0040)http://x/ -->\n<html lang="zh">'))).toBe('html');
    expect(await kind(Buffer.from('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="x"\r\n'))).toBe('mht');
    expect(await kind(Buffer.from('{\\rtf1\\ansi\\ansicpg936 党建}'))).toBe('rtf');
    // Text that merely mentions a tag is still text.
    expect(await kind(Buffer.from('一、关于<html>标签的说明'))).toBe('txt');
  });

  it('reads a text file that holds HTML/XML markup or entities as HTML, and summaries that mention < or & as text', async () => {
    const markup = [
      '<p class="ql-block">XX社区党委2022年党建工作总结</p><p class="ql-block">&nbsp;</p><p class="ql-block">2022年，社区党委…</p>',
      '<P ALIGN=center><FONT face=宋体>一、主要工作</FONT></P>\r\n<P>开展学习</P>',
      '<div>一、主要工作<br>开展学习<br/>召开会议</div>',
      '一、主要工作&nbsp;&nbsp;开展“三会一课”&ldquo;主题党日&rdquo;',
      '<w:p><w:r><w:t>一、主要工作</w:t></w:r></w:p><w:p><w:r><w:t>开展学习</w:t></w:r></w:p>',
      '<span style="font-size:16px">开展学习</span>&#12288;&#12288;召开会议',
    ];
    for (const m of markup) {
      expect(await kind(Buffer.from(m)), m).toBe('html');
      expect(await kind(iconv.encode(m, 'gb18030')), m).toBe('html');
    }
    const text = [
      '一、关于<html>标签的说明',
      '党员满意度<95%的支部3个，>90%的12个，A&B两类问题已整改。',
      '开展“<学习>”活动，推进<党建+>模式，R&D投入增长5%',
      '一、主要工作\n全年召开会议<12次>，其中&nbsp;一词出现在网页里。',
      'XX公司党委2023年工作总结\n坚持“1+N”<模式>，开展<a>类活动。',
    ];
    for (const t of text) expect(await kind(Buffer.from(t)), t).toBe('txt');
  });

  it('recognises binary formats and containers by what they hold', async () => {
    expect(await kind(readFileSync(new URL('docx/集团公司党委 2023年党建工作总结.docx', FIXTURES)))).toBe('docx');
    expect(await kind(readFileSync(new URL('bad/照片 image-as-text.txt', FIXTURES)))).toBe('image');
    expect(await kind(Buffer.from('%PDF-1.7\n%\xe2\xe3\xcf\xd3\n', 'latin1'))).toBe('pdf');
    const ole = Buffer.alloc(1024);
    ole.set([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);
    expect(await kind(ole)).toBe('ole');
    expect(await kind(zipSync({ 'OFD.xml': strToU8('<ofd:OFD/>'), 'Doc_0/Document.xml': strToU8('<x/>') }))).toBe('ofd');
    expect(await kind(zipSync({ 'a.csv': strToU8('1,2') }))).toBe('zip');
  });

  it('calls a container whose structure is broken damaged, not text', async () => {
    const sniffed = await sniff(readFileSync(new URL('bad/not-a-zip.docx', FIXTURES)));
    expect(sniffed).toEqual({ kind: 'damaged', description: 'ZIP/Office 文件' });
  });
});
