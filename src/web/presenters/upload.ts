// Upload answers for the API and the upload page: one view-model per file.
import type { UploadResult, UploadStatus } from '../../core/uploads.js';
import { viewerUrl } from './format.js';

export const STATUS_TEXT: Record<UploadStatus, string> = {
  indexed: '已导入',
  updated: '已替换为新版本',
  unchanged: '内容未变，无需导入',
  duplicate: '重复，未导入',
  skipped: '未导入',
};

/** The API's answer for one file: exactly { name, status, reason?, docId? }. */
export function presentUploadResult(r: UploadResult) {
  return { name: r.name, status: r.status, ...(r.reason ? { reason: r.reason } : {}), ...(r.docId ? { docId: r.docId } : {}) };
}

/** The page's row: the answer plus its wording and a link to the document. */
export function presentUploadRow(r: UploadResult) {
  const searchable = r.docId && r.status !== 'skipped' && r.status !== 'duplicate';
  return { ...presentUploadResult(r), text: STATUS_TEXT[r.status], href: searchable ? viewerUrl(r.docId!, null, '', 'words') : null, ok: r.status !== 'skipped' };
}
