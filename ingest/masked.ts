// Masked words: some sites replace characters of sensitive names with a dot or a star
// (以习新时代中国特色.主义思想, 习**新时代…). The text is never guessed back; the document is marked
// (原文有屏蔽字) where a stock phrase of the genre (ingest/rules/debris.yaml, maskedPhrases) stands
// recognisably masked: its characters on both sides of a mask run, in order, with enough of the
// phrase left that nothing else could be meant.

/** Characters sites put where they cut characters out. Placeholders (___, XX) are not masks. */
const MASK_RUN = /[.．·•*＊×□■○●█?？]{1,6}/gu;
/** How many phrase characters a mask run may stand for. */
const MAX_MASKED = 4;
/** At least this many phrase characters must be left around the mask… */
const MIN_LEFT = 4;
/** …and at least this share of the phrase. */
const MIN_SHARE = 0.5;
const CONTEXT = 24;

export interface MaskedSpot {
  /** Index of the line in the lines given. */
  line: number;
  /** The masked words as they stand (with a little context). */
  text: string;
  /** The stock phrase they are a masked form of. */
  phrase: string;
}

/** Masked stock phrases in lines of simplified text. */
export function maskedSpots(lines: readonly string[], phrases: readonly string[]): MaskedSpot[] {
  const out: MaskedSpot[] = [];
  lines.forEach((text, line) => {
    for (const m of text.matchAll(MASK_RUN)) {
      const before = text.slice(Math.max(0, m.index - CONTEXT), m.index);
      const after = text.slice(m.index + m[0].length, m.index + m[0].length + CONTEXT);
      // A mask stands between characters of the text (1.5万, …… are not masks).
      if (!/\p{Script=Han}$/u.test(before) && !/^\p{Script=Han}/u.test(after)) continue;
      // The phrase the mask fits best (most characters around it), e.g. 中国特色社□主义, not a longer one it also fits.
      let phrase: string | null = null;
      let best = 0;
      for (const p of phrases) {
        const score = maskFit(p, before, after);
        if (score > best) [phrase, best] = [p, score];
      }
      if (!phrase) continue;
      const start = Math.max(0, m.index - 8);
      out.push({ line, text: text.slice(start, m.index + m[0].length + 8), phrase });
    }
  });
  return out;
}

/**
 * How many characters of the phrase stand around the mask when `before`·mask·`after` is the phrase
 * with 1–4 characters replaced (0 when it is not): characters on both sides, at least MIN_LEFT and
 * half the phrase. A mask at the very end or start of a phrase is not told from punctuation.
 */
function maskFit(phrase: string, before: string, after: string): number {
  const chars = Array.from(phrase);
  let best = 0;
  for (let i = 1; i < chars.length; i++) {
    for (let j = i + 1; j <= Math.min(chars.length - 1, i + MAX_MASKED); j++) {
      let t = 0;
      while (t < i && before.endsWith(chars.slice(i - t - 1, i).join(''))) t++;
      let u = 0;
      while (j + u < chars.length && after.startsWith(chars.slice(j, j + u + 1).join(''))) u++;
      if (t > 0 && u > 0 && t + u >= MIN_LEFT && t + u >= chars.length * MIN_SHARE) best = Math.max(best, t + u);
    }
  }
  return best;
}
