// Adding and removing documents from the portal: who may (roles, the uploader), the registry of
// uploads, and the audit trail. The pipeline itself is injected (src/cli/runtime.ts builds it
// from ingest/), because the portal never imports the ingestion code.
import { ConflictError, ForbiddenError } from '../../core/errors.js';
import { can, type SessionUser } from '../../core/auth/roles.js';
import type { AuditLog } from '../../core/store/audit.js';
import type { UploadEntry, UploadRegistry } from '../../core/store/uploads.js';
import { isUploadSource, type IncomingUpload, type ReplacePolicy, type UploadResult } from '../../core/uploads.js';
import type { DocumentSummary } from './documents-service.js';

export interface UploadPipeline {
  limits: { maxFileBytes: number; extensions: string[] };
  ingest(files: IncomingUpload[], mayReplace: ReplacePolicy): Promise<UploadResult[]>;
  remove(doc: { docId: string; sourceFile: string }): Promise<void>;
}

export interface Actor {
  /** undefined: AUTH=off, the loopback operator. */
  user: SessionUser | undefined;
  ip: string | null;
}

export class UploadService {
  constructor(
    private readonly deps: {
      pipeline: UploadPipeline;
      registry: UploadRegistry;
      audit: Pick<AuditLog, 'record'>;
      documents: { summary(docId: string): Promise<DocumentSummary> };
    },
  ) {}

  get limits() {
    return this.deps.pipeline.limits;
  }

  async upload(files: IncomingUpload[], actor: Actor): Promise<UploadResult[]> {
    if (!can(actor.user, 'upload')) throw new ForbiddenError('只有编辑和管理员可以上传文稿');
    // By the upload's key: a name differing only in case or width is the same upload, owned by its uploader.
    const mayReplace: ReplacePolicy = (sourceFile) => {
      const entry = this.deps.registry.get(sourceFile);
      if (!entry || this.owns(actor.user, entry)) return { existing: entry?.sourceFile, refusal: null };
      return {
        existing: entry.sourceFile,
        refusal: `同名文稿（${entry.fileName}）已由 ${entry.uploaderName ?? '其他人'} 上传，只有上传者或管理员可以替换它；可改个文件名再上传`,
      };
    };
    const results = await this.deps.pipeline.ingest(files, mayReplace);
    for (const r of results) {
      if ((r.status === 'indexed' || r.status === 'updated') && r.docId && r.sourceFile) {
        this.deps.registry.record({ sourceFile: r.sourceFile, fileName: r.sourceFile.split('/').pop()!, docId: r.docId, uploader: actor.user });
        this.deps.audit.record({
          ...actor,
          action: r.status === 'indexed' ? 'upload' : 'replace',
          docId: r.docId,
          detail: r.status === 'updated' ? `${r.name}（替换 ${r.replacedDocId}）` : r.name,
        });
      } else if (r.status === 'skipped') {
        this.deps.audit.record({ ...actor, action: 'upload', detail: `${r.name}：未导入（${r.reason}）` });
      }
    }
    return results;
  }

  /** Who uploaded a document, for the viewer (undefined for archive documents). */
  uploadOf(doc: Pick<DocumentSummary, 'sourceFile'>): UploadEntry | undefined {
    return isUploadSource(doc.sourceFile) ? this.deps.registry.get(doc.sourceFile) : undefined;
  }

  mayDelete(user: SessionUser | undefined, doc: Pick<DocumentSummary, 'sourceFile'>): boolean {
    if (!isUploadSource(doc.sourceFile)) return false;
    const entry = this.deps.registry.get(doc.sourceFile);
    return can(user, 'delete-any') || (can(user, 'delete-own') && Boolean(entry) && this.owns(user, entry!));
  }

  async remove(docId: string, actor: Actor): Promise<DocumentSummary> {
    if (!can(actor.user, 'delete-own')) throw new ForbiddenError('只有编辑和管理员可以删除文稿');
    const doc = await this.deps.documents.summary(docId);
    if (!isUploadSource(doc.sourceFile)) {
      throw new ConflictError(
        `这份文稿来自档案文件夹（${doc.sourceFile}），不能在网页上删除：请在服务器上从档案文件夹中删除或移走该文件，再运行 npm run ingest -- --prune <档案文件夹>`,
        'archive_document',
      );
    }
    if (!this.mayDelete(actor.user, doc)) throw new ForbiddenError('只有上传者本人或管理员可以删除这份文稿');
    await this.deps.pipeline.remove({ docId: doc.docId, sourceFile: doc.sourceFile });
    this.deps.registry.remove(doc.sourceFile);
    this.deps.audit.record({ ...actor, action: 'delete', docId: doc.docId, detail: `${doc.title}（${doc.sourceFile}）` });
    return doc;
  }

  private owns(user: SessionUser | undefined, entry: UploadEntry): boolean {
    return !user || can(user, 'delete-any') || entry.uploadedBy === user.id;
  }
}
