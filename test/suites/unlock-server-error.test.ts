import { beforeAll, describe, expect, it } from 'vitest';
import { skipReason } from '../../reporters/summary.ts';
import { conform } from '../../src/engine/conform.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { capillaryError } from '../../src/reference/envelopes.ts';
import { startReferenceServer } from '../../src/reference/server.ts';

/**
 * A target answering 500 to every unlock: the unlock fails CAP-UPP-MOVE, and the requirements on
 * the answer's lines, which no answer lets the suite judge, are skipped for that reason, not for a
 * fixture another principal's profile lacks (README audit 5: the baseline diff listed them as "no
 * longer judged: the profile declares no bill … in a program other than the default").
 */
const ANSWER_REQUIREMENTS = ['CAP-UPP-RESPONSE-NUMERIC', 'CAP-UPP-RESPONSE-BILL', 'CAP-UPP-RESPONSE-SUM'];

let result: RunResult;
beforeAll(async () => {
  const server = await startReferenceServer({
    port: 0,
    handlers: { unlockPromisedPoints: () => capillaryError(500, 'internal error', 500) },
  });
  try {
    result = await conform({
      capillaryUrl: server.capillaryBaseUrl,
      fabricUrl: server.fabricBaseUrl,
      requirements: ['CAP-UPP-MOVE', ...ANSWER_REQUIREMENTS],
    });
  } finally {
    await server.close();
  }
}, 60_000);

describe('run against a target answering 500 to every unlock', () => {
  it('fails the unlock itself (exit 1)', () => {
    expect(result.requirements.find((r) => r.id === 'CAP-UPP-MOVE')?.verdict).toBe('fail');
    expect(result.exitCode).toBe(1);
  });

  it.each(ANSWER_REQUIREMENTS)('skips %s because the unlock got a 500', (id) => {
    const requirement = result.requirements.find((r) => r.id === id)!;
    expect(requirement.verdict).toBe('skip');
    expect(skipReason(requirement, result.scenarios)).toMatch(
      /^the unlock of bill \S+ got a 500, no pointsUnlocked lines to judge/,
    );
  });
});
