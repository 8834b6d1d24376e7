// Hard-wrap detection and joining (ingest/rewrap.ts): a file whose lines reach one display width
// without ending sentences is joined back into paragraphs; anything else is left alone. Checked
// against an oracle: any paragraph cut by hardWrap at any width is found whole again.
import { describe, expect, it } from 'vitest';
import { displayWidth, hardWrapRuns, joinPieces, wrapWidth } from '../../ingest/rewrap.js';
import { hardWrap } from '../fixtures/site-debris-fixtures.js';

const PARAS = [
  '2023年，院机关党委坚持以党建引领审判工作，推动党建与业务深度融合，开展“党员法官进网格”活动，化解矛盾纠纷326件，群众满意度达到98.6%。',
  '坚持“三会一课”制度，全年开展集中学习24次，党员干警撰写学习心得112篇，评选“党员示范岗”10个，形成比学赶超的良好氛围，队伍建设成效明显。',
  '持续深化“党建+审判”融合，推动党建工作与执法办案同频共振，以高质量党建引领保障审判执行工作高质量发展，为全县经济社会发展提供有力司法保障。',
];

/** Joins the runs the module finds: the texts a reader would hand on. */
function rejoin(lines: string[]): string[] {
  const runs = hardWrapRuns(lines);
  const start = new Map(runs.map((r) => [r[0]!, r]));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const run = start.get(i);
    if (!run) {
      out.push(lines[i]!);
      continue;
    }
    out.push(run.map((j) => lines[j]!).reduce(joinPieces));
    i = run[run.length - 1]!;
  }
  return out;
}

describe('rewrap', () => {
  it('counts a CJK character (and Chinese quotes) as two columns', () => {
    expect(displayWidth('党建ab“x”')).toBe(4 + 2 + 2 + 1 + 2);
  });

  it('oracle: paragraphs cut at any width from 30 to 60 columns (several lines each) are whole again; headings keep their lines', () => {
    for (let width = 30; width <= 60; width += 3) {
      const lines = ['XX县人民法院机关党委2023年党建工作总结', '一、党建引领基层治理', ...hardWrap(PARAS[0]!, width), '二、加强队伍建设', ...hardWrap(PARAS[1]!, width), ...hardWrap(PARAS[2]!, width)];
      expect(wrapWidth(lines), `width ${width}`).not.toBeNull();
      expect(rejoin(lines), `width ${width}`).toEqual(['XX县人民法院机关党委2023年党建工作总结', '一、党建引领基层治理', PARAS[0], '二、加强队伍建设', PARAS[1], PARAS[2]]);
    }
  });

  it('leaves a file alone whose paragraphs are whole lines, or whose short lines are a list', () => {
    expect(hardWrapRuns(['XX支部2023年工作总结', ...PARAS])).toEqual([]);
    const list = ['一、主要工作', '召开支部党员大会6次', '召开支委会12次', '开展主题党日12次', '讲党课4次', '发展党员2名', '走访群众200户'];
    expect(hardWrapRuns(list)).toEqual([]);
    // Lines of one width that end their sentences (a table of results, a poem) are not cut.
    const sentences = ['全年召开支部党员大会六次。', '全年召开支委会十二次。。', '全年开展主题党日十二次。', '全年讲党课四次，效果好。'];
    expect(hardWrapRuns(sentences)).toEqual([]);
  });

  it('keeps list items and styled headings on their own lines inside a wrapped file', () => {
    const lines = [...hardWrap(PARAS[0]!, 40), '1.完善制度', ...hardWrap(PARAS[1]!, 40)];
    const joined = rejoin(lines);
    expect(joined).toContain('1.完善制度');
    expect(joined).toContain(PARAS[0]);
    const styled = hardWrap(PARAS[2]!, 40);
    expect(hardWrapRuns(styled, (i) => i === 2).flat()).not.toContain(2);
  });

  it('joins Latin words with a space, CJK text without', () => {
    expect(joinPieces('推进Open', 'Source项目')).toBe('推进Open Source项目');
    expect(joinPieces('开展“党员法官进网格”活', '动，化解')).toBe('开展“党员法官进网格”活动，化解');
  });
});
