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
