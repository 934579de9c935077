import {
  describeBodyIssue,
  describeRateLimit,
  type Exchange,
  isRateLimited,
  type RecordedHead,
} from '../client/exchange.ts';
import { dualPrimaryOf } from '../profile/dual-eligibility.ts';
import {
  describeApiErrorStatus,
  envelopeCodes,
  refusedWithoutCode,
  statusAllowedForErrors,
} from '../profile/error-status.ts';
import type { ApiErrorStatus, CustomerFixture, OrgProfile, Profile } from '../profile/types.ts';
import {
  type Capabilities,
  chooseBill,
  describeMissing,
  listable,
  missingNeeds,
  roleCustomerKey,
} from './fixtures.ts';
import {
  type LagProbe,
  type ReadAfter,
  type ReadAfterWrite,
  readScopesOf,
  reads,
  readUnderWindow,
  writeScopesOf,
  writes,
} from './read-after-write.ts';
import { answeredUnavailable } from './target-health.ts';
import type {
  BalanceOptions,
  BalanceReading,
  BillNote,
  CallOptions,
  CheckResult,
  Evidence,
  NamedBill,
  NamedCustomer,
  OwnTokenRequest,
  PromisedFigureTwice,
  ScenarioContext,
  TokenCredentials,
  Verdict,
} from './types.ts';

/** The engine's side of a scenario context: the client call and the sink of check results. */
export interface ContextHost {
  readonly profile: Profile;
  readonly org: OrgProfile | undefined;
  readonly principal: string;
  readonly scenarioId: string;
  readonly seed: number;
  /** The run's specs and validators, handed to the scenario as they are. */
  readonly specs: ScenarioContext['specs'];
  /** Requirement level, for turning a broken SHOULD into `warn`. */
  levelOf(requirementId: string): 'MUST' | 'SHOULD';
  /** When set, every failure of this scenario is reported as `warn` with this note. */
  readonly warnOnly: string | undefined;
  call(operationId: string, options: CallOptions): Promise<Exchange>;
  record(result: CheckResult): void;
  /** {@link ScenarioContext.ownTokenRequest}; absent where the run's client keeps no token requests. */
  ownTokenRequest?(which: TokenCredentials): OwnTokenRequest | undefined;
  /** Requirements of this scenario this run cannot judge (their `requirementNeeds` are missing). */
  readonly unjudgeable?: ReadonlyMap<string, unknown>;
  /** The target's optional capabilities, as probed before the run. */
  readonly capabilities?: Capabilities;
  /**
   * Why an answer's body is not what the spec declares for its status (undefined when it is), so
   * that a 2xx counts as an acceptance only with the documented body.
   */
  bodyProblem?(exchange: Exchange): string | undefined;
  /** The run's record of acknowledged writes, when reads may lag them (`limits.readAfterWriteMs`). */
  readonly readAfterWrite?: ReadAfterWrite;
  /** Without a window: the run's one read made again to tell a lagging target from a wrong one. */
  readonly lagProbe?: LagProbe;
  /**
   * The run's notes on declared bills, by principal and bill key (one map per run, shared by its
   * scenarios); a context without one keeps its own.
   */
  readonly billNotes?: Map<string, BillNote[]>;
  /** The run's counts so far, by org and series ({@link ScenarioContext.countInRun}); likewise. */
  readonly runCounts?: Map<string, number>;
}

/** Thrown by `skip()`: ends the scenario with `skip`. */
export class ScenarioSkip extends Error {}

/** Thrown when the scenario cannot judge (a read it depends on failed): ends it with `error`. */
export class ScenarioError extends Error {
  constructor(
    message: string,
    readonly exchanges: readonly Exchange[] = [],
  ) {
    super(message);
  }
}

/**
 * A numeric string: a decimal ("670.000"), or one in exponent form ("6.7E+2", as Java's
 * `BigDecimal.toString()` writes a stripped round amount). The documents never define a numeric
 * string's syntax: exponent form is read as its value, and the format checks warn about it.
 */
const AMOUNT_TEXT = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/** Parses a Capillary amount (number or numeric string, exponent form included). */
export function toAmount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && AMOUNT_TEXT.test(value.trim())) {
    const amount = Number(value);
    // "1E+400" is a numeric string but no amount a double holds.
    return Number.isFinite(amount) ? amount : undefined;
  }
  return undefined;
}

/** Whether an amount is a numeric string in exponent form ("6.7E+2"), which only warns. */
export const inExponentForm = (value: unknown): value is string =>
  typeof value === 'string' && AMOUNT_TEXT.exec(value.trim())?.[4] !== undefined;

/**
 * Decimal places an amount's text is written with (trailing zeros count: "669.00" has 2), the
 * exponent applied: "1.2525E+1" has 3, "6.7E+2" none, "0E-3" 3. Undefined for a non-amount.
 */
export function writtenDecimals(text: string): number | undefined {
  const match = AMOUNT_TEXT.exec(text.trim());
  if (!match) return undefined;
  return Math.max(0, (match[3]?.length ?? 0) - Number(match[4] ?? 0));
}

/**
 * Decimal places a double keeps exactly at the magnitude of `values` (15 significant digits, at
 * most the 6 a program may use): 6 up to 999,999,999 points, 5 in the billions.
 */
const exactDecimalsAt = (...values: number[]) => {
  const largest = Math.max(1, ...values.map(Math.abs).filter(Number.isFinite));
  return Math.max(0, Math.min(6, 15 - (Math.floor(Math.log10(largest)) + 1)));
};

/**
 * `value` (computed from `operands`) rounded to the decimals a double holds at their magnitude, so
 * that 670.1 - 0.1 is 670 and 4400000670.12 - 1.01 is 4400000669.11: the suite's arithmetic on
 * balances read from a target must not add binary noise a target's exact decimals do not have.
 */
