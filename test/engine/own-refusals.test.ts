import { describe, expect, it } from 'vitest';
import { formatConsoleSummary } from '../../reporters/console.ts';
import { renderJsonReport } from '../../reporters/json.ts';
import { renderMarkdown } from '../../reporters/markdown.ts';
import type { RecordedHead } from '../../src/client/exchange.ts';
import { toCurl } from '../../src/client/redact.ts';
import { conform } from '../../src/engine/conform.ts';
import { createOwnRefusals, mergeOwnRefusals } from '../../src/engine/own-refusals.ts';
import type { CallOptions, CheckResult, RunResult, Verdict } from '../../src/engine/types.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { parseReport } from '../../src/report/load-report.ts';
import { FAULTS, type FaultOptions } from '../faults/catalogue.ts';
import { type ProfileSource, profilePathOf } from '../faults/profiles.ts';
import { readOnlyCredentials } from '../faults/read-only-credentials.ts';
import { referenceRun } from '../reporters/support.ts';

const head = (id: number, status: number, operationId = 'negativePointsAdjustment', principal = 'strict') =>
  ({
    id,
    operationId,
    family: 'capillary',
    principal,
    request: { method: 'POST', url: '' },
    response: { status },
  }) as RecordedHead;

const result = (verdict: Verdict, ...exchangeIds: number[]): CheckResult => ({
  requirementId: 'R',
  checkId: 's.x',
  principal: 'strict',
  verdict,
  message: '',
  exchangeIds,
});

describe('createOwnRefusals', () => {
  it("counts the calls sent with the principal's own credentials, refused, and cited by a result that fails or could not be judged", () => {
    const own = createOwnRefusals();
    const calls: [RecordedHead, CallOptions | undefined][] = [
      [head(1, 401), undefined],
      [head(2, 403, 'unlockPromisedPoints'), { auth: 'default' }],
      [head(3, 401, 'adjustMemberPoints', 'fabric'), {}],
      [head(4, 401), { auth: 'restricted' }],
      [head(5, 401), { auth: 'none' }],
      [head(6, 401), { auth: { headers: { authorization: 'Basic x' } } }],
      [head(7, 401), { auth: 'alternate' }],
      [head(8, 200), undefined],
      [head(9, 401), undefined],
      [head(10, 401), undefined],
    ];
    for (const [h, call] of calls) own.observe(h, call);
    // 9 is cited by a pass only, 3 by a warning only (a refusal judged as allowed); 10 by none; 1 twice.
    const cited = [
      result('fail', 1, 4, 5, 6, 7, 8),
      result('error', 2, 1),
      result('warn', 3),
      result('pass', 9),
    ];
    expect(own.summary(cited)).toEqual({
      calls: 2,
      statuses: [401, 403],
      principals: ['strict'],
      operations: [
        { operationId: 'negativePointsAdjustment', calls: 1 },
        { operationId: 'unlockPromisedPoints', calls: 1 },
      ],
    });
    expect(own.summary([result('pass', 1, 2, 3)])).toBeUndefined();
    expect(createOwnRefusals().summary(cited)).toBeUndefined();
  });

  it("merges shards' counts", () => {
    const one = {
      calls: 2,
      statuses: [401],
      principals: ['strict'],
      operations: [{ operationId: 'a', calls: 2 }],
    };
    const two = {
      calls: 3,
      statuses: [403],
      principals: ['fabric'],
      operations: [
        { operationId: 'b', calls: 2 },
        { operationId: 'a', calls: 1 },
      ],
    };
    expect(mergeOwnRefusals([one, undefined, two])).toEqual({
      calls: 5,
      statuses: [401, 403],
      principals: ['fabric', 'strict'],
      operations: [
        { operationId: 'a', calls: 3 },
        { operationId: 'b', calls: 2 },
      ],
    });
    expect(mergeOwnRefusals([undefined, undefined])).toBeUndefined();
  });
});

/** A run of the whole suite against the reference provider with `options`' seams. */
async function runAgainst(options: FaultOptions, profile?: ProfileSource) {
  const server = await startReferenceServer({ ...options, port: 0 });
  try {
    return await conform({
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
      ...(profile ? { profilePath: profilePathOf(profile) } : {}),
    });
  } finally {
    await server.close();
  }
}

