// Builds .docx files from WordprocessingML fragments for the reader tests: a body (and optional
// styles, footnotes, endnotes) wrapped in the parts Word writes, zipped with jszip. tinyParagraphsDocx()
// makes the file of issue 17: a few hundred KB of docx whose document.xml is megabytes of tiny paragraphs.
import JSZip from 'jszip';

export const W_NS = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';
const NS_DECL =
  `xmlns:w="${W_NS}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" ` +
  'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" ' +
  'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" mc:Ignorable="wps"';

export const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A paragraph of one run; '\n' in the text becomes a soft line break. */
export function para(text: string, styleId?: string): string {
  const pPr = styleId ? `<w:pPr><w:pStyle w:val="${styleId}"/></w:pPr>` : '';
  const runs = text
    .split('\n')
    .map((t) => `<w:t xml:space="preserve">${xmlEscape(t)}</w:t>`)
    .join('<w:br/>');
  return `<w:p>${pPr}<w:r>${runs}</w:r></w:p>`;
}

export const style = (styleId: string, name: string) =>
  `<w:style w:type="paragraph" w:styleId="${styleId}"><w:name w:val="${name}"/><w:basedOn w:val="Normal"/></w:style>`;

export const DEFAULT_STYLES = [style('Title', 'Title'), style('Heading1', 'heading 1'), style('Heading2', 'heading 2'), style('a3', '标题 3'), style('2', 'Heading 4')];

export interface DocxParts {
  body: string;
  styles?: string[];
  footnotes?: Record<string, string>;
  endnotes?: Record<string, string>;
}

function notesXml(kind: 'footnote' | 'endnote', notes: Record<string, string>): string {
  const sep = `<w:${kind} w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:${kind}>`;
  const items = Object.entries(notes).map(([id, body]) => `<w:${kind} w:id="${id}">${body}</w:${kind}>`);
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:${kind}s ${NS_DECL}>${sep}${items.join('')}</w:${kind}s>`;
}

export async function buildDocx(parts: DocxParts): Promise<Buffer> {
  const rel = (id: string, type: string, target: string) =>
    `<Relationship Id="${id}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/>`;
  const zip = new JSZip();
  const date = new Date('2024-01-01T00:00:00Z');
  const add = (name: string, text: string) => zip.file(name, text, { date, createFolders: false });
  add(
    '[Content_Types].xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>' +
      '<Override PartName="/word/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.styles+xml"/>' +
      (parts.footnotes ? '<Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/>' : '') +
      (parts.endnotes ? '<Override PartName="/word/endnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.endnotes+xml"/>' : '') +
      '</Types>',
  );
  add('_rels/.rels', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rel('rId1', 'officeDocument', 'word/document.xml')}</Relationships>`);
  add(
    'word/_rels/document.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      rel('rId1', 'styles', 'styles.xml') +
      (parts.footnotes ? rel('rId2', 'footnotes', 'footnotes.xml') : '') +
      (parts.endnotes ? rel('rId3', 'endnotes', 'endnotes.xml') : '') +
      '<Relationship Id="rId9" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="http://example.org/" TargetMode="External"/>' +
      '</Relationships>',
  );
  add('word/document.xml', `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document ${NS_DECL}><w:body>${parts.body}<w:sectPr/></w:body></w:document>`);
  add(
    'word/styles.xml',
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles xmlns:w="${W_NS}"><w:style w:type="paragraph" w:default="1" w:styleId="Normal"><w:name w:val="Normal"/></w:style>${(parts.styles ?? DEFAULT_STYLES).join('')}</w:styles>`,
  );
  if (parts.footnotes) add('word/footnotes.xml', notesXml('footnote', parts.footnotes));
  if (parts.endnotes) add('word/endnotes.xml', notesXml('endnote', parts.endnotes));
  return zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
}

/** Deterministic pseudo-random numbers (mulberry32), so a generated file is the same every run. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The docx of issue 17: `paragraphs` tiny paragraphs of one or two common Chinese characters each
 * (varied, so it deflates like a real file: ~6 MB of XML in ~600 KB of docx at 150,000).
 */
export async function tinyParagraphsDocx(paragraphs: number, seed = 17): Promise<Buffer> {
  const rnd = seeded(seed);
  const chars = '党建工作总结支部组织学习教育制度落实群众服务基层领导干部思想政治理论作风纪律廉政';
  const parts: string[] = [];
  for (let i = 0; i < paragraphs; i++) {
    const n = 1 + Math.floor(rnd() * 2);
    let t = '';
    for (let k = 0; k < n; k++) t += chars[Math.floor(rnd() * chars.length)];
    parts.push(`<w:p><w:r><w:t>${t}${i % 97}</w:t></w:r></w:p>`);
  }
  return buildDocx({ body: parts.join('') });
}
