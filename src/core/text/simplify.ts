// Traditional → simplified Chinese (OpenCC), for analysis and matching only: stored text keeps
// the original script. Rules, the lexicon and queries are in simplified characters.
import { Converter } from 'opencc-js';

export const toSimplified: (text: string) => string = Converter({ from: 't', to: 'cn' });

/** Ideographs looked at for traditionalForms: the basic block and extension A. */
const HAN_RANGES: ReadonlyArray<readonly [number, number]> = [[0x3400, 0x4dbf], [0x4e00, 0x9fff]];
let traditionalOf: Map<string, string[]> | undefined;

/**
 * The traditional spellings of `text` that toSimplified reads as it, character by character
 * (党支部 → 黨支部; 头发 → 頭發, 頭髮, then the mixed ones), at most `max`, every character in its
 * traditional forms first; `text` itself is not among them. What marks
 * a simplified query's words in a document written in traditional script: the engine found it
 * through the simplified reading, so every spelling that reads so is a match. Built on first use
 * by asking toSimplified about every ideograph (~30,000, ~0.1 s): one map of ~3,000 entries, where
 * OpenCC's own simplified → traditional converter keeps a trie of 49,000 phrases (~20 MB and
 * ~100,000 objects on a heap that every collection of the portal marks).
 */
export function traditionalForms(text: string, max = 16): string[] {
  traditionalOf ??= buildTraditionalOf();
  let forms = [''];
  for (const ch of text) {
    // The traditional forms first: a document in traditional script spells the whole word so.
    const alternatives = [...(traditionalOf.get(ch) ?? []), ch];
    const next: string[] = [];
    for (const f of forms) for (const a of alternatives) if (next.length <= max) next.push(f + a);
    forms = next;
  }
  return forms.filter((f) => f !== text).slice(0, max);
}

function buildTraditionalOf(): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [lo, hi] of HAN_RANGES) {
    for (let cp = lo; cp <= hi; cp++) {
      const ch = String.fromCodePoint(cp);
      const simple = toSimplified(ch);
      if (simple !== ch && [...simple].length === 1) out.set(simple, [...(out.get(simple) ?? []), ch]);
    }
  }
  return out;
}
