// OCR of page images rendered from a known text (test/fixtures/pdf/make-pdf-fixtures.ts): a clean
// scan, a phone photo (3.2° off, blurred, grey paper, JPEG noise), the page scanned sideways, a
// scanned PDF; character accuracy checked against the text with an edit-distance oracle. Bad images
// refused with a reason; results reused from the cache.
import { readFileSync } from 'node:fs';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../ingest/readers/index.js';
import { ctcDecode } from '../../ingest/readers/ocr/paddle.js';
import { pageImage, skewAngle, rotated } from '../../ingest/readers/ocr/preprocess.js';
import { linesOfTsv } from '../../ingest/readers/ocr/tesseract.js';
import type { OcrCache } from '../../ingest/readers/reader.js';
import { BadInputError } from '../../src/core/errors.js';
import { SCAN_PARAGRAPHS } from '../fixtures/pdf/pdf-texts.js';
import { charAccuracy } from '../helpers/char-accuracy.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/pdf/${name}`, import.meta.url));
const TRUTH = SCAN_PARAGRAPHS.join('\n');
const CLEAN = '镇党委 上半年总结 扫描.png';
const PHOTO = '镇党委 上半年总结 手机拍照.jpg';
const reason = (p: Promise<unknown>) => p.then(() => 'read', (e: unknown) => (e instanceof BadInputError ? e.reason : `other: ${String(e)}`));
const OCR_TIMEOUT = 180_000;

/** A cache in memory that counts what it is asked. */
function memoryCache(): OcrCache & { gets: number; sets: number } {
  const store = new Map<string, unknown>();
  const cache = {
    gets: 0,
    sets: 0,
    async get(key: string) {
      cache.gets++;
      return store.get(key);
    },
    async set(key: string, value: unknown) {
      cache.sets++;
      store.set(key, JSON.parse(JSON.stringify(value)));
    },
  };
  return cache;
}

describe('page image preprocessing', () => {
  it('measures the skew of a page photographed a few degrees off (oracle: the angle it was turned by)', async () => {
    const clean = await pageImage(fixture(CLEAN));
    expect(Math.abs(skewAngle(clean))).toBeLessThan(0.3);
    for (const angle of [-4, -1.5, 2.5]) {
      const measured = skewAngle(await rotated(clean, angle));
      expect(Math.abs(measured - angle)).toBeLessThanOrEqual(0.3);
    }
  });

  it('refuses a giant image before decoding it, and a file that is no image', async () => {
    expect(await reason(readDocument({ relPath: 'x.png', bytes: fixture('超大图片 giant.png') }))).toMatch(/图片过大（60000 × 60000 像素/);
    expect(await reason(pageImage(Buffer.from('not an image')))).toMatch(/图片已损坏/);
  });

  it('skips images with that reason when OCR is off', async () => {
    expect(await reason(readDocument({ relPath: 'p.jpg', bytes: fixture(PHOTO) }, undefined, { ocr: false }))).toMatch(/OCR 已关闭（OCR=false）/);
  });
});

describe('engine output decoding', () => {
  it('CTC: merges repeats, drops blanks, keeps a doubled character separated by a blank', () => {
    const chars = ['', '党', '建', ' '];
    // steps: 党 党 _ 建 _ 建 → 党建建
    const steps = [1, 1, 0, 2, 0, 2];
    const data = new Float32Array(steps.length * chars.length);
    steps.forEach((c, t) => (data[t * chars.length + c] = 0.9));
    expect(ctcDecode(data, 0, steps.length, chars.length, chars)).toEqual({ text: '党建建', confidence: expect.closeTo(0.9, 5) });
  });

  it('Tesseract TSV: words grouped into lines, CJK joined without spaces, Latin with', () => {
    const row = (line: number, left: number, conf: number, text: string) => `5\t1\t1\t1\t${line}\t1\t${left}\t100\t40\t30\t${conf}\t${text}`;
    const tsv = ['level\tpage_num\tblock_num\tpar_num\tline_num\tword_num\tleft\ttop\twidth\theight\tconf\ttext', row(1, 10, 90, '党建'), row(1, 60, 80, '工作'), row(2, 10, 95, 'OA'), row(2, 60, 95, 'system'), ''].join('\n');
    expect(linesOfTsv(tsv).map((l) => l.text)).toEqual(['党建工作', 'OA system']);
    expect(linesOfTsv(tsv)[0]!.x1).toBe(100);
  });
});

