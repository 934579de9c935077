import type { Dispatcher } from 'undici';
import { describe, expect, it } from 'vitest';
import { rateLimitDispatcher } from '../../src/client/rate-limit-retry.ts';

/**
 * A pool that ignores the pause a rate-limit answer's headers ask for, as a proxy's tunnel does:
 * the 429's body and end come at once, before the callback has decided; with `reset`, its
 * connection fails after the body's first chunk instead of ending.
 */
function unpausedPool(reset = false) {
  let sends = 0;
  const pool = {
    get sends() {
      return sends;
    },
    dispatch(_opts: Dispatcher.DispatchOptions, handler: Dispatcher.DispatchHandler) {
      sends += 1;
      const legacy = handler as unknown as {
        onConnect(abort: () => void): void;
        onHeaders(status: number, raw: Buffer[], resume: () => void, text: string): boolean;
        onData(chunk: Buffer): boolean;
        onComplete(trailers: null): void;
        onError(error: Error): void;
      };
      legacy.onConnect(() => {});
      if (sends === 1) {
        legacy.onHeaders(429, [Buffer.from('retry-after'), Buffer.from('0')], () => {}, 'Too Many Requests');
        legacy.onData(Buffer.from('{"limited":true}'));
        if (reset) {
          legacy.onError(new Error('socket reset'));
          return true;
        }
      } else {
        legacy.onHeaders(200, [], () => {}, 'OK');
        legacy.onData(Buffer.from('{}'));
      }
      legacy.onComplete(null);
      return true;
    },
  };
  return pool;
}

/** What the client's answer handler hears, in order. */
function recorder(events: string[]) {
  return {
    onConnect: () => events.push('connect'),
    onHeaders: (status: number) => events.push(`headers ${status}`) > 0,
    onData: (chunk: Buffer) => events.push(`data ${chunk}`) > 0,
    onComplete: () => events.push('complete'),
    onError: (error: Error) => events.push(`error ${error.message}`),
  };
}

describe('the rate-limit resender holds an answer it is deciding on', () => {
  const send = (events: string[], reset = false) => {
    const pool = unpausedPool(reset);
    let decide: ((error: Error | null) => void) | undefined;
    const retry = (error: Error, _context: unknown, callback: (error: Error | null) => void) => {
      events.push(`asked ${(error as Error & { statusCode?: number }).statusCode ?? error.message}`);
      decide = callback;
    };
    rateLimitDispatcher(pool as unknown as Dispatcher).dispatch(
      {
        origin: 'http://127.0.0.1',
        path: '/',
        method: 'GET',
        retryOptions: { retry },
      } as Dispatcher.DispatchOptions,
      recorder(events) as unknown as Dispatcher.DispatchHandler,
    );
    return { pool, decide: (error: Error | null) => decide?.(error) };
  };

  it('passes none of a 429 body on before the decision, and drops it for a resend', () => {
    const events: string[] = [];
    const { pool, decide } = send(events);
    expect(events).toEqual(['connect', 'asked 429']);
    decide(null);
    expect(pool.sends).toBe(2);
    expect(events).toEqual(['connect', 'asked 429', 'connect', 'headers 200', 'data {}', 'complete']);
  });

  it('passes the held answer on whole, in order, when it is not resent', () => {
    const events: string[] = [];
    const { pool, decide } = send(events);
    decide(new Error('the budget cannot wait'));
    expect(pool.sends).toBe(1);
    expect(events).toEqual(['connect', 'asked 429', 'headers 429', 'data {"limited":true}', 'complete']);
  });

  // The connection failing while the callback decides: heard once it has, as if after it (before,
  // the callback was asked again at once, and the first answer's decision then passed on a head
  // with no end, or resent the request twice).
  it('hears a connection error of the held answer only once the callback has decided', () => {
    const passed: string[] = [];
    const first = send(passed, true);
    expect(passed).toEqual(['connect', 'asked 429']);
    first.decide(new Error('the budget cannot wait'));
    expect(first.pool.sends).toBe(1);
    expect(passed).toEqual([
      'connect',
      'asked 429',
      'headers 429',
      'data {"limited":true}',
      'error socket reset',
    ]);
    const resent: string[] = [];
    const second = send(resent, true);
    second.decide(null);
    expect(resent).toEqual(['connect', 'asked 429', 'asked socket reset']);
    second.decide(null);
    expect(second.pool.sends).toBe(2);
    expect(resent).toEqual([
      'connect',
      'asked 429',
      'asked socket reset',
      'connect',
      'headers 200',
      'data {}',
      'complete',
    ]);
  });
});