export const roundPoints = (value: number, ...operands: number[]) =>
  Number(value.toFixed(exactDecimalsAt(value, ...operands)));

/**
 * Points compare equal when they differ by less than the smallest decimal any program uses, or,
 * for balances in the billions, by less than a double can tell apart there (about 1e-5). A figure
 * computed from balances (a change in main points: {@link roundPoints} of their difference) is only
 * as exact as those balances: pass them as `operands`, so that 8.925 listed matches a rise of 8.93
 * read between balances near 2 × 10^12, where a double keeps 2 decimals.
 */
export const samePoints = (a: number | undefined, b: number | undefined, ...operands: number[]) =>
  a !== undefined &&
  b !== undefined &&
  Math.abs(a - b) < Math.max(1e-6, 10 ** -exactDecimalsAt(a, b, ...operands));

const statusOf = (exchange: Exchange) => exchange.response?.status;

/** Where alone a check judged its rule, as its message gives it (`expectErrorCode`'s `scope`). */
const scoped = (scope: string | undefined) => (scope === undefined ? '' : ` (${scope})`);

/**
 * Whether a value inside a fabric `errors` object says anything: not null, "", [] or an object or
 * list of such. A serializer writing an error DTO with no error in it (`{"code": null, "message":
 * null}`, `{"fieldErrors": []}`) sends "error details, if any" with none; the page's own example
 * writes no exception as `"ExceptionString": ""` (variant hunt 52).
 */
const holdsDetail = (value: unknown): boolean => {
  if (value === null || value === undefined || value === '') return false;
  if (Array.isArray(value)) return value.some(holdsDetail);
  if (typeof value === 'object') return Object.values(value).some(holdsDetail);
  return true;
};

/**
 * Whether an answer carries an error: a Capillary envelope with at least one error, or a fabric
 * envelope whose `errors` object holds some detail ({@link holdsDetail}) or with an error
 * `status`. A 2xx with one is not a success.
 */
export const carriesError = (exchange: Exchange): boolean => {
  const body = exchange.response?.body as { errors?: unknown; status?: unknown } | undefined;
  const errors = body?.errors;
  if (Array.isArray(errors)) return errors.length > 0;
  if (errors !== null && typeof errors === 'object' && holdsDetail(errors)) return true;
  return typeof body?.status === 'number' && body.status >= 400;
};

/** Whether the answer's status is a 2xx: what a read takes its figures from (the pages give reads no status). */
export const answered2xx = (exchange: Exchange): boolean => {
  const status = statusOf(exchange);
  return status !== undefined && status >= 200 && status < 300;
};

/**
 * Whether the target accepted a call: a 2xx with a JSON body that carries no error. A login page,
 * an empty 200 or an error envelope answered with 200 is not an acceptance.
 */
export const succeeded = (exchange: Exchange) =>
  answered2xx(exchange) && exchange.response?.body !== undefined && !carriesError(exchange);

/**
 * The error status an exchange's refusal is judged by: the profile's `apiErrorStatus` is about the
 * Capillary error envelope; fabric documents no error answer at all, so any 4xx refuses there.
 */
export const errorStatusFor = (setting: ApiErrorStatus, exchange: Exchange): ApiErrorStatus =>
  exchange.family === 'fabric' ? 'any-4xx' : setting;

/**
 * Whether an answer is a refusal in the profile's error status: a status `apiErrorStatus` allows
 * (never a 429 or a 5xx), and for a 2xx (`any`, or a list with one) an error in the envelope; or a
 * 4xx with no envelope at all (or a body that is no JSON: text or nothing), which reports no
 * error code, so the setting does not speak of it.
 */
export const refusedAs = (setting: ApiErrorStatus, exchange: Exchange): boolean => {
  const status = statusOf(exchange);
  return (
    status !== undefined &&
    (refusedInFabricEnvelope(exchange) ||
      refusedWithoutCode(status, exchange.response) ||
      (statusAllowedForErrors(errorStatusFor(setting, exchange), status) &&
        (status >= 300 || carriesError(exchange))))
  );
};

/**
 * A fabric 2xx whose envelope refuses: `status` ("Status code of call") 4xx or `errors` ("Error
 * details, if any") not empty. The page documents no error answer, and its envelope carries the
 * call's own status, so a target may answer every call with HTTP 200: a refusal, that warns.
 */
export const refusedInFabricEnvelope = (exchange: Exchange): boolean => {
  const status = statusOf(exchange);
  return (
    exchange.family === 'fabric' &&
    status !== undefined &&
    status >= 200 &&
    status < 300 &&
    exchange.response?.body !== undefined &&
    carriesError(exchange)
  );
};

/**
 * Whether the target turned a request away for load rather than answering it: a 429 (the request
 * was not processed), or a 503 the client gave up waiting on (its rate-limit budget ran out).
 */
export const rateLimited = (exchange: Pick<RecordedHead, 'response' | 'rateLimited'>): boolean =>
  exchange.response?.status === 429 || isRateLimited(exchange);

/**
 * An answer in one line for evidence: status and the start of the body, or why there was none.
 * What is wrong with the body comes first: a cut, undecodable or too deep body is named as such, and
 * a 2xx whose body is not JSON says so, so that a 200 page is never read as an acceptance (tsweep64).
 */
export const describeAnswer = (exchange: Exchange) => {
  const response = exchange.response;
  if (!response) return `no response (${exchange.error?.code ?? 'error'}: ${exchange.error?.message ?? ''})`;
  const issue =
    describeBodyIssue(response) ??
    (response.status >= 200 && response.status < 300 && bodyNotJson(response) ? 'body not JSON' : undefined);
  return `${response.status}${issue ? ` (${issue})` : ''} ${response.bodyText.slice(0, 200)}`;
};

