// Progress for people: a bar on a terminal, one plain line per file otherwise (logs, CI).
import cliProgress from 'cli-progress';
import type { CleaningTally, FileStatus, IngestReport, IngestReporter } from './run.js';

const LABEL: Record<FileStatus, string> = { queued: '已处理', indexed: '已导入', replaced: '已更新', unchanged: '未变化', duplicate: '重复', skipped: '跳过' };

export function cliReporter(stream: NodeJS.WriteStream = process.stderr): IngestReporter {
  const tty = Boolean(stream.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  let started = false;
  let pageClock: { relPath: string; since: number; done: number; printed: number } | null = null;
  const say = (line: string) => {
    if (bar) bar.stop();
    stream.write(line + '\n');
    if (bar) bar.start(bar.getTotal(), done, { file: '' });
  };
  return {
    start(total) {
      started = true;
      if (tty && total > 0) {
        bar = new cliProgress.SingleBar({ format: '导入 [{bar}] {value}/{total} {file}', stream, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, 0, { file: '' });
      } else {
        stream.write(`待处理文件：${total} 个\n`);
      }
    },
    file(relPath, status, detail) {
      // The bar counts files as they are read and processed; the engine confirms writes later.
      const advances = status !== 'indexed' && status !== 'replaced';
      if (started && advances) done++;
      if (status === 'skipped' || status === 'duplicate') say(`${LABEL[status]}：${relPath} — ${detail ?? ''}`);
      else if (!tty && status !== 'queued') stream.write(`${LABEL[status]}：${relPath}\n`);
      if (advances) bar?.update(done, { file: relPath });
    },
    log(line) {
      say(line);
    },
    pages(relPath, pagesDone, pagesTotal) {
      const now = Date.now();
      // A new file, or the reader started a second pass (OCR after the text layer): time it afresh.
      if (!pageClock || pageClock.relPath !== relPath || pagesDone < pageClock.done) pageClock = { relPath, since: now, done: 0, printed: 0 };
      pageClock.done = pagesDone;
      const line = pageProgressLine(relPath, pagesDone, pagesTotal, now - pageClock.since);
      if (bar) bar.update(done, { file: line });
      // Without a terminal, a line every 10 s at most (a text PDF's pages fly by; a scan's take seconds each).
      else if (now - pageClock.printed >= 10_000 && pagesDone < pagesTotal) {
        pageClock.printed = now;
        stream.write(`${line}\n`);
      }
    },
    finish(r: IngestReport) {
      bar?.stop();
      bar = null;
      stream.write(formatSummary(r) + '\n');
    },
  };
}

/** 报告.pdf：第 3/10 页，约剩 40 秒 — time left from the pages done so far. */
export function pageProgressLine(relPath: string, done: number, total: number, elapsedMs: number): string {
  const head = `${relPath}：第 ${done}/${total} 页`;
  if (done <= 0 || done >= total || elapsedMs < 1000) return head;
  const left = Math.round(((elapsedMs / done) * (total - done)) / 1000);
  return `${head}，约剩 ${left >= 90 ? `${Math.round(left / 60)} 分钟` : `${left} 秒`}`;
}

export function formatSummary(r: IngestReport): string {
  const lines = [
    `完成：读取 ${r.filesRead} 个文件，新导入 ${r.indexed}，更新 ${r.replaced}，未变化 ${r.unchanged}，重复 ${r.duplicates.length}，移除 ${r.removed}，跳过 ${r.skipped.length}`,
    `写入章节 ${r.sectionsWritten} 条；索引中共有文档 ${r.documentsInIndex} 篇；用时 ${(r.ms / 1000).toFixed(1)} 秒`,
  ];
  lines.push(...cleaningSummary(r.cleaning));
  if (r.boilerplate?.length) {
    lines.push(`跨文件站点标语 ${r.boilerplate.length} 条（多个不同文件开头或结尾的同一短行，已从这些位置移除）：`);
    for (const l of r.boilerplate) lines.push(`  - 「${l.text}」（${l.files} 个文件）`);
  }
  if (r.skipped.length) lines.push('跳过的文件：', ...r.skipped.map((s) => `  - ${s.relPath}：${s.reason}`));
  return lines.join('\n');
}

const byCount = (counts: Record<string, number>) =>
  Object.entries(counts)
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([rule, n]) => `${rule} ${n}`)
    .join('，');

/** Every removal, counted per file by rule (nothing is lost silently); truncated sources and compilations named. */
export function cleaningSummary(cleaning: CleaningTally[]): string[] {
  const total: Record<string, number> = {};
  for (const c of cleaning) for (const [rule, n] of Object.entries(c.removed)) total[rule] = (total[rule] ?? 0) + n;
  const removals = Object.values(total).reduce((a, b) => a + b, 0);
  const truncated = cleaning.reduce((n, c) => n + c.truncated, 0);
  const compilations = cleaning.filter((c) => c.documents > 1);
  const head = [`清理：移除 ${removals} 处${removals ? `（${byCount(total)}）` : ''}`];
  if (truncated) head.push(`来源不完整的文档 ${truncated} 篇`);
  const masked = cleaning.reduce((n, c) => n + (c.masked ?? 0), 0);
  if (masked) head.push(`原文有屏蔽字的文档 ${masked} 篇`);
  if (compilations.length) head.push(`合集 ${compilations.length} 个文件拆为 ${compilations.reduce((n, c) => n + c.documents, 0)} 篇`);
  const out = [head.join('；')];
  const detailed = cleaning.filter((c) => Object.keys(c.removed).length > 0 || c.truncated > 0 || c.documents > 1 || (c.masked ?? 0) > 0);
  if (detailed.length) {
    out.push('各文件清理明细（npm run ingest -- --explain <文件> 列出每一处）：');
    for (const c of detailed) {
      const notes = [byCount(c.removed) || '无移除'];
      if (c.truncated) notes.push(c.missingChars !== null ? `原文缺失约 ${c.missingChars} 字` : '原文不完整');
      if (c.masked) notes.push('原文有屏蔽字');
      if (c.documents > 1) notes.push(`合集，拆为 ${c.documents} 篇`);
      out.push(`  - ${c.relPath}：${notes.join('；')}`);
    }
  }
  return out;
}
