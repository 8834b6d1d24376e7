// Compilations (one downloaded file, several summaries) through the real clean stage and the
// whole pure pipeline: one document per summary with its own metadata, ids stable and distinct.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { splitCompilation } from '../../ingest/compilation.js';
import { processFile } from '../../ingest/process-file.js';
import { sha256 } from '../../src/core/ids.js';
import { cleanDocOf } from '../helpers/clean-doc.js';

const FILE = 'debris/社区党建工作总结 合集 gb18030.txt';
const bytes = readFileSync(new URL(`../fixtures/${FILE}`, import.meta.url));

describe('splitCompilation', () => {
  it('cuts a 篇1/篇2/篇3 file into its summaries; the compilation title and part headers are no text', async () => {
    const { documents, removed } = await processFile({ relPath: FILE, bytes }, '2026-01-01T00:00:00.000Z');
    expect(documents.map((d) => d.meta)).toMatchObject([
      { title: 'XX社区党委2023年上半年党建工作总结', year: 2023, period: '上半年', orgType: '村社区', orgName: 'XX社区党委' },
      // 20xx is a template's placeholder: the year is unknown, not guessed; 我镇/全镇 make it a town.
      { title: '___镇党委20xx年度党建工作总结', year: null, period: '全年', orgType: '乡镇街道' },
      { title: 'XX街道新华社区党支部2022年第四季度工作情况', year: 2022, period: '第四季度', orgType: '村社区' },
    ]);
    expect(removed.filter((r) => r.kind === 'compilation').map((r) => [r.rule, r.text, r.line])).toEqual([
      ['合集标题', '2023社区党建工作总结5篇', 1],
      ['合集分篇标题', '2023社区党建工作总结篇1', 2],
      ['合集分篇标题', '2023社区党建工作总结篇2', 7],
      ['合集分篇标题', '2023社区党建工作总结篇3', 12],
    ]);
    for (const d of documents) {
      const all = [d.blobs.cleanedText, ...d.sections.map((s) => `${s.heading}\n${s.text}`)].join('\n');
      expect(all).not.toContain('篇1');
      expect(all).not.toContain('5篇');
    }
    // The placeholders of other sites stay text.
    expect(documents[1]!.blobs.cleanedText).toContain('**社区和(*,***)村被评为先进党组织');
  });

  it('gives each part an id from the file hash and its position, and every part the same original file', async () => {
    const a = await processFile({ relPath: FILE, bytes });
    const b = await processFile({ relPath: `copy/${FILE}`, bytes });
    const hash = sha256(bytes);
    const ids = a.documents.map((d) => d.document.docId);
    expect(ids).toEqual([1, 2, 3].map((i) => sha256(Buffer.from(`${hash}#${i}`)).slice(0, 16)));
    expect(new Set(ids).size).toBe(3);
    expect(ids).not.toContain(hash.slice(0, 16));
    expect(b.documents.map((d) => d.document.docId)).toEqual(ids);
    for (const [i, d] of a.documents.entries()) {
      expect(d.document).toMatchObject({
        part: i + 1,
        partCount: 3,
        partDocIds: ids,
        compilationTitle: '2023社区党建工作总结5篇',
        sha256: hash,
        sourceFile: FILE,
      });
      // Every part serves the same original file (stored once, by its hash).
      expect(d.blobs.original.equals(bytes)).toBe(true);
      expect(d.sections.every((s) => s.docId === ids[i] && s.id.startsWith(`${ids[i]}-`))).toBe(true);
    }
    expect(a.documents.map((d) => d.document.partSourceLine)).toEqual([2, 7, 12]);
  });

  it('knows 第1篇 headers with the title on the same line', () => {
    const c = splitCompilation(
      cleanDocOf(
        [
          '乡镇党建工作总结（精选2篇）',
          '第1篇：XX镇党委2021年党建工作总结',
          '2021年，XX镇党委坚持以党建引领乡村振兴，全镇32个村党组织全部完成标准化建设，现总结如下。',
          '第2篇：XX乡党委2022年上半年党建工作总结',
          '2022年上半年，我乡党委以“三会一课”为抓手，全面提升基层党组织组织力，现将工作总结如下。',
        ].join('\n'),
      ),
    );
    expect(c?.parts.map((p) => p.doc.lines.map((l) => l.text))).toEqual([
      ['XX镇党委2021年党建工作总结', '2021年，XX镇党委坚持以党建引领乡村振兴，全镇32个村党组织全部完成标准化建设，现总结如下。'],
      ['XX乡党委2022年上半年党建工作总结', '2022年上半年，我乡党委以“三会一课”为抓手，全面提升基层党组织组织力，现将工作总结如下。'],
    ]);
    expect(c?.title).toBe('乡镇党建工作总结（精选2篇）');
  });

  it('knows 【篇一】 headers after a site preface, in traditional script too', () => {
    const c = splitCompilation(
      cleanDocOf(
        [
          '村黨支部工作總結範文三篇',
          '以下是小編為大家整理的村黨支部工作總結，希望對大家有所幫助。',
          '【篇一】XX村黨支部2023年工作總結',
          '2023年，我村黨支部圍繞鄉村振興抓黨建，全村黨員積極參與人居環境整治，成效明顯。',
          '【篇二】XX村黨支部2022年工作總結',
          '2022年，我村黨支部堅持“四議兩公開”，村級重大事項全部經村民代表會議決定，群眾滿意。',
          '【篇三】XX村黨支部2021年上半年工作總結',
          '2021年上半年，我村黨支部開展黨史學習教育，組織黨員集中學習十二次，為群眾辦實事二十件。',
        ].join('\n'),
      ),
    );
    expect(c?.parts.map((p) => p.doc.lines[0]!.text)).toEqual(['XX村黨支部2023年工作總結', 'XX村黨支部2022年工作總結', 'XX村黨支部2021年上半年工作總結']);
    expect(c?.title).toBe('村黨支部工作總結範文三篇');
  });

  it('leaves ordinary documents whole: one part, a sentence mentioning 篇, short numbered items', () => {
    const single = cleanDocOf('XX局2023年工作总结\n一、主要工作\n全年撰写信息简报100余篇，其中被市级采用20篇1次。');
    expect(splitCompilation(single)).toBeNull();
    const items = cleanDocOf('XX局学习篇目汇编\n第1篇\n党章\n第2篇\n准则');
    expect(splitCompilation(items)).toBeNull();
    const chapters = cleanDocOf(
      'XX公司党委2023年工作报告\n第一篇 回顾\n过去一年公司党委坚持党建引领，推动生产经营取得新成效，营业收入增长12%。\n第二篇 展望\n新的一年公司党委将持续深化改革，推动高质量发展再上新台阶，确保全年目标完成。',
    );
    expect(splitCompilation(chapters)).toBeNull();
  });
});
