// Word 97 / WPS, RTF, ODT and OFD through the real pipeline into a real engine, by the CLI's
// ingestion and by upload: metadata, sections along the heading hierarchy, pages of the OFD on
// sections, hits and the viewer, a 原文 phrase found across an OFD line wrap and page break,
// encrypted and damaged files refused with their reason, renamed files read as what they are; and
// text recognised from a scan (OCR) said so in the API, on the hit and in the viewer.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccountAdmin } from '../../src/core/store/account-admin.js';
import { AccountStore } from '../../src/core/store/accounts.js';
import { AuditLog } from '../../src/core/store/audit.js';
import { SessionTable } from '../../src/core/store/sessions.js';
import { OFD_LINE_CHARS, OFD_PAGE_CUT_PARAGRAPH, OFD_SUMMARY, OFD_WRAPPED_PHRASE, OFFICE_SUMMARY, WPS_SUMMARY } from '../fixtures/office-fixtures.js';
import { indexDecoded, SCANNED_SUMMARY } from '../helpers/decoded.js';
import { startTestEngine, type TestEngine } from '../helpers/engine.js';
import { OFD_NAME, OFFICE_DIR, officeFixture, SUMMARY_NAME, WPS_NAME } from '../fixtures/office-files.js';
import { PASSWORD, signIn, startPortal, type TestPortal } from '../helpers/portal.js';

let engine: TestEngine;
let app: ReturnType<TestEngine['app']>;
let archive: string;

interface ApiSection {
  heading: string;
  headingPath: string[];
  page: number | null;
  ocr: boolean;
  text: string;
  originalUrl: string;
}
interface ApiDocument {
  docId: string;
  sourceFile: string;
  format: string;
  title: string;
  year: number | null;
  period: string;
  pageCount: number | null;
  ocr: boolean;
}

const ARCHIVE_FILES = [
  `${SUMMARY_NAME}.doc`,
  `${SUMMARY_NAME}.odt`,
  `${SUMMARY_NAME}（其实是docx）.doc`,
  OFD_NAME,
  '加密的 党建工作总结.doc',
  '加密的 党建工作总结.docx',
  '加密的 党建工作总结.odt',
  '损坏的 党建工作总结.doc',
  '损坏的 党建工作总结.odt',
  '损坏的 党建工作总结.ofd',
];

const documents = async (): Promise<ApiDocument[]> => (await request(app).get('/api/documents').expect(200)).body.documents;
const docBySource = async (source: string) => (await documents()).find((d) => d.sourceFile === source)!;
const sectionsOf = async (docId: string): Promise<ApiSection[]> => (await request(app).get(`/api/documents/${docId}`).expect(200)).body.sections;
const exact = async (q: string) => (await request(app).get('/api/search?mode=exact&q=' + encodeURIComponent(q)).expect(200)).body;

beforeAll(async () => {
  engine = await startTestEngine();
  app = engine.app();
  archive = mkdtempSync(path.join(os.tmpdir(), 'dj-office-'));
  for (const f of ARCHIVE_FILES) cpSync(path.join(OFFICE_DIR, f), path.join(archive, f));
});
afterAll(async () => {
  rmSync(archive, { recursive: true, force: true });
  await engine?.stop();
});

