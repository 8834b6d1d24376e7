// Page images made fit for recognition, with sharp (libvips, its binaries inside the npm package):
// decoded under a pixel budget (a giant image is refused, not decoded), turned upright by its EXIF
// orientation, grey, scaled to about 150 dpi for an A4 page, grey paper stretched to white, and
// straightened when photographed a few degrees off (the skew is measured here, see skewAngle).
import sharp, { type Metadata, type SharpOptions } from 'sharp';
import { BadInputError } from '../../../src/core/errors.js';

export interface GreyImage {
  /** One byte a pixel, row by row. */
  data: Buffer;
  width: number;
  height: number;
}

/** More pixels than this is not a page photo (a 48-megapixel phone photo is 8000 × 6000). */
export const MAX_INPUT_PIXELS = 60_000_000;
/** The longer side recognition works on: an A4 page at about 150 dpi, where PP-OCR and Tesseract read body text well. */
const TARGET_LONG_SIDE = 1800;

/** Pixels as a renderer hands them over (RGBA rows). */
export interface RawPixels {
  data: Buffer | Uint8Array | Uint8ClampedArray;
  width: number;
  height: number;
  channels: 1 | 3 | 4;
}

const open = (input: Buffer | Uint8Array | RawPixels, options: SharpOptions) =>
  input instanceof Uint8Array ? sharp(input, options) : sharp(input.data, { ...options, raw: { width: input.width, height: input.height, channels: input.channels } });

/** An image file's bytes (JPEG, PNG, TIFF, …; `page` of a multi-page TIFF) or rendered pixels → a grey, upright, contrast-stretched page image. */
export async function pageImage(input: Buffer | Uint8Array | RawPixels, page = 0): Promise<GreyImage> {
  let meta: Metadata;
  try {
    meta = await open(input, { limitInputPixels: false, page }).metadata();
  } catch (err) {
    throw new BadInputError(`图片已损坏，无法读取（${(err as Error).message}）`);
  }
  const pixels = (meta.width ?? 0) * (meta.height ?? 0);
  if (pixels > MAX_INPUT_PIXELS) {
    throw new BadInputError(`图片过大（${meta.width} × ${meta.height} 像素，上限 ${MAX_INPUT_PIXELS / 1_000_000} 百万像素），不像一页文稿的扫描或照片`);
  }
  if (!meta.width || !meta.height) throw new BadInputError('图片没有尺寸，无法读取');
  try {
    const long = Math.max(meta.width, meta.height);
    const scale = long > TARGET_LONG_SIDE * 1.15 || long < TARGET_LONG_SIDE * 0.6 ? TARGET_LONG_SIDE / long : 1;
    const { data, info } = await open(input, { limitInputPixels: MAX_INPUT_PIXELS, page })
      .rotate() // EXIF orientation
      .flatten({ background: '#ffffff' })
      .greyscale()
      .resize({ width: Math.round(meta.width * scale), height: Math.round(meta.height * scale), fit: 'fill', kernel: 'lanczos3' })
      // Grey paper and faded ink: stretch the darkest 1% to black and the lightest to white.
      .normalise({ lower: 1, upper: 90 })
      .raw()
      .toBuffer({ resolveWithObject: true });
    // EXIF rotation may have swapped the sides.
    return { data, width: info.width, height: info.height };
  } catch (err) {
    throw new BadInputError(`图片已损坏，无法读取（${(err as Error).message}）`);
  }
}

/**
 * The angle (degrees, within ±maxDegrees) by which the text lines of a page lean: the rotation
 * that makes the dark pixels' row profile most peaked (lines of text and the gaps between them).
 * Measured on a small copy; positive means the lines fall to the right (the page turned clockwise).
 */
export function skewAngle(image: GreyImage, maxDegrees = 8, step = 0.2): number {
  // Sample dark pixels on a grid of about 700 px across.
  const stride = Math.max(1, Math.floor(image.width / 700));
  const xs: number[] = [];
  const ys: number[] = [];
  const dark = (x: number, y: number) => image.data[y * image.width + x]! < 110;
  // Ink is thin: a dark pixel counts when it is not inside a dark area (a table edge, the desk
  // around a photographed page), which would pull the profile to the area's own edge.
  const reach = Math.max(4, Math.round(image.width / 250));
  for (let y = 0; y < image.height; y += stride) {
    for (let x = reach; x < image.width - reach; x += stride) {
      if (dark(x, y) && !(dark(x - reach, y) && dark(x + reach, y))) {
        xs.push(x);
        ys.push(y);
      }
    }
  }
  if (xs.length < 200) return 0;
  const diag = Math.ceil(Math.hypot(image.width, image.height) / stride) + 2;
  const bins = new Float64Array(2 * diag);
  let best = 0;
  let bestScore = -1;
  for (let a = -maxDegrees; a <= maxDegrees + 1e-9; a += step) {
    const t = (a * Math.PI) / 180;
    const sin = Math.sin(t);
    const cos = Math.cos(t);
    bins.fill(0);
    for (let i = 0; i < xs.length; i++) {
      const row = Math.round((ys[i]! * cos - xs[i]! * sin) / stride) + diag;
      bins[row]!++;
    }
    let score = 0;
    for (let i = 0; i < bins.length; i++) score += bins[i]! * bins[i]!;
    if (score > bestScore) {
      bestScore = score;
      best = a;
    }
  }
  return Math.round(best * 100) / 100;
}

/** The image turned by `degrees` (clockwise), new corners filled white. */
export async function rotated(image: GreyImage, degrees: number): Promise<GreyImage> {
  if (degrees === 0) return image;
  const { data, info } = await sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } })
    .rotate(degrees, { background: '#ffffff' })
    .greyscale()
    .raw()
    .toBuffer({ resolveWithObject: true });
  return { data, width: info.width, height: info.height };
}

/** PNG bytes of a grey image (what Tesseract reads from its standard input). */
export async function toPng(image: GreyImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 1 } }).png({ compressionLevel: 1 }).toBuffer();
}

/** The image level: measured skew taken out (photos a few degrees off). */
export async function deskewed(image: GreyImage): Promise<{ image: GreyImage; angle: number }> {
  const angle = skewAngle(image);
  return { image: Math.abs(angle) < 0.3 ? image : await rotated(image, -angle), angle };
}
