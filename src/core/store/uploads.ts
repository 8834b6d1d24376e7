// Documents added in the browser (migration 005): which uploaded source file holds which
// document now, and who uploaded it (the editor who may delete it).
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
  constructor(private readonly db: Db) {}

  get(sourceFile: string): UploadEntry | undefined {
    const r = this.db.prepare('SELECT * FROM uploads WHERE source_file = ?').get(sourceFile) as Row | undefined;
    return r && toEntry(r);
  }

  /** A new upload keeps its uploader; a replacement only moves the document id and the time. */
  record(e: { sourceFile: string; fileName: string; docId: string; uploader: { id: number; name: string } | undefined }): void {
    const now = new Date().toISOString();
    this.db
      .prepare(
        `INSERT INTO uploads (source_file, file_name, doc_id, uploaded_by, uploader_name, uploaded_at, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(source_file) DO UPDATE SET doc_id = excluded.doc_id, updated_at = excluded.updated_at`,
      )
      .run(e.sourceFile, e.fileName, e.docId, e.uploader?.id ?? null, e.uploader?.name ?? null, now, now);
  }

  remove(sourceFile: string): void {
    this.db.prepare('DELETE FROM uploads WHERE source_file = ?').run(sourceFile);
  }
}
