// The OFD reader: text runs placed on pages → printed lines in reading order → paragraphs, checked
// against the paragraphs the fixture was laid out from (make-office-fixtures.ts); a paragraph cut
// by a line wrap or a page break is one line again and keeps the page it starts on; folios go.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeOfd, joinParagraphs, parseDelta, printedLines, resolvePath, type PrintedLine, type TextRun } from '../../ingest/readers/ofd.js';
import { readDocument } from '../../ingest/readers/index.js';
import { OFD_PAGE_CUT_PARAGRAPH, OFD_SUMMARY, OFD_WRAPPED_PHRASE } from '../fixtures/office-fixtures.js';
import { OFD_NAME, officeFixture } from '../fixtures/office-files.js';

const NS = 'http://www.ofdspec.org/2016';

/** A minimal OFD package: one Content.xml body (the layer's objects) per page. */
function ofdPackage(pages: string[], opts: { docBody?: string } = {}): Buffer {
  const files: Record<string, Uint8Array> = {
    'OFD.xml': strToU8(`<ofd:OFD xmlns:ofd="${NS}" Version="1.0" DocType="OFD"><ofd:DocBody>${opts.docBody ?? ''}<ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`),
    'Doc_0/Document.xml': strToU8(
      `<ofd:Document xmlns:ofd="${NS}"><ofd:CommonData><ofd:PageArea><ofd:PhysicalBox>0 0 210 297</ofd:PhysicalBox></ofd:PageArea></ofd:CommonData><ofd:Pages>${pages
        .map((_, i) => `<ofd:Page ID="${i + 1}" BaseLoc="Pages/Page_${i}/Content.xml"/>`)
        .join('')}</ofd:Pages></ofd:Document>`,
    ),
  };
  pages.forEach((body, i) => {
    files[`Doc_0/Pages/Page_${i}/Content.xml`] = strToU8(`<ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="1">${body}</ofd:Layer></ofd:Content></ofd:Page>`);
  });
  return Buffer.from(zipSync(files));
}

/** One TextObject: text at (x, y) in mm, glyphs `size` apart. */
const textObject = (x: number, y: number, text: string, size = 5) =>
  `<ofd:TextObject ID="9" Boundary="${x} ${y} 200 ${size * 1.2}" Font="1" Size="${size}"><ofd:TextCode X="0" Y="${size}" DeltaX="g ${[...text].length - 1} ${size}">${text}</ofd:TextCode></ofd:TextObject>`;

const line = (text: string, x: number, page = 1, size = 5): PrintedLine => ({ page, x, y: 0, right: x + [...text].length * size, size, text });

