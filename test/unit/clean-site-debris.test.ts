// The clean stage on debris of sites the rules were not written from (issue 21): each fixture file
// through the real decode and clean stages (the tagline files with the lines an ingest run learns
// from them), pinned line for line, plus variants no fixture holds — other emoji, other tag styles,
// other counters, notices and taglines, simplified and traditional. The oracle of issue 12 holds
// for every input: each CJK character is kept or in a reported removal.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { edgeCandidates, learnBoilerplate } from '../../ingest/boilerplate.js';
import { clean } from '../../ingest/clean.js';
import { decode } from '../../ingest/decode.js';
import type { CleanDoc, DecodedDoc } from '../../ingest/types.js';
import { SITE_DEBRIS_FIXTURES, HARD_WRAP_PARAGRAPHS, HARD_WRAP_TITLE, hardWrap } from '../fixtures/site-debris-fixtures.js';
import { cleanDocOf } from '../helpers/clean-doc.js';

const FIXTURES = new URL('../fixtures/', import.meta.url);

async function decodeFixture(name: string): Promise<DecodedDoc> {
  const file = SITE_DEBRIS_FIXTURES.find((f) => f.file.includes(name))!.file;
  return decode({ relPath: file, bytes: readFileSync(new URL(file, FIXTURES)) });
}
async function cleanFixture(name: string, boilerplate?: Set<string>): Promise<{ decoded: DecodedDoc; out: CleanDoc }> {
  const decoded = await decodeFixture(name);
  return { decoded, out: clean(decoded, boilerplate ? { boilerplate } : {}) };
}

const texts = (d: CleanDoc) => d.lines.map((l) => l.text);
const removed = (d: CleanDoc) => d.removed.map((r) => [r.rule, r.text]);
const cjk = (s: string) => (s.match(/\p{Script=Han}/gu) ?? []).length;

function expectNothingLostSilently(decoded: DecodedDoc, out: CleanDoc): void {
  const input = cjk(decoded.lines.map((l) => l.text).join(''));
  expect(cjk(texts(out).join('')) + cjk(out.removed.map((r) => r.text).join(''))).toBe(input);
}

describe('emoji and invisible characters', () => {
  it('fixture: every pictograph, joiner, modifier, flag, zero-width, bidi and private-use character goes and the text joins', async () => {
    const { decoded, out } = await cleanFixture('表情符号');
    expect(texts(out)).toEqual([
      'XX社区党委2023年党建工作总结',
      '2023年，XX社区党委坚持以党的政治建设为统领，推动党建引领基层治理走深走实。',
      '一、强化政治引领',
      '社区党委全年召开理论学习中心组学习会12次，组织党员开展“学习强国”线上学习，人均积分达到1.2万分。',
      '二、深化“红色网格”建设',
      '全社区划分网格18个，党员认领网格责任岗56个，为居民办实事132件，服务热线12345全年受理诉求300件。',
      '三、存在问题和下步打算',
      // The spaces that only framed the flag go with it.
      '个别党员参与社区活动不够积极，下一步将以“党建+物业”为抓手推动社区治理提质增效。',
    ]);
    expect(removed(out)).toEqual([
      ['表情符号', '🌟'], ['表情符号', '🌟'], ['表情符号', '👻'], ['不可见字符', 'U+200B'], ['表情符号', '💪'], ['表情符号', '🔥'],
      ['表情符号', '👍🏽'], ['私用区字符', 'U+E600'], ['表情符号', '👨U+200D👩U+200D👧U+200D👦'], ['表情符号', '❤U+FE0F'], ['表情符号', '✅'],
      ['不可见字符', 'U+202A'], ['不可见字符', 'U+202C'], ['表情符号', '🇨🇳'],
    ]);
    expectNothingLostSilently(decoded, out);
  });

  it('variants: newer emoji, keycaps, traditional script, Latin neighbours keep one space, © ® ™ stay', () => {
    const out = cleanDocOf(
      [
        'XX鎮黨委2024年工作總結📌',
        '堅持黨建引領🫡，推動鄉村振興🎉取得新成效⭐️。',
        '组织党员使用APP 📱 学习，开展1️⃣对1帮扶。',
        '荣获“XX®先进集体”称号，品牌“红色驿站™”入选典型案例。',
        '推进\u2066数字\u2069党建，建成\u200c智慧\u200d平台\ufeff。',
      ].join('\n'),
    );
    expect(texts(out)).toEqual([
      'XX鎮黨委2024年工作總結',
      '堅持黨建引領，推動鄉村振興取得新成效。',
      '组织党员使用APP 学习，开展1对1帮扶。',
      '荣获“XX®先进集体”称号，品牌“红色驿站™”入选典型案例。',
      '推进数字党建，建成智慧平台。',
    ]);
    expect(out.removed.every((r) => r.kind === 'stray-char')).toBe(true);
    expect(out.removed.filter((r) => r.rule === '表情符号').map((r) => r.text)).toEqual(['📌', '🫡', '🎉', '⭐U+FE0F', '📱']);
  });
});

