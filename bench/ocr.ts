// npm run bench:ocr (also the last part of `npm run bench`): the two OCR candidates on the same
// rendered pages — a clean scan, a phone photo (3.2° off, blurred, grey paper, JPEG noise) and a
// harsher photo made from the scan here (−2°, more blur, darker paper, JPEG quality 30) — each page
// preprocessed once, then read by each engine with the product's own orientation handling.
// Prints pages per second (wall and CPU, this process and its children), character accuracy
// against the known text (1 − edit distance / length) and peak memory, and keeps the latest in
// bench/RESULTS.md. The machine is shared: CPU seconds are steadier than wall seconds.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { ocrEngine, printedLinesOf, recognisePage } from '../ingest/readers/ocr/index.js';
import type { OcrEngineId } from '../ingest/readers/ocr/engine.js';
import { deskewed, pageImage, type GreyImage } from '../ingest/readers/ocr/preprocess.js';
import { paragraphsOf } from '../ingest/readers/pdf-layout.js';
import { PROJECT_ROOT } from '../src/core/config.js';
import { SCAN_PARAGRAPHS } from '../test/fixtures/pdf/pdf-texts.js';
import { charAccuracy } from '../test/helpers/char-accuracy.js';

const FIXTURES = path.join(PROJECT_ROOT, 'test', 'fixtures', 'pdf');
const TRUTH = SCAN_PARAGRAPHS.join('\n');

/** CPU seconds of this process and of its finished children (Tesseract runs as one). */
function cpuSeconds(): number {
  const own = process.cpuUsage();
  const stat = readFileSync('/proc/self/stat', 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[13]) + Number(fields[14]); // cutime + cstime (fields 16, 17)
  return (own.user + own.system) / 1e6 + ticks / 100;
}
const vmHwm = () => Number(readFileSync('/proc/self/status', 'utf8').match(/VmHWM:\s+(\d+) kB/)?.[1] ?? 0) / 1024;

async function pages(): Promise<{ name: string; image: GreyImage }[]> {
  const clean = readFileSync(path.join(FIXTURES, '镇党委 上半年总结 扫描.png'));
  const photo = readFileSync(path.join(FIXTURES, '镇党委 上半年总结 手机拍照.jpg'));
  const harsh = await sharp(clean).linear(0.7, 30).rotate(-2, { background: '#777777' }).blur(1.4).jpeg({ quality: 30 }).toBuffer();
  return [
    { name: 'clean scan', image: await pageImage(clean) },
    { name: 'phone photo (3.2°, blur, grey, JPEG 45)', image: await pageImage(photo) },
    { name: 'harsh photo (−2°, more blur, darker, JPEG 30)', image: await pageImage(harsh) },
  ];
}

interface Row {
  engine: string;
  page: string;
  wallS: number;
  cpuS: number;
  /** One recognition of the levelled, upright page: the engine alone, without the orientation check. */
  passCpuS: number;
  accuracy: number;
}

async function measure(id: OcrEngineId, set: { name: string; image: GreyImage }[]): Promise<{ rows: Row[]; loadS: number; peakMb: number }> {
  const engine = await ocrEngine(id);
  // Load the models (PaddleOCR) or start the binary once, outside the figures.
  const t0 = Date.now();
  await engine.recognise({ data: Buffer.alloc(64 * 64, 255), width: 64, height: 64 });
  const loadS = (Date.now() - t0) / 1000;
  const rows: Row[] = [];
  for (const p of set) {
    const level = (await deskewed(p.image)).image;
    const passCpu = cpuSeconds();
    await engine.recognise(level);
    const passCpuS = cpuSeconds() - passCpu;
    const wall = Date.now();
    const cpu = cpuSeconds();
    const page = await recognisePage(engine, p.image);
    const text = paragraphsOf([printedLinesOf(page.lines, 1)])
      .map((l) => l.text)
      .join('\n');
    rows.push({ engine: engine.name, page: p.name, wallS: (Date.now() - wall) / 1000, cpuS: cpuSeconds() - cpu, passCpuS, accuracy: charAccuracy(text, TRUTH) });
    const r = rows.at(-1)!;
    console.log(
      `${r.engine.padEnd(18)} ${r.page.padEnd(48)} ${r.wallS.toFixed(1)} s wall, ${r.cpuS.toFixed(1)} s CPU (one pass ${r.passCpuS.toFixed(1)} s), accuracy ${(r.accuracy * 100).toFixed(2)}%`,
    );
  }
  return { rows, loadS, peakMb: vmHwm() };
}

