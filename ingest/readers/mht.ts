// Reader for web pages saved as one file (.mht / .mhtml, "网页，单个文件"): a MIME multipart/related
// message. postal-mime parses the MIME structure and undoes the transfer encodings (quoted-printable,
// base64); the page's HTML part then goes through the HTML reader like a saved .html file.
import PostalMime from 'postal-mime';
import { BadInputError } from '../../src/core/errors.js';
import type { DecodedDoc } from '../types.js';
import { htmlToLines } from './html.js';
import type { Reader } from './reader.js';

export const mhtReader: Reader = { format: 'mht', read: (bytes) => readMht(bytes) };

/** Limits that keep a hostile archive from making the parser walk forever (a saved page has tens of parts). */
const PARSE_LIMITS = { maxNestingDepth: 16, maxPartCount: 2000, maxHeadersSize: 256 * 1024 };

export async function readMht(bytes: Buffer): Promise<DecodedDoc> {
  let email;
  try {
    email = await PostalMime.parse(bytes, { ...PARSE_LIMITS, attachmentEncoding: 'arraybuffer' });
  } catch (err) {
    throw new BadInputError(`网页存档（MHT）已损坏，无法读取（${(err as Error).message.split('\n')[0]}）`);
  }
  // postal-mime decodes the HTML part by its declared charset (gb2312 → GBK through the platform's decoder).
  const html = email.html ?? htmlAttachment(email.attachments);
  if (!html) throw new BadInputError('网页存档（MHT）中没有网页正文');
  const lines = htmlToLines(html);
  if (lines.length === 0) throw new BadInputError('网页中没有正文');
  return { format: 'mht', encoding: 'MHT', lines };
}

/** An archive whose page part is marked as an attachment: its first text/html part. */
function htmlAttachment(parts: Array<{ mimeType: string; content: ArrayBuffer | Uint8Array | string }>): string | null {
  const part = parts.find((p) => p.mimeType.toLowerCase() === 'text/html');
  if (!part) return null;
  return typeof part.content === 'string' ? part.content : new TextDecoder('utf-8').decode(part.content);
}
