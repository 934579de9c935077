import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import { type ConfirmUp, createTargetHealth } from '../../src/engine/target-health.ts';

const ORIGIN = 'http://127.0.0.1:1';
const OPERATIONS = {
  adjustMemberPoints: { family: 'fabric', method: 'POST', path: '/api/v1/members/points-adjustment' },
  inquireMemberPoints: { family: 'fabric', method: 'GET', path: '/api/v1/inquire/m/member-points' },
  negativePointsAdjustment: {
    family: 'capillary',
    method: 'POST',
    path: '/v2/customers/lookup/negativePointsAdjustment',
  },
} as const;

let ids = 0;
/** An exchange of `operationId` answered `status` (no Retry-After: a 503 is no rate limit). */
const answered = (operationId: keyof typeof OPERATIONS, status: number) => {
  const { family, method, path } = OPERATIONS[operationId];
  return {
    id: ++ids,
    operationId,
    family,
    principal: family === 'fabric' ? 'fabric' : 'strict',
    request: { method, url: `${ORIGIN}${path}`, headers: {} },
    response: { status, headers: {}, body: {} },
  } as unknown as Exchange;
};

/** A health whose families document one operation as the shipped specs say, confirming with `answers`. */
function healthConfirming(answers: (string | undefined)[]) {
  const asked: { principal: string; oneOperation: boolean | undefined }[] = [];
  const confirm: ConfirmUp = async (principal, _kind, oneOperation) => {
    asked.push({ principal, oneOperation });
    return answers.shift();
  };
  const health = createTargetHealth({
    confirm,
    soleOperations: new Map([['fabric', 'adjustMemberPoints']]),
  });
  /** Observes each exchange as the runner does, awaiting a confirmation it starts. */
  const observe = async (exchanges: readonly Exchange[]) => {
    for (const exchange of exchanges) await health.observe(exchange, { defaultCredentials: true });
  };
  return { health, asked, observe };
}

const times = (n: number, make: () => Exchange) => Array.from({ length: n }, make);

describe("a streak over the only operation a family documents (fabric's adjustment)", () => {
  it('is an outage when the confirmation finds an earlier refused request answered 503 too', async () => {
    const { health, asked, observe } = healthConfirming([
      'a request answered earlier in the run, asked again, got POST /api/v1/members/points-adjustment 503',
    ]);
    const streak = times(5, () => answered('adjustMemberPoints', 503));
    await observe(streak);
    expect(asked).toEqual([{ principal: 'fabric', oneOperation: true }]);
    expect(health.stopped?.code).toBe('LC_ERR_TARGET_UNAVAILABLE');
    expect(health.stopped?.message).toContain('5 requests in a row were answered 502, 503 or 504');
    expect(health.stoppedFor(`${ORIGIN}/api/v1/members/points-adjustment`)).toBe(health.stopped);
    for (const exchange of streak) expect(health.unjudged(exchange.id)).toBe(health.stopped);
  });

  it('is judged when the confirmation finds the target up or has nothing to ask, and starts over', async () => {
    const { health, asked, observe } = healthConfirming([undefined, undefined]);
    const first = times(5, () => answered('adjustMemberPoints', 503));
    await observe(first);
    expect(health.stopped).toBeUndefined();
    expect(first.some((e) => health.unjudged(e.id) || health.unsettled(e.id))).toBe(false);
    // Four more do not make a streak of five: the first five were settled (judged).
    await observe(times(4, () => answered('adjustMemberPoints', 503)));
    expect(asked).toHaveLength(1);
    await observe([answered('adjustMemberPoints', 503)]);
    expect(asked).toHaveLength(2);
    expect(health.stopped).toBeUndefined();
  });

  it('the member inquiry in the streak makes it span two operations and a read: confirmed as before', async () => {
    const { asked, observe } = healthConfirming([undefined]);
    await observe([
      ...times(3, () => answered('adjustMemberPoints', 503)),
      answered('inquireMemberPoints', 503),
      answered('adjustMemberPoints', 503),
    ]);
    expect(asked).toEqual([{ principal: 'fabric', oneOperation: false }]);
  });

  it('a streak of inquiries alone (an operation outside the documents) is judged, never confirmed', async () => {
    const { health, asked, observe } = healthConfirming([]);
    await observe(times(6, () => answered('inquireMemberPoints', 503)));
    expect(asked).toEqual([]);
    expect(health.stopped).toBeUndefined();
  });

  it('a streak over one of several operations (Capillary deductions) is judged as before, never confirmed', async () => {
    const { health, asked, observe } = healthConfirming([]);
    await observe(times(8, () => answered('negativePointsAdjustment', 503)));
    expect(asked).toEqual([]);
    expect(health.stopped).toBeUndefined();
  });

  it('an answer of the adjustment that is no 502/503/504 ends the streak short of a confirmation', async () => {
    const { asked, observe } = healthConfirming([]);
    await observe([
      ...times(4, () => answered('adjustMemberPoints', 503)),
      answered('adjustMemberPoints', 400),
      ...times(4, () => answered('adjustMemberPoints', 503)),
    ]);
    expect(asked).toEqual([]);
  });
});
