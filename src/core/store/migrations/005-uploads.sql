-- Documents added in the browser. The original is kept under DATA_DIR/uploads/<file_name> and
-- indexed with source_file = '上传/<file_name>'; doc_id follows the content (it changes when
-- the file is replaced). uploaded_by names the editor allowed to delete it.
CREATE TABLE uploads (
  source_file   TEXT PRIMARY KEY,
  file_name     TEXT NOT NULL,
  doc_id        TEXT NOT NULL,
  uploaded_by   INTEGER REFERENCES accounts(id) ON DELETE SET NULL,
  uploader_name TEXT,
  uploaded_at   TEXT NOT NULL,
  updated_at    TEXT NOT NULL
);
CREATE INDEX uploads_doc ON uploads(doc_id);
