// pdf.js in a worker thread of its own, as plain JavaScript: started without the TypeScript loader
// (tsx would transform pdf.js's 3 MB of code and keep about 90 MB of it on the heap of a process
// that has 128 MB), and with its own heap limit, so a PDF that makes pdf.js run out of memory ends
// this thread, not the ingestion. Requests from pdf.ts: open, text of a page, a page rendered, close.
import { parentPort } from 'node:worker_threads';

const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
let doc = null;

function multiply(m1, m2) {
  return [
    m1[0] * m2[0] + m1[2] * m2[1],
    m1[1] * m2[0] + m1[3] * m2[1],
    m1[0] * m2[2] + m1[2] * m2[3],
    m1[1] * m2[2] + m1[3] * m2[3],
    m1[0] * m2[4] + m1[2] * m2[5] + m1[4],
    m1[1] * m2[4] + m1[3] * m2[5] + m1[5],
  ];
}

const handlers = {
  async open({ bytes, cMapUrl, standardFontDataUrl }) {
    doc = await pdfjs.getDocument({
      data: bytes,
      cMapUrl,
      cMapPacked: true,
      standardFontDataUrl,
      isEvalSupported: false,
      disableFontFace: true,
      useSystemFonts: false,
      verbosity: 0,
    }).promise;
    return { numPages: doc.numPages };
  },
  // A page's text runs, y measured from the page top (the viewport turns PDF space, origin bottom
  // left and maybe rotated, into the page as shown).
  async text({ n }) {
    const page = await doc.getPage(n);
    try {
      const viewport = page.getViewport({ scale: 1 });
      const content = await page.getTextContent();
      const runs = [];
      for (const item of content.items) {
        if (!('str' in item) || item.str === '') continue;
        const [a, b, , , e, f] = multiply(viewport.transform, item.transform);
        runs.push({ text: item.str, x: e, y: f, width: item.width * viewport.scale, size: Math.hypot(a, b) || item.height });
      }
      return { page: n, width: viewport.width, height: viewport.height, runs };
    } finally {
      page.cleanup();
    }
  },
  // A page rendered on @napi-rs/canvas (its binaries inside its npm package), white behind, RGBA.
  async render({ n, longSide }) {
    const page = await doc.getPage(n);
    try {
      const base = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: longSide / Math.max(base.width, base.height) });
      const width = Math.ceil(viewport.width);
      const height = Math.ceil(viewport.height);
      const { createCanvas } = await import('@napi-rs/canvas');
      const canvas = createCanvas(width, height);
      const context = canvas.getContext('2d');
      context.fillStyle = '#ffffff';
      context.fillRect(0, 0, width, height);
      await page.render({ canvas, canvasContext: context, viewport }).promise;
      const pixels = context.getImageData(0, 0, width, height);
      return { data: new Uint8Array(pixels.data.buffer, pixels.data.byteOffset, pixels.data.byteLength), width, height };
    } finally {
      page.cleanup();
    }
  },
  async close() {
    await doc?.destroy();
    doc = null;
    return {};
  },
};

parentPort.on('message', async ({ id, op, args }) => {
  try {
    const result = await handlers[op](args);
    parentPort.postMessage({ id, result }, result?.data ? [result.data.buffer] : []);
  } catch (err) {
    parentPort.postMessage({ id, error: { name: err?.name ?? 'Error', message: err?.message ?? String(err) } });
  }
});
