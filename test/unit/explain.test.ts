// --explain's report of one file: every removal with its line, kind/rule and text.
import { describe, expect, it } from 'vitest';
import { explainRemovals } from '../../ingest/explain.js';
import { cleanDocOf } from '../helpers/clean-doc.js';

describe('explainRemovals', () => {
  it('lists each removal of the real clean stage with line, kind and rule, line breaks shown', () => {
    const out = cleanDocOf(['网站首页 > 工作总结', 'XX局2023年工作总结', '开展学习……此处隐藏955个字……12次。', '', '关注公众号 获取更多资料', '扫码加入会员群'].join('\n'));
    expect(explainRemovals(out.removed)).toEqual([
      '  将移除 3 处：',
      '  第   1 行  网站框架/导航栏  「网站首页 > 工作总结」',
      '  第   3 行  截断提示/省略字数提示  「……此处隐藏955个字……」',
      '  第   5 行  广告/广告块  「关注公众号 获取更多资料 ⏎ 扫码加入会员群」',
    ]);
  });

  it('places what a paged reader removed (an OFD folio) on its page', () => {
    expect(explainRemovals([{ kind: 'page-furniture', rule: 'OFD 页码', text: '— 2 —', page: 2 }])).toEqual(['  将移除 1 处：', '  第   2 页  页眉页脚/OFD 页码  「— 2 —」']);
  });

  it('says when there is nothing to remove', () => {
    expect(explainRemovals(cleanDocOf('XX局2023年工作总结\n全年开展学习12次。').removed)).toEqual(['  没有要移除的内容']);
  });
});
