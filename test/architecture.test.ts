import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('..', import.meta.url));

function files(dir: string): string[] {
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(root, path)).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Import specifiers of a file, with whether each is type-only. */
function importsOf(path: string): { from: string; typeOnly: boolean }[] {
  const text = readFileSync(join(root, path), 'utf8');
  return [...text.matchAll(/^import\s+(type\s+)?[^'"]*?from\s+'([^']+)'/gm)].map((m) => ({
    from: m[2]!,
    typeOnly: Boolean(m[1]),
  }));
}

const resolvesInto = (path: string, specifier: string, folder: string) => {
  if (!specifier.startsWith('.')) return false;
  const target = relative(root, join(root, path, '..', specifier));
  return target === folder || target.startsWith(`${folder}/`);
};

describe('docs/ARCHITECTURE.md forbidden imports', () => {
  it('keep the reference provider independent of how it is judged', () => {
    for (const path of files('src/reference')) {
      for (const { from } of importsOf(path)) {
        for (const folder of ['src/engine', 'src/checks', 'src/client', 'suites', 'reporters', 'src/cli']) {
          expect(resolvesInto(path, from, folder), `${path} imports ${from}`).toBe(false);
        }
      }
    }
  });

  it('keep suites away from the reference provider and its dataset', () => {
    for (const path of files('suites')) {
      for (const { from } of importsOf(path)) {
        expect(resolvesInto(path, from, 'src/reference'), `${path} imports ${from}`).toBe(false);
      }
      expect(readFileSync(join(root, path), 'utf8')).not.toMatch(/datasets\/reference/);
    }
  });

  it('keep the engine, checks, suites and reporters off the fault route of the reference provider', () => {
    // `/__reference/faults` is a test seam of ours, not a vendor's: a judgement must never use it.
    for (const path of [...files('src'), ...files('suites'), ...files('reporters')]) {
      if (path.startsWith('src/reference/')) continue;
      expect(readFileSync(join(root, path), 'utf8'), path).not.toMatch(
        /__reference\/faults|\}\/faults\b|FaultInjector/,
      );
    }
  });

  it('let reporters see only the result and exchange types of the engine', () => {
    for (const path of files('reporters')) {
      for (const { from, typeOnly } of importsOf(path)) {
        if (!resolvesInto(path, from, 'src')) continue;
        expect(typeOnly, `${path} imports values from ${from}`).toBe(true);
      }
    }
  });

  it('import the CLI from nowhere but bin/', () => {
    for (const path of [...files('src'), ...files('suites'), ...files('reporters')]) {
      if (path.startsWith('src/cli')) continue;
      for (const { from } of importsOf(path)) {
        expect(resolvesInto(path, from, 'src/cli'), `${path} imports ${from}`).toBe(false);
      }
    }
  });
});