/** A body that came as text and did not parse as JSON (blank is no body). */
const bodyNotJson = (response: NonNullable<Exchange['response']>): boolean =>
  response.body === undefined && response.bodyText.trim() !== '';

/**
 * Whether a write may have been applied though its answer says neither that it was nor that it was
 * refused: no response; sent again after its connection was lost before any answer (the first send
 * may have been applied too); answered 502, 503 or 504 (a worker or gateway failing after the
 * commit; not a rate limit, whose request was not processed); a 2xx whose body is no JSON (a
 * proxy's page, an answer cut short), which is never an acceptance. One 503 or cut 200 after the
 * booking, in 211 sampled positions of a run, failed 13 runs' later reads (tsweep64).
 */
export const mayHaveBeenApplied = (exchange: Exchange): boolean =>
  !exchange.response ||
  exchange.lostConnectionResends !== undefined ||
  answeredUnavailable(exchange) ||
  (answered2xx(exchange) && exchange.response.body === undefined);

/** What became of a write that {@link mayHaveBeenApplied}, for a later check's note. */
const describeLostWrite = (write: Exchange): string =>
  write.response && write.lostConnectionResends !== undefined
    ? `was sent again after its connection was lost before any answer (then answered ${describeAnswer(write).slice(0, 80)}), so it may have been applied twice`
    : `got ${describeAnswer(write)}, so it may have been applied`;

/**
 * Why an answer's body names no code when it is not JSON: ` (invalid UTF-8: …)` for a body that
 * cannot be read as sent (cut, undecodable), ` (body not JSON: <its start>)` for another; empty
 * for a JSON body or none. "400 with no error code" alone hid that the body was unreadable
 * (hostile hunt 59: a gateway's `Transfer-Encoding: gzip`, a body longer than its Content-Length).
 */
const unreadBody = (exchange: Exchange): string => {
  const response = exchange.response;
  if (!response || !bodyNotJson(response)) return '';
  return ` (${describeBodyIssue(response) ?? `body not JSON: ${response.bodyText.slice(0, 80)}`})`;
};

/** Error codes in a Capillary envelope. */
export const errorCodesOf = (exchange: Exchange): number[] =>
  (envelopeCodes(exchange.response?.body) ?? []).filter((c): c is number => typeof c === 'number');

/**
 * The codes of a Capillary envelope as answered, for evidence: numbers as they are, any other
 * value as its JSON with its type (`"8906" (a string)`), so that a code in the wrong type is not
 * reported as no code at all.
 */
export const answeredCodes = (exchange: Exchange): string[] =>
  (envelopeCodes(exchange.response?.body) ?? [])
    .filter((c) => c !== undefined && c !== null)
    .map((c) => (typeof c === 'number' ? String(c) : `${JSON.stringify(c)} (a ${typeof c}, not a number)`));

/**
 * The lines of an unlock answer's `pointsUnlocked`: its items when it is a list (both examples), the
 * one object itself when it is an object (the response table types it "Object"); undefined when the
 * field is neither.
 */
export function unlockLinesOf(body: unknown): Record<string, unknown>[] | undefined {
  const lines = (body as { pointsUnlocked?: unknown } | null | undefined)?.pointsUnlocked;
  if (Array.isArray(lines)) return lines as Record<string, unknown>[];
  return lines !== null && typeof lines === 'object' ? [lines as Record<string, unknown>] : undefined;
}

/**
 * A member inquiry answering `data: []`: a member holding no points may have no entry (the
 * inquiry is outside the four documents), so a run that has the inquiry reads it as 0 (variant
 * hunt 23: a member at 0 stopped every fabric scenario, exit 2). A run has it where the profile
 * declares it (`true`) or, under `auto`, where the probe read an amount from it: the probe reads
 * with {@link memberPointsOf} alone, since an empty list does not show the endpoint is there.
 */
function noEntriesOf(exchange: Exchange): ReturnType<typeof memberPointsOf> {
  const data = (exchange.response?.body as { data?: unknown } | undefined)?.data;
  return Array.isArray(data) && data.length === 0 ? { available: 0, entries: [], total: 0 } : undefined;
}

/**
 * A member's points as the fabric inquiry answers them: each `data[]` entry's
 * `pointsBalance.memberPointsAvailable` (`entries`, in order; an entry without an amount is left
 * out), `available` their sum and `total` the sum of the entries' `totalPoints`; undefined when no
 * entry carries an amount. The inquiry may list several entries (one per program, say): which one
 * an adjustment moves is not documented, so none is singled out.
 */
export function memberPointsOf(
  exchange: Exchange,
): { available: number; entries: number[]; total: number | undefined } | undefined {
  const data = (exchange.response?.body as { data?: unknown } | undefined)?.data;
  const records = (Array.isArray(data) ? data : []).map((entry) => (entry ?? {}) as Record<string, unknown>);
  const entries: number[] = [];
  const totals: number[] = [];
  for (const entry of records) {
    const available = toAmount(
      (entry.pointsBalance as Record<string, unknown> | undefined)?.memberPointsAvailable,
    );
    if (available === undefined) continue;
    entries.push(available);
    const total = toAmount(entry.totalPoints);
    if (total !== undefined) totals.push(total);
  }
  if (entries.length === 0) return undefined;
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  return { available: sum(entries), entries, total: totals.length ? sum(totals) : undefined };
}

/**
 * The customer the profile declares under `key`, with what a lookup needs to know of the org: the
 * primary identifier (dual eligibility), and the identifiers whose value another declared customer
 * has too (under dual eligibility secondaries may be shared: a lookup by one names no one customer).
 */