describe('markup in text files (read by the HTML reader)', () => {
  it('fixture: <p class="ql-block"> paragraphs and entities become the title, headings and sentences', async () => {
    const { decoded, out } = await cleanFixture('文本含网页标记');
    expect(decoded.format).toBe('html');
    expect(texts(out)).toEqual([
      'XX社区党委2022年党建工作总结',
      '2022年，XX社区党委坚持以党建引领基层治理，现将有关情况总结如下。',
      '一、夯实基层组织',
      '完成社区“两委”换届，开展“红色物业”建设，成立小区党支部6个。',
      '二、服务居民群众',
      '组织党员志愿者开展入户走访1200户次，解决居民“急难愁盼”问题85件。',
    ]);
    expect(out.removed).toEqual([]);
  });

  it('fixture (GB18030): upper-case tags, <BR> and &#12288; indents of an old editor', async () => {
    const { decoded, out } = await cleanFixture('旧式标记');
    expect(decoded.format).toBe('html');
    expect(texts(out)).toEqual([
      'XX镇机关党支部2023年工作总结',
      '2023年，镇机关党支部在镇党委的领导下，认真落实“三会一课”制度。',
      '一、加强理论学习',
      '全年开展集中学习24次，撰写心得体会96篇。',
      '二、规范组织生活',
      '召开支部党员大会6次、支委会12次。',
    ]);
  });

  it('variant: a WeChat editor’s <section>/<span> markup with <br/> lines', async () => {
    const html =
      '<section style="margin:0"><span style="font-size:18px"><strong>XX公司党支部2023年工作总结</strong></span></section>' +
      '<section><span>2023年，公司党支部坚持“党建+生产”工作法。</span><br/><span>一、</span><span>强化政治引领</span><br/><span>全年开展主题党日12次。</span></section>';
    const decoded = await decode({ relPath: '公众号.txt', bytes: Buffer.from(html) });
    expect(texts(clean(decoded))).toEqual(['XX公司党支部2023年工作总结', '2023年，公司党支部坚持“党建+生产”工作法。', '一、强化政治引领', '全年开展主题党日12次。']);
  });
});

