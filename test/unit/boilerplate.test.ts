// Boilerplate learned from the archive (ingest/boilerplate.ts) and kept between runs
// (boilerplate-store.ts): a chrome-shaped line at the edges of ≥3 different files is learned,
// whatever its words; the lines a summary itself repeats across files never are.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { edgeCandidates, isChromeShaped, learnBoilerplate, lineKey } from '../../ingest/boilerplate.js';
import { BOILERPLATE_FILE, BoilerplateStore } from '../../ingest/boilerplate-store.js';

const file = (...lines: string[]) => edgeCandidates(lines);

describe('boilerplate', () => {
  it('learns a tagline at the head or foot of three files, not of two, and compares across scripts and punctuation', () => {
    const a = file('学习强国范文站——公文好帮手', 'XX乡党委2023年工作总结', '一、主要工作', '开展学习', '召开会议', '走访群众');
    const b = file('學習強國範文站 — 公文好幫手', 'XX局2023年工作总结', '开展学习。');
    const c = file('XX村2023年工作总结', '开展学习。', '召开会议。', '学习强国范文站:公文好帮手');
    expect(learnBoilerplate([a, b])).toEqual([]);
    expect(learnBoilerplate([a, b, c]).map((l) => [l.key, l.files])).toEqual([[lineKey('学习强国范文站公文好帮手'), 3]]);
  });

  it('never takes titles, headings, sentences, units, dates or very short or long lines as chrome', () => {
    const never = [
      'XX社区党委2023年党建工作总结',
      '一、主要工作',
      '（一）加强学习',
      '现将有关情况总结如下。',
      '现将有关情况报告如下：',
      '中共XX县财政局党组',
      'XX中学党总支',
      'XX街道党工委',
      '2023年12月28日',
      '二〇二三年十二月',
      '党建',
      '这是一行很长很长的文字，超过了站点标语通常的长度，不会被当作站点标语对待，无论它出现在多少个文件里',
    ];
    for (const line of never) expect(isChromeShaped(line), line).toBe(false);
    for (const line of ['笔杆子之家 · 专注公文写作', '写材料，就上笔杆子之家', '更多精彩尽在某某网！', 'www.example-fanwen.cn 公文频道']) {
      expect(isChromeShaped(line), line).toBe(true);
    }
  });

  it('looks only at the first and last three non-empty lines', () => {
    const lines = ['标题XX工作总结', '', '甲', '乙', '丙', '中间的站点标语行', '丁', '戊', '己'];
    expect(edgeCandidates(lines).map((l) => l.text)).not.toContain('中间的站点标语行');
  });

  it('keeps candidates between runs under DATA_DIR, one vote per distinct content, and survives a damaged file', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'dj-boilerplate-'));
    try {
      const tag = file('笔杆子之家 · 专注公文写作', 'XX工作总结');
      const first = BoilerplateStore.open(dir);
      first.set('a.txt', 'h1', tag);
      first.set('b.txt', 'h2', tag);
      first.set('copy-of-b.txt', 'h2', tag); // the same content twice is one file
      first.save();
      const second = BoilerplateStore.open(dir);
      expect(second.learned()).toEqual([]);
      second.set('c.txt', 'h3', tag); // an incremental run with one new file
      expect(second.learned().map((l) => l.text)).toEqual(['笔杆子之家 · 专注公文写作']);
      second.delete('c.txt');
      expect(second.learned()).toEqual([]);
      writeFileSync(path.join(dir, BOILERPLATE_FILE), '{ not json');
      expect(BoilerplateStore.open(dir).learned()).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
