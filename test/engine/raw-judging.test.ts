import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { REPORTER_NAMES } from '../../reporters/registry.ts';
import { conform } from '../../src/engine/conform.ts';
import { REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';
import { loadDataset } from '../../src/reference/dataset.ts';
import {
  DEFAULT_DATASET_PATH,
  type ReferenceServer,
  startReferenceServer,
} from '../../src/reference/server.ts';
import { runCli } from '../cli/capture.ts';
import { tempDir } from '../reporters/support.ts';

/**
 * Checks judge the exchange as received; only what is written out is redacted. A Basic password
 * equal to a figure the target answers (the strict till's password `669.000`, the pointsAvailable
 * the reference provider answers after a deduction of 1 from 670) was once redacted out of the
 * answer before judging, and a correct target failed GEN-BODY-SCHEMA ("expected a number or a
 * numeric string, got [REDACTED]") and CAP-NPA-PROGRAM-SCOPE.
 */
const PASSWORD = '669.000';

let server: ReferenceServer;
let profilePath: string;

beforeAll(async () => {
  const dataset = loadDataset(DEFAULT_DATASET_PATH);
  const strict = dataset.orgs.find((org) => org.id === 'strict')!;
  strict.credentials.tills[0]!.password = PASSWORD;
  server = await startReferenceServer({ dataset });
  const yaml = readFileSync(REFERENCE_PROFILE_PATH, 'utf8');
  expect(yaml).toContain('password: strict-till-secret');
  profilePath = join(tempDir('lc-raw-judging-'), 'profile.yaml');
  writeFileSync(profilePath, yaml.replace('password: strict-till-secret', `password: '${PASSWORD}'`));
});

afterAll(async () => {
  await server?.close();
});

const target = () => ['--capillary-url', server.capillaryBaseUrl, '--fabric-url', server.fabricBaseUrl];

describe('checks judge the raw exchange', () => {
  it('passes a correct target whose answer holds text equal to a profile secret', async () => {
    server.reset();
    let answered = false;
    const result = await conform({
      profilePath,
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
      requirements: ['CAP-NPA-PROGRAM-SCOPE'],
      evidence: 'all',
      events: {
        onExchange(exchange) {
          // The recorded form, as every listener gets it: redacted.
          expect(JSON.stringify(exchange)).not.toContain(PASSWORD);
          if (/"pointsAvailable":"\[REDACTED\]"/.test(exchange.response?.bodyText ?? '')) answered = true;
        },
      },
    });
    // The target did answer the password's text (seen redacted in the recorded exchange).
    expect(answered).toBe(true);
    const failing = result.requirements.flatMap((r) =>
      r.checks
        .filter((c) => c.verdict === 'fail' || c.verdict === 'error')
        .map((c) => `${c.checkId}: ${c.message}`),
    );
    expect(failing).toEqual([]);
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-PROGRAM-SCOPE')?.verdict).toBe('pass');
    expect(result.exitCode).toBe(0);
    // Nothing of the result carries it: exchanges recorded, messages redacted.
    expect(JSON.stringify(result)).not.toContain(PASSWORD);
  });

  it('writes the secret in no file and no line of a run with every reporter', async () => {
    server.reset();
    const dir = tempDir('lc-raw-judging-');
    const outDir = join(dir, 'reports');
    const stepSummary = join(dir, 'step-summary.md');
    writeFileSync(stepSummary, '');
    vi.stubEnv('GITHUB_STEP_SUMMARY', stepSummary);
    vi.stubEnv('GITHUB_ACTIONS', 'true');
    try {
      const { code, stdout, stderr } = await runCli([
        'run',
        '--profile',
        profilePath,
        ...target(),
        '--requirement',
        'CAP-NPA-PROGRAM-SCOPE',
        'GEN-BODY-SCHEMA',
        '--evidence',
        'all',
        '--reporter',
        ...REPORTER_NAMES,
        '--out',
        outDir,
      ]);
      expect(code, stderr).toBe(0);
      const outputs: Record<string, string> = { stdout, stderr };
      for (const file of readdirSync(outDir)) outputs[file] = readFileSync(join(outDir, file), 'utf8');
      if (existsSync(stepSummary)) outputs.GITHUB_STEP_SUMMARY = readFileSync(stepSummary, 'utf8');
      expect(Object.keys(outputs)).toEqual(
        expect.arrayContaining(['conformance.json', 'junit.xml', 'report.html', 'summary.md']),
      );
      const leaks = Object.entries(outputs).filter(([, text]) => text.includes(PASSWORD));
      expect(leaks.map(([where]) => where)).toEqual([]);
      // The answer holding it is in the report, redacted.
      expect(outputs['conformance.json']).toContain('"pointsAvailable\\":\\"[REDACTED]\\"');
    } finally {
      vi.unstubAllEnvs();
    }
  });
});
