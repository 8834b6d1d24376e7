// 素材篮 export, the checking half: the request's shape, and each excerpt resolved against the
// section it claims to come from, so an exported excerpt is always the archive's wording. The file
// itself (Word or plain text) is drawn by presenters/export-file.ts.
import { z } from 'zod';
import { BadRequestError } from '../../core/errors.js';
import { SECTION_ID_PATTERN } from '../../core/ids.js';
import type { SearchService, SectionText } from './search-service.js';

export const MAX_BASKET_ITEMS = 200;

export const basketItemSchema = z.object({
  sectionId: z.string().regex(SECTION_ID_PATTERN, 'sectionId 不是章节编号'),
  quote: z.string().min(1).max(20_000).optional(),
  note: z.string().max(2_000).optional(),
});

const exportSchema = z.object({
  title: z.string().max(100).optional(),
  items: z.array(basketItemSchema).min(1, '素材篮是空的：至少需要一条摘录').max(MAX_BASKET_ITEMS, `一次最多导出 ${MAX_BASKET_ITEMS} 条`),
  format: z.enum(['docx', 'txt'], { error: 'format 只能是 docx 或 txt' }),
});
export type ExportRequest = z.infer<typeof exportSchema>;

export function parseExportRequest(body: unknown): ExportRequest {
  const r = exportSchema.safeParse(body);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    const field = String(issue.path[0] ?? 'body');
    throw new BadRequestError(`${issue.path.join('.') || '请求'}：${issue.message}`, `invalid_${field}`);
  }
  return r.data;
}

/** Line breaks as the section writes them: a selection in the browser may bring \r\n or blank lines. */
export function normaliseQuote(q: string): string {
  return q.replace(/\r\n?/g, '\n').replace(/\n{2,}/g, '\n').trim();
}

export interface Excerpt {
  text: string;
  section: SectionText;
  note: string;
}

export class ExportService {
  constructor(private readonly deps: { search: Pick<SearchService, 'sectionsByIds'> }) {}

  /** The excerpts of a request, each checked against its section (400 when a quote is not in it). */
  async excerpts(req: Pick<ExportRequest, 'items'>): Promise<Excerpt[]> {
    const sections = new Map<string, SectionText>();
    // A part heading is exported with its whole part (its sub-sections).
    for (const s of await this.deps.search.sectionsByIds(req.items.map((i) => i.sectionId), { wholeParts: true })) sections.set(s.id, s);
    return req.items.map((item, i) => {
      const s = sections.get(item.sectionId);
      if (!s) throw new BadRequestError(`第 ${i + 1} 条的章节 ${item.sectionId} 已不在档案中：请从素材篮移除后再导出`, 'section_not_found');
      let text = s.text || s.heading;
      if (item.quote !== undefined) {
        const quote = normaliseQuote(item.quote);
        if (!quote || !(s.text.includes(quote) || s.heading.includes(quote))) {
          throw new BadRequestError(`第 ${i + 1} 条的摘录不是该章节原文的一部分：请重新从原文选取`, 'quote_not_in_section');
        }
        text = quote;
      }
      return { text, section: s, note: (item.note ?? '').trim() };
    });
  }
}
