// Reader for PDF: Mozilla's pdf.js (the legacy build, made for Node) reads each page's text layer,
// with the CMaps and standard fonts it ships, so CJK text in predefined encodings (Adobe-GB1
// UniGB-UCS2-H, what older Word and WPS exports use) comes out as characters. pdf-layout.ts turns
// the positioned runs into paragraphs and takes the running headers and page numbers out. Pages
// without text (a scanned or stamped copy) are rendered and recognised (ocr.ts), unless OCR is off.
import { createRequire } from 'node:module';
import path from 'node:path';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc, DocLine } from '../types.js';
import { linesOfPage, paragraphsOf, removeFurniture, type PageRuns, type PrintedLine } from './pdf-layout.js';
import { readOptions, type ReadContext, type Reader } from './reader.js';
import { pageImage, type GreyImage } from './ocr/preprocess.js';

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs');
type PdfDocument = Awaited<ReturnType<PdfJs['getDocument']>['promise']>;
type PdfPage = Awaited<ReturnType<PdfDocument['getPage']>>;

export const pdfReader: Reader = { format: 'pdf', read: (bytes, ctx) => decodePdf(bytes, ctx) };

/** pdf.js's data folders (CMaps, standard fonts), inside its npm package; trailing slash as pdf.js wants it. */
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const CMAP_URL = path.join(PDFJS_DIR, 'cmaps') + path.sep;
const STANDARD_FONTS_URL = path.join(PDFJS_DIR, 'standard_fonts') + path.sep;

/** A page with fewer visible characters than this is taken for an image of a page. */
const MIN_TEXT_CHARS = 8;

let pdfjs: Promise<PdfJs> | null = null;
const loadPdfJs = () => (pdfjs ??= import('pdfjs-dist/legacy/build/pdf.mjs'));

/** Opens a PDF with pdf.js: encrypted and broken files get a reason staff can act on. */
export async function openPdf(bytes: Buffer): Promise<PdfDocument> {
  const lib = await loadPdfJs();
  const task = lib.getDocument({
    // pdf.js takes ownership of (and detaches) the array it is given: hand it a copy.
    data: new Uint8Array(bytes),
    cMapUrl: CMAP_URL,
    cMapPacked: true,
    standardFontDataUrl: STANDARD_FONTS_URL,
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    verbosity: 0,
  });
  try {
    return await task.promise;
  } catch (err) {
    await task.destroy().catch(() => {});
    throw pdfError(err);
  }
}

/** pdf.js's exceptions, in staff's words. */
export function pdfError(err: unknown): Error {
  const name = (err as { name?: string })?.name;
  const message = (err as Error)?.message ?? String(err);
  if (name === 'PasswordException') return new BadInputError('加密文件，无法读取（PDF 设有打开密码，请另存一份不加密的副本）');
  if (name === 'InvalidPDFException') return new BadInputError(`PDF 文件已损坏，无法读取（${message || '结构无效'}）`);
  if (name === 'UnknownErrorException' || name === 'FormatError' || name === 'MissingPDFException') {
    return new BadInputError(`PDF 文件已损坏，无法读取（${message}）`);
  }
  return err instanceof Error ? err : new Error(message);
}

/** A page's text runs, with y measured from the page top. */
async function runsOf(page: PdfPage, pageNo: number): Promise<PageRuns> {
  const viewport = page.getViewport({ scale: 1 });
  const content = await page.getTextContent();
  const runs = [];
  for (const item of content.items) {
    if (!('str' in item) || item.str === '') continue;
    // The viewport transform turns PDF space (origin bottom left, maybe rotated) into the page as shown.
    const [a = 0, b = 0, , , e = 0, f = 0] = multiply(viewport.transform, item.transform as number[]);
    const size = Math.hypot(a, b) || item.height;
    runs.push({ text: item.str, x: e, y: f, width: item.width * (viewport.scale ?? 1), size });
  }
  return { page: pageNo, width: viewport.width, height: viewport.height, runs };
}

function multiply(m1: number[], m2: number[]): number[] {
  return [
    m1[0]! * m2[0]! + m1[2]! * m2[1]!,
    m1[1]! * m2[0]! + m1[3]! * m2[1]!,
    m1[0]! * m2[2]! + m1[2]! * m2[3]!,
    m1[1]! * m2[2]! + m1[3]! * m2[3]!,
    m1[0]! * m2[4]! + m1[2]! * m2[5]! + m1[4]!,
    m1[1]! * m2[4]! + m1[3]! * m2[5]! + m1[5]!,
  ];
}

