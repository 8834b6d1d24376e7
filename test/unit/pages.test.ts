// Pages and OCR through the pipeline: a section from a paged source carries the page it starts on
// (checked against a brute-force walk of the cleaned text), the document its page count, and text
// recognised from page images says so on the document and every section.
import { describe, expect, it } from 'vitest';
import { sectionPages } from '../../ingest/pages.js';
import { processDecoded, processFile } from '../../ingest/process-file.js';
import type { DecodedDoc, DocLine } from '../../ingest/types.js';
import { OFD_NAME, officeFixture } from '../fixtures/office-files.js';

/** The oracle: walk the joined text character by character to the section's first character. */
function bruteForcePage(lines: DocLine[], start: number): number | null {
  let offset = 0;
  for (let i = 0; i < lines.length; i++) {
    const end = offset + lines[i]!.text.length; // the '\\n' after a line belongs to it
    if (start <= end) {
      for (let j = i; j < lines.length; j++) if (lines[j]!.page !== undefined) return lines[j]!.page!;
      return null;
    }
    offset = end + 1;
  }
  return null;
}

const SCAN: DecodedDoc = {
  format: 'txt',
  encoding: 'UTF-8',
  ocr: true,
  pageCount: 3,
  lines: [
    { text: 'XX村党支部2023年度工作总结', page: 1 },
    { text: '2023年，村党支部在镇党委的领导下，围绕乡村振兴中心任务开展工作，现总结如下。', page: 1 },
    { text: '一、加强班子建设', page: 1 },
    { text: '坚持“四议两公开”工作法，全年召开村“两委”联席会议X次，研究重大事项XX项。', page: 2 },
    { text: '二、服务群众', page: 2 },
    { text: '开展“我为群众办实事”活动，为群众解决实际困难XX件。', page: 3 },
    { text: '三、存在问题', page: 3 },
    { text: '党员队伍老龄化，后备力量不足。', page: 3 },
  ],
};

describe('sectionPages', () => {
  it('gives every section the page of the line holding its first character', () => {
    const lines: DocLine[] = SCAN.lines.map((l) => ({ ...l }));
    const text = lines.map((l) => l.text).join('\n');
    // Every character offset as a section start, including line ends and the offsets of titleless lines.
    const starts = Array.from({ length: text.length }, (_, start) => ({ start }));
    expect(sectionPages({ lines }, starts)).toEqual(starts.map((s) => bruteForcePage(lines, s.start)));
  });

  it('gives null for a document without pages, and the next page for a line a reader added without one', () => {
    expect(sectionPages({ lines: [{ text: '一、学习' }, { text: '正文' }] }, [{ start: 0 }, { start: 4 }])).toEqual([null, null]);
    expect(sectionPages({ lines: [{ text: '标题' }, { text: '正文', page: 2 }] }, [{ start: 0 }])).toEqual([2]);
  });
});

describe('page and ocr on the records', () => {
  it('puts the start page on each section of an OFD and its page count on the document', async () => {
    const { documents } = await processFile({ relPath: `上传/${OFD_NAME}`, bytes: officeFixture(OFD_NAME) });
    expect(documents).toHaveLength(1);
    const [{ document, sections }] = documents as [(typeof documents)[number]];
    expect(document).toMatchObject({ format: 'ofd', pageCount: 2, ocr: false, mimeType: 'application/ofd', title: 'XX乡党委2023年上半年基层党建工作总结' });
    const pageOf = (heading: string) => sections.find((s) => s.heading === heading)?.page;
    expect(pageOf('（二）建强基层堡垒')).toBe(1);
    // The section whose body is cut by the page break starts on page 1; the next one on page 2.
    expect(pageOf('1.抓好村干部队伍建设')).toBe(1);
    expect(pageOf('2.抓好党员发展和管理')).toBe(2);
    expect(pageOf('三、下半年工作打算')).toBe(2);
    expect(sections.every((s) => s.ocr === false && (s.page === 1 || s.page === 2))).toBe(true);
  });

  it('marks a document recognised from a scan, and each of its sections, as OCR text with pages', () => {
    const { documents } = processDecoded({ relPath: 'scan.pdf', bytes: Buffer.from('scan') }, SCAN);
    const [{ document, sections }] = documents as [(typeof documents)[number]];
    expect(document).toMatchObject({ ocr: true, pageCount: 3 });
    expect(sections.map((s) => [s.heading, s.page, s.ocr])).toEqual([
      ['XX村党支部2023年度工作总结', 1, true],
      ['一、加强班子建设', 1, true],
      ['二、服务群众', 2, true],
      ['三、存在问题', 3, true],
    ]);
  });

  it('leaves page null and ocr false for a format without pages', async () => {
    const { documents } = await processFile({ relPath: 'a.txt', bytes: Buffer.from('XX支部2023年工作总结\n一、学习\n全年学习X次。\n') });
    expect(documents[0]!.document).toMatchObject({ pageCount: null, ocr: false });
    expect(documents[0]!.sections.every((s) => s.page === null && s.ocr === false)).toBe(true);
  });
});