export function namedCustomer(org: OrgProfile | undefined, key: string): NamedCustomer | undefined {
  const customers = org?.fixtures.customers ?? {};
  const fixture = customers[key];
  if (!fixture) return undefined;
  const primaryIdentifier = org?.config.dualEligibility?.primaryIdentifier;
  const sharedIdentifiers = sharedIdentifiersOf(customers, key);
  return {
    ...fixture,
    key,
    ...(primaryIdentifier ? { primaryIdentifier } : {}),
    ...(org?.config.dualEligibility?.enabled ? { dualEligibility: true as const } : {}),
    ...(sharedIdentifiers.length ? { sharedIdentifiers } : {}),
  };
}

type Customers = NonNullable<OrgProfile['fixtures']['customers']>;

/**
 * Of a loaded (deep-frozen) profile, the shared identifiers of each customer, worked out once: a
 * run names customers thousands of times, and each time compared every identifier with every other
 * customer's. An unfrozen map (a test's own) is worked out on every call, as it may change.
 */
const sharedByCustomers = new WeakMap<Customers, Map<string, readonly string[]>>();

/** The identifier names of customer `key` whose value another declared customer has too. */
function sharedIdentifiersOf(customers: Customers, key: string): readonly string[] {
  if (!Object.isFrozen(customers)) return findSharedIdentifiers(customers, key);
  let byKey = sharedByCustomers.get(customers);
  if (!byKey) {
    byKey = new Map(
      Object.keys(customers).map((k) => [k, Object.freeze(findSharedIdentifiers(customers, k))]),
    );
    sharedByCustomers.set(customers, byKey);
  }
  return byKey.get(key) ?? [];
}

function findSharedIdentifiers(customers: Customers, key: string): string[] {
  const fixture = customers[key];
  if (!fixture) return [];
  const identifiers = Object.entries(fixture.identifiers) as [keyof typeof fixture.identifiers, string][];
  return identifiers
    .filter(([name, value]) =>
      Object.entries(customers).some(([other, c]) => other !== key && c.identifiers[name] === value),
    )
    .map(([name]) => name);
}

/**
 * The identifier names the deduction and unlock pages list for their lookup. Both pages are silent
 * on dual eligibility; the balance page answers 8015 to a lone identifier other than the org's
 * primary, a rule a target may apply org-wide.
 */
const listedLookupNames = (operationId: string): readonly string[] | undefined =>
  operationId === 'negativePointsAdjustment'
    ? NPA_IDENTIFIERS
    : operationId === 'unlockPromisedPoints'
      ? UPP_IDENTIFIERS
      : undefined;

/** A lookup's identifierName and identifierValue. */
type Lookup = { identifierName: string; identifierValue: string };

/**
 * The lookups to try again for a deduction or an unlock naming one declared customer by a lone
 * identifier of its page, in an org with dual eligibility whose primary that page does not list
 * (e.g. email: the suite does not name a customer by a name its page lacks): the identifier with
 * the primary beside it (the balance page's comma-separated list; not when a value holds a comma),
 * then the primary alone. Empty when the call is not such a lookup.
 */
function lookupsBesidePrimary(
  org: OrgProfile | undefined,
  operationId: string,
  query: CallOptions['query'],
  customerKey: string | undefined,
): Lookup[] {
  const primary = dualPrimaryOf(org);
  const listed = listedLookupNames(operationId);
  const name = query?.identifierName;
  const value = query?.identifierValue;
  if (!primary || !listed || listed.includes(primary)) return [];
  if (typeof name !== 'string' || typeof value !== 'string' || name === primary || !listed.includes(name))
    return [];
  const holds = (c: CustomerFixture | undefined) =>
    c?.identifiers[name as keyof typeof c.identifiers] === value;
  const customers = org?.fixtures.customers ?? {};
  const named = Object.values(customers).filter(holds);
  const meant =
    customerKey !== undefined && holds(customers[customerKey]) ? customers[customerKey] : undefined;
  const primaryValue = (meant ?? (named.length === 1 ? named[0] : undefined))?.identifiers[primary];
  if (!primaryValue) return [];
  const alone = { identifierName: primary, identifierValue: primaryValue };
  if (!listable(value) || !listable(primaryValue)) return [alone];
  return [{ identifierName: `${name},${primary}`, identifierValue: `${value},${primaryValue}` }, alone];
}

/**
 * Calls an operation. A deduction or unlock naming a declared customer by a lone identifier its
 * page lists, refused with 8015 in an org whose dual-eligibility primary that page does not list,
 * is sent again with the primary beside it (the balance page's comma-separated lookup) and, when
 * that list is refused as an invalid identifier (8013: the page documents no list), with the
 * primary alone; the first answer that is neither is the call's, else the lone refusal. A target
 * applying the balance page's rule org-wide could otherwise never be asked to deduct or unlock
 * (a refusal moves nothing, so the retries are safe). Every exchange is recorded. `asSent` sends
 * the lookup as it is, for the scenarios judging which identifier names a page takes alone.
 */
async function callBesidePrimary(
  host: ContextHost,
  operationId: string,
  options: CallOptions,
  noteSent: (operationId: string, exchange: Exchange) => void,
): Promise<Exchange> {
  const { asSent, customerKey, ...sent } = options;
  // Every send is noted, a lookup's retry too: one without an answer may have been applied.
  const send = async (query: CallOptions['query']) => {
    const exchange = await host.call(operationId, { ...sent, ...(query ? { query } : {}) });
    noteSent(operationId, exchange);
    return exchange;
  };
  const exchange = await send(sent.query);
  const retries = asSent ? [] : lookupsBesidePrimary(host.org, operationId, sent.query, customerKey);
  if (!retries.length || !exchange.response || succeeded(exchange) || !errorCodesOf(exchange).includes(8015))
    return exchange;
  for (const lookup of retries) {
    const retried = await send({ ...sent.query, ...lookup });
    const codes = retried.response ? errorCodesOf(retried) : [8015];
    if (codes.includes(8013)) continue;
    return codes.includes(8015) ? exchange : retried;
  }
  return exchange;
}

