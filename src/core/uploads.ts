// Where documents uploaded in the browser live: originals under DATA_DIR/uploads/, indexed with
// a source path under UPLOAD_SOURCE_PREFIX. Shared by the pipeline (which re-reads them on
// --rebuild and never prunes them), the portal and the CLIs.
import path from 'node:path';
import { sha256 } from './ids.js';

/** sourceFile of an uploaded document = this + its file name. Archive paths under it are refused. */
export const UPLOAD_SOURCE_PREFIX = '上传/';

export const isUploadSource = (sourceFile: string) => sourceFile.startsWith(UPLOAD_SOURCE_PREFIX);

export const uploadSourceFile = (fileName: string) => UPLOAD_SOURCE_PREFIX + fileName;

/** Staging folder for files still arriving (hidden, so the archive walker never lists it). */
export const incomingDir = (uploadsDir: string) => path.join(uploadsDir, '.incoming');

/**
 * A browser-supplied name made safe as one file name: the last path component, no control
 * characters or separators, no leading dots, at most 120 characters (keeping the extension).
 */
export function safeUploadName(name: string): string {
  const base = name.normalize('NFC').split(/[/\\]/).pop() ?? '';
  let clean = base.replace(/[\u0000-\u001f\u007f<>:"|?*]/g, '_').replace(/^[.\s]+/, '').trim();
  if ([...clean].length > 120) {
    const ext = path.extname(clean).slice(0, 10);
    clean = [...clean.slice(0, clean.length - ext.length)].slice(0, 120 - ext.length).join('') + ext;
  }
  return clean || '未命名';
}

/**
 * The one key an uploaded name is known by, for look-up and ownership alike: Unicode NFKC (full-width
 * ｒｅｐｏｒｔ２ is report2) and case-folded (Report.txt is report.TXT) — what the engine's filter
 * already ignores, so two names it cannot tell apart are one upload.
 */
export function uploadKey(fileNameOrSourceFile: string): string {
  return fileNameOrSourceFile.normalize('NFKC').toLowerCase().normalize('NFKC');
}

/**
 * The name an upload is stored under in DATA_DIR/uploads: derived from its key, so it is short and
 * plain whatever the original name (no length or character can fail the file system), and one key
 * is one file. The original name is data (uploads/.names.json, the registry, the index).
 */
export function storedUploadName(fileName: string): string {
  const key = uploadKey(fileName);
  const ext = path.extname(key).replace(/[^a-z0-9.]/g, '').slice(0, 16);
  return sha256(Buffer.from(key, 'utf8')).slice(0, 32) + ext;
}

/** A file as it arrived from the browser: its given name and where the upload parser put it. */
export interface IncomingUpload {
  name: string;
  path: string;
  size: number;
}

export type UploadStatus = 'indexed' | 'updated' | 'unchanged' | 'duplicate' | 'skipped';

/** The answer for one uploaded file (POST /api/documents). */
export interface UploadResult {
  name: string;
  status: UploadStatus;
  reason?: string;
  docId?: string;
  /** 上传/<safe name>, set unless the file was refused before it had one. */
  sourceFile?: string;
  /** The document id an update replaced. */
  replacedDocId?: string;
}

/**
 * For an upload of this source file: the source file an earlier upload of the same key is registered
 * under (its name may differ in case or width; undefined: none), and whether it may be replaced
 * (refusal null) or why not.
 */
export type ReplacePolicy = (sourceFile: string) => { existing: string | undefined; refusal: string | null };
