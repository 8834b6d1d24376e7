// Array fields: one token per element, packed only when a section has more than the engine can place.
import { describe, expect, it } from 'vitest';
import { arrayField, MAX_ELEMENTS } from '../../src/core/array-field.js';

describe('arrayField', () => {
  it('keeps one token per element up to the limit', () => {
    expect(arrayField(['党', '支部', '党支部'])).toEqual(['党', '支部', '党支部']);
    const full = Array.from({ length: MAX_ELEMENTS }, (_, i) => `t${i}`);
    expect(arrayField(full)).toEqual(full);
  });

  it('packs several tokens to an element beyond the limit and loses none', () => {
    const many = Array.from({ length: MAX_ELEMENTS * 2 + 5 }, (_, i) => `t${i}`);
    const packed = arrayField(many);
    // 65,535 positions per attribute, 8 per element: the packed field stays well within them.
    expect(packed.length).toBeLessThanOrEqual(MAX_ELEMENTS);
    expect(packed.flatMap((e) => e.split(' '))).toEqual(many);
  });
});
