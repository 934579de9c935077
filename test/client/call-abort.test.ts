import { getEventListeners } from 'node:events';
import { describe, expect, it, vi } from 'vitest';
import { createCallAborts } from '../../src/client/call-abort.ts';

describe('call aborts of a shared signal', () => {
  it('abort every listening call once, with the shared reason, in the order listened', () => {
    const shared = new AbortController();
    const abortOf = createCallAborts();
    const [first, second] = [abortOf(shared.signal), abortOf(shared.signal)];
    const order: string[] = [];
    first.addEventListener('abort', () => order.push(`first ${String(first.reason)}`), { once: true });
    second.addEventListener('abort', () => order.push('second slot'), { once: true });
    second.addEventListener('abort', () => order.push('second attempt'), { once: true });
    expect(first.aborted).toBe(false);
    shared.abort('interrupted');
    expect(order).toEqual(['first interrupted', 'second slot', 'second attempt']);
    expect([first.aborted, second.aborted, second.reason]).toEqual([true, true, 'interrupted']);
  });

  it('put one listener on the shared signal however many calls wait, and leave when none does', () => {
    const shared = new AbortController();
    const abortOf = createCallAborts();
    const listeners = Array.from({ length: 50 }, () => vi.fn());
    const calls = listeners.map((listener) => {
      const call = abortOf(shared.signal);
      call.addEventListener('abort', listener, { once: true });
      return call;
    });
    expect(getEventListeners(shared.signal, 'abort')).toHaveLength(1);
    calls.forEach((call, i) => {
      call.removeEventListener('abort', listeners[i] as () => void);
    });
    shared.abort('late');
    for (const listener of listeners) expect(listener).not.toHaveBeenCalled();
  });

  it('are aborted from the start when the shared signal is, and never call a listener added then', () => {
    const shared = new AbortController();
    shared.abort('before');
    const call = createCallAborts()(shared.signal);
    const listener = vi.fn();
    call.addEventListener('abort', listener, { once: true });
    expect([call.aborted, call.reason]).toEqual([true, 'before']);
    expect(listener).not.toHaveBeenCalled();
  });
});
