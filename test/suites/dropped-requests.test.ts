import { STATUS_CODES } from 'node:http';
import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import type { Reply } from '../../src/reference/envelopes.ts';
import type { OperationId } from '../../src/reference/handlers/index.ts';
import { type HookRequest, type ReferenceHooks, startReferenceServer } from '../../src/reference/server.ts';

/**
 * A target that loses one request of a whole run may leave the run NOT JUDGED (exit 2), never fail
 * a requirement it keeps. A bounded, fixed sample of the drop63 sweep: the Nth write (POST) or
 * read of the run, counted as the reference provider receives them, lost after the provider
 * answered it (a write booked). How it is lost:
 * - `ended`: the connection closed (FIN) with no answer;
 * - `reset`: the connection reset (RST) with no answer, which the client cannot tell from an idle
 *   close racing the request and so sends the POST again: booked twice (`lostConnectionResends`);
 * - `cut`: the status line, headers and half the body sent, then the connection closed.
 * The write positions are ones where the loss failed a requirement before the engine's rule (a
 * failure after a write of its scenario that got no answer, or was sent again, is `error`): reset
 * 1 (CAP-BAL-LEDGER), 51 (CAP-NPA-CONCURRENT-NO-LOST-UPDATE), 171 (FAB-ADJ-PENDING-DEFAULT), 361
 * (CAP-NPA-ARITHMETIC), 631 (CAP-UPP-MOVE, -NO-SIDE-EFFECT) before drop63's resend rule; ended and
 * cut 361 (CAP-NPA-ARITHMETIC) before 0f062ec's. A lost read never failed one (client retries,
 * or a check of its own left `error`). Which request a position names can vary with the
 * scheduling of parallel scenarios; the rule holds for any.
 */
type Loss = 'ended' | 'reset' | 'cut';
type Kind = 'write' | 'read';

const READS = new Set<OperationId>(['getPointsBalance', 'inquireMemberPoints']);

/** Sends the status line, the headers and half the body of `reply`, then closes the connection. */
function cutShort(reply: Reply, request: HookRequest): Promise<Reply> {
  const body = Buffer.from(reply.rawBody ?? JSON.stringify(reply.body));
  const head = `HTTP/1.1 ${reply.status} ${STATUS_CODES[reply.status] ?? ''}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${body.length}\r\n\r\n`;
  return new Promise((resolve) => {
    request.socket.write(Buffer.concat([Buffer.from(head), body.subarray(0, body.length >> 1)]), () => {
      request.socket.destroy();
      resolve({ status: 0, body: undefined });
    });
  });
}

/** Hooks losing the `position`th request of `kind` after the handler answered it; `lost` says which it lost. */
function losing(loss: Loss, kind: Kind, position: number, lost: OperationId[]): ReferenceHooks {
  let seen = 0;
  return {
    reply: (operationId, reply, request) => {
      if (READS.has(operationId) !== (kind === 'read')) return reply;
      seen += 1;
      if (seen !== position) return reply;
      lost.push(operationId);
      if (loss === 'cut') return cutShort(reply, request);
      if (loss === 'reset') request.socket.resetAndDestroy();
      else request.socket.destroy();
      return { status: 0, body: undefined };
    },
  };
}

const CASES: [Loss, Kind, number][] = [
  ['reset', 'write', 1],
  ['reset', 'write', 51],
  ['reset', 'write', 171],
  ['reset', 'write', 361],
  ['reset', 'write', 631],
  ['ended', 'write', 361],
  ['cut', 'write', 361],
  ['ended', 'read', 100],
];

describe('a target losing one request of a run', () => {
  it.each(CASES)(
    '%s %s %i: fails no requirement',
    async (loss, kind, position) => {
      const lost: OperationId[] = [];
      const server = await startReferenceServer({ port: 0, hooks: losing(loss, kind, position, lost) });
      try {
        const result = await conform({
          capillaryUrl: server.capillaryBaseUrl,
          fabricUrl: server.fabricBaseUrl,
        });
        expect(lost).toHaveLength(1);
        const failing = result.requirements
          .filter((r) => r.verdict === 'fail')
          .map((r) => `${r.id}: ${r.checks.find((c) => c.verdict === 'fail')?.message}`);
        expect(failing).toEqual([]);
        expect(result.exitCode).not.toBe(1);
      } finally {
        await server.close();
      }
    },
    60_000,
  );
});
