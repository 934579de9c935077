import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { REPORTERS, type ReporterName } from '../../reporters/index.ts';
import { loadProfile, REFERENCE_PROFILE_PATH, secretsOf } from '../../src/profile/index.ts';
import { runCli } from '../cli/capture.ts';
import { CANARY_FORMS, CANARY_SECRETS, leakyRun, reporterOptions, tempDir } from './support.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

/** Everything a reporter left behind: its line output and every file of its folder and the step summary. */
function outputsOf(outDir: string, lines: readonly string[], stepSummary: string): Record<string, string> {
  const outputs: Record<string, string> = { stdout: lines.join('') };
  for (const file of existsSync(outDir) ? readdirSync(outDir) : []) {
    outputs[file] = readFileSync(join(outDir, file), 'utf8');
  }
  if (existsSync(stepSummary)) outputs.GITHUB_STEP_SUMMARY = readFileSync(stepSummary, 'utf8');
  return outputs;
}

const leaks = (outputs: Record<string, string>, secrets: readonly string[]) =>
  Object.entries(outputs).flatMap(([where, text]) =>
    secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${where}`),
  );

describe('reporters and secrets', () => {
  it.each(Object.keys(REPORTERS) as ReporterName[])(
    '%s writes no canary password, token or Basic header, even from unredacted evidence',
    async (name) => {
      const dir = tempDir();
      const outDir = join(dir, 'out');
      const stepSummary = join(dir, 'step-summary.md');
      vi.stubEnv('GITHUB_STEP_SUMMARY', stepSummary);
      // The github reporter writes its annotations only inside GitHub Actions.
      vi.stubEnv('GITHUB_ACTIONS', 'true');
      const options = reporterOptions(outDir, CANARY_SECRETS);
      const run = leakyRun();
      // The run really carries the canaries before redaction.
      expect(JSON.stringify(run)).toContain(CANARY_SECRETS[0]);

      await REPORTERS[name](options).onRunEnd?.(run);

      const outputs = outputsOf(outDir, options.lines, stepSummary);
      expect(Object.values(outputs).join('').length).toBeGreaterThan(200);
      expect(leaks(outputs, CANARY_FORMS)).toEqual([]);
      // Markdown shows it with its brackets escaped (`\[REDACTED\]`): no link from a target's text.
      expect(Object.values(outputs).join('')).toMatch(/\\?\[REDACTED\\?\]/);
    },
  );

  // Exchanges are recorded (redacted) only when a report keeps them: the default keeps those
  // behind non-passing checks, `--evidence all` every one a check cites; either way redacted first.
  it.each([
    ['default', []],
    ['all', ['--evidence', 'all']],
  ])(
    'keeps the reference profile secrets out of every report and log of a real run (evidence %s)',
    async (_evidence, args) => {
      const dir = tempDir();
      const outDir = join(dir, 'reports');
      const stepSummary = join(dir, 'step-summary.md');
      writeFileSync(stepSummary, '');
      vi.stubEnv('GITHUB_STEP_SUMMARY', stepSummary);
      const secrets = secretsOf(loadProfile(REFERENCE_PROFILE_PATH));
      expect(secrets.length).toBeGreaterThan(5);

      const { code, stdout, stderr } = await runCli(['run', '--out', outDir, ...args]);

      expect(code).toBe(0);
      const outputs: Record<string, string> = { ...outputsOf(outDir, [stdout], stepSummary), stderr };
      expect(Object.keys(outputs)).toEqual(
        expect.arrayContaining([
          'conformance.json',
          'junit.xml',
          'report.html',
          'summary.md',
          'GITHUB_STEP_SUMMARY',
        ]),
      );
      expect(leaks(outputs, secrets)).toEqual([]);
      // A scheme word the authentication scenarios send alone (`Basic`, `Bearer `) is no secret:
      // the run's own messages keep it readable (it read "[REDACTED] is the org's auth").
      expect(Object.values(outputs).join('')).not.toMatch(
        /REDACTED\\?\] is the org's auth|the word \\?\[REDACTED|REDACTED\\?\]without/,
      );
      // OAuth tokens are minted during the run, so no list names them: their headers are redacted by name.
      const report = JSON.parse(outputs['conformance.json']!) as {
        exchanges: { request: { headers: Record<string, string> }; response?: { bodyText: string } }[];
      };
      if (args.length > 0) expect(report.exchanges.length).toBeGreaterThan(500);
      const credentials = report.exchanges.flatMap((e) =>
        Object.entries(e.request.headers).filter(
          ([k]) => k === 'authorization' || k === 'x-cap-api-oauth-token',
        ),
      );
      expect(credentials.length).toBeGreaterThan(10);
      // An empty one (sent so on purpose, with `--evidence all` in the report) has nothing to hide.
      for (const [, value] of credentials) if (value !== '') expect(value).toMatch(/^(?:\w+ )?\[REDACTED\]$/);
      // A token the target minted is redacted in the answer that carried it, by its key.
      const tokens = report.exchanges.flatMap((e) => [
        ...(e.response?.bodyText ?? '').matchAll(/"(?:accessToken|token)"\s*:\s*("[^"]*")/gi),
      ]);
      if (args.length > 0) expect(tokens.length).toBeGreaterThan(0);
      for (const [, value] of tokens) expect(value).toBe('"[REDACTED]"');
    },
  );
});