/** Readings read and judged as one (`balances`). */
type Group = { readonly readings: BalanceReading[]; readonly exchange: Exchange };

/** Builds the context a scenario's `run` receives. */
export function createScenarioContext(host: ContextHost): ScenarioContext {
  const { profile, org } = host;
  const named = (key: string): NamedCustomer => {
    const customer = namedCustomer(org, key);
    if (!customer) throw new ScenarioSkip(`profile names customer "${key}" but does not declare it`);
    return customer;
  };
  const billNotes = host.billNotes ?? new Map<string, BillNote[]>();
  const runCounts = host.runCounts ?? new Map<string, number>();
  const errorStatus = (exchange: Exchange) =>
    describeApiErrorStatus(errorStatusFor(profile.apiErrorStatus, exchange));

  // The scenario's first write that may have been applied unseen (`mayHaveBeenApplied`: no
  // response, resent after its connection was lost, a 502/503/504, a 2xx that is no JSON): it may
  // have been booked all the same, once or twice, so no later failure of the scenario can be told
  // from its effect (one such write in 750 of a run, dropped after booking, failed 78 runs' checks;
  // reset after booking and resent, nearly every one).
  let unansweredWrite: Exchange | undefined;
  const noteSent = (operationId: string, exchange: Exchange) => {
    if (writes(operationId) && mayHaveBeenApplied(exchange)) unansweredWrite ??= exchange;
  };

  const verify = (requirementId: string, passed: boolean, evidence: Evidence): boolean => {
    // Already recorded as `skip` with what to add; a statement about it here would judge it anyway.
    if (host.unjudgeable?.has(requirementId)) return passed;
    let verdict: Verdict = 'pass';
    let message = `${evidence.expected}`;
    let note: string | undefined;
    const unanswered = (evidence.exchanges ?? []).find(
      (e) => !e.response || rateLimited(e) || answeredUnavailable(e),
    );
    if (!passed && unanswered) {
      // A request that got no answer, was turned away by a rate limit the wait budget could not
      // outlast, or was answered 502, 503 or 504 (the target or its gateway down) shows nothing
      // about the rule: it cannot be judged here. The 5xx itself fails GEN-NO-5XX.
      verdict = 'error';
      note = `cannot judge: ${describeRateLimit(unanswered) ?? describeAnswer(unanswered)}`;
      message = `${note}; expected ${evidence.expected}`;
    } else if (!passed && evidence.cannotJudge !== undefined) {
      verdict = 'error';
      note = `cannot judge: ${evidence.cannotJudge}`;
      message = `${note}; expected ${evidence.expected}`;
    } else if (!passed) {
      note = host.warnOnly ?? evidence.inferred;
      verdict = note || host.levelOf(requirementId) === 'SHOULD' ? 'warn' : 'fail';
      message = note ? `${note}: expected ${evidence.expected}` : `expected ${evidence.expected}`;
    }
    // A 2xx that is no JSON, judged as an answer (the last of a check's evidence, no read after
    // it), is no acceptance: a failure of that check (fault auth-fabric-bearer-answered-login-page).
    // To a check reading what followed, it is a write that may have been applied.
    const judgedItself =
      unansweredWrite !== undefined &&
      unansweredWrite.lostConnectionResends === undefined &&
      answered2xx(unansweredWrite) &&
      evidence.exchanges?.at(-1) === unansweredWrite;
    const earlierWrite =
      verdict === 'fail' && !evidence.beyondUnseenWrites && !judgedItself ? unansweredWrite : undefined;
    if (earlierWrite) {
      // A failure only: a warning says no more than it did.
      verdict = 'error';
      note = `cannot judge: an earlier ${earlierWrite.operationId ?? 'write'} of this scenario ${describeLostWrite(earlierWrite)}`;
      message = `${note}; expected ${evidence.expected}`;
    }
    host.record({
      requirementId,
      checkId: host.scenarioId,
      principal: host.principal,
      verdict,
      message,
      expected: evidence.expected,
      actual: evidence.actual,
      ...(note ? { note } : {}),
      exchangeIds: [
        ...(evidence.exchanges ?? []).map((e) => e.id),
        ...(earlierWrite ? [earlierWrite.id] : []),
      ],
    });
    return passed;
  };

  const readAfterWrite = <Reading extends { exchange: Exchange }>(
    scopes: readonly string[],
    read: () => Promise<Reading>,
    after: ReadAfter<Reading>,
  ) =>
    readUnderWindow(
      host.readAfterWrite,
      scopes,
      read,
      after,
      verify,
      host.lagProbe,
      (requirementId) => host.warnOnly === undefined && host.levelOf(requirementId) === 'MUST',
    );

  /** One balance read of a declared customer, sent as it is (the window is its caller's). */
  const readBalanceOf = async (customer: NamedCustomer, options: BalanceOptions) => {
    const [name, value] = balanceIdentifier(org, customer);
    return readBalance(
      await host.call('getPointsBalance', {
        query: {
          identifierName: name,
          identifierValue: value,
          source: 'INSTORE',
          ...(options.programId === undefined ? {} : { programId: String(options.programId) }),
          // Always sent: the document's table says what true and false do, not what its absence means.
          fetchDataForAllPrograms: String(options.fetchDataForAllPrograms ?? false),
        },
      }),
    );
  };

  const context: ScenarioContext = {
    profile,
    org,
    seed: host.seed,
    specs: host.specs,
    async call(operationId, options = {}) {
      // A read sent as it is has no expected value to wait for: it waits out the window.
      if (host.readAfterWrite && reads(operationId))
        await host.readAfterWrite.quiet(readScopesOf(org, undefined));
      const exchange = await callBesidePrimary(host, operationId, options, noteSent);
      // A write that may have been applied (no answer, a 503, a 200 that is no JSON) opens the
      // window as an acknowledged one. A refused one opens it for the reads judging that it moved
      // nothing (AFTER_REFUSAL).
      if (writes(operationId)) {
        const scopes = writeScopesOf(org, options.customerKey);
        if (succeeded(exchange) || mayHaveBeenApplied(exchange)) host.readAfterWrite?.wrote(scopes);
        else host.readAfterWrite?.attempted(scopes);
      }
      return exchange;
    },

    async balance(customer, options = {}, after) {
      return readAfterWrite(readScopesOf(org, customer.key), () => readBalanceOf(customer, options), after);
    },

    async balances(customer, options, settle) {
      if (options.length === 0) return [];
      // One reading of several reads (its exchange the last one's, for a lag warning's evidence).
      const read = async () => {
        const readings: BalanceReading[] = [];
        for (const one of options) readings.push(await readBalanceOf(customer, one));
        return { readings, exchange: readings[readings.length - 1]!.exchange };
      };
      const group = settle && {
        requirement: settle.requirement,
        shows: (r: Group) => settle.shows(r.readings),
      };
      return (await readAfterWrite(readScopesOf(org, customer.key), read, group)).readings;
    },

    async memberPoints(profileId, after) {
      const read = async () => {
        const exchange = await host.call('inquireMemberPoints', { pathParams: { profileId } });
        const points = memberPointsOf(exchange) ?? noEntriesOf(exchange);
        // Any 2xx, as readBalance: the inquiry is outside the documents (a 201, say, stopped the run).
        if (!answered2xx(exchange) || !points) {
          throw new ScenarioError(`cannot read member points of ${profileId}: ${describeAnswer(exchange)}`, [
            exchange,
          ]);
        }
        return { exchange, ...points };
      };
      return readAfterWrite(readScopesOf(undefined, undefined), read, after);
    },

    customer(role) {
      const key = roleCustomerKey(org, role);
      if (!key) throw new ScenarioSkip(`profile declares no "${role}" customer`);
      return named(key);
    },

    sharedSecondary() {
      const pair = org?.fixtures.roles.sharedSecondary;
      if (!pair) throw new ScenarioSkip('profile declares no customers sharing a secondary identifier');
      return [named(pair[0]), named(pair[1])];
    },

    bill(role) {
      const chosen = chooseBill(org, role);
      if (!chosen) throw new ScenarioSkip(`profile declares no bill for "${role}"`);
      const [key, bill] = chosen;
      return { ...bill, key, customerFixture: named(bill.customer) } satisfies NamedBill;
    },

    verify,

    judgeable: (requirementId) => !host.unjudgeable?.has(requirementId),
    ownTokenRequest: (which) => host.ownTokenRequest?.(which),

    lacks(need) {
      const gaps = missingNeeds([need], org, profile, host.capabilities);
      return gaps.length ? describeMissing(gaps) : undefined;
    },

    notJudged(requirementId, reason) {
      host.record({
        requirementId,
        checkId: host.scenarioId,
        principal: host.principal,
        verdict: 'skip',
        message: reason,
        exchangeIds: [],
      });
    },

    expectErrorCode(requirementId, exchange, code, scope) {
      const status = statusOf(exchange);
      const codes = errorCodesOf(exchange);
      const shown = answeredCodes(exchange);
      return verify(requirementId, refusedAs(profile.apiErrorStatus, exchange) && codes.includes(code), {
        expected: `${errorStatus(exchange)} with error code ${code}${scoped(scope)}`,
        actual: exchange.response
          ? `${status} with ${shown.length ? `code ${shown.join(', ')}` : `no error code${unreadBody(exchange)}`}`
          : describeAnswer(exchange),
        exchanges: [exchange],
      });
    },

    expectRejected(requirementId, exchange, inferred, scope) {
      const refused = verify(requirementId, refusedAs(profile.apiErrorStatus, exchange), {
        expected: `a refusal: ${errorStatus(exchange)}${scoped(scope)}`,
        actual: describeAnswer(exchange),
        exchanges: [exchange],
        ...(inferred ? { inferred } : {}),
      });
      if (refused && refusedInFabricEnvelope(exchange)) {
        verify(requirementId, false, {
          expected: 'a refusal with an HTTP 4xx status',
          actual: describeAnswer(exchange),
          exchanges: [exchange],
          inferred:
            'the page documents no error answer; a 2xx whose envelope status or errors refuse the call is one',
        });
      }
      return refused;
    },

    expectSuccess(requirementId, exchange) {
      // The documented answer: a 2xx whose JSON body is valid for that status and carries no error.
      const problem = succeeded(exchange) ? host.bodyProblem?.(exchange) : undefined;
      return verify(requirementId, succeeded(exchange) && problem === undefined, {
        expected: 'a 2xx answer with the documented JSON body and no error',
        // What is wrong first: the body after it is cut by the summaries, the problem must not be.
        actual: problem ? `${problem}; answered ${describeAnswer(exchange)}` : describeAnswer(exchange),
        exchanges: [exchange],
      });
    },

    skip(reason): never {
      throw new ScenarioSkip(reason);
    },

    noteOnBill(billKey, note) {
      const key = `${host.principal}:${billKey}`;
      billNotes.set(key, [...(billNotes.get(key) ?? []), { ...note, scenarioId: host.scenarioId }]);
    },

    takeBillNotes(billKey) {
      const key = `${host.principal}:${billKey}`;
      const notes = billNotes.get(key) ?? [];
      billNotes.delete(key);
      return notes;
    },

    countInRun(series) {
      const key = `${org?.id ?? ''}/${series}`;
      const count = (runCounts.get(key) ?? 0) + 1;
      runCounts.set(key, count);
      return count;
    },
  };
  return context;
}

