// The isolation every reader runs in (ingest/readers/isolated.ts): a child process with an idle limit
// that progress reports reset, an overall cap, a heap and a resident-memory limit; whatever ends the
// child is the file's reason, the next file gets a fresh child, and the calling process is untouched.
import { afterAll, describe, expect, it } from 'vitest';
import { BadInputError } from '../../src/core/errors.js';
import { IsolatedReader } from '../../ingest/readers/isolated.js';
import { decode } from '../../ingest/decode.js';
import { tinyParagraphsDocx } from '../helpers/docx-builder.js';

const entry = new URL('../helpers/misbehaving-read-child.ts', import.meta.url).pathname;
const readers: IsolatedReader[] = [];
const make = (limits: Partial<{ memoryMb: number; idleSeconds: number; timeoutSeconds: number }> = {}) => {
  const r = new IsolatedReader({ memoryMb: 256, idleSeconds: 2, timeoutSeconds: 30, entry, ...limits });
  readers.push(r);
  return r;
};
afterAll(() => readers.forEach((r) => r.close()));

const file = (relPath: string, text = '正文') => ({ relPath, bytes: Buffer.from(text) });
const reasonOf = async (p: Promise<unknown>) => {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BadInputError);
  return (err as BadInputError).reason;
};

describe('isolated reading', () => {
  it('reads file after file in one child, the text coming back intact', async () => {
    const r = make();
    const a = await r.read(file('a', '第一份'));
    const b = await r.read(file('b', '第二份'));
    expect(a.lines[0]!.text).toBe('第一份');
    expect(b.lines[0]!.text).toBe('第二份');
    expect(a.lines[1]).toEqual(b.lines[1]); // the same child
    expect(a.lines[1]!.text).not.toBe(`pid ${process.pid}`);
    expect(r.spawned).toBe(1);
  });

  it('stops a reader that stops reporting progress, then reads the next file in a fresh child', async () => {
    const r = make({ idleSeconds: 1 });
    const started = Date.now();
    expect(await reasonOf(r.read(file('hang')))).toBe('解析超时：1 秒没有进展，已停止（PARSE_IDLE_SECONDS）');
    expect(Date.now() - started).toBeLessThan(5000);
    expect((await r.read(file('ok', '之后'))).lines[0]!.text).toBe('之后');
    expect(r.spawned).toBe(2);
  });

  it('lets a slow reader run past the idle limit while it reports progress, and forwards the reports', async () => {
    const r = make({ idleSeconds: 1 });
    const seen: Array<[number, number]> = [];
    const doc = await r.read(file('slow-progress', '慢'), (done, total) => seen.push([done, total]));
    expect(doc.lines[0]!.text).toBe('慢');
    expect(seen).toEqual(Array.from({ length: 12 }, (_, i) => [i + 1, 12]));
  });

  it('stops a reader at the overall cap however much progress it reports', async () => {
    const r = make({ idleSeconds: 1, timeoutSeconds: 2 });
    expect(await reasonOf(r.read(file('progress-forever')))).toBe('解析超时：超过 2 秒，已停止（PARSE_TIMEOUT_SECONDS）');
  });

  it('refuses a reader that fills the heap, and one that fills native memory, by the memory limit', async () => {
    const r = make({ memoryMb: 200, idleSeconds: 60 });
    expect(await reasonOf(r.read(file('heap')))).toBe('解析所需内存超过 200 MB，已停止（PARSE_MEMORY_MB）');
    expect(await reasonOf(r.read(file('native')))).toBe('解析所需内存超过 200 MB，已停止（PARSE_MEMORY_MB）');
    expect((await r.read(file('ok', '还在'))).lines[0]!.text).toBe('还在');
  });

  it('turns a native crash into the file reason', async () => {
    const r = make();
    expect(await reasonOf(r.read(file('crash')))).toBe('解析时读取程序异常退出（SIGSEGV），已停止');
  });

  it("passes a reader's refusal through as the file's reason and a reader's bug as an error", async () => {
    const r = make();
    expect(await reasonOf(r.read(file('refuse')))).toBe('加密文件，无法读取');
    const bug = await r.read(file('bug')).catch((e: unknown) => e);
    expect(bug).not.toBeInstanceOf(BadInputError);
    expect((bug as Error).message).toBe('x is undefined');
    expect(r.spawned).toBe(1); // neither ended the child
  });

  it('queues files: several reads at once are answered each with its own text', async () => {
    const r = make();
    const docs = await Promise.all(['甲', '乙', '丙', '丁'].map((t) => r.read(file(t, t))));
    expect(docs.map((d) => d.lines[0]!.text)).toEqual(['甲', '乙', '丙', '丁']);
  });

  it('the pipeline decode stage reads a docx in the child with the real readers', async () => {
    const doc = await decode({ relPath: 'x.docx', bytes: await tinyParagraphsDocx(2000) });
    expect(doc.format).toBe('docx');
    expect(doc.lines).toHaveLength(2000);
  });
});
