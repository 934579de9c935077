import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ReporterOptions } from '../../reporters/types.ts';
import { toCurl } from '../../src/client/redact.ts';
import { type ConformOptions, conform } from '../../src/engine/conform.ts';
import type { CheckResult, RequirementResult, RunResult, Verdict } from '../../src/engine/types.ts';
import { basicCredentials, md5hex } from '../../src/profile/secrets.ts';
import type { Handler, OperationId } from '../../src/reference/handlers/index.ts';
import { startReferenceServer } from '../../src/reference/server.ts';

/** A fresh temporary folder. */
export const tempDir = (prefix = 'lc-report-') => mkdtempSync(join(tmpdir(), prefix));

/**
 * A faulty provider: negativePointsAdjustment answers success whatever it is asked, moving no
 * points. The documented error codes (8906, 8907, 8015, ...) and the ledger arithmetic fail.
 */
export const FAULTY_NPA: Partial<Record<OperationId, Handler>> = {
  negativePointsAdjustment: () => ({ status: 200, body: { status: 'success', pointsAvailable: '1.000' } }),
};

/** A conformance run against a fresh reference provider with some handlers replaced. */
export async function conformAgainst(
  handlers: Partial<Record<OperationId, Handler>>,
  options: ConformOptions = {},
): Promise<RunResult> {
  const server = await startReferenceServer({ handlers });
  try {
    return await conform({
      ...options,
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
    });
  } finally {
    await server.close();
  }
}

/** The runs of {@link faultyNpaRun} and {@link referenceRun}, by provider and the evidence they keep. */
const sharedRuns = new Map<string, Promise<RunResult>>();

/**
 * A run against `handlers`, made once per test process for each `evidence` (vitest runs all the
 * files of a worker in one process): test files that read the same run had each made their own,
 * a whole conformance run apiece. Every caller gets a copy of its own, so that nothing a file does
 * to its run reaches another file.
 */
async function sharedRun(
  name: string,
  handlers: Partial<Record<OperationId, Handler>>,
  options: Pick<ConformOptions, 'evidence'>,
): Promise<RunResult> {
  const key = `${name} ${options.evidence ?? 'default'}`;
  let run = sharedRuns.get(key);
  if (!run) {
    run = conformAgainst(handlers, options);
    sharedRuns.set(key, run);
    // A run that failed is no run to share: the next file makes its own.
    run.catch(() => sharedRuns.delete(key));
  }
  return structuredClone(await run);
}

/** The run against {@link FAULTY_NPA}, shared within the test process (see {@link sharedRun}). */
export const faultyNpaRun = (options: Pick<ConformOptions, 'evidence'> = {}): Promise<RunResult> =>
  sharedRun('faulty-npa', FAULTY_NPA, options);

/** The run against the reference provider as it is, shared within the test process (see {@link sharedRun}). */
export const referenceRun = (options: Pick<ConformOptions, 'evidence'> = {}): Promise<RunResult> =>
  sharedRun('reference', {}, options);

/** Reporter options for tests: output captured in `lines`, curl lines from the client. */
export function reporterOptions(
  outDir: string,
  secrets: readonly string[] = [],
  overrides: Partial<ReporterOptions> = {},
): ReporterOptions & { readonly lines: string[] } {
  const lines: string[] = [];
  return {
    outDir,
    write: (text) => lines.push(text),
    interactive: false,
    color: false,
    secrets,
    curl: (exchange) => toCurl(exchange, secrets),
    lines,
    ...overrides,
  };
}

// --- canary secrets ---

/** Profile-like credentials whose values must never reach a report or a log. */
export const CANARY = {
  username: 'till.canary',
  password: 'canary-PASSWORD-7f3a9c',
  token: 'canary-TOKEN-b41e0d2c9a',
  oauthSecret: 'canary-OAUTH-SECRET-5d21',
} as const;

/** The Basic credentials of the canary till: `base64(username:md5hex(password))`. */
export const CANARY_BASIC = basicCredentials(CANARY.username, CANARY.password);

/** The secret list a profile with the canary credentials yields (as `secretsOf` builds it). */
export const CANARY_SECRETS: readonly string[] = [
  CANARY.password,
  md5hex(CANARY.password),
  CANARY_BASIC,
  CANARY.token,
  CANARY.oauthSecret,
].sort((a, b) => b.length - a.length);

/** The canary values a test looks for, in the forms they could leak in. */
export const CANARY_FORMS: readonly string[] = [
  ...CANARY_SECRETS,
  ...CANARY_SECRETS.map(encodeURIComponent),
  ...CANARY_SECRETS.map((s) => Buffer.from(s).toString('base64')),
];

const check = (
  overrides: Partial<CheckResult> & Pick<CheckResult, 'requirementId' | 'verdict'>,
): CheckResult => ({
  checkId: 'negative-balance.over-balance-8907',
  principal: 'strict',
  message: 'expected a 4xx with error code 8907',
  exchangeIds: [],
  ...overrides,
});

