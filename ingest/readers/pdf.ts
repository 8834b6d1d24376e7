// Reader for PDF: Mozilla's pdf.js (the legacy build, made for Node) reads each page's text layer,
// with the CMaps and standard fonts it ships, so CJK text in predefined encodings (Adobe-GB1
// UniGB-UCS2-H, what older Word and WPS exports use) comes out as characters. pdf-layout.ts turns
// the positioned runs into paragraphs and takes the running headers and page numbers out. Pages
// without text (a scanned or stamped copy) are rendered and recognised (ocr/), unless OCR is off.
// pdf.js itself runs in a worker thread (pdfjs-thread.mjs) with its own heap limit.
import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import path from 'node:path';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc, DocLine } from '../types.js';
import { linesOfPage, paragraphsOf, removeFurniture, type PageRuns, type PrintedLine } from './pdf-layout.js';
import { readOptions, type ReadContext, type Reader } from './reader.js';
import { pageImage, type GreyImage } from './ocr/preprocess.js';

export const pdfReader: Reader = { format: 'pdf', read: (bytes, ctx) => decodePdf(bytes, ctx) };

/** pdf.js's data folders (CMaps, standard fonts), inside its npm package; trailing slash as pdf.js wants it. */
const PDFJS_DIR = path.dirname(createRequire(import.meta.url).resolve('pdfjs-dist/package.json'));
const CMAP_URL = path.join(PDFJS_DIR, 'cmaps') + path.sep;
const STANDARD_FONTS_URL = path.join(PDFJS_DIR, 'standard_fonts') + path.sep;
const THREAD = new URL('./pdfjs-thread.mjs', import.meta.url);
/** Heap of the pdf.js thread: a few pages of CJK fonts take 30 MB; a hostile file is stopped here. */
const THREAD_HEAP_MB = 192;

/** A page with fewer visible characters than this is taken for an image of a page. */
const MIN_TEXT_CHARS = 8;

/** One PDF open in its pdf.js thread (pdfjs-thread.mjs); every call is a request to it. */
class PdfHandle {
  private next = 0;
  private pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: unknown) => void }>();
  private failure: Error | null = null;
  numPages = 0;

  private constructor(private readonly worker: Worker) {
    worker.on('message', (m: { id: number; result?: unknown; error?: { name: string; message: string } }) => {
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.error) p.reject(Object.assign(new Error(m.error.message), { name: m.error.name }));
      else p.resolve(m.result);
    });
    const fail = (err: Error) => {
      this.failure = err;
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    };
    worker.on('error', (err: NodeJS.ErrnoException) =>
      fail(err.code === 'ERR_WORKER_OUT_OF_MEMORY' ? new BadInputError(`PDF 解析超出内存上限（${THREAD_HEAP_MB} MB），文件过于复杂或已损坏`) : err),
    );
    worker.on('exit', () => fail(this.failure ?? new Error('pdf.js 线程已退出')));
  }

  static async open(bytes: Buffer): Promise<PdfHandle> {
    // No TypeScript loader in the thread (execArgv: []), its own heap limit.
    const worker = new Worker(THREAD, { execArgv: [], resourceLimits: { maxOldGenerationSizeMb: THREAD_HEAP_MB } });
    const handle = new PdfHandle(worker);
    try {
      const { numPages } = (await handle.call('open', { bytes: new Uint8Array(bytes), cMapUrl: CMAP_URL, standardFontDataUrl: STANDARD_FONTS_URL })) as {
        numPages: number;
      };
      handle.numPages = numPages;
      return handle;
    } catch (err) {
      await handle.close();
      throw pdfError(err);
    }
  }

  call(op: string, args: object): Promise<unknown> {
    if (this.failure) return Promise.reject(this.failure);
    const id = this.next++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.worker.postMessage({ id, op, args });
    });
  }

  async text(n: number): Promise<PageRuns> {
    return (await this.call('text', { n }).catch((err: unknown) => Promise.reject(pdfError(err)))) as PageRuns;
  }

  /** A page rendered for recognition, as a grey page image. */
  async render(n: number): Promise<GreyImage> {
    const r = (await this.call('render', { n, longSide: RENDER_LONG_SIDE }).catch((err: unknown) => Promise.reject(pdfError(err)))) as {
      data: Uint8Array;
      width: number;
      height: number;
    };
    return pageImage({ data: r.data, width: r.width, height: r.height, channels: 4 });
  }

  async close(): Promise<void> {
    if (!this.failure) await this.call('close', {}).catch(() => {});
    await this.worker.terminate();
  }
}

/** Checks that a PDF opens (the encrypted and broken ones get a reason staff can act on). */
export async function openPdf(bytes: Buffer): Promise<PdfHandle> {
  return PdfHandle.open(bytes);
}

/** pdf.js's exceptions, in staff's words. */
export function pdfError(err: unknown): Error {
  if (err instanceof BadInputError) return err;
  const name = (err as { name?: string })?.name;
  const message = (err as Error)?.message ?? String(err);
  if (name === 'PasswordException') return new BadInputError('加密文件，无法读取（PDF 设有打开密码，请另存一份不加密的副本）');
  if (name === 'InvalidPDFException') return new BadInputError(`PDF 文件已损坏，无法读取（${message || '结构无效'}）`);
  if (name === 'UnknownErrorException' || name === 'FormatError' || name === 'MissingPDFException') {
    return new BadInputError(`PDF 文件已损坏，无法读取（${message}）`);
  }
  return err instanceof Error ? err : new Error(message);
}

/** A page's long side when rendered for recognition: about 150 dpi for A4, what the OCR engines read best. */
const RENDER_LONG_SIDE = 1800;

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
      const runs = await doc.text(n);
      const lines = linesOfPage(runs);
      if (visibleChars(lines) < MIN_TEXT_CHARS) imagePages.push(n);
      pages.push(lines);
      heights.push(runs.height);
      widths.push(runs.width);
      ctx.progress?.(n, total);
    }

    let ocrUsed = false;
    if (imagePages.length > 0) {
      const textPages = total - imagePages.length;
      if (!options.ocr) {
        if (textPages === 0) throw new BadInputError('扫描件（PDF 只有页面图像，没有文字层），OCR 已关闭（OCR=false），未识别');
      } else {
        const ocr = await import('./ocr/index.js');
        const recognised = await ocr.recognisePages(bytes, imagePages, (n) => doc.render(n), ctx, options);
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
    await doc.close();
  }
}