const HINT = "sent with the profile's own credentials";
const consoleOf = (run: RunResult) => formatConsoleSummary(run);
const jsonOf = (run: RunResult) => renderJsonReport(run, { secrets: [], curl: (e) => toCurl(e, []) });

describe('credentials that may read but not write', () => {
  it('are named in one line of the console summary, summary.md and the JSON report; the verdicts stand', async () => {
    const seam = readOnlyCredentials();
    const run = await runAgainst(seam.options);
    // Not a tool outcome: a target refusing valid credentials on writes must still be caught.
    expect(run.exitCode).toBe(1);
    const refused = run.ownCredentialsRefused;
    expect(refused).toBeDefined();
    // Every write operation the provider refused, for every principal, and only 401s.
    expect(refused?.operations.map((o) => o.operationId).sort()).toEqual([...seam.refused.keys()].sort());
    expect(refused?.statuses).toEqual([401]);
    expect(refused?.principals).toEqual(['fabric', 'lenient', 'strict']);
    expect(refused?.operations.reduce((n, o) => n + o.calls, 0)).toBe(refused?.calls);
    // The count is of calls failing checks cite, which the report keeps (default evidence):
    // here every kept 401 to a write (the restricted till is answered 403, wrong credentials are
    // cited by passing checks only). Fewer than the provider refused: a refusal a check accepts
    // (any 4xx of a generated invalid input) is cited by passes only.
    const citedByFailures = new Set(
      run.requirements
        .flatMap((r) => r.checks)
        .filter((c) => c.verdict === 'fail' || c.verdict === 'error')
        .flatMap((c) => c.exchangeIds),
    );
    const kept401Writes = run.exchanges.filter(
      (e) => e.response?.status === 401 && e.request.method === 'POST' && citedByFailures.has(e.id),
    );
    expect(refused?.calls).toBe(kept401Writes.length);
    const total = [...seam.refused.values()].reduce((n, c) => n + c, 0);
    expect(refused?.calls).toBeLessThanOrEqual(total);

    const line = `${refused?.calls} calls ${HINT} (fabric, org lenient, org strict) were refused (401) on ${refused?.operations.map((o) => `${o.operationId} (${o.calls})`).join(', ')}: if the till may read but not write (Capillary's Points access group) or the token lacks a scope, fix the profile; the failures that cite them may be the profile's, not the target's`;
    const lines = consoleOf(run).split('\n');
    expect(lines.filter((l) => l.includes(HINT))).toEqual([line]);
    const markdown = renderMarkdown(run).split('\n');
    expect(markdown.filter((l) => l.includes(HINT))).toHaveLength(1);
    expect(markdown.find((l) => l.includes(HINT))).toContain(
      'the failures that cite them may be the profile',
    );
    // The JSON report carries it, valid against the schema, and reads back.
    expect(parseReport(jsonOf(run), 'conformance.json').ownCredentialsRefused).toEqual(refused);
  });

  it('are not named for the refusals a run asks for (wrong, missing, restricted credentials)', async () => {
    // Every exchange kept: the reference run's wrong-credential 401s and the restricted till's 403s are there.
    const reference = await referenceRun({ evidence: 'all' });
    const statuses = new Set(reference.exchanges.map((e) => e.response?.status));
    expect(statuses.has(401) && statuses.has(403)).toBe(true);
    expect(reference.exitCode).toBe(0);
    expect(reference.ownCredentialsRefused).toBeUndefined();
    expect(consoleOf(reference)).not.toContain(HINT);
    expect(renderMarkdown(reference)).not.toContain(HINT);
    expect(jsonOf(reference)).not.toContain('ownCredentialsRefused');
  });

  it('are not named for a fault refusing the alternate credentials on writes', async () => {
    const fault = FAULTS.find((f) => f.id === 'auth-basic-refused-on-writes');
    expect(fault).toBeDefined();
    if (!fault) return;
    const run = await runAgainst(fault.options, fault.profile);
    expect(run.exitCode).toBe(1);
    expect(run.exchanges.some((e) => e.response?.status === 401 && e.request.method === 'POST')).toBe(true);
    expect(run.ownCredentialsRefused).toBeUndefined();
    expect(consoleOf(run)).not.toContain(HINT);
  });
});
