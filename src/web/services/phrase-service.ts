// The archive's phrase table in the portal (index `<MEILI_INDEX>_phrases`, rebuilt by ingestion):
// phrases as you type (the frequent phrases starting with what was typed, with the number of
// sections holding each), and did-you-mean (a query that finds nothing or very little, corrected
// towards the archive's own words that sound the same or differ by one character).
import { MeilisearchApiError, type SearchParams as MeiliSearchParams } from 'meilisearch';
import type { PhraseRecord } from '../../core/index-schema.js';
import { translateEngineError, type ClientProvider } from '../../core/meili/client.js';
import { oneCharMasks, pinyinKey, PHRASE_MAX_CHARS } from '../../core/text/phrase-keys.js';
import { toSimplified } from '../../core/text/simplify.js';
import type { SearchParams } from '../query/search-params.js';
import type { SearchService } from './search-service.js';

export interface Suggestion {
  text: string;
  /** Sections holding the phrase literally: what a 原文 search for it finds. */
  sections: number;
}

export interface PhraseServiceDeps {
  client: ClientProvider;
  /** The phrases index (`<MEILI_INDEX>_phrases`). */
  index: string;
  /** Word segmentation with the domain lexicon (jieba), as the search uses it. */
  cut: (text: string) => string[];
  search: Pick<SearchService, 'search' | 'probeExact'>;
}

export const SUGGESTIONS = 8;
/** A query whose full matches are fewer than this is offered a correction (when one finds more). */
export const DID_YOU_MEAN_BELOW = 3;
const HAN_ONLY = /^\p{Script=Han}+$/u;

const quote = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

export class PhraseService {
  constructor(private readonly deps: PhraseServiceDeps) {}

  /**
   * The most frequent phrases that start with the last word typed (the box may hold several,
   * separated by spaces), longer than it, most sections first.
   */
  async suggest(typed: string, limit = SUGGESTIONS): Promise<Suggestion[]> {
    const last = toSimplified(typed.trim()).split(/\s+/).pop() ?? '';
    if (!last || [...last].length >= PHRASE_MAX_CHARS) return [];
    const r = await this.lookup({ filter: `prefixes = ${quote(last)}`, sort: ['sections:desc', 'length:asc'], limit, attributesToRetrieve: ['text', 'sections'] });
    return r.map((h) => ({ text: h.text, sections: h.sections }));
  }

  /** The table's most frequent phrases (most sections first) of at least `minChars` characters. */
  async frequent(limit: number, minChars: number): Promise<string[]> {
    // The table cannot filter by length: a page of the most frequent (mostly two to four
    // characters), the short ones left out.
    const r = await this.lookup({ sort: ['sections:desc', 'length:desc'], limit: 1000, attributesToRetrieve: ['text'] });
    return r.map((h) => h.text).filter((t) => [...t].length >= minChars).slice(0, limit);
  }

  /**
   * A correction of a query that finds fewer than DID_YOU_MEAN_BELOW sections holding all of it:
   * the whole query with each stretch the archive does not hold literally replaced by the most
   * frequent phrase of the table that sounds the same (pinyin, tones ignored) or, failing that,
   * differs from it by one character — offered only when it finds more than the query did.
   * A stretch the archive holds is never changed, so a correct query gets none.
   */
  async didYouMean(params: SearchParams, fullMatches: number): Promise<string | null> {
    if (!params.q || fullMatches >= DID_YOU_MEAN_BELOW) return null;
    const corrected = await this.correct(params.q);
    if (!corrected || corrected === params.q) return null;
    const probe = await this.deps.search.search({ ...params, q: corrected, page: 1, perPage: 1 });
    const found = probe.partialMatch ? 0 : probe.total;
    return found > fullMatches ? corrected : null;
  }

