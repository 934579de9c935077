import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tuneCliMemory, type V8Controls, YOUNG_SEMI_SPACE_CAP_BYTES } from '../../src/cli/memory-tuning.ts';

const MiB = 1024 * 1024;

/** Fake V8: a young generation of `sizes[i]` bytes after the i-th collection. */
function fakeV8(sizes: number[]) {
  const flags: string[] = [];
  let afterGc: (() => void) | undefined;
  let size = sizes.shift() ?? 0;
  let observing = false;
  const controls: V8Controls = {
    setFlags: (f) => flags.push(f),
    youngSemiSpaceBytes: () => size,
    observeGc(callback) {
      afterGc = callback;
      observing = true;
      return () => {
        observing = false;
      };
    },
  };
  const collect = () => {
    size = sizes.shift() ?? size;
    if (observing) afterGc?.();
  };
  return { controls, flags, collect, observing: () => observing };
}

describe('tuneCliMemory', () => {
  it('keeps wasm on Liftoff and stops the young generation growing once it reaches the cap', () => {
    const v8 = fakeV8([1 * MiB, 2 * MiB, 4 * MiB, 8 * MiB]);
    expect(tuneCliMemory({}, v8.controls)).toBe(true);
    expect(v8.flags).toEqual(['--liftoff-only']);
    v8.collect(); // 2 MiB: below the cap
    expect(v8.flags).toEqual(['--liftoff-only']);
    expect(v8.observing()).toBe(true);
    v8.collect(); // 4 MiB: the cap
    expect(v8.flags).toEqual(['--liftoff-only', '--semi-space-growth-factor=1']);
    expect(v8.observing()).toBe(false);
  });

  it('caps at once when the young generation is already as large', () => {
    const v8 = fakeV8([YOUNG_SEMI_SPACE_CAP_BYTES]);
    tuneCliMemory({}, v8.controls);
    expect(v8.flags).toEqual(['--liftoff-only', '--semi-space-growth-factor=1']);
    expect(v8.observing()).toBe(false);
  });

  it('leaves V8 as it is with LC_V8_DEFAULTS=1', () => {
    const v8 = fakeV8([1 * MiB]);
    expect(tuneCliMemory({ LC_V8_DEFAULTS: '1' }, v8.controls)).toBe(false);
    expect(v8.flags).toEqual([]);
    expect(v8.observing()).toBe(false);
  });

  // The real V8 of this Node: an allocation-heavy process whose objects survive a while (as a run's
  // exchanges do) grows its young generation past the cap by default, and not once tuned.
  it('holds the young generation at the cap in a real process', () => {
    const module = fileURLToPath(new URL('../../src/cli/memory-tuning.ts', import.meta.url));
    const script = `
      const { tuneCliMemory } = await import(${JSON.stringify(module)});
      const v8 = await import('node:v8');
      tuneCliMemory();
      const young = () => v8.getHeapSpaceStatistics().find((s) => s.space_name === 'new_space').space_size;
      let largest = young();
      const window = new Array(20_000);
      for (let i = 0; i < 400_000; i++) {
        window[i % window.length] = { i, text: 'x'.repeat(i % 64), list: [i, i + 1] };
        if (i % 1000 === 0) { await new Promise((r) => setImmediate(r)); largest = Math.max(largest, young()); }
      }
      process.stdout.write(String(largest));
    `;
    const largest = (env: NodeJS.ProcessEnv) => {
      const child = spawnSync(
        process.execPath,
        ['--import', 'tsx/esm', '--input-type=module', '-e', script],
        {
          env: { ...process.env, ...env },
          encoding: 'utf8',
        },
      );
      expect(child.status, child.stderr).toBe(0);
      return Number(child.stdout);
    };
    expect(largest({ LC_V8_DEFAULTS: '1' })).toBeGreaterThan(YOUNG_SEMI_SPACE_CAP_BYTES);
    expect(largest({ LC_V8_DEFAULTS: '0' })).toBeLessThanOrEqual(YOUNG_SEMI_SPACE_CAP_BYTES);
  });
});
