// Lines cut at a fixed width (text copied out of a PDF, a fixed-width export, an e-mail client)
// joined back into paragraphs. A file is hard-wrapped when many of its lines reach the same
// display width (a CJK character counts two columns) and most of those stop mid-sentence; then a
// line that reaches that width and does not end a sentence continues on the next line, unless the
// next line is a heading or a list item, which keep their own lines. Pure: texts in, runs of
// line indices to join out (the clean stage and the PDF reader join their own line objects).
import { eastAsianWidth } from 'get-east-asian-width';
import { matchMarker } from './headings.js';

/** Lines narrower than this (10 CJK characters) say nothing about a wrap width. */
const MIN_WIDTH = 20;
/** A line this many columns short of the width was still cut there (the next character did not fit, a Latin word moved down)… */
const SLACK = 3;
/** …or this share of the width, on wide layouts. */
const SLACK_SHARE = 0.08;
const slackOf = (width: number) => Math.max(SLACK, Math.round(width * SLACK_SHARE));
/** At least this many lines must reach the width… */
const MIN_AT_WIDTH = 3;
/** …and this share of the lines of at least MIN_WIDTH columns. */
const MIN_SHARE_AT_WIDTH = 0.5;
/** Lines wider than the width by more than the slack: a wrapped file has almost none. */
const MAX_SHARE_WIDER = 0.1;
/** Of the lines at the width, at least this share stop without a sentence end. */
const MIN_SHARE_OPEN = 0.5;

/** Where a sentence ends (a closing quote or bracket after it included): a line ending so is not a cut. */
const SENTENCE_END = /[。！？；：…!?;:][”’」』）)]*\s*$/u;

/** Columns a line takes on a terminal or in a fixed-width export. */
export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += eastAsianWidth(ch.codePointAt(0)!, { ambiguousAsWide: true });
  return w;
}

/** The width the file's lines were cut at, or null when they were not cut at one. */
export function wrapWidth(texts: readonly string[]): number | null {
  const widths = texts.map(displayWidth).filter((w) => w >= MIN_WIDTH);
  if (widths.length < MIN_AT_WIDTH) return null;
  // The widest width that many lines reach (within the slack below it).
  let best: { width: number; count: number } | null = null;
  for (const w of new Set(widths)) {
    const count = widths.filter((x) => x <= w && x >= w - slackOf(w)).length;
    if (!best || count > best.count || (count === best.count && w > best.width)) best = { width: w, count };
  }
  if (!best || best.count < MIN_AT_WIDTH || best.count < widths.length * MIN_SHARE_AT_WIDTH) return null;
  const wider = widths.filter((w) => w > best.width).length;
  if (wider > widths.length * MAX_SHARE_WIDER) return null;
  const atWidth = texts.filter((t) => isAtWidth(t, best.width));
  const open = atWidth.filter((t) => !SENTENCE_END.test(t)).length;
  return open >= atWidth.length * MIN_SHARE_OPEN ? best.width : null;
}

function isAtWidth(text: string, width: number): boolean {
  const w = displayWidth(text);
  return w <= width && w >= width - slackOf(width);
}

/**
 * Runs of consecutive line indices that form one paragraph (each run has at least two lines);
 * `keep(i)` says a line must stay on its own (a styled heading). Empty when the file is not wrapped.
 */
export function hardWrapRuns(texts: readonly string[], keep: (i: number) => boolean = () => false): number[][] {
  const width = wrapWidth(texts);
  if (width === null) return [];
  const runs: number[][] = [];
  let run: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (run.length === 0) run = [i];
    const text = texts[i]!;
    const next = texts[i + 1];
    const continues =
      next !== undefined &&
      !keep(i) &&
      !keep(i + 1) &&
      isAtWidth(text, width) &&
      !SENTENCE_END.test(text) &&
      next.trim() !== '' &&
      matchMarker(next.trim()) === null;
    if (continues) {
      run.push(i + 1);
      continue;
    }
    if (run.length > 1) runs.push(run);
    run = [];
  }
  return runs;
}

/** How two cut pieces join: nothing between CJK text or digits (a number cut in two), a space between two Latin words. */
export function joinPieces(left: string, right: string): string {
  return /[A-Za-z]$/.test(left) && /^[A-Za-z]/.test(right) ? `${left} ${right}` : left + right;
}
