// Reader for page photos and scans (.jpg, .png, .tif and the other image types the sniffer knows):
// every page of the image (a multi-page TIFF has several) is recognised by OCR (ocr/), and the
// recognised lines are joined into paragraphs like a PDF's printed lines. With OCR off, or an
// image that holds no text, the file is refused with that reason.
import sharp from 'sharp';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc } from '../types.js';
import { paragraphsOf } from './pdf-layout.js';
import { MAX_INPUT_PIXELS, pageImage } from './ocr/preprocess.js';
import { readOptions, type ReadContext, type Reader } from './reader.js';

export const imageReader: Reader = { format: 'image', read: (bytes, ctx) => decodeImage(bytes, ctx) };

export async function decodeImage(bytes: Buffer, ctx: ReadContext): Promise<DecodedDoc> {
  const options = readOptions(ctx);
  let pages: number;
  try {
    const meta = await sharp(bytes, { limitInputPixels: false }).metadata();
    pages = Math.max(1, meta.pages ?? 1);
    if ((meta.width ?? 0) * (meta.height ?? 0) > MAX_INPUT_PIXELS) {
      throw new BadInputError(`图片过大（${meta.width} × ${meta.height} 像素，上限 ${MAX_INPUT_PIXELS / 1_000_000} 百万像素），不像一页文稿的扫描或照片`);
    }
  } catch (err) {
    if (err instanceof BadInputError) throw err;
    throw new BadInputError(`图片已损坏，无法读取（${(err as Error).message}）`);
  }
  if (pages > options.maxPages) throw new BadInputError(`图片共 ${pages} 页，超过上限 ${options.maxPages} 页（PDF_MAX_PAGES）`);
  if (!options.ocr) throw new BadInputError('图片（扫描件或照片），OCR 已关闭（OCR=false），未识别');

  const ocr = await import('./ocr/index.js');
  const numbers = Array.from({ length: pages }, (_, i) => i + 1);
  const recognised = await ocr.recognisePages(bytes, numbers, (n) => pageImage(bytes, n - 1), ctx, options);
  const lines = paragraphsOf(numbers.map((n) => ocr.printedLinesOf(recognised.get(n) ?? [], n)));
  if (lines.length === 0) throw new BadInputError('图片中没有识别出文字');
  return { format: 'image', encoding: `ocr:${options.ocrEngine}`, lines, pageCount: pages, ocr: true };
}
