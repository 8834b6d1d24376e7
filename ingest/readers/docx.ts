// Reader for Word 2007+ (.docx), streamed: word/document.xml is inflated chunk by chunk into a SAX
// parser (saxes) and only the lines of text are kept — never a DOM or an HTML copy of the document.
// mammoth built both, so a few MB of tiny paragraphs (a 400 KB docx) took hundreds of MB of heap;
// here memory follows the text kept, and a long legitimate compilation is read, not refused.
// What is kept matches what mammoth gave (test/unit/docx.test.ts compares the two): one line per
// paragraph and per soft line break, heading levels from the paragraph style (heading 1, Heading1,
// 标题 1), table cells in order, text boxes after their paragraph, deleted revisions dropped,
// footnote and endnote texts at the end in order of reference, the reference marks themselves dropped.
import { fileTypeFromBuffer } from 'file-type';
import { SaxesParser, type SaxesTagNS } from 'saxes';
import { BadInputError } from '../../src/core/errors.js';
import { checkZipBudget, openZip, readEntryStream, type ZipEntries } from './zip-limits.js';
import type { DecodedDoc, DocLine } from '../types.js';
import type { ReadContext, Reader } from './reader.js';

/**
 * Counts beyond any summary or compilation of summaries, which bound the work (and the lines kept)
 * for XML that is small on disk but holds millions of elements.
 */
export const DOCX_LIMITS = {
  /** XML elements of the main part (a 3 MB-text compilation with rich formatting has ~1 million). */
  maxElements: 4_000_000,
  /** Lines of text kept (a year's compilation has tens of thousands of paragraphs). */
  maxLines: 200_000,
  /** Characters of text kept (the pipeline refuses more than 1.3 million after cleaning anyway). */
  maxChars: 4_000_000,
};

/** Both WordprocessingML namespaces: transitional (what Word writes) and strict. */
const W_NS = new Set(['http://schemas.openxmlformats.org/wordprocessingml/2006/main', 'http://purl.oclc.org/ooxml/wordprocessingml/main']);
const MC_NS = 'http://schemas.openxmlformats.org/markup-compatibility/2006';
const REL_NS_SUFFIX = '/relationships';

/** Subtrees whose text is not the document's: deleted or moved-away revisions, field codes, properties. */
const SKIPPED = new Set(['del', 'moveFrom', 'instrText', 'delInstrText', 'sdtPr', 'rPr', 'tblPr', 'tcPr', 'trPr', 'sectPr', 'tblGrid']);

export const docxReader: Reader = { format: 'docx', read: (bytes, ctx) => decodeDocx(bytes, ctx) };

const damaged = (detail?: string) => new BadInputError(detail ? `docx 文件已损坏或不是 docx（${detail}）` : 'docx 文件已损坏或不是 docx');

export async function decodeDocx(bytes: Buffer, ctx: Partial<ReadContext> = {}): Promise<DecodedDoc> {
  // A renamed .doc (or an encrypted .docx, also an OLE container) would only give a zip error.
  const type = await fileTypeFromBuffer(bytes);
  if (type?.ext === 'cfb') throw new BadInputError('内容是 Word 97-2003（.doc）或加密的 Office 文件，不是 docx');
  // Sizes first: no entry is parsed before the whole zip fits the decompression budget.
  await checkZipBudget(bytes);
  const zip = await openZip(bytes);
  try {
    const main = zip.entry('word/document.xml');
    if (!main) throw damaged();
    const styles = zip.entry('word/styles.xml') ? await readStyles(zip) : new Map<string, number>();
    const out = new LineCollector();
    const notesReferenced: Array<{ kind: 'footnote' | 'endnote'; id: string }> = [];
    await parsePart(zip, 'word/document.xml', new BodyHandler(out, styles, (kind, id) => notesReferenced.push({ kind, id })), ctx.progress);
    // Notes go after the body, footnotes and endnotes in the one order they were referenced (as mammoth placed them).
    const notes = new Map<string, DocLine[]>();
    for (const kind of ['footnote', 'endnote'] as const) {
      const wanted = new Set(notesReferenced.filter((n) => n.kind === kind).map((n) => n.id));
      if (wanted.size === 0 || !zip.entry(`word/${kind}s.xml`)) continue;
      await parsePart(zip, `word/${kind}s.xml`, new NotesHandler(kind, wanted, notes, styles, out), undefined);
    }
    for (const n of notesReferenced) out.lines.push(...(notes.get(`${n.kind}:${n.id}`) ?? []));
    if (out.lines.length === 0) throw new BadInputError('空文件');
    return { format: 'docx', encoding: 'docx', lines: out.lines };
  } finally {
    zip.close();
  }
}

