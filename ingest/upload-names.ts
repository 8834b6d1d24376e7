// The given names of uploads stored under key-derived names (src/core/uploads.ts storedUploadName):
// DATA_DIR/uploads/.names.json maps the stored name to the name the document is indexed under, so
// --rebuild indexes 上传/<given name> again. A file missing from it (stored before names were
// derived) is its own name. Hidden, so the archive walker never lists it; written atomically.
import { readFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';

export const UPLOAD_NAMES_FILE = '.names.json';

export function readUploadNames(uploadsDir: string): Record<string, string> {
  try {
    const parsed = JSON.parse(readFileSync(path.join(uploadsDir, UPLOAD_NAMES_FILE), 'utf8')) as unknown;
    return parsed && typeof parsed === 'object' ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

async function write(uploadsDir: string, names: Record<string, string>): Promise<void> {
  const file = path.join(uploadsDir, UPLOAD_NAMES_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  await writeFile(tmp, JSON.stringify(names, null, 1) + '\n', { mode: 0o600 });
  await rename(tmp, file);
}

export async function rememberUploadName(uploadsDir: string, stored: string, given: string): Promise<void> {
  const names = readUploadNames(uploadsDir);
  if (names[stored] === given) return;
  names[stored] = given;
  await write(uploadsDir, names);
}

export async function forgetUploadName(uploadsDir: string, stored: string): Promise<void> {
  const names = readUploadNames(uploadsDir);
  if (!(stored in names)) return;
  delete names[stored];
  await write(uploadsDir, names);
}
