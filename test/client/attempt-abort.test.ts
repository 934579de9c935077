import { describe, expect, it, vi } from 'vitest';
import { AttemptAbort } from '../../src/client/attempt-abort.ts';

describe('AttemptAbort', () => {
  it('calls each listener once with the reason set, then aborts the signal made for a wait', () => {
    const cancel = new AttemptAbort();
    const signal = cancel.signal;
    const order: string[] = [];
    const listener = vi.fn(() => order.push(`undici ${String(cancel.reason)}`));
    cancel.once('abort', listener);
    signal.addEventListener('abort', () => order.push(`wait ${String(signal.reason)}`));
    cancel.abort('deadline');
    cancel.abort('again');
    expect(listener).toHaveBeenCalledTimes(1);
    expect(order).toEqual(['undici deadline', 'wait deadline']);
    expect(cancel.aborted).toBe(true);
  });

  it('a listener removed is not called; a signal made after the abort is aborted with its reason', () => {
    const cancel = new AttemptAbort();
    const listener = vi.fn();
    cancel.once('abort', listener);
    cancel.removeListener('abort', listener);
    cancel.abort('stop');
    expect(listener).not.toHaveBeenCalled();
    expect(cancel.signal.aborted).toBe(true);
    expect(cancel.signal.reason).toBe('stop');
  });
});
