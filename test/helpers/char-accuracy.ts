// Character accuracy of recognised text against the known text: 1 − edit distance / length, over
// the characters alone (line breaks and spaces are layout, not recognition).
import { distance } from 'fastest-levenshtein';

const chars = (s: string) => s.replace(/\s+/gu, '');

export function charAccuracy(recognised: string, truth: string): number {
  const t = chars(truth);
  return 1 - distance(chars(recognised), t) / t.length;
}
