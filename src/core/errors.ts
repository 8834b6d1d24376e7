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
  constructor(message = '检索服务暂时不可用，请稍后再试', options?: { cause?: unknown; code?: 'engine_unavailable' | 'index_missing' }) {
    super(message, 503, options?.code ?? 'engine_unavailable', options);
  }
}

/** A file that cannot be ingested; `reason` is one line for the run report. */
export class BadInputError extends Error {
  constructor(readonly reason: string) {
    super(reason);
    this.name = 'BadInputError';
  }
}
