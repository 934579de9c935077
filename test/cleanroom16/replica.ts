/**
 * The sixteenth clean room's read replica: every acknowledged write publishes a snapshot of what
 * reads show, visible 25–200 ms later (seeded, so a run is repeatable), in write order, as a
 * database replica replaying its primary's log would. Reads see the newest snapshot already
 * visible. The documents say nothing about when a read must show a write.
 */
export interface Replica<View> {
  /** Publishes `view` (taken after a write): visible after this write's lag, never before an earlier one. */
  publish(view: View): void;
  /** What a read shows now. */
  read(): View;
}

/** A small seeded generator (mulberry32): the same seed gives the same lags in every run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * A replica starting at `initial`; `lagMs()` gives each write's lag (0: a synchronous replica,
 * reads show every write at once).
 */
export function createReplica<View>(initial: View, lagMs: () => number): Replica<View> {
  let shown = initial;
  const queue: { visibleAt: number; view: View }[] = [];
  let lastVisibleAt = 0;
  return {
    publish(view) {
      // Never before an earlier write: a replica replays its primary's log in order.
      lastVisibleAt = Math.max(lastVisibleAt, performance.now() + lagMs());
      queue.push({ visibleAt: lastVisibleAt, view });
    },
    read() {
      const now = performance.now();
      while (queue.length > 0 && (queue[0]?.visibleAt ?? Infinity) <= now)
        shown = queue.shift()?.view ?? shown;
      return shown;
    },
  };
}
