import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decode } from '../../ingest/decode.js';
import { decodeText } from '../../ingest/readers/txt.js';
import { BadInputError } from '../../src/core/errors.js';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixture = (rel: string) => ({ relPath: rel, bytes: readFileSync(join(root, 'test', 'fixtures', rel)) });
const sample = (name: string) => readFileSync(join(root, 'corpus', 'sample', name));
const texts = (lines: { text: string }[]) => lines.map((l) => l.text);

/** The rejection must be a BadInputError with exactly this one-line reason. */
async function expectReason(promise: Promise<unknown>, reason: string): Promise<void> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(BadInputError);
  expect((err as BadInputError).reason).toBe(reason);
}

describe('decode: txt encodings', () => {
  it('decodes the GB18030 school summary, including characters outside GBK (䶮, 𠮷)', async () => {
    const doc = await decode(fixture('encodings/学校 "2022" 年度党建工作总结 gb18030.txt'));
    expect(doc.format).toBe('txt');
    expect(doc.encoding).toBe('GB18030');
    expect(doc.lines).toHaveLength(25);
    expect(doc.lines[0]).toEqual({ text: 'XX中学党总支2022年度党建工作总结' });
    expect(doc.lines[2]!.text).toBe('一、主要工作及成效');
    expect(doc.lines[3]!.text).toBe('（一）加强政治建设，落实党组织领导的校长负责制');
    expect(doc.lines[8]!.text).toBe('（1）组织党员教师集中收看党的二十大开幕会，开展专题研讨X次。');
    expect(doc.lines[9]!.text).toBe('（2）退休党员教师刘䶮为青年教师讲授“我的入党故事”专题党课，某某老师作交流发言。');
    expect(doc.lines[10]!.text).toBe('2.开展师德师风专题教育。签订师德承诺书X份，评选“𠮷祥园丁”师德标兵X名。');
    expect(doc.lines[15]!.text).toBe('二、存在的问题');
    expect(doc.lines[18]!.text).toBe('三、2023年工作计划');
    // Blank lines are kept at this stage; cleaning drops them.
    expect(doc.lines[22]!.text).toBe('');
    expect(doc.lines[24]!.text).toBe('2022年12月30日');
  });

  it('decodes GBK with CRLF (Notepad "ANSI") as GB18030 and keeps leading full-width indentation', async () => {
    const doc = await decode(fixture('encodings/XX镇党委 上半年总结 gbk-crlf.txt'));
    expect(doc.encoding).toBe('GB18030');
    expect(doc.lines).toHaveLength(8);
    expect(doc.lines[0]!.text).toBe('XX镇党委2023年上半年党建工作总结');
    expect(doc.lines[1]!.text).toBe('');
    expect(doc.lines[5]!.text).toBe('　　（二）推行“支部+合作社”模式，XXX村党支部带领群众发展特色种植XX亩。');
    expect(doc.lines.some((l) => l.text.includes('\r'))).toBe(false);
  });

  it('decodes UTF-8 with BOM: BOM stripped, CRLF and a lone CR split, trailing spaces trimmed', async () => {
    const doc = await decode(fixture('encodings/村党支部年度总结 utf8-bom-crlf.txt'));
    expect(doc.encoding).toBe('UTF-8 BOM');
    expect(texts(doc.lines)).toEqual([
      'XX村党支部2023年度工作总结',
      '2023年，XX村党支部在镇党委的坚强领导下，围绕乡村振兴中心任务，认真履行职责。',
      '一、加强班子建设',
      '\u00a0\u00a0坚持“四议两公开”工作法，全年召开村“两委”联席会议X次。',
      '二、服务群众',
      '为某某等X户困难群众办理临时救助。',
      '三、下一步打算',
      '持续推进人居环境整治。',
    ]);
  });

  it('decodes UTF-16LE with BOM', async () => {
    const doc = await decode(fixture('encodings/医院党委半年总结 utf16le-bom.txt'));
    expect(doc.encoding).toBe('UTF-16LE');
    expect(texts(doc.lines)).toEqual([
      'XX县人民医院党委2023年上半年党建工作总结',
      '第一部分 主要工作',
      '一、落实党委领导下的院长负责制',
      '修订完善《党委会议事规则》，上半年召开党委会X次，讨论决定“三重一大”事项XX项。',
      '二、加强医德医风建设',
      '开展“清廉医院”创建活动，收到患者感谢信XX封、锦旗X面。',
      '第二部分 存在问题',
      '党建与业务融合的载体不多。',
    ]);
  });

  it('decodes Big5', async () => {
    const doc = await decode(fixture('encodings/國小黨支部總結 big5.txt'));
    expect(doc.encoding).toBe('Big5');
    expect(doc.lines[0]!.text).toBe('XX國小教師黨支部2022年工作總結');
    expect(doc.lines[2]!.text).toBe('全年組織黨員教師集中學習十二次，撰寫心得體會X篇。');
  });

  it('decodes the UTF-8 samples as UTF-8 with their lines as they are', async () => {
    const doc = await decode({ relPath: '2020年上半年机关党建工作总结.txt', bytes: sample('2020年上半年机关党建工作总结.txt') });
    expect(doc.encoding).toBe('UTF-8');
    expect(doc.lines[0]!.text).toBe('仅供学习 禁止外传');
    expect(doc.lines[15]!.text).toBe('2020年上半年机关党建工作总结');
    expect(doc.lines[8]!.text).toBe('会员群：                      免费QQ群：');
  });

  const summary = sample('2023年支部工作总结.txt').toString('utf8');
  const summaryLines = summary.split('\n').slice(0, -1);

  it('decodes UTF-16BE with BOM and UTF-16 LE/BE without BOM', async () => {
    const be = await decode({ relPath: 'a.txt', bytes: iconv.encode(summary, 'utf-16be', { addBOM: true }) });
    expect(be.encoding).toBe('UTF-16BE');
    const le = await decode({ relPath: 'a.txt', bytes: iconv.encode(summary, 'utf-16le') });
    expect(le.encoding).toBe('UTF-16LE');
    expect(texts(le.lines)).toEqual(summaryLines);
    const beNoBom = await decode({ relPath: 'a.txt', bytes: iconv.encode(summary, 'utf-16be') });
    expect(beNoBom.encoding).toBe('UTF-16BE');
    expect(beNoBom.lines[0]!.text).toBe('2023年支部工作总结');
  });

  it('keeps a UTF-8 file with one damaged byte as UTF-8 (one replacement character, nothing garbled)', async () => {
    const bytes = Buffer.from(summary, 'utf8');
    const at = bytes.indexOf(Buffer.from('开局之年', 'utf8'));
    bytes[at] = 0xff; // first byte of 开
    const doc = await decode({ relPath: 'a.txt', bytes });
    expect(doc.encoding).toBe('UTF-8');
    expect(doc.lines[1]!.text).toContain('精神的\ufffd\ufffd\ufffd局之年');
    expect(texts(doc.lines).slice(2)).toEqual(summaryLines.slice(2));
  });

  it('decodes a tiny GB18030 text that chardet will not commit on', async () => {
    const doc = await decode({ relPath: 'a.txt', bytes: iconv.encode('Report 2023 党建', 'gb18030') });
    expect(doc).toEqual({ format: 'txt', encoding: 'GB18030', lines: [{ text: 'Report 2023 党建' }] });
  });

  it('decodes the same bytes again to the same text given the encoding it found (an ingestion\'s second read)', async () => {
    const damaged = Buffer.from(summary, 'utf8');
    damaged[damaged.indexOf(Buffer.from('开局之年', 'utf8'))] = 0xff;
    const cases = [
      ...readdirSync(join(root, 'test', 'fixtures', 'encodings')).map((n) => fixture(`encodings/${n}`).bytes),
      iconv.encode(summary, 'utf-16be'),
      iconv.encode(summary, 'utf-16le'),
      iconv.encode('Report 2023 党建', 'gb18030'),
      Buffer.concat([Buffer.from(summary, 'utf8'), Buffer.from([0x1a])]),
      damaged,
      sample('2023年支部工作总结.txt'),
    ];
    for (const bytes of cases) {
      const first = await decodeText(bytes);
      expect(await decodeText(bytes, first.encoding)).toEqual(first);
    }
    expect(new Set(await Promise.all(cases.map(async (b) => (await decodeText(b)).encoding)))).toEqual(
      new Set(['GB18030', 'UTF-16LE', 'UTF-16BE', 'Big5', 'UTF-8 BOM', 'UTF-8']),
    );
  });

  it('detects as usual when a given encoding cannot be what decoded these bytes', async () => {
    const bom = fixture('encodings/医院党委半年总结 utf16le-bom.txt').bytes;
    expect(await decodeText(bom, 'GB18030')).toEqual(await decodeText(bom));
    const damaged = Buffer.from(summary, 'utf8');
    damaged[damaged.indexOf(Buffer.from('开局之年', 'utf8'))] = 0xff;
    expect(await decodeText(damaged, 'UTF-8')).toEqual(await decodeText(damaged));
  });

  it('drops a DOS end-of-file mark and the final line end; the extension may be upper case', async () => {
    const bytes = Buffer.concat([iconv.encode('一、主要工作\r\n\r\n二、存在问题\r\n', 'gbk'), Buffer.from([0x1a])]);
    const doc = await decode({ relPath: 'OLD/文件.TXT', bytes });
    expect(doc.encoding).toBe('GB18030');
    expect(texts(doc.lines)).toEqual(['一、主要工作', '', '二、存在问题']);
  });

  it('decodes a 10 MB GB18030 file in linear time (seconds, not minutes)', async () => {
    const big = summary.repeat(Math.ceil(10_000_000 / iconv.encode(summary, 'gb18030').length));
    const bytes = iconv.encode(big, 'gb18030');
    expect(bytes.length).toBeGreaterThan(10_000_000);
    const t0 = performance.now();
    const doc = await decode({ relPath: 'big.txt', bytes });
    const ms = performance.now() - t0;
    expect(doc.encoding).toBe('GB18030');
    expect(doc.lines).toHaveLength((big.match(/\n/g) ?? []).length);
    // Only a guard against super-linear decoding (about 0.5 s on an idle machine): other test runs and
    // benchmarks share this 2-core machine, so a tight bound fails for reasons of its own.
    expect(ms).toBeLessThan(15_000);
  });
});