/** Identifier names each operation accepts (the documents' lists). */
export const NPA_IDENTIFIERS = ['mobile', 'externalId'] as const;
export const UPP_IDENTIFIERS = ['mobile', 'externalId', 'id', 'cuid', 'primaryUserId'] as const;
export const BALANCE_IDENTIFIERS = ['mobile', 'email', 'externalId'] as const;

/**
 * The identifier a single-customer lookup uses: among the names the operation accepts, the org's
 * primary identifier first (dual eligibility answers 8015 to a lone secondary), then mobile. With
 * `unsure: 'skip'` (a deduction or an unlock) the scenario skips, naming what to add, rather than
 * send an identifier that may name no one customer: a value another declared customer has too,
 * when the customer has none of its own, or under dual eligibility another than the primary the
 * request takes, when the customer does not declare that primary (fewer-fixtures hunt: the
 * target's 8015 to either failed CAP-NPA-1218, CAP-UPP-3918 and others). With `'use'` the caller
 * judges it ({@link unreadableBalance} for a balance read).
 */
export function lookupIdentifier(
  customer: NamedCustomer,
  accepted: readonly string[],
  prefer = customer.primaryIdentifier,
  unsure: 'skip' | 'use' = 'skip',
): [string, string] {
  const shared = (n: string) => customer.sharedIdentifiers?.includes(n) ?? false;
  /** The first accepted name, `prefer` before the others, shared or not as asked, that has a value. */
  const first = (sharedOnes: boolean): [string, string] | undefined => {
    for (let at = -1; at < accepted.length; at++) {
      const name = at < 0 ? prefer : accepted[at];
      if (!name || !accepted.includes(name) || shared(name) !== sharedOnes) continue;
      const value = customer.identifiers[name as keyof NamedCustomer['identifiers']];
      if (value) return [name, value];
    }
    return undefined;
  };
  // Every call of a scenario asks this: loops, not the candidate lists they stand for.
  const own = first(false);
  const primary = customer.primaryIdentifier;
  if (
    own &&
    unsure === 'skip' &&
    customer.dualEligibility &&
    primary &&
    own[0] !== primary &&
    accepted.includes(primary)
  )
    throw new ScenarioSkip(
      `customer "${customer.key}" declares no ${primary} of its own, the org's primary identifier, which this request takes: under dual eligibility a lone ${own[0]} may be refused with 8015 (add: identifiers.${primary} on customer ${customer.key})`,
    );
  if (own) return own;
  const names = accepted.map((n) => `identifiers.${n}`);
  const add = names.length > 1 ? `${names.slice(0, -1).join(', ')} or ${names.at(-1)}` : names.join('');
  const sharedOne = first(true);
  if (sharedOne && unsure === 'use') return sharedOne;
  if (sharedOne)
    throw new ScenarioSkip(
      `customer "${customer.key}" has, of the identifiers this request takes (${accepted.join(', ')}), only its ${sharedOne[0]}, which another declared customer has too: the request would name no one customer (add: ${add} of its own on customer ${customer.key})`,
    );
  throw new ScenarioSkip(
    `customer "${customer.key}" has none of the identifiers this request takes (${accepted.join(', ')}) (add: ${add} on customer ${customer.key})`,
  );
}

