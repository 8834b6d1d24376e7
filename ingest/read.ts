// Read stage (an end of the pipeline: it touches the file system). Lists the archive files under
// the given paths; bytes are read one file at a time by the runner.
import { readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { formatForExtension, SUPPORTED_EXTENSIONS } from '../src/core/formats.js';

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

/** A folder or file to ingest; `prefix` goes before its relative paths (the uploads folder's 上传/). */
/** `names`: stored file name → the name it is indexed under (uploads are stored under key-derived names). */
export type ArchiveRoot = string | { path: string; prefix: string; names?: Record<string, string> };

/**
 * Lists the files under the roots. Paths of plain roots that start with `reserved` are refused:
 * that prefix names documents uploaded in the browser, and an archive folder of the same name
 * would otherwise replace them.
 */
export async function listArchive(inputs: ArchiveRoot[], reserved?: string): Promise<{ files: ListedFile[]; skipped: Skipped[] }> {
  const files: ListedFile[] = [];
  const skipped: Skipped[] = [];
  for (const input of inputs) {
    const { path: given, prefix, names } = typeof input === 'string' ? { path: input, prefix: '', names: undefined } : input;
    const guard = typeof input === 'string' ? reserved : undefined;
    const abs = path.resolve(given);
    let st;
    try {
      st = await stat(abs);
    } catch {
      skipped.push({ relPath: given, reason: '路径不存在' });
      continue;
    }
    const add = (file: string, relPath: string, size: number) => {
      if (guard && relPath.startsWith(guard)) {
        skipped.push({ relPath, reason: `路径以「${guard}」开头，与网页上传的文稿冲突：请给这个文件夹换个名字` });
      } else consider(file, prefix + (names?.[relPath] ?? relPath), size, files, skipped);
    };
    if (st.isDirectory()) await walk(abs, abs, add);
    else add(abs, path.basename(abs), st.size);
  }
  files.sort((a, b) => a.relPath.localeCompare(b.relPath, 'zh-Hans-CN'));
  return { files, skipped };
}

async function walk(root: string, dir: string, add: (abs: string, rel: string, size: number) => void): Promise<void> {
  const entries = await readdir(dir, { withFileTypes: true });
  for (const e of entries) {
    // Hidden files and Word's lock files (~$…) are not documents.
    if (e.name.startsWith('.') || e.name.startsWith('~$')) continue;
    const abs = path.join(dir, e.name);
    const rel = path.relative(root, abs).split(path.sep).join('/');
    if (e.isDirectory()) await walk(root, abs, add);
    else if (e.isFile()) add(abs, rel, (await stat(abs)).size);
  }
}

/** Why a file of this name and size is not ingested (type, size), or null: the CLI's and the upload's rule. */
export function fileProblem(relPath: string, size: number): string | null {
  const ext = path.extname(relPath).toLowerCase();
  const format = formatForExtension(ext);
  if (!format) return `不支持的文件类型 ${ext || '（无扩展名）'}，只导入 ${SUPPORTED_EXTENSIONS.join(' ')}`;
  if (size > format.maxBytes) {
    return `文件过大（${(size / 1024 / 1024).toFixed(1)} MB，${ext} 文件上限 ${format.maxBytes / 1024 / 1024} MB）`;
  }
  return null;
}

function consider(abs: string, relPath: string, size: number, files: ListedFile[], skipped: Skipped[]): void {
  const problem = fileProblem(relPath, size);
  if (problem) skipped.push({ relPath, reason: problem });
  else files.push({ path: abs, relPath, size });
}
