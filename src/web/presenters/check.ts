// The 查重 presenter: one view-model of a check for the API and the page, and the 类似表述 lists.
import type { CheckOutcome, SimilarSection } from '../services/check-service.js';
import type { SectionText } from '../services/search-service.js';
import { citation } from './citation.js';
import { viewerUrl } from './format.js';
import { escapeHtml, markRanges, type Range } from './highlight.js';

/** The viewer opened at the source section with the shared wording found (原文) and marked. */
const sourceUrl = (docId: string, sectionId: string, shared: string) => viewerUrl(docId, sectionId, shared.slice(0, 200), 'exact');

export function presentCheckApi(o: CheckOutcome) {
  return {
    chars: o.chars,
    copiedChars: o.copiedChars,
    ratio: o.ratio,
    passages: o.passages.map((p) => ({
      start: p.start,
      end: p.end,
      text: p.text,
      similarity: p.similarity,
      sources: p.sources.map((s) => ({ sectionId: s.sectionId, docId: s.docId, docTitle: s.docTitle, year: s.year, url: sourceUrl(s.docId, s.sectionId, s.sharedText) })),
    })),
    stockPhrases: o.stockPhrases.map((s) => ({ start: s.start, end: s.end, text: s.text, documents: s.documents })),
    stock: { share: o.stock.share, minDocuments: o.stock.minDocuments, documents: o.stockDocuments, totalDocuments: o.totalDocuments },
  };
}

const percent = (x: number) => `${(Math.round(x * 1000) / 10).toFixed(1)}%`;

export function presentCheckPage(o: CheckOutcome) {
  // The draft as submitted, each passage marked (copied or 常用表述) and numbered for the list below.
  const marks = [
    ...o.passages.map((p, i) => ({ start: p.start, end: p.end, cls: p.similarity >= 0.99 ? 'copied' : 'copied near', id: `p${i + 1}`, n: i + 1 })),
    ...o.stockPhrases.map((s) => ({ start: s.start, end: s.end, cls: 'stock', id: '', n: 0 })),
  ].sort((a, b) => a.start - b.start);
  let html = '';
  let pos = 0;
  for (const m of marks) {
    html += escapeHtml(o.text.slice(pos, m.start));
    const title = m.n ? `第 ${m.n} 处` : '常用表述（不计入重复率）';
    html += `<mark class="${m.cls}"${m.id ? ` id="${m.id}"` : ''} title="${title}">${escapeHtml(o.text.slice(m.start, m.end))}${m.n ? `<sup>${m.n}</sup>` : ''}</mark>`;
    pos = m.end;
  }
  html += escapeHtml(o.text.slice(pos));
  return {
    chars: o.chars,
    copiedChars: o.copiedChars,
    ratio: o.ratio,
    ratioText: percent(o.ratio),
    draftHtml: html,
    passages: o.passages.map((p, i) => ({
      n: i + 1,
      anchor: `p${i + 1}`,
      text: p.text,
      chars: p.chars,
      verbatim: p.similarity >= 0.99,
      similarityText: percent(p.similarity),
      sources: p.sources.map((s) => ({
        citation: citation({ title: s.docTitle, year: s.year, period: s.period, headingPath: s.headingPath }),
        year: s.year,
        url: sourceUrl(s.docId, s.sectionId, s.sharedText),
      })),
    })),
    stockPhrases: o.stockPhrases.map((s) => ({ text: s.text, documents: s.documents, shareText: percent(o.totalDocuments ? s.documents / o.totalDocuments : 0) })),
    stockRule: { sharePercent: Math.round(o.stock.share * 100), minDocuments: o.stock.minDocuments, documents: o.stockDocuments, totalDocuments: o.totalDocuments },
  };
}

export function presentSimilarApi(r: { section: SectionText; sections: SimilarSection[] }) {
  return {
    sectionId: r.section.id,
    sections: r.sections.map((s) => ({
      sectionId: s.sectionId,
      docId: s.docId,
      docTitle: s.docTitle,
      year: s.year,
      similarity: s.similarity,
      sharedChars: s.sharedChars,
      url: viewerUrl(s.docId, s.sectionId, '', 'words'),
    })),
  };
}

function merged(ranges: Array<[number, number]>): Range[] {
  const out: Range[] = [];
  for (const [s, e] of [...ranges].sort((a, b) => a[0] - b[0])) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

export function presentSimilarPage(r: { section: SectionText; sections: SimilarSection[] }) {
  const s = r.section;
  const ours = merged(r.sections.flatMap((x) => x.ourRanges));
  return {
    section: {
      id: s.id,
      citation: citation(s),
      url: viewerUrl(s.docId, s.id, '', 'words'),
      textHtml: markRanges(s.text || s.heading, ours),
    },
    sections: r.sections.map((x) => ({
      citation: citation({ title: x.docTitle, year: x.year, period: x.period, headingPath: x.headingPath }),
      year: x.year,
      similarityText: percent(x.similarity),
      sharedChars: x.sharedChars,
      url: viewerUrl(x.docId, x.sectionId, '', 'words'),
      textHtml: markRanges(x.text, merged(x.theirRanges)),
    })),
  };
}