/** Why a declared customer's balance cannot be read, and what to add to the profile. */
export interface UnreadableBalance {
  /** Names the customer by its profile key and the identifier by its name, never a value. */
  readonly reason: string;
  readonly add: string;
}

/**
 * Why the balance of this customer cannot be read, or undefined: under dual eligibility the
 * balance page answers 8015 to a lone identifier other than the org's primary, so a customer whose
 * balance lookup would send another one cannot be read; without it, neither can a customer whose
 * lookup would send a value another declared customer has too (it names no one customer). The
 * scenarios that read it skip; the run (`ctx.balance`) and `plan` both ask this.
 */
export function unreadableBalance(
  org: OrgProfile | undefined,
  customer: NamedCustomer,
): UnreadableBalance | undefined {
  const primary = dualPrimaryOf(org);
  const key = customer.key;
  // Words for a reason only: every balance read asks this, and nearly all can be read.
  const anyOf = () => BALANCE_IDENTIFIERS.join(', ').replace(/, (\w+)$/, ' or $1');
  if (!BALANCE_IDENTIFIERS.some((n) => customer.identifiers[n])) {
    return {
      reason: `customer ${key} declares no ${anyOf()}, the identifiers the balance lookup takes: its balance cannot be read`,
      add: `a ${anyOf()} on customer ${key}`,
    };
  }
  const [name, value] = lookupIdentifier(customer, BALANCE_IDENTIFIERS, undefined, 'use');
  if (!primary) {
    // Only a value another declared customer has too: the lookup names no one customer.
    if (!customer.sharedIdentifiers?.includes(name)) return undefined;
    const other = Object.entries(org?.fixtures.customers ?? {}).find(
      ([otherKey, c]) => otherKey !== key && c.identifiers[name as keyof typeof c.identifiers] === value,
    )?.[0];
    return {
      reason: `customer ${key} is looked up by its ${name}, which customer ${other} has too: its balance cannot be read`,
      add: `a ${anyOf()} of its own on customer ${key}`,
    };
  }
  if (name === primary) return undefined;
  if (customer.identifiers[primary as keyof NamedCustomer['identifiers']] === undefined) {
    return {
      reason: `customer ${key} declares no ${primary}, the org's primary identifier: its balance cannot be read`,
      add: `identifiers.${primary} on customer ${key}`,
    };
  }
  if (!(BALANCE_IDENTIFIERS as readonly string[]).includes(primary)) {
    return {
      reason: `the balance lookup takes ${BALANCE_IDENTIFIERS.join(', ')}, not ${primary}, the org's primary identifier: the balance of customer ${key} cannot be read`,
      add: `a primary identifier among ${BALANCE_IDENTIFIERS.join(', ')} in config.dualEligibility`,
    };
  }
  return {
    reason: `customer ${key} shares its ${primary}, the org's primary identifier, with another customer: its balance cannot be read`,
    add: `a ${primary} of its own on customer ${key}`,
  };
}

