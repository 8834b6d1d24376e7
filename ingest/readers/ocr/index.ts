// Recognition of page images for the readers (scanned PDF pages, photos and scans): each page is
// made grey and level (preprocess.ts), turned the right way up when it was scanned sideways or upside
// down (the orientation whose recognition is most confident wins), recognised by the configured
// engine, and handed back as printed lines for pdf-layout.ts to join into paragraphs. Results are
// kept in the caller's cache by file hash, time per file is bounded, and every page reports progress.
import { createHash } from 'node:crypto';
import { BadInputError } from '../../../src/core/errors.js';
import { linesOfPage, type PrintedLine, type TextRun } from '../pdf-layout.js';
import type { ReadContext, ReadOptions } from '../reader.js';
import type { OcrEngine, OcrEngineId, OcrLine } from './engine.js';
import { deskewed, rotated, type GreyImage } from './preprocess.js';

const engines = new Map<OcrEngineId, OcrEngine>();

/** The engine of this name, created once per process (its models load on first use). */
export async function ocrEngine(id: OcrEngineId): Promise<OcrEngine> {
  let engine = engines.get(id);
  if (!engine) {
    engine = id === 'tesseract' ? (await import('./tesseract.js')).tesseractEngine() : (await import('./paddle.js')).paddleEngine();
    engines.set(id, engine);
  }
  return engine;
}

/** How much readable text a recognition found: characters weighted by confidence, short fragments discounted. */
export function recognitionScore(lines: OcrLine[]): number {
  return lines.reduce((s, l) => {
    const n = [...l.text.replace(/\s/gu, '')].length;
    return s + (n >= 3 ? n * l.confidence * l.confidence : 0);
  }, 0);
}

/** A result that needs no other orientation tried: confident, lines of real length. */
function convincing(lines: OcrLine[]): boolean {
  const chars = lines.reduce((n, l) => n + l.text.length, 0);
  if (chars < 20) return false;
  const mean = lines.reduce((s, l) => s + l.confidence * l.text.length, 0) / chars;
  return mean >= 0.85 && chars / lines.length >= 4;
}

export interface RecognisedPage {
  lines: OcrLine[];
  /** Quarter turns applied (0, 90, 180, 270) and the skew taken out, in degrees. */
  rotation: number;
  skew: number;
  width: number;
  height: number;
}

/** One page image → its recognised lines, the page levelled and turned upright first. */
export async function recognisePage(engine: OcrEngine, image: GreyImage): Promise<RecognisedPage> {
  const level = await deskewed(image);
  let best: RecognisedPage = { lines: await engine.recognise(level.image), rotation: 0, skew: level.angle, width: level.image.width, height: level.image.height };
  if (convincing(best.lines)) return best;
  let bestScore = recognitionScore(best.lines);
  // Sideways or upside down: try the other three turns, each levelled again.
  for (const turn of [180, 90, 270]) {
    const turned = await deskewed(await rotated(image, turn));
    const lines = await engine.recognise(turned.image);
    const score = recognitionScore(lines);
    if (score > bestScore * 1.15) {
      best = { lines, rotation: turn, skew: turned.angle, width: turned.image.width, height: turned.image.height };
      bestScore = score;
      if (convincing(lines)) break;
    }
  }
  return best;
}

/**
 * Recognised lines → printed lines as the PDF layout code knows them. The type size is the page's
 * usual character width (CJK characters are square), steadier than the boxes' heights.
 */
export function printedLinesOf(lines: OcrLine[], page: number): PrintedLine[] {
  const widths = lines
    .map((l) => ({ n: [...l.text.replace(/\s/gu, '')].length, w: l.x1 - l.x0 }))
    .filter((l) => l.n >= 6)
    .map((l) => l.w / l.n)
    .sort((a, b) => a - b);
  const heights = lines.map((l) => l.y1 - l.y0).sort((a, b) => a - b);
  const size = widths.length > 0 ? widths[Math.floor(widths.length / 2)]! : (heights[Math.floor(heights.length / 2)] ?? 20) * 0.7;
  const runs: TextRun[] = lines.map((l) => ({ text: l.text, x: l.x0, y: (l.y0 + l.y1) / 2, width: l.x1 - l.x0, size }));
  return linesOfPage({ page, width: 0, height: 0, runs });
}

/** The key a file's recognition is cached under: its content and the engine that read it. */
export function ocrCacheKey(bytes: Buffer, engine: OcrEngine): string {
  return `${createHash('sha256').update(bytes).digest('hex')}.${engine.name}`;
}

/** What the cache keeps per file: each recognised page's lines. */
interface CachedOcr {
  pages: Record<string, OcrLine[]>;
}

function isCachedOcr(v: unknown): v is CachedOcr {
  return typeof v === 'object' && v !== null && typeof (v as CachedOcr).pages === 'object' && (v as CachedOcr).pages !== null;
}

/**
 * Recognises the given pages of a file, in order, each rendered by `render`; cached results are used
 * whole, new ones stored when every page is done. Refuses past the page and time limits.
 */
export async function recognisePages(
  bytes: Buffer,
  pageNumbers: number[],
  render: (page: number) => Promise<GreyImage>,
  ctx: ReadContext,
  options: ReadOptions,
): Promise<Map<number, OcrLine[]>> {
  if (pageNumbers.length > options.ocrMaxPages) {
    throw new BadInputError(`需要识别的扫描页有 ${pageNumbers.length} 页，超过上限 ${options.ocrMaxPages} 页（OCR_MAX_PAGES）`);
  }
  const engine = await ocrEngine(options.ocrEngine);
  const key = ocrCacheKey(bytes, engine);
  const cached = await options.ocrCache?.get(key);
  if (isCachedOcr(cached) && pageNumbers.every((n) => Array.isArray(cached.pages[n]))) {
    return new Map(pageNumbers.map((n) => [n, cached.pages[n]!]));
  }
  const started = Date.now();
  const result = new Map<number, OcrLine[]>();
  for (const [i, n] of pageNumbers.entries()) {
    // Checked between pages: a page under way finishes (the worker that runs the reader has its own hard limit).
    if (Date.now() - started >= options.ocrTimeoutMs) {
      throw new BadInputError(
        `识别超时：${pageNumbers.length} 页扫描件只识别了 ${i} 页，已超过每个文件 ${Math.round(options.ocrTimeoutMs / 1000)} 秒的上限（OCR_TIMEOUT_SECONDS）`,
      );
    }
    const page = await recognisePage(engine, await render(n));
    result.set(n, page.lines);
    ctx.progress?.(i + 1, pageNumbers.length);
  }
  await options.ocrCache?.set(key, { pages: Object.fromEntries(result) } satisfies CachedOcr);
  return result;
}
