// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { cutByComment, droppedByParser } from '../../src/cli/env-file.ts';
import { basicCredentials, md5hex } from '../../src/profile/index.ts';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { runCli } from './capture.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
/** The strict org's Basic password on the reference provider: what the env file supplies. */
const SECRET = 'strict-till-secret';

let server: ReferenceServer;
let dir: string;
let profile: string;
let envFile: string;

beforeAll(async () => {
  server = await startReferenceServer();
  dir = mkdtempSync(join(tmpdir(), 'lc-env-file-'));
  // The reference profile with the strict org's password taken from the environment.
  profile = join(dir, 'profile.yaml');
  const text = readFileSync(join(ROOT, 'config/reference.yaml'), 'utf8');
  const withVariable = text.replace(`password: ${SECRET} }`, "password: '${LC_TEST_SECRET}' }");
  expect(withVariable).not.toBe(text);
  writeFileSync(profile, withVariable);
  envFile = join(dir, '.env.test');
  writeFileSync(envFile, `# the strict till\nLC_TEST_SECRET=${SECRET}\n`);
});

afterAll(() => server.close());

afterEach(() => {
  delete process.env.LC_TEST_SECRET;
});

const targets = () => ['--capillary-url', server.capillaryBaseUrl, '--fabric-url', server.fabricBaseUrl];

