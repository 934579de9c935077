// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import {
  describePlaceholders,
  type PlaceholderIssue,
  parseProfile,
  placeholderIssues,
  REFERENCE_PROFILE_PATH,
} from '../../src/profile/index.ts';
import { editedReference, errorOf, STAGING_ENV } from './support.ts';

const STAGING_EXAMPLE = fileURLToPath(new URL('../../config/staging.example.yaml', import.meta.url));

const brief = (issues: readonly PlaceholderIssue[]) => issues.map((i) => `${i.line} ${i.field} ${i.kind}`);

describe('placeholderIssues', () => {
  it('finds every TODO of the staging example, on the line it is written', () => {
    const text = readFileSync(STAGING_EXAMPLE, 'utf8');
    const issues = placeholderIssues(text, STAGING_EXAMPLE);
    expect(issues.map((i) => [i.field, i.kind])).toEqual([
      ['capillary.orgs[0].config.defaultProgramId', 'comment'],
      ['capillary.orgs[0].config.programs[0]', 'comment'],
      ['capillary.orgs[0].config.programs[1]', 'comment'],
      ['capillary.orgs[0].config.dualEligibility', 'comment'],
      ['capillary.orgs[0].fixtures.customers.alice.identifiers', 'comment'],
      ['capillary.orgs[0].fixtures.customers.bob.identifiers', 'comment'],
      ['capillary.orgs[0].fixtures.customers.carol.identifiers', 'comment'],
      ['capillary.orgs[0].fixtures.bills.billWithLineItems.billNumber', 'value'],
      ['capillary.orgs[0].fixtures.bills.billWhole.billNumber', 'value'],
      ['capillary.orgs[0].fixtures.promotion', 'comment'],
      ['fabric.fixtures.member.profileId', 'value'],
    ]);
    const lines = text.split('\n');
    for (const issue of issues) {
      const line = lines[issue.line - 1] ?? '';
      expect(line, issue.field).toContain('TODO');
      expect(line.trimStart().startsWith('#'), issue.field).toBe(false);
    }
  });

  it('finds none in the reference profile', () => {
    expect(placeholderIssues(readFileSync(REFERENCE_PROFILE_PATH, 'utf8'), 'reference.yaml')).toEqual([]);
  });

  it('reads values and trailing comments; full-line comments are documentation', () => {
    const text = [
      '# Fill in the TODOs below.', // 1
      'name: TODO', // 2
      'list:', // 3
      '  - id: main   # TODO', // 4
      '    # TODO: an indented full-line comment', // 5
      '    more: 1', // 6
      '  - { id: 2, x: 3 }   # TODO check', // 7
      'block:   # TODO', // 8
      '  inner: "quoted # TODO is text"', // 9
      '  plain: x # todo (lower case is not the marker)', // 10
      '  word: MASTODON # TODOS', // 11
      '  flow: [1,', // 12
      '    2]  # TODO', // 13
      '  both: TODO-BILL-1   # TODO', // 14
      '  underscore: BILL_TODO', // 15
      '',
    ].join('\n');
    expect(brief(placeholderIssues(text, 't.yaml'))).toEqual([
      '2 name value',
      '4 list[0].id comment',
      '7 list[1] comment',
      '8 block comment',
      '9 block.inner value',
      '13 block.flow[1] comment',
      '14 block.both value',
      '15 block.underscore value',
    ]);
  });

  it('writes paths as messages do, quoting keys that are not plain', () => {
    const text = 'customers:\n  "my customer": { mobile: "1" }  # TODO\n';
    expect(placeholderIssues(text, 't.yaml')).toEqual([
      { line: 2, field: 'customers["my customer"]', kind: 'comment' },
    ]);
  });

  it('finds nothing in an empty file and fails on invalid YAML as the loader does', () => {
    expect(placeholderIssues('', 'e.yaml')).toEqual([]);
    expect(placeholderIssues('# only a TODO comment\n', 'e.yaml')).toEqual([]);
    const error = errorOf(() => placeholderIssues('a: [1\nb: TODO\n', 'bad.yaml'));
    expect(error.code).toBe('LC_ERR_PROFILE_PARSE');
  });
});

