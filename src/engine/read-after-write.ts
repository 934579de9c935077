import { setTimeout as sleep } from 'node:timers/promises';
import type { Exchange } from '../client/exchange.ts';
import type { Evidence } from './types.ts';

/**
 * Reads of a target whose reads may lag its writes (`limits.readAfterWriteMs`): the documents say
 * nothing about when a balance read or a member inquiry shows an acknowledged deduction, unlock or
 * fabric adjustment, so a target serving reads from a replica is not wrong, and a suite that reads
 * right after writing would fail it falsely. With a window declared:
 * - a read that judges a write's effect is read again, with bounded backoff, until it shows the
 *   effect or the window since the last write has passed ({@link ReadAfterWrite.settle}); an
 *   immediately consistent target's first read shows it, so it pays no request more;
 * - every other read of something written to within the window (the balance a scenario starts
 *   from, right after the previous scenario's deduction) first waits the window out
 *   ({@link ReadAfterWrite.quiet}): it has no expected value to re-read for, and a stale start
 *   would make the next check wrong. It costs time, never a request.
 * - a read judging that a refused call moved nothing ({@link AFTER_REFUSAL}) waits out the window
 *   since refused writes too ({@link ReadAfterWrite.attempted}): it has only "unchanged" to expect,
 *   which a lagging read shows at once whether or not the target applied the refused call, so it
 *   reads when a late-applied one would show. Other reads do not wait for refusals (they cost a
 *   run a window each, and a correct target's refusal moves nothing to wait for).
 * With the default window 0 all are no-ops: every read is made at once, as before.
 */

/** What a settled read looks for, and the requirement that warns when it had to be re-read. */
export interface Settle<Reading> {
  /** Whether a reading shows the write's effect (as the check judging it would accept it). */
  readonly shows: (reading: Reading) => boolean;
  /** The requirement the read judges: it warns with how long the read lagged. */
  readonly requirement: string;
  /**
   * Set when a read not showing the write only warns (what it judges is inferred): such a read
   * spends no lag probe, kept for a read whose failure fails a MUST (see {@link LagProbe}).
   */
  readonly warnsOnly?: boolean;
}

/** How a settled read went: the reading it ended with, and how long it waited for it. */
export interface Settled<Reading> {
  readonly reading: Reading;
  /** The first reading, when the effect showed only on a later one. */
  readonly stale?: Reading;
  /** Milliseconds from the last acknowledged write to the reading that showed it; undefined when the first did. */
  readonly lagMs?: number;
  /** Reads made after the first. */
  readonly rereads: number;
}

/** A run's record of acknowledged writes, one per run (scenarios read each other's customers in turn). */
export interface ReadAfterWrite {
  readonly windowMs: number;
  /** Notes a write acknowledged now to `scopes` (an org, a customer of it, the fabric tenant). */
  wrote(scopes: readonly string[]): void;
  /**
   * Notes a write the target refused now (answered, not a success): `quiet(scopes, true)` waits
   * for it as for an acknowledged one; other reads and `settle` do not (a refusal has no effect to
   * re-read for).
   */
  attempted(scopes: readonly string[]): void;
  /**
   * Waits until the window has passed since the last write to any of `scopes`, and with
   * `refusals` since the last refused one too (no wait with window 0).
   */
  quiet(scopes: readonly string[], refusals?: boolean): Promise<void>;
  /** Reads, and reads again within the window since the last write to `scopes` until `settle.shows`. */
  settle<Reading>(
    scopes: readonly string[],
    read: () => Promise<Reading>,
    settle: Settle<Reading>,
  ): Promise<Settled<Reading>>;
}

/** The first pause before a re-read, and the longest: a replica usually catches up in tens of ms. */
export const FIRST_REREAD_MS = 25;
export const LONGEST_REREAD_MS = 200;

