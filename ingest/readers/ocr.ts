// placeholder
import type { PrintedLine } from './pdf-layout.js';
import type { ReadContext, ReadOptions } from './reader.js';
export async function recognisePdfPages(_doc: unknown, _bytes: Buffer, _pages: number[], _ctx: ReadContext, _o: ReadOptions): Promise<Map<number, PrintedLine[]>> {
  return new Map();
}
