import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPORTERS, type ReporterName } from '../../reporters/index.ts';
import { REDACTED } from '../../src/client/redact.ts';
import { conform } from '../../src/engine/conform.ts';
import { loadProfile, REFERENCE_PROFILE_PATH, secretsOf } from '../../src/profile/index.ts';
import { bodyRecord } from '../../src/reference/handlers/context.ts';
import { type ReferenceHooks, startReferenceServer } from '../../src/reference/server.ts';
import { reporterOptions, tempDir } from '../reporters/support.ts';

/**
 * CAP-AUTH-TOKEN-GENERATE judges the token request the run made for its own calls (the reference
 * profile's alternate OAuth client), not one of its own: one token per client, and the evidence
 * shows the exchange with the secret and the token redacted in every report.
 */
describe('CAP-AUTH-TOKEN-GENERATE on the run’s own token exchange', () => {
  it('asks each client for one token, cites that exchange, and no report holds its secret or token', async () => {
    const tokens: string[] = [];
    const requestsByKey = new Map<string, number>();
    const server = await startReferenceServer({
      hooks: {
        reply: (operationId, reply, request) => {
          if (operationId === 'generateOAuthToken') {
            const key = String(bodyRecord(request.body).key);
            requestsByKey.set(key, (requestsByKey.get(key) ?? 0) + 1);
            const token = bodyRecord(bodyRecord(reply.body).data).accessToken;
            if (typeof token === 'string') tokens.push(token);
          }
          return reply;
        },
      },
    });
    let run: Awaited<ReturnType<typeof conform>>;
    try {
      run = await conform({
        capillaryUrl: server.capillaryBaseUrl,
        fabricUrl: server.fabricBaseUrl,
        requirements: ['CAP-AUTH-TOKEN-GENERATE'],
        evidence: 'all',
      });
    } finally {
      await server.close();
    }

    expect(run.exitCode).toBe(0);
    // One token request per OAuth client: the run's own, judged (no second one of the scenario's).
    expect([...requestsByKey.values()]).toEqual([1, 1]);
    expect(tokens).toHaveLength(2);
    const checks = run.requirements.find((r) => r.id === 'CAP-AUTH-TOKEN-GENERATE')?.checks ?? [];
    expect(checks.map((c) => c.verdict)).toEqual(['pass', 'pass']);
    for (const check of checks) {
      const cited = run.exchanges.filter((e) => check.exchangeIds.includes(e.id));
      expect(cited.map((e) => e.operationId)).toEqual(['generateOAuthToken']);
      const exchange = cited[0]!;
      expect(bodyRecord(exchange.request.body).secret).toBe(REDACTED);
      expect(bodyRecord(bodyRecord(exchange.response?.body).data).accessToken).toBe(REDACTED);
    }

    const secrets = [...secretsOf(loadProfile(REFERENCE_PROFILE_PATH)), ...tokens];
    expect(secrets).toEqual(expect.arrayContaining(['strict-client-secret', 'lenient-client-secret']));
    const outDir = join(tempDir(), 'reports');
    const texts: Record<string, string> = { result: JSON.stringify(run) };
    for (const name of ['console', 'json', 'html', 'junit', 'markdown', 'har'] as ReporterName[]) {
      const options = reporterOptions(outDir, secrets);
      await REPORTERS[name](options).onRunEnd?.(run);
      texts[`${name} stdout`] = options.lines.join('');
    }
    for (const file of readdirSync(outDir)) texts[file] = readFileSync(join(outDir, file), 'utf8');
    expect(Object.keys(texts).length).toBeGreaterThan(5);
    const leaks = Object.entries(texts).flatMap(([where, text]) =>
      secrets.filter((secret) => text.includes(secret)).map((secret) => `${secret} in ${where}`),
    );
    expect(leaks).toEqual([]);
  }, 60_000);

  /** A run of the two OAuth requirements against a token endpoint whose every answer is `reply`. */
  const withTokenAnswer = async (reply: { status: number; body: unknown }) => {
    const hooks: ReferenceHooks = {
      reply: (operationId, answer) => (operationId === 'generateOAuthToken' ? reply : answer),
    };
    const server = await startReferenceServer({ hooks });
    try {
      return await conform({
        capillaryUrl: server.capillaryBaseUrl,
        fabricUrl: server.fabricBaseUrl,
        requirements: ['CAP-AUTH-TOKEN-GENERATE', 'CAP-AUTH-OAUTH'],
      });
    } finally {
      await server.close();
    }
  };
  const verdicts = (run: Awaited<ReturnType<typeof conform>>) =>
    Object.fromEntries(run.requirements.map((r) => [r.id, r.verdict]));

  it('judges a token answer without a token (the endpoint is outside the documents: warn), OAuth not judged', async () => {
    const run = await withTokenAnswer({ status: 200, body: { data: { token: 'not-where-documented' } } });
    expect(verdicts(run)).toMatchObject({ 'CAP-AUTH-TOKEN-GENERATE': 'warn', 'CAP-AUTH-OAUTH': 'skip' });
    expect(run.exitCode).toBe(0);
  }, 60_000);

  it('warns on a token no header can carry (it passed while OAuth was not judged: twenty-second fault hunt)', async () => {
    const run = await withTokenAnswer({
      status: 200,
      body: { data: { accessToken: 'issued\u0001token', ttlSeconds: 3600 }, errors: null },
    });
    expect(verdicts(run)).toMatchObject({ 'CAP-AUTH-TOKEN-GENERATE': 'warn', 'CAP-AUTH-OAUTH': 'skip' });
    expect(run.exitCode).toBe(0);
  }, 60_000);

  it("stops on a refused key and secret (the profile's credentials): exit 2, never a verdict on the target", async () => {
    const run = await withTokenAnswer({ status: 401, body: { errors: [{ code: 401, message: 'bad key' }] } });
    expect(run.exitCode).toBe(2);
    expect(verdicts(run)).toMatchObject({ 'CAP-AUTH-TOKEN-GENERATE': 'error', 'CAP-AUTH-OAUTH': 'error' });
  }, 60_000);
});