describe('--env-file', () => {
  it("is listed in every command's --help, where a user looks for it", async () => {
    for (const command of ['run', 'validate', 'plan', 'pact']) {
      const { code, stdout } = await runCli([command, '--help']);
      expect(code, command).toBe(0);
      expect(stdout, command).toMatch(/Global Options:[\s\S]*--env-file <file>/);
    }
  });

  it('is needed: without it the profile names its unset variable (exit 2)', async () => {
    const { code, stderr } = await runCli(['validate', profile]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/LC_ERR_PROFILE_ENV_MISSING: .*LC_TEST_SECRET/);
  });

  it('loads the file before the profile is read, on the command or before it, and never prints a value', async () => {
    for (const argv of [
      ['validate', profile, '--env-file', envFile],
      ['--env-file', envFile, 'validate', profile],
    ]) {
      delete process.env.LC_TEST_SECRET;
      const { code, stdout, stderr } = await runCli(argv);
      expect(code, stderr).toBe(0);
      expect(stdout).toMatch(/^profile OK: reference \(reference\)/);
      expect(stdout + stderr).not.toContain(SECRET);
    }
  });

  it('refuses a file that cannot be read: exit 2, one line naming it', async () => {
    const missing = join(dir, '.env.missing');
    const { code, stdout, stderr } = await runCli(['validate', profile, '--env-file', missing]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_CLI_USAGE: --env-file ${missing}: cannot be read (ENOENT)\n`,
    );
  });

  it('refuses an unquoted value a # would cut short: one line naming the variable and line, never the value', async () => {
    const cut = join(dir, '.env.cut');
    writeFileSync(
      cut,
      '# the strict till\r\nLC_TEST_OTHER=a b # a comment\r\nLC_TEST_SECRET=strict-till#secret\r\n',
    );
    const { code, stdout, stderr } = await runCli(['validate', profile, '--env-file', cut]);
    delete process.env.LC_TEST_OTHER;
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_CLI_USAGE: --env-file ${cut} line 3: the value of LC_TEST_SECRET holds an unquoted #, where a dotenv comment starts, so it would end before it: quote the value (LC_TEST_SECRET='…'), or put a space before a comment\n`,
    );
    // Quoted, the # is part of the value; a comment after a space, or in a variable the
    // environment already sets (it wins over the file), is not refused.
    expect(cutByComment(`A='x#y'\nB="x#y"\nC=x #y\n# D=x#y\nexport E=x#y\n`)).toEqual([
      { key: 'E', line: 5 },
    ]);
    process.env.LC_TEST_SECRET = SECRET;
    const preset = await runCli(['validate', profile, '--env-file', cut]);
    delete process.env.LC_TEST_OTHER;
    expect(preset.code, preset.stderr).toBe(0);
  });

  it('refuses a file whose later variables the dotenv parser drops: one line naming the first, never a value', async () => {
    // Node 20's parser stops at a line with nothing before its `=` and joins a line without `=`
    // to the next one's name: the variables after it were left unset without a word, and the
    // profile's ${VAR} then read as never given (LC_ERR_PROFILE_ENV_MISSING).
    const dropped = join(dir, '.env.dropped');
    writeFileSync(dropped, `# the strict till\n=stray\nLC_TEST_SECRET=${SECRET}\n`);
    const { code, stdout, stderr } = await runCli(['validate', profile, '--env-file', dropped]);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toBe(
      `loyalty-conformance: LC_ERR_CLI_USAGE: --env-file ${dropped} line 3: LC_TEST_SECRET is not loaded: the dotenv parser stopped before it or took its name into the line above (a line above it has no = or nothing before its =): fix or remove that line\n`,
    );
    expect(droppedByParser('A=1\nWORD\nB=2\nC=3\n')).toEqual([{ key: 'B', line: 3 }]);
    // A line of a multi-line quoted value is part of that value, not a variable dropped.
    expect(droppedByParser('M="a\nB=2"\nC=3\n')).toEqual([]);
    // A variable the environment already sets is not checked (the file's value is not used).
    process.env.LC_TEST_SECRET = SECRET;
    const preset = await runCli(['validate', profile, '--env-file', dropped]);
    expect(preset.code, preset.stderr).toBe(0);
  });

  it("feeds a run whose reports redact the file's secret wherever it would appear", async () => {
    const out = join(dir, 'reports');
    const { code, stderr } = await runCli([
      'run',
      '--profile',
      profile,
      ...targets(),
      '--env-file',
      envFile,
      '--requirement',
      'CAP-NPA-8907',
      '--evidence',
      'all',
      '--reporter',
      'json',
      'markdown',
      '--out',
      out,
    ]);
    // Exit 0: the strict org authenticated with the password from the file.
    expect(code, stderr).toBe(0);
    const report = readFileSync(join(out, 'conformance.json'), 'utf8');
    expect(JSON.parse(report).exchanges.length).toBeGreaterThan(0);
    for (const file of [report, readFileSync(join(out, 'summary.md'), 'utf8')]) {
      for (const value of [SECRET, md5hex(SECRET), basicCredentials('till.strict', SECRET)]) {
        expect(file).not.toContain(value);
      }
    }
  });

  it('leaves a variable already set in the environment as it is (Node does not override)', async () => {
    const wrong = join(dir, '.env.wrong');
    writeFileSync(wrong, 'LC_TEST_SECRET=not-the-password\n');
    process.env.LC_TEST_SECRET = SECRET;
    const { code, stderr } = await runCli([
      'run',
      '--profile',
      profile,
      ...targets(),
      '--env-file',
      wrong,
      '--requirement',
      'CAP-NPA-8907',
      '--reporter',
      'json',
      '--out',
      join(dir, 'reports-env-wins'),
    ]);
    // Had the file won, the strict org's credentials would be refused (LC_ERR_AUTH_REJECTED).
    expect(code, stderr).toBe(0);
    expect(process.env.LC_TEST_SECRET).toBe(SECRET);
  });

  it('is repeated in the plan hint of a run it fed, and that hint, pasted, runs', async () => {
    // The minimal profile (no billSpare: CAP-UPP-CONCURRENT-ONCE is not judgeable), its strict
    // password from the file.
    const text = readFileSync(join(ROOT, 'test/faults/profiles/minimal.yaml'), 'utf8');
    const minimal = join(dir, 'minimal.yaml');
    const withVariable = text.replace(`password: ${SECRET} }`, "password: '${LC_TEST_SECRET}' }");
    expect(withVariable).not.toBe(text);
    writeFileSync(minimal, withVariable);
    const out = join(dir, 'reports-hint');
    const run = await runCli([
      'run',
      '--profile',
      minimal,
      ...targets(),
      '--env-file',
      envFile,
      '--requirement',
      'CAP-NPA-8907',
      'CAP-UPP-CONCURRENT-ONCE',
      '--reporter',
      'console',
      'json',
      'markdown',
      '--out',
      out,
    ]);
    expect(run.code, run.stderr).toBe(0);
    const hint = `loyalty-conformance plan --profile ${minimal} --env-file ${envFile}`;
    expect(run.stdout).toContain(`(run ${hint} for what to add)`);
    expect(readFileSync(join(out, 'summary.md'), 'utf8')).toContain(hint);
    expect(JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')).manifest.profile.envFile).toBe(
      envFile,
    );
    // Without the file, plan stops on the profile's unset variable; with it, it says what to add.
    delete process.env.LC_TEST_SECRET;
    const plan = await runCli(hint.split(' ').slice(1));
    expect(plan.code, plan.stderr).toBe(0);
    expect(plan.stdout).toContain('CAP-UPP-CONCURRENT-ONCE');
    expect(plan.stdout + run.stdout).not.toContain(SECRET);
    // A dry run that would skip everything points at the same command.
    const dryRun = (...format: string[]) =>
      runCli([
        'run',
        '--dry-run',
        ...format,
        '--profile',
        minimal,
        ...targets(),
        '--env-file',
        envFile,
        '--requirement',
        'CAP-UPP-CONCURRENT-ONCE',
      ]);
    const dry = await dryRun();
    expect(dry.code, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`(LC_ERR_NOTHING_SELECTED); see ${hint}\n`);
    const json = await dryRun('--format', 'json');
    expect(JSON.parse(json.stdout).profile.envFile).toBe(envFile);
  });
});
