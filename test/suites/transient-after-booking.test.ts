import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { RunResult } from '../../src/engine/types.ts';
import type { Reply } from '../../src/reference/envelopes.ts';
import type { OperationId } from '../../src/reference/handlers/index.ts';
import { type HookRequest, startReferenceServer } from '../../src/reference/server.ts';

/**
 * A target that books a write and then answers it with a transient error or garbage: a worker
 * failing after its commit (503), a proxy cutting the answer (a 200 whose JSON stops halfway).
 * Neither answer is an acceptance, so the scenario counted the write as not applied and its later
 * read, which showed it, failed the rule the read judged: in tsweep64's sweep, a 503 on one of
 * input-validation.accepted-inputs' deductions failed CAP-NPA-ARITHMETIC ("expected mainPoints
 * 643.99 … after 19 accepted deductions"), and on fabric.validation's adjustment FAB-ADJ-ADD
 * ("expected memberPointsAvailable 517.5 (513 + 4.5)"). Such a write may have been applied, so a
 * later failure of its scenario is `error`, as after a write that got no response.
 */
type Answer = (reply: Reply) => Reply;

const unavailable: Answer = () => ({
  status: 503,
  body: undefined,
  rawBody: 'Service Unavailable',
  headers: { 'content-type': 'text/plain' },
});

/** The handler's own answer, its JSON cut in half (status 200, as sent). */
const cutInHalf: Answer = (reply) => {
  const text = JSON.stringify(reply.body);
  return { status: 200, body: undefined, rawBody: text.slice(0, text.length >> 1) };
};

/** fabric.validation's addition of 1 point with a named point type (no other body is so). */
const named = (body: unknown) => {
  const { points, pointType } = (body ?? {}) as { points?: unknown; pointType?: unknown };
  return points === 1 && pointType === 'Base';
};

const failingIds = (result: RunResult) =>
  result.requirements
    .filter((r) => r.verdict === 'fail')
    .map((r) => r.id)
    .sort();

/**
 * Runs `requirement` alone; the first request `picks` selects (by the handler's answer too) is
 * booked, then answered by `answer`.
 */
async function runWith(
  requirement: string,
  picks: (operationId: OperationId, request: HookRequest, reply: Reply) => boolean,
  answer: Answer,
) {
  let hit = 0;
  const server = await startReferenceServer({
    port: 0,
    hooks: {
      reply: (operationId, reply, request) => {
        if (hit > 0 || !picks(operationId, request, reply)) return reply;
        hit += 1;
        return answer(reply);
      },
    },
  });
  try {
    const result = await conform({
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
      requirements: [requirement],
    });
    return { hit, result, verdict: result.requirements.find((r) => r.id === requirement) };
  } finally {
    await server.close();
  }
}

describe('a write booked and then answered with a transient error or garbage', () => {
  it('503 on a deduction of input-validation.accepted-inputs: CAP-NPA-ARITHMETIC is error, not fail', async () => {
    const { hit, result, verdict } = await runWith(
      'CAP-NPA-ARITHMETIC',
      (operationId, request) =>
        operationId === 'negativePointsAdjustment' && request.searchParams.get('source') === 'TAOBAO',
      unavailable,
    );
    expect(hit).toBe(1);
    // The 503 itself fails GEN-NO-5XX (docs/choices.md); nothing else fails.
    expect(failingIds(result)).toEqual(['GEN-NO-5XX']);
    expect(verdict?.verdict).toBe('error');
    const errors = verdict?.checks.filter((c) => c.verdict === 'error').map((c) => c.message) ?? [];
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^cannot judge: an earlier negativePointsAdjustment of this scenario got 503 Service Unavailable, so it may have been applied; expected /,
      ),
    );
  }, 60_000);

  it('a cut 200 on a fabric adjustment of fabric.validation: FAB-ADJ-ADD is error, not fail', async () => {
    const { hit, result, verdict } = await runWith(
      'FAB-ADJ-ADD',
      (operationId, request, reply) =>
        operationId === 'adjustMemberPoints' && reply.status === 200 && named(request.body),
      cutInHalf,
    );
    expect(hit).toBe(1);
    // The cut body itself fails the answer's form; nothing else fails.
    expect(failingIds(result)).toEqual(['GEN-BODY-SCHEMA', 'GEN-CONTENT-TYPE']);
    expect(verdict?.verdict).toBe('error');
    const errors = verdict?.checks.filter((c) => c.verdict === 'error').map((c) => c.message) ?? [];
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^cannot judge: an earlier adjustMemberPoints of this scenario got 200 .*so it may have been applied; expected /,
      ),
    );
  }, 60_000);
});
