// The ODT reader: a LibreOffice .odt read back paragraph for paragraph with its outline levels;
// the ODF structures a summary uses (lists, tables, line breaks, styled headings as WPS writes them)
// in reading order; notes, comments, frames, tables of contents and deleted changes left out;
// password-protected, corrupt and zip-bomb files refused.
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { decodeOdt, odtLines } from '../../ingest/readers/odt.js';
import { OFFICE_SUMMARY } from '../fixtures/office-fixtures.js';
import { expectedLines, officeFixture, SUMMARY_NAME } from '../fixtures/office-files.js';

const NS =
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" ' +
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" ' +
  'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"';
const content = (styles: string, body: string) =>
  `<?xml version="1.0" encoding="UTF-8"?><office:document-content ${NS}><office:automatic-styles>${styles}</office:automatic-styles><office:body><office:text>${body}</office:text></office:body></office:document-content>`;

describe('odt reader', () => {
  it('reads every paragraph of a LibreOffice .odt with the outline level of its headings', async () => {
    const doc = await decodeOdt(officeFixture(`${SUMMARY_NAME}.odt`));
    expect(doc.format).toBe('odt');
    expect(doc.lines).toEqual(expectedLines(OFFICE_SUMMARY, true));
  });

  it('reads lists, tables and line breaks in order, and headings set as styled paragraphs', () => {
    const styles =
      '<style:style style:name="WPS标题1" style:family="paragraph" style:default-outline-level="1"/>' +
      '<style:style style:name="P7" style:family="paragraph" style:parent-style-name="WPS标题1"/>';
    const body =
      '<text:sequence-decls><text:sequence-decl text:display-outline-level="0" text:name="Table"/></text:sequence-decls>' +
      '<text:table-of-content><text:index-body><text:p>一、主要工作……1</text:p></text:index-body></text:table-of-content>' +
      '<text:p text:style-name="P7">一、主要工作</text:p>' +
      '<text:p>全年召开党员大会<text:s text:c="2"/>XX次<text:note text:note-class="footnote"><text:note-citation>1</text:note-citation><text:note-body><text:p>脚注</text:p></text:note-body></text:note>，<text:line-break/>发展党员X名。<office:annotation><text:p>批注</text:p></office:annotation></text:p>' +
      '<text:list><text:list-item><text:p>1.落实“三会一课”</text:p></text:list-item><text:list-item><text:list><text:list-item><text:h text:outline-level="3">（1）支部书记讲党课</text:h></text:list-item></text:list></text:list-item></text:list>' +
      '<table:table><table:table-row><table:table-cell><text:p>指标</text:p></table:table-cell><table:table-cell><text:p>数量</text:p></table:table-cell></table:table-row></table:table>' +
      '<text:p><draw:frame><draw:text-box><text:p>文本框</text:p></draw:text-box></draw:frame>结束语</text:p>' +
      '<text:tracked-changes><text:changed-region><text:deletion><text:p>删除的旧文字</text:p></text:deletion></text:changed-region></text:tracked-changes>';
    expect(odtLines(content(styles, body))).toEqual([
      { text: '一、主要工作', styleLevel: 1 },
      { text: '全年召开党员大会  XX次，' },
      { text: '发展党员X名。' },
      { text: '1.落实“三会一课”' },
      { text: '（1）支部书记讲党课', styleLevel: 3 },
      { text: '指标' },
      { text: '数量' },
      { text: '结束语' },
    ]);
  });

  it('refuses a password-protected .odt as encrypted and a truncated one as damaged', async () => {
    await expect(decodeOdt(officeFixture('加密的 党建工作总结.odt'))).rejects.toThrow('加密文件，无法读取');
    await expect(decodeOdt(officeFixture('损坏的 党建工作总结.odt'))).rejects.toThrow(/odt 文件已损坏/);
    const broken = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': strToU8('<office:document-content') });
    await expect(decodeOdt(Buffer.from(broken))).rejects.toThrow(/odt 文件已损坏（content\.xml 不是完整的 XML/);
  });

  it('refuses an .odt whose content.xml would inflate far beyond its size before inflating it', async () => {
    const bomb = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.text'), 'content.xml': new Uint8Array(8 * 1024 * 1024).fill(0x20) }, { level: 9 });
    await expect(decodeOdt(Buffer.from(bomb))).rejects.toThrow(/odt 解压后过大，疑似压缩炸弹.*content\.xml 压缩比/);
  });
});
