-- Uploads are known by one normalised key (NFKC, case-folded: src/core/uploads.ts uploadKey) for
-- look-up and ownership alike: Report.txt and report.TXT, report2.txt and ｒｅｐｏｒｔ２.txt are one
-- upload. Keys of rows from before are filled in by UploadRegistry when it opens (SQL has no NFKC).
ALTER TABLE uploads ADD COLUMN name_key TEXT;
CREATE UNIQUE INDEX uploads_name_key ON uploads(name_key);
