// Traditional → simplified Chinese (OpenCC), for analysis and matching only: stored text keeps
// the original script. Rules, the lexicon and queries are in simplified characters.
import { Converter, Locale, type DictLike } from 'opencc-js';

const convert = Converter({ from: 't', to: 'cn' });

/**
 * The text in simplified script. Nearly every section of a mainland archive has no character the
 * conversion could change, and OpenCC walks its tries at every position all the same (~8% of an
 * ingestion's per-file work): such a text is returned as it is after one scan of its code units.
 */
export function toSimplified(text: string): string {
  return mayChange(text) ? convert(text) : text;
}

/**
 * Code units that can start a change: for each entry of every dictionary the conversion applies
 * (its normalization and conversion chains; segmentation only splits), the characters where the
 * replacement differs from the source, or all of them when the lengths differ; for a character
 * beyond the BMP, its high surrogate. A text with none of them is its own conversion: any entry
 * matched in it has a replacement equal to its source. Built on first use (~20 ms); null when
 * the tables could not be read (another opencc-js layout): then every text is converted.
 */
let changing: Uint8Array | null | undefined;

export function mayChange(text: string): boolean {
  if (changing === undefined) changing = changingUnits();
  if (changing === null) return true;
  for (let i = 0; i < text.length; i++) if (changing[text.charCodeAt(i)] === 1) return true;
  return false;
}

function changingUnits(): Uint8Array | null {
  const config = (Locale.configs as Record<string, { conversionChain?: readonly (readonly DictLike[])[]; normalizationChain?: readonly (readonly DictLike[])[] }>).t2s;
  if (!config?.conversionChain) return null;
  const out = new Uint8Array(0x10000);
  const mark = (ch: string) => (out[ch.charCodeAt(0)] = 1);
  for (const dict of [...(config.normalizationChain ?? []), ...config.conversionChain].flat()) {
    const entries = typeof dict === 'string' ? dict.split('|').map((e) => e.split(' ') as [string, string]) : dict;
    for (const [source, replacement] of entries) {
      const from = [...source];
      const to = [...(replacement ?? '')];
      if (from.length !== to.length) from.forEach(mark);
      else from.forEach((ch, i) => ch !== to[i] && mark(ch));
    }
  }
  return out;
}

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
