// The traditional spellings that mark a simplified query's words in traditional-script documents:
// each one read back by toSimplified, character by character, as the word (the oracle). And
// toSimplified's shortcut for text with nothing to convert, against OpenCC's converter itself.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Converter, Locale, type DictLike } from 'opencc-js';
import { describe, expect, it } from 'vitest';
import { mayChange, toSimplified, traditionalForms } from '../../src/core/text/simplify.js';

describe('traditionalForms', () => {
  it('spells a word of the genre in traditional script first', () => {
    expect(traditionalForms('党支部')[0]).toBe('黨支部');
    expect(traditionalForms('中国特色社会主义')[0]).toBe('中國特色社會主義');
    expect(traditionalForms('三会一课')[0]).toBe('三會一課');
  });

  it('gives every spelling a character has (发: 發 and 髮)', () => {
    expect(traditionalForms('头发')).toEqual(expect.arrayContaining(['頭發', '頭髮']));
  });

  it('gives only spellings that read back as the word, never the word itself, at most max', () => {
    for (const word of ['党风廉政建设', '主题党日', '发展', '干部', '里面', '后勤', '组织生活会', '两学一做']) {
      const forms = traditionalForms(word, 8);
      expect(forms.length, word).toBeGreaterThan(0);
      expect(forms.length, word).toBeLessThanOrEqual(8);
      expect(forms, word).not.toContain(word);
      for (const form of forms) expect([...form].map((ch) => toSimplified(ch)).join(''), form).toBe(word);
    }
  });

  it('has nothing to add where no character has a traditional form', () => {
    expect(traditionalForms('XX')).toEqual([]);
    expect(traditionalForms('工作')).toEqual([]);
  });
});

describe('toSimplified', () => {
  // The oracle: OpenCC's own converter, applied to every text whatever it holds.
  const opencc = Converter({ from: 't', to: 'cn' });
  const cfg = Locale.configs.t2s as unknown as { conversionChain: readonly (readonly DictLike[])[]; normalizationChain?: readonly (readonly DictLike[])[] };
  const sources = [...(cfg.normalizationChain ?? []), ...cfg.conversionChain]
    .flat()
    .flatMap((d) => (typeof d === 'string' ? d.split('|').map((e) => e.split(' ')[0]!) : d.map(([k]: readonly [string, string]) => k)));

  it('converts every source of OpenCC\'s tables as OpenCC does, alone and inside simplified text', () => {
    expect(sources.length).toBeGreaterThan(3_000);
    for (const s of sources) {
      expect(toSimplified(s), s).toBe(opencc(s));
      expect(toSimplified(`党建工作${s}持续推进`), s).toBe(opencc(`党建工作${s}持续推进`));
    }
  });

  it('leaves simplified text as it is without converting, and marks traditional text as changing', () => {
    const text = '一、加强政治建设。坚持以习近平新时代中国特色社会主义思想为指导，落实“三会一课”制度，XX县***同志';
    expect(mayChange(text)).toBe(false);
    expect(toSimplified(text)).toBe(text);
    expect(mayChange('黨支部')).toBe(true);
    expect(toSimplified('加強黨的建設，發揮戰鬥堡壘作用')).toBe('加强党的建设，发挥战斗堡垒作用');
  });

  it('agrees with OpenCC on the sample corpus line by line', () => {
    const dir = fileURLToPath(new URL('../../corpus/sample/', import.meta.url));
    let lines = 0;
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.txt'))) {
      for (const line of readFileSync(path.join(dir, f), 'utf8').split('\n')) {
        expect(toSimplified(line)).toBe(opencc(line));
        lines++;
      }
    }
    expect(lines).toBeGreaterThan(100);
  });
});