describe('preview pages: families of chrome, any numbers, simplified and traditional', () => {
  it('fixture (traditional): page-numbered titles, reading counter, 文檔簡介, 下載本文檔, 版權說明 all go', async () => {
    const { decoded, out } = await cleanFixture('預覽頁');
    expect(texts(out)).toEqual([
      'XX縣稅務局黨委2023年度黨建工作總結',
      '2023年，縣稅務局黨委堅持以黨的政治建設為統領，全面落實從嚴治黨主體責任，現將全年工作總結如下。',
      '一、加強政治建設',
      '局黨委全年召開理論學習中心組學習會12次，開展專題研討4次。',
      '二、推進清廉機關建設',
      '開展警示教育3次，簽訂廉政承諾書126份。',
    ]);
    expect(removed(out)).toEqual([
      ['页面标题页码', '_第1頁'],
      ['阅读进度', '已閱讀2頁,還剩3頁未讀, 繼續免費閱讀'],
      ['下载与会员提示', '文檔簡介'],
      ['下载与会员提示', '下載本文檔'],
      ['页面标题页码', '_第2頁'],
      ['分页重复标题', 'XX縣稅務局黨委2023年度黨建工作總結'],
      ['声明版权', '版權說明:本文檔由用戶提供並上傳,收益歸屬內容提供方,若內容存在侵權,請進行舉報或認領'],
    ]);
    // "還剩3頁未讀": the preview stopped; the document says it is incomplete.
    expect(out.truncations).toHaveLength(1);
    expectNothingLostSilently(decoded, out);
  });

  it('fixture (another site, GB18030): counters, page position, VIP prompt, refund and report notes', async () => {
    const { decoded, out } = await cleanFixture('预览页计数');
    expect(texts(out)).toEqual([
      'XX中学党总支2024年上半年工作总结',
      '2024年上半年，学校党总支坚持立德树人根本任务，推动党建工作与教育教学深度融合。',
      '一、加强思想政治引领',
      '组织教师党员开展专题学习10次，评选“党员示范岗”8个。',
      '二、下半年工作打算',
      '深化“一支部一品牌”创建，推动党建带团建、队建。',
    ]);
    expect(out.removed.map((r) => r.rule)).toEqual(['页面标题页码', '计数器', '篇幅说明', '平台须知', '页面标题页码', '分页重复标题', '平台须知', '声明版权']);
    expectNothingLostSilently(decoded, out);
  });

  it('variants: other counters and prompts with other numbers', () => {
    const chrome = [
      '已读3页，剩余5页，点击下载',
      '还剩12页未读，继续阅读全文',
      '阅读量：1.2w 收藏：36',
      '2.6万人阅读 · 358人下载',
      '下載次數：12 | 格式：DOC',
      '立即下载Word版（含批注）',
      '开通超级会员，享全站文档免费下载',
      '内容简介',
    ];
    const out = cleanDocOf(['XX支部2024年工作总结｜第3页｜某某文库', ...chrome, '一、主要工作', '全年开展学习12次，阅读书目8本。'].join('\n'));
    expect(texts(out)).toEqual(['XX支部2024年工作总结', '一、主要工作', '全年开展学习12次，阅读书目8本。']);
    expect(out.removed.filter((r) => r.rule === '页面标题页码').map((r) => r.text)).toEqual(['｜第3页']);
  });

  it('keeps body sentences that use the same words', () => {
    const body = [
      'XX公司客服中心党支部2023年工作总结',
      '全年阅读量达到人均12本，下载“学习强国”学习资料36份。',
      '客服中心党支部积极反馈群众诉求，联系服务企业56家。',
      '受理信访举报15件，全部办结反馈。',
      '工会依法维护会员权益，发展会员单位12家。',
      '全年完成文档电子化归档3200份。',
      '第2页的表格列出了各支部的得分。',
    ];
    const out = cleanDocOf(body.join('\n'));
    expect(texts(out)).toEqual(body);
    expect(out.removed).toEqual([]);
  });
});

describe('numbered platform notices are never headings', () => {
  it('fixture: the 合集下载 page’s notices go, the summary’s own numbered items stay', async () => {
    const { decoded, out } = await cleanFixture('平台须知');
    expect(texts(out)).toEqual([
      'XX村党支部2023年度工作总结',
      '2023年，我村党支部在镇党委的坚强领导下，围绕乡村振兴抓党建，各项工作取得新成效。',
      '一、加强党员教育',
      '1、组织党员下载“学习强国”APP，开展每日学习，党员参学率达到100%。',
      '2、开展主题党日活动12次，平台积分排名全镇第一。',
      '二、存在问题',
      '个别党员年龄偏大，参与活动不够积极。',
    ]);
    expect(out.removed.map((r) => r.rule)).toEqual(['下载与会员提示', '平台须知', '平台须知', '平台须知']);
    expectNothingLostSilently(decoded, out);
  });

  it('variant: another platform’s seven notices (an item without a strong word goes with its list), and in traditional script', () => {
    const notices = [
      '1. 本站所有资源如无特殊说明，都需要本地电脑安装OFFICE2007和PDF阅读器。',
      '2. 本站的文档不包含任何第三方提供的附件图纸等，如果需要附件，请联系上传者。',
      '3. 本站RAR压缩包中若带图纸，网页内容里面会有图纸预览，若没有图纸预览就没有图纸。',
      '4. 未经权益所有人同意不得将文件中的内容挪作商业或盈利用途。',
      '5. 某某文库网仅提供信息存储空间，仅对用户上传内容的表现方式做保护处理，对用户上传分享的文档内容本身不做任何修改或编辑。',
      '6. 下载文件中如有侵权或不适当内容，请与我们联系，我们立即纠正。',
      '7. 本站不保证下载资源的准确性、安全性和完整性, 同时也不承担用户因使用这些下载资源对自己和他人造成任何形式的伤害或损失。',
    ];
    const traditional = ['1、下載文檔前請自行甄別文檔內容的完整性，平台不提供額外的編輯服務。', '2、如文檔侵犯您的權益，請聯繫客服反饋。'];
    const body = ['XX局机关党委2023年工作总结', '一、主要工作', '1. 开展集中学习24次。', '2. 召开支部党员大会6次。'];
    const out = cleanDocOf([body[0]!, ...notices, body[1]!, body[2]!, body[3]!, ...traditional].join('\n'));
    expect(texts(out)).toEqual(body);
    expect(out.removed.filter((r) => r.rule === '平台须知')).toHaveLength(9);
  });
});

