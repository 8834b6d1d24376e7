// npm run bench:readers: read time per file of the Word 97 / WPS, RTF, ODT and OFD readers — the
// committed fixtures (a two-page summary each) and long synthetic documents (a year's compilation:
// 2,000 paragraphs; an OFD of 100 pages), median of several runs after a warm-up. The machine is
// shared: compare figures of one run only.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { PROJECT_ROOT } from '../src/core/config.js';
import { readDocument } from '../ingest/readers/index.js';

const OFFICE = path.join(PROJECT_ROOT, 'test', 'fixtures', 'office');
const PARAGRAPH = '坚持把政治标准放在首位，上半年发展党员X名，其中35岁以下青年农民X名，对流动党员建立台账，落实“线上+线下”双向管理，推动党的创新理论深入人心。';

async function time(label: string, name: string, bytes: Buffer, runs: number): Promise<string> {
  await readDocument({ relPath: name, bytes }); // loads the reader's modules
  const ms: number[] = [];
  let lines = 0;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    lines = (await readDocument({ relPath: name, bytes })).lines.length;
    ms.push(performance.now() - t0);
  }
  ms.sort((a, b) => a - b);
  return `| ${label} | ${(bytes.length / 1024).toFixed(1)} KB | ${lines} | ${ms[Math.floor(runs / 2)]!.toFixed(1)} ms |`;
}

/** 2,000 paragraphs of RTF as a Chinese Word writes them (\uN with a ? fallback). */
function longRtf(): Buffer {
  const esc = (s: string) => [...s].map((c) => (c.charCodeAt(0) < 128 ? c : `\\u${c.charCodeAt(0)}?`)).join('');
  const body = Array.from({ length: 2000 }, (_, i) => (i % 20 === 0 ? `\\pard\\outlinelevel0 ${esc(`${i / 20 + 1}.工作`)}\\par\n` : `\\pard ${esc(PARAGRAPH)}\\par\n`)).join('');
  return Buffer.from(`{\\rtf1\\ansi\\ansicpg936\\uc1{\\fonttbl{\\f0\\fcharset134 SimSun;}}\n${body}}`, 'latin1');
}

/** 2,000 paragraphs of ODT. */
function longOdt(): Buffer {
  const ns = 'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"';
  const body = Array.from({ length: 2000 }, (_, i) => (i % 20 === 0 ? `<text:h text:outline-level="1">${i / 20 + 1}.工作</text:h>` : `<text:p>${PARAGRAPH}</text:p>`)).join('');
  return Buffer.from(
    zipSync({
      mimetype: strToU8('application/vnd.oasis.opendocument.text'),
      'content.xml': strToU8(`<office:document-content ${ns}><office:body><office:text>${body}</office:text></office:body></office:document-content>`),
    }),
  );
}

/** An OFD of 100 A4 pages, 22 printed lines of 28 characters each, paragraphs of 3–4 lines. */
function longOfd(): Buffer {
  const NS = 'http://www.ofdspec.org/2016';
  const files: Record<string, Uint8Array> = {};
  const text = PARAGRAPH.repeat(2);
  let id = 1;
  for (let p = 0; p < 100; p++) {
    let objects = '';
    for (let i = 0; i < 22; i++) {
      const first = (p * 22 + i) % 4 === 0;
      const chars = [...text].slice(((p * 22 + i) % 4) * 26, ((p * 22 + i) % 4) * 26 + (first ? 26 : 28)).join('');
      const x = 27 + (first ? 11.2 : 0);
      objects += `<ofd:TextObject ID="${id++}" Boundary="${x} ${37 + i * 10} 160 7" Font="1" Size="5.6"><ofd:TextCode X="0" Y="5" DeltaX="g ${[...chars].length - 1} 5.6">${chars}</ofd:TextCode></ofd:TextObject>`;
    }
    files[`Doc_0/Pages/Page_${p}/Content.xml`] = strToU8(`<ofd:Page xmlns:ofd="${NS}"><ofd:Content><ofd:Layer ID="${id++}">${objects}</ofd:Layer></ofd:Content></ofd:Page>`);
  }
  files['OFD.xml'] = strToU8(`<ofd:OFD xmlns:ofd="${NS}"><ofd:DocBody><ofd:DocRoot>Doc_0/Document.xml</ofd:DocRoot></ofd:DocBody></ofd:OFD>`);
  files['Doc_0/Document.xml'] = strToU8(
    `<ofd:Document xmlns:ofd="${NS}"><ofd:Pages>${Array.from({ length: 100 }, (_, i) => `<ofd:Page ID="${i + 1}" BaseLoc="Pages/Page_${i}/Content.xml"/>`).join('')}</ofd:Pages></ofd:Document>`,
  );
  return Buffer.from(zipSync(files));
}

const rows = [
  '| file | size | lines | median read time |',
  '| --- | --- | --- | --- |',
  await time('Word 97 .doc (fixture)', 'a.doc', readFileSync(path.join(OFFICE, '教育局机关党支部 2022年度党建工作总结.doc')), 30),
  await time('WPS .wps (fixture)', 'a.wps', readFileSync(path.join(OFFICE, '卫生健康局机关党支部 2022年度党建工作总结.wps')), 30),
  await time('RTF (fixture)', 'a.rtf', readFileSync(path.join(OFFICE, '教育局机关党支部 2022年度党建工作总结.rtf')), 30),
  await time('ODT (fixture)', 'a.odt', readFileSync(path.join(OFFICE, '教育局机关党支部 2022年度党建工作总结.odt')), 30),
  await time('OFD, 2 pages (fixture)', 'a.ofd', readFileSync(path.join(OFFICE, 'XX乡党委 2023年上半年基层党建工作总结.ofd')), 30),
  await time('RTF, 2,000 paragraphs (synthetic)', 'long.rtf', longRtf(), 5),
  await time('ODT, 2,000 paragraphs (synthetic)', 'long.odt', longOdt(), 5),
  await time('OFD, 100 pages (synthetic)', 'long.ofd', longOfd(), 5),
];
console.log(rows.join('\n'));
