import { describe, expect, it } from 'vitest';
import { renderActual } from '../../src/spec/index.ts';
import { jsonStart } from '../../src/spec/json-start.ts';

describe('jsonStart', () => {
  it('writes what JSON.stringify writes, as far as it goes', () => {
    const values: unknown[] = [
      null,
      true,
      0,
      -0,
      1.5,
      'a "quoted" \u001b string',
      [],
      {},
      [1, [2, [3, {}]], { a: [] }],
      { a: 1, 'b c': { d: [null, 'x'] }, e: [{ f: { g: 'h' } }] },
      JSON.parse('{"__proto__":{"x":1},"constructor":2,"n":1e400}'),
    ];
    for (const value of values) expect(jsonStart(value, 10_000)).toBe(JSON.stringify(value));
    const long = {
      pointsUnlocked: Array.from({ length: 50 }, (_, i) => ({ billNumber: `B${i}`, points: i })),
    };
    expect(JSON.stringify(long).startsWith(jsonStart(long, 80))).toBe(true);
  });

  it('stops shortly past max, however long the value, and nests without recursion', () => {
    const huge = { pointsUnlocked: Array.from({ length: 1_000_000 }, () => ({ x: 1 })) };
    const text = jsonStart(huge, 80);
    expect(text.length).toBeGreaterThan(80);
    expect(text.length).toBeLessThan(100);
    let deep: unknown = 1;
    for (let i = 0; i < 100_000; i += 1) deep = [deep];
    expect(jsonStart(deep, 80)).toBe('['.repeat(81));
    expect(renderActual(huge)).toBe(`${JSON.stringify(huge).slice(0, 79)}…`);
  });
});
