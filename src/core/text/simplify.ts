// Traditional → simplified Chinese (OpenCC), for analysis and matching only: stored text keeps
// the original script. Rules, the lexicon and queries are in simplified characters.
import { Converter } from 'opencc-js';

export const toSimplified: (text: string) => string = Converter({ from: 't', to: 'cn' });

/** Simplified → traditional, to mark simplified query words in a document written in traditional script. */
export const toTraditional: (text: string) => string = Converter({ from: 'cn', to: 't' });
