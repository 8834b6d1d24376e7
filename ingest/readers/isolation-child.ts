// The child side of isolated reading: receives files over IPC, reads each with the function it is
// given (the reader registry's readDocument in production, a misbehaving one in the tests of the
// isolation itself), forwards the reader's progress reports, and answers with the text or the
// refusal. One file at a time; it holds nothing between files.
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc } from '../types.js';
import type { ReadRequest, ReadReply } from './isolation-protocol.js';
import type { ReadContext } from './reader.js';

export type ReadFn = (
  file: { relPath: string; bytes: Buffer },
  progress: NonNullable<ReadContext['progress']>,
  options?: ReadContext['options'],
) => Promise<DecodedDoc>;

export function serveReads(read: ReadFn): void {
  const send = (m: ReadReply) => process.send?.(m);
  // The parent went away (it exited or was killed): nothing is left to answer.
  process.on('disconnect', () => process.exit(0));
  process.on('message', (raw) => {
    const req = raw as ReadRequest;
    const bytes = Buffer.from(req.bytes.buffer, req.bytes.byteOffset, req.bytes.byteLength);
    read({ relPath: req.relPath, bytes }, (done, total) => send({ id: req.id, type: 'progress', done, total }), req.options).then(
      (doc) => send({ id: req.id, type: 'done', doc }),
      (err: unknown) =>
        send({
          id: req.id,
          type: 'error',
          badInput: err instanceof BadInputError,
          message: err instanceof BadInputError ? err.reason : String((err as Error)?.message ?? err).split('\n')[0]!,
        }),
    );
  });
  send({ id: 0, type: 'progress', done: 0, total: 0 }); // ready
}