describe('an archive folder of Word 97, ODT and OFD files', () => {
  it('indexes every readable file and names each encrypted or damaged one with its reason', async () => {
    const report = await engine.ingest([archive]);
    const reasons = Object.fromEntries(report.skipped.map((s) => [s.relPath, s.reason]));
    expect(reasons).toEqual({
      '加密的 党建工作总结.doc': '加密文件，无法读取',
      '加密的 党建工作总结.docx': '加密文件，无法读取',
      '加密的 党建工作总结.odt': '加密文件，无法读取',
      '损坏的 党建工作总结.doc': expect.stringMatching(/^文件已损坏/),
      '损坏的 党建工作总结.odt': expect.stringMatching(/^odt 文件已损坏/),
      '损坏的 党建工作总结.ofd': expect.stringMatching(/^文件已损坏/),
    });
    expect(report.indexed).toBe(4);
    expect(report.documentsInIndex).toBe(4);
  });

  it('reads each format by its bytes and finds the same metadata in all of them', async () => {
    const docs = await documents();
    const bySource = Object.fromEntries(docs.map((d) => [d.sourceFile, d]));
    for (const [file, format] of [
      [`${SUMMARY_NAME}.doc`, 'doc'],
      [`${SUMMARY_NAME}.odt`, 'odt'],
      [`${SUMMARY_NAME}（其实是docx）.doc`, 'docx'],
    ] as const) {
      expect(bySource[file], file).toMatchObject({ format, title: OFFICE_SUMMARY[0]!.text, year: 2022, period: '全年', pageCount: null, ocr: false });
    }
    expect(bySource[OFD_NAME]).toMatchObject({ format: 'ofd', title: OFD_SUMMARY[0]!.text, year: 2023, period: '上半年', pageCount: 2, ocr: false });
    const detail = (await request(app).get(`/api/documents/${bySource[OFD_NAME]!.docId}`).expect(200)).body;
    expect(detail).toMatchObject({ format: 'ofd', mimeType: 'application/ofd', pageCount: 2 });
  });

  it('splits sections along the heading hierarchy, from styles (ODT) and from markers (Word 97)', async () => {
    for (const file of [`${SUMMARY_NAME}.doc`, `${SUMMARY_NAME}.odt`]) {
      const sections = await sectionsOf((await docBySource(file)).docId);
      const first = sections.find((s) => s.heading.startsWith('1.落实'));
      expect(first?.headingPath, file).toEqual(['一、主要工作及成效', '（一）突出政治引领，筑牢思想根基', '1.落实“第一议题”制度']);
      expect(first?.text, file).toMatch(/^支部委员会会议坚持把学习/);
      expect(sections.every((s) => s.page === null)).toBe(true);
    }
  });

  it('gives each OFD section the page it starts on, in the API and in the viewer', async () => {
    const ofd = await docBySource(OFD_NAME);
    const sections = await sectionsOf(ofd.docId);
    const page = (heading: string) => sections.find((s) => s.heading === heading)?.page;
    expect(page('（一）强化政治引领')).toBe(1);
    expect(page('1.抓好村干部队伍建设')).toBe(1);
    expect(page('2.抓好党员发展和管理')).toBe(2);
    expect(page('三、下半年工作打算')).toBe(2);
    const second = sections.find((s) => s.page === 2)!;
    expect(second.originalUrl).toBe(`/documents/${ofd.docId}/original#page=2`);
    const html = (await request(app).get(`/documents/${ofd.docId}`).expect(200)).text;
    expect(html).toContain('data-section-page="2"');
    expect(html).toContain('原件第 2 页');
    // OFD is not shown by browsers: the original downloads, with its content type.
    const original = await request(app).get(`/documents/${ofd.docId}/original`).expect(200);
    expect(original.headers['content-type']).toMatch(/^application\/ofd/);
    expect(original.headers['content-disposition']).toMatch(/^attachment;/);
  });

  it('finds a 原文 phrase printed across an OFD line wrap, and one across its page break, with the page', async () => {
    const ofd = await docBySource(OFD_NAME);
    const wrapped = await exact(OFD_WRAPPED_PHRASE);
    const hit = wrapped.hits.find((h: { docId: string }) => h.docId === ofd.docId);
    expect(hit).toMatchObject({ page: 1, ocr: false, originalUrl: `/documents/${ofd.docId}/original#page=1` });
    // The paragraph cut by the page break: its first printed line is indented two characters.
    const paragraph = OFD_SUMMARY.find((p) => p.text.startsWith(OFD_PAGE_CUT_PARAGRAPH))!.text;
    const cut = OFD_LINE_CHARS - 2;
    const acrossPages = paragraph.slice(cut - 5, cut + 5);
    const across = await exact(acrossPages);
    expect(across.hits.map((h: { docId: string; page: number }) => [h.docId, h.page])).toEqual([[ofd.docId, 1]]);
    // And the search page says where it is.
    const page = (await request(app).get('/?mode=exact&q=' + encodeURIComponent(acrossPages)).expect(200)).text;
    expect(page).toContain('原件第 1 页');
  });
});