const requirement = (
  id: string,
  verdict: Verdict,
  checks: CheckResult[],
  overrides: Partial<RequirementResult> = {},
): RequirementResult => {
  const counts: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const c of checks) counts[c.verdict] += c.occurrences ?? 1;
  return {
    id,
    title: `Rule ${id}`,
    level: 'MUST',
    operations: ['negativePointsAdjustment'],
    source: {
      document: 'capillary-npa',
      title: 'Capillary docs: Deduct points from user',
      url: 'https://docs.capillarytech.com/reference/deduct-points-from-user',
      section: 'API Error Codes',
    },
    verdict,
    counts,
    checks,
    ...overrides,
  };
};

/**
 * A run whose evidence carries the canary credentials as if the client had not redacted them:
 * in the URL (user-info and query), the Authorization and OAuth headers, request and response
 * bodies, a check's actual value, a scenario's reason and an exchange error message. Values a
 * hostile target controls carry markup and control characters too.
 */
export function leakyRun(): RunResult {
  const hostile = `<img src=x onerror="window.__xss=1">]]>\u0000\u001b[2J`;
  const exchange = {
    id: 7,
    operationId: 'negativePointsAdjustment',
    family: 'capillary' as const,
    principal: 'strict',
    request: {
      method: 'POST',
      url: `http://${CANARY.username}:${CANARY.password}@127.0.0.1:9/v2/customers/lookup/negativePointsAdjustment?token=${encodeURIComponent(CANARY.token)}`,
      headers: {
        authorization: `Basic ${CANARY_BASIC}`,
        'x-cap-api-oauth-token': CANARY.token,
        'content-type': 'application/json',
      },
      body: { pointsToBeAdjusted: '5', password: CANARY.password, note: `secret is ${CANARY.oauthSecret}` },
    },
    response: {
      status: 200,
      headers: { 'content-type': 'application/json', 'set-cookie': `sid=${CANARY.token}` },
      bodyText: JSON.stringify({ status: 'success', echo: CANARY.password, html: hostile }),
      body: { status: 'success', echo: CANARY.password, html: hostile },
    },
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 3,
    attempts: 1,
  };
  const failing = check({
    requirementId: 'CAP-NPA-8907',
    verdict: 'fail',
    expected: 'a 4xx with error code 8907',
    actual: `200 {"echo":"${CANARY.password}","html":"${hostile}"}`,
    exchangeIds: [7],
  });
  const erroring = check({
    requirementId: 'CAP-NPA-8015',
    checkId: 'input-validation.unknown-customer-8015',
    verdict: 'error',
    message: `scenario error: Basic ${CANARY_BASIC} refused`,
    exchangeIds: [8],
  });
  const warning = check({
    requirementId: 'GEN-UNDOCUMENTED-FIELDS',
    checkId: 'universal.undocumented-fields',
    verdict: 'warn',
    message: 'undocumented field',
    expected: 'only status, pointsAvailable',
    actual: `echo, html ${hostile}`,
    exchangeIds: [7],
  });
  const passing = check({
    requirementId: 'CAP-NPA-ARITHMETIC',
    checkId: 'universal.no-5xx',
    verdict: 'pass',
    message: 'no 5xx: held on 12 exchange(s)',
    occurrences: 12,
  });
  const skipped = check({
    requirementId: 'CAP-NPA-NEGATIVE-ALLOWED',
    checkId: 'negative-balance.negative-allowed',
    verdict: 'skip',
    message: 'negative balance is off for this org',
  });
  return {
    manifest: {
      tool: { name: 'loyalty-conformance', version: '0.1.0' },
      startedAt: '2026-01-01T00:00:00.000Z',
      finishedAt: '2026-01-01T00:00:01.000Z',
      durationMs: 1000,
      profile: { name: 'canary', environment: 'staging', source: 'canary.yaml' },
      targets: { capillary: `http://${CANARY.username}:${CANARY.password}@127.0.0.1:9` },
      orgs: ['strict'],
      specHashes: { 'specs/capillary-points.v2.yaml': 'a'.repeat(64) },
      seed: 1,
      filters: {},
      scenarioIds: ['negative-balance.over-balance-8907'],
    },
    verdict: 'fail',
    exitCode: 1,
    requirements: [
      requirement('CAP-NPA-8907', 'fail', [failing], { title: `Over balance ${hostile}` }),
      requirement('CAP-NPA-8015', 'error', [erroring]),
      requirement('GEN-UNDOCUMENTED-FIELDS', 'warn', [warning], { level: 'SHOULD' }),
      requirement('CAP-NPA-ARITHMETIC', 'pass', [passing]),
      requirement('CAP-NPA-NEGATIVE-ALLOWED', 'skip', [skipped]),
      requirement('CAP-NPA-NO-RATE-LIMIT', 'skip', [], {
        uncoveredReason: 'not testable black-box: rate limits',
      }),
    ],
    scenarios: [
      {
        scenarioId: 'negative-balance.over-balance-8907',
        title: 'over balance',
        principal: 'strict',
        verdict: 'fail',
        durationMs: 4,
        reason: `token ${CANARY.token} rejected`,
      },
    ],
    exchanges: [
      exchange,
      {
        ...exchange,
        id: 8,
        response: undefined,
        error: { code: 'ECONNRESET', message: `socket closed after ${CANARY.password}` },
      },
    ],
    totals: { exchanges: 2, checks: { pass: 1, fail: 1, warn: 1, skip: 1, error: 1 } },
  } as unknown as RunResult;
}
