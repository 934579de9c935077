import { describe, expect, it } from 'vitest';
import { createConcurrencyGate, createRateLimiter, sleep } from '../../src/client/index.ts';
import { isToolError } from '../../src/errors.ts';
import { createFakeClock, flush } from './helpers.ts';

describe('createRateLimiter', () => {
  it('spaces N requests at R per second (N-1)/R seconds apart in total', async () => {
    const fake = createFakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 10, clock: fake.clock });
    const grantedAt: number[] = [];
    const all = Array.from({ length: 5 }, () =>
      limiter.acquire().then(() => grantedAt.push(fake.clock.now())),
    );
    await fake.advance(1_000);
    await Promise.all(all);
    expect(grantedAt).toEqual([0, 100, 200, 300, 400]);
    expect(grantedAt.at(-1)! - grantedAt[0]!).toBeGreaterThanOrEqual(((5 - 1) / 10) * 1000);
  });

  it('grants nothing before its time', async () => {
    const fake = createFakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 4, clock: fake.clock });
    await limiter.acquire();
    let granted = false;
    const second = limiter.acquire().then(() => {
      granted = true;
    });
    await fake.advance(249);
    expect(granted).toBe(false);
    await fake.advance(1);
    await second;
    expect(granted).toBe(true);
  });

  it('lets a burst through at once after an idle period, then paces', async () => {
    const fake = createFakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 2, burst: 3, clock: fake.clock });
    const grantedAt: number[] = [];
    const all = Array.from({ length: 5 }, () =>
      limiter.acquire().then(() => grantedAt.push(fake.clock.now())),
    );
    await fake.advance(2_000);
    await Promise.all(all);
    expect(grantedAt).toEqual([0, 0, 0, 500, 1000]);
  });

  it('is unlimited at 0 requests per second and sets no timer', async () => {
    const fake = createFakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 0, clock: fake.clock });
    await Promise.all(Array.from({ length: 100 }, () => limiter.acquire()));
    expect(fake.pendingTimers).toBe(0);
  });

  it('keeps at most one timer for any number of waiters (no polling)', async () => {
    const fake = createFakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 100, clock: fake.clock });
    const all = Array.from({ length: 50 }, () => limiter.acquire());
    await flush();
    expect(fake.pendingTimers).toBe(1);
    expect(limiter.waiting).toBe(49);
    await fake.advance(490);
    await Promise.all(all);
    expect(fake.pendingTimers).toBe(0);
  });

  it('drops an aborted waiter and gives its turn to the next one', async () => {
    const fake = createFakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 10, clock: fake.clock });
    await limiter.acquire();
    const controller = new AbortController();
    const cancelled = limiter.acquire(controller.signal);
    const grantedAt: number[] = [];
    const others = [limiter.acquire(), limiter.acquire()].map((p) =>
      p.then(() => grantedAt.push(fake.clock.now())),
    );
    controller.abort(new Error('cancelled by the test'));
    await expect(cancelled).rejects.toThrow('cancelled by the test');
    await fake.advance(1_000);
    await Promise.all(others);
    expect(grantedAt).toEqual([100, 200]);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const limiter = createRateLimiter({ requestsPerSecond: 1 });
    await expect(limiter.acquire(AbortSignal.abort(new Error('early')))).rejects.toThrow('early');
  });

  it('refuses a waiter beyond maxWaiting with LC_ERR_CLIENT_OVERLOADED', async () => {
    const fake = createFakeClock();
    const limiter = createRateLimiter({ requestsPerSecond: 1, maxWaiting: 2, clock: fake.clock });
    await limiter.acquire();
    const queued = [limiter.acquire(), limiter.acquire()];
    const refused = await limiter.acquire().catch((error: unknown) => error);
    expect(isToolError(refused, 'LC_ERR_CLIENT_OVERLOADED')).toBe(true);
    limiter.close();
    for (const p of queued) await expect(p).rejects.toSatisfy((e) => isToolError(e, 'LC_ERR_CLIENT_CLOSED'));
    expect(fake.pendingTimers).toBe(0);
  });

  it('rejects a rate that is not a number with LC_ERR_CLIENT_LIMITS', () => {
    expect(() => createRateLimiter({ requestsPerSecond: Number.NaN })).toThrow(
      expect.objectContaining({ code: 'LC_ERR_CLIENT_LIMITS' }),
    );
  });
});

describe('createConcurrencyGate', () => {
  it('never lets more than max holders in at once', async () => {
    const gate = createConcurrencyGate({ max: 3 });
    let inside = 0;
    let most = 0;
    const task = async (i: number) => {
      const release = await gate.acquire();
      inside += 1;
      most = Math.max(most, inside, gate.inFlight);
      for (let k = 0; k < (i % 4) + 1; k++) await flush();
      inside -= 1;
      release();
    };
    await Promise.all(Array.from({ length: 20 }, (_, i) => task(i)));
    expect(most).toBe(3);
    expect(gate.inFlight).toBe(0);
  });

  it('admits waiters in arrival order', async () => {
    const gate = createConcurrencyGate({ max: 1 });
    const first = await gate.acquire();
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) =>
      gate.acquire().then((release) => {
        order.push(n);
        release();
      }),
    );
    first();
    await Promise.all(waiters);
    expect(order).toEqual([1, 2, 3]);
  });

  it('ignores a second release of the same slot', async () => {
    const gate = createConcurrencyGate({ max: 2 });
    const release = await gate.acquire();
    await gate.acquire();
    release();
    release();
    expect(gate.inFlight).toBe(1);
  });

  it('drops an aborted waiter without taking a slot', async () => {
    const gate = createConcurrencyGate({ max: 1 });
    const held = await gate.acquire();
    const controller = new AbortController();
    const cancelled = gate.acquire(controller.signal);
    const next = gate.acquire();
    expect(gate.waiting).toBe(2);
    controller.abort(new Error('gave up'));
    await expect(cancelled).rejects.toThrow('gave up');
    expect(gate.waiting).toBe(1);
    held();
    (await next)();
    expect(gate.inFlight).toBe(0);
  });

  it('is unlimited at max 0', async () => {
    const gate = createConcurrencyGate({ max: 0 });
    await Promise.all(Array.from({ length: 50 }, () => gate.acquire()));
    expect(gate.inFlight).toBe(50);
  });

  it('refuses waiters beyond maxWaiting and all waiters after close', async () => {
    const gate = createConcurrencyGate({ max: 1, maxWaiting: 1 });
    await gate.acquire();
    const queued = gate.acquire();
    await expect(gate.acquire()).rejects.toSatisfy((e) => isToolError(e, 'LC_ERR_CLIENT_OVERLOADED'));
    gate.close();
    await expect(queued).rejects.toSatisfy((e) => isToolError(e, 'LC_ERR_CLIENT_CLOSED'));
    await expect(gate.acquire()).rejects.toSatisfy((e) => isToolError(e, 'LC_ERR_CLIENT_CLOSED'));
  });
});

describe('sleep', () => {
  it('resolves after its time on the given clock', async () => {
    const fake = createFakeClock();
    let done = false;
    const slept = sleep(300, undefined, fake.clock).then(() => {
      done = true;
    });
    await fake.advance(299);
    expect(done).toBe(false);
    await fake.advance(1);
    await slept;
    expect(done).toBe(true);
  });

  it('rejects as soon as its signal aborts and clears its timer', async () => {
    const fake = createFakeClock();
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal, fake.clock);
    controller.abort(new Error('stop'));
    await expect(slept).rejects.toThrow('stop');
    expect(fake.pendingTimers).toBe(0);
  });
});
