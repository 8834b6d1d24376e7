import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { clean } from '../../ingest/clean.js';
import { decode } from '../../ingest/decode.js';
import type { CleanDoc, DecodedDoc, DocLine } from '../../ingest/types.js';

const sampleDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'corpus', 'sample');
const SAMPLES = [
  '2020年上半年机关党建工作总结.txt',
  '2023年支部工作总结.txt',
  'XX中心2023年下半年党支部工作情况.txt',
  'XX县供销社机关党支部2023年上半年党建工作总结.txt',
  '党支部2023年上半年工作总结（无标题）.txt',
] as const;

const decodeSample = (name: string) => decode({ relPath: name, bytes: readFileSync(join(sampleDir, name)) });
const doc = (...lines: (string | DocLine)[]): DecodedDoc => ({
  format: 'txt',
  encoding: 'UTF-8',
  lines: lines.map((l) => (typeof l === 'string' ? { text: l } : l)),
});
const texts = (lines: DocLine[]) => lines.map((l) => l.text);
const cjkCount = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;
const cjkOf = (lines: DocLine[]) => cjkCount(lines.map((l) => l.text).join('\n'));
/** What was removed, by kind, without the rule names and line numbers. */
const removedOf = (out: CleanDoc) => out.removed.map(({ kind, text }) => ({ kind, text }));

describe('clean: paid markers', () => {
  it('removes a marker in the middle of a word and joins the word', () => {
    const out = clean(doc('确指导下，以高度的政治责##paidbegin##任感，响应号召、深入学习'));
    expect(texts(out.lines)).toEqual(['确指导下，以高度的政治责任感，响应号召、深入学习']);
    expect(removedOf(out)).toEqual([{ kind: 'paid-marker', text: '##paidbegin##' }]);
  });

  it('removes markers in any case and with spaces, and drops lines left empty', () => {
    const out = clean(doc('##PaidBegin##（三）科学制定学习计划。', '正文', '  ## paidend ##  ', '政治## PAIDEND##站位'));
    expect(texts(out.lines)).toEqual(['（三）科学制定学习计划。', '正文', '政治站位']);
    expect(removedOf(out)).toEqual([
      { kind: 'paid-marker', text: '##PaidBegin##' },
      { kind: 'paid-marker', text: '## paidend ##' },
      { kind: 'paid-marker', text: '## PAIDEND##' },
    ]);
  });

  it('leaves other hash signs alone', () => {
    const out = clean(doc('第#3号文件', '#党建引领#话题'));
    expect(texts(out.lines)).toEqual(['第#3号文件', '#党建引领#话题']);
    expect(removedOf(out)).toEqual([]);
  });
});

