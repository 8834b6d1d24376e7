// OCR engine: Tesseract 5 with its chi_sim model, Debian's `tesseract-ocr tesseract-ocr-chi-sim`,
// run as a child process that reads the page as PNG on standard input and writes TSV (one row per
// word, with its line and box) on standard output — no file is written.
import { spawn } from 'node:child_process';
import { BadInputError } from '../../../src/core/errors.js';
import type { OcrEngine, OcrLine } from './engine.js';
import { toPng } from './preprocess.js';

const CJK = /[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]/u;

/** One OpenMP thread: more only spin-wait for a core on a busy 2-core machine (Tesseract's own advice for throughput). */
export function tesseractEngine(threads = 1): OcrEngine {
  return {
    name: 'tesseract-chi_sim',
    async recognise(image) {
      const png = await toPng(image);
      const tsv = await run(['stdin', 'stdout', '-l', 'chi_sim', '--psm', '6', 'tsv'], png, threads);
      return linesOfTsv(tsv);
    },
  };
}

function run(args: string[], input: Buffer, threads: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('tesseract', args, { env: { ...process.env, OMP_THREAD_LIMIT: String(threads) }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => (err += b.toString()));
    child.on('error', (e: NodeJS.ErrnoException) =>
      reject(e.code === 'ENOENT' ? new BadInputError('OCR 引擎 Tesseract 未安装（Debian：apt-get install tesseract-ocr tesseract-ocr-chi-sim）') : e),
    );
    child.on('close', (code) => {
      if (code === 0) resolve(Buffer.concat(out).toString('utf8'));
      else if (/chi_sim/.test(err)) reject(new BadInputError('Tesseract 缺少中文模型 chi_sim（Debian：apt-get install tesseract-ocr-chi-sim）'));
      else reject(new Error(`tesseract 退出码 ${code}：${err.trim().slice(0, 200)}`));
    });
    child.stdin.on('error', () => {});
    child.stdin.end(input);
  });
}

/** Tesseract's TSV (level 5 rows are words) → lines; CJK words are joined without the spaces Tesseract puts between them. */
export function linesOfTsv(tsv: string): OcrLine[] {
  const lines = new Map<string, { words: { text: string; conf: number }[]; x0: number; y0: number; x1: number; y1: number }>();
  for (const row of tsv.split('\n').slice(1)) {
    const f = row.split('\t');
    if (f.length < 12 || f[0] !== '5') continue;
    const text = f[11]!.trim();
    const conf = Number(f[10]);
    if (text === '' || conf < 0) continue;
    const key = `${f[2]}.${f[3]}.${f[4]}`;
    const [left, top, width, height] = [Number(f[6]), Number(f[7]), Number(f[8]), Number(f[9])];
    const line = lines.get(key) ?? { words: [], x0: left, y0: top, x1: left + width, y1: top + height };
    line.words.push({ text, conf });
    line.x0 = Math.min(line.x0, left);
    line.y0 = Math.min(line.y0, top);
    line.x1 = Math.max(line.x1, left + width);
    line.y1 = Math.max(line.y1, top + height);
    lines.set(key, line);
  }
  return [...lines.values()].map((l) => {
    let text = '';
    for (const w of l.words) text += text === '' || CJK.test(text.slice(-1)) || CJK.test(w.text[0]!) ? w.text : ` ${w.text}`;
    const chars = l.words.reduce((n, w) => n + w.text.length, 0);
    const confidence = l.words.reduce((s, w) => s + (w.conf / 100) * w.text.length, 0) / Math.max(1, chars);
    return { text, x0: l.x0, y0: l.y0, x1: l.x1, y1: l.y1, confidence };
  });
}
