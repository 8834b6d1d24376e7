// A small typed error hierarchy. HTTP errors carry their status and a stable code;
// BadInputError is an ingestion problem with one file (reported, never fatal to the run).

export class AppError extends Error {
  constructor(
    message: string,
    readonly status: number,
    readonly code: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class BadRequestError extends AppError {
  constructor(message: string, code = 'bad_request') {
    super(message, 400, code);
  }
}

export class NotFoundError extends AppError {
  constructor(message = '未找到所请求的内容', code = 'not_found') {
    super(message, 404, code);
  }
}

export class EngineUnavailableError extends AppError {
  constructor(message = '检索服务暂时不可用，请稍后再试', options?: { cause?: unknown; code?: 'engine_unavailable' | 'index_missing' | 'index_outdated' }) {
    super(message, 503, options?.code ?? 'engine_unavailable', options);
  }
}

/** A file the index names is missing from DATA_DIR/blobs (a DATA_DIR copied without it). */
export class BlobMissingError extends AppError {
  constructor(what: string) {
    super(`${what}不在数据目录中（DATA_DIR/blobs）：请重新导入该文稿所在目录（npm run ingest -- <目录>）`, 503, 'blob_missing');
  }
}

/** A file that cannot be ingested; `reason` is one line for the run report. */
export class BadInputError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BadInputError';
  }
}

/** No signed-in user (pages redirect to /login instead). */
export class UnauthenticatedError extends AppError {
  constructor(message = '请先登录') {
    super(message, 401, 'unauthenticated');
  }
}

/** Signed in, but the role may not do this. */
export class ForbiddenError extends AppError {
  constructor(message = '您的账号没有这项权限', code = 'forbidden') {
    super(message, 403, code);
  }
}

/** A state-changing request that is neither same-origin nor carries the form's token. */
export class CsrfError extends AppError {
  constructor(message = '请求来源无法确认（跨站请求）：请回到页面重新提交') {
    super(message, 403, 'csrf');
  }
}

/** Too many attempts; `retryAfter` in seconds becomes the Retry-After header. */
export class TooManyRequestsError extends AppError {
  constructor(
    message: string,
    readonly retryAfter: number,
    code: 'too_many_attempts' | 'account_locked' = 'too_many_attempts',
  ) {
    super(message, 429, code);
  }
}

/** The request contradicts the current state (an existing name, the last administrator…). */
export class ConflictError extends AppError {
  constructor(message: string, code = 'conflict') {
    super(message, 409, code);
  }
}

/** The portal has no account yet: nothing is served until the first administrator exists. */
export class SetupRequiredError extends AppError {
  constructor(message = '尚未创建任何账号：请在服务器上运行 npm run users -- add <用户名> --role admin 创建第一个管理员') {
    super(message, 503, 'setup_required');
  }
}