/** A page's long side when rendered for recognition: about 150 dpi for A4, what the OCR engines read best. */
const RENDER_LONG_SIDE = 1800;

/** A page rendered (pdf.js on @napi-rs/canvas, whose binaries come inside its npm package) as a grey page image. */
async function renderPage(doc: PdfDocument, n: number): Promise<GreyImage> {
  const page = await doc.getPage(n);
  try {
    const base = page.getViewport({ scale: 1 });
    const viewport = page.getViewport({ scale: RENDER_LONG_SIDE / Math.max(base.width, base.height) });
    const width = Math.ceil(viewport.width);
    const height = Math.ceil(viewport.height);
    let canvasLib: typeof import('@napi-rs/canvas');
    try {
      canvasLib = await import('@napi-rs/canvas');
    } catch (err) {
      throw new BadInputError(`无法渲染扫描页：缺少 npm 包 @napi-rs/canvas（npm ci 安装）——${(err as Error).message}`);
    }
    const canvas = canvasLib.createCanvas(width, height);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, width, height);
    await page.render({ canvas: canvas as unknown as HTMLCanvasElement, canvasContext: context as unknown as CanvasRenderingContext2D, viewport }).promise;
    const pixels = context.getImageData(0, 0, width, height);
    return pageImage({ data: pixels.data, width, height, channels: 4 });
  } catch (err) {
    throw err instanceof BadInputError ? err : pdfError(err);
  } finally {
    page.cleanup();
  }
}

const visibleChars = (lines: PrintedLine[]) => lines.reduce((n, l) => n + l.text.replace(/\s/gu, '').length, 0);

export async function decodePdf(bytes: Buffer, ctx: ReadContext): Promise<DecodedDoc> {
  const options = readOptions(ctx);
  const doc = await openPdf(bytes);
  try {
    const total = doc.numPages;
    if (total === 0) throw new BadInputError('PDF 没有页面');
    if (total > options.maxPages) {
      throw new BadInputError(`PDF 共 ${total} 页，超过上限 ${options.maxPages} 页（PDF_MAX_PAGES），不像一份工作总结：请拆分后导入`);
    }
    const pages: PrintedLine[][] = [];
    const heights: number[] = [];
    const widths: number[] = [];
    const imagePages: number[] = [];
    for (let n = 1; n <= total; n++) {
      let page: PdfPage;
      let runs: PageRuns;
      try {
        page = await doc.getPage(n);
        runs = await runsOf(page, n);
      } catch (err) {
        throw pdfError(err);
      }
      const lines = linesOfPage(runs);
      if (visibleChars(lines) < MIN_TEXT_CHARS) imagePages.push(n);
      pages.push(lines);
      heights.push(runs.height);
      widths.push(runs.width);
      page.cleanup();
      ctx.progress?.(n, total);
    }

    let ocrUsed = false;
    if (imagePages.length > 0) {
      const textPages = total - imagePages.length;
      if (!options.ocr) {
        if (textPages === 0) throw new BadInputError('扫描件（PDF 只有页面图像，没有文字层），OCR 已关闭（OCR=false），未识别');
      } else {
        const ocr = await import('./ocr/index.js');
        const recognised = await ocr.recognisePages(bytes, imagePages, (n) => renderPage(doc, n), ctx, options);
        for (const [n, lines] of recognised) {
          pages[n - 1] = ocr.printedLinesOf(lines, n);
          // Recognised lines are in the rendered image's pixels: the page edges (headers, footers) too.
          heights[n - 1] = heights[n - 1]! * (RENDER_LONG_SIDE / Math.max(widths[n - 1]!, heights[n - 1]!));
        }
        ocrUsed = [...recognised.values()].some((l) => l.length > 0);
        if (textPages === 0 && !ocrUsed) throw new BadInputError('扫描件中没有识别出文字（页面空白，或图像里没有文字）');
      }
    }

    const { body, removed } = removeFurniture(pages, heights);
    const lines: DocLine[] = paragraphsOf(body);
    if (lines.length === 0) throw new BadInputError('PDF 中没有文字（空白页面或只有图像）');
    return {
      format: 'pdf',
      encoding: ocrUsed ? 'pdf+ocr' : 'pdf',
      lines,
      pageCount: total,
      ...(ocrUsed ? { ocr: true } : {}),
      removed,
    };
  } finally {
    await doc.destroy().catch(() => {});
  }
}
