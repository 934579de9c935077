import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { renderJsonReport } from '../../reporters/json.ts';
import { leakyRun, reporterOptions, tempDir } from '../reporters/support.ts';
import { runCli } from './capture.ts';

/**
 * `run --baseline X --fail-on new --profile P` in every order, and what goes wrong when a value is
 * missing (an unset variable) or stray: one usage line naming it, never commander's "too many
 * arguments for 'run'. Expected 0 arguments but got 1".
 */

let dir: string;
let baseline: string;
let missingProfile: string;

beforeAll(() => {
  dir = tempDir('lc-args-');
  mkdirSync(join(dir, 'last'));
  baseline = join(dir, 'last', 'conformance.json');
  writeFileSync(baseline, renderJsonReport(leakyRun(), reporterOptions(join(dir, 'last'), [])));
  missingProfile = join(dir, 'vendor.yaml');
});

const pairs = () => ({
  baseline: ['--baseline', baseline],
  failOn: ['--fail-on', 'new'],
  profile: ['--profile', missingProfile],
});

describe('run --baseline, --fail-on and --profile', () => {
  const orders: (keyof ReturnType<typeof pairs>)[][] = [
    ['baseline', 'failOn', 'profile'],
    ['baseline', 'profile', 'failOn'],
    ['failOn', 'baseline', 'profile'],
    ['failOn', 'profile', 'baseline'],
    ['profile', 'baseline', 'failOn'],
    ['profile', 'failOn', 'baseline'],
  ];
  it.each(orders)('parse the same in the order %s, %s, %s', async (...order) => {
    const args = order.flatMap((name) => pairs()[name]);
    const { code, stdout, stderr } = await runCli(['run', ...args, '--out', join(dir, 'out')]);
    // the baseline was read and the policy accepted: the run went on to the profile
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_PROFILE_NOT_FOUND: Profile ${missingProfile} cannot be read (no such file)\n`,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });
});

describe('a value missing or stray', () => {
  it.each([
    [
      'an unset variable before --fail-on',
      () => ['--baseline', '--fail-on', 'new'],
      '--baseline needs a value, but the next argument is the option --fail-on (an empty or unset variable? quote it: --baseline "$VAR")',
    ],
    [
      'an unset variable before --profile',
      () => ['--fail-on', 'new', '--baseline', '--profile', missingProfile],
      '--baseline needs a value, but the next argument is the option --profile (an empty or unset variable? quote it: --baseline "$VAR")',
    ],
    [
      'an unset profile variable',
      () => ['--profile', '--baseline', baseline, '--fail-on', 'new'],
      '--profile needs a value, but the next argument is the option --baseline (an empty or unset variable? quote it: --profile "$VAR")',
    ],
    [
      '--fail-on without its value',
      () => ['--fail-on', '--baseline', baseline, 'new'],
      '--fail-on needs a value, but the next argument is the option --baseline (an empty or unset variable? quote it: --fail-on "$VAR")',
    ],
    [
      'a baseline without --baseline',
      () => ['--fail-on', 'new', baseline],
      () =>
        `unexpected argument "${baseline}" for 'run': it takes options only, each value right after its option`,
    ],
  ])('is one usage line naming it, exit 2 (%s)', async (_what, args, reason) => {
    const { code, stdout, stderr } = await runCli(['run', ...args(), '--out', join(dir, 'out')]);
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_CLI_USAGE: ${typeof reason === 'function' ? reason() : reason}\n`,
    );
    expect(code).toBe(2);
    expect(stdout).toBe('');
  });

  it('names the arguments a command with arguments does not take', async () => {
    const { code, stderr } = await runCli(['diff', baseline, baseline, 'extra']);
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_CLI_USAGE: unexpected argument "extra" for 'diff': it takes <old> <new>\n`,
    );
    expect(code).toBe(2);
  });
});
