import { describe, expect, it } from 'vitest';
import type { Exchange } from '../../src/client/exchange.ts';
import type { Called } from '../../src/client/http-client.ts';
import { countedOnce, createStopConfirmation } from '../../src/engine/confirm-stop.ts';

/** A GET balance exchange answered `status`. */
const read = (status: number) =>
  ({
    request: { method: 'GET', url: 'http://127.0.0.1:1/v2/customers/lookup/points/balance', headers: {} },
    response: { status, headers: {}, body: {} },
  }) as unknown as Exchange;

/** A confirmation whose reads are answered in turn by `statuses`, counting sends and pauses. */
function confirmationAnswering(statuses: number[]) {
  const sent: number[] = [];
  const pauses: number[] = [];
  const confirmation = createStopConfirmation(
    async () => {
      const status = statuses[sent.length] ?? 503;
      sent.push(status);
      return { recorded: read(status) } as unknown as Called;
    },
    () => false,
    500,
    async (ms) => {
      pauses.push(ms);
    },
  );
  confirmation.remember(read(200), 'strict', 'getPointsBalance', { query: { identifierValue: '1' } });
  confirmation.remember(read(200), 'strict', 'getPointsBalance', { query: { identifierValue: '2' } });
  return { confirmation, sent, pauses };
}

describe('stop confirmation', () => {
  it('asks one earlier read at once and does not pause when it is answered as then', async () => {
    const { confirmation, sent, pauses } = confirmationAnswering([200]);
    expect(await confirmation.confirm('strict', 'refused')).toBeUndefined();
    expect(sent).toEqual([200]);
    expect(pauses).toEqual([]);
  });

  it('pauses, then asks every read again, when the first is not answered as then', async () => {
    const { confirmation, sent, pauses } = confirmationAnswering([503, 503, 200]);
    expect(await confirmation.confirm('strict', 'unavailable')).toBeUndefined();
    expect(pauses).toEqual([500]);
    expect(sent).toEqual([503, 503, 200]);
  });

  it('names what the reads got after the pause when none is answered as then', async () => {
    const { confirmation, sent, pauses } = confirmationAnswering([]);
    expect(await confirmation.confirm('strict', 'unavailable')).toBe(
      '2 reads answered earlier in the run, asked again, got GET /v2/customers/lookup/points/balance 503 ×2',
    );
    expect(pauses).toEqual([500]);
    expect(sent).toHaveLength(3);
  });
});

describe('countedOnce', () => {
  it('names answers alike once with how many, in the order first seen', () => {
    expect(countedOnce(['GET /a 503', 'GET /b 503', 'GET /a 503', 'GET /a 503'])).toEqual([
      'GET /a 503 ×3',
      'GET /b 503',
    ]);
    expect(countedOnce(['GET /a 401'])).toEqual(['GET /a 401']);
    expect(countedOnce([])).toEqual([]);
  });
});
