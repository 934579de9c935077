import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useClientTargets } from './helpers.ts';

/**
 * A hostile target putting a fresh "token" in every answer (and a fresh cookie): each is a secret
 * the run's redactor must learn, since it may be quoted in a later check message. Measured (1,000
 * answers, each followed by three redactions as the runner makes per check result): before, a
 * pattern of every secret so far was compiled and cached per new secret, 300 answers took 10.3 s and
 * 77 MiB of heap and 1,000 ran the worker out of memory; now 1,000 take about 12 s on a loaded
 * machine (5 s with one constant token) and 42 MiB.
 */
const ANSWERS = 1_000;
const CALL = {
  principal: 'strict',
  auth: { headers: { authorization: 'Basic dGlsbDpzZWNyZXQ=' } },
  query: { identifierName: 'mobile', identifierValue: '919800001001', source: 'INSTORE' },
} as const;

describe('a target answering a fresh token every time', () => {
  const { target } = useClientTargets();

  it(`redacts every token of ${ANSWERS} answers, in bounded time and memory`, async () => {
    const tokens: string[] = [];
    const { client } = await target((_req, res) => {
      const token = randomBytes(16).toString('hex');
      tokens.push(token);
      res.setHeader('content-type', 'application/json');
      res.setHeader('set-cookie', `session=${randomBytes(12).toString('hex')}`);
      res.end(JSON.stringify({ token, mainPoints: 1 }));
    });
    const heapBefore = process.memoryUsage().heapUsed;
    const started = performance.now();
    const messages: string[] = [];
    for (let i = 0; i < ANSWERS; i++) {
      const { judged } = await client.exchange('getPointsBalance', CALL);
      for (let k = 0; k < 3; k++) messages.push(client.redact(`answered ${judged.response?.bodyText}`));
    }
    const ms = performance.now() - started;
    const heapMiB = (process.memoryUsage().heapUsed - heapBefore) / 2 ** 20;
    process.stdout.write(
      `fresh tokens: ${ANSWERS} answers in ${ms.toFixed(0)} ms, heap +${heapMiB.toFixed(1)} MiB\n`,
    );
    // No token of any answer reaches a redacted text, the first as the last.
    expect(heapMiB).toBeLessThan(256);
    for (const [i, message] of messages.entries()) expect(message).not.toContain(tokens[Math.floor(i / 3)]);
    expect(client.redact(`all: ${tokens.join(' ')}`)).not.toMatch(/[0-9a-f]{32}/);
  }, 120_000);
});

describe('the growing redactor keeps the longest secret whole', () => {
  it('redacts a secret containing one learnt earlier (in another group) without a fragment left', async () => {
    const { createGrowingRedactor } = await import('../../src/client/redact.ts');
    const redactor = createGrowingRedactor(['abcd']);
    for (let i = 0; i < 300; i++) redactor.add(`filler-${i}-${'x'.repeat(i % 7)}`);
    redactor.add('zzabcdzz');
    expect(redactor.redact('a zzabcdzz b abcd c')).toBe('a [REDACTED] b [REDACTED] c');
    redactor.add('p&q=1');
    expect(redactor.redact('p%26q%3D1 and p&q=1')).toBe('[REDACTED] and [REDACTED]');
  });
});
