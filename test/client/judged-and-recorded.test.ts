import { describe, expect, it } from 'vitest';
import { BODY_TEXT_MAX_CHARS, REDACTED } from '../../src/client/index.ts';
import { useClientTargets } from './helpers.ts';

/** A password of digits, as a staging profile may have, and a target answering that figure. */
const SECRET = '12500';
const CALL = {
  principal: 'strict',
  auth: { headers: { authorization: 'Basic dGlsbDoxMjUwMA==' } },
  query: { identifierName: 'mobile', identifierValue: '919800001001', source: 'INSTORE' },
} as const;

describe('the client hands out each exchange as received and as recorded', () => {
  const { target } = useClientTargets();

  it('judges the figure as sent and records it redacted, with the run redactor knowing it', async () => {
    const { client, exchanges } = await target(
      (_req, res) => {
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ mainPoints: '12500.5', totalPoints: 12500.5, note: `kept ${SECRET}` }));
      },
      { secrets: [SECRET] },
    );
    const { judged, recorded } = await client.exchange('getPointsBalance', CALL);
    expect(judged.response?.body).toEqual({
      mainPoints: '12500.5',
      totalPoints: 12500.5,
      note: 'kept 12500',
    });
    expect(judged.response?.bodyText).toContain('"mainPoints":"12500.5"');
    expect(JSON.stringify(recorded)).not.toContain(SECRET);
    // A number is recorded as its redacted text, as `bodyText` shows it.
    expect(recorded.response?.body).toEqual({
      mainPoints: `${REDACTED}.5`,
      totalPoints: `${REDACTED}.5`,
      note: `kept ${REDACTED}`,
    });
    // Listeners get the recorded form only.
    expect(exchanges).toEqual([recorded]);
    expect(client.redact(`got ${judged.response?.bodyText}`)).not.toContain(SECRET);
    // `call` returns the recorded form.
    expect(JSON.stringify(await client.call('getPointsBalance', CALL))).not.toContain(SECRET);
  });

  it('records an exchange when first asked, redacted as at the call; its head at once', async () => {
    let answers = 0;
    const { client } = await target(
      (_req, res) => {
        answers += 1;
        res.setHeader('content-type', 'application/json');
        // The second answer carries a token: a secret the client learns after the first call.
        res.end(JSON.stringify(answers === 1 ? { note: `kept ${SECRET}` } : { token: 'minted-token-1' }));
      },
      { secrets: [SECRET], onExchange: undefined },
    );
    const call = { ...CALL, query: { ...CALL.query, identifierValue: `9198${SECRET}` } };
    const first = await client.exchange('getPointsBalance', call);
    // The head (what the run reads of every exchange) is made now, its URL redacted.
    expect(first.head).toEqual({
      id: first.judged.id,
      operationId: 'getPointsBalance',
      family: 'capillary',
      principal: 'strict',
      request: { method: 'GET', url: expect.stringContaining(`identifierValue=9198${REDACTED}`) },
      response: { status: 200 },
    });
    expect(JSON.stringify(first.head)).not.toContain(SECRET);
    const second = await client.exchange('getPointsBalance', CALL);
    // Recorded later, still redacted whole (URL, header, body) and made once.
    const recorded = first.recorded;
    expect(recorded).toBe(first.recorded);
    expect(JSON.stringify(recorded)).not.toContain(SECRET);
    expect(recorded.request.headers.authorization).toBe(`Basic ${REDACTED}`);
    expect(recorded.response?.bodyText).toBe(`{"note":"kept ${REDACTED}"}`);
    expect(JSON.stringify(second.recorded)).not.toContain('minted-token-1');
  });

  it('leaves no first half of a secret straddling the cut of the evidence', async () => {
    const secret = 'straddling-secret-value';
    const half = secret.slice(0, 11);
    const { client } = await target(
      (_req, res) => {
        res.setHeader('content-type', 'application/json');
        // The secret starts 11 characters before the end of the kept text.
        const filler = 'x'.repeat(BODY_TEXT_MAX_CHARS - 11 - '{"a":"'.length);
        res.end(`{"a":"${filler}${secret}${'y'.repeat(100)}"}`);
      },
      { secrets: [secret] },
    );
    const { judged, recorded } = await client.exchange('getPointsBalance', CALL);
    // Judged: the whole body parsed as sent, its text cut where the evidence is.
    expect((judged.response?.body as { a: string } | undefined)?.a).toContain(secret);
    expect(judged.response?.bodyText.endsWith(half)).toBe(true);
    // Recorded: redacted whole, then cut.
    expect(recorded.response?.truncated).toBe(true);
    expect(recorded.response?.bodyText).not.toContain(half);
    expect(recorded.response?.bodyText.length).toBeLessThanOrEqual(BODY_TEXT_MAX_CHARS);
  });
});
