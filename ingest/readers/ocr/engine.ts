// What an OCR engine does here: a grey, upright page image in → its text lines with boxes and a
// confidence out. Two engines implement it (paddle.ts, tesseract.ts); `npm run bench` measures
// both on the same pages and README says which one runs and why.
import type { GreyImage } from './preprocess.js';

export interface OcrLine {
  text: string;
  x0: number;
  x1: number;
  y0: number;
  y1: number;
  /** 0–1. */
  confidence: number;
}

export interface OcrEngine {
  /** Stable name (part of the cache key: another engine's results are not reused). */
  name: string;
  recognise(image: GreyImage): Promise<OcrLine[]>;
}

export const OCR_ENGINES = ['paddle', 'tesseract'] as const;
export type OcrEngineId = (typeof OCR_ENGINES)[number];
