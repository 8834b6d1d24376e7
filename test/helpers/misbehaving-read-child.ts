// A read child whose "reader" misbehaves on request (the file name says how), to test the isolation
// around it (ingest/readers/isolated.ts) with the real protocol: hanging, reporting progress slowly
// or for ever, filling the V8 heap, filling native memory, crashing, refusing, failing.
import { BadInputError } from '../../src/core/errors.js';
import { serveReads } from '../../ingest/readers/isolation-child.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const hold: unknown[] = [];

serveReads(async ({ relPath, bytes }, progress) => {
  switch (relPath) {
    case 'hang':
      await new Promise(() => {});
      break;
    case 'slow-progress':
      for (let i = 1; i <= 12; i++) {
        await sleep(250);
        progress(i, 12);
      }
      break;
    case 'progress-forever':
      for (let i = 1; ; i++) {
        await sleep(100);
        progress(i, 0);
      }
    case 'heap':
      for (;;) hold.push(new Array(100_000).fill({ a: Math.random() }));
    case 'native':
      for (;;) {
        hold.push(Buffer.alloc(16 * 1024 * 1024, 1));
        await sleep(5);
      }
    case 'crash':
      process.kill(process.pid, 'SIGSEGV');
      await sleep(10_000);
      break;
    case 'refuse':
      throw new BadInputError('加密文件，无法读取');
    case 'bug':
      throw new TypeError('x is undefined');
  }
  return { format: 'txt', encoding: 'test', lines: [{ text: bytes.toString('utf8') }, { text: `pid ${process.pid}` }] };
});
