// A part heading whose body is its sub-sections (二、存在的困难问题 followed by （一）（二）…): its
// section record holds the heading and no text. What a person means by that hit is the whole part,
// so its snippet, its copy, the basket and the export take the part's sub-sections as its body.
import type { SearchClient } from '../../core/meili/federation.js';
import { sectionId } from '../../core/ids.js';
import type { SectionRecord } from '../../core/index-schema.js';

type Located = Pick<SectionRecord, 'id' | 'docId' | 'level' | 'order' | 'text'>;
type Sub = Pick<SectionRecord, 'id' | 'docId' | 'level' | 'order' | 'heading' | 'text'>;

export interface PartBody {
  /** Sub-sections the part holds (all levels below it). */
  subsections: number;
  /** Their headings and texts in reading order, one per line. */
  text: string;
}

/** Sections after a part fetched per round (a part rarely holds more; a longer one takes another round). */
const ROUND = 40;

/** Whether a section is a part heading whose text lives in its sub-sections. */
export const isBareHeading = (s: Pick<SectionRecord, 'text' | 'level'>) => s.text.trim() === '' && s.level > 0;

/**
 * The bodies of the bare part headings among `sections`, by id: the sections that follow each in
 * its document (order is dense) while they are deeper than it. Sections with text, and bare
 * headings with nothing under them, get none.
 */
export async function partBodies(client: SearchClient, index: string, sections: readonly Located[]): Promise<Map<string, PartBody>> {
  const parts = sections.filter(isBareHeading);
  const out = new Map<string, PartBody>();
  let pending = parts.map((p) => ({ part: p, next: p.order + 1, subs: [] as Sub[] }));
  while (pending.length > 0) {
    const ids = pending.flatMap((p) => Array.from({ length: ROUND }, (_, k) => sectionId(p.part.docId, p.next + k)));
    const found = new Map<string, Sub>();
    for (let i = 0; i < ids.length; i += 500) {
      const batch = ids.slice(i, i + 500);
      const r = await client.index(index).search<Sub>('', {
        filter: `id IN [${batch.map((id) => `"${id}"`).join(', ')}]`,
        attributesToRetrieve: ['id', 'docId', 'level', 'order', 'heading', 'text'],
        limit: batch.length,
      });
      for (const h of r.hits) found.set(h.id, h);
    }
    const again: typeof pending = [];
    for (const p of pending) {
      let open = true;
      for (let k = 0; k < ROUND; k++) {
        const s = found.get(sectionId(p.part.docId, p.next + k));
        if (!s || s.level <= p.part.level) {
          open = false;
          break;
        }
        p.subs.push(s);
      }
      if (open) again.push({ ...p, next: p.next + ROUND });
      else if (p.subs.length > 0) {
        out.set(p.part.id, {
          subsections: p.subs.length,
          text: p.subs.map((s) => (s.heading ? (s.text ? `${s.heading}\n${s.text}` : s.heading) : s.text)).join('\n'),
        });
      }
    }
    pending = again;
  }
  return out;
}