export function createReadAfterWrite(
  windowMs: number,
  now: () => number = () => performance.now(),
): ReadAfterWrite {
  /** When each scope was last written to (acknowledgment time). */
  const lastWrite = new Map<string, number>();
  /** When each scope was last sent a write, refused ones included (answer time). */
  const lastAttempt = new Map<string, number>();
  const deadlineIn = (times: ReadonlyMap<string, number>, scopes: readonly string[]) =>
    Math.max(-Infinity, ...scopes.map((scope) => times.get(scope) ?? -Infinity)) + windowMs;
  const deadlineOf = (scopes: readonly string[]) => deadlineIn(lastWrite, scopes);
  const note = (times: Map<string, number>, scopes: readonly string[]) => {
    if (windowMs <= 0) return;
    const at = now();
    for (const scope of scopes) times.set(scope, at);
  };
  return {
    windowMs,
    wrote(scopes) {
      note(lastWrite, scopes);
      note(lastAttempt, scopes);
    },
    attempted(scopes) {
      note(lastAttempt, scopes);
    },
    async quiet(scopes, refusals = false) {
      const left = deadlineIn(refusals ? lastAttempt : lastWrite, scopes) - now();
      if (windowMs > 0 && left > 0) await sleep(Math.ceil(left));
    },
    async settle(scopes, read, settle) {
      let sentAt = now();
      const first = await read();
      if (windowMs <= 0 || settle.shows(first)) return { reading: first, rereads: 0 };
      const deadline = deadlineOf(scopes);
      let reading = first;
      let rereads = 0;
      // Until a read sent after the deadline: one sent within the window may have been answered
      // from before the write showed, however late its answer came (a loaded runner: variant
      // balance-main-and-total-lag-apart's read within 60 ms of the write, answered past 150 ms).
      for (let pause = FIRST_REREAD_MS; sentAt < deadline; pause = Math.min(pause * 2, LONGEST_REREAD_MS)) {
        await sleep(Math.max(1, Math.min(pause, deadline - now())));
        sentAt = now();
        reading = await read();
        rereads += 1;
        if (settle.shows(reading))
          return { reading, stale: first, lagMs: Math.round(now() - (deadline - windowMs)), rereads };
      }
      return { reading, rereads };
    },
  };
}

/** The writes the four documents define: a deduction, an unlock, a fabric adjustment. */
const WRITES = new Set(['negativePointsAdjustment', 'unlockPromisedPoints', 'adjustMemberPoints']);
/** The reads that show them: the points balance, the fabric member inquiry. */
const READS = new Set(['getPointsBalance', 'inquireMemberPoints']);

/** Whether an operation writes (its acknowledged calls open the window). */
export const writes = (operationId: string) => WRITES.has(operationId);
/** Whether an operation reads what writes change (a read sent as it is waits out the window). */
export const reads = (operationId: string) => READS.has(operationId);

/**
 * Scopes of the window. In an org: `customer` for a declared customer, `org` for a write naming
 * none (it may have touched any customer), `any` for every write (a read naming no declared
 * customer may show any of them). Fabric has one scope: its member reads follow its adjustments.
 */
type Org = { readonly id: string } | undefined;

/** The scopes a write to `org`'s customer `customerKey` (undefined: not known) touches. */
export function writeScopesOf(org: Org, customerKey: string | undefined): string[] {
  if (!org) return ['fabric'];
  return [customerKey === undefined ? `org ${org.id}` : `customer ${org.id}/${customerKey}`, `any ${org.id}`];
}

/** The scopes whose writes a read of `org`'s customer `customerKey` (undefined: not known) may show. */
export function readScopesOf(org: Org, customerKey: string | undefined): string[] {
  if (!org) return ['fabric'];
  return customerKey === undefined
    ? [`any ${org.id}`]
    : [`org ${org.id}`, `customer ${org.id}/${customerKey}`];
}

/**
 * What a read judging that a refused call moved nothing passes instead of a {@link Settle}: under a
 * window it waits out the window since refused writes too ({@link ReadAfterWrite.quiet}).
 */
export const AFTER_REFUSAL = 'after-refusal';

