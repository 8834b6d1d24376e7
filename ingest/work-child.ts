// A child of a large ingestion (work-pool.ts): decodes plain text, cleans, splits, segments and
// builds the records of one file at a time, and answers with them serialized (spool-ready.ts).
// jieba's dictionaries and the other tables are loaded before it says it is ready.
import { BadInputError } from '../src/core/errors.js';
import { isDictionaryWord, jieba } from '../src/core/text/segmenter.js';
import { edgeCandidates } from './boilerplate.js';
import { decodesInProcess } from './decode.js';
import { readDocument } from './readers/index.js';
import { processDecoded } from './process-file.js';
import { segmentSection } from './segment.js';
import { spoolReady } from './spool-ready.js';
import type { WorkReply, WorkRequest } from './work-protocol.js';

let boilerplate: ReadonlySet<string> = new Set();
const send = (m: WorkReply) => process.send?.(m);
const bytesOf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

// Requests are handled one at a time, in the order they came (the boilerplate before the files).
let queue: Promise<void> = Promise.resolve();
// The ingester went away (it exited or was killed): nothing is left to answer.
process.on('disconnect', () => process.exit(0));
process.on('message', (raw) => {
  const req = raw as WorkRequest;
  queue = queue.then(() => handle(req));
});

/**
 * Only text the ingester would decode in-process (decode.ts): every other format is read in the
 * isolated reader, by the ingester. One sniff: decode() would sniff the bytes again.
 */
async function decodeHere(file: { relPath: string; bytes: Buffer; encoding?: string }) {
  if (!(await decodesInProcess(file.bytes))) throw new Error('文件处理子进程只解码纯文本，其他格式由隔离的读取进程解码');
  return readDocument(file);
}

async function handle(req: WorkRequest): Promise<void> {
  try {
    if (req.type === 'boilerplate') {
      boilerplate = new Set(req.keys);
    } else if (req.type === 'edges') {
      const decoded = await decodeHere({ relPath: req.relPath, bytes: bytesOf(req.bytes) });
      const encoding = decoded.format === 'txt' ? decoded.encoding : undefined;
      send({ id: req.id, type: 'edges', edgeLines: edgeCandidates(decoded.lines.map((l) => l.text)), ...(encoding ? { encoding } : {}) });
    } else {
      const file = { relPath: req.relPath, bytes: bytesOf(req.bytes) };
      const decoded = req.decoded ?? (await decodeHere(req.encoding ? { ...file, encoding: req.encoding } : file));
      send({ id: req.id, type: 'processed', file: spoolReady(processDecoded(file, decoded, undefined, { boilerplate })) });
    }
  } catch (err) {
    if (req.type === 'boilerplate') return;
    send({
      id: req.id,
      type: 'error',
      badInput: err instanceof BadInputError,
      message: err instanceof BadInputError ? err.reason : String((err as Error)?.message ?? err).split('\n')[0]!,
    });
  }
}

jieba();
isDictionaryWord('党建');
segmentSection({ heading: '一、党建工作', headingPath: ['一、党建工作'], level: 1, order: 0, text: '加强党的建设。', start: 0, end: 13 });
send({ id: 0, type: 'ready' });
