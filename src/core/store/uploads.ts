// Documents added in the browser (migrations 005, 006): which uploaded source file holds which
// document now, and who uploaded it (the editor who may delete it). Rows are found by the upload's
// normalised key (uploadKey): the look-up that decides ownership is the one that finds the file.
import { uploadKey } from '../uploads.js';
import type { Db } from './database.js';

export interface UploadEntry {
  sourceFile: string;
  fileName: string;
  docId: string;
  uploadedBy: number | null;
  uploaderName: string | null;
  uploadedAt: string;
  updatedAt: string;
}

interface Row {
  source_file: string;
  file_name: string;
  doc_id: string;
  uploaded_by: number | null;
  uploader_name: string | null;
  uploaded_at: string;
  updated_at: string;
}

const toEntry = (r: Row): UploadEntry => ({
  sourceFile: r.source_file,
  fileName: r.file_name,
  docId: r.doc_id,
  uploadedBy: r.uploaded_by,
  uploaderName: r.uploader_name,
  uploadedAt: r.uploaded_at,
  updatedAt: r.updated_at,
});

export class UploadRegistry {
  constructor(private readonly db: Db) {
    // Rows from before migration 006: their key, unless an older row already holds it (then the
    // exact name still finds it).
    const missing = db.prepare('SELECT source_file FROM uploads WHERE name_key IS NULL ORDER BY uploaded_at').pluck().all() as string[];
    const fill = db.prepare('UPDATE OR IGNORE uploads SET name_key = ? WHERE source_file = ?');
    db.transaction(() => missing.forEach((s) => fill.run(uploadKey(s), s)))();
  }

  /** The upload this source file names, by its key (or, for an old duplicate, its exact name). */
  get(sourceFile: string): UploadEntry | undefined {
    const r = this.db
      .prepare('SELECT * FROM uploads WHERE name_key = ? OR source_file = ? ORDER BY name_key = ? DESC LIMIT 1')
      .get(uploadKey(sourceFile), sourceFile, uploadKey(sourceFile)) as Row | undefined;
    return r && toEntry(r);
  }

  /** A new upload keeps its uploader; a replacement moves the document id, the time and the name as last given. */
  record(e: { sourceFile: string; fileName: string; docId: string; uploader: { id: number; name: string } | undefined }): void {
    const now = new Date().toISOString();
    const existing = this.get(e.sourceFile);
    if (existing) {
      this.db
        .prepare('UPDATE uploads SET source_file = ?, file_name = ?, doc_id = ?, updated_at = ?, name_key = ? WHERE source_file = ?')
        .run(e.sourceFile, e.fileName, e.docId, now, uploadKey(e.sourceFile), existing.sourceFile);
      return;
    }
    this.db
      .prepare(
        `INSERT INTO uploads (source_file, file_name, doc_id, uploaded_by, uploader_name, uploaded_at, updated_at, name_key)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
      )
      .run(e.sourceFile, e.fileName, e.docId, e.uploader?.id ?? null, e.uploader?.name ?? null, now, now, uploadKey(e.sourceFile));
  }

  remove(sourceFile: string): void {
    const existing = this.get(sourceFile);
    if (existing) this.db.prepare('DELETE FROM uploads WHERE source_file = ?').run(existing.sourceFile);
  }
}