/** How a read follows writes: settled on an expected effect, after a refusal, or neither (undefined). */
export type ReadAfter<Reading> = Settle<Reading> | typeof AFTER_REFUSAL | undefined;

/**
 * A read under the profile's window (`window` undefined: none, read at once): one judging a write's
 * effect (`after` a {@link Settle}) is read again until it shows it, and warns its requirement
 * through `verify` with how long it lagged when it had to be; any other first waits out the window
 * since the last write to its scopes (and since the last refused one, `after` {@link AFTER_REFUSAL}).
 */
export async function readUnderWindow<Reading extends { exchange: Exchange }>(
  window: ReadAfterWrite | undefined,
  scopes: readonly string[],
  read: () => Promise<Reading>,
  after: ReadAfter<Reading>,
  verify: (requirementId: string, passed: boolean, evidence: Evidence) => boolean,
  probe?: LagProbe,
  failsMust: (requirementId: string) => boolean = () => true,
): Promise<Reading> {
  const settle = after === AFTER_REFUSAL ? undefined : after;
  if (!window) {
    const reading = await read();
    // The probe is spent only where the stale read fails a MUST: one warning already (a SHOULD, a
    // warn-only scenario, an inferred line) would use it up and leave a later failure without a hint.
    const probing = settle && probe && !settle.warnsOnly && failsMust(settle.requirement);
    if (probing && !settle.shows(reading) && probe.take()) {
      await probeLag(reading, read, settle, verify, probe.pauseMs);
    }
    return reading;
  }
  if (!settle) {
    await window.quiet(scopes, after === AFTER_REFUSAL);
    return read();
  }
  const settled = await window.settle(scopes, read, settle);
  if (settled.stale) {
    verify(settle.requirement, false, {
      inferred: `the documents do not say how soon a read shows an acknowledged write; the profile allows ${window.windowMs} ms (limits.readAfterWriteMs)`,
      expected: 'a read made right after the acknowledged write shows it',
      actual: `shown ${settled.lagMs} ms after the write, on re-read ${settled.rereads}`,
      exchanges: [settled.stale.exchange, settled.reading.exchange],
    });
  }
  return settled.reading;
}

/**
 * The first read after a write that does not show it and whose check fails a MUST, on a target
 * whose profile declares no window (`limits.readAfterWriteMs` 0), is made once more after a pause,
 * once per run: when the
 * later read shows the write, the requirement also warns, saying so and naming the setting. The
 * check on the first read stands (the profile said reads do not lag); the warning tells a user
 * whose staging serves reads from a replica why, instead of leaving a false-looking failure.
 */
export interface LagProbe {
  /** The pause before the read made again. */
  readonly pauseMs: number;
  /** True the first time (a probe is left), false after. */
  take(): boolean;
}

/** Long enough for a replica that usually catches up in tens to hundreds of ms. */
export const LAG_PROBE_PAUSE_MS = 500;

export function createLagProbe(pauseMs = LAG_PROBE_PAUSE_MS): LagProbe {
  let left = 1;
  return {
    pauseMs,
    take: () => left-- > 0,
  };
}

async function probeLag<Reading extends { exchange: Exchange }>(
  first: Reading,
  read: () => Promise<Reading>,
  settle: Settle<Reading>,
  verify: (requirementId: string, passed: boolean, evidence: Evidence) => boolean,
  pauseMs: number,
): Promise<void> {
  await sleep(pauseMs);
  const later = await read();
  if (!settle.shows(later)) return;
  verify(settle.requirement, false, {
    inferred:
      'the documents do not say how soon a read shows an acknowledged write; the profile declares none (limits.readAfterWriteMs: 0)',
    expected: 'a read made right after the acknowledged write shows it',
    actual: `a read ${pauseMs} ms later showed it: if the target's reads lag its writes (a replica), declare limits.readAfterWriteMs in the profile; the check on the first read stands`,
    exchanges: [first.exchange, later.exchange],
  });
}
