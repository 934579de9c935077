import type { Socket } from 'node:net';
import { Pool } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { requestAnswer } from '../../src/client/answer-handler.ts';
import { AttemptAbort } from '../../src/client/attempt-abort.ts';
import { BodyReadError } from '../../src/client/response-body.ts';
import { startTestServer, type TestServer } from './helpers.ts';

/**
 * The handler that replaced undici's `request()` (c401016) against answers that end oddly: its
 * body settles, and it leaves no listener on the attempt's abort (a run makes thousands), and an
 * abort during the body ends the connection. Hostile cases compared before and after the change
 * in docs/measured.md ("The client's answer handler under hostile targets").
 */

/**
 * An attempt's abort that counts the listeners it still holds. An abort does not clear the count:
 * after one, only the handler's own `removeListener` empties it (cleared there, the abort cases'
 * "no listener" could not fail).
 */
class CountedAbort extends AttemptAbort {
  readonly listening = new Set<() => void>();
  override on(event: string, listener: () => void): this {
    if (event === 'abort' && !this.aborted) this.listening.add(listener);
    return super.on(event, listener);
  }
  override removeListener(event: string, listener: () => void): this {
    this.listening.delete(listener);
    return super.removeListener(event, listener);
  }
}

const CAP = 1024;
let server: TestServer | undefined;
let pool: Pool | undefined;
afterEach(async () => {
  await pool?.destroy();
  await server?.close();
  server = pool = undefined;
});

async function target(answer: (socket: Socket) => void) {
  const opened: Socket[] = [];
  server = await startTestServer((req) => {
    req.resume();
    req.on('end', () => answer(req.socket));
  });
  server.server.on('connection', (socket) => opened.push(socket));
  pool = new Pool(server.url);
  return { pool, opened };
}

/** A GET of `/` through `pool`, its body cut at {@link CAP}. */
const ask = (pool: Pool, cancel: AttemptAbort) =>
  requestAnswer(pool, { origin: server!.url, path: '/', method: 'GET' }, cancel, CAP);

const head = (status: number, extra = '') =>
  `HTTP/1.1 ${status} X\r\ncontent-type: application/json\r\n${extra}\r\n`;

describe('the answer handler', () => {
  it.each([
    ['a whole body', (s: Socket) => s.write(`${head(200, 'content-length: 7\r\n')}{"a":1}`), 'whole'],
    [
      'a body over the cap',
      (s: Socket) => s.write(`${head(200, 'content-length: 5000\r\n')}${' '.repeat(5000)}`),
      'cut',
    ],
    [
      'a connection closed mid-body',
      (s: Socket) => s.end(`${head(200, 'content-length: 100\r\n')}{"a":`),
      'failed',
    ],
    [
      'early hints first',
      (s: Socket) =>
        s.write(
          `HTTP/1.1 103 Early Hints\r\nlink: </a>\r\n\r\nHTTP/1.1 103 Early Hints\r\n\r\n${head(200, 'content-length: 2\r\n')}{}`,
        ),
      'whole',
    ],
  ] as const)('settles the body of %s once and leaves no listener', async (_name, answer, outcome) => {
    const { pool } = await target(answer);
    const cancel = new CountedAbort();
    const response = await ask(pool, cancel);
    expect(response.statusCode).toBe(200);
    const settled = await response.body.then(
      (raw) => (raw.cut ? 'cut' : 'whole'),
      (error) => (error instanceof BodyReadError ? 'failed' : String(error)),
    );
    expect(settled).toBe(outcome);
    expect(cancel.listening.size).toBe(0);
  });

  it('rejects the head with the abort reason and leaves no listener when the head never comes', async () => {
    const { pool } = await target(() => {});
    const cancel = new CountedAbort();
    const answered = ask(pool, cancel);
    // Aborted once the server has read the request: the head is being waited for.
    await new Promise<void>((resolve) => server!.server.once('request', () => resolve()));
    const reason = new Error('deadline');
    cancel.abort(reason);
    await expect(answered).rejects.toBe(reason);
    expect(cancel.listening.size).toBe(0);
  });

  it('rejects the body and ends the connection on an abort during the body', async () => {
    const { pool, opened } = await target((s) => s.write(`${head(200, 'content-length: 100\r\n')}{"a":`));
    const cancel = new CountedAbort();
    const response = await ask(pool, cancel);
    const closed = new Promise<void>((resolve) => opened[0]!.once('close', () => resolve()));
    cancel.abort(new Error('interrupted'));
    await expect(response.body).rejects.toBeInstanceOf(BodyReadError);
    await closed;
    expect(cancel.listening.size).toBe(0);
  });
});