/** The kept lines, with the limits that bound them. */
class LineCollector {
  readonly lines: DocLine[] = [];
  chars = 0;
  elements = 0;

  private counted = 0;

  /** Counts a line against the limits without keeping it (a note's line, kept aside until the body ends). */
  count(line: DocLine): void {
    if (++this.counted > DOCX_LIMITS.maxLines) throw tooMuch(`超过 ${DOCX_LIMITS.maxLines} 个段落`);
    this.chars += line.text.length;
    if (this.chars > DOCX_LIMITS.maxChars) throw tooMuch(`文字超过 ${DOCX_LIMITS.maxChars} 字`);
  }

  pushLine(line: DocLine): void {
    this.count(line);
    this.lines.push(line);
  }

  countElement(): void {
    if (++this.elements > DOCX_LIMITS.maxElements) throw tooMuch(`超过 ${DOCX_LIMITS.maxElements} 个 XML 元素`);
  }
}

const tooMuch = (detail: string) => new BadInputError(`docx 内容过多（${detail}），不像工作总结，已拒绝`);

interface PartHandler {
  open(tag: SaxesTagNS): void;
  close(tag: SaxesTagNS): void;
  text(text: string): void;
  end(): void;
}

/** Streams one part of the zip through saxes into a handler; progress in bytes of that part. */
async function parsePart(zip: ZipEntries, name: string, handler: PartHandler, progress: ReadContext['progress']): Promise<void> {
  const parser = new SaxesParser({ xmlns: true, position: false });
  let failure: unknown = null;
  parser.on('error', (err) => {
    failure ??= err;
  });
  parser.on('opentag', (tag) => handler.open(tag));
  parser.on('closetag', (tag) => handler.close(tag));
  parser.on('text', (t) => handler.text(t));
  parser.on('cdata', (t) => handler.text(t));
  const entry = zip.entry(name)!;
  const total = entry.uncompressedSize;
  const decoder = new TextDecoder('utf-8');
  let done = 0;
  let reported = 0;
  try {
    for await (const chunk of await readEntryStream(zip, entry)) {
      parser.write(decoder.decode(chunk as Buffer, { stream: true }));
      if (failure) break;
      done += (chunk as Buffer).length;
      // A sign of life for whoever runs this under an idle limit, about every MB.
      if (progress && done - reported >= 1 << 20) {
        reported = done;
        progress(done, total);
      }
    }
    if (!failure) parser.write(decoder.decode()).close();
  } catch (err) {
    // A limit (BadInputError) thrown from a handler, or a broken deflate stream.
    failure ??= err;
  }
  if (failure) {
    if (failure instanceof BadInputError) throw failure;
    throw damaged(`${name}：${(failure as Error).message.split('\n')[0]}`);
  }
  handler.end();
}