describe('clean: watermark and advert blocks', () => {
  it('removes the advert block before the title of the 2020 sample, and nothing else', async () => {
    const decoded = await decodeSample('2020年上半年机关党建工作总结.txt');
    const out = clean(decoded);
    expect(out.lines[0]).toEqual({ text: '2020年上半年机关党建工作总结' });

    // The block is every non-blank line above the title, as trimmed lines.
    const titleAt = decoded.lines.findIndex((l) => l.text === '2020年上半年机关党建工作总结');
    const block = decoded.lines
      .slice(0, titleAt)
      .map((l) => l.text.trim())
      .filter((t) => t !== '');
    expect(block).toHaveLength(8);
    expect(removedOf(out)).toEqual([{ kind: 'advert', text: block.join('\n') }]);
    expect(out.removed[0]!.text).toContain('仅供学习');
    expect(out.removed[0]!.text).toContain('免费QQ群');

    // Everything after the block survives line for line.
    const body = decoded.lines
      .slice(titleAt)
      .map((l) => l.text.trim())
      .filter((t) => t !== '');
    expect(texts(out.lines)).toEqual(body);
    expect(cjkOf(decoded.lines) - cjkOf(out.lines)).toBe(cjkCount(block.join('')));
  });

  it('keeps body lines that mention 公众号 / 微信 in the samples', async () => {
    const coop = clean(await decodeSample('XX县供销社机关党支部2023年上半年党建工作总结.txt'));
    expect(texts(coop.lines)).toContain(
      '（二）不定期通过公众号通报中央、省、市纪委查处的违反中央八项规定精神典型问题，上半年度公众号共计发布17条廉政方面信息。以反面案例引以为戒，提高警示教育的政治性和感染力，使干部职工加强自身素养，汲取教训，警钟长鸣。',
    );
    const center = clean(await decodeSample('XX中心2023年下半年党支部工作情况.txt'));
    expect(texts(center.lines).filter((t) => t.includes('公众号平台'))).toHaveLength(1);
    const y2020 = clean(await decodeSample('2020年上半年机关党建工作总结.txt'));
    expect(texts(y2020.lines).filter((t) => t.includes('微信'))).toHaveLength(3);
  });

  it('removes an advert block at the end but keeps the signature and date above it', () => {
    const out = clean(
      doc(
        'XX中学党总支2022年度党建工作总结',
        '2022年，党总支坚持以党的政治建设为统领，全面加强党的建设，现将全年工作总结如下。',
        '三、2023年工作计划',
        '（一）持续开展主题党日活动，确保每月至少1次。',
        'XX中学党总支',
        '2022年12月30日',
        '',
        '更多精彩范文，请关注公众号“党建资料库”',
        '本文来源于网络，如有侵权请联系删除',
      ),
    );
    expect(texts(out.lines).slice(-3)).toEqual(['（一）持续开展主题党日活动，确保每月至少1次。', 'XX中学党总支', '2022年12月30日']);
    expect(removedOf(out)).toEqual([{ kind: 'advert', text: '更多精彩范文，请关注公众号“党建资料库”\n本文来源于网络，如有侵权请联系删除' }]);
  });

  it('keeps a short organisation line between the advert block and the title', () => {
    const out = clean(doc('仅供学习，禁止外传！', '关注公众号 获取更多党建资料', 'XX县委组织部', 'XX县2023年基层党建工作总结', '正文第一句，内容很长，不是广告。'));
    expect(texts(out.lines)).toEqual(['XX县委组织部', 'XX县2023年基层党建工作总结', '正文第一句，内容很长，不是广告。']);
    expect(removedOf(out)).toEqual([{ kind: 'advert', text: '仅供学习，禁止外传！\n关注公众号 获取更多党建资料' }]);
  });

  it('never removes heading lines, long body sentences or short sentences at the edges', () => {
    const lines = [
      '一、会员单位党组织建设',
      '为推动机关党建工作，支部通过微信公众号、学习强国平台分享学习资料，组织党员下载学习材料并按时完成学习任务，全年累计X次。',
      '（一）关注群众诉求，分享经验做法',
      '党支部公众号发布信息17条。',
    ];
    const out = clean(doc(...lines));
    expect(texts(out.lines)).toEqual(lines);
    expect(removedOf(out)).toEqual([]);
  });

  it('does not treat a docx heading as advert, whatever its words', () => {
    const out = clean(doc({ text: '会员服务', styleLevel: 1 }, '正文。'));
    expect(out.lines).toEqual([{ text: '会员服务', styleLevel: 1 }, { text: '正文。' }]);
  });

  it('removes an isolated watermark line in the middle of the text', () => {
    const out = clean(doc('一、主要工作', '（一）加强政治建设。', '仅供学习  禁止外传', '（二）加强组织建设。', '下载后可编辑', '（三）加强作风建设。'));
    expect(texts(out.lines)).toEqual(['一、主要工作', '（一）加强政治建设。', '（二）加强组织建设。', '（三）加强作风建设。']);
    expect(removedOf(out)).toEqual([
      { kind: 'watermark', text: '仅供学习  禁止外传' },
      { kind: 'watermark', text: '下载后可编辑' },
    ]);
  });

  it('leaves a document without any advert vocabulary alone at its start', () => {
    const out = clean(doc('附件2', 'XX中学', 'XX中学党总支2022年度党建工作总结', '正文。'));
    expect(texts(out.lines)).toEqual(['附件2', 'XX中学', 'XX中学党总支2022年度党建工作总结', '正文。']);
    expect(removedOf(out)).toEqual([]);
  });
});