  /** The query with its unknown stretches corrected, or null when nothing could be. */
  async correct(q: string): Promise<string | null> {
    const parts = toSimplified(q).split(/(\s+)/);
    const plans = parts.map((p) => (/\s/.test(p) || !p ? null : spansOf(p, this.deps.cut(p))));
    const spans = [...new Set(plans.flatMap((p) => (p ? p.spans.map((s) => s.text) : [])))];
    if (spans.length === 0) return null;
    // Which stretches the archive holds literally (one batched 原文 probe)…
    const { probes } = await this.deps.search.probeExact(spans, { perNeedle: 1 });
    const known = new Set(probes.filter((p) => p.count > 0).map((p) => p.needle));
    // …and, for the others, the table's phrases that sound the same or differ by one character.
    const fixes = await this.replacements(spans.filter((s) => !known.has(s)));
    let changed = false;
    const out = parts.map((part, k) => {
      const plan = plans[k];
      if (!plan) return part;
      // Greedy from the left, longest stretch first: kept if the archive holds it, else corrected if it can be.
      const edits: Array<{ from: string; to: string }> = [];
      for (let i = 0; i < plan.words.length; ) {
        let step = 1;
        for (const span of plan.spans.filter((x) => x.from === i).sort((a, b) => b.to - a.to)) {
          if (known.has(span.text)) {
            step = span.to - i;
            break;
          }
          const fix = fixes.get(span.text);
          if (fix) {
            edits.push({ from: span.text, to: fix });
            step = span.to - i;
            break;
          }
        }
        i += step;
      }
      // Words are substrings of the part in reading order: each edit replaces its stretch in place.
      let text = '';
      let cursor = 0;
      for (const e of edits) {
        const at = part.indexOf(e.from, cursor);
        if (at < 0) continue;
        text += part.slice(cursor, at) + e.to;
        cursor = at + e.from.length;
        changed = true;
      }
      return text + part.slice(cursor);
    });
    return changed ? out.join('') : null;
  }

  /** For each stretch: the best phrase of the table sounding the same, else one character apart. */
  private async replacements(stretches: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    if (stretches.length === 0) return out;
    const asks = stretches.map((s) => {
      const masks = oneCharMasks(s);
      const filter = [`text != ${quote(s)}`, masks.length > 0 ? `(pinyin = ${quote(pinyinKey(s))} OR masks IN [${masks.map(quote).join(', ')}])` : `pinyin = ${quote(pinyinKey(s))}`];
      return { filter, sort: ['sections:desc'], limit: 20, attributesToRetrieve: ['text', 'sections'] } satisfies MeiliSearchParams;
    });
    const answers = await this.lookupMany(asks);
    stretches.forEach((s, i) => {
      const hits = answers[i] ?? [];
      const key = pinyinKey(s);
      // Homophones first (the commonest slip of a pinyin input method), then by frequency.
      const best = hits.find((h) => pinyinKey(h.text) === key) ?? hits[0];
      if (best) out.set(s, best.text);
    });
    return out;
  }

  private async lookup(params: MeiliSearchParams): Promise<Array<Pick<PhraseRecord, 'text' | 'sections'>>> {
    return (await this.lookupMany([params]))[0] ?? [];
  }

  /** Queries of the phrases index; an archive without a table yet answers nothing. */
  private async lookupMany(asks: MeiliSearchParams[]): Promise<Array<Array<Pick<PhraseRecord, 'text' | 'sections'>>>> {
    try {
      const client = await this.deps.client();
      const { results } = await client.multiSearch({ queries: asks.map((a) => ({ indexUid: this.deps.index, q: '', ...a })) });
      return results.map((r) => r.hits as unknown as Array<Pick<PhraseRecord, 'text' | 'sections'>>);
    } catch (err) {
      // No table yet (index_not_found), or a search key that predates it (MEILI_SEARCH_KEY not
      // covering <MEILI_INDEX>_phrases): no suggestions and no corrections, the search still works.
      if (err instanceof MeilisearchApiError) return asks.map(() => []);
      return translateEngineError(err);
    }
  }
}

/**
 * The stretches of a part of a query that may be looked up: runs of consecutive words, side by side
 * in the part (no punctuation between), all Chinese, two to PHRASE_MAX_CHARS characters long (a
 * pinyin slip spans words the segmenter cut apart: 三回一课 → 三 回 一课).
 */
export function spansOf(part: string, words: string[]): { words: string[]; spans: Array<{ text: string; from: number; to: number }> } {
  const at: number[] = [];
  let cursor = 0;
  for (const w of words) {
    const i = part.indexOf(w, cursor);
    at.push(i);
    cursor = i < 0 ? cursor : i + w.length;
  }
  const spans: Array<{ text: string; from: number; to: number }> = [];
  for (let i = 0; i < words.length; i++) {
    let text = '';
    for (let j = i; j < words.length; j++) {
      if (!HAN_ONLY.test(words[j]!) || at[j]! < 0) break;
      if (j > i && at[j] !== at[j - 1]! + words[j - 1]!.length) break;
      text += words[j];
      const len = [...text].length;
      if (len > PHRASE_MAX_CHARS) break;
      if (len >= 2) spans.push({ text, from: i, to: j + 1 });
    }
  }
  return { words, spans };
}
