// The one small interface every format reader implements: bytes in → text in reading order, one
// paragraph a line (with heading levels and pages where the format has them) out. A reader refuses
// bad input with a BadInputError whose reason staff can act on (加密文件，无法读取); it never
// touches the file system, the engine or the network, so it can run wherever untrusted bytes are
// parsed.
import type { FormatId } from '../../src/core/formats.js';
import type { DecodedDoc } from '../types.js';

export interface ReadContext {
  /** The file's name as given (for messages only: the format is decided by the bytes). */
  fileName: string;
  /**
   * Long readers (a PDF of many pages, OCR) report pages done of pages total: the CLI shows it,
   * and whoever runs the reader under a time limit counts a report as a sign of life.
   */
  progress?: (done: number, total: number) => void;
}

export interface Reader {
  format: FormatId;
  read(bytes: Buffer, ctx: ReadContext): Promise<DecodedDoc>;
}