describe('clean: whitespace and placeholders', () => {
  it('trims full-width spaces, NBSP and zero-width spaces, drops blank lines, keeps styleLevel', () => {
    const out = clean(
      doc(
        '\u3000\u3000XX中学党总支2022年度党建工作总结\u3000',
        '',
        '   ',
        '\u00a0\u3000\t',
        { text: '\u3000一、主要工作 ', styleLevel: 1 },
        '\u200b　　全年召开支部党员大会XX次。\u00a0',
        '',
        '',
        '二、存在的问题',
      ),
    );
    expect(out.lines).toEqual([
      { text: 'XX中学党总支2022年度党建工作总结' },
      { text: '一、主要工作', styleLevel: 1 },
      { text: '全年召开支部党员大会XX次。' },
      { text: '二、存在的问题' },
    ]);
    // Layout spaces go without a note; a zero-width space is a stray character, and counted (issue 21).
    expect(removedOf(out)).toEqual([{ kind: 'stray-char', text: 'U+200B' }]);
  });

  it('keeps anonymised placeholders and inner punctuation exactly', () => {
    const lines = [
      'XX县XX镇党委2023年上半年党建工作总结',
      '2023年上半年，在***党总支的正确领导下，**党支部按照党建工作总体部署开展工作。',
      '某某同志带队走访X次，发展党员X名，慰问困难党员XXX人。',
      '**',
      '（一）坚持“第一议题”制度，做到“两个维护”；全年学习12次（含线上X次）。',
    ];
    const out = clean(doc(...lines));
    expect(texts(out.lines)).toEqual(lines);
  });

  it('keeps the placeholder lines of the samples', async () => {
    const noTitle = clean(await decodeSample('党支部2023年上半年工作总结（无标题）.txt'));
    expect(noTitle.lines[0]!.text.startsWith('2023年上半年，在***党总支的正确领导下，**党支部')).toBe(true);
    const coop = clean(await decodeSample('XX县供销社机关党支部2023年上半年党建工作总结.txt'));
    expect(coop.lines[0]!.text).toBe('XX县供销社机关党支部2023年上半年党建工作总结');
    const branch = clean(await decodeSample('2023年支部工作总结.txt'));
    expect(texts(branch.lines).filter((t) => t.includes('某某')).length).toBeGreaterThanOrEqual(2);
    expect(texts(branch.lines).filter((t) => t.includes('XXX')).length).toBeGreaterThanOrEqual(2);
  });
});

describe('clean: nothing of the body is lost in the samples', () => {
  for (const name of SAMPLES) {
    it(`keeps the CJK text of ${name}`, async () => {
      const decoded = await decodeSample(name);
      const out = clean(decoded);
      const before = cjkOf(decoded.lines);
      const after = cjkOf(out.lines);
      const removedCjk = cjkCount(out.removed.map((r) => r.text).join(''));
      // Whatever is gone is listed in `removed`.
      expect(before - after).toBe(removedCjk);
      if (name.startsWith('2020')) {
        expect(out.removed.map((r) => r.kind)).toEqual(['advert']);
        expect(after / before).toBeGreaterThan(0.97);
      } else {
        expect(out.removed.every((r) => r.kind === 'paid-marker')).toBe(true);
        expect(after / before).toBeGreaterThanOrEqual(0.98);
      }
      expect(out.lines.every((l) => l.text !== '' && l.text === l.text.trim())).toBe(true);
      expect(out.lines.some((l) => /paid(begin|end)/i.test(l.text))).toBe(false);
    });
  }
});
