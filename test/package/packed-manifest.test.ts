import { execFileSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';

const SCRIPT = fileURLToPath(new URL('../../scripts/packed-manifest.mjs', import.meta.url));
const MANIFEST = `${JSON.stringify({ name: 'p', version: '1.0.0', scripts: { prepare: 'npm run build' } }, null, 2)}\n`;

/**
 * `npm pack`'s prepack and postpack (scripts/packed-manifest.mjs) swap package.json while other
 * processes may read it: a reader must never find it half-written.
 */
describe('the packed manifest swap (scripts/packed-manifest.mjs)', () => {
  const roots: string[] = [];
  afterEach(() => {
    for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
  });

  /** A package root with this script and a manifest dated 1,000 s after the epoch. */
  function packageRoot(): string {
    const root = mkdtempSync(join(tmpdir(), 'lc-packed-manifest-'));
    roots.push(root);
    mkdirSync(join(root, 'scripts'));
    copyFileSync(SCRIPT, join(root, 'scripts', 'packed-manifest.mjs'));
    writeFileSync(join(root, 'package.json'), MANIFEST);
    utimesSync(join(root, 'package.json'), 1_000, 1_000);
    return root;
  }

  const run = (root: string, command: 'strip' | 'restore') =>
    execFileSync(process.execPath, [join(root, 'scripts', 'packed-manifest.mjs'), command]);

  it('replaces package.json by a rename, keeping its time, and puts the same one back', () => {
    const root = packageRoot();
    const manifest = join(root, 'package.json');
    const before = statSync(manifest);
    run(root, 'strip');
    const stripped = statSync(manifest);
    // A new file, not the old one truncated and written again: a reader opens one whole file.
    expect(stripped.ino).not.toBe(before.ino);
    expect(stripped.mtimeMs).toBe(before.mtimeMs);
    expect(JSON.parse(readFileSync(manifest, 'utf8'))).toEqual({ name: 'p', version: '1.0.0' });
    expect(readdirSync(root).sort()).toEqual(['package.json', 'package.json.unpacked', 'scripts']);
    run(root, 'restore');
    expect(readFileSync(manifest, 'utf8')).toBe(MANIFEST);
    expect(statSync(manifest).mtimeMs).toBe(before.mtimeMs);
  });
});
