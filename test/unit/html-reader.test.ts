// The web page readers (ingest/readers/html.ts, mht.ts): the article only — the page's navigation,
// byline, related links, footer, scripts and styles gone — with its paragraphs and heading levels,
// in the page's declared charset; text files holding markup go the same way (via the sniffer).
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readDocument } from '../../ingest/readers/index.js';
import { htmlToLines, readHtml } from '../../ingest/readers/html.js';
import { readMht } from '../../ingest/readers/mht.js';
import { COUNTY_PAGE_HTML, FANWEN_ARTICLE, FANWEN_PAGE_HTML, fanwenMhtBytes, fanwenPageBytes } from '../fixtures/web-fixtures.js';

const A = FANWEN_ARTICLE;
/** The 范文 page's article as the reader must give it: title, paragraphs, h2/h3 levels. */
const FANWEN_LINES = [
  { text: A.title },
  { text: A.paragraphs[0] },
  { text: A.headings[0], styleLevel: 2 },
  { text: A.paragraphs[1] },
  { text: A.headings[1], styleLevel: 2 },
  { text: A.headings[2], styleLevel: 3 },
  { text: A.paragraphs[2] },
  { text: A.headings[3], styleLevel: 3 },
  { text: A.paragraphs[3] },
  { text: A.headings[4], styleLevel: 2 },
  { text: A.paragraphs[4] },
];
/** Words of the page furniture: none may reach the text. */
const CHROME = ['登录', '开通VIP', '首页', '当前位置', '作者：佚名', '阅读：', '2871', '上一篇', '相关文章', '热门推荐', '述职报告范文', 'Copyright', '版权所有', 'ICP', '统计代码', '_hmt', 'color:#333', '第1页'];

const joined = (lines: { text: string }[]) => lines.map((l) => l.text).join('\n');

describe('html reader', () => {
  it('a 范文 site page declared gb2312: the article with its headings, nothing of the page around it', async () => {
    const doc = await readHtml(fanwenPageBytes());
    expect(doc.format).toBe('html');
    expect(doc.encoding).toBe('GB18030');
    expect(doc.lines).toEqual(FANWEN_LINES);
    for (const c of CHROME) expect(joined(doc.lines), c).not.toContain(c);
  });

  it('a county site page in UTF-8: header, breadcrumbs, byline, share buttons, sidebar and footer go', async () => {
    const doc = await readHtml(Buffer.from(COUNTY_PAGE_HTML));
    expect(doc.encoding).toBe('UTF-8');
    expect(doc.lines.map((l) => l.text)).toEqual([
      'XX县财政局机关党委2024年度党建工作总结',
      '2024年，局机关党委坚持以党的政治建设为统领，认真落实全面从严治党主体责任，机关党建工作取得新成效。',
      '一、加强政治建设',
      '局党组全年召开会议研究党建工作10次，开展“第一议题”学习24次，局领导班子成员讲党课8次。',
      '二、规范组织生活',
      '严格落实“三会一课”、主题党日、谈心谈话等制度，全年开展主题党日活动12次，党员参与率100%。',
      '三、存在的问题和下步打算',
      '个别党支部党建与业务融合不够紧密，下步将以“清廉机关”建设为抓手，推动机关党建提质增效。',
    ]);
    for (const c of ['政务公开', '您的位置', '发布时间', '浏览次数', '字体', '分享到', '打印本页', '相关链接', '县纪委监委', '主办单位', '公网安备', 'jquery']) {
      expect(joined(doc.lines), c).not.toContain(c);
    }
  });

  it('takes the headline, not a site logo that is an <h1> too', async () => {
    const page = FANWEN_PAGE_HTML.replace('<div id="top">', '<div id="top"><h1 class="logo">某某范文网</h1>');
    expect((await readHtml(iconv.encode(page, 'gbk'))).lines[0]).toEqual({ text: A.title });
  });

  it('a GBK page without any charset declaration is decoded by the text detection', async () => {
    const page = FANWEN_PAGE_HTML.replace(/<meta http-equiv="Content-Type"[^>]*>/, '');
    const doc = await readHtml(iconv.encode(page, 'gbk'));
    expect(doc.encoding).toBe('GB18030');
    expect(doc.lines).toEqual(FANWEN_LINES);
  });

  it('a fragment keeps every paragraph and the text file’s own line ends; entities are decoded', () => {
    expect(htmlToLines('<p class="ql-block">XX社区党委2022年党建工作总结</p><p class="ql-block">&nbsp;</p><p class="ql-block">一、主要工作&ldquo;三会一课&rdquo;</p>')).toEqual([
      { text: 'XX社区党委2022年党建工作总结' },
      { text: '一、主要工作“三会一课”' },
    ]);
    expect(htmlToLines('一、主要工作&nbsp;\n开展学习&amp;研讨\n<b>二、</b>存在问题')).toEqual([
      { text: '一、主要工作' },
      { text: '开展学习&研讨' },
      { text: '二、存在问题' },
    ]);
    // XML markup: unknown elements end lines like blocks.
    expect(htmlToLines('<w:p><w:r><w:t>一、主要工作</w:t></w:r></w:p><w:p><w:r><w:t>开展学习</w:t></w:r></w:p>')).toEqual([
      { text: '一、主要工作' },
      { text: '开展学习' },
    ]);
  });

  it('a .txt holding markup is read by the HTML reader (chosen by its bytes)', async () => {
    const bytes = iconv.encode('<p class="ql-block">XX社区党委2022年党建工作总结</p>\r\n<p class="ql-block">2022年，社区党委坚持&nbsp;党建引领。</p>', 'gb18030');
    const doc = await readDocument({ relPath: '社区.txt', bytes });
    expect(doc.format).toBe('html');
    expect(doc.lines.map((l) => l.text)).toEqual(['XX社区党委2022年党建工作总结', '2022年，社区党委坚持 党建引领。']);
  });

  it('a page with nothing readable is refused with a reason', async () => {
    await expect(readHtml(Buffer.from('<html><head><title></title><script>x()</script></head><body><script>y()</script><style>p{}</style></body></html>'))).rejects.toThrow(
      '网页中没有正文',
    );
  });
});

describe('mht reader', () => {
  it('a page saved as one file (quoted-printable gb2312): the same article as the .html', async () => {
    const doc = await readMht(fanwenMhtBytes());
    expect(doc.format).toBe('mht');
    expect(doc.lines).toEqual(FANWEN_LINES);
    const viaSniff = await readDocument({ relPath: '网页.mht', bytes: fanwenMhtBytes() });
    expect(viaSniff.lines).toEqual(FANWEN_LINES);
  });

  it('a page part without a declared charset is decoded by its <meta charset> (GBK)', async () => {
    const html = iconv.encode(`<html><head><meta charset="gbk"><title>${A.title}</title></head><body><h1>${A.title}</h1><p>${A.paragraphs[1]}</p></body></html>`, 'gbk');
    const bytes = Buffer.from(
      `MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\n${html.toString('base64')}\r\n--b--\r\n`,
      'latin1',
    );
    expect((await readMht(bytes)).lines).toEqual([{ text: A.title }, { text: A.paragraphs[1] }]);
  });

  it('an archive with no page in it is refused', async () => {
    const bytes = Buffer.from('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="b"\r\n\r\n--b\r\nContent-Type: image/gif\r\nContent-Transfer-Encoding: base64\r\n\r\nR0lGODlhAQABAAAAACw=\r\n--b--\r\n');
    await expect(readMht(bytes)).rejects.toThrow('网页存档（MHT）中没有网页正文');
  });
});
