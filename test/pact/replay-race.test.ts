import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { InteractionSpec } from '../../src/pact/interaction-spec.ts';
import type { PactModule } from '../../src/pact/pact-lib.ts';
import { writePact } from '../../src/pact/write-pact.ts';

/**
 * Pact's mock server can report an answered request as "expected but not received" under load
 * (pact-foundation/pact-core-mock-server#13): the export tries the interaction again, waiting
 * longer after each replay before Pact verifies. A stand-in for Pact's V4 DSL fails the first
 * `failures` verifications that way and records how long each replay callback took.
 */
function fakePact(failures: number, message = 'The following request was expected but not received') {
  const callbackMs: number[] = [];
  class PactV4 {
    addInteraction() {
      const builder: Record<string, unknown> = new Proxy(
        {},
        {
          get: (_target, name) =>
            name === 'executeTest'
              ? async (callback: (server: { url: string }) => Promise<void>) => {
                  const started = performance.now();
                  await callback({ url: mockUrl });
                  callbackMs.push(performance.now() - started);
                  if (callbackMs.length <= failures) throw new Error(`Mock server failed: ${message}`);
                }
              : () => builder,
        },
      );
      return builder;
    }
  }
  return { pact: { PactV4 } as unknown as PactModule, callbackMs };
}

const spec = {
  description: 'a read',
  scenarioId: 'balance.read',
  operationId: 'getPointsBalance',
  principal: 'strict',
  requirements: ['CAP-BAL-ONE-PROGRAM'],
  states: [],
  request: { method: 'GET', path: '/v2/x', query: {}, headers: {} },
  response: { status: 200, headers: {} },
  replay: { method: 'GET', path: '/v2/x', query: [], headers: {} },
} as unknown as InteractionSpec;

let server: Server;
let mockUrl = '';
beforeAll(async () => {
  server = createServer((_req, res) => res.end('{}'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  mockUrl = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const names = { consumer: 'web', provider: 'capillary', dir: '/nonexistent' };

describe('pact export and the mock server recording a match late', () => {
  it('tries an interaction again, each time waiting longer after the replay before Pact verifies', async () => {
    const { pact, callbackMs } = fakePact(3);
    await writePact(pact, names, [spec]);
    expect(callbackMs).toHaveLength(4);
    // Lower bounds only: a sleep is never shorter than asked, however busy the machine.
    expect(callbackMs[2]!).toBeGreaterThanOrEqual(99);
    expect(callbackMs[3]!).toBeGreaterThanOrEqual(499);
  });

  it('gives up after five attempts with LC_ERR_PACT_EXPORT naming the interaction', async () => {
    const { pact, callbackMs } = fakePact(Number.POSITIVE_INFINITY);
    await expect(writePact(pact, names, [spec])).rejects.toMatchObject({
      code: 'LC_ERR_PACT_EXPORT',
      message: expect.stringContaining('interaction "a read" did not replay'),
    });
    expect(callbackMs).toHaveLength(5);
  }, 30_000);

  it('does not try again after another failure (a real mismatch)', async () => {
    const { pact, callbackMs } = fakePact(1, 'Request does not match: header x');
    await expect(writePact(pact, names, [spec])).rejects.toMatchObject({ code: 'LC_ERR_PACT_EXPORT' });
    expect(callbackMs).toHaveLength(1);
  });
});