describe('decode: bad input', () => {
  it('rejects an empty file and a file of only BOM and whitespace', async () => {
    await expectReason(decode(fixture('bad/empty.txt')), '空文件');
    await expectReason(decode(fixture('bad/only-bom-and-spaces.txt')), '空文件');
    await expectReason(decode({ relPath: 'a.txt', bytes: iconv.encode(' \r\n\u3000\r\n', 'utf-16le', { addBOM: true }) }), '空文件');
    await expectReason(decode({ relPath: 'a.txt', bytes: Buffer.from([0xff, 0xfe]) }), '空文件');
  });

  it('rejects random bytes with NULs and text full of control characters as binary', async () => {
    await expectReason(decode(fixture('bad/binary.txt')), '二进制内容，不是文本');
    const controls = Buffer.from('党建\x01\x02\x03\x04\x05\x06工作\x07\x08\x0e\x0f\x10\x11总结', 'utf8');
    await expectReason(decode({ relPath: 'a.txt', bytes: controls }), '二进制内容，不是文本');
  });

  it('names the real type of content it has no reader for, whatever the name says', async () => {
    // A picture named .txt goes to the image reader (OCR), which finds no text in this tiny one.
    const png = fixture('bad/照片 image-as-text.txt');
    await expectReason(decode(png), '图片中没有识别出文字');
    const gzip = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0, 0, 0, 0, 0, 3, 1, 2, 3, 4]);
    await expectReason(decode({ relPath: '总结.txt', bytes: gzip }), '不支持的文件类型：内容是GZ 压缩包');
  });

  it('reads content by what it is, not by its name: a docx named .txt is read as docx', async () => {
    const docx = fixture('docx/集团公司党委 2023年党建工作总结.docx').bytes;
    const doc = await decode({ relPath: '总结.txt', bytes: docx });
    expect(doc.format).toBe('docx');
    expect(doc.lines[0]!.text).toBe('XX集团公司党委2023年党建工作总结');
    const text = await decode({ relPath: '总结.docx', bytes: Buffer.from('一、主要工作\n开展学习', 'utf8') });
    expect(text.format).toBe('txt');
  });

  it('rejects bytes that decode to nothing plausible', async () => {
    await expectReason(decode(fixture('bad/乱码 undecodable-bytes.txt')), '无法识别的编码');
    // Latin-1 text is not a Chinese encoding the archive can hold.
    const latin1 = iconv.encode('Le comité a organisé une réunion très animée à Genève.\n'.repeat(10), 'latin1');
    await expectReason(decode({ relPath: 'a.txt', bytes: latin1 }), '无法识别的编码');
  });

  it('rejects corrupt and non-zip .docx files', async () => {
    await expectReason(decode(fixture('bad/损坏的 truncated.docx')), 'docx 文件已损坏或不是 docx');
    await expectReason(decode(fixture('bad/not-a-zip.docx')), '文件已损坏（ZIP/Office 文件），无法读取');
  });
});

