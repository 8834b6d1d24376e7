// Characters that never belong to a work summary: emoji and pictographs (with their joiners,
// variation selectors, skin-tone modifiers, keycaps, flags and tag sequences) that mirror sites
// sprinkle through copied text, zero-width and bidi controls, and private-use code points (icon
// fonts, undecodable legacy glyphs). Found by Unicode properties, not by a list of known emoji,
// so tomorrow's emoji are caught too. Removing them joins the text around them, so a 原文 phrase
// that spanned one is found again.

export interface StraySpan {
  start: number;
  end: number;
  /** Rule name for the report: 表情符号, 不可见字符 or 私用区字符. */
  rule: '表情符号' | '不可见字符' | '私用区字符';
  /** The removed characters as a person can read them (invisible ones as U+XXXX). */
  shown: string;
}

/**
 * One run of stray characters. ©, ® and ™ are Extended_Pictographic too, but they are text symbols
 * of copyright lines (the chrome rules read them), so they stay.
 */
const STRAY_RUN =
  /(?:(?![\u00a9\u00ae\u2122])\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}|\p{Variation_Selector}|[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\u061c\u180e\u20e3\u{e0001}\u{e0020}-\u{e007f}]|\p{Co})+/gu;
const PICTOGRAPH = /\p{Extended_Pictographic}|\p{Emoji_Modifier}|\p{Regional_Indicator}/u;
const PRIVATE_USE = /\p{Co}/u;
/** Characters next to which a space is only layout: CJK script and full-width punctuation. */
const CJK_SIDE = /[\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’…—]/u;
const SPACES = /[ \t\u3000\u00a0]*/y;

/** Spans to cut out of a line: each run of stray characters, with the spaces around it when it stood between CJK text. */
export function strayCharSpans(text: string): StraySpan[] {
  const out: StraySpan[] = [];
  for (const m of text.matchAll(STRAY_RUN)) {
    let start = m.index;
    let end = m.index + m[0].length;
    // "坚持 👍 党建" → "坚持党建": spaces that only framed the emoji go with it.
    let left = start;
    while (left > 0 && /[ \t\u3000\u00a0]/u.test(text[left - 1]!)) left--;
    SPACES.lastIndex = end;
    const right = end + (SPACES.exec(text)?.[0].length ?? 0);
    const before = text[left - 1];
    const after = text[right];
    if ((before === undefined || CJK_SIDE.test(before)) && (after === undefined || CJK_SIDE.test(after))) {
      start = left;
      end = right;
    } else if (left < start && right > end) {
      // "APP 📱 学习" → "APP 学习": one of the two spaces stays.
      end = right;
    }
    const run = m[0];
    const rule = PICTOGRAPH.test(run) ? '表情符号' : PRIVATE_USE.test(run) ? '私用区字符' : '不可见字符';
    const last = out[out.length - 1];
    if (last && last.end >= start) {
      last.end = Math.max(last.end, end);
      last.shown += show(run);
      continue;
    }
    out.push({ start, end, rule, shown: show(run) });
  }
  return out;
}

/** Pictographs as themselves; invisible and private-use characters by their code point. */
function show(run: string): string {
  return Array.from(run, (ch) => (PICTOGRAPH.test(ch) ? ch : `U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`)).join('');
}
