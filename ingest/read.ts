// Read stage (an end of the pipeline: it touches the file system). Lists the archive files under
// the given paths; bytes are read one file at a time by the runner.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';

export const SUPPORTED_EXTENSIONS = ['.txt', '.docx'];
/**
 * Larger files are refused before reading. A work summary is tens of KB of text; a text file of
 * megabytes is a log, a dump or several archives glued together, and would take the engine
 * minutes to index. A docx carries images, hence its larger limit (its text is checked later).
 */
export const MAX_FILE_BYTES: Record<string, number> = { '.txt': 4 * 1024 * 1024, '.docx': 30 * 1024 * 1024 };

export interface ListedFile {
  path: string;
  /** Relative to the root it was found under (forward slashes); a file given directly keeps its name. */
  relPath: string;
  size: number;
}

export interface Skipped {
  relPath: string;
  reason: string;
}

export async function listArchive(inputs: string[]): Promise<{ files: ListedFile[]; skipped: Skipped[] }> {
  const files: ListedFile[] = [];
  const skipped: Skipped[] = [];
  for (const input of inputs) {
    const abs = path.resolve(input);
    let st;
    try {
      st = await stat(abs);
    } catch {
      skipped.push({ relPath: input, reason: '路径不存在' });
      continue;
    }
    if (st.isDirectory()) await walk(abs, abs, files, skipped);
    else consider(abs, path.basename(abs), st.size, files, skipped);
  }
  files.sort((a, b) => a.relPath.localeCompare(b.relPath, 'zh-Hans-CN'));
  return { files, skipped };
}

async function walk(root: string, dir: string, files: ListedFile[], skipped: Skipped[]): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    // Hidden files and Word's lock files (~$…) are not documents.
    if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
    const abs = path.join(dir, e.name);
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (e.isDirectory()) await walk(root, abs, files, skipped);
    else if (e.isFile()) consider(abs, rel, (await stat(abs)).size, files, skipped);
  }
}

function consider(abs: string, relPath: string, size: number, files: ListedFile[], skipped: Skipped[]): void {
  const ext = path.extname(relPath).toLowerCase();
  if (!SUPPORTED_EXTENSIONS.includes(ext)) {
    skipped.push({ relPath, reason: `不支持的文件类型 ${ext || '（无扩展名）'}，只导入 .txt 和 .docx` });
  } else if (size > MAX_FILE_BYTES[ext]!) {
    skipped.push({ relPath, reason: `文件过大（${(size / 1024 / 1024).toFixed(1)} MB，${ext} 文件上限 ${MAX_FILE_BYTES[ext]! / 1024 / 1024} MB）` });
  } else {
    files.push({ path: abs, relPath, size });
  }
}
