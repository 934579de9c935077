import { type RecordedHead, requestUrlParts } from '../client/exchange.ts';
import { type LoyaltyConformanceError, toolError } from '../errors.ts';

/**
 * Requests in a row to one origin that got no response before the origin counts as not
 * answering. A correct target answers every request; a few lost ones in a burst are tolerated.
 */
export const UNRESPONSIVE_AFTER = 5;

/**
 * Watches the exchanges of a run for a target origin that stopped answering (every request timing
 * out or reset). Without it a target that accepts connections and never answers keeps a run busy
 * for `timeoutMs` per request, for many minutes; with it the run stops asking that origin. Kept per
 * origin, not per API family: two families served by one host share its fate (a streak of
 * "unavailable" answers is counted per family, since one backend behind the host may be down alone).
 */
export interface TargetHealth {
  /**
   * Counts an exchange's outcome towards its origin's streaks: of unanswered requests, of
   * "unavailable" answers, and (`defaultCredentials`: the call was sent with the principal's own
   * credentials, not the wrong, missing or restricted ones a scenario sends to be refused) of
   * refused credentials.
   */
  observe(exchange: RecordedHead, call?: { readonly defaultCredentials: boolean }): Promise<void> | undefined;
  /**
   * Whether an exchange belongs to a streak not yet settled: one that may still become an outage or
   * an expiry (and its checks errors), or is being confirmed. A scenario run citing one waits to be
   * announced until it settles, so that its live verdict is the one the report gives.
   */
  unsettled(exchangeId: number): boolean;
  /** Why the origin of `url` is no longer asked, or undefined while it answers. */
  stoppedFor(url: string): LoyaltyConformanceError | undefined;
  /** The first origin that stopped answering, if any. */
  readonly stopped: LoyaltyConformanceError | undefined;
  /**
   * The stop an exchange's answer belongs to (a 503 or a refused credential of the streak that
   * stopped its origin, or one answered after it): a check on it judged the outage, not the target.
   */
  unjudged(exchangeId: number): LoyaltyConformanceError | undefined;
}

/**
 * Answers that say the target, or a gateway in front of it, is down or overloaded rather than how
 * it judges the request: Bad Gateway, Service Unavailable (without `Retry-After`: with one it is a
 * rate limit) and Gateway Timeout. One of them is still a failure (GEN-NO-5XX); a streak of them
 * across operations, reads included, is an outage.
 */
export const UNAVAILABLE_STATUSES: ReadonlySet<number> = new Set([502, 503, 504]);

/**
 * Whether the target (or its gateway) answered that it is unavailable: one of
 * {@link UNAVAILABLE_STATUSES}, not a rate limit the client waited on.
 */
export const answeredUnavailable = (exchange: RecordedHead): boolean => {
  const status = exchange.response?.status;
  return status !== undefined && UNAVAILABLE_STATUSES.has(status) && !exchange.rateLimited;
};

/** Refusals of a principal's own credentials: once a streak of them, the credentials expired. */
const REFUSED_STATUSES: ReadonlySet<number> = new Set([401, 403]);

/** A streak of answers of one kind from one origin (and one API family, or for refusals one principal). */
interface Streak {
  readonly ids: number[];
  readonly operations: Set<string>;
  read: boolean;
}

const newStreak = (): Streak => ({ ids: [], operations: new Set(), read: false });

/** A 429 or 503 the client stopped waiting on: its run's rate-limit wait budget is spent. */
const budgetExhausted = (exchange: RecordedHead): boolean => exchange.rateLimited?.budgetExhausted === true;

/** Origins by the scheme-and-authority prefix of a URL: a run asks few origins, many URLs. */
const origins = new Map<string, string>();

