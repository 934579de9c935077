import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { type ProfileDocument, profilePathOf } from '../faults/profiles.ts';
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
