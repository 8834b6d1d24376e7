// The archive file formats, in one place: which file names an archive folder, the upload page and
// the watcher take, the size each may have, its label, and how the original is served. The reader
// that turns each format's bytes into text lives in ingest/readers/ (one file per format); which
// reader runs is decided by the sniffed bytes, not the name (ingest/readers/sniff.ts).

export interface FormatInfo {
  /** Stable id, stored on the document record (`format`). */
  id: string;
  /** What staff call it (report lines, upload page). */
  label: string;
  /** File name endings listed, uploaded and watched (lower case, with the dot). */
  extensions: readonly string[];
  /** Larger files are refused before reading. */
  maxBytes: number;
  /** Content type of the original when served (text formats add their charset at ingestion). */
  mimeType: string;
  /** Whether the original is shown in the browser (PDF at a page) rather than downloaded. */
  inline: boolean;
}

const MB = 1024 * 1024;

/**
 * A work summary is tens of KB of text; a text file of megabytes is a log, a dump or several
 * archives glued together, and would take the engine minutes to index. Formats that carry images
 * get a larger limit (their text is checked later).
 */
export const FORMATS = [
  { id: 'txt', label: '纯文本', extensions: ['.txt'], maxBytes: 4 * MB, mimeType: 'text/plain', inline: false },
  {
    id: 'docx',
    label: 'Word（docx）',
    extensions: ['.docx'],
    maxBytes: 30 * MB,
    mimeType: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
    inline: false,
  },
  // Word 97–2003 and WPS: one reader (ingest/readers/doc.ts), both are OLE files with a WordDocument stream.
  { id: 'doc', label: 'Word 97-2003 / WPS', extensions: ['.doc', '.wps'], maxBytes: 30 * MB, mimeType: 'application/msword', inline: false },
  { id: 'rtf', label: 'RTF', extensions: ['.rtf'], maxBytes: 30 * MB, mimeType: 'application/rtf', inline: false },
  { id: 'odt', label: 'OpenDocument（odt）', extensions: ['.odt'], maxBytes: 30 * MB, mimeType: 'application/vnd.oasis.opendocument.text', inline: false },
  // Browsers cannot show OFD: it is downloaded and opened in the office's OFD reader. Embedded fonts make it larger.
  { id: 'ofd', label: 'OFD 版式文档', extensions: ['.ofd'], maxBytes: 50 * MB, mimeType: 'application/ofd', inline: false },
  // Saved web pages: the original is a download (text/plain would show markup, text/html would
  // run the page's scripts on the portal's origin).
  { id: 'html', label: '网页（html）', extensions: ['.html', '.htm', '.xhtml'], maxBytes: 8 * MB, mimeType: 'text/html', inline: false },
  { id: 'mht', label: '网页存档（mht）', extensions: ['.mht', '.mhtml'], maxBytes: 30 * MB, mimeType: 'multipart/related', inline: false },
  // A scanned page is 0.2–1 MB; a scanned compilation of about a hundred pages stays under the limit.
  { id: 'pdf', label: 'PDF', extensions: ['.pdf'], maxBytes: 60 * MB, mimeType: 'application/pdf', inline: true },
  // Page photos and scans, recognised by OCR. The served type is the common one; browsers sniff the rest.
  {
    id: 'image',
    label: '图片（扫描件、照片）',
    extensions: ['.jpg', '.jpeg', '.png', '.tif', '.tiff', '.bmp', '.webp'],
    maxBytes: 30 * MB,
    mimeType: 'image/jpeg',
    inline: true,
  },
] as const satisfies readonly FormatInfo[];

export type FormatId = (typeof FORMATS)[number]['id'];

export const FORMAT_IDS: readonly FormatId[] = FORMATS.map((f) => f.id);

export function formatInfo(id: FormatId): FormatInfo {
  return FORMATS.find((f) => f.id === id)!;
}

/** Every file name ending that is taken, in table order. */
export const SUPPORTED_EXTENSIONS: readonly string[] = FORMATS.flatMap((f) => f.extensions);

/** The format a file name suggests (listing and size limits only; the reader is chosen by the bytes). */
export function formatForExtension(ext: string): FormatInfo | undefined {
  const lower = ext.toLowerCase();
  return FORMATS.find((f) => (f.extensions as readonly string[]).includes(lower));
}

/** The largest file any format takes (the upload limit). */
export const MAX_FILE_BYTES = Math.max(...FORMATS.map((f) => f.maxBytes));
