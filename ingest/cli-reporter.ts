// Progress for people: a bar on a terminal, one plain line per file otherwise (logs, CI).
import cliProgress from 'cli-progress';
import type { FileStatus, IngestReport, IngestReporter } from './run.js';

const LABEL: Record<FileStatus, string> = { queued: '已处理', indexed: '已导入', replaced: '已更新', unchanged: '未变化', duplicate: '重复', skipped: '跳过' };

export function cliReporter(stream: NodeJS.WriteStream = process.stderr): IngestReporter {
  const tty = Boolean(stream.isTTY);
  let bar: cliProgress.SingleBar | null = null;
  let done = 0;
  let started = false;
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
    finish(r: IngestReport) {
      bar?.stop();
      bar = null;
      stream.write(formatSummary(r) + '\n');
    },
  };
}

export function formatSummary(r: IngestReport): string {
  const lines = [
    `完成：读取 ${r.filesRead} 个文件，新导入 ${r.indexed}，更新 ${r.replaced}，未变化 ${r.unchanged}，重复 ${r.duplicates.length}，移除 ${r.removed}，跳过 ${r.skipped.length}`,
    `写入章节 ${r.sectionsWritten} 条；索引中共有文档 ${r.documentsInIndex} 篇；用时 ${(r.ms / 1000).toFixed(1)} 秒`,
  ];
  if (r.skipped.length) lines.push('跳过的文件：', ...r.skipped.map((s) => `  - ${s.relPath}：${s.reason}`));
  return lines.join('\n');
}
