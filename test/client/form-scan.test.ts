import { describe, expect, it } from 'vitest';
import { createFormScan } from '../../src/client/form-scan.ts';

/** What the scan must answer: a substring search per form. */
const naive = (forms: readonly string[], text: string) =>
  forms.some((form) => form.length > 0 && text.includes(form));

/** A small deterministic generator (no Math.random: a failure must repeat). */
function lcg(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 0x100000000;
  };
}

describe('createFormScan', () => {
  it('finds a form at the start, the middle and the very end of a text, and nothing else', () => {
    const scan = createFormScan(['s3cr3t-value', 'cw==']);
    expect(scan('s3cr3t-value and more')).toBe(true);
    expect(scan('before s3cr3t-value after')).toBe(true);
    expect(scan('ends with cw==')).toBe(true);
    expect(scan('s3cr3t-valu')).toBe(false);
    expect(scan('cw=')).toBe(false);
    expect(scan('')).toBe(false);
  });

  it('tells apart forms whose first characters share a prefilter slot', () => {
    // '0' (0x30) and 'p' (0x70) have the same low 6 bits; so do 'A' (0x41) and 0x101.
    const scan = createFormScan(['0123', 'Ābcd']);
    expect(scan('xx p123 xx')).toBe(false);
    expect(scan('xx 0123 xx')).toBe(true);
    expect(scan('Abcd')).toBe(false);
    expect(scan('-Ābcd-')).toBe(true);
  });

  it('handles one-character forms, empty forms and no forms', () => {
    expect(createFormScan([])('anything')).toBe(false);
    expect(createFormScan([''])('anything')).toBe(false);
    expect(createFormScan(['', 'x'])('abxc')).toBe(true);
    expect(createFormScan(['q', 'long form'])('a long form')).toBe(true);
    expect(createFormScan(['q', 'long form'])('a long for')).toBe(false);
  });

  it('answers as a substring search per form on generated texts, astral characters included', () => {
    const next = lcg(20261204);
    const alphabet = ['a', 'b', '0', 'p', '%', '\\', '"', 'é', 'Ā', '😀', 'A'];
    const word = (length: number) =>
      Array.from({ length }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
    for (let round = 0; round < 300; round++) {
      const forms = Array.from({ length: 1 + Math.floor(next() * 4) }, () =>
        word(2 + Math.floor(next() * 3)),
      );
      const scan = createFormScan(forms);
      for (let t = 0; t < 20; t++) {
        const text = word(Math.floor(next() * 12));
        expect(scan(text), `${JSON.stringify(forms)} in ${JSON.stringify(text)}`).toBe(naive(forms, text));
      }
    }
  });
});
