// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { describe, expect, it } from 'vitest';
import { parseProfile } from '../../src/profile/load-profile.ts';
import { MAX_PROFILE_ALIAS_COUNT, MAX_PROFILE_DEPTH, parseProfileYaml } from '../../src/profile/parse.ts';
import { errorOf } from './support.ts';

/** A "billion laughs" document: nine levels of nine aliases each, 9^9 strings once expanded. */
const ALIAS_BOMB = [
  'name: bomb',
  'environment: staging',
  'a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map(
    (name, i) => `${name}: &${name} [${Array(9).fill(`*${'abcdefgh'[i]}`).join(', ')}]`,
  ),
  '',
].join('\n');

/** Nesting 100,000 deep, in the three shapes YAML nests in: flow sequences, flow maps, block sequences. */
const DEPTH = 100_000;
const DEEP = {
  'flow sequences': `name: deep\nenvironment: staging\nlimits: ${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}\n`,
  'flow maps': `name: deep\nenvironment: staging\nlimits: ${'{a: '.repeat(DEPTH)}1${'}'.repeat(DEPTH)}\n`,
  'block sequences': `name: deep\nenvironment: staging\nlimits:\n  ${'- '.repeat(DEPTH)}x\n`,
};

/** The profile parse error's message, line and column; asserts one line, no stack trace. */
function parseError(text: string) {
  const error = errorOf(() => parseProfile(text, 'hostile.yaml'));
  expect(error.code).toBe('LC_ERR_PROFILE_PARSE');
  expect(error.message).not.toContain('\n');
  expect(error.exitCode).toBe(2);
  return { message: error.message, line: error.details.line, column: error.details.column };
}

describe('parseProfileYaml', () => {
  it('says how to write a ${VAR} put unquoted into a flow mapping, as in the shipped profile', () => {
    const text = 'name: ci\nenvironment: staging\nauth: { scheme: basic, username: till, password: ${PW} }\n';
    const { message, line } = parseError(text);
    expect(message).toContain('a ${VAR} inside { … } must be quoted: password: "${VAR}"');
    expect(line).toBe(3);
    const quoted = text.replace('${PW}', '"${PW}"');
    expect(parseProfileYaml(quoted, 'ci.yaml')).toMatchObject({ auth: { password: '${PW}' } });
    expect(parseError('name: ci\nauth: { a: 1\n').message).not.toContain('${VAR}');
  });

  // No timing asserted (a timed test fails on a loaded machine): a parser that expanded the bomb
  // or recursed 100,000 deep would exhaust the test's timeout or the stack instead.
  it('refuses an alias bomb as too many aliases, at the first alias', () => {
    const { message, line, column } = parseError(ALIAS_BOMB);
    expect(message).toBe(
      `Profile hostile.yaml is not valid YAML: too many aliases (expanding them exceeds ${MAX_PROFILE_ALIAS_COUNT} nodes: an alias bomb?) at line 4, column 8`,
    );
    expect([line, column]).toEqual([4, 8]);
  });

  it('accepts a few aliases, as a profile may share a block', () => {
    const text = 'name: a\nenvironment: staging\nx: &limits { timeoutMs: 1 }\ny: *limits\n';
    expect(parseProfileYaml(text, 'a.yaml')).toMatchObject({ y: { timeoutMs: 1 } });
  });

  it.each(Object.entries(DEEP))(
    'refuses %s nested 100,000 deep as nested too deeply, with the place',
    (_, text) => {
      const { message, line, column } = parseError(text);
      expect(message).toMatch(
        new RegExp(
          `^Profile hostile\\.yaml is not valid YAML: nested too deeply \\(more than ${MAX_PROFILE_DEPTH} levels\\) at line \\d+, column \\d+$`,
        ),
      );
      expect(line).toBeGreaterThanOrEqual(3);
      expect(column).toBeGreaterThan(MAX_PROFILE_DEPTH);
    },
  );

  it('parses nesting up to the limit', () => {
    const text = `name: deep\nenvironment: staging\nx: ${'['.repeat(MAX_PROFILE_DEPTH - 1)}${']'.repeat(MAX_PROFILE_DEPTH - 1)}\n`;
    expect(parseProfileYaml(text, 'deep.yaml')).toHaveProperty('x');
  });

  it.each([
    ['an unclosed flow map', 'name: x\nenvironment: staging\nlimits: { timeoutMs: 1\nfoo: bar\n', 4, 1],
    ['a tab as indentation', 'name: x\nsafety:\n\tallowMutations: true\n', 3, 1],
    ['a duplicate key', 'name: x\nname: y\n', 2, 1],
    ['two documents', 'name: x\n---\nname: y\n', 2, 1],
    ['a bad escape', 'name: "x\\q"\n', 1, 9],
  ])('reports %s with its line and column', (_, text, line, column) => {
    const error = parseError(text);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toMatch(new RegExp(` at line ${line}, column ${column}$`));
  });
});