/**
 * The identifier a balance lookup of this customer sends; skips the scenario, naming what to add,
 * when the balance cannot be read ({@link unreadableBalance}). Every balance read goes through it:
 * `ctx.balance` and the suites' own balance queries.
 */
export function balanceIdentifier(org: OrgProfile | undefined, customer: NamedCustomer): [string, string] {
  const unreadable = unreadableBalance(org, customer);
  if (unreadable) throw new ScenarioSkip(`${unreadable.reason} (add: ${unreadable.add})`);
  return lookupIdentifier(customer, BALANCE_IDENTIFIERS, undefined, 'use');
}

/**
 * A response body parsed again from its text with every integer a JS number cannot hold exactly
 * (past 2^53 − 1) kept as its digits, a string: the documents type ids `long` and write bill
 * numbers as numbers, and `JSON.parse` rounds such digits (two customers' ids may become one
 * number). The parsed body itself when no integer is past 2^53; undefined when there is none or
 * the text is not the whole body (a cut body is never parsed).
 */
export function exactBody(exchange: Exchange): unknown {
  const response = exchange.response;
  if (!response || response.truncated || response.body === undefined) return undefined;
  const text = response.bodyText.replace(/^\uFEFF/, '');
  let out = '';
  let from = 0;
  let unsafe = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch === '"') {
      while (++i < text.length && text[i] !== '"') if (text[i] === '\\') i++;
    } else if (ch === '-' || (ch >= '0' && ch <= '9')) {
      const token = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i, i + 400))?.[0] ?? ch;
      if (/^-?\d+$/.test(token) && !Number.isSafeInteger(Number(token))) {
        out += `${text.slice(from, i)}"${token}"`;
        from = i + token.length;
        unsafe = true;
      }
      i += token.length - 1;
    }
  }
  if (!unsafe) return response.body;
  try {
    return JSON.parse(out + text.slice(from));
  } catch {
    return response.body;
  }
}

/**
 * The entityId of a balance answer as sent. The table types it `long`: an integer past 2^53 loses
 * digits in `JSON.parse`, so its digits are read from the body's text then ({@link exactBody}).
 */
function exactEntityId(exchange: Exchange, parsed: unknown): unknown {
  if (typeof parsed !== 'number' || !Number.isInteger(parsed) || Number.isSafeInteger(parsed)) return parsed;
  const exact = (exactBody(exchange) as { entityId?: unknown } | undefined)?.entityId;
  return typeof exact === 'string' ? exact : parsed;
}

/**
 * Parses a balance answer; a failed read is an `error` of the scenario, not a verdict on the rule.
 * The page's one flat response table lists delayedAccrualPoints and externalTriggerBasedPoints
 * next to mainPoints and promisedPointsBreakup ("Break up details of promised points"): each is
 * read inside promisedPointsBreakup or at the top level, whichever the answer gives. Given at both
 * places, the breakup's is kept and both are listed in `promisedFiguresTwice` (CAP-BAL-PROMISED-BREAKUP
 * judges that they agree).
 */
export function readBalance(exchange: Exchange): BalanceReading {
  const body = exchange.response?.body as Record<string, unknown> | undefined;
  const main = toAmount(body?.mainPoints);
  const total = toAmount(body?.totalPoints);
  // Any 2xx: the page gives the read no status (a gateway's 203, say; GEN-STATUS-DECLARED warns).
  if (!answered2xx(exchange) || main === undefined || total === undefined) {
    throw new ScenarioError(`cannot read the balance: ${describeAnswer(exchange)}`, [exchange]);
  }
  const breakup = body?.promisedPointsBreakup as Record<string, unknown> | null | undefined;
  const twice: PromisedFigureTwice[] = [];
  const promisedFigure = (field: PromisedFigureTwice['field']) => {
    const inBreakup = toAmount(breakup?.[field]);
    const topLevel = toAmount(body?.[field]);
    if (inBreakup !== undefined && topLevel !== undefined) twice.push({ field, topLevel, inBreakup });
    return inBreakup ?? topLevel;
  };
  return {
    exchange,
    entityId: exactEntityId(exchange, body?.entityId),
    mainPoints: main,
    totalPoints: total,
    promisedPoints: toAmount(body?.promisedPoints),
    delayedAccrualPoints: promisedFigure('delayedAccrualPoints'),
    externalTriggerBasedPoints: promisedFigure('externalTriggerBasedPoints'),
    promisedFiguresTwice: twice,
    promisedBreakupGiven: breakup !== null && typeof breakup === 'object' && !Array.isArray(breakup),
  };
}
