// Multipart bodies (uploads, the 查重 draft) fail inside their request: a size or count over its
// limit, a field where a file belongs, a truncated or malformed body (a closed tab, a NUL in a part
// header) each answer with a status and a stable code, never a 500 and never the process.
import { AppError, BadRequestError } from '../../core/errors.js';

/** Limits every multipart parser here uses besides its own file size and count. */
export const MULTIPART_LIMITS = { fields: 20, fieldNameSize: 100, fieldSize: 1024 * 1024, headerPairs: 20 } as const;

/** The error a multer/busboy failure answers with. */
export function multipartError(err: unknown, limits: { maxFileBytes: number; maxFiles: number }): Error {
  const code = (err as { code?: string }).code;
  const mb = Math.round(limits.maxFileBytes / 1024 / 1024);
  switch (code) {
    case 'LIMIT_FILE_SIZE':
      return new AppError(`文件超过 ${mb} MB，不像一份工作总结，未上传`, 413, 'file_too_large');
    case 'LIMIT_FILE_COUNT':
      return new AppError(`一次最多上传 ${limits.maxFiles} 个文件`, 413, 'too_many_files');
    case 'LIMIT_UNEXPECTED_FILE':
      return new BadRequestError('文件放在了表单中不该放文件的字段里', 'unexpected_field');
    case 'LIMIT_FIELD_COUNT':
    case 'LIMIT_PART_COUNT':
      return new BadRequestError(`表单字段过多（上限 ${MULTIPART_LIMITS.fields} 个）`, 'too_many_fields');
    case 'LIMIT_FIELD_KEY':
    case 'LIMIT_FIELD_VALUE':
      return new BadRequestError('表单字段的名称或内容过长', 'field_too_large');
  }
  // A file-system failure while storing (a full disk) is the server's, and stays a 500.
  if (typeof (err as NodeJS.ErrnoException).syscall === 'string') return err as Error;
  // busboy: "Unexpected end of form", "Malformed part header", "Multipart: Boundary not found"…
  return new BadRequestError('上传的表单数据不完整或格式有误（连接是否中断？）：请重新上传', 'malformed_multipart');
}
