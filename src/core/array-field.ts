// Searchable fields whose tokens have no meaningful order (the distinct characters of a section,
// its sub-words) are sent as arrays. The engine puts successive array elements 8 positions apart
// (milli's DocumentTokenizer adds MAX_DISTANCE after each string), beyond the reach of its
// word-pair-proximity database, so such a field costs no proximity entries: measured, the two
// fields' share of that database (the largest after the documents themselves) disappears.
//
// An attribute holds at most 65,535 positions, i.e. about 8,000 single-token elements; a set
// larger than MAX_ELEMENTS is packed several tokens to an element (space-separated) instead, so
// nothing is ever cut off (a 20,000-character section has a few thousand distinct sub-words).

export const MAX_ELEMENTS = 6000;

export function arrayField(tokens: readonly string[]): string[] {
  if (tokens.length <= MAX_ELEMENTS) return [...tokens];
  const per = Math.ceil(tokens.length / MAX_ELEMENTS);
  const out: string[] = [];
  for (let i = 0; i < tokens.length; i += per) out.push(tokens.slice(i, i + per).join(' '));
  return out;
}
