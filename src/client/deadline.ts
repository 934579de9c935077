/**
 * A deadline that a stall of this process does not turn into a verdict against the target. Node
 * runs due timers before it polls sockets, so after the event loop was blocked (a busy CI machine,
 * a long synchronous task beside) a plain `setTimeout` for "no answer within N ms" fires before
 * the answer or the connection that arrived meanwhile is even read: a target that answered in
 * time is taken for one that did not. Deferred by one `setImmediate` (which runs after the poll),
 * the callback comes only once what already arrived has been seen; undici defers its connect
 * timeout the same way. A target that really stays silent is still stopped one loop turn later.
 */

/** Calls `onExpired` once `ms` have passed and pending I/O was polled; returns a cancel. */
export function startDeadline(ms: number, onExpired: () => void): () => void {
  let immediate: ReturnType<typeof setImmediate> | undefined;
  const timer = setTimeout(() => {
    immediate = setImmediate(onExpired);
  }, ms);
  return () => {
    clearTimeout(timer);
    if (immediate !== undefined) clearImmediate(immediate);
  };
}
