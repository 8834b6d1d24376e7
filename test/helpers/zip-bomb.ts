// Builds .docx zip bombs for the decompression-limit tests, streamed through fflate so the test
// never holds the inflated XML: a valid docx skeleton whose word/document.xml inflates to `inflate`
// bytes. withDeclaredSize() rewrites the declared uncompressed size in the central directory (a header
// that lies, so only the check while inflating can catch it).
import { Zip, ZipDeflate, ZipPassThrough, strToU8 } from 'fflate';

const CONTENT_TYPES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
  '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>' +
  '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>';
const RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
  '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>';
const HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>';
const TAIL = '</w:body></w:document>';

export function makeZipBomb(opts: { inflate: number }): Buffer {
  const out: Uint8Array[] = [];
  let error: Error | null = null;
  const zip = new Zip((err, data) => {
    if (err) error = err;
    else out.push(data);
  });
  for (const [name, text] of [['[Content_Types].xml', CONTENT_TYPES], ['_rels/.rels', RELS]] as const) {
    const f = new ZipPassThrough(name);
    zip.add(f);
    f.push(strToU8(text), true);
  }
  const doc = new ZipDeflate('word/document.xml', { level: 9 });
  zip.add(doc);
  // One paragraph, then whitespace between elements (valid XML, and deflate's best case: ~1000:1).
  const para = '<w:p><w:r><w:t>党支部认真落实三会一课制度。</w:t></w:r></w:p>';
  const fill = new Uint8Array(1024 * 1024).fill(0x20);
  doc.push(strToU8(HEAD + para));
  let written = HEAD.length + para.length;
  while (written + fill.length < opts.inflate) {
    doc.push(fill);
    written += fill.length;
  }
  doc.push(strToU8(TAIL), true);
  zip.end();
  if (error) throw error;
  return Buffer.concat(out);
}

/** A copy of `zip` whose central directory declares `size` bytes for `name`. */
export function withDeclaredSize(zip: Buffer, name: string, size: number): Buffer {
  const copy = Buffer.from(zip);
  lieAboutSize(copy, name, size);
  return copy;
}

/** Rewrites the uncompressed size of `name` in its central directory record. */
function lieAboutSize(buf: Buffer, name: string, size: number): void {
  for (let at = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02])); at >= 0; at = buf.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), at - 1)) {
    const nameLen = buf.readUInt16LE(at + 28);
    if (buf.toString('utf8', at + 46, at + 46 + nameLen) === name) {
      buf.writeUInt32LE(size, at + 24);
      return;
    }
  }
  throw new Error(`${name} not found in the central directory`);
}
