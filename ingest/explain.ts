// --explain: what ingestion would take out of a file and why, without touching the engine, so a
// person can check a new source (and a new pattern in ingest/rules/debris.yaml) before ingesting.
import { readFile } from 'node:fs/promises';
import { BadInputError } from '../src/core/errors.js';
import { debrisRules } from './debris-rules.js';
import { processFile } from './process-file.js';
import { listArchive } from './read.js';
import { edgeCandidates } from './boilerplate.js';
import { BoilerplateStore } from './boilerplate-store.js';
import { decode } from './decode.js';
import { sha256 } from '../src/core/ids.js';
import type { RemovedBlock } from './types.js';

const KIND_LABEL: Record<RemovedBlock['kind'], string> = {
  truncation: '截断提示',
  'paid-marker': '付费标记',
  advert: '广告',
  watermark: '水印',
  chrome: '网站框架',
  label: '标签行',
  'wenku-header': '文库页眉',
  'page-chunk': '文库分页',
  pinyin: '拼音注音',
  compilation: '合集',
  'page-furniture': '页眉页脚',
  'stray-char': '杂散字符',
  boilerplate: '跨文件站点标语',
  'line-join': '硬换行接合',
};

/**
 * One report per file: every removal with line, rule and text, then the documents it would make.
 * Site chrome is learned as an ingest run learns it: from the heads and feet of the files given and
 * of the archive already ingested under `dataDir` (read, never written).
 */
export async function explainFiles(inputs: string[], dataDir: string | null = null): Promise<string[]> {
  debrisRules(); // a broken pattern is one clear error, not one per file
  const out: string[] = [];
  const { files, skipped } = await listArchive(inputs);
  const learning = BoilerplateStore.open(dataDir);
  for (const f of files) {
    try {
      const bytes = await readFile(f.path);
      const decoded = await decode({ relPath: f.relPath, bytes });
      learning.set(f.relPath, sha256(bytes), edgeCandidates(decoded.lines.map((l) => l.text)));
    } catch {
      // said below, file by file
    }
  }
  const learned = learning.learned();
  const boilerplate = new Set(learned.map((l) => l.key));
  if (learned.length > 0) {
    out.push(`跨文件站点标语 ${learned.length} 条（多个不同文件开头或结尾的同一短行，将从这些位置移除）：`);
    for (const l of learned) out.push(`  「${l.text}」（${l.files} 个文件）`);
    out.push('');
  }
  for (const s of skipped) out.push(`== ${s.relPath}`, `  跳过：${s.reason}`, '');
  for (const f of files) {
    out.push(`== ${f.relPath}`);
    try {
      const processed = await processFile({ relPath: f.relPath, bytes: await readFile(f.path) }, undefined, { boilerplate });
      out.push(...explainRemovals(processed.removed));
      for (const { document: d } of processed.documents) {
        const where = d.part !== null ? `第 ${d.part}/${d.partCount} 篇（原文件第 ${d.partSourceLine ?? '?'} 行起）：` : '文档：';
        const facts = [d.year !== null ? `${d.year}年` : '年份不详', d.period, d.orgType, `${d.sectionCount} 节`];
        if (d.truncated) facts.push(d.missingChars !== null ? `原文缺失约 ${d.missingChars} 字` : '原文不完整');
        if (d.masked) facts.push('原文有屏蔽字');
        out.push(`  ${where}${d.title}（${facts.join('，')}）`);
      }
      for (const { masked } of processed.documents) {
        for (const m of masked) out.push(`  屏蔽字：「${m.text}」像是被屏蔽的「${m.phrase}」（正文按原样保留）`);
      }
    } catch (err) {
      out.push(`  跳过：${err instanceof BadInputError ? err.reason : (err as Error).message.split('\n')[0]}`);
    }
    out.push('');
  }
  return out;
}

export function explainRemovals(removed: RemovedBlock[]): string[] {
  if (removed.length === 0) return ['  没有要移除的内容'];
  const lines = [`  将移除 ${removed.length} 处：`];
  for (const r of removed) {
    const text = r.text.replace(/\n/g, ' ⏎ ');
    // A paged reader's removals (folios, running headers) stand on a page, not on a line of the text.
    const where = r.line === undefined && r.page !== undefined ? `第 ${String(r.page).padStart(3)} 页` : `第 ${String(r.line ?? '?').padStart(3)} 行`;
    lines.push(`  ${where}  ${KIND_LABEL[r.kind]}/${r.rule}  「${text.length > 120 ? `${text.slice(0, 117)}…` : text}」`);
  }
  return lines;
}
