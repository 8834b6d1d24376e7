// Requests as a browser's network stack cannot make them, for the hardening tests: from a chosen
// loopback address (127.0.0.x, so throttling sees different clients without any proxy header),
// with a hand-made body, or cut off half-way as a closed tab would.
import http from 'node:http';

export interface RawResponse {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface RawRequest {
  method?: string;
  path: string;
  headers?: Record<string, string>;
  body?: Buffer | string;
  /** Bind the client socket to this local address (e.g. 127.0.0.7). */
  from?: string;
  /** Send only this many bytes of the body, then drop the connection. */
  cutAfter?: number;
}

export function rawRequest(base: string, r: RawRequest): Promise<RawResponse | null> {
  const url = new URL(r.path, base);
  const body = r.body === undefined ? undefined : Buffer.isBuffer(r.body) ? r.body : Buffer.from(r.body);
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method: r.method ?? 'GET',
        headers: { ...(body ? { 'content-length': String(body.length) } : {}), ...r.headers },
        ...(r.from ? { localAddress: r.from } : {}),
        agent: false,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    if (r.cutAfter !== undefined && body) {
      req.on('error', () => resolve(null));
      req.write(body.subarray(0, r.cutAfter), () => setTimeout(() => (req.destroy(), resolve(null)), 50));
      return;
    }
    req.on('error', reject);
    req.end(body);
  });
}

/** A multipart/form-data body from parts given as they go on the wire (header lines and content). */
export function multipart(parts: Array<{ headers: string[]; content: Buffer | string }>, boundary = '----dj17boundary'): { body: Buffer; contentType: string } {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    chunks.push(Buffer.from(`--${boundary}\r\n${p.headers.join('\r\n')}\r\n\r\n`, 'utf8'));
    chunks.push(Buffer.isBuffer(p.content) ? p.content : Buffer.from(p.content, 'utf8'));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** A form-urlencoded body. */
export const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();
