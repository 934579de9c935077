import { beforeAll, describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { dropIssues, type FaultOptions } from '../faults/catalogue.ts';
import { orgsOf, profilePathOf } from '../faults/profiles.ts';

/**
 * A profile whose bills the target does not have (it describes another environment, or the target
 * was reset): the target's "no bill found" (82323277) to an unlock of a declared bill is a tool
 * outcome, not a failure of the target. Here every bill of the strict org is renamed to a number
 * the reference provider lacks; its customers are the reference's own.
 */
const ELSEWHERE = 'LC-OTHER-ENV-';

/** A run against the reference provider (with `options`), every bill of the strict org renamed. */
async function runWithBillsElsewhere(
  options: FaultOptions = {},
  requirements?: readonly string[],
): Promise<RunResult> {
  const server = await startReferenceServer({ ...options, port: 0 });
  try {
    return await conform({
      profilePath: profilePathOf({
        edit: (p) => {
          const bills = orgsOf(p)[0]!.fixtures.bills as Record<string, { billNumber: string }>;
          for (const [key, bill] of Object.entries(bills)) bill.billNumber = `${ELSEWHERE}${key}`;
        },
      }),
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
      ...(requirements ? { requirements } : {}),
    });
  } finally {
    await server.close();
  }
}

const cannotJudge = (key: string) =>
  `cannot judge: the target answered 400 with code 82323277 (no bill found) to an unlock of bill ${key} of org strict (fixtures.bills.${key}): declare a bill the target has under fixtures.bills, or reset the target`;

let result: RunResult;
beforeAll(async () => {
  result = await runWithBillsElsewhere();
}, 60_000);

const strictChecksOf = (scenarioId: string) =>
  result.requirements
    .flatMap((r) => r.checks)
    .filter((c) => c.principal === 'strict' && c.checkId === scenarioId);
const checksOf = (requirementId: string, principal: string) =>
  result.requirements
    .find((r) => r.id === requirementId)!
    .checks.filter((c) => c.principal === principal && !c.checkId.startsWith('universal.'));

describe('run with a profile bill the target does not know', () => {
  it('fails nothing, and exits 2 (cannot judge)', () => {
    expect(result.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id)).toEqual([]);
    expect(result.exitCode).toBe(2);
  });

  it.each([
    ['promised-points.filters', 'billWithLineItems', 'CAP-UPP-MOVE'],
    ['promised-points.move-once', 'billWhole', 'CAP-UPP-TYPE-DEFAULT'],
    ['concurrency.parallel-unlock', 'billSpare', 'CAP-UPP-CONCURRENT-ONCE'],
    ['promised-points.unknown-event-log-3918', 'billWithLineItems', 'CAP-UPP-3918'],
    ['promised-points.event-name-82323272', 'billWithLineItems', 'CAP-UPP-82323272'],
  ])('%s: an error in the strict org naming bill %s, the code and what to do', (scenarioId, key, one) => {
    const checks = strictChecksOf(scenarioId);
    const errors = checks.filter((c) => c.verdict === 'error');
    expect(errors.map((c) => c.requirementId)).toContain(one);
    expect(checks.filter((c) => c.verdict === 'fail')).toEqual([]);
    for (const { message } of errors) {
      expect(message).toBe(cannotJudge(key));
      // The profile's key names the bill; its number is not repeated.
      expect(message).not.toContain(ELSEWHERE);
    }
  });

  it('still judges the source, the type and the group, which the reference refuses before looking up the bill', () => {
    for (const scenarioId of ['promised-points.source-invalid', 'promised-points.query-errors']) {
      const checks = strictChecksOf(scenarioId);
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((c) => c.verdict === 'pass')).toBe(true);
    }
  });

  it('still judges the other org, and an unknown bill number must still get 82323277', () => {
    for (const requirementId of ['CAP-UPP-MOVE', 'CAP-UPP-ONCE', 'CAP-UPP-CONCURRENT-ONCE']) {
      // Scenarios whose fixture the lenient org lacks (a secondProgram bill) are skipped there.
      const checks = checksOf(requirementId, 'lenient').filter((c) => c.verdict !== 'skip');
      expect(checks.length).toBeGreaterThan(0);
      expect(checks.every((c) => c.verdict === 'pass')).toBe(true);
    }
    expect(result.requirements.find((r) => r.id === 'CAP-UPP-82323277')?.verdict).toBe('pass');
  });
});

describe('a target that looks the bill up before the source and the type', () => {
  // The enums of source and type dropped from the spec's validation: the reference's ledger then
  // looks the bill up first (and, in the lenient org whose bills it has, no longer refuses the type).
  const bypass = new Set(['query.source', 'query.type']);
  let first: RunResult;
  beforeAll(async () => {
    first = await runWithBillsElsewhere(
      {
        hooks: {
          validate: dropIssues('unlockPromisedPoints', (i) => i.keyword === 'enum' && bypass.has(i.where)),
        },
      },
      ['CAP-UPP-SOURCE-INVALID', 'CAP-UPP-82323276'],
    );
  }, 60_000);

  it.each([
    ['CAP-UPP-SOURCE-INVALID', 'promised-points.source-invalid'],
    ['CAP-UPP-82323276', 'promised-points.query-errors'],
  ])(
    'makes %s (a probe of a declared bill) an error in the strict org, never a pass or a failure',
    (id, scenarioId) => {
      const checks = first.requirements
        .find((r) => r.id === id)!
        .checks.filter((c) => c.principal === 'strict' && c.checkId === scenarioId);
      expect(checks.length).toBeGreaterThan(0);
      for (const { verdict, message } of checks) {
        expect(verdict).toBe('error');
        expect(message).toContain(cannotJudge('billWithLineItems').slice('cannot judge: '.length));
      }
    },
  );
});
