// The exported file of a 素材篮: a Word document built with the `docx` library (a heading, then per
// excerpt its text and its citation in a smaller grey style, and the note) or the same as plain text.
import { AlignmentType, Document, HeadingLevel, Packer, Paragraph, TextRun } from 'docx';
import type { Excerpt } from '../services/export-service.js';
import { citation } from './citation.js';

const DEFAULT_TITLE = '素材汇编';

export interface ExportFile {
  fileName: string;
  mimeType: string;
  bytes: Buffer;
  items: number;
}

/** A title that is also a file name on Windows: no path or reserved characters, not empty. */
export function cleanTitle(raw: string | undefined): string {
  const t = (raw ?? '').replace(/[\\/:*?"<>|\p{Cc}]/gu, ' ').replace(/\s+/g, ' ').trim().replace(/^\.+/, '').trim();
  return t || DEFAULT_TITLE;
}

export async function exportFile(rawTitle: string | undefined, excerpts: Excerpt[], format: 'docx' | 'txt'): Promise<ExportFile> {
  const title = cleanTitle(rawTitle);
  if (format === 'txt') {
    return { fileName: `${title}.txt`, mimeType: 'text/plain; charset=utf-8', bytes: Buffer.from(plainText(title, excerpts), 'utf8'), items: excerpts.length };
  }
  return {
    fileName: `${title}.docx`,
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    bytes: await wordDocument(title, excerpts),
    items: excerpts.length,
  };
}

/** Plain text: the title, then per excerpt its text, the citation and the note; CRLF for Notepad. */
export function plainText(title: string, excerpts: Excerpt[]): string {
  const lines = [title, ''];
  excerpts.forEach((e, i) => {
    lines.push(`${i + 1}. ${e.text.split('\n').join('\r\n   ')}`);
    lines.push(`   —— ${citation(e.section)}`);
    if (e.note) lines.push(`   注：${e.note}`);
    lines.push('');
  });
  return lines.join('\r\n');
}

async function wordDocument(title: string, excerpts: Excerpt[]): Promise<Buffer> {
  const children: Paragraph[] = [new Paragraph({ text: title, heading: HeadingLevel.HEADING_1, alignment: AlignmentType.CENTER, spacing: { after: 240 } })];
  excerpts.forEach((e, i) => {
    e.text.split('\n').forEach((line, k) => {
      children.push(new Paragraph({ children: [new TextRun({ text: k === 0 ? `${i + 1}. ${line}` : line })], spacing: { after: 60 } }));
    });
    // The citation in a smaller, grey run: it must be there, and must not compete with the text.
    children.push(new Paragraph({ children: [new TextRun({ text: `—— ${citation(e.section)}`, size: 18, color: '666666' })], spacing: { after: e.note ? 60 : 240 } }));
    if (e.note) children.push(new Paragraph({ children: [new TextRun({ text: `注：${e.note}`, size: 18, italics: true })], spacing: { after: 240 } }));
  });
  const doc = new Document({
    title,
    creator: '党建文稿检索',
    styles: { default: { document: { run: { font: { eastAsia: '宋体', ascii: 'Times New Roman', hAnsi: 'Times New Roman' }, size: 24 } } } },
    sections: [{ children }],
  });
  return Packer.toBuffer(doc);
}