/** styles.xml → style id → heading level, for styles named heading N / 标题 N or with the id HeadingN. */
async function readStyles(zip: ZipEntries): Promise<Map<string, number>> {
  const levels = new Map<string, number>();
  let current: { id: string; paragraph: boolean } | null = null;
  const handler: PartHandler = {
    open(tag) {
      if (!W_NS.has(tag.uri)) return;
      if (tag.local === 'style') {
        current = { id: attr(tag, 'styleId') ?? '', paragraph: (attr(tag, 'type') ?? 'paragraph') === 'paragraph' };
        const byId = /^Heading([1-6])$/.exec(current.id);
        if (current.paragraph && byId) levels.set(current.id, Number(byId[1]));
      } else if (tag.local === 'name' && current?.paragraph) {
        const level = headingLevelOfName(attr(tag, 'val') ?? '');
        if (level !== undefined) levels.set(current.id, level);
      }
    },
    close(tag) {
      if (tag.local === 'style' && W_NS.has(tag.uri)) current = null;
    },
    text() {},
    end() {},
  };
  await parsePart(zip, 'word/styles.xml', handler, undefined);
  return levels;
}

/** Word's built-in names (any letter case) and the display names of Chinese templates (WPS, localised Word). */
export function headingLevelOfName(name: string): number | undefined {
  const m = /^(?:heading|标题)\s?([1-6])$/i.exec(name.trim());
  return m ? Number(m[1]) : undefined;
}

function attr(tag: SaxesTagNS, local: string): string | undefined {
  for (const a of Object.values(tag.attributes)) if (a.local === local && (W_NS.has(a.uri) || a.uri === '')) return a.value;
  return undefined;
}

interface Paragraph {
  text: string;
  level: number | undefined;
  /** The paragraph mark was deleted in a tracked change: its text runs on into the next paragraph. */
  markDeleted: boolean;
  /** Lines of paragraphs nested inside (text boxes): they follow this paragraph. */
  extras: DocLine[];
}

/**
 * The body of document.xml (and of each note): paragraphs become lines. Subtrees that hold no text
 * of the document are skipped; every other element is walked into (hyperlinks, inserted revisions,
 * content controls, smart tags, fields' results).
 */
class BodyHandler implements PartHandler {
  private readonly stack: Paragraph[] = [];
  /** Depth inside a skipped subtree (0: not skipping). */
  private skipping = 0;
  private inText = 0;
  private inParagraphProps = 0;
  /** Text of paragraphs whose mark was deleted, waiting for the next paragraph. */
  private carried = '';

  constructor(
    private readonly out: { pushLine(line: DocLine): void; countElement(): void },
    private readonly styles: Map<string, number>,
    private readonly onNoteReference: (kind: 'footnote' | 'endnote', id: string) => void,
  ) {}

  open(tag: SaxesTagNS): void {
    this.out.countElement();
    if (this.skipping > 0) {
      this.skipping++;
      return;
    }
    if (tag.uri === MC_NS) {
      // Markup compatibility: read the Fallback only (the Choice repeats it for newer readers).
      if (tag.local === 'Choice') this.skipping = 1;
      return;
    }
    if (!W_NS.has(tag.uri)) return;
    const p = this.stack[this.stack.length - 1];
    switch (tag.local) {
      case 'p':
        this.stack.push({ text: this.carried, level: undefined, markDeleted: false, extras: [] });
        this.carried = '';
        return;
      case 'pPr':
        this.inParagraphProps++;
        return;
      case 'pStyle':
        if (p && this.inParagraphProps > 0) p.level = this.styles.get(attr(tag, 'val') ?? '');
        return;
      case 'rPr':
        // The paragraph mark's own run properties say whether the mark was deleted (w:pPr/w:rPr/w:del).
        if (this.inParagraphProps > 0) return;
        break;
      case 'del':
        if (this.inParagraphProps > 0) {
          if (p) p.markDeleted = true;
          this.skipping = 1;
          return;
        }
        break;
      case 't':
        this.inText++;
        return;
      case 'tab':
        if (this.inParagraphProps === 0) this.append('\t');
        return;
      case 'noBreakHyphen':
        this.append('\u2011');
        return;
      case 'softHyphen':
        this.append('\u00ad');
        return;
      case 'br': {
        const type = attr(tag, 'type');
        if (type === undefined || type === 'textWrapping') this.lineBreak();
        return;
      }
      case 'cr':
        this.lineBreak();
        return;
      case 'footnoteReference':
      case 'endnoteReference': {
        const id = attr(tag, 'id');
        if (id !== undefined) this.onNoteReference(tag.local === 'footnoteReference' ? 'footnote' : 'endnote', id);
        return;
      }
    }
    if (SKIPPED.has(tag.local)) this.skipping = 1;
  }