describe('describePlaceholders', () => {
  it('lists forty, then says how many more', () => {
    const issues = Array.from({ length: 42 }, (_, i) => ({
      line: i + 1,
      field: `f${i}`,
      kind: 'value' as const,
    }));
    const text = describePlaceholders(issues);
    expect(text).toMatch(/^line 1 f0, line 2 f1, .*, line 40 f39 \(and 2 more\)$/);
    expect(describePlaceholders(issues.slice(0, 2))).toBe('line 1 f0, line 2 f1');
  });
});

describe('loadProfile with rejectPlaceholders', () => {
  const withTodo = editedReference({
    set: {
      'capillary.orgs.0.fixtures.bills.billWhole.billNumber': 'TODO-BILL-2',
      'capillary.orgs.1.auth.password': 'TODO-secret-4f1d',
    },
  });

  it('loads a profile with placeholders unless asked to reject them', () => {
    expect(parseProfile(withTodo, 'r.yaml').name).toBe('reference');
  });

  it('fails with LC_ERR_PROFILE_PLACEHOLDER naming line and field, never the value', () => {
    const error = errorOf(() => parseProfile(withTodo, 'r.yaml', { rejectPlaceholders: true }));
    expect(error.code).toBe('LC_ERR_PROFILE_PLACEHOLDER');
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /^Profile r\.yaml still has 2 TODO placeholders: line \d+ capillary\.orgs\[0\]\.fixtures\.bills\.billWhole\.billNumber, line \d+ capillary\.orgs\[1\]\.auth\.password$/,
    );
    expect(`${error.message}${JSON.stringify(error.details)}`).not.toContain('TODO-secret-4f1d');
    expect(error.details.found).toHaveLength(2);
  });

  it('says "placeholder" for one', () => {
    const text = editedReference({ set: { name: 'TODO' } });
    expect(errorOf(() => parseProfile(text, 'r.yaml', { rejectPlaceholders: true })).message).toMatch(
      /^Profile r\.yaml still has 1 TODO placeholder: line \d+ name$/,
    );
  });

  it('lists the unset variables in the same error, so one run names everything left to fill in', () => {
    const text = editedReference({
      set: { 'fabric.auth.token': '${FABRIC_TOKEN}', 'capillary.orgs.0.auth.password': '${CAP_PW}' },
    })
      .replace(/^name: reference$/m, 'name: reference   # TODO pick a name')
      .concat('# a full-line TODO does not count\n');
    const error = errorOf(() => parseProfile(text, 'r.yaml', { env: {}, rejectPlaceholders: true }));
    expect(error.code).toBe('LC_ERR_PROFILE_PLACEHOLDER');
    expect(error.message).toMatch(
      /^Profile r\.yaml still has 1 TODO placeholder: line \d+ name; environment variables not set: CAP_PW \(capillary\.orgs\[0\]\.auth\.password\), FABRIC_TOKEN \(fabric\.auth\.token\)$/,
    );
    expect(error.details.missing).toHaveLength(2);
  });

  it('reports placeholders before schema problems, and YAML errors before placeholders', () => {
    const text = editedReference({ set: { 'capillary.orgs.0.config.defaultProgramId': 'TODO' } });
    expect(errorOf(() => parseProfile(text, 'r.yaml', { rejectPlaceholders: true })).code).toBe(
      'LC_ERR_PROFILE_PLACEHOLDER',
    );
    expect(errorOf(() => parseProfile(text, 'r.yaml')).code).toBe('LC_ERR_PROFILE_INVALID');
    const broken = `${text}\nname: [unclosed\n`;
    expect(errorOf(() => parseProfile(broken, 'r.yaml', { rejectPlaceholders: true })).code).toBe(
      'LC_ERR_PROFILE_PARSE',
    );
  });

  it('fails the staging example even with its variables set', () => {
    const text = readFileSync(STAGING_EXAMPLE, 'utf8');
    const error = errorOf(() =>
      parseProfile(text, 'staging.yaml', { env: STAGING_ENV, rejectPlaceholders: true }),
    );
    expect(error.message).toMatch(
      /^Profile staging\.yaml still has 11 TODO placeholders: (line \d+ [^,]+, ){10}line \d+ fabric\.fixtures\.member\.profileId$/,
    );
    expect(error.message).not.toContain('environment variables');
  });
});
