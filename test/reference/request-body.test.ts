import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { AUTH, authHeaders, byMobile, DATA, defaultDataset } from '../support/reference-client.ts';

// A request that declares no body skips the provider's body reader (`declaresNoBody`); these pin
// that the answers are the ones the reader gave: an absent body, `Content-Length: 0` and an empty
// chunked body are the same request, and a body that is declared is still read.

let server: ReferenceServer;
beforeAll(async () => {
  server = await startReferenceServer({ dataset: defaultDataset() });
});
afterAll(() => server.close());

/** One request on its own connection, exactly as written; the answer as text, its Date line out. */
function exchange(method: string, target: string, framing: string, body = ''): Promise<string> {
  const auth = authHeaders(AUTH.strict).authorization as string;
  const head = `${method} ${target} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: ${auth}\r\nConnection: close\r\n${framing}\r\n`;
  return new Promise((resolve, reject) => {
    const socket = connect(server.port, '127.0.0.1', () => socket.end(head + body));
    let text = '';
    socket.setEncoding('utf8');
    socket.setTimeout(5_000, () => socket.destroy(new Error('no answer within 5 s')));
    socket.on('data', (chunk: string) => {
      text += chunk;
    });
    socket.on('error', reject);
    socket.on('end', () => resolve(text.replace(/^date: .*\r\n/im, '')));
  });
}

const query = new URLSearchParams(byMobile(DATA.strict.ana.mobile)).toString();
const NO_BODY_FRAMINGS = ['', 'Content-Length: 0\r\n', 'Transfer-Encoding: chunked\r\n'];
/** The body each framing sends: nothing, or the last chunk of an empty chunked body. */
const emptyBodyOf = (framing: string) => (framing.startsWith('Transfer-Encoding') ? '0\r\n\r\n' : '');

describe('a request without a body', () => {
  it.each([
    ['GET', `/v2/customers/lookup/points/balance?${query}`],
    ['POST', `/v2/customers/lookup/negativePointsAdjustment?${query}`],
    ['POST', `/v2/points/unlockPromisedPoints?${query}`],
  ])('%s %s is answered alike however it says it has none', async (method, target) => {
    const answers: string[] = [];
    for (const framing of NO_BODY_FRAMINGS) {
      server.reset();
      answers.push(await exchange(method, target, framing, emptyBodyOf(framing)));
    }
    expect(answers[0]).toMatch(/^HTTP\/1\.1 [2-4]\d\d /);
    expect(answers[1]).toBe(answers[0]);
    expect(answers[2]).toBe(answers[0]);
  });

  it('still has a body read when it declares one, even on a GET', async () => {
    const body = '{"unterminated": ';
    const answer = await exchange(
      'GET',
      `/v2/customers/lookup/points/balance?${query}`,
      `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n`,
      body,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 400 /);
    expect(answer).toContain('Malformed JSON body');
  });
});
