// The traditional spellings that mark a simplified query's words in traditional-script documents:
// each one read back by toSimplified, character by character, as the word (the oracle).
import { describe, expect, it } from 'vitest';
import { toSimplified, traditionalForms } from '../../src/core/text/simplify.js';

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
