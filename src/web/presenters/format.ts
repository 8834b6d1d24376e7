// Formatting shared by the pages and the API: links into the viewer and the metadata line.

export function viewerUrl(docId: string, sectionId: string | null, q: string, mode: string): string {
  const params = new URLSearchParams();
  if (q) {
    params.set('q', q);
    params.set('mode', mode);
  }
  const qs = params.toString();
  return `/documents/${docId}${qs ? `?${qs}` : ''}${sectionId ? `#section-${sectionId}` : ''}`;
}

/** "2023年 · 上半年 · 党政机关": the parts that are known. */
export function metaLine(m: { year: number | null; period: string; orgType: string }): string {
  const parts: string[] = [];
  if (m.year !== null) parts.push(`${m.year}年`);
  if (m.period && m.period !== '未知') parts.push(m.period);
  if (m.orgType) parts.push(m.orgType);
  return parts.join(' · ');
}

/** What a reader is told about a document whose source masked words: the text keeps the masks, nothing is guessed. */
export function maskedNote(m: { masked?: boolean }): string | null {
  return m.masked === true ? '原文有屏蔽字' : null;
}

/** What a reader is told about a document its source cut short: 原文缺失约 1203 字, or null when complete. */
export function truncationNote(m: { truncated?: boolean; missingChars?: number | null }): string | null {
  if (!m.truncated) return null;
  return m.missingChars ? `原文缺失约 ${m.missingChars} 字` : '原文不完整（来源网站省略了部分内容）';
}

/** The original file, opened at a page when the section has one (a PDF viewer honours #page=N). */
export function originalUrl(docId: string, page: number | null = null): string {
  return `/documents/${docId}/original${page ? `#page=${page}` : ''}`;
}

/** What a reader is told about text recognised from page images, or null for text read from the file itself. */
export function ocrNote(m: { ocr?: boolean }): string | null {
  return m.ocr ? '文字由扫描件识别（OCR）得到，可能有识别错误，引用前请核对原件' : null;
}