  close(tag: SaxesTagNS): void {
    if (this.skipping > 0) {
      this.skipping--;
      return;
    }
    if (!W_NS.has(tag.uri)) return;
    if (tag.local === 't') this.inText = Math.max(0, this.inText - 1);
    else if (tag.local === 'pPr') this.inParagraphProps = Math.max(0, this.inParagraphProps - 1);
    else if (tag.local === 'p') {
      const p = this.stack.pop();
      if (!p) return;
      if (p.markDeleted) {
        this.carried = p.text;
        this.emitAll(p.extras);
        return;
      }
      this.emit({ text: p.text, level: p.level });
      this.emitAll(p.extras);
    }
  }

  text(text: string): void {
    if (this.skipping === 0 && this.inText > 0) this.append(text);
  }

  end(): void {
    if (this.carried) this.emit({ text: this.carried, level: undefined });
    this.carried = '';
  }

  private append(s: string): void {
    const p = this.stack[this.stack.length - 1];
    if (p) p.text += s;
  }

  /** A soft line break ends a line; the paragraph (and its heading level) goes on. */
  private lineBreak(): void {
    const p = this.stack[this.stack.length - 1];
    if (!p) return;
    this.emit({ text: p.text, level: p.level }, this.stack[this.stack.length - 2] ?? null);
    p.text = '';
  }

  /** A nested paragraph's lines wait for the paragraph around it; a top-level one's go out. */
  private emit(line: { text: string; level: number | undefined }, outer: Paragraph | null = this.stack[this.stack.length - 1] ?? null): void {
    const text = line.text.replace(/\s+$/u, '');
    if (text.trim() === '') return;
    const out: DocLine = line.level === undefined ? { text } : { text, styleLevel: line.level };
    if (outer) outer.extras.push(out);
    else this.out.pushLine(out);
  }

  private emitAll(lines: DocLine[]): void {
    const outer = this.stack[this.stack.length - 1];
    if (outer) outer.extras.push(...lines);
    else for (const l of lines) this.out.pushLine(l);
  }
}

/** footnotes.xml / endnotes.xml: the lines of each referenced note, by id. */
class NotesHandler implements PartHandler {
  private current: { id: string; lines: DocLine[] } | null = null;
  private body: BodyHandler | null = null;
  private depth = 0;

  constructor(
    private readonly kind: 'footnote' | 'endnote',
    private readonly wanted: Set<string>,
    private readonly notes: Map<string, DocLine[]>,
    private readonly styles: Map<string, number>,
    private readonly counter: { countElement(): void; count(line: DocLine): void },
  ) {}

  open(tag: SaxesTagNS): void {
    if (this.body) {
      this.depth++;
      this.body.open(tag);
      return;
    }
    this.counter.countElement();
    if (W_NS.has(tag.uri) && tag.local === this.kind) {
      const id = attr(tag, 'id') ?? '';
      if (!this.wanted.has(id)) return;
      const lines: DocLine[] = [];
      this.current = { id, lines };
      this.body = new BodyHandler(
        {
          // Counted against the same limits as the body, kept aside until the body is done.
          pushLine: (l) => {
            this.counter.count(l);
            lines.push(l);
          },
          countElement: () => this.counter.countElement(),
        },
        this.styles,
        () => {},
      );
      this.depth = 0;
    }
  }

  close(tag: SaxesTagNS): void {
    if (!this.body) return;
    if (this.depth === 0) {
      this.body.end();
      this.notes.set(`${this.kind}:${this.current!.id}`, this.current!.lines);
      this.body = null;
      this.current = null;
      return;
    }
    this.depth--;
    this.body.close(tag);
  }

  text(text: string): void {
    this.body?.text(text);
  }

  end(): void {}
}
