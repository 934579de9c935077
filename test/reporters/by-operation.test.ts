import { describe, expect, it } from 'vitest';
import { byOperation } from '../../reporters/summary.ts';
import type { CheckResult, RequirementResult, RunResult, Verdict } from '../../src/engine/types.ts';

const OPERATIONS = ['negativePointsAdjustment', 'unlockPromisedPoints', 'getPointsBalance'];

const check = (verdict: Verdict, exchangeIds: number[]): CheckResult => ({
  requirementId: 'GEN-NO-5XX',
  checkId: 'universal.no-5xx',
  principal: 'strict',
  verdict,
  message: verdict,
  exchangeIds,
});

const requirement = (id: string, verdict: Verdict, checks: CheckResult[]): RequirementResult =>
  ({ id, verdict, operations: OPERATIONS, checks }) as unknown as RequirementResult;

/** A run of one requirement over three operations, with one exchange per operation. */
const runOf = (...requirements: RequirementResult[]): RunResult =>
  ({
    requirements,
    exchanges: OPERATIONS.map((operationId, i) => ({ id: i + 1, operationId })),
  }) as unknown as RunResult;

const rows = (run: RunResult) =>
  Object.fromEntries([...byOperation(run)].map(([op, row]) => [op, `${row.fail}/${row.warn}/${row.pass}`]));

describe('byOperation', () => {
  it('counts a failure of a requirement of several operations under the operations its failing exchanges went to', () => {
    // One 500 on a deduction: not a failure of the unlock or the balance read.
    const run = runOf(requirement('GEN-NO-5XX', 'fail', [check('fail', [1]), check('pass', [])]));
    expect(rows(run)).toEqual({ negativePointsAdjustment: '1/0/0' });
  });

  it('counts a warning under each operation its warning checks cite', () => {
    const run = runOf(requirement('GEN-CONTENT-TYPE', 'warn', [check('warn', [1]), check('warn', [3])]));
    expect(rows(run)).toEqual({ negativePointsAdjustment: '0/1/0', getPointsBalance: '0/1/0' });
  });

  it('counts under every operation a problem that cites no exchange the report holds, and every pass', () => {
    const run = runOf(
      requirement('CAP-UPP-MOVE', 'fail', [check('fail', [])]),
      requirement('CAP-BAL-SUM', 'fail', [check('fail', [99])]),
      requirement('GEN-BODY-SCHEMA', 'pass', [check('pass', [])]),
    );
    expect(rows(run)).toEqual({
      negativePointsAdjustment: '2/0/1',
      unlockPromisedPoints: '2/0/1',
      getPointsBalance: '2/0/1',
    });
  });
});