describe('ofd reader', () => {
  it('gives back the paragraphs an OFD was laid out from, each with the page it starts on', async () => {
    const doc = await decodeOfd(officeFixture(OFD_NAME));
    expect(doc.format).toBe('ofd');
    expect(doc.pageCount).toBe(2);
    expect(doc.lines.map((l) => l.text)).toEqual(OFD_SUMMARY.map((p) => p.text));
    expect(doc.lines.some((l) => l.text.includes(OFD_WRAPPED_PHRASE))).toBe(true);
    // The paragraph cut by the page break starts on page 1; everything after it is on page 2.
    const cut = doc.lines.findIndex((l) => l.text.startsWith(OFD_PAGE_CUT_PARAGRAPH));
    expect(doc.lines.map((l) => l.page)).toEqual(doc.lines.map((_, i) => (i <= cut ? 1 : 2)));
    expect(doc.removed).toEqual([
      { kind: 'page-furniture', rule: 'OFD 页码', text: '— 1 —', page: 1 },
      { kind: 'page-furniture', rule: 'OFD 页码', text: '— 2 —', page: 2 },
    ]);
  });

  it('reads text objects in reading order whatever order the file stores them in, one object per glyph included', async () => {
    const glyphs = [...'一、主要工作'].map((ch, i) => textObject(30 + i * 5, 40, ch));
    const body = [textObject(30, 60, '全年开展集中学习XX次。'), ...glyphs.reverse(), textObject(40, 20, 'XX支部工作总结')].join('');
    const doc = await readDocument({ relPath: 'x.ofd', bytes: ofdPackage([body]) });
    expect(doc.lines).toEqual([
      { text: 'XX支部工作总结', page: 1 },
      { text: '一、主要工作', page: 1 },
      { text: '全年开展集中学习XX次。', page: 1 },
    ]);
  });

  it('joins wrapped lines, ends paragraphs at short lines and sentence ends, starts them at indents and heading markers', () => {
    // Paragraphs set 20 glyphs of 5 mm to the line from x = 20 (body first lines indented 2 glyphs):
    // joining the printed lines must give the paragraphs back.
    const paragraphs = [
      { text: 'XX社区党委工作总结', x: 45, indent: 0 }, // centred title
      { text: '今年以来，社区党委坚持以党建引领基层治理，推动党的创新理论进社区、进楼栋、进家庭，全年开展学习XX次。', x: 20, indent: 2 },
      { text: '一、主要工作', x: 20, indent: 2 },
      // A list item that wraps; its continuation ends exactly at the margin without a sentence end.
      { text: '1.落实三会一课制度要求，支部书记带头讲党课X次，参加党员XXX人次，满意度达到百分之九十以上并坚持每月开展主题党日活动确保覆盖到位', x: 20, indent: 2 },
      { text: '（一）强化政治引领', x: 20, indent: 2 },
      // No indent, but the line before ended short: still a paragraph of its own.
      { text: '各支部按月开展主题党日活动，XX名党员参加。', x: 20, indent: 0 },
    ];
    const width = 20;
    const lines: PrintedLine[] = [];
    for (const p of paragraphs) {
      const glyphs = [...p.text];
      let first = true;
      while (glyphs.length > 0) {
        const room = first ? width - p.indent : width;
        lines.push(line(glyphs.splice(0, room).join(''), p.x + (first ? p.indent * 5 : 0)));
        first = false;
      }
    }
    expect(lines.length).toBeGreaterThan(paragraphs.length + 4);
    expect(joinParagraphs(lines).map((l) => l.text)).toEqual(paragraphs.map((p) => p.text));
  });

  it('puts back the space an English line wrap took, and none inside a placeholder or a number cut by a wrap', () => {
    const at = (text: string, right: number): PrintedLine => ({ page: 1, x: 20, y: 0, right, size: 5, text });
    const texts = (ls: PrintedLine[]) => joinParagraphs(ls).map((l) => l.text);
    expect(texts([at('see the Party building work report of the', 120), at('community committee.', 80), at('注册率达到', 120)])[0]).toBe(
      'see the Party building work report of the community committee.',
    );
    expect(texts([at('“学习强国”平台党员注册率达到X', 120), at('X%，人均学习积分位居全县前列。', 100)])).toEqual(['“学习强国”平台党员注册率达到XX%，人均学习积分位居全县前列。']);
    expect(texts([at('全年共发放补贴资金20', 120), at('23万元。', 60)])).toEqual(['全年共发放补贴资金2023万元。']);
  });

  it('places text set small and scaled up by a CTM where it prints', async () => {
    // Size 1 scaled ×5 and shifted 45 mm down inside a Boundary at the top of the page: it prints between the other two.
    const scaled = `<ofd:TextObject ID="7" Boundary="20 0 200 60" CTM="5 0 0 5 0 45" Font="1" Size="1"><ofd:TextCode X="0" Y="1" DeltaX="g 5 1">二、存在问题</ofd:TextCode></ofd:TextObject>`;
    const doc = await decodeOfd(ofdPackage([textObject(20, 20, '一、主要工作') + scaled + textObject(20, 60, '全年开展集中学习XX次。')]));
    expect(doc.lines.map((l) => l.text)).toEqual(['一、主要工作', '二、存在问题', '全年开展集中学习XX次。']);
  });

  it('puts runs on one baseline into one line, left to right, with a space where they stand apart', () => {
    const run = (x: number, y: number, text: string): TextRun => ({ page: 1, x, y, right: x + [...text].length * 5, size: 5, text });
    expect(printedLines([run(60, 30.4, '工作总结'), run(20, 30, 'XX支部'), run(150, 30, '2023年'), run(20, 40, '正文')]).map((l) => l.text)).toEqual([
      'XX支部 工作总结 2023年',
      '正文',
    ]);
  });

  it('expands DeltaX repeats and resolves package paths', () => {
    expect(parseDelta('g 3 5 2.5 g 2 1')).toEqual([5, 5, 5, 2.5, 1, 1]);
    expect(parseDelta(null)).toEqual([]);
    expect(resolvePath('Doc_0/Document.xml', 'Pages/Page_0/Content.xml')).toBe('Doc_0/Pages/Page_0/Content.xml');
    expect(resolvePath('Doc_0/Document.xml', '/Doc_0/Pages/../Res/a.xml')).toBe('Doc_0/Res/a.xml');
  });

  it('refuses encrypted, damaged and text-less OFDs with a reason', async () => {
    const body = textObject(20, 20, '正文');
    await expect(decodeOfd(ofdPackage([body], { docBody: '<ofd:Encryptions>Encryptions.xml</ofd:Encryptions>' }))).rejects.toThrow('加密文件，无法读取');
    await expect(readDocument({ relPath: 'x.ofd', bytes: officeFixture('损坏的 党建工作总结.ofd') })).rejects.toThrow(/损坏/);
    const noPage = Buffer.from(zipSync({ 'OFD.xml': strToU8(`<ofd:OFD xmlns:ofd="${NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`), 'Doc_0/Document.xml': strToU8(`<ofd:Document xmlns:ofd="${NS}"><ofd:Pages><ofd:Page ID="1" BaseLoc="Pages/Page_0/Content.xml"/></ofd:Pages></ofd:Document>`) }));
    await expect(decodeOfd(noPage)).rejects.toThrow('ofd 文件已损坏（缺少第 1 页 Doc_0/Pages/Page_0/Content.xml），无法读取');
    await expect(decodeOfd(ofdPackage(['<ofd:ImageObject ID="3" Boundary="0 0 210 297" ResourceID="4"/>']))).rejects.toThrow('ofd 文件没有文字层（可能是扫描件）');
  });
});
