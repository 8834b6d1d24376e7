// Traditional → simplified Chinese (OpenCC), for analysis and matching only: stored text keeps
// the original script. Rules, the lexicon and queries are in simplified characters.
import { Converter } from 'opencc-js';

export const toSimplified: (text: string) => string = Converter({ from: 't', to: 'cn' });

let traditional: ((text: string) => string) | undefined;

/**
 * Simplified → traditional, to mark simplified query words in a document written in traditional
 * script. Built on first use: its tables take ~20 MB of heap, and the ingester never needs them.
 */
export function toTraditional(text: string): string {
  const convert = (traditional ??= Converter({ from: 'cn', to: 't' }));
  return convert(text);
}
