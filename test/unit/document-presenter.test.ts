// The viewer's view-model: sections placed in the cleaned text by their offsets, part headings
// between them, and every occurrence of the query marked once — checked against a count of the
// occurrences in the cleaned text itself.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { processFile } from '../../ingest/process-file.js';
import { SECTION_DISPLAY_FIELDS } from '../../src/core/index-schema.js';
import { presentDocument, presentDocumentDetail } from '../../src/web/presenters/document.js';
import type { DocumentDetail } from '../../src/web/services/documents-service.js';
import type { SectionHit } from '../../src/web/services/search-service.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

/** A document as the documents service would return it, built by the real pipeline. */
async function detailOf(rel: string): Promise<DocumentDetail> {
  const { documents } = await processFile({ relPath: path.basename(rel), bytes: readFileSync(path.join(ROOT, rel)) }, '2026-01-01T00:00:00.000Z');
  const p = documents[0]!;
  const sections = p.sections.map((s) => Object.fromEntries(SECTION_DISPLAY_FIELDS.map((k) => [k, s[k]])) as unknown as SectionHit);
  return { ...p.document, cleanedText: p.blobs.cleanedText, sections };
}

const occurrences = (text: string, term: string) => text.split(term).length - 1;
const strip = (html: string) => html.replace(/<[^>]+>/g, '').replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'");

const FILES = [
  'corpus/sample/XX县供销社机关党支部2023年上半年党建工作总结.txt',
  'corpus/sample/2023年支部工作总结.txt',
  'corpus/sample/党支部2023年上半年工作总结（无标题）.txt',
  'test/fixtures/encodings/学校 "2022" 年度党建工作总结 gb18030.txt',
];

describe('presentDocument', () => {
  for (const rel of FILES) {
    it(`shows all of ${path.basename(rel)} once, in reading order, headings apart from their bodies`, async () => {
      const d = await detailOf(rel);
      const view = presentDocument(d, []);
      const shown: string[] = [];
      for (const s of view.sections) {
        for (const p of s.parts) shown.push(strip(p.html));
        if (s.headingHtml) shown.push(strip(s.headingHtml));
        shown.push(...s.paragraphsHtml.map(strip));
      }
      shown.push(...view.trailingHtml.map(strip));
      // A heading with its body on the same line is shown as a heading and a paragraph, so compare
      // the characters, not the lines. The title line is the page's <h1>, not repeated in the body.
      const lines = d.cleanedText.split('\n');
      const titleAt = d.titleDerived ? -1 : lines.findIndex((l) => l.trim() !== '');
      const body = lines.filter((_, i) => i !== titleAt).join('');
      const squash = (t: string) => t.replace(/\s+/gu, '');
      expect(squash(shown.join(''))).toBe(squash(body));
      expect(shown.every((l) => l.trim() !== '')).toBe(true);
    });
  }

  it('marks every occurrence of a term in the body once, and counts them per section and in all', async () => {
    const d = await detailOf('corpus/sample/2023年支部工作总结.txt');
    for (const term of ['党员', '支部', '学习']) {
      const view = presentDocument(d, [term]);
      const bodyText = d.cleanedText.split('\n').filter((l) => l.trim() !== d.title).join('\n');
      expect(view.matchTotal, term).toBe(occurrences(bodyText, term));
      expect(view.sections.reduce((n, s) => n + s.matchCount, 0) + view.sections.flatMap((s) => s.parts).reduce((n, p) => n + (p.html.match(/<mark>/g)?.length ?? 0), 0)).toBe(view.matchTotal);
    }
  });

  it('gives each section one anchor in the table of contents, at its depth in the heading path', async () => {
    const d = await detailOf('corpus/sample/XX县供销社机关党支部2023年上半年党建工作总结.txt');
    const view = presentDocument(d, []);
    const hrefs = view.toc.map((t) => t.href);
    for (const s of view.sections) expect(hrefs).toContain(`#section-${s.id}`);
    const partAnchors = view.sections.flatMap((s) => s.parts.filter((p) => p.kind === 'heading').map((p) => `#${p.anchor}`));
    for (const a of partAnchors) expect(hrefs).toContain(a);
    expect(new Set(hrefs).size).toBe(hrefs.length);
    const deep = view.sections.find((s) => s.headingPath.length === 2)!;
    expect(view.toc.find((t) => t.href === `#section-${deep.id}`)!.depth).toBe(1);
    expect(view.originalUrl).toBe(`/documents/${d.docId}/original`);
  });

  it('escapes the text: markup in a document is shown, never interpreted', async () => {
    const d = await detailOf('corpus/sample/2023年支部工作总结.txt');
    const s = d.sections[1]!;
    const evil = { ...d, cleanedText: d.cleanedText.slice(0, s.start) + d.cleanedText.slice(s.start, s.end).replace(s.text, `<b>${s.text}</b>`) + d.cleanedText.slice(s.end) };
    evil.sections = d.sections.map((x) => (x.id === s.id ? { ...x, text: `<b>${x.text}</b>`, end: x.end + 7 } : x));
    const view = presentDocument(evil, []);
    const shown = view.sections.find((x) => x.id === s.id)!;
    expect(shown.textHtml).toContain('&lt;b&gt;');
    expect(shown.textHtml).not.toContain('<b>');
  });
});

describe('presentDocumentDetail', () => {
  it('answers the metadata and every section with its viewer link, without the cleaned text', async () => {
    const d = await detailOf('corpus/sample/2023年支部工作总结.txt');
    const api = presentDocumentDetail(d);
    expect(api).not.toHaveProperty('cleanedText');
    expect(api.sections).toHaveLength(d.sections.length);
    expect(api.sections[3]!.url).toBe(`/documents/${d.docId}#section-${d.sections[3]!.id}`);
  });
});