describe('OCR (PaddleOCR, the default engine)', () => {
  it(
    'reads a clean scan and a phone photo (rotated, blurred, grey paper, JPEG noise) with ≥ 97% character accuracy, in paragraphs',
    async () => {
      for (const name of [CLEAN, PHOTO]) {
        const doc = await readDocument({ relPath: name, bytes: fixture(name) }, undefined, { ocrEngine: 'paddle' });
        expect(doc.ocr).toBe(true);
        expect(doc.format).toBe('image');
        const text = doc.lines.map((l) => l.text).join('\n');
        expect(charAccuracy(text, TRUTH), name).toBeGreaterThanOrEqual(0.97);
        // Headings on their own lines, wrapped body lines joined.
        expect(doc.lines.map((l) => l.text)).toContain('一、强化理论武装');
        expect(doc.lines.length).toBe(SCAN_PARAGRAPHS.length);
        expect(doc.lines.every((l) => l.page === 1)).toBe(true);
      }
    },
    OCR_TIMEOUT,
  );

  it(
    'turns a page scanned sideways upright',
    async () => {
      const doc = await readDocument({ relPath: 's.png', bytes: fixture('镇党委 上半年总结 横向扫描.png') }, undefined, { ocrEngine: 'paddle' });
      expect(charAccuracy(doc.lines.map((l) => l.text).join('\n'), TRUTH)).toBeGreaterThanOrEqual(0.97);
    },
    OCR_TIMEOUT,
  );

  it(
    'recognises a scanned PDF (page images only), reports its pages, and reuses the cached result',
    async () => {
      const cache = memoryCache();
      const seen: [number, number][] = [];
      const bytes = fixture('镇党委 上半年总结 扫描件.pdf');
      const doc = await readDocument({ relPath: 'scan.pdf', bytes }, (d, t) => seen.push([d, t]), { ocrEngine: 'paddle', ocrCache: cache });
      expect(doc).toMatchObject({ format: 'pdf', ocr: true, pageCount: 1 });
      expect(charAccuracy(doc.lines.map((l) => l.text).join('\n'), TRUTH)).toBeGreaterThanOrEqual(0.97);
      expect(doc.lines.every((l) => l.page === 1)).toBe(true);
      expect(seen.at(-1)).toEqual([1, 1]);
      expect(cache.sets).toBe(1);

      // Again: the cache answers, nothing is recognised (fast, same text).
      const started = Date.now();
      const again = await readDocument({ relPath: 'moved/scan.pdf', bytes }, undefined, { ocrEngine: 'paddle', ocrCache: cache });
      expect(again.lines).toEqual(doc.lines);
      expect(cache.sets).toBe(1);
      expect(Date.now() - started).toBeLessThan(5000);
    },
    OCR_TIMEOUT,
  );

  it(
    'refuses an image with no text, and a scan past its time budget, each with its reason',
    async () => {
      expect(await reason(readDocument({ relPath: 'wall.jpg', bytes: fixture('空白照片 no-text.jpg') }, undefined, { ocrEngine: 'paddle' }))).toMatch(/没有识别出文字/);
      expect(await reason(readDocument({ relPath: 'p.jpg', bytes: fixture(CLEAN) }, undefined, { ocrEngine: 'paddle', ocrTimeoutMs: 0 }))).toMatch(/识别超时/);
      const tiff = await sharp(fixture(CLEAN)).tiff().toBuffer();
      expect(await reason(readDocument({ relPath: 't.tif', bytes: tiff }, undefined, { ocrMaxPages: 0 }))).toMatch(/超过上限 0 页（OCR_MAX_PAGES）/);
    },
    OCR_TIMEOUT,
  );
});

describe('OCR (Tesseract, the measured alternative)', () => {
  it(
    'reads the clean scan with ≥ 97% character accuracy',
    async () => {
      const doc = await readDocument({ relPath: CLEAN, bytes: fixture(CLEAN) }, undefined, { ocrEngine: 'tesseract' });
      expect(charAccuracy(doc.lines.map((l) => l.text).join('\n'), TRUTH)).toBeGreaterThanOrEqual(0.97);
    },
    OCR_TIMEOUT,
  );
});