const originOf = (url: string): string => {
  const prefix = /^[a-z][a-z0-9+.-]*:\/\/[^/?#\\]*/i.exec(url)?.[0];
  const known = prefix === undefined ? undefined : origins.get(prefix);
  if (known !== undefined) return known;
  let origin: string;
  try {
    origin = new URL(url).origin;
  } catch {
    return url;
  }
  if (prefix !== undefined && origins.size < 256) origins.set(prefix, origin);
  return origin;
};

/**
 * Asks the target again, after a short pause, a plain read it answered earlier in the run for
 * `principal` (with the same credentials): undefined when it answers as it did then, else what
 * was seen in words (`GET /path asked again answered 503`).
 */
export type ConfirmUp = (
  principal: string,
  kind: StopKind,
  /** The streak is over the only operation its family documents (see `TargetHealthOptions`). */
  oneOperation?: boolean,
) => Promise<string | undefined>;

/** The stops a streak of answers may declare: an outage, or expired credentials. */
export type StopKind = 'unavailable' | 'refused';

export interface TargetHealthOptions {
  readonly threshold?: number;
  /**
   * Consulted before an outage or an expiry is declared (none: declared at once). A target that
   * still answers an earlier read as before is not down, nor are the credentials expired: its 5xx
   * or refusals are specific to the state the run brought it to (a crash after a deduction, a
   * session bug on writes), so they are judged (GEN-NO-5XX, CAP-AUTH-*), and the streak starts over.
   */
  readonly confirm?: ConfirmUp;
  /**
   * The only operation each family documents, for families with one (fabric: the adjustment; its
   * member inquiry lies outside the documents and may be absent). A streak over it cannot span two
   * operations and a read, so a family's backend going down mid-run would be judged (GEN-NO-5XX
   * newly failing); such a streak is an outage when `confirm`, asked with `oneOperation`, finds
   * a request refused for its input earlier (or a read) answered 502/503/504 too, and judged when
   * it has nothing to ask (docs/choices.md).
   */
  readonly soleOperations?: ReadonlyMap<string, string>;
}

export function createTargetHealth(options: TargetHealthOptions = {}): TargetHealth {
  const threshold = options.threshold ?? UNRESPONSIVE_AFTER;
  const confirm = options.confirm ?? (async () => 'no read to ask again');
  /** Suspicions being confirmed, by streak key, with the streak each is about. */
  const confirming = new Map<string, { streak: Streak; done: Promise<void> }>();
  const streaks = new Map<string, number>();
  /** Streaks of "unavailable" answers (by family) and of refused credentials (by principal), by origin. */
  const answered = new Map<string, Streak>();
  const stops = new Map<string, LoyaltyConformanceError>();
  /** The exchanges of a streak that stopped its origin, with that stop. */
  const unjudged = new Map<number, LoyaltyConformanceError>();
  let first: LoyaltyConformanceError | undefined;
  const stop = (origin: string, error: LoyaltyConformanceError) => {
    stops.set(origin, error);
    first ??= error;
  };
  /** Operations (`principal operation`) that accepted a principal's own credentials this run. */
  const accepted = new Set<string>();
  const operationOf = (exchange: RecordedHead) =>
    exchange.operationId ?? requestUrlParts(exchange.request.url).pathname;
  /** Adds an exchange to the streak under `key` and returns it, or (not `counts`) ends the streak. */
  const extend = (key: string, exchange: RecordedHead, counts: boolean) => {
    if (!counts) {
      answered.delete(key);
      return undefined;
    }
    const streak = answered.get(key) ?? newStreak();
    answered.set(key, streak);
    streak.ids.push(exchange.id);
    streak.operations.add(operationOf(exchange));
    if (exchange.request.method === 'GET') streak.read = true;
    return streak.ids.length >= threshold ? streak : undefined;
  };
  /**
   * An outage spans two operations and a read: a target that answers 503 to every invalid input of
   * one operation is judged (GEN-NO-5XX fails), not taken for one. A family documenting one
   * operation is the exception (`soleOperations`): there the confirmation tells the two apart.
   */
  const outage = (streak: Streak | undefined) => streak && streak.operations.size >= 2 && streak.read;
  /** A streak over the only operation `family` documents (then confirmed by a request refused for its input). */
  const overSoleOperation = (streak: Streak, family: string) => {
    const sole = options.soleOperations?.get(family);
    return sole !== undefined && streak.operations.has(sole);
  };
  /**
   * Expired credentials were accepted by one of the refusing operations earlier in the run: a
   * target that refuses valid credentials on an operation from the start (on writes only, say)
   * is judged (CAP-AUTH-BASIC, FAB-AUTH-BEARER fail), not taken for an expiry.
   */
  const expiry = (streak: Streak | undefined, principal: string) =>
    streak && [...streak.operations].some((operation) => accepted.has(`${principal} ${operation}`));
  const lastAnswer = (exchange: RecordedHead) =>
    `${exchange.request.method} ${requestUrlParts(exchange.request.url).pathname} answered ${exchange.response?.status}`;
  /**
   * A streak that looks like an outage or an expiry: declared only once `confirm` finds an earlier
   * read refused too. Answers meanwhile extend the same streak; one confirmation per streak.
   */
  const suspect = (
    key: string,
    streak: Streak,
    origin: string,
    principal: string,
    declare: (seen: string) => LoyaltyConformanceError,
    oneOperation = false,
  ): Promise<void> => {
    const pending = confirming.get(key);
    if (pending?.streak === streak) return pending.done;
    const kind = key.split(' ')[0] as StopKind;
    const done: Promise<void> = confirm(principal, kind, oneOperation)
      .catch((error: Error) => `the confirming read failed: ${error.message}`)
      .then((seen) => {
        if (confirming.get(key)?.done === done) confirming.delete(key);
        if (stops.has(origin)) return;
        if (seen === undefined) {
          // The target answers as before: these answers are its own, judged; the streak starts over.
          if (answered.get(key) === streak) answered.delete(key);
          return;
        }
        const error = declare(seen);
        for (const id of streak.ids) unjudged.set(id, error);
        // Streaks of the same kind the stop cuts short at this origin (another principal's refusals
        // meanwhile, one host serving both families) can be confirmed no more: unjudged too.
        for (const [other, cut] of answered) {
          if (other.startsWith(`${kind} `) && other.endsWith(` ${origin}`))
            for (const id of cut.ids) unjudged.set(id, error);
        }
        stop(origin, error);
      });
    confirming.set(key, { streak, done });
    return done;
  };
  return {
    unsettled: (id) =>
      [...answered.values()].some((streak) => streak.ids.includes(id)) ||
      [...confirming.values()].some(({ streak }) => streak.ids.includes(id)),
    observe(exchange, call) {
      const origin = originOf(exchange.request.url);
      const status = exchange.response?.status;
      const unavailable = answeredUnavailable(exchange);
      const refused =
        call?.defaultCredentials === true && status !== undefined && REFUSED_STATUSES.has(status);
      const stopped = stops.get(origin);
      if (stopped) {
        // Answered after the stop (in flight when it came): part of the same outage.
        const same =
          (stopped.code === 'LC_ERR_TARGET_UNAVAILABLE' && unavailable) ||
          (stopped.code === 'LC_ERR_AUTH_EXPIRED' && refused);
        if (same) unjudged.set(exchange.id, stopped);
        return;
      }
      if (budgetExhausted(exchange)) {
        // The client waited as long as the profile allows: asking on would only collect 429s.
        stop(
          origin,
          toolError('LC_ERR_RATE_LIMITED', {
            url: origin,
            answer: `${exchange.response?.status} on ${exchange.request.method} ${requestUrlParts(exchange.request.url).pathname}`,
          }),
        );
        return;
      }
      if (exchange.response) {
        // Per family too: a host serving both families (a gateway in front of both, the reference
        // provider) may lose one backend while the other still answers, and those answers in
        // between would end every streak of the family that is down short of an outage, leaving
        // its 503s judged as failures (GEN-NO-5XX newly failing on a night the backend was down).
        const downKey = `unavailable ${exchange.family} ${origin}`;
        const down = extend(downKey, exchange, unavailable);
        const oneOperation = down !== undefined && !outage(down) && overSoleOperation(down, exchange.family);
        if (down && (outage(down) || oneOperation)) {
          const last = lastAnswer(exchange);
          return suspect(
            downKey,
            down,
            origin,
            exchange.principal,
            (seen) =>
              toolError('LC_ERR_TARGET_UNAVAILABLE', {
                url: origin,
                detail: `${down.ids.length} requests in a row were answered 502, 503 or 504 (last: ${last}; then ${seen}); the run stopped asking it, so its report is incomplete and the checks those answers reached are errors, not failures`,
              }),
            oneOperation,
          );
        }
        // A call sent with wrong, missing or restricted credentials is meant to be refused: it
        // neither extends nor ends the streak.
        if (call?.defaultCredentials) {
          // Per principal: each has its own credentials, and another's accepted ones say nothing
          // of these (fabric's Bearer token expiring while the Capillary orgs' tills still work).
          const { principal } = exchange;
          if (!refused && status !== undefined && status < 500)
            accepted.add(`${principal} ${operationOf(exchange)}`);
          const refusedKey = `refused ${principal} ${origin}`;
          const expired = extend(refusedKey, exchange, refused);
          if (expired && expiry(expired, principal)) {
            const answer = lastAnswer(exchange);
            return suspect(refusedKey, expired, origin, principal, (seen) =>
              toolError('LC_ERR_AUTH_EXPIRED', {
                principal: principal === 'fabric' ? 'fabric' : `org ${principal}`,
                count: String(expired.ids.length),
                answer: `${answer}; then ${seen}`,
              }),
            );
          }
        }
      }
      if (exchange.response || !exchange.error) {
        streaks.set(origin, 0);
        return;
      }
      const streak = (streaks.get(origin) ?? 0) + 1;
      streaks.set(origin, streak);
      if (streak < threshold) return;
      stop(
        origin,
        toolError('LC_ERR_TARGET_UNRESPONSIVE', {
          url: origin,
          count: String(streak),
          reason: `${exchange.error.code}: ${exchange.error.message}`,
        }),
      );
    },
    stoppedFor: (url) => stops.get(originOf(url)),
    get stopped() {
      return first;
    },
    unjudged: (id) => unjudged.get(id),
  };
}