describe('decode: docx', () => {
  it('turns paragraphs, headings and table cells into lines with heading levels', async () => {
    const doc = await decode(fixture('docx/集团公司党委 2023年党建工作总结.docx'));
    expect(doc.format).toBe('docx');
    expect(doc.encoding).toBe('docx');
    expect(doc.lines).toEqual([
      // The Title style is not a heading level; metadata finds the title by content.
      { text: 'XX集团公司党委2023年党建工作总结' },
      { text: '2023年，公司党委坚持以习近平新时代中国特色社会主义思想为指导，推动党建工作与生产经营深度融合。' },
      { text: '一、坚持政治引领，把牢发展方向', styleLevel: 1 },
      { text: '（一）落实“第一议题”制度', styleLevel: 2 },
      // Entities (&amp; &lt;) come back as the characters.
      { text: '全年召开党委会XX次，前置研究讨论“三重一大”事项X项；研发中心（R&D）党支部牵头攻关，安全生产事故率<0.1‰。' },
      { text: '（二）完善“双向进入、交叉任职”领导体制', styleLevel: 2 },
      // A soft line break inside a paragraph ends a line.
      { text: '董事会、经理层成员中党员占比达到X%。' },
      { text: '党委书记、董事长由一人担任。' },
      { text: '二、党建工作主要数据', styleLevel: 1 },
      { text: '指标' },
      { text: '2022年' },
      { text: '2023年' },
      { text: '党员人数' },
      { text: '126' },
      { text: '131' },
      { text: '发展党员' },
      { text: 'X名' },
      { text: 'X名' },
      // Style named 标题 3 (WPS / localised templates).
      { text: '1.基层党组织建设', styleLevel: 3 },
      { text: '所属XX个党支部全部完成标准化建设。' },
      { text: '三、存在的问题和下步打算', styleLevel: 1 },
      { text: '党建工作“上热中温下冷”的现象仍不同程度存在。' },
    ]);
  });
});