describe('text recognised from a scan', () => {
  beforeAll(async () => {
    // What an OCR reader hands the pipeline, written to the engine as the ingester writes it.
    await indexDecoded(engine, '扫描件/村党支部2021年度工作总结.pdf', Buffer.from('scan-bytes-2021'), SCANNED_SUMMARY);
  });

  it('says so on the document, its sections and its hits, with the page of the original', async () => {
    const doc = await docBySource('扫描件/村党支部2021年度工作总结.pdf');
    expect(doc).toMatchObject({ ocr: true, pageCount: 2 });
    const sections = await sectionsOf(doc.docId);
    expect(sections.map((s) => [s.heading, s.page, s.ocr])).toEqual([
      ['XX村党支部2021年度工作总结', 1, true],
      ['一、加强班子建设', 1, true],
      ['二、服务群众', 2, true],
    ]);
    const res = await exact('扫描识别专用短语甲乙丙');
    expect(res.hits).toHaveLength(1);
    expect(res.hits[0]).toMatchObject({ docId: doc.docId, page: 1, ocr: true, ocrNote: expect.stringContaining('识别错误') });
  });

  it('tells the reader on the hit and in the viewer, with the original one click away', async () => {
    const doc = await docBySource('扫描件/村党支部2021年度工作总结.pdf');
    const results = (await request(app).get('/?mode=exact&q=' + encodeURIComponent('扫描识别专用短语甲乙丙')).expect(200)).text;
    expect(results).toMatch(/data-ocr[^>]*>[\s\S]*?扫描识别[\s\S]*?href="\/documents\/[0-9a-f]{16}\/original#page=1"/);
    const viewer = (await request(app).get(`/documents/${doc.docId}`).expect(200)).text;
    expect(viewer).toMatch(/data-ocr[\s\S]*?识别错误[\s\S]*?<a href="\/documents\/[0-9a-f]{16}\/original"/);
  });
});

describe('uploading Word 97 / WPS and RTF files', () => {
  let portal: TestPortal;
  let editor: Awaited<ReturnType<typeof signIn>>;

  beforeAll(async () => {
    portal = await startPortal(engine);
    const admins = AccountAdmin.forDatabase(portal.db);
    await admins.add('editor1', 'editor', PASSWORD, { user: 'test', ip: null });
    editor = await signIn(portal, 'editor1', PASSWORD, '10.6.0.1');
  });
  afterAll(async () => {
    await portal?.close();
  });

  it('lists the accepted formats on the upload page', async () => {
    const html = (await editor.get('/upload').expect(200)).text;
    expect(html).toMatch(/accept="[^"]*\.doc,\.wps,\.rtf,\.odt,\.ofd/);
    expect(html).toContain('Word 97-2003 / WPS（.doc、.wps）');
    expect(html).toContain('OFD 版式文档（.ofd）');
    expect(html).toContain('设了打开密码的文件无法读取');
  });

  it('indexes a .wps and an .rtf, reads a .doc that is really RTF as RTF, and refuses an encrypted file', async () => {
    const rtf = officeFixture(`${SUMMARY_NAME}.rtf`);
    // Same text, other bytes (a trailing line end): not a duplicate of the .rtf, read by its content.
    const renamed = Buffer.concat([rtf, Buffer.from('\r\n')]);
    const res = await editor
      .post('/api/documents')
      .attach('files', officeFixture(WPS_NAME), 'WPS 党建工作总结.wps')
      .attach('files', rtf, 'RTF 党建工作总结.rtf')
      .attach('files', renamed, '其实是RTF 党建工作总结.doc')
      .attach('files', officeFixture('加密的 党建工作总结.doc'), '加密 党建工作总结.doc')
      .expect(200);
    const byName = Object.fromEntries(res.body.files.map((f: { name: string }) => [f.name, f]));
    expect(byName['加密 党建工作总结.doc']).toEqual({ name: '加密 党建工作总结.doc', status: 'skipped', reason: '加密文件，无法读取' });
    for (const name of ['WPS 党建工作总结.wps', 'RTF 党建工作总结.rtf', '其实是RTF 党建工作总结.doc']) expect(byName[name].status, name).toBe('indexed');
    const wps = (await editor.get(`/api/documents/${byName['WPS 党建工作总结.wps'].docId}`).expect(200)).body;
    expect(wps).toMatchObject({ format: 'doc', title: WPS_SUMMARY[0]!.text, sourceFile: '上传/WPS 党建工作总结.wps', mimeType: 'application/msword' });
    const renamedDoc = (await editor.get(`/api/documents/${byName['其实是RTF 党建工作总结.doc'].docId}`).expect(200)).body;
    expect(renamedDoc).toMatchObject({ format: 'rtf', title: OFFICE_SUMMARY[0]!.text, year: 2022 });
    expect(renamedDoc.sections.find((s: ApiSection) => s.heading === '（二）夯实组织基础，规范支部建设').headingPath).toEqual([
      '一、主要工作及成效',
      '（二）夯实组织基础，规范支部建设',
    ]);
  });
});