const machine = `${os.cpus().length} × ${os.cpus()[0]?.model.trim()}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
console.log(`machine: ${machine}`);
const set = await pages();
const results: { id: OcrEngineId; rows: Row[]; loadS: number; peakMb: number; missing?: string }[] = [];
// Tesseract first: it runs in a child process, so this process's peak memory after it is the baseline.
for (const id of ['tesseract', 'paddle'] as const) {
  try {
    results.push({ id, ...(await measure(id, set)) });
  } catch (err) {
    console.log(`${id}: not measured — ${(err as Error).message}`);
    results.push({ id, rows: [], loadS: 0, peakMb: vmHwm(), missing: (err as Error).message });
  }
}
const load = os.loadavg().map((n) => n.toFixed(1)).join(' / ');

const table = ['| engine | page | wall s | CPU s | CPU s, one pass | character accuracy |', '| --- | --- | --- | --- | --- | --- |'];
for (const r of results.flatMap((x) => x.rows)) {
  table.push(`| ${r.engine} | ${r.page} | ${r.wallS.toFixed(1)} | ${r.cpuS.toFixed(1)} | ${r.passCpuS.toFixed(1)} | ${(r.accuracy * 100).toFixed(2)}% |`);
}
const summary = results.map((x) => {
  if (x.missing) return `- ${x.id}: not measured (${x.missing})`;
  const wall = x.rows.reduce((s, r) => s + r.wallS, 0);
  const cpu = x.rows.reduce((s, r) => s + r.cpuS, 0);
  const pass = x.rows.reduce((s, r) => s + r.passCpuS, 0);
  const worst = Math.min(...x.rows.map((r) => r.accuracy));
  const mean = x.rows.reduce((s, r) => s + r.accuracy, 0) / x.rows.length;
  return `- ${x.rows[0]!.engine}: ${(x.rows.length / wall).toFixed(3)} pages/s wall (${(wall / x.rows.length).toFixed(1)} s a page), ${(cpu / x.rows.length).toFixed(1)} CPU s a page (one pass without the orientation check ${(pass / x.rows.length).toFixed(1)}); accuracy mean ${(mean * 100).toFixed(2)}%, worst ${(worst * 100).toFixed(2)}%; start-up ${x.loadS.toFixed(1)} s; peak RSS of the process after it ${x.peakMb.toFixed(0)} MB`;
});
const lines = [
  `- ${new Date().toISOString().slice(0, 10)}, ${machine}; load average at the end (1 / 5 / 15 min) ${load} — the machine is shared, wall seconds vary`,
  '- pages: A4 at about 150 dpi (1240 × 1754) rendered by Chromium from a known text of 362 characters; each preprocessed once (grey, contrast stretched), then read as the product reads it (levelled, orientation check: other turns are tried when the first reading is not confident); "one pass" is the engine alone on the levelled upright page',
  ...summary,
  '',
  ...table,
];
console.log(lines.join('\n'));

const file = path.join(PROJECT_ROOT, 'bench', 'RESULTS.md');
const begin = '<!-- bench:ocr begin -->';
const end = '<!-- bench:ocr end -->';
const section = `${begin}\n## OCR candidates (\`npm run bench:ocr\`)\n\n${lines.join('\n')}\n${end}`;
const old = existsSync(file) ? readFileSync(file, 'utf8') : '# Benchmark results (latest run of each)\n';
writeFileSync(file, old.includes(begin) ? old.replace(new RegExp(`${begin}[\\s\\S]*?${end}`), section) : `${old.trimEnd()}\n\n${section}\n`);