describe('boilerplate learned from the archive', () => {
  const names = ['站点标语 中学', '站点标语 医院', '站点标语 村'];

  it('fixtures: the tagline at the head and foot of three different files is learned (simplified and traditional alike) and removed there', async () => {
    const decoded = await Promise.all(names.map(decodeFixture));
    const learned = learnBoilerplate(decoded.map((d) => edgeCandidates(d.lines.map((l) => l.text))));
    expect(learned.map((l) => [l.text, l.files])).toEqual([
      ['写材料，就上笔杆子之家', 3],
      ['笔杆子之家 · 专注公文写作', 3],
    ]);
    const keys = new Set(learned.map((l) => l.key));
    const school = await cleanFixture(names[0]!, keys);
    expect(texts(school.out)).toEqual([
      'XX中学党总支2023年党建工作总结',
      // A stock sentence of the genre in every file is no chrome; nor are the unit's name and the date.
      '现将有关情况总结如下。',
      '2023年，学校党总支坚持以党建引领学校发展，全体党员积极投身教育教学改革。',
      '一、主要工作',
      '开展“党员先锋岗”创建活动，评选优秀党员教师12名。',
      'XX中学党总支',
      '2023年12月28日',
    ]);
    expect(removed(school.out)).toEqual([
      ['跨文件站点标语', '笔杆子之家 · 专注公文写作'],
      ['跨文件站点标语', '写材料，就上笔杆子之家'],
    ]);
    const village = await cleanFixture(names[2]!, keys);
    expect(texts(village.out)[0]).toBe('XX村黨支部2023年度工作總結');
    expect(removed(village.out)).toEqual([
      ['跨文件站点标语', '筆桿子之家 · 專注公文寫作'],
      ['跨文件站点标语', '寫材料，就上筆桿子之家'],
    ]);
    expectNothingLostSilently(village.decoded, village.out);
  });

  it('a learned line inside the body stays (only heads and feet are chrome)', () => {
    const keys = new Set(['笔杆子之家专注公文写作']);
    const doc = ['XX支部2023年工作总结', '开展学习', '组织参观', '笔杆子之家 · 专注公文写作', '召开会议', '走访群众', '总结经验'].join('\n');
    expect(texts(clean({ format: 'txt', encoding: 'UTF-8', lines: doc.split('\n').map((text) => ({ text })) }, { boilerplate: keys }))).toContain(
      '笔杆子之家 · 专注公文写作',
    );
  });
});

describe('masked words are not guessed', () => {
  it('fixtures: the masked text stays as it stands', async () => {
    for (const name of ['屏蔽字 utf8', '屏蔽字 繁體']) {
      const { decoded, out } = await cleanFixture(name);
      expect(texts(out)).toEqual(decoded.lines.map((l) => l.text));
      expect(out.removed).toEqual([]);
    }
  });
});

describe('hard-wrapped lines', () => {
  it('fixture: lines cut at 44 columns are paragraphs again; the title and headings keep their lines', async () => {
    const { decoded, out } = await cleanFixture('固定宽度换行');
    expect(decoded.lines.length).toBeGreaterThan(HARD_WRAP_PARAGRAPHS.length + 4);
    expect(texts(out)).toEqual([HARD_WRAP_TITLE, ...HARD_WRAP_PARAGRAPHS]);
    expect(out.removed.every((r) => r.rule === '硬换行接合')).toBe(true);
    expectNothingLostSilently(decoded, out);
  });

  it('variant: GB18030-width 60 with a numbered list whose items keep their lines', () => {
    const para = '全年共开展主题党日活动12次，组织党员志愿服务30余次，为群众办实事好事56件，党员先锋模范作用得到充分发挥，群众满意度进一步提升，基层党组织的凝聚力和战斗力不断增强。';
    const items = ['1.完善“三会一课”制度，落实组织生活会和民主评议党员制度，规范党费收缴。', '2.加强阵地建设，建成党员活动室2个、党建文化长廊1处。'];
    const lines = ['XX公司党委2023年工作总结', ...hardWrap(para, 60), ...items.flatMap((i) => hardWrap(i, 60))];
    const out = cleanDocOf(lines.join('\n'));
    expect(texts(out)).toEqual(['XX公司党委2023年工作总结', para, ...items]);
  });
});
