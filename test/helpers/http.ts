// HTTP plumbing the tests share: an app listening on a free loopback port (what a browser needs),
// and a supertest parser that reads a response body as raw bytes (originals, Word exports).
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Express } from 'express';

export interface Listening {
  base: string;
  close(): Promise<void>;
}

export async function listen(app: Express): Promise<Listening> {
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  return {
    base: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

/** For supertest's `.buffer(true).parse(rawBody)`: the body as one Buffer. */
export function rawBody(res: { on(event: 'data' | 'end', listener: (chunk: Buffer) => void): unknown }, done: (err: Error | null, body: unknown) => void): void {
  const chunks: Buffer[] = [];
  res.on('data', (c: Buffer) => chunks.push(c));
  res.on('end', () => done(null, Buffer.concat(chunks)));
}
