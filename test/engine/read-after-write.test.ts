import { describe, expect, it } from 'vitest';
import { createReadAfterWrite, readScopesOf, writeScopesOf } from '../../src/engine/read-after-write.ts';

/** A read that answers `values` in turn (the last one from then on), counting its calls. */
function reads(values: readonly number[]) {
  let calls = 0;
  return {
    read: async () => values[Math.min(calls++, values.length - 1)]!,
    get calls() {
      return calls;
    },
  };
}

const showsTen = { requirement: 'R', shows: (value: number) => value === 10 };
const customer = writeScopesOf({ id: 'org' }, 'c1');
const readOfC1 = readScopesOf({ id: 'org' }, 'c1');

describe('reads under limits.readAfterWriteMs', () => {
  it('pays no request more when the first read shows the write', async () => {
    const window = createReadAfterWrite(500);
    window.wrote(customer);
    const target = reads([10]);
    const settled = await window.settle(readOfC1, target.read, showsTen);
    expect(settled).toEqual({ reading: 10, rereads: 0 });
    expect(target.calls).toBe(1);
  });

  it('reads again until the write shows, and says how long it lagged', async () => {
    const window = createReadAfterWrite(2_000);
    window.wrote(customer);
    const target = reads([9, 9, 10]);
    const settled = await window.settle(readOfC1, target.read, showsTen);
    expect(settled.reading).toBe(10);
    expect(settled.stale).toBe(9);
    expect(settled.rereads).toBe(2);
    // 25 then 50 ms of backoff at least.
    expect(settled.lagMs).toBeGreaterThanOrEqual(70);
  });

  it('stops at the window and returns the last reading, which the check then judges', async () => {
    const window = createReadAfterWrite(150);
    window.wrote(customer);
    const started = performance.now();
    const settled = await window.settle(readOfC1, reads([9]).read, showsTen);
    expect(settled.reading).toBe(9);
    expect(settled.stale).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(1_000);
  });

  it('never reads again without a window, or without a write within it', async () => {
    const none = createReadAfterWrite(0);
    none.wrote(customer);
    const target = reads([9, 10]);
    expect(await none.settle(readOfC1, target.read, showsTen)).toEqual({ reading: 9, rereads: 0 });
    const unwritten = createReadAfterWrite(500);
    expect(await unwritten.settle(readOfC1, target.read, showsTen)).toEqual({ reading: 10, rereads: 0 });
  });

  it('makes other reads of a customer written to wait the window out, and no other customer', async () => {
    const window = createReadAfterWrite(120);
    window.wrote(customer);
    let started = performance.now();
    await window.quiet(readScopesOf({ id: 'org' }, 'c2'));
    expect(performance.now() - started).toBeLessThan(60);
    started = performance.now();
    await window.quiet(readOfC1);
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
    // A read naming no declared customer may show any write of the org.
    window.wrote(customer);
    started = performance.now();
    await window.quiet(readScopesOf({ id: 'org' }, undefined));
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });

  it('counts a write naming no declared customer for every customer of its org', async () => {
    const window = createReadAfterWrite(120);
    window.wrote(writeScopesOf({ id: 'org' }, undefined));
    const started = performance.now();
    await window.quiet(readScopesOf({ id: 'org' }, 'c9'));
    expect(performance.now() - started).toBeGreaterThanOrEqual(100);
  });
});
