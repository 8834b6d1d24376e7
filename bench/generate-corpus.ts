// A larger synthetic archive for the recall evaluation and the benchmarks: documents recombined
// from the sections of the sample corpus under other organisations, years and periods, written
// in the encodings real archives have (UTF-8, GB18030, UTF-8 BOM + CRLF). Deterministic per seed.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { processFile } from '../ingest/process-file.js';
import { PROJECT_ROOT } from '../src/core/config.js';

const ORGS = [
  'XX县财政局机关党支部', 'XX市第一中学党总支', 'XX县人民医院党委', 'XX集团有限公司党委', 'XX镇党委',
  'XX街道党工委', 'XX村党支部', 'XX社区党委', 'XX市疾病预防控制中心党支部', 'XX区人民法院机关党委',
  'XX大学机关党委', 'XX县供销合作社党组', 'XX市公共资源交易中心党支部', 'XX能源有限公司党委', 'XX乡党委',
];
const PERIOD_WORDS = ['上半年', '下半年', '年度', '第一季度', '第三季度', ''];
const NUMS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

/** A small seeded generator, so a corpus (and a draft) is the same on every run. */
export function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Piece {
  heading: string;
  text: string;
}

const stripMarker = (h: string) => h.replace(/^(（[一二三四五六七八九十]+）|[一二三四五六七八九十]+、|\d+[.、．])\s*/, '');

export async function generateCorpus(count: number, outDir: string, seed = 7): Promise<string> {
  const sampleDir = path.join(PROJECT_ROOT, 'corpus', 'sample');
  const pieces: Piece[] = [];
  for (const f of readdirSync(sampleDir)) {
    const p = await processFile({ relPath: f, bytes: readFileSync(path.join(sampleDir, f)) });
    for (const s of p.documents.flatMap((d) => d.sections)) if (s.level > 0 && s.text.length > 20) pieces.push({ heading: stripMarker(s.heading), text: s.text });
  }
  const rand = rng(seed);
  const pick = <T>(a: T[]) => a[Math.floor(rand() * a.length)]!;
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(outDir, { recursive: true });
  for (let i = 0; i < count; i++) {
    const org = pick(ORGS).replace(/^XX/, pick(['XX', '某某', 'XX省XX']));
    const year = 2015 + Math.floor(rand() * 11);
    const period = pick(PERIOD_WORDS);
    const title = `${org}${year}年${period}党建工作总结`;
    const lines = [title, `${year}年${period || '以来'}，${org}坚持以习近平新时代中国特色社会主义思想为指导，认真落实全面从严治党主体责任，现将有关情况总结如下：`];
    const tops = 2 + Math.floor(rand() * 3);
    for (let t = 0; t < tops; t++) {
      lines.push(`${NUMS[t]}、${pick(['主要工作', '重点工作开展情况', '存在的问题', '下一步工作计划', '工作成效'])}`);
      const subs = 1 + Math.floor(rand() * 4);
      for (let s = 0; s < subs; s++) {
        const piece = pick(pieces);
        // Vary the numbers so documents are not copies of each other.
        const text = piece.text.replace(/\d+(?=[次名人个篇条项])/g, () => String(1 + Math.floor(rand() * 30)));
        if (rand() < 0.5) lines.push(`（${NUMS[s]}）${piece.heading}。${text.split('\n')[0]}`, ...text.split('\n').slice(1));
        else lines.push(`（${NUMS[s]}）${piece.heading}`, text);
      }
    }
    const body = lines.join('\n');
    const r = rand();
    const name = `${String(i).padStart(5, '0')}-${org}-${year}${period}.txt`;
    const bytes =
      r < 0.15 ? iconv.encode(body, 'gb18030') : r < 0.2 ? Buffer.from('\ufeff' + body.replace(/\n/g, '\r\n'), 'utf8') : Buffer.from(body, 'utf8');
    writeFileSync(path.join(outDir, name), bytes);
  }
  return outDir;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const count = Number(process.argv[2] ?? 200);
  const out = process.argv[3] ?? path.join(PROJECT_ROOT, 'bench', 'out', `generated-${count}`);
  console.log(await generateCorpus(count, out));
}
