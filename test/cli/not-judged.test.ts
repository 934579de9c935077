import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notJudgedLine } from '../../src/cli/reporting.ts';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { type ProfileDocument, profilePathOf } from '../faults/profiles.ts';
import { leakyRun } from '../reporters/support.ts';
import { runCli } from './capture.ts';

/**
 * A run that completes but could not judge some requirement (verdict `error`) exits 2. Like every
 * other exit 2, it says so in one line on stderr: which requirements, and the first reason, so a
 * CI log shows why without opening the reports.
 */
let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ port: 0 });
});
afterAll(() => server.close());

/** The reference profile with a wrong OAuth client secret in the strict org (the run cannot get a token). */
const wrongOAuthSecret = () =>
  profilePathOf({
    edit: (p: ProfileDocument) => {
      const strict = p.capillary.orgs[0];
      strict.alternateAuth = { ...strict.alternateAuth, secret: 'not-the-client-secret' };
    },
  });

describe('run that could not judge a requirement', () => {
  it('exits 2 with one stderr line naming the requirements and the first reason, never the secret', async () => {
    server.reset();
    const out = mkdtempSync(join(tmpdir(), 'lc-not-judged-'));
    const { code, stdout, stderr } = await runCli([
      'run',
      '--profile',
      wrongOAuthSecret(),
      '--capillary-url',
      server.capillaryBaseUrl,
      '--fabric-url',
      server.fabricBaseUrl,
      '--requirement',
      'CAP-AUTH-OAUTH',
      '--reporter',
      'json',
      '--out',
      out,
    ]);
    expect(code).toBe(2);
    expect(stdout).toContain('(NOT JUDGED)');
    const lines = stderr.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^loyalty-conformance: NOT JUDGED: \d+ requirements? could not be judged \(error\): [A-Z0-9, -]*CAP-AUTH-OAUTH[A-Z0-9, -]*; first: authentication\.capillary-oauth @strict: .*Could not obtain an OAuth token.*; the reports in .* say why$/,
    );
    expect(stderr).not.toContain('not-the-client-secret');
  });
});

describe('the not-judged line quoting a hostile answer', () => {
  it("shows the first reason's control characters as escapes, on one line", () => {
    const run = leakyRun();
    const requirement = run.requirements[0]!;
    const reason = 'cannot judge: 503 text/plain: \u001b[2J\u001b]0;pwned\u0007down\u0085now\u2028x';
    const errored = {
      ...requirement,
      verdict: 'error' as const,
      checks: [{ ...requirement.checks[0]!, verdict: 'error' as const, message: reason }],
    };
    const line = notJudgedLine({ ...run, requirements: [errored] }, 'the reports in out are');
    expect(line).toContain('cannot judge: 503 text/plain: \\u001b[2J\\u001b]0;pwned\\u0007down now x');
    // biome-ignore lint/suspicious/noControlCharactersInRegex: no control character may be left
    expect(line).not.toMatch(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/);
  });
});
