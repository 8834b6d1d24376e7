// What only the portal holds under DATA_DIR, besides the engine's own data (which is backed up as a
// Meilisearch dump): the one list that `npm run backup` and `npm run restore` use. A feature that
// keeps something new under DATA_DIR adds it here, and backups include it from then on.
//
// Not listed on purpose: master-key (the embedded engine's key; a restore generates a new one),
// engine.json and writer.* (state of running processes), logs/, meili/, dumps/ and snapshots/ (the
// engine's working files).
import { DATABASE_FILE } from '../store/database.js';

export interface PortalDataPath {
  /** Relative to DATA_DIR. */
  path: string;
  /** sqlite: copied with SQLite's online backup (consistent while the portal writes); dir / file: copied as they are. */
  kind: 'sqlite' | 'dir' | 'file';
  what: string;
}

export const PORTAL_DATA_PATHS: readonly PortalDataPath[] = [
  { path: DATABASE_FILE, kind: 'sqlite', what: '门户数据库（账号、会话、审计记录、文稿篮）' },
  { path: 'uploads', kind: 'dir', what: '门户上传的原始文件' },
  // Originals and cleaned texts of every document, by content hash: what the viewer and downloads read.
  { path: 'blobs', kind: 'dir', what: '全部文稿的原件与清理后正文（按内容哈希存放）' },
];
