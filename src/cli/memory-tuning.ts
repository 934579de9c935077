/**
 * V8 settings for the CLI's own process: the package's bin applies them before its first command,
 * and nothing else does (a program that imports the library keeps its own V8 settings). Measured
 * on the main job (`npm run bench`, Node 20): peak RSS 117 → 89 MiB, engine time unchanged.
 *
 * - `--liftoff-only`: undici parses HTTP with llhttp compiled to WebAssembly. Once its parser is
 *   hot, V8 recompiles it with TurboFan on a background thread, and that one compilation takes
 *   about 35 MiB of memory for a moment: the whole difference between the raw HTTP loop's peak and
 *   that of a loop without it. A run of a few thousand requests gains no measurable time from the
 *   optimised parser. Read when a module is compiled, so it must be set before undici's first
 *   request (the bin sets it before any command loads undici).
 * - The young generation stops growing at {@link YOUNG_SEMI_SPACE_CAP_BYTES} per semi-space (V8's
 *   default lets it reach 16 MiB, 32 MiB of RSS for both halves). `--max-semi-space-size` can only
 *   be given on the command line, which an npm bin cannot portably do (`#!/usr/bin/env -S` is not
 *   in busybox), so the growth factor is set to 1 once the space has reached the cap. A smaller
 *   cap (1 MiB) cost 20 % more engine time; 4 MiB cost none measurable.
 *
 * V8 reads both flags where they act; V8 versions that clamp the growth factor (later than Node
 * 20's) keep growing the young generation, which is only the default behaviour. `LC_V8_DEFAULTS=1`
 * leaves V8 as it is (the bench compares both).
 */

import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';

/** The largest semi-space the young generation grows to (two of them are committed). */
export const YOUNG_SEMI_SPACE_CAP_BYTES = 4 * 1024 * 1024;

/** What the tuning needs of V8, replaceable in tests. */
export interface V8Controls {
  setFlags(flags: string): void;
  /** Bytes of one semi-space of the young generation now. */
  youngSemiSpaceBytes(): number;
  /** Calls `afterGc` after garbage collections until the returned function is called. */
  observeGc(afterGc: () => void): () => void;
}

const nodeV8: V8Controls = {
  setFlags: (flags) => v8.setFlagsFromString(flags),
  youngSemiSpaceBytes: () =>
    v8.getHeapSpaceStatistics().find((space) => space.space_name === 'new_space')?.space_size ?? 0,
  observeGc(afterGc) {
    const observer = new PerformanceObserver(afterGc);
    observer.observe({ entryTypes: ['gc'] });
    return () => observer.disconnect();
  },
};

/** Applies the settings above, unless `LC_V8_DEFAULTS=1`. Returns whether it did. */
export function tuneCliMemory(env: NodeJS.ProcessEnv = process.env, controls: V8Controls = nodeV8): boolean {
  if (env.LC_V8_DEFAULTS === '1') return false;
  controls.setFlags('--liftoff-only');
  let stop: (() => void) | undefined;
  const capWhenReached = () => {
    if (controls.youngSemiSpaceBytes() < YOUNG_SEMI_SPACE_CAP_BYTES) return false;
    controls.setFlags('--semi-space-growth-factor=1');
    stop?.();
    return true;
  };
  if (!capWhenReached()) stop = controls.observeGc(capWhenReached);
  return true;
}
