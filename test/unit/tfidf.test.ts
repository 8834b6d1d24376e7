// tfidf.ts weighs words as jieba's keyword extractor does: checked against nodejieba.extract itself
// (the oracle, over the text as the segmenter hands it to jieba) on every stretch of a few
// paragraphs of the sample corpus and on generated mixtures.
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import nodejieba from 'nodejieba';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEXICON_PATH } from '../../src/core/text/lexicon.js';
import { cutWithTokens, foldForJieba, jieba } from '../../src/core/text/segmenter.js';
import { tfidf } from '../../src/core/text/tfidf.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const SAMPLE = `${ROOT}corpus/sample/`;

/** Stretches of a few paragraphs, as sections are. */
function stretches(): string[] {
  const out: string[] = [];
  for (const f of readdirSync(SAMPLE)) {
    const paras = readFileSync(SAMPLE + f, 'utf8').replace(/##paid(?:begin|end)##/g, '').split('\n').filter((l) => l.trim());
    for (let i = 0; i < paras.length; i += 2) out.push(paras.slice(i, i + 3).join('\n'));
  }
  return out;
}

/** The extractor run on the text as the segmenter hands it to jieba (full-width ASCII folded: （ → (). */
function agree(text: string, top: number): void {
  const oracle = jieba().extract(foldForJieba(text), top) as Array<{ word: string; weight: number }>;
  const ours = tfidf(cutWithTokens(text).tokens, top).map((w) => ({ ...w, word: foldForJieba(w.word) }));
  // The same weights in the same order …
  expect(ours.map((w) => w.weight.toFixed(6)), text.slice(0, 40)).toEqual(oracle.map((w) => w.weight.toFixed(6)));
  // … and the same words wherever the weight decides (ties at the cut may be ordered differently).
  const cut = oracle.at(-1)?.weight ?? 0;
  const heavier = (ws: Array<{ word: string; weight: number }>) => new Set(ws.filter((w) => w.weight > cut + 1e-9).map((w) => w.word));
  expect(heavier(ours)).toEqual(heavier(oracle));
}

describe('tfidf', () => {
  const texts = stretches();
  // The product loads nodejieba without its IDF table (segmenter.ts): the oracle needs it back.
  beforeAll(() => {
    jieba();
    nodejieba.load({ userDict: LEXICON_PATH, idfDict: (nodejieba as unknown as { DEFAULT_IDF_DICT: string }).DEFAULT_IDF_DICT });
  });

  it('weighs every stretch of the sample corpus as nodejieba.extract does', () => {
    expect(texts.length).toBeGreaterThan(60);
    for (const t of texts) agree(t, 52);
  });

  it('agrees on shuffled mixtures of the corpus, at several cut-offs', () => {
    let seed = 7;
    const rnd = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (let i = 0; i < 40; i++) {
      const mix = Array.from({ length: 1 + Math.floor(rnd() * 6) }, () => texts[Math.floor(rnd() * texts.length)]!).join('\n');
      agree(mix, [1, 5, 20, 60][i % 4]!);
    }
  });

  it('counts no single character and no stop word; an empty text has no keywords', () => {
    const words = tfidf(cutWithTokens('的的的，党建党建。我们').tokens, 10).map((w) => w.word);
    expect(words).toContain('党建');
    expect(words).not.toContain('的');
    expect(tfidf([], 5)).toEqual([]);
  });
});
