import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { BUILD_STAMP, buildStamp, isBuildFresh, newestInputMtime } from '../../scripts/build-inputs.mjs';

/** The clone's bin runs dist/ only when it was built from the sources as they are now. */
describe('build freshness (scripts/build-inputs.mjs)', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  /** A package root with one source and one spec, both dated `seconds` after the epoch. */
  function packageRoot(seconds: number): string {
    const root = mkdtempSync(join(tmpdir(), 'lc-build-inputs-'));
    roots.push(root);
    mkdirSync(join(root, 'src/engine'), { recursive: true });
    mkdirSync(join(root, 'specs'));
    mkdirSync(join(root, 'dist'));
    for (const file of ['src/engine/runner.ts', 'specs/api.yaml']) {
      writeFileSync(join(root, file), 'x');
      utimesSync(join(root, file), seconds, seconds);
    }
    return root;
  }

  it('finds the newest input, however deep, and ignores what the build does not read', () => {
    const root = packageRoot(1_000);
    utimesSync(join(root, 'src/engine/runner.ts'), 2_000, 2_000);
    writeFileSync(join(root, 'notes.txt'), 'not an input');
    expect(newestInputMtime(root)).toBe(2_000_000);
  });

  it('is fresh with a stamp no older than every input', () => {
    const root = packageRoot(1_000);
    writeFileSync(join(root, BUILD_STAMP), buildStamp(newestInputMtime(root)));
    expect(isBuildFresh(root)).toBe(true);
  });

  it('is stale once any input is newer than the stamp', () => {
    const root = packageRoot(1_000);
    writeFileSync(join(root, BUILD_STAMP), buildStamp(newestInputMtime(root)));
    utimesSync(join(root, 'specs/api.yaml'), 1_001, 1_001);
    expect(isBuildFresh(root)).toBe(false);
  });

  it('is stale without a stamp (no build, or one that stopped half-way) or with a garbled one', () => {
    const root = packageRoot(1_000);
    expect(isBuildFresh(root)).toBe(false);
    writeFileSync(join(root, BUILD_STAMP), '{"newestInputMtimeMs":');
    expect(isBuildFresh(root)).toBe(false);
    writeFileSync(join(root, BUILD_STAMP), '{}');
    expect(isBuildFresh(root)).toBe(false);
  });
});
