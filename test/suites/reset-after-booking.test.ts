import { beforeAll, describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { startReferenceServer } from '../../src/reference/server.ts';

/**
 * A target that books a deduction and then resets the connection (RST) instead of answering: a
 * worker killed after its commit, a proxy resetting the connection under the answer. On a reused
 * connection the client reads the reset as an idle close racing the request and sends the POST
 * again (`stale-connection.ts`), so the deduction is booked twice; negative-balance.arithmetic
 * then read one point more than it deducted and failed CAP-NPA-ARITHMETIC ("expected mainPoints
 * 669 (670 − 1)"), a verdict resting on a request whose first send got no answer.
 */
const REQUIREMENT = 'CAP-NPA-ARITHMETIC';

let result: RunResult;
let resets = 0;
beforeAll(async () => {
  const server = await startReferenceServer({
    port: 0,
    hooks: {
      // The run's first deduction, booked by the handler, gets a reset in place of its answer.
      reply: (operationId, reply, request) => {
        if (operationId !== 'negativePointsAdjustment' || resets > 0) return reply;
        resets += 1;
        request.socket.resetAndDestroy();
        return { status: 0, body: undefined };
      },
    },
  });
  try {
    result = await conform({
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
      requirements: [REQUIREMENT],
    });
  } finally {
    await server.close();
  }
}, 60_000);

describe('a deduction booked and then reset, sent again by the client', () => {
  it('fails nothing: the run cannot judge the scenario whose write may have been applied twice', () => {
    expect(resets).toBe(1);
    expect(result.requirements.filter((r) => r.verdict === 'fail').map((r) => r.id)).toEqual([]);
    expect(result.exitCode).toBe(2);
  });

  it(`leaves ${REQUIREMENT} unjudged (error), naming the resent deduction among the evidence`, () => {
    const requirement = result.requirements.find((r) => r.id === REQUIREMENT)!;
    expect(requirement.verdict).toBe('error');
    const errors = requirement.checks.filter((c) => c.verdict === 'error');
    expect(errors.map((c) => c.message)).toEqual([
      expect.stringMatching(
        /^cannot judge: an earlier negativePointsAdjustment of this scenario was sent again after its connection was lost before any answer \(then answered 200 .*\), so it may have been applied twice; expected /,
      ),
    ]);
    const resent = result.exchanges.filter((e) => e.lostConnectionResends !== undefined);
    expect(resent.map((e) => [e.operationId, e.lostConnectionResends])).toEqual([
      ['negativePointsAdjustment', 1],
    ]);
    expect(errors[0]!.exchangeIds).toContain(resent[0]!.id);
  });
});
