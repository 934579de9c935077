/**
 * The faulty-provider catalogue: the reference provider with one documented rule broken each
 * (the schemathesis `test/apps/catalog` model). The conformance run must fail every entry, and
 * fail it on one of the requirements the entry names; `npm run mutation` prints the kill score.
 *
 * Each entry is a declared override of ONE behaviour through the seams `startReferenceServer`
 * offers: a Ledger subclass overriding one method (`createLedger`), one handler wrapper
 * (`handlers`), or one reference-only hook (`hooks`). Never a copy of the server.
 */

import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import { envelopeCodes } from '../../src/profile/error-status.ts';
import { md5hex } from '../../src/profile/secrets.ts';
import {
  formatFixed,
  type ParsedAmount,
  parseAmount,
  toMicro,
  toNumber,
} from '../../src/reference/amount.ts';
import type { AuthResult } from '../../src/reference/auth.ts';
import { type CustomerSeed, type Dataset, loadDataset, type OrgSeed } from '../../src/reference/dataset.ts';
import { capillaryError, fabricReply, type Reply } from '../../src/reference/envelopes.ts';
import { bodyRecord, queryValue } from '../../src/reference/handlers/context.ts';
import { HANDLERS, type HandlerContext, type OperationId } from '../../src/reference/handlers/index.ts';
import {
  type Balance,
  type DeductionRequest,
  Ledger,
  type Outcome,
  type UnlockedLine,
} from '../../src/reference/ledger.ts';
import {
  DEFAULT_DATASET_PATH,
  type HandlerOverride,
  type HookRequest,
  type ReferenceServerOptions,
} from '../../src/reference/server.ts';
import type { SchemaIssue, ValidationResult } from '../../src/spec/index.ts';
import { AWARD_REF_TYPES, NPA_SOURCES } from '../../suites/input-validation.ts';
import { UPP_SOURCES } from '../../suites/promised-points.ts';
import {
  balanceAsWholeNumbers,
  HALF_POINT_PROGRAM,
  halfEvenTo,
  halfPointProgramDeclared,
  raisedTo,
  tenthsInTwoProgramsDeclared,
  totalOfShownFigures,
  truncatedTo,
  twoDecimalsHalfEven,
  withHalfPointProgram,
  withLenientHundredths,
  withTenthsInTwoPrograms,
} from './displays.ts';
import { declaringMember, declaringSource, oauthFirst, orgsOf, type ProfileSource } from './profiles.ts';

/** The seams a fault may use. */
export type FaultOptions = Pick<ReferenceServerOptions, 'handlers' | 'createLedger' | 'hooks'>;

/** The suites of `suites/` (their `name`); each is broken by at least one fault. */
export type SuiteName =
  | 'authentication'
  | 'balance'
  | 'concurrency'
  | 'decimal-precision'
  | 'dual-eligibility'
  | 'fabric'
  | 'generated'
  | 'input-validation'
  | 'ledger-invariants'
  | 'negative-balance'
  | 'promised-points';

/** The suite a fault is meant for, or `universal` for what only the universal checks see. */
export type FaultFamily = SuiteName | 'universal';

/** One faulty provider. */
export interface Fault {
  /** Stable kebab-case ID, `<area>-<what breaks>`. */
  readonly id: string;
  /** The documented rule it breaks, and how. */
  readonly description: string;
  /** The suite whose scenarios are meant to notice it. */
  readonly family: FaultFamily;
  /**
   * Requirement IDs that must catch it: each one fails against this provider (the run may fail
   * further requirements as a consequence; those are listed in the report, not here).
   */
  readonly catches: readonly string[];
  readonly options: FaultOptions;
  /**
   * The profile to run it with, when the reference profile cannot show the fault (default:
   * config/reference.yaml).
   */
  readonly profile?: ProfileSource;
  /**
   * Set when the reference enforces the rule twice (the spec's validation, then the ledger), so
   * breaking it takes two seams: why. Every other fault overrides exactly one.
   */
  readonly enforcedTwice?: string;
  /**
   * Set when the broken seam (a ledger) is shown through a correct balance display, a `reply` hook
   * writing the figures as a correct variant does, since only that display lets a check's leeway for
   * it be shown not to hide the break: why. The display breaks no rule of its own.
   */
  readonly behindDisplay?: string;
}

// ---------------------------------------------------------------------------------------------
// Helpers: reach the ledger's state through its public API, never through a copy of its rules
// ---------------------------------------------------------------------------------------------

/** The seed dataset, for faults that need the org configuration (the suites never read it). */
const DATASET = loadDataset(DEFAULT_DATASET_PATH);

const ONE_POINT = toMicro(1);
/**
 * How long a racy handler waits between its check and its update. Long enough that parallel
 * requests overlap even on a loaded machine (with 5 ms, one run in sixteen under load served the
 * deductions one after another and the race went unseen).
 */
const RACE_WINDOW_MS = 25;

/** Event-loop turns a racy handler also waits, each with an I/O poll: see {@link raceWindow}. */
const RACE_WINDOW_TURNS = 20;

/**
 * The wait between a racy handler's check and its update: {@link RACE_WINDOW_MS}, then
 * {@link RACE_WINDOW_TURNS} turns of the event loop. The turns make the window hold on a starved
 * machine: a process descheduled for longer than the timer finds the timer due before it reads the
 * requests that came meanwhile (libuv runs timers before polling), and with the timer alone the
 * parallel deductions of a burst were served one after another (npa-race-overdraw missed 3 times
 * in 4 beside six busy processes). Each turn polls for I/O first, so what arrived is checked
 * against the stale state before the update.
 */
async function raceWindow(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, RACE_WINDOW_MS));
  for (let turn = 0; turn < RACE_WINDOW_TURNS; turn++) await new Promise((resolve) => setImmediate(resolve));
}

/** The read-after-write window of `npa-applied-after-window`'s profile, and its late deduction's delay. */
const LATE_WINDOW_MS = 300;
const LATE_APPLY_MS = 1_500;
/** The read-after-write window of `npa-decimal-deduction-replayed-on-next-read`'s profile. */
const REPLAY_WINDOW_MS = 150;
/** The window of `npa-refused-applied-late`'s profile, and how late it applies a refused deduction. */
const REFUSED_WINDOW_MS = 500;
const REFUSED_APPLY_MS = 200;
/** The points `fab-points-from-reason-code`'s tenant books for an adjustment naming only a reason code. */
const REASON_CODE_POINTS = 5;

type Customer = Extract<ReturnType<Ledger['resolveLookup']>, { ok: true }>['value'];
type BalanceQuery = Parameters<Ledger['balance']>[1];
type UnlockRequest = Parameters<Ledger['unlock']>[1];
type MemberAdjustment = Parameters<Ledger['adjustMember']>[1];

/** A fabric ledger that books each adjustment as `rewrite` turns its request (answered as booked). */
const adjustmentsRewritten =
  (rewrite: (request: MemberAdjustment) => MemberAdjustment) =>
  (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override adjustMember(tenantId: string, request: MemberAdjustment) {
        return super.adjustMember(tenantId, rewrite(request));
      }
    })(dataset);

/**
 * A fabric ledger that answers a fractional adjustment as made but moves `booked` of it instead
 * (its whole part, say; a booked 0 moves the fraction itself).
 */
const fractionsBookedAs = (booked: (points: number) => number) =>
  class extends Ledger {
    override adjustMember(tenantId: string, request: MemberAdjustment) {
      const outcome = super.adjustMember(tenantId, {
        ...request,
        points: booked(request.points) || request.points,
      });
      return outcome.ok
        ? { ok: true as const, value: { message: `${request.points} points added` } }
        : outcome;
    }
  };

/** A fabric ledger that answers a fractional adjustment as made but moves only its whole part. */
class FractionsTruncated extends fractionsBookedAs(Math.trunc) {}

/**
 * `Booking` (a fabric ledger) behind a member inquiry showing whole points: the member's active
 * points with their decimals dropped.
 */
const shownWhole = (Booking: typeof FractionsTruncated) => (dataset: Dataset) =>
  new (class extends Booking {
    override member(tenantId: string, profileId: string) {
      const member = super.member(tenantId, profileId);
      return member && { ...member, active: Math.trunc(member.active / ONE_POINT) * ONE_POINT };
    }
  })(dataset);

/**
 * A fabric ledger keeping whole points only: after each adjustment of active points the member's
 * balance is rounded half to even (Python's `round`), so 2.5 added to an odd balance rounds up and
 * to an even one down.
 */
class WholeBalanceHalfEven extends Ledger {
  override adjustMember(tenantId: string, request: MemberAdjustment) {
    const outcome = super.adjustMember(tenantId, request);
    // The ledger's own points, not the whole display a subclass may put in front of them.
    const member = super.member(tenantId, request.profileId);
    if (!outcome.ok || request.setToPending || !member) return outcome;
    const points = member.active / ONE_POINT;
    const down = Math.floor(points);
    const rounded = points - down === 0.5 && down % 2 === 0 ? down : Math.round(points);
    this.setMemberPoints(tenantId, request.profileId, rounded);
    return outcome;
  }
}

/**
 * {@link FractionsTruncated} that refuses every fractional adjustment of a member after its first
 * made available (as a tenant allowing one fraction per member, or refusing what looks like a
 * repeat, might). Pending fractions pass as any adjustment: pending points show in no reading the
 * documents define, so a pending fraction truncated first (fabric.pending's +2.8, fault hunt 67)
 * would leave nothing in the run to show the truncation, and the fault would test that order only.
 */
class OneFractionTruncated extends FractionsTruncated {
  readonly #fractioned = new Set<string>();
  override adjustMember(tenantId: string, request: MemberAdjustment) {
    if (Number.isInteger(request.points) || request.setToPending)
      return super.adjustMember(tenantId, request);
    const key = `${tenantId}/${request.profileId}`;
    if (this.#fractioned.has(key)) return apiError(400, 'one fractional adjustment per member');
    this.#fractioned.add(key);
    return super.adjustMember(tenantId, request);
  }
}

const orgOf = (dataset: Dataset, orgId: string): OrgSeed => {
  const org = dataset.orgs.find((o) => o.id === orgId);
  if (!org) throw new Error(`unknown org ${orgId}`);
  return org;
};

/**
 * The ledger's own (live) record of a customer, found through the public dual-eligibility lookup.
 * The suites name customers by the primary identifier (mobile), so this finds every customer a
 * scenario changes; for any other identifier the fault simply does not apply.
 */
function customerOf(ledger: Ledger, orgId: string, name: string, value: string): Customer | undefined {
  const found = ledger.resolveLookup(orgId, name, value);
  return found.ok ? found.value : undefined;
}

/** The customer a request's query names, found by `find` (default {@link customerOf}). */
const customerOfRequest = (
  context: HandlerContext,
  find: (ledger: Ledger, orgId: string, name: string, value: string) => Customer | undefined = customerOf,
): Customer | undefined =>
  find(
    context.ledger,
    context.principal,
    queryValue(context.query, 'identifierName') ?? '',
    queryValue(context.query, 'identifierValue') ?? '',
  );

const programOf = (dataset: Dataset, orgId: string, request: DeductionRequest) =>
  request.programId ?? orgOf(dataset, orgId).defaultProgramId;

const apiError = (code: number, message: string) => ({ ok: false as const, code, message });

/** A ledger over the dataset with one org setting changed (a configuration the provider ignores). */
const withOrgs =
  (change: (org: OrgSeed) => OrgSeed) =>
  (dataset: Dataset): Ledger =>
    new Ledger({ ...dataset, orgs: dataset.orgs.map(change) });

/** The primary-identifier value of the one seed customer whose `name` identifier is `value`. */
function primaryValueOf(org: OrgSeed, name: string, value: string): string | undefined {
  const primary = org.dualEligibility.primaryIdentifier;
  const matches = org.customers.filter(
    (c) => (c.identifiers as Record<string, string | undefined>)[name] === value,
  );
  return matches.length === 1 ? matches[0]?.identifiers[primary] : undefined;
}

/** A handler that runs the reference handler on a request changed first. */
const withRequest =
  (operationId: OperationId, change: (context: HandlerContext) => HandlerContext): HandlerOverride =>
  (context) =>
    HANDLERS[operationId](change(context));

/** A deduction handler that does not read `field` of the bodies `when` selects (default: every body). */
const deductionFieldIgnored = (
  field: string,
  when: (body: Record<string, unknown>) => boolean = () => true,
): HandlerOverride =>
  withRequest('negativePointsAdjustment', (context) => {
    const body = bodyRecord(context.body);
    return when(body) ? { ...context, body: { ...body, [field]: undefined } } : context;
  });

/** A deduction handler whose successes for the bodies `when` selects leave out the message. */
const messageDroppedWhen =
  (when: (body: Record<string, unknown>) => boolean): HandlerOverride =>
  (context) =>
    when(bodyRecord(context.body))
      ? with200Body('negativePointsAdjustment', ({ message: _message, ...body }) => body)(context)
      : HANDLERS.negativePointsAdjustment(context);

/** A handler that runs the reference handler and changes the body of its 200 answer. */
/**
 * A ledger counting the decimals of the deductions `when` selects against the default program's
 * round decimals (8906 over them), whatever program they name; every other deduction as the reference.
 */
const decimalsOfDefaultProgram =
  (when: (request: DeductionRequest) => boolean) =>
  (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        if (!when(request)) return super.deduct(orgId, request);
        const org = orgOf(dataset, orgId);
        const allowed = org.programs.find((p) => p.id === org.defaultProgramId)?.roundDecimals ?? 0;
        const places = parseAmount(request.pointsToBeAdjusted)?.decimalPlaces ?? 0;
        if (places > allowed)
          return apiError(8906, `decimal places passed: ${places} is greater than ${allowed}`);
        return super.deduct(orgId, request);
      }
    })(dataset);

/**
 * A deduction handler answering the deductions whose body `when` selects with a success that moves
 * nothing (pointsAvailable the customer's points in the program named, or the default one); every
 * other deduction, and one for no known customer, as the reference.
 */
const successMovingNothingWhen =
  (when: (body: Record<string, unknown>) => boolean): HandlerOverride =>
  (context) => {
    const body = bodyRecord(context.body);
    const customer = customerOfRequest(context);
    if (!when(body) || !customer) return HANDLERS.negativePointsAdjustment(context);
    const programId =
      typeof body.programId === 'number'
        ? body.programId
        : orgOf(DATASET, context.principal).defaultProgramId;
    return {
      status: 200,
      body: {
        status: 'success',
        pointsAvailable: formatFixed(customer.main.get(programId) ?? 0),
        message: 'points deducted successfully for the user ',
        warnings: [],
      },
    };
  };

const with200Body =
  (
    operationId: OperationId,
    change: (body: Record<string, unknown>) => Record<string, unknown>,
  ): HandlerOverride =>
  (context) => {
    const reply = HANDLERS[operationId](context);
    return reply.status === 200 ? { ...reply, body: change(bodyRecord(reply.body)) } : reply;
  };

/**
 * An unlock handler whose 200 answer has each pointsUnlocked line changed (the points move as
 * documented; only what the answer says of them is wrong). `principal` is the org's id.
 */
const withUnlockLines =
  (change: (line: Record<string, unknown>, principal: string) => Record<string, unknown>): HandlerOverride =>
  (context) =>
    with200Body('unlockPromisedPoints', (body) => ({
      ...body,
      pointsUnlocked: (Array.isArray(body.pointsUnlocked) ? body.pointsUnlocked : []).map(
        (line: Record<string, unknown>) => change(line, context.principal),
      ),
    }))(context);

/** An unlock handler ignoring the body's eventLogId on the unlocks `when` selects (no 3918 there). */
const eventLogIgnoredWhen = (when: (context: HandlerContext) => boolean): HandlerOverride =>
  withRequest('unlockPromisedPoints', (context) => {
    if (!when(context)) return context;
    const { eventLogId: _ignored, ...body } = bodyRecord(context.body);
    return { ...context, body };
  });

/**
 * An unlock handler whose answer's lines that `line` selects carry an internal key of their program
 * (its id + 100000) as programId, on the unlocks `when` selects (the points move as documented).
 */
const internalProgramKeyWhen =
  (
    when: (context: HandlerContext) => boolean,
    line: (line: Record<string, unknown>) => boolean = () => true,
  ): HandlerOverride =>
  (context) =>
    when(context)
      ? withUnlockLines((l) => (line(l) ? { ...l, programId: Number(l.programId) + 100_000 } : l))(context)
      : HANDLERS.unlockPromisedPoints(context);

/**
 * A handler that refuses with a Capillary error (`code`, `message`) the requests `when` selects and
 * runs the reference handler on the others.
 */
const refusingWhen =
  (
    operationId: OperationId,
    when: (context: HandlerContext) => boolean,
    code: number,
    message: string,
  ): HandlerOverride =>
  (context) =>
    when(context) ? capillaryError(code, message) : HANDLERS[operationId](context);

/**
 * An unlock refusing with `code` (a type error, 400, unless told), `message`, the eventLogId `when`
 * selects (given the request too).
 */
const refusingEventLogId = (
  when: (eventLogId: unknown, context: HandlerContext) => boolean,
  message: string,
  code = 400,
): FaultOptions => ({
  handlers: {
    unlockPromisedPoints: refusingWhen(
      'unlockPromisedPoints',
      (context) => when(bodyRecord(context.body).eventLogId, context),
      code,
      message,
    ),
  },
});

/** Options refusing as too long, with `code`, the deductions whose reasonOfReturn `when` selects. */
const reasonsRefusedWhen = (
  when: (reason: string, context: HandlerContext) => boolean,
  code: number,
): FaultOptions => ({
  handlers: {
    negativePointsAdjustment: refusingWhen(
      'negativePointsAdjustment',
      (context) => when(String(bodyRecord(context.body).reasonOfReturn ?? ''), context),
      code,
      'reasonOfReturn too long',
    ),
  },
});

/**
 * A fabric adjustment handler that refuses with 400 (nothing moved) a body naming `field` (a
 * non-empty string; an empty one is the reference's to refuse), whatever value it names.
 */
const refusingFabricField =
  (field: string): HandlerOverride =>
  (context) => {
    const value = bodyRecord(context.body)[field];
    return typeof value === 'string' && value !== ''
      ? fabricReply(400, `Unknown ${field}`, null, { [field]: `unknown: ${value}` })
      : HANDLERS.adjustMemberPoints(context);
  };

/** A fabric adjustment handler that refuses with 400 (nothing moved) a body `when` picks, naming `errors`. */
const fabricRefusingWhen =
  (
    when: (body: Record<string, unknown>) => boolean,
    message: string,
    errors: Record<string, string>,
  ): HandlerOverride =>
  (context) =>
    when(bodyRecord(context.body))
      ? fabricReply(400, message, null, errors)
      : HANDLERS.adjustMemberPoints(context);

/** A deduction handler that refuses one listed pointsAwardedRefType value with 9975. */
const refusingRefType =
  (value: string): HandlerOverride =>
  (context) =>
    bodyRecord(context.body).pointsAwardedRefType === value
      ? capillaryError(9975, 'invalid pointsAwardedRefType')
      : HANDLERS.negativePointsAdjustment(context);

/** The message of a Capillary error answer's first item, as a framework's refusal would word it. */
export const refusalMessageOf = (reply: Reply): string =>
  String((reply.body as { errors?: { message?: unknown }[] } | undefined)?.errors?.[0]?.message ?? 'invalid');

/**
 * A Capillary error answer rewritten as a web framework's own refusal of a malformed request:
 * FastAPI's 422 `{"detail": [...]}`, no envelope and no code (clean room twenty's vendor).
 */
export const asFrameworkRefusal = (reply: Reply): Reply => {
  const message = refusalMessageOf(reply);
  return {
    ...reply,
    status: 422,
    body: {
      detail: [{ type: 'value_error', loc: ['body'], msg: message, input: null }],
    },
  };
};

/**
 * A Capillary error answer rewritten as ASP.NET Core's model-validation refusal: 400
 * `application/problem+json` ValidationProblemDetails, `errors` a map of messages per member, no
 * code (clean room twenty-one's vendor).
 */
export const asValidationProblem = (reply: Reply): Reply => {
  const message = refusalMessageOf(reply);
  return {
    ...reply,
    status: 400,
    headers: { 'content-type': 'application/problem+json; charset=utf-8' },
    body: {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      title: 'One or more validation errors occurred.',
      status: 400,
      errors: { request: [message] },
      traceId: '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00',
    },
  };
};

/**
 * A Capillary error answer rewritten as a 400 whose `errors` reports no code (`null`, an empty
 * list or message strings, by `form`) beside a message: a codeless refusal some stacks write in
 * the envelope's own member names (third variant hunt).
 */
export const asCodelessErrors =
  (form: 'null' | 'empty' | 'messages') =>
  (reply: Reply): Reply => {
    const message = refusalMessageOf(reply);
    const errors = form === 'null' ? null : form === 'empty' ? [] : [message];
    return { ...reply, status: 400, body: { errors, message } };
  };

/**
 * A Capillary error answer rewritten in one of the codeless shapes the suite reads as a refusal
 * reporting no code (`src/profile/error-status.ts`), its code gone: JSON:API's list of items
 * naming none (`jsonapi`), Rails' bare list of messages (`messages`), `errors` one string
 * (`string`), an Ecto changeset's nested map of messages (`nested`) or Phoenix's 404 ErrorJSON
 * `{"errors":{"detail":"Not Found"}}` (`phoenix`): shapes a correct target may answer a request the
 * documents give no code for, never a documented error path (nineteenth fault hunt).
 */
export const asCodelessShape =
  (shape: 'jsonapi' | 'messages' | 'string' | 'nested' | 'phoenix') =>
  (reply: Reply): Reply => {
    const message = refusalMessageOf(reply);
    if (shape === 'phoenix') return { ...reply, status: 404, body: { errors: { detail: 'Not Found' } } };
    if (shape === 'messages') return { ...reply, status: 422, body: [message] };
    const errors =
      shape === 'jsonapi'
        ? [{ status: '400', title: 'Bad Request', detail: message }]
        : shape === 'string'
          ? message
          : { bill: { number: [message] } };
    return { ...reply, status: shape === 'nested' ? 422 : 400, body: { errors } };
  };

/**
 * A reply hook answering every refusal of the deduction but the auth ones (401, 403) as `rewrite`
 * does: documented codes too, so a fault shows a documented code hidden so still fails.
 */
const deductionRefusalsAs = (rewrite: (reply: Reply) => Reply) =>
  refusalsAs('negativePointsAdjustment', rewrite);

/** {@link deductionRefusalsAs} for any one operation. */
export const refusalsAs =
  (operationId: OperationId, rewrite: (reply: Reply) => Reply) =>
  (op: OperationId, reply: Reply): Reply =>
    op === operationId && isRefusal(reply) ? rewrite(reply) : reply;

/**
 * A Capillary error answer rewritten as a framework's plain-text message (422 text/plain, as
 * axum's extractors write), its code gone.
 */
const asPlainTextRefusal = (reply: Reply): Reply => {
  const message = refusalMessageOf(reply);
  return {
    ...reply,
    status: 422,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    rawBody: `Failed to deserialize the JSON body into the target type: ${message}`,
  };
};

/**
 * A Capillary error answer rewritten as 400 `text/html` with its bare message, its code gone, as
 * Express's `res.status(400).send(message)` writes (variant hunt 19).
 */
export const asHtmlMessage = (reply: Reply): Reply => ({
  ...reply,
  status: 400,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  rawBody: refusalMessageOf(reply),
});

/** A Capillary error answer rewritten as 400 with no body at all (ASP.NET Core minimal APIs in production). */
export const asEmptyRefusal = (reply: Reply): Reply => ({
  ...reply,
  status: 400,
  body: undefined,
  rawBody: '',
});

/**
 * A Capillary error answer rewritten as 400 with its bare message and no Content-Type at all, its
 * code gone, as Node's own `http` module sends `res.statusCode = 400; res.end(message)` (variant hunt 21).
 */
export const asBareText = (reply: Reply): Reply => ({
  ...reply,
  status: 400,
  headers: { 'content-type': '' },
  rawBody: refusalMessageOf(reply),
});

/** A refusal answered with JSON's nothing, `null` (Rails' `render json: nil`, Go encoding a nil pointer). */
export const asJsonNull = (reply: Reply): Reply => ({ ...reply, body: null });

/** A reply hook answering the 200s of `operationId` that `when` selects (by request) as `rewrite` does. */
export const successesAs =
  (operationId: OperationId, when: (request: HookRequest) => boolean, rewrite: (reply: Reply) => Reply) =>
  (op: OperationId, reply: Reply, request: HookRequest): Reply =>
    op === operationId && reply.status === 200 && when(request) ? rewrite(reply) : reply;

/** The deductions answered 200 whose pointsToBeAdjusted was sent as a string, rewritten as `rewrite` does. */
const stringAmountSuccessesAs = (rewrite: (reply: Reply) => Reply) =>
  successesAs(
    'negativePointsAdjustment',
    (request) => typeof bodyRecord(request.body).pointsToBeAdjusted === 'string',
    rewrite,
  );

/**
 * Options answering the unlocks that `when` selects and that moved the bill's points (the
 * reference's 200s) as `rewrite` does: a refusal after the points moved (fault hunt 26).
 */
const unlocksThatMoveAnswered = (
  when: (request: HookRequest) => boolean,
  rewrite: (reply: Reply) => Reply,
): FaultOptions => ({ hooks: { reply: successesAs('unlockPromisedPoints', when, rewrite) } });

/** A 200 answer whose JSON body is labelled text/plain. */
const labelledPlainText = (reply: Reply): Reply => ({
  ...reply,
  headers: { 'content-type': 'text/plain; charset=utf-8' },
});

/** A 4xx that is no authentication or authorisation answer. */
export const isRefusal = (reply: Reply): boolean =>
  reply.status >= 400 && reply.status < 500 && reply.status !== 401 && reply.status !== 403;

/** A validate hook that drops the schema issues `drop` selects, for one operation (`any`: for all). */
export const dropIssues =
  (operationId: OperationId | 'any', drop: (issue: SchemaIssue) => boolean) =>
  (op: OperationId, validation: ValidationResult): ValidationResult => {
    if (operationId !== 'any' && op !== operationId) return validation;
    const issues = validation.issues.filter((issue) => !drop(issue));
    return { valid: issues.length === 0, issues };
  };

/** The spec's maxLength of reasonOfReturn dropped: a fault's handler applies a limit of its own. */
const longReasonsLetThrough = dropIssues(
  'negativePointsAdjustment',
  (i) => i.where === 'body.reasonOfReturn' && i.keyword === 'maxLength',
);

/** The spec's `points` required of a fabric adjustment, dropped. */
const pointsNotRequired = dropIssues(
  'adjustMemberPoints',
  (i) => i.where === 'body.points' && i.keyword === 'required',
);

/**
 * Lets a comma list of the operation's identifier names through the spec's enum (a target reading
 * lists, as the balance page's dual-eligibility lookup does); other enum issues stay.
 */
export const identifierLists = (operationId: OperationId, accepted: ReadonlySet<string>) =>
  dropIssues(operationId, (issue) => {
    const names = identifierNamesOf(issue);
    return names !== undefined && names.length > 1 && names.every((n) => accepted.has(n));
  });

/** The identifier names of an issue about `query.identifierName` (a comma list split), else undefined. */
export const identifierNamesOf = (issue: SchemaIssue): string[] | undefined => {
  if (issue.where !== 'query.identifierName') return undefined;
  try {
    const value: unknown = JSON.parse(issue.actual);
    return typeof value === 'string' ? value.split(',').map((n) => n.trim()) : undefined;
  } catch {
    return undefined;
  }
};

/** Rewrites the codes of a Capillary error answer. */
function mapCodes(reply: Reply, map: (code: unknown) => unknown): Reply {
  const body = bodyRecord(reply.body);
  if (!Array.isArray(body.errors)) return reply;
  const errors = body.errors.map((e) => ({ ...(e as object), code: map((e as { code?: unknown }).code) }));
  return { ...reply, body: { ...body, errors } };
}

/** Whether a Capillary error answer names `code`. */
const answersCode = (reply: Reply, code: number): boolean => (envelopeCodes(reply.body) ?? []).includes(code);

/** `operationId`'s answers with error `code` replaced by what `instead` makes of them (and the request). */
const replacingCode = (
  operationId: OperationId,
  code: number,
  instead: (reply: Reply, request: HookRequest) => Reply,
): FaultOptions => ({
  hooks: {
    reply: (op, reply, request) =>
      op === operationId && answersCode(reply, code) ? instead(reply, request) : reply,
  },
});

/** An unlock refused for an unknown user group (1645) answered 8015, customer not found, where `when` holds. */
const groupRefusedAs8015When = (when: (request: HookRequest) => boolean): FaultOptions =>
  replacingCode('unlockPromisedPoints', 1645, (reply, request) =>
    when(request) ? mapCodes(reply, (code) => (code === 1645 ? 8015 : code)) : reply,
  );

/** A deduction refused with `code` answered 200 {"status": "failure"} with `message` and no error envelope instead. */
const failureIn200Instead = (code: number, message: string): FaultOptions =>
  replacingCode('negativePointsAdjustment', code, () => ({
    status: 200,
    body: { status: 'failure', message, warnings: [] },
  }));

/** An unlock answered 200 with an empty pointsUnlocked list where the reference answers `code` (for a body `when` holds). */
const emptyUnlockInstead = (
  code: number,
  when: (body: Record<string, unknown>) => boolean = () => true,
): FaultOptions => ({
  handlers: {
    unlockPromisedPoints: (context) => {
      const reply = HANDLERS.unlockPromisedPoints(context);
      return when(bodyRecord(context.body)) && answersCode(reply, code)
        ? { status: 200, body: { pointsUnlocked: [], warnings: [] } }
        : reply;
    },
  },
});

/** Every bill the seed dataset declares, over its orgs and customers. */
const declaredBills = () => DATASET.orgs.flatMap((o) => o.customers.flatMap((c) => c.bills ?? []));

/**
 * An unlock of a declared bill refused for its eventName (82323272) or a query parameter missing or
 * empty (82323284), the bill named by billNumber, or for its missing billNumber (82323271, the bill
 * named by its event log, or an empty billNumber), answered 82323282 ("No promise points found")
 * instead: what the bill has left is looked at before the body. Right on a rerun whose bills are
 * used up (variant unlock-used-bill-answered-before-the-body), wrong on a fresh run (fault
 * upp-82323282-on-a-fresh-bill).
 */
export function noPointsBeforeTheBody(operationId: OperationId, reply: Reply, request: HookRequest): Reply {
  if (operationId !== 'unlockPromisedPoints') return reply;
  const body = bodyRecord(request.body);
  const logs = [body.eventLogId].flat().map(Number);
  const code = (envelopeCodes(reply.body) ?? [])[0];
  // An empty billNumber names no bill: the customer's event has nothing left (on a rerun).
  const emptyBillNumber = body.billNumber === '' && (code === 82323271 || code === 82323277);
  const named =
    emptyBillNumber ||
    declaredBills().some((bill) =>
      code === 82323272 || code === 82323284
        ? bill.billNumber === String(body.billNumber)
        : code === 82323271 && logs.includes(Number(bill.eventLogId)),
    );
  return named ? capillaryError(82323282, 'No promise points found to unlock.') : reply;
}

/**
 * An unlock of a declared bill (named by billNumber) refused for its unknown eventLogId (3918), an
 * unknown or empty eventName (82323272) or a query parameter missing or empty (82323284), answered
 * instead with an "already unlocked" code of the target's own (82323290, as the rerun variant
 * unlock-rerun-bills-used-up-own-code answers its used-up bills): what the bill has left is looked
 * at before the body, and said under a code no document gives. Right on a rerun, wrong on a fresh
 * run, whose bills still have their points (fault upp-own-code-on-a-fresh-bill).
 */
export function ownUnlockedCodeBeforeTheBody(
  operationId: OperationId,
  reply: Reply,
  request: Pick<HookRequest, 'body'>,
): Reply {
  if (operationId !== 'unlockPromisedPoints') return reply;
  const body = bodyRecord(request.body);
  const code = (envelopeCodes(reply.body) ?? [])[0];
  // A missing eventName fails on its own (82323272 is judged unless 82323282 answers): left alone.
  const refused = code === 3918 || code === 82323284 || (code === 82323272 && 'eventName' in body);
  // The query-error probes restrict the bill to a line item it lacks: those stay as they are.
  const filtered = body.lineItemIds !== undefined || body.itemCodes !== undefined;
  const declared = declaredBills().some((bill) => bill.billNumber === String(body.billNumber));
  return refused && !filtered && declared
    ? capillaryError(82323290, 'Promised points already unlocked for the bill.')
    : reply;
}

/** A reply hook that rewrites the error codes of one operation's answers. */
const remappingCodes =
  (operationId: OperationId, map: (code: unknown) => unknown) =>
  (op: OperationId, reply: Reply): Reply =>
    op === operationId ? mapCodes(reply, map) : reply;

/**
 * Check, then await, then update: the reference handler judges the request (a check against the
 * points as they are now) and its write is held back past an await. Requests that arrive meanwhile
 * are checked against a stale state. `add` then applies the change to whatever the points are by
 * then (checks race, no update is lost); `overwrite` writes the value computed before the await
 * (a read-modify-write that also loses concurrent updates). `find` names the customer the request
 * changes (default: by whichever identifier the request names, as the reference's deduction and
 * unlock find it, {@link customerOfAnyIdentifier}: with the primary only, the deductions a
 * parallel burst sends by the other identifier were served atomically, half the burst never raced).
 */
const checkThenAwaitThenUpdate =
  (
    operationId: 'negativePointsAdjustment' | 'unlockPromisedPoints',
    update: 'add' | 'overwrite',
    find: (context: HandlerContext) => Customer | undefined = customerOfAnyIdentifier,
  ): HandlerOverride =>
  async (context) => {
    const customer = find(context);
    if (!customer) return HANDLERS[operationId](context);
    const main = new Map(customer.main);
    const wasUnlocked = customer.promised.map((e) => e.unlocked);
    const reply = HANDLERS[operationId](context);
    const moved = [...customer.main].map(([program, points]): [number, number] => [
      program,
      points - (main.get(program) ?? 0),
    ]);
    const unlocked = customer.promised.filter((e, i) => e.unlocked && !wasUnlocked[i]);
    customer.main.clear();
    for (const [program, points] of main) customer.main.set(program, points);
    for (const entry of unlocked) entry.unlocked = false;
    await raceWindow();
    for (const [program, delta] of moved) {
      const base = update === 'add' ? (customer.main.get(program) ?? 0) : (main.get(program) ?? 0);
      customer.main.set(program, base + delta);
    }
    for (const entry of unlocked) entry.unlocked = true;
    return reply;
  };

/**
 * `handler` served one request at a time per customer: a lock of one operation (the Ledger's
 * methods are synchronous, so a read-modify-write with an await between is a handler's). Requests
 * of another operation do not wait for it, so only they race this one.
 */
function lockedPerOperation(handler: HandlerOverride): HandlerOverride {
  const tails = new Map<Customer, Promise<unknown>>();
  return (context) => {
    const customer = customerOfAnyIdentifier(context);
    if (!customer) return handler(context);
    const turn = (tails.get(customer) ?? Promise.resolve()).then(() => handler(context));
    tails.set(
      customer,
      turn.catch(() => undefined),
    );
    return turn;
  };
}

/**
 * {@link checkThenAwaitThenUpdate} for the requests `when` selects (`find` naming their customer);
 * the others are answered by the reference handler, atomically.
 */
const racyWhen =
  (
    operationId: 'negativePointsAdjustment' | 'unlockPromisedPoints',
    update: 'add' | 'overwrite',
    when: (context: HandlerContext) => boolean,
    find: (context: HandlerContext) => Customer | undefined = customerOfAnyIdentifier,
  ): HandlerOverride =>
  (context) =>
    when(context)
      ? checkThenAwaitThenUpdate(operationId, update, find)(context)
      : HANDLERS[operationId](context);

/** Unlocks {@link racyWhen} `when` selects them (check, await, then add), the others atomic. */
const racyUnlockWhen = (when: (context: HandlerContext) => boolean): FaultOptions => ({
  handlers: { unlockPromisedPoints: racyWhen('unlockPromisedPoints', 'add', when) },
});

/** The Authorization values the dataset's fabric tenants are authenticated by. */
const FABRIC_BEARER = new Set(
  DATASET.fabric.tenants.flatMap((t) => t.bearerTokens.map((token) => `Bearer ${token}`)),
);

/** An auth hook that lets one operation through without valid credentials, as `principal`. */
const skipAuth =
  (operationId: OperationId, principal: string) =>
  (op: OperationId, result: AuthResult): AuthResult =>
    op === operationId && !result.ok ? { ok: true, principal, accessGroups: ['Default', 'Points'] } : result;

/**
 * An auth hook that lets refused Basic credentials through when `matches` accepts them for one of
 * the dataset's tills (`basic` is the header's decoded `username:password`), as that till's org.
 */
const acceptTill =
  (matches: (till: { username: string; password: string }, basic: string) => boolean) =>
  (_op: OperationId, result: AuthResult, headers: IncomingHttpHeaders): AuthResult => {
    if (result.ok) return result;
    const encoded = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
    const basic = Buffer.from(encoded, 'base64').toString('utf8');
    const org = DATASET.orgs.find((o) => o.credentials.tills.some((t) => matches(t, basic)));
    return org ? { ok: true, principal: org.id, accessGroups: ['Default', 'Points'] } : result;
  };

// ---------------------------------------------------------------------------------------------
// The catalogue
// ---------------------------------------------------------------------------------------------

/** A balance answer of no customer: what a target gives for an identifier it does not know instead of 8015. */
const EMPTY_BALANCE: Reply = {
  status: 200,
  body: {
    entityId: -1,
    entityType: 'CUSTOMER',
    totalPoints: 0,
    mainPoints: 0,
    promisedPoints: 0,
    promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 },
    warnings: [],
  },
};

/**
 * A ledger deducting a negative amount (those `amounts` selects, in micro-points) as sent
 * (subtracting it adds the points) on the orgs `when` selects; every other deduction is the
 * reference's.
 */
const negativeAmountsDeductedWhen =
  (when: (org: OrgSeed) => boolean, amounts: (micro: number) => boolean = () => true) =>
  (dataset: Dataset) =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const amount = parseAmount(request.pointsToBeAdjusted);
        const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
        if (
          !amount ||
          amount.micro >= 0 ||
          !amounts(amount.micro) ||
          !customer ||
          !when(orgOf(dataset, orgId))
        )
          return super.deduct(orgId, request);
        const programId = programOf(dataset, orgId, request);
        const after = (customer.main.get(programId) ?? 0) - amount.micro;
        customer.main.set(programId, after);
        return { ok: true as const, value: { pointsAvailable: formatFixed(after, 3) } };
      }
    })(dataset);

/** A ledger whose deductions with an amount `ignore` selects succeed and change nothing. */
const ignoringDeductions = (ignore: (request: DeductionRequest) => boolean) => (dataset: Dataset) =>
  new (class extends Ledger {
    override deduct(orgId: string, request: DeductionRequest) {
      if (!ignore(request)) return super.deduct(orgId, request);
      const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
      const available = customer?.main.get(programOf(dataset, orgId, request)) ?? 0;
      return { ok: true as const, value: { pointsAvailable: formatFixed(available) } };
    }
  })(dataset);

/**
 * Options answering the deductions without pointsToBeAdjusted that `when` selects with a success
 * that moves nothing: the spec's required amount let through, and the ledger's refusal of what it
 * cannot parse skipped for them (the others are still refused by the ledger).
 */
const missingAmountIgnoredWhen = (when: (request: DeductionRequest) => boolean): FaultOptions => ({
  hooks: {
    validate: dropIssues(
      'negativePointsAdjustment',
      (i) => i.where === 'body.pointsToBeAdjusted' && i.keyword === 'required',
    ),
  },
  createLedger: ignoringDeductions((r) => r.pointsToBeAdjusted === undefined && when(r)),
});

/**
 * A ledger that, where the reference refuses a deduction with `code` and `when` selects it (by the
 * request and the customer, as the refusal left it), deducts the amount anyway from the program `from` picks (default: the one the request names),
 * then answers the refusal (`answer: 'refusal'`) or a success with the new balance.
 */
const deductingDespite =
  (
    code: number,
    answer: 'refusal' | 'success',
    when: (dataset: Dataset, orgId: string, request: DeductionRequest, customer: Customer) => boolean = () =>
      true,
    from: (dataset: Dataset, orgId: string, request: DeductionRequest) => number = programOf,
    lateMs = 0,
  ) =>
  (dataset: Dataset) =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const outcome = super.deduct(orgId, request);
        const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
        const amount = parseAmount(request.pointsToBeAdjusted);
        if (
          outcome.ok ||
          outcome.code !== code ||
          !customer ||
          !amount ||
          !when(dataset, orgId, request, customer)
        )
          return outcome;
        const programId = from(dataset, orgId, request);
        const deductNow = () =>
          customer.main.set(programId, (customer.main.get(programId) ?? 0) - amount.micro);
        // `lateMs`: applied that much later, as a move, so that what happened meanwhile stays.
        if (lateMs > 0) setTimeout(deductNow, lateMs).unref();
        else deductNow();
        return answer === 'refusal'
          ? outcome
          : {
              ok: true as const,
              value: { pointsAvailable: formatFixed(customer.main.get(programId) ?? 0, 3) },
            };
      }
    })(dataset);

/**
 * A deduction handler that, for the requests `when` selects, runs the reference handler and then
 * puts the customer's points back: the answer is the reference's (a success says the amount went),
 * the balance never moves.
 */
const movingNothingWhen =
  (when: (context: HandlerContext) => boolean): HandlerOverride =>
  (context) => {
    const customer = customerOfRequest(context);
    const main = new Map(customer?.main);
    const reply = HANDLERS.negativePointsAdjustment(context);
    if (when(context)) for (const [program, points] of main) customer?.main.set(program, points);
    return reply;
  };

/**
 * A ledger whose unlocks that `when` selects answer their lines and mark them unlocked, but add
 * nothing to main points.
 */
const unlockMovingNothingWhen = (when: (request: UnlockRequest) => boolean) => (dataset: Dataset) =>
  new (class extends Ledger {
    override unlock(orgId: string, request: UnlockRequest) {
      const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
      const before = new Map(customer?.main);
      const outcome = super.unlock(orgId, request);
      if (when(request)) for (const [program, points] of before) customer?.main.set(program, points);
      return outcome;
    }
  })(dataset);

/**
 * A ledger whose unlocks that `when` selects (by the request and the org's seed) answer "nothing left
 * to unlock" (82323282) with a success listing no lines.
 */
const answeringNothingLeftEmpty =
  (when: (request: UnlockRequest, org: OrgSeed) => boolean) => (dataset: Dataset) =>
    new (class extends Ledger {
      override unlock(orgId: string, request: UnlockRequest) {
        const outcome = super.unlock(orgId, request);
        return !outcome.ok && outcome.code === 82323282 && when(request, orgOf(dataset, orgId))
          ? { ok: true as const, value: [] }
          : outcome;
      }
    })(dataset);

/** The org's primary identifier (mobile where dual eligibility is off). */
const primaryOf = (org: OrgSeed) => org.dualEligibility.primaryIdentifier ?? 'mobile';

/**
 * A ledger that refuses with 8907 the deductions `when` selects: by the org, the points available in
 * the program deducted from and the amount (micro-points; undefined when it does not parse).
 */
const refusing8907When =
  (
    when: (org: OrgSeed, available: number, amount: number | undefined, request: DeductionRequest) => boolean,
  ) =>
  (dataset: Dataset) =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
        const available = customer?.main.get(programOf(dataset, orgId, request));
        const amount = parseAmount(request.pointsToBeAdjusted)?.micro;
        if (available !== undefined && when(orgOf(dataset, orgId), available, amount, request))
          return apiError(8907, 'points to be deducted is greater than available points');
        return super.deduct(orgId, request);
      }
    })(dataset);

/** With negative balance off, an exact balance that `when` selects refused with 8907 (>= instead of >). */
const refusingExactBalance = (when: (available: number, request: DeductionRequest) => boolean) =>
  refusing8907When(
    (org, available, amount, request) =>
      !org.allowNegativeBalanceOnReturn && amount === available && when(available, request),
  );

/** The seed's programs keeping more than two decimals. */
const FINER_PROGRAMS = new Set(
  DATASET.orgs.flatMap((org) => org.programs.filter((p) => p.roundDecimals > 2).map((p) => p.id)),
);

/** The reference profile with the strict org's drainable customer one whose balance is whole (90 points). */
export const drainingWholeBalance: ProfileSource = {
  edit: (profile) => {
    profile.capillary.orgs[0].fixtures.roles.drainable = 'customer-1003';
  },
};

/**
 * A ledger that, before each unlock, forgets that the entries of the named customer `reopen` selects
 * were unlocked (the once-only mark kept wrongly): they unlock again.
 */
const unlockingAgain =
  (reopen: (entry: Customer['promised'][number], request: UnlockRequest, org: OrgSeed) => boolean) =>
  (dataset: Dataset) =>
    new (class extends Ledger {
      override unlock(orgId: string, request: UnlockRequest) {
        const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
        for (const entry of customer?.promised ?? [])
          if (reopen(entry, request, orgOf(dataset, orgId))) entry.unlocked = false;
        return super.unlock(orgId, request);
      }
    })(dataset);

/**
 * The customer a request names by any one identifier: a non-primary one too (resolved through the
 * seed's primary value of the one customer holding it, or its id), for faults about identifiers
 * other than the primary.
 */
function customerNamedBy(ledger: Ledger, orgId: string, name: string, value: string): Customer | undefined {
  const org = orgOf(DATASET, orgId);
  const primary =
    name === 'id'
      ? org.customers.find((c) => String(c.id) === value)?.identifiers[org.dualEligibility.primaryIdentifier]
      : primaryValueOf(org, name, value);
  return (
    customerOf(ledger, orgId, name, value) ??
    (primary === undefined
      ? undefined
      : customerOf(ledger, orgId, org.dualEligibility.primaryIdentifier, primary))
  );
}

/** The customer a request's query names by any one identifier ({@link customerNamedBy}). */
export const customerOfAnyIdentifier = (context: HandlerContext): Customer | undefined =>
  customerOfRequest(context, customerNamedBy);

/**
 * `handler` served one request at a time per customer and program named: a lock keyed on the
 * program while the record it writes is the customer's, so requests naming two programs of one
 * customer still race each other.
 */
function lockedPerProgram(handler: HandlerOverride): HandlerOverride {
  const tails = new Map<string, Promise<unknown>>();
  return (context) => {
    const customer = customerOfAnyIdentifier(context);
    if (!customer) return handler(context);
    const key = `${customer.id}:${String(bodyRecord(context.body).programId)}`;
    const turn = (tails.get(key) ?? Promise.resolve()).then(() => handler(context));
    tails.set(
      key,
      turn.catch(() => undefined),
    );
    return turn;
  };
}

/** Whether a request names the customer by the org's primary identifier (mobile where dual eligibility is off). */
const byPrimaryIdentifier = (context: HandlerContext) =>
  queryValue(context.query, 'identifierName') === primaryOf(orgOf(DATASET, context.principal));

/** Whether an unlock names a bill whose promised points lie in a program other than its org's default. */
const billOfOtherProgram = (context: HandlerContext) => {
  const org = orgOf(DATASET, context.principal);
  const billNumber = String(bodyRecord(context.body).billNumber);
  return (org?.customers ?? []).some((c) =>
    (c.bills ?? []).some(
      (bill) =>
        bill.billNumber === billNumber &&
        bill.promised.some((entry) => entry.programId !== org?.defaultProgramId),
    ),
  );
};

/** Unlocks carrying a billDate that `when` selects refused with a 400 of their own, the date unparsed on that path. */
const billDateRefusedWhen = (when: (context: HandlerContext) => boolean): FaultOptions => ({
  handlers: {
    unlockPromisedPoints: refusingWhen(
      'unlockPromisedPoints',
      (context) => bodyRecord(context.body).billDate !== undefined && when(context),
      400,
      'billDate: cannot parse date',
    ),
  },
});

/** Unlocks `when` selects refused as an invalid entity type (82323276). */
const entityTypeRefusedWhen = (when: (context: HandlerContext) => boolean): FaultOptions => ({
  handlers: {
    unlockPromisedPoints: refusingWhen('unlockPromisedPoints', when, 82323276, 'Entity type invalid.'),
  },
});

/** Whether an unlock selects line items or item codes. */
const filteredUnlock = (context: HandlerContext) => {
  const { lineItemIds, itemCodes } = bodyRecord(context.body);
  return (
    (Array.isArray(lineItemIds) && lineItemIds.length > 0) ||
    (Array.isArray(itemCodes) && itemCodes.length > 0)
  );
};

/**
 * A ledger that, after each successful deduction, lets `after` change the customer's main points
 * (the answer stays the reference's), given the program deducted from and the amount (micro).
 */
const afterDeducting =
  (after: (dataset: Dataset, orgId: string, customer: Customer, programId: number, amount: number) => void) =>
  (dataset: Dataset) =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
        const outcome = super.deduct(orgId, request);
        const amount = parseAmount(request.pointsToBeAdjusted);
        if (outcome.ok && customer && amount)
          after(dataset, orgId, customer, programOf(dataset, orgId, request), amount.micro);
        return outcome;
      }
    })(dataset);

/**
 * A deduction by a lone identifier other than the org's dual-eligibility primary that deducts, then
 * answers 8015 as the balance page's lookup rule would (a target applying that rule after its ledger
 * moved): fault hunt 27.
 */
const loneSecondaryDeductedThen8015: HandlerOverride = (context) => {
  const reply = HANDLERS.negativePointsAdjustment(context);
  const dual = orgOf(DATASET, context.principal).dualEligibility;
  const name = queryValue(context.query, 'identifierName') ?? '';
  return dual.enabled && reply.status === 200 && !name.includes(',') && name !== dual.primaryIdentifier
    ? capillaryError(8015, 'Customer not found for the given identifiers')
    : reply;
};

/** Whether a call names its customer by externalId (a lookup path of its own at some vendors). */
const namesByExternalId = (context: HandlerContext): boolean =>
  queryValue(context.query, 'identifierName') === 'externalId';

/** Whether a deduction names, by programId, a program other than its org's default. */
const namesAnotherProgram = (context: HandlerContext): boolean => {
  const { programId } = bodyRecord(context.body);
  return programId !== undefined && Number(programId) !== orgOf(DATASET, context.principal).defaultProgramId;
};

/**
 * A deduction handler that does not read `fields` of a body naming a program other than the org's
 * default (the lookups they need are made in the default program only).
 */
const ignoredOutsideDefaultProgram = (...fields: string[]): HandlerOverride =>
  withRequest('negativePointsAdjustment', (context) => {
    if (!namesAnotherProgram(context)) return context;
    const body = { ...bodyRecord(context.body) };
    for (const field of fields) delete body[field];
    return { ...context, body };
  });

/**
 * A deduction by externalId naming a program other than the org's default that takes its point,
 * then answers `refusal` instead: a refusal after the ledger moved (fault hunt 27).
 */
const externalIdOtherProgramRefusedAfter =
  (refusal: () => Reply): HandlerOverride =>
  (context) => {
    const reply = HANDLERS.negativePointsAdjustment(context);
    return reply.status === 200 && namesAnotherProgram(context) && namesByExternalId(context)
      ? refusal()
      : reply;
  };

/**
 * Options refusing with `code` and `message` the requests to `operationId` that `when` selects whose
 * body field `field` is of JSON type `type` (a type check on one lookup path only).
 */
const typedFieldRefusedWhen =
  (operationId: OperationId, field: string, type: 'string' | 'number', code: number, message: string) =>
  (when: (context: HandlerContext) => boolean): FaultOptions => ({
    handlers: {
      [operationId]: refusingWhen(
        operationId,
        (context) => typeof bodyRecord(context.body)[field] === type && when(context),
        code,
        message,
      ),
    },
  });

/** Options refusing with a 400 of its own the deductions `when` selects whose pointsToBeAdjusted is a string. */
const stringAmountRefusedWhen = typedFieldRefusedWhen(
  'negativePointsAdjustment',
  'pointsToBeAdjusted',
  'string',
  400,
  'pointsToBeAdjusted must be a number',
);

/** Options refusing with a 400 of its own the deductions `when` selects whose pointsToBeAdjusted is a JSON number. */
const numberAmountRefusedWhen = typedFieldRefusedWhen(
  'negativePointsAdjustment',
  'pointsToBeAdjusted',
  'number',
  400,
  'pointsToBeAdjusted must be a string',
);

/** Options reading fetchDataForAllPrograms=false as true (all programs summed) on the balance reads `when` selects. */
const oneProgramReadSummedWhen = (when: (context: HandlerContext) => boolean): FaultOptions => ({
  handlers: {
    getPointsBalance: withRequest('getPointsBalance', (context) =>
      queryValue(context.query, 'fetchDataForAllPrograms') === 'false' && when(context)
        ? { ...context, query: { ...context.query, fetchDataForAllPrograms: 'true' } }
        : context,
    ),
  },
});

/**
 * Options resolving, on the balance reads `when` selects, a lone identifier other than the org's
 * dual-eligibility primary that one customer holds, as that customer's primary would (elsewhere 8015).
 */
const loneSecondaryResolvedWhen = (when: (context: HandlerContext) => boolean): FaultOptions => ({
  handlers: {
    getPointsBalance: withRequest('getPointsBalance', (context) => {
      const org = orgOf(DATASET, context.principal);
      const name = queryValue(context.query, 'identifierName') ?? '';
      const primary = primaryValueOf(org, name, queryValue(context.query, 'identifierValue') ?? '');
      return org.dualEligibility.enabled &&
        !name.includes(',') &&
        name !== primaryOf(org) &&
        primary !== undefined &&
        when(context)
        ? {
            ...context,
            query: { ...context.query, identifierName: primaryOf(org), identifierValue: primary },
          }
        : context;
    }),
  },
});

/**
 * Options reading a string pointsToBeAdjusted without its decimal point ("1.00" as 100) on the
 * deductions `when` selects.
 */
const stringPointDroppedWhen = (when: (context: HandlerContext) => boolean): FaultOptions => ({
  handlers: {
    negativePointsAdjustment: withRequest('negativePointsAdjustment', (context) => {
      const body = bodyRecord(context.body);
      const amount = body.pointsToBeAdjusted;
      return typeof amount === 'string' && amount.includes('.') && when(context)
        ? { ...context, body: { ...body, pointsToBeAdjusted: amount.replace('.', '') } }
        : context;
    }),
  },
});

/**
 * Whether a fabric body is a bare credit: points above zero, not pending, none of `others` named
 * (the quick credit path of the bare-credit faults).
 */
const bareCredit =
  (...others: string[]) =>
  (body: Record<string, unknown>): boolean =>
    Number(body.points) > 0 && body.setToPending !== true && others.every((field) => body[field] == null);

/** Options answering 82323271 (bill number missing) to the unlocks `when` selects whose billNumber is a JSON number. */
const numericBillNumberMissingWhen = typedFieldRefusedWhen(
  'unlockPromisedPoints',
  'billNumber',
  'number',
  82323271,
  'Bill number missing.',
);

/**
 * Options carrying out as the first tenant a fabric deduction (negative points) whose credentials
 * fail, where `when` picks its Authorization header; additions so sent are refused 401.
 */
const deductionsUnauthenticatedWhen = (
  when: (authorization: string | undefined) => boolean,
): FaultOptions => ({
  hooks: {
    authenticate: (op, result, headers) =>
      !result.ok && op === 'adjustMemberPoints' && when(headers.authorization)
        ? {
            ok: true,
            principal: `${DATASET.fabric.tenants[0]!.id}${ANONYMOUS}`,
            accessGroups: ['Default'],
          }
        : result,
  },
  handlers: {
    adjustMemberPoints: (context) =>
      !context.principal.endsWith(ANONYMOUS)
        ? HANDLERS.adjustMemberPoints(context)
        : Number(bodyRecord(context.body).points) < 0
          ? HANDLERS.adjustMemberPoints({
              ...context,
              principal: context.principal.slice(0, -ANONYMOUS.length),
            })
          : fabricReply(401, 'Unauthorized', null, { code: '401', message: 'no bearer token' }),
  },
});

/** Options refusing as an unknown field (82323290) the unlocks `when` selects that carry sourceTillId (the table's spelling). */
const tableTillRefusedWhen = (when: (context: HandlerContext) => boolean): FaultOptions => ({
  handlers: {
    unlockPromisedPoints: refusingWhen(
      'unlockPromisedPoints',
      (context) => bodyRecord(context.body).sourceTillId !== undefined && when(context),
      82323290,
      'unknown field sourceTillId',
    ),
  },
});

/** Every faulty provider, grouped by the suite meant to catch it. */
export const FAULTS: readonly Fault[] = [
  // --- negative-balance: deduction arithmetic and ALLOW_NEGATIVE_BALANCE_ON_RETURN ---
  {
    id: 'npa-off-by-one',
    description: 'a successful deduction takes one point more than asked (pointsAvailable agrees)',
    family: 'negative-balance',
    catches: ['CAP-NPA-ARITHMETIC', 'CAP-BAL-LEDGER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const outcome = super.deduct(orgId, request);
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            if (!outcome.ok || !customer) return outcome;
            const programId = programOf(dataset, orgId, request);
            const after = (customer.main.get(programId) ?? 0) - ONE_POINT;
            customer.main.set(programId, after);
            return { ok: true as const, value: { pointsAvailable: formatFixed(after) } };
          }
        })(dataset),
    },
  },
  {
    id: 'npa-not-persisted',
    description: 'a deduction answers success with the new balance but the balance never changes',
    family: 'negative-balance',
    catches: ['CAP-NPA-ARITHMETIC', 'CAP-NPA-POINTS-AVAILABLE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            const before = new Map(customer?.main);
            const outcome = super.deduct(orgId, request);
            for (const [program, points] of before) customer?.main.set(program, points);
            return outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-8907-missing',
    description: 'ALLOW_NEGATIVE_BALANCE_ON_RETURN off is ignored: a deduction above the balance succeeds',
    family: 'negative-balance',
    catches: ['CAP-NPA-8907'],
    options: { createLedger: withOrgs((org) => ({ ...org, allowNegativeBalanceOnReturn: true })) },
  },
  {
    id: 'npa-8907-with-side-effect',
    description: 'a deduction above the balance answers 8907 but deducts the points anyway',
    family: 'negative-balance',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: { createLedger: deductingDespite(8907, 'refusal') },
  },
  {
    id: 'npa-negative-refused-when-allowed',
    description: 'ALLOW_NEGATIVE_BALANCE_ON_RETURN on is ignored: the lenient org refuses to go below zero',
    family: 'negative-balance',
    catches: ['CAP-NPA-NEGATIVE-ALLOWED'],
    options: { createLedger: withOrgs((org) => ({ ...org, allowNegativeBalanceOnReturn: false })) },
  },
  {
    id: 'npa-exact-balance-refused',
    description: 'with negative balance off, deducting exactly the balance fails with 8907 (>= instead of >)',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: { createLedger: refusingExactBalance(() => true) },
  },
  {
    id: 'npa-points-available-object',
    description:
      'pointsAvailable comes back as an object ({"value": "670.000"}) instead of a number or string',
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE-FORMAT', 'GEN-BODY-SCHEMA'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', (body) => ({
          ...body,
          pointsAvailable: { value: body.pointsAvailable },
        })),
      },
    },
  },

  // --- decimal-precision: 8906 against the program named by programId ---
  {
    id: 'decimals-amount-rounded',
    description: 'an amount within the round decimals is deducted rounded to whole points (1.01 takes 1)',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: {
      createLedger: amountsBookedAs(({ micro }) => Math.round(micro / ONE_POINT) * ONE_POINT, false),
    },
  },
  {
    id: 'decimals-default-program',
    description: 'decimal places are checked against the default program, not the one named by programId',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-PROGRAM'],
    options: { createLedger: decimalsOfDefaultProgram(() => true) },
  },
  {
    id: 'decimals-not-checked',
    description: 'round decimals are never checked: an amount with too many decimals is deducted',
    family: 'decimal-precision',
    catches: ['CAP-NPA-8906'],
    options: {
      createLedger: withOrgs((org) => ({
        ...org,
        programs: org.programs.map((p) => ({ ...p, roundDecimals: 6 })),
      })),
    },
  },

  // --- input-validation: documented validations of negativePointsAdjustment ---
  {
    id: 'npa-negative-amount-ignored',
    description: 'a negative amount is answered with success and changes nothing (no refusal)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: 'the spec refuses a negative amount, and the ledger again (8888)',
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsToBeAdjusted'),
      },
      createLedger: ignoringDeductions((r) => (parseAmount(r.pointsToBeAdjusted)?.micro ?? 0) < 0),
    },
  },
  {
    id: 'npa-missing-amount-ignored',
    description: 'a deduction without pointsToBeAdjusted is answered with success and changes nothing',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-REQUIRED'],
    enforcedTwice: 'the spec requires the amount, and the ledger refuses what it cannot parse',
    options: missingAmountIgnoredWhen(() => true),
  },
  {
    id: 'npa-missing-reason-accepted',
    description: 'a deduction without reasonOfReturn is accepted (no 8882)',
    family: 'input-validation',
    catches: ['CAP-NPA-8882', 'CAP-NPA-REASON-REQUIRED'],
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.reasonOfReturn' && i.keyword === 'required',
        ),
      },
    },
  },
  {
    id: 'npa-reason-length-unchecked',
    description: 'a reasonOfReturn longer than 50 characters is accepted',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    options: {
      hooks: {
        validate: longReasonsLetThrough,
      },
    },
  },
  {
    id: 'npa-promotion-identifier-without-program',
    description:
      'a promotionIdentifier without programId is accepted (no 8887): the default program is assumed',
    family: 'input-validation',
    catches: ['CAP-NPA-8887'],
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => i.keyword === 'dependentRequired'),
      },
    },
  },
  {
    id: 'npa-promotion-both-accepted',
    description:
      'promotionId and promotionIdentifier together are accepted (the document calls the pair an invalid input combination)',
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    options: {
      hooks: { validate: dropIssues('negativePointsAdjustment', (i) => i.keyword === 'not') },
    },
  },
  {
    id: 'npa-points-award-unchecked',
    description: 'pointsAwardedId is ignored: an award the customer does not have is accepted (no 8877)',
    family: 'input-validation',
    catches: ['CAP-NPA-8877'],
    options: {
      handlers: {
        negativePointsAdjustment: deductionFieldIgnored('pointsAwardedId'),
      },
    },
  },
  {
    id: 'npa-unknown-promotion-accepted',
    description: 'promotionId is ignored: a promotion the org does not have is accepted (no 8874)',
    family: 'input-validation',
    catches: ['CAP-NPA-8874'],
    options: {
      handlers: {
        negativePointsAdjustment: deductionFieldIgnored('promotionId'),
      },
    },
  },
  {
    id: 'npa-enrolment-unchecked',
    description:
      'a programId the customer is not enrolled in is ignored: the default program is charged (no 1218)',
    family: 'input-validation',
    catches: ['CAP-NPA-1218'],
    options: {
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (context) => {
          const body = bodyRecord(context.body);
          const name = queryValue(context.query, 'identifierName') ?? '';
          const value = queryValue(context.query, 'identifierValue') ?? '';
          const customer = orgOf(DATASET, context.principal).customers.find(
            (c) => (c.identifiers as Record<string, string | undefined>)[name] === value,
          );
          const enrolled = typeof body.programId !== 'number' || customer?.programs.includes(body.programId);
          return enrolled ? context : { ...context, body: { ...body, programId: undefined } };
        }),
      },
    },
  },
  {
    id: 'npa-response-fields-missing',
    description: 'a successful deduction answers status and pointsAvailable only (no message, no warnings)',
    family: 'negative-balance',
    catches: ['CAP-NPA-RESPONSE-FIELDS'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', ({ status, pointsAvailable }) => ({
          status,
          pointsAvailable,
        })),
      },
    },
  },
  {
    id: 'npa-external-id-unsupported',
    description: 'the deduction finds customers by mobile only: externalId gives 8015',
    family: 'input-validation',
    catches: ['CAP-NPA-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          namesByExternalId,
          8015,
          'Customer not found for the given identifiers',
        ),
      },
    },
  },
  {
    id: 'npa-ref-type-value-refused',
    description: 'pointsAwardedRefType bill_regular, a value the document lists, is refused with 9975',
    family: 'input-validation',
    catches: ['CAP-NPA-REFTYPE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingRefType('bill_regular'),
      },
    },
  },
  {
    id: 'npa-number-amount-refused',
    description: 'pointsToBeAdjusted sent as a JSON number (the type the table gives) is refused',
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-NUMBER'],
    options: numberAmountRefusedWhen(() => true),
  },
  {
    id: 'npa-source-subset',
    description: 'deductions accept only the source INSTORE; the other documented sources get 8003',
    family: 'input-validation',
    catches: ['CAP-NPA-SOURCE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) =>
          queryValue(context.query, 'source') === 'INSTORE'
            ? HANDLERS.negativePointsAdjustment(context)
            : capillaryError(8003, 'Invalid source'),
      },
    },
  },
  {
    id: 'upp-type-required',
    description: 'an unlock without `type` is refused instead of defaulting to CUSTOMER',
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          queryValue(context.query, 'type') === undefined
            ? capillaryError(82323276, 'Entity type invalid.')
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'auth-basic-refused',
    description: 'valid Basic credentials are refused (only OAuth tokens are accepted)',
    family: 'authentication',
    catches: ['CAP-AUTH-BASIC'],
    // With Basic as an org's `auth`, its refusal ends the run before any scenario (LC_ERR_AUTH_REJECTED,
    // exit 2: from outside it is a profile mistake); with OAuth first, Basic is judged by the suite.
    profile: oauthFirst,
    options: {
      hooks: {
        authenticate: (_operationId, result, headers) =>
          /^Basic\s/i.test(headers.authorization ?? '')
            ? { ok: false, reason: 'Basic not accepted' }
            : result,
      },
    },
  },
  {
    id: 'npa-string-amount-refused',
    description: 'pointsToBeAdjusted sent as a numeric string ("1.00", as the document does) is refused',
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: stringAmountRefusedWhen(() => true),
  },
  {
    id: 'npa-8003-8013-swapped',
    description: 'an invalid source answers 8013 and an invalid identifier type 8003',
    family: 'input-validation',
    catches: ['CAP-NPA-8003', 'CAP-NPA-8013'],
    options: {
      hooks: {
        reply: remappingCodes('negativePointsAdjustment', (code) =>
          code === 8003 ? 8013 : code === 8013 ? 8003 : code,
        ),
      },
    },
  },
  {
    id: 'npa-8015-replaced',
    description: 'an identifier value no customer has answers 8013 (invalid identifier) instead of 8015',
    family: 'input-validation',
    catches: ['CAP-NPA-8015'],
    options: {
      hooks: {
        reply: remappingCodes('negativePointsAdjustment', (code) => (code === 8015 ? 8013 : code)),
      },
    },
  },

  // --- ledger-invariants: balances add up across a sequence ---
  {
    id: 'ledger-total-frozen',
    description:
      'the balance books every change of main points as a change of promised points: totalPoints never moves',
    family: 'ledger-invariants',
    catches: ['CAP-BAL-TOTAL', 'CAP-BAL-LEDGER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #seed = new Ledger(dataset);
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            const seed = this.#seed.balance(orgId, query);
            if (!outcome.ok || !seed.ok) return outcome;
            // promised points carry the difference, so totalPoints stays at its seed value
            const drift = seed.value.mainPoints - outcome.value.mainPoints;
            return {
              ok: true,
              value: {
                ...outcome.value,
                delayedAccrualPoints: outcome.value.delayedAccrualPoints + drift,
              },
            };
          }
        })(dataset),
    },
  },

  // --- balance: totals and which programs a balance covers ---
  {
    id: 'bal-total-main-only',
    description: 'totalPoints is mainPoints alone (promised points left out)',
    family: 'balance',
    catches: ['CAP-BAL-TOTAL'],
    options: {
      handlers: {
        getPointsBalance: with200Body('getPointsBalance', (body) => ({
          ...body,
          totalPoints: body.mainPoints,
        })),
      },
    },
  },
  {
    id: 'bal-promised-without-external',
    description:
      'promisedPoints leaves out the external-trigger points its breakup lists (totalPoints still counts them)',
    family: 'balance',
    catches: ['CAP-BAL-TOTAL'],
    options: {
      handlers: {
        getPointsBalance: with200Body('getPointsBalance', (body) => ({
          ...body,
          promisedPoints: bodyRecord(body.promisedPointsBreakup).delayedAccrualPoints,
        })),
      },
    },
  },
  {
    id: 'bal-all-programs-ignored',
    description: 'fetchDataForAllPrograms=true is ignored: one program is returned, not the sum',
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID', 'CAP-BAL-ALL-PROGRAMS-NO-ID'],
    options: {
      handlers: {
        getPointsBalance: withRequest('getPointsBalance', (context) => {
          const { fetchDataForAllPrograms: _ignored, ...query } = context.query;
          return { ...context, query };
        }),
      },
    },
  },
  {
    id: 'bal-default-program-wrong',
    description: 'without programId the balance is that of a program other than the default',
    family: 'balance',
    catches: ['CAP-BAL-DEFAULT-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            const org = orgOf(dataset, orgId);
            const other = org.programs.find((p) => p.id !== org.defaultProgramId)?.id;
            return query.programId === undefined && !query.fetchDataForAllPrograms
              ? super.balance(orgId, { ...query, programId: other })
              : super.balance(orgId, query);
          }
        })(dataset),
    },
  },
  {
    id: 'bal-program-ignored',
    description: 'programId is ignored by the balance: every one-program read shows the default program',
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: {
      handlers: {
        getPointsBalance: withRequest('getPointsBalance', (context) => {
          const { programId: _ignored, ...query } = context.query;
          return { ...context, query };
        }),
      },
    },
  },
  {
    id: 'bal-validation-skipped',
    description: 'the balance endpoint skips the spec validation of its query (wrong types answered 200)',
    family: 'generated',
    catches: ['GEN-INVALID-REJECTED'],
    options: {
      hooks: {
        validate: (operationId, validation) =>
          operationId === 'getPointsBalance' ? { valid: true, issues: [] } : validation,
      },
    },
  },

  // --- dual-eligibility: several identifiers resolve through the primary ---
  {
    id: 'dual-lone-secondary-resolved',
    description: 'a single non-primary identifier resolves a customer instead of failing with 8015',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const org = orgOf(dataset, orgId);
            const primary = org.dualEligibility.primaryIdentifier;
            if (identifierName.includes(',') || identifierName === primary) {
              return super.resolveLookup(orgId, identifierName, identifierValue);
            }
            // the first customer holding the value, even a value two customers share
            const customer = org.customers.find(
              (c) =>
                (c.identifiers as Record<string, string | undefined>)[identifierName] === identifierValue,
            );
            return super.resolveLookup(orgId, primary, customer?.identifiers[primary] ?? identifierValue);
          }
        })(dataset),
    },
  },
  {
    id: 'dual-first-identifier',
    description: 'several identifiers resolve through the first one listed instead of the primary',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI', 'CAP-BAL-DUAL-ORDER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const org = orgOf(dataset, orgId);
            const [name = '', ...more] = identifierName.split(',').map((n) => n.trim());
            if (more.length === 0) return super.resolveLookup(orgId, identifierName, identifierValue);
            const value = identifierValue.split(',')[0]?.trim() ?? '';
            const primaryValue = primaryValueOf(org, name, value) ?? `${value} (no such customer)`;
            return super.resolveLookup(orgId, org.dualEligibility.primaryIdentifier, primaryValue);
          }
        })(dataset),
    },
  },
  {
    id: 'dual-shared-secondary-first',
    description: 'several identifiers resolve through the secondary one, to the first customer holding it',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-PROFILE', 'CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: resolvingThroughSecondary((names, primary) => names.findIndex((n) => n !== primary)),
    },
  },
  {
    id: 'auth-fabric-bearer-refused-on-adjustment',
    description:
      'the points adjustment refuses the valid fabric Bearer token (the member inquiry accepts it)',
    family: 'authentication',
    catches: ['FAB-AUTH-BEARER'],
    options: {
      hooks: {
        authenticate: (operationId, result) =>
          operationId === 'adjustMemberPoints' && result.ok ? { ok: false, reason: 'token refused' } : result,
      },
    },
  },
  {
    id: 'bal-unknown-customer-empty',
    description: 'a lookup that finds no customer answers 200 with an empty balance instead of 8015',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-8015', 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY', 'CAP-BAL-DUAL-NO-PRIMARY'],
    options: {
      handlers: {
        getPointsBalance: (context) => {
          const reply = HANDLERS.getPointsBalance(context);
          if (!JSON.stringify(reply.body).includes('"code":8015')) return reply;
          return EMPTY_BALANCE;
        },
      },
    },
  },

  // --- promised-points: unlock moves promised points once ---
  {
    id: 'upp-not-marked-unlocked',
    description: 'an unlock moves the points but never marks the entries unlocked: a bill unlocks again',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE', 'CAP-UPP-CONCURRENT-ONCE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            const outcome = super.unlock(orgId, request);
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            for (const entry of customer?.promised ?? []) {
              if (entry.billNumber === request.billNumber) entry.unlocked = false;
            }
            return outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'upp-points-not-moved',
    description: 'an unlock answers the lines and clears the promised points but adds nothing to main',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: { createLedger: unlockMovingNothingWhen(() => true) },
  },
  {
    id: 'upp-filters-ignored',
    description: 'lineItemIds and itemCodes are ignored: a filtered unlock releases the whole bill',
    family: 'promised-points',
    catches: ['CAP-UPP-82323282', 'CAP-UPP-NO-SIDE-EFFECT'],
    options: {
      handlers: {
        unlockPromisedPoints: withRequest('unlockPromisedPoints', (context) => {
          const { lineItemIds: _ids, itemCodes: _codes, ...body } = bodyRecord(context.body);
          return { ...context, body };
        }),
      },
    },
  },
  {
    id: 'upp-second-unlock-empty-200',
    description: 'a second unlock of a bill answers 200 with an empty pointsUnlocked list (no 82323282)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323282', 'CAP-UPP-ONCE-ERROR'],
    options: { createLedger: answeringNothingLeftEmpty(() => true) },
  },
  {
    id: 'upp-source-unchecked',
    description: 'the unlock accepts a source outside the documented Enum',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-INVALID'],
    options: {
      hooks: {
        validate: dropIssues(
          'unlockPromisedPoints',
          (i) => i.where === 'query.source' && i.keyword === 'enum',
        ),
      },
    },
  },
  {
    id: 'upp-event-log-id-array-refused',
    description: 'an eventLogId sent as an array (the type the table gives) is refused as a type error',
    family: 'promised-points',
    catches: ['CAP-UPP-EVENT-LOG-ID-TYPES'],
    options: refusingEventLogId(Array.isArray, 'eventLogId must be a number'),
  },
  {
    id: 'upp-response-doubled',
    description: 'the pointsUnlocked lines report twice the points that moved',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-SUM'],
    options: {
      handlers: {
        unlockPromisedPoints: with200Body('unlockPromisedPoints', (body) => ({
          ...body,
          pointsUnlocked: (body.pointsUnlocked as { pointsUnlocked: string }[]).map((line) => ({
            ...line,
            pointsUnlocked: formatFixed(2 * toMicro(line.pointsUnlocked)),
          })),
        })),
      },
    },
  },
  {
    id: 'upp-event-log-unchecked',
    description: 'eventLogId is ignored: an unknown event log unlocks the bill (no 3918)',
    family: 'promised-points',
    catches: ['CAP-UPP-3918'],
    options: {
      handlers: { unlockPromisedPoints: eventLogIgnoredWhen(() => true) },
    },
  },
  {
    id: 'upp-unknown-bill-82323282',
    description: 'a bill number with no bill answers 82323282 (nothing to unlock) instead of 82323277',
    family: 'promised-points',
    catches: ['CAP-UPP-82323277'],
    options: {
      hooks: {
        reply: remappingCodes('unlockPromisedPoints', (code) => (code === 82323277 ? 82323282 : code)),
      },
    },
  },
  {
    id: 'upp-validation-codes-generic',
    description:
      'the unlock answers its documented validation errors (82323284, 82323271, 82323272, 82323276) with a generic 400',
    family: 'promised-points',
    catches: ['CAP-UPP-82323284', 'CAP-UPP-82323271', 'CAP-UPP-82323272', 'CAP-UPP-82323276'],
    options: {
      hooks: {
        reply: remappingCodes('unlockPromisedPoints', (code) =>
          [82323284, 82323271, 82323272, 82323276].includes(code as number) ? 400 : code,
        ),
      },
    },
  },
  {
    id: 'upp-user-group-8015',
    description: 'an unknown user group (type USERGROUP2) answers 8015 instead of 1645',
    family: 'promised-points',
    catches: ['CAP-UPP-1645'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            const outcome = super.unlock(orgId, request);
            return !outcome.ok && outcome.code === 1645
              ? apiError(8015, 'Customer not found for the given identifiers')
              : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'upp-identifier-subset',
    description:
      'the unlock finds customers by mobile, id and externalId only: cuid and primaryUserId give 8015',
    family: 'promised-points',
    catches: ['CAP-UPP-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => ['cuid', 'primaryUserId'].includes(queryValue(context.query, 'identifierName') ?? ''),
          8015,
          'Customer not found for the given identifiers',
        ),
      },
    },
  },
  {
    id: 'upp-500-on-unexpected-field',
    description: 'the unlock handler crashes (500) on a body field it does not read (sourceTilId, billDate)',
    family: 'promised-points',
    catches: ['GEN-NO-5XX', 'CAP-UPP-TILL-ID-SPELLING'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const known = ['eventName', 'billNumber', 'eventLogId', 'lineItemIds', 'itemCodes'];
          const unexpected = Object.keys(bodyRecord(context.body)).find((key) => !known.includes(key));
          if (unexpected)
            throw new TypeError(`cannot read properties of undefined (reading '${unexpected}')`);
          return HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  {
    id: 'upp-points-as-boolean',
    description: 'each pointsUnlocked line carries pointsUnlocked as a boolean instead of an amount',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-NUMERIC', 'GEN-BODY-SCHEMA'],
    options: {
      hooks: {
        reply: (operationId, reply) =>
          operationId === 'unlockPromisedPoints' && reply.status === 200
            ? with200Lines(reply, () => true)
            : reply,
      },
    },
  },
  {
    id: 'npa-string-amount-success-json-cut-short',
    description:
      'a successful deduction whose pointsToBeAdjusted was a string answers 200 application/json one character short of its JSON (a serialiser branch whose last chunk is never flushed, the Content-Length counting what was sent): only some inputs get a body that does not parse',
    family: 'universal',
    catches: ['GEN-CONTENT-TYPE'],
    options: {
      hooks: {
        reply: stringAmountSuccessesAs((reply) => ({
          ...reply,
          rawBody: JSON.stringify(reply.body).slice(0, -1),
        })),
      },
    },
  },
  {
    id: 'upp-text-plain',
    description: 'the unlock answers with Content-Type text/plain (the body is still JSON text)',
    family: 'universal',
    catches: ['GEN-CONTENT-TYPE'],
    options: {
      hooks: {
        reply: (operationId, reply) =>
          operationId === 'unlockPromisedPoints'
            ? { ...reply, headers: { 'content-type': 'text/plain; charset=utf-8' } }
            : reply,
      },
    },
  },
  {
    id: 'cap-error-code-as-string',
    description: 'Capillary error codes are sent as strings ("8015") instead of numbers',
    family: 'input-validation',
    catches: ['GEN-ERROR-ENVELOPE'],
    options: {
      hooks: {
        reply: (operationId, reply) =>
          operationId === 'negativePointsAdjustment' && reply.status >= 400
            ? mapCodes(reply, (code) => String(code))
            : reply,
      },
    },
  },

  // --- concurrency: check-then-act races ---
  {
    id: 'npa-race-overdraw',
    description:
      'the deduction awaits between its balance check and its update: parallel deductions overdraw',
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-OVERDRAW'],
    options: {
      handlers: { negativePointsAdjustment: checkThenAwaitThenUpdate('negativePointsAdjustment', 'add') },
    },
  },
  {
    id: 'npa-race-lost-update',
    description:
      'the deduction reads the balance, awaits, then writes back the value it computed: parallel deductions are lost',
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-LOST-UPDATE'],
    options: {
      handlers: {
        negativePointsAdjustment: checkThenAwaitThenUpdate('negativePointsAdjustment', 'overwrite'),
      },
    },
  },
  {
    id: 'upp-race-double-unlock',
    description:
      'the unlock awaits between finding the promised entries and marking them: parallel unlocks all succeed',
    family: 'concurrency',
    catches: ['CAP-UPP-CONCURRENT-ONCE'],
    options: { handlers: { unlockPromisedPoints: checkThenAwaitThenUpdate('unlockPromisedPoints', 'add') } },
  },

  // --- fabric: points-adjustment ---
  {
    id: 'fab-sign-inverted',
    description: 'positive points deduct and negative points add',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD', 'FAB-ADJ-DEDUCT'],
    options: { createLedger: adjustmentsRewritten((request) => ({ ...request, points: -request.points })) },
  },
  {
    id: 'fab-pending-counted-active',
    description: 'setToPending: true is ignored: the points become available at once',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING'],
    options: { createLedger: adjustmentsRewritten((request) => ({ ...request, setToPending: false })) },
  },
  {
    id: 'fab-deduction-ignored',
    description: 'negative points answer 200 but nothing is deducted',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override adjustMember(tenantId: string, request: MemberAdjustment) {
            return request.points < 0
              ? { ok: true as const, value: { message: 'points deducted' } }
              : super.adjustMember(tenantId, request);
          }
        })(dataset),
    },
  },
  {
    id: 'fab-points-optional',
    description: 'an adjustment without points is not refused for it',
    family: 'fabric',
    catches: ['FAB-ADJ-POINTS-REQUIRED'],
    enforcedTwice: 'the spec requires points, and the ledger refuses what it cannot parse',
    options: {
      hooks: { validate: pointsNotRequired },
      createLedger: (dataset) =>
        new (class extends Ledger {
          // A missing amount taken as 1 point added, as a lenient default would.
          override adjustMember(tenantId: string, request: MemberAdjustment) {
            return super.adjustMember(tenantId, { ...request, points: request.points ?? 1 });
          }
        })(dataset),
    },
  },
  {
    id: 'fab-empty-billing-entity-accepted',
    description: 'an empty billingEntity is accepted',
    family: 'fabric',
    catches: ['FAB-ADJ-BILLING-ENTITY-MIN-LENGTH'],
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.where === 'body.billingEntity' && i.keyword === 'minLength',
        ),
      },
    },
  },
  {
    id: 'fab-empty-reason-code-accepted',
    description: 'an empty reasonCode is accepted',
    family: 'fabric',
    catches: ['FAB-ADJ-REASON-CODE-MIN-LENGTH'],
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.where === 'body.reasonCode' && i.keyword === 'minLength',
        ),
      },
    },
  },
  {
    id: 'fab-empty-point-type-accepted',
    description: 'an empty pointType is accepted',
    family: 'fabric',
    catches: ['FAB-ADJ-POINT-TYPE-MIN-LENGTH'],
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.where === 'body.pointType' && i.keyword === 'minLength',
        ),
      },
    },
  },
  {
    id: 'fab-null-strings-refused',
    description: 'pointType, billingEntity or reasonCode sent as null is refused (the document allows null)',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: (context) => {
          const body = bodyRecord(context.body);
          const nulls = ['pointType', 'billingEntity', 'reasonCode'].filter((k) => body[k] === null);
          return nulls.length > 0
            ? fabricReply(400, `${nulls.join(', ')} must be a string`, null, { [nulls[0]!]: 'null' })
            : HANDLERS.adjustMemberPoints(context);
        },
      },
    },
  },
  {
    id: 'fab-envelope-missing',
    description:
      'a successful adjustment answers its data object bare, without the status/message/errors/data envelope',
    family: 'fabric',
    catches: ['FAB-ADJ-ENVELOPE'],
    options: {
      handlers: {
        adjustMemberPoints: with200Body('adjustMemberPoints', (body) => bodyRecord(body.data)),
      },
    },
  },

  {
    id: 'fab-status-field-text',
    description: 'a successful adjustment answers status "OK" instead of the status code of the call',
    family: 'fabric',
    catches: ['FAB-ADJ-STATUS-MATCHES'],
    options: {
      handlers: {
        adjustMemberPoints: with200Body('adjustMemberPoints', (body) => ({ ...body, status: 'OK' })),
      },
    },
  },

  // --- authentication ---
  {
    id: 'auth-refused-after-deducting',
    description:
      'a deduction without credentials is carried out (as the first org) and then answered 401: refused, but the points moved',
    family: 'authentication',
    catches: ['CAP-AUTH-MISSING'],
    enforcedTwice:
      'the answer (401) and the effect (the deduction) are two seams: the refusal alone looks right',
    options: {
      hooks: {
        authenticate: skipAuth('negativePointsAdjustment', 'strict'),
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          request.headers.authorization === undefined &&
          request.headers['x-cap-api-oauth-token'] === undefined
            ? capillaryError(401, 'Unauthorized: no credentials', 401)
            : reply,
      },
    },
  },
  {
    id: 'auth-skipped-balance',
    description: 'the balance endpoint answers without credentials (as the first org)',
    family: 'authentication',
    catches: ['CAP-AUTH-MISSING'],
    options: { hooks: { authenticate: skipAuth('getPointsBalance', 'strict') } },
  },
  {
    id: 'auth-skipped-unlock',
    description: 'the unlock endpoint answers without credentials (as the first org)',
    family: 'authentication',
    catches: ['CAP-AUTH-MISSING'],
    options: { hooks: { authenticate: skipAuth('unlockPromisedPoints', 'strict') } },
  },
  {
    id: 'auth-wrong-password-accepted',
    description: 'Basic credentials are checked by username only: a wrong password is accepted',
    family: 'authentication',
    catches: ['CAP-AUTH-WRONG'],
    options: {
      hooks: { authenticate: acceptTill((till, basic) => till.username === basic.split(':')[0]) },
    },
  },
  {
    id: 'auth-plain-password-accepted',
    description: 'Basic credentials carrying the till password as typed (not its md5 digest) are accepted',
    family: 'authentication',
    catches: ['CAP-AUTH-WRONG'],
    options: {
      hooks: { authenticate: acceptTill((till, basic) => `${till.username}:${till.password}` === basic) },
    },
  },
  {
    id: 'auth-fabric-non-bearer-passes',
    description:
      'the fabric adjustment checks Bearer tokens only: an Authorization header of another scheme passes',
    family: 'authentication',
    catches: ['FAB-AUTH-MISSING'],
    options: {
      hooks: {
        authenticate: (operationId, result, headers) =>
          operationId === 'adjustMemberPoints' &&
          !result.ok &&
          headers.authorization !== undefined &&
          !/^Bearer\s/i.test(headers.authorization)
            ? {
                ok: true,
                principal: DATASET.fabric.tenants[0]?.id ?? '',
                accessGroups: ['Default', 'Points'],
              }
            : result,
      },
    },
  },
  {
    id: 'auth-fabric-adjust-unauthenticated',
    description: 'the fabric adjustment accepts a request without a valid Bearer token',
    family: 'authentication',
    catches: ['FAB-AUTH-MISSING', 'FAB-AUTH-WRONG'],
    options: {
      hooks: { authenticate: skipAuth('adjustMemberPoints', DATASET.fabric.tenants[0]?.id ?? '') },
    },
  },
  {
    id: 'auth-fabric-refused-after-adjusting',
    description:
      'a fabric adjustment without a valid Bearer token is carried out (as the first tenant) and then answered 401: refused, but the points moved',
    family: 'authentication',
    catches: ['FAB-AUTH-MISSING', 'FAB-AUTH-WRONG'],
    enforcedTwice:
      'the answer (401) and the effect (the adjustment) are two seams: the refusal alone looks right',
    options: {
      hooks: {
        authenticate: skipAuth('adjustMemberPoints', DATASET.fabric.tenants[0]?.id ?? ''),
        reply: (operationId, reply, request) =>
          operationId === 'adjustMemberPoints' && !FABRIC_BEARER.has(request.headers.authorization ?? '')
            ? fabricReply(401, 'Unauthorized', null, { code: '401', message: 'no valid bearer token' })
            : reply,
      },
    },
  },
  {
    id: 'auth-access-group-ignored',
    description:
      'credentials without the Points access group can deduct points (the access group is not checked)',
    family: 'authentication',
    catches: ['CAP-AUTH-ACCESS-GROUP'],
    options: {
      hooks: {
        authenticate: (_operationId, result) =>
          result.ok ? { ...result, accessGroups: [...result.accessGroups, 'Points'] } : result,
      },
    },
  },
  {
    id: 'auth-oauth-token-refused',
    description: 'a token issued by /v3/oauth/token/generate is refused in X-CAP-API-OAUTH-TOKEN',
    family: 'authentication',
    catches: ['CAP-AUTH-OAUTH'],
    options: {
      hooks: {
        authenticate: (_operationId, result, headers) =>
          headers['x-cap-api-oauth-token'] ? { ok: false, reason: 'tokens are not supported' } : result,
      },
    },
  },
  {
    id: 'bal-main-points-null',
    description:
      'a balance read answers mainPoints as null (a required field: a null is no balance, unlike an optional field sent as null)',
    family: 'universal',
    catches: ['GEN-BODY-SCHEMA'],
    options: {
      handlers: {
        getPointsBalance: with200Body('getPointsBalance', (body) => ({ ...body, mainPoints: null })),
      },
    },
  },
  {
    id: 'fab-data-null',
    description:
      'a successful fabric adjustment answers data as null (no adjustment details in the envelope)',
    family: 'fabric',
    catches: ['FAB-ADJ-ENVELOPE'],
    options: {
      handlers: {
        adjustMemberPoints: with200Body('adjustMemberPoints', (body) => ({ ...body, data: null })),
      },
    },
  },
  {
    id: 'upp-mobile-only-under-dual',
    description:
      'in an org with dual eligibility (strict) the unlock finds customers by mobile only: externalId, id, cuid and primaryUserId give 8015 alone and beside mobile in a list, so a lone secondary refused as the balance page does hides a lookup that never finds anyone (lenient, dual eligibility off, is the reference)',
    family: 'promised-points',
    catches: ['CAP-UPP-IDENTIFIER-NAMES'],
    enforcedTwice:
      "the spec's enum refuses an identifier list before any handler; the fault reads lists (as a dual-eligibility lookup does) and answers 8015 to them too",
    options: {
      hooks: {
        validate: identifierLists(
          'unlockPromisedPoints',
          new Set(['mobile', 'id', 'externalId', 'cuid', 'primaryUserId']),
        ),
      },
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) =>
            DATASET.orgs.find((o) => o.id === context.principal)?.dualEligibility.enabled === true &&
            queryValue(context.query, 'type') !== 'USERGROUP2' &&
            queryValue(context.query, 'identifierName') !== 'mobile',
          8015,
          'Customer not found for the given identifiers',
        ),
      },
    },
  },
  {
    id: 'bal-top-level-promised-all-delayed',
    description:
      "the balance repeats its promised figures at the top level (the flat table's reading) but books every promised point there as delayed accrual: top-level delayedAccrualPoints is delayed plus external, externalTriggerBasedPoints 0, while promisedPointsBreakup is right",
    family: 'balance',
    catches: ['CAP-BAL-PROMISED-BREAKUP'],
    options: {
      handlers: {
        getPointsBalance: with200Body('getPointsBalance', (body) => {
          const breakup = bodyRecord(body.promisedPointsBreakup);
          return {
            ...body,
            delayedAccrualPoints:
              Number(breakup.delayedAccrualPoints) + Number(breakup.externalTriggerBasedPoints),
            externalTriggerBasedPoints: 0,
          };
        }),
      },
    },
  },
  {
    id: 'npa-ref-type-last-value-refused',
    description:
      'pointsAwardedRefType customer_promotions, the last value the document lists, is refused with 9975 (bill_regular and the others are accepted)',
    family: 'input-validation',
    catches: ['CAP-NPA-REFTYPE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingRefType('customer_promotions'),
      },
    },
  },
  {
    id: 'upp-lines-name-internal-bill-id',
    description:
      "the unlock answer's pointsUnlocked lines carry the bill's internal id as billNumber instead of the bill number the request named (the points move as documented)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-BILL'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.billNumber === undefined
            ? line
            : { ...line, billNumber: `internal-${String(line.billNumber)}` },
        ),
      },
    },
  },
  {
    id: 'upp-lines-name-internal-program-key',
    description:
      "the unlock answer's pointsUnlocked lines carry an internal key of the program (its id + 100000) as programId instead of the program's id (the points move as documented)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROGRAM'],
    options: {
      handlers: {
        unlockPromisedPoints: internalProgramKeyWhen(() => true),
      },
    },
  },
  {
    id: 'upp-promotion-line-without-id',
    description:
      'the unlock answer\'s promotion lines carry only the promotionName: neither promotionIdentifier ("Required if promotionId is not provided") nor promotionId (the points move as documented)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROMOTION'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines(
          ({ promotionIdentifier: _identifier, promotionId: _id, ...line }) => line,
        ),
      },
    },
  },
  {
    id: 'upp-promotion-line-ids-empty',
    description:
      'the unlock answer\'s promotion lines carry promotionIdentifier "" and promotionId null beside the promotionName, as a serializer writes fields it has no value for',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROMOTION'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.promotionName === undefined ? line : { ...line, promotionIdentifier: '', promotionId: null },
        ),
      },
    },
  },
  {
    id: 'upp-lines-program-name-as-id',
    description:
      'the unlock answer\'s pointsUnlocked lines carry the program\'s name ("program-469") as programId: no id at all (the points move as documented)',
    family: 'promised-points',
    catches: ['GEN-BODY-SCHEMA'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) => ({
          ...line,
          programId: `program-${String(line.programId)}`,
        })),
      },
    },
  },
  {
    id: 'fab-unknown-member-falls-back',
    description:
      "an adjustment for a profileId no member has is applied to the tenant's first member (a lookup that falls back to a default member) and answered 200",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: {
      createLedger: unknownMemberTakenAsFirst(() => true),
    },
  },
  {
    id: 'npa-zero-amount-generic-code',
    description:
      'a zero (or negative) pointsToBeAdjusted is refused with the generic validation code 400 instead of 8888 (the refusal and its lack of side effect hold)',
    family: 'input-validation',
    catches: ['CAP-NPA-8888'],
    options: {
      hooks: {
        reply: remappingCodes('negativePointsAdjustment', (code) => (code === 8888 ? 400 : code)),
      },
    },
  },
  {
    id: 'npa-ref-type-unchecked',
    description:
      'a pointsAwardedRefType outside the documented list is accepted (the deduction goes through as if it carried none) instead of failing with 9975',
    family: 'input-validation',
    catches: ['CAP-NPA-9975'],
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsAwardedRefType'),
      },
    },
  },
  {
    id: 'upp-numeric-bill-number-missing',
    description:
      'the unlock reads billNumber only as a string: the all-digit number the example sends is taken for no bill number (82323271) instead of reaching the bill lookup',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-NUMBER-TYPES'],
    options: numericBillNumberMissingWhen(() => true),
  },
  {
    id: 'upp-bill-date-needs-time',
    description:
      'the unlock refuses a billDate without a time of day ("2022-02-12", the date the example sends) as a validation error: it parses only "yyyy-MM-dd HH:mm:ss"',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const billDate = bodyRecord(context.body).billDate;
          return billDate !== undefined && !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(String(billDate))
            ? capillaryError(400, 'billDate must be yyyy-MM-dd HH:mm:ss')
            : HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  {
    id: 'upp-source-list-of-the-deduction',
    description:
      "the unlock checks source against the deduction's list (which has no MOBILE_APP): an unlock from MOBILE_APP, a source the unlock page lists, is refused with 8003",
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-VALUES'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => queryValue(context.query, 'source') === 'MOBILE_APP',
          8003,
          'Invalid source',
        ),
      },
    },
  },
  {
    id: 'fab-pending-by-default',
    description:
      'an adjustment without setToPending leaves its points pending (the flag read as true when absent; the document gives false as its default)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING-DEFAULT'],
    options: {
      handlers: {
        adjustMemberPoints: withRequest('adjustMemberPoints', (context) => {
          const body = bodyRecord(context.body);
          return 'setToPending' in body ? context : { ...context, body: { ...body, setToPending: true } };
        }),
      },
    },
  },
  {
    id: 'bal-entity-left-out',
    description:
      "a balance answer leaves out entityId (the customer's ID the response table lists first): a lookup with several identifiers no longer says which customer it resolved to",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-ENTITY'],
    options: {
      hooks: {
        reply: (operationId, reply) => {
          if (operationId !== 'getPointsBalance' || reply.status !== 200) return reply;
          const { entityId: _left, ...body } = bodyRecord(reply.body);
          return { ...reply, body };
        },
      },
    },
  },

  // --- conditional faults: a rule kept in the common case, broken under one condition ---
  {
    id: 'npa-8907-default-program-only',
    description:
      'with negative balance off, 8907 guards only the default program: a deduction with programId naming another program overdraws it',
    family: 'negative-balance',
    catches: ['CAP-NPA-8907'],
    options: {
      createLedger: deductingDespite(
        8907,
        'success',
        (dataset, orgId, request) =>
          request.programId !== undefined && request.programId !== orgOf(dataset, orgId).defaultProgramId,
      ),
    },
  },
  {
    id: 'npa-8907-as-8906-with-decimals',
    description:
      'a deduction above the balance whose amount has decimals (within the round decimals) is refused with 8906 instead of 8907',
    family: 'negative-balance',
    catches: ['CAP-NPA-8907'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const outcome = super.deduct(orgId, request);
            const places = parseAmount(request.pointsToBeAdjusted)?.decimalPlaces ?? 0;
            return !outcome.ok && outcome.code === 8907 && places > 0 ? { ...outcome, code: 8906 } : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-1218-after-deducting',
    description:
      'a deduction in a program the customer is not enrolled in takes the points from the default program, then answers 1218',
    family: 'input-validation',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      createLedger: deductingDespite(
        1218,
        'refusal',
        undefined,
        (dataset, orgId) => orgOf(dataset, orgId).defaultProgramId,
      ),
    },
  },
  {
    id: 'decimals-number-rounded',
    description:
      'an amount sent as a JSON number is rounded to the round decimals and deducted; only a string amount with too many decimals is refused with 8906',
    family: 'decimal-precision',
    catches: ['CAP-NPA-8906'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const amount = request.pointsToBeAdjusted;
            if (typeof amount !== 'number') return super.deduct(orgId, request);
            const programId = programOf(dataset, orgId, request);
            const decimals =
              orgOf(dataset, orgId).programs.find((p) => p.id === programId)?.roundDecimals ?? 0;
            const scale = 10 ** decimals;
            return super.deduct(orgId, {
              ...request,
              pointsToBeAdjusted: Math.round(amount * scale) / scale,
            });
          }
        })(dataset),
    },
  },
  {
    id: 'npa-points-available-default-program',
    description:
      "pointsAvailable of a deduction with programId naming another program reports the default program's balance",
    family: 'decimal-precision',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) => {
          const reply = HANDLERS.negativePointsAdjustment(context);
          const customer = customerOfRequest(context);
          if (reply.status !== 200 || !customer) return reply;
          const shown = customer.main.get(orgOf(DATASET, context.principal).defaultProgramId) ?? 0;
          return { ...reply, body: { ...bodyRecord(reply.body), pointsAvailable: formatFixed(shown, 3) } };
        },
      },
    },
  },
  {
    id: 'npa-8015-as-8013-for-external-id',
    description:
      'an externalId no customer has is answered with 8013 (invalid identifier type) instead of 8015; an unknown mobile still gets 8015',
    family: 'input-validation',
    catches: ['CAP-NPA-8015'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const outcome = super.deduct(orgId, request);
            return !outcome.ok && outcome.code === 8015 && request.identifierName === 'externalId'
              ? apiError(8013, 'Lookup,Invalid identifier passed')
              : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'dual-unknown-primary-falls-back',
    description:
      'under dual eligibility, a list whose primary value names no customer resolves through a secondary identifier of the list instead of failing with 8015',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const found = super.resolveLookup(orgId, identifierName, identifierValue);
            const org = orgOf(dataset, orgId);
            const primary = org.dualEligibility.primaryIdentifier;
            const names = identifierName.split(',').map((n) => n.trim());
            const values = identifierValue.split(',').map((v) => v.trim());
            if (found.ok || names.length < 2 || names.length !== values.length || !names.includes(primary))
              return found;
            for (const [i, name] of names.entries()) {
              const value = primaryValueOf(org, name, values[i] ?? '');
              if (name !== primary && value !== undefined) return super.resolveLookup(orgId, primary, value);
            }
            return found;
          }
        })(dataset),
    },
  },
  {
    id: 'dual-three-identifiers-misaligned',
    description:
      'with three identifiers the values are paired with the names in reverse order (two identifiers pair correctly)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-ORDER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const values = identifierValue.split(',');
            return super.resolveLookup(
              orgId,
              identifierName,
              values.length < 3 ? identifierValue : values.reverse().join(','),
            );
          }
        })(dataset),
    },
  },
  {
    id: 'bal-all-programs-promised-of-default',
    description:
      'fetchDataForAllPrograms=true sums main points over all programs but reports the promised points of the default program only',
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID', 'CAP-BAL-ALL-PROGRAMS-NO-ID'],
    options: { createLedger: allProgramsPromisedOfDefault() },
  },
  {
    id: 'upp-filter-unlocks-again',
    description:
      'an unlock with itemCodes or lineItemIds does not look at what was unlocked before: asking for the same item again unlocks its points a second time',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE'],
    options: {
      createLedger: unlockingAgain(
        (entry, request) =>
          entry.billNumber === request.billNumber &&
          ((entry.lineItemId !== undefined && request.lineItemIds?.includes(entry.lineItemId)) ||
            (entry.itemCode !== undefined && request.itemCodes?.includes(entry.itemCode)) ||
            false),
      ),
    },
  },
  {
    id: 'upp-once-per-identifier-type',
    description:
      'the once-only mark is kept per identifier type: a bill unlocked with the customer named by mobile unlocks again when the customer is named by externalId or id',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE'],
    options: {
      createLedger: (dataset) => {
        const unlockedBy = new Map<string, string>();
        return new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            const key = `${orgId}/${request.billNumber}`;
            const first = unlockedBy.get(key);
            const found = this.resolveLookup(orgId, request.identifierName, request.identifierValue);
            if (first !== undefined && first !== request.identifierName && found.ok)
              for (const entry of found.value.promised)
                if (entry.billNumber === request.billNumber) entry.unlocked = false;
            const outcome = super.unlock(orgId, request);
            if (outcome.ok && first === undefined) unlockedBy.set(key, request.identifierName);
            return outcome;
          }
        })(dataset);
      },
    },
  },
  {
    id: 'upp-3918-after-unlocking',
    description:
      'an unlock with an eventLogId that names no event log unlocks the bill, then answers 3918 (later unlocks find it already unlocked)',
    family: 'promised-points',
    catches: ['CAP-UPP-NO-SIDE-EFFECT'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            const outcome = super.unlock(orgId, request);
            if (!outcome.ok && outcome.code === 3918) super.unlock(orgId, { ...request, eventLogIds: [] });
            return outcome;
          }
        })(dataset),
    },
  },

  // --- accepted but not applied: a success whose points never move, under one optional field ---
  {
    id: 'npa-other-source-not-applied',
    description:
      'a deduction with a listed source other than INSTORE is answered with success and a lowered pointsAvailable, but the balance never moves',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: movingNothingWhen((c) => queryValue(c.query, 'source') !== 'INSTORE'),
      },
    },
  },
  {
    id: 'npa-without-program-not-applied',
    description:
      'a deduction without the optional programId is answered with success but deducts nothing (the default program is never charged)',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: movingNothingWhen((c) => bodyRecord(c.body).programId === undefined),
      },
    },
  },
  {
    id: 'npa-promotion-not-applied',
    description:
      'a deduction tied to a known promotion or points award is answered with success but deducts nothing',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: movingNothingWhen((c) => {
          const body = bodyRecord(c.body);
          return ['promotionId', 'promotionIdentifier', 'pointsAwardedId'].some((field) => field in body);
        }),
      },
    },
  },
  {
    id: 'upp-event-log-not-applied',
    description:
      "an unlock that names the bill's eventLogId answers its lines and marks them unlocked, but moves no points into main points",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: { createLedger: unlockMovingNothingWhen((request) => request.eventLogIds.length > 0) },
  },

  // --- round two: conditional faults ---
  {
    id: 'upp-moved-to-default',
    description:
      "an unlock of promised points of a program other than the org's default credits them to the default program's main points (the answer's line still names their own program)",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: { createLedger: unlockRebooking(creditingDefault) },
  },
  {
    id: 'upp-type-customer-refused',
    description:
      'an unlock with type=CUSTOMER given explicitly (the documented default) is refused with 82323276 entity type invalid; without type it succeeds',
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (c) => queryValue(c.query, 'type') === 'CUSTOMER',
          82323276,
          'Entity type invalid.',
        ),
      },
    },
  },
  {
    id: 'npa-exact-fractional-balance-refused',
    description:
      'deducting exactly the balance is refused with 8907 when the balance has decimals (a whole balance deducts to zero)',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: { createLedger: refusingExactBalance((available) => available % ONE_POINT !== 0) },
  },
  {
    id: 'fab-bonus-points-not-applied',
    description:
      "a fabric adjustment with pointType Bonus or Promotional is answered as added, but the member's points never move (Base points do)",
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: {
      handlers: {
        adjustMemberPoints: adjustmentUndoneWhen((body) =>
          ['Bonus', 'Promotional'].includes(String(body.pointType)),
        ),
      },
    },
  },
  {
    id: 'fab-null-fields-not-applied',
    description:
      'a fabric adjustment with pointType, billingEntity or reasonCode sent as null is answered as added, but moves no points',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: adjustmentUndoneWhen((body) =>
          ['pointType', 'billingEntity', 'reasonCode'].some((field) => body[field] === null),
        ),
      },
    },
  },
  {
    id: 'auth-oauth-refused-on-deduction',
    description:
      'an OAuth token is accepted for balance reads and unlocks but refused (401) on negativePointsAdjustment',
    family: 'authentication',
    catches: ['CAP-AUTH-OAUTH'],
    options: {
      hooks: {
        authenticate: (operationId, result, headers) =>
          operationId === 'negativePointsAdjustment' && headers['x-cap-api-oauth-token']
            ? { ok: false, reason: 'tokens are not supported here' }
            : result,
      },
    },
  },
  {
    id: 'fab-decimal-points-truncated',
    description:
      'a fabric adjustment of a fractional number of points (2.5) is answered as adjusted but moves only the whole part',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: { createLedger: (dataset) => new FractionsTruncated(dataset) },
  },
  {
    id: 'fab-deduction-envelope-status-other',
    description:
      'a fabric deduction (negative points) is answered HTTP 200 with envelope status 201 (additions carry 200, as the HTTP status)',
    family: 'fabric',
    catches: ['FAB-ADJ-STATUS-MATCHES'],
    options: {
      handlers: {
        adjustMemberPoints: (context) =>
          Number(bodyRecord(context.body).points) < 0
            ? with200Body('adjustMemberPoints', (body) => ({ ...body, status: 201 }))(context)
            : HANDLERS.adjustMemberPoints(context),
      },
    },
  },
  {
    id: 'upp-rounded-to-default-decimals',
    description:
      "an unlock rounds each entry's points to the round decimals of the org's default program (2), not of the entry's own program (973: 3): 12.675 promised points become 12.68 main points",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: unlockRebooking((main, entry, org) => {
        const decimals = org.programs.find((p) => p.id === org.defaultProgramId)?.roundDecimals ?? 2;
        const step = toMicro(1) / 10 ** decimals;
        const rounded = Math.round(entry.points / step) * step;
        main.set(entry.programId, (main.get(entry.programId) ?? 0) - entry.points + rounded);
      }),
    },
  },
  {
    id: 'bal-all-programs-other-id-one-program',
    description:
      "fetchDataForAllPrograms=true with the programId of a program other than the org's default answers that program's balance only (with the default program's id, or none, the sum over all programs)",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            const other =
              query.programId !== undefined && query.programId !== orgOf(dataset, orgId).defaultProgramId;
            return super.balance(orgId, other ? { ...query, fetchDataForAllPrograms: false } : query);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-negative-only-from-positive',
    description:
      "with negative balance on, a deduction may overdraw a positive balance, but is refused with 8907 when the balance is already 0 or below (the document's own example: 0 points, 100 deducted)",
    family: 'negative-balance',
    catches: ['CAP-NPA-NEGATIVE-ALLOWED'],
    options: {
      createLedger: refusing8907When((org, available) => org.allowNegativeBalanceOnReturn && available <= 0),
    },
  },
  {
    id: 'upp-once-in-default-program-only',
    description:
      "the once-only mark is kept for promised points of the org's default program only: a bill whose points lie in another program unlocks them again on every call",
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE'],
    options: {
      createLedger: unlockingAgain(
        (entry, request, org) =>
          entry.billNumber === request.billNumber && entry.programId !== org.defaultProgramId,
      ),
    },
  },
  {
    id: 'dual-primary-first-through-shared-secondary',
    description:
      'several identifiers with the primary listed first resolve through the secondary after it, to the first customer holding it (the secondary first resolves through the primary)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-ORDER'],
    options: {
      createLedger: resolvingThroughSecondary((names, primary) => (names[0] === primary ? 1 : -1)),
    },
  },
  {
    id: 'auth-basic-refused-on-writes',
    description:
      "Basic credentials are accepted for balance reads but refused (401) on unlocks and deductions (seen where Basic is the org's second scheme)",
    family: 'authentication',
    catches: ['CAP-AUTH-BASIC'],
    profile: oauthFirst,
    options: {
      hooks: {
        authenticate: (operationId, result, headers) =>
          operationId !== 'getPointsBalance' && /^basic /i.test(String(headers.authorization ?? ''))
            ? { ok: false, reason: 'Basic is not supported here' }
            : result,
      },
    },
  },
  {
    id: 'bal-all-programs-entity-of-next-customer',
    description:
      "fetchDataForAllPrograms=true answers the right points but the entityId of the org's next customer",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID', 'CAP-BAL-ALL-PROGRAMS-NO-ID'],
    options: {
      createLedger: rewritingAllPrograms((all, org) => {
        const at = org.customers.findIndex((c) => String(c.id) === String(all.entityId));
        return { ...all, entityId: org.customers[(at + 1) % org.customers.length]?.id ?? all.entityId };
      }),
    },
  },
  {
    id: 'fab-billing-entity-refused',
    description: 'a fabric adjustment carrying a (non-empty) billingEntity is refused as invalid',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: {
      handlers: {
        adjustMemberPoints: (context) =>
          typeof bodyRecord(context.body).billingEntity === 'string'
            ? fabricReply(400, 'invalid billingEntity', { billingEntity: 'unknown billing entity' })
            : HANDLERS.adjustMemberPoints(context),
      },
    },
  },
  {
    id: 'npa-race-string-amounts',
    description:
      "deductions with the amount as a string (the example's form) check, await, then write back: parallel ones overdraw; those with a number are atomic",
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-OVERDRAW', 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE'],
    options: {
      handlers: {
        negativePointsAdjustment: racyWhen(
          'negativePointsAdjustment',
          'overwrite',
          (context) => typeof bodyRecord(context.body).pointsToBeAdjusted === 'string',
        ),
      },
    },
  },
  {
    id: 'upp-unknown-item-code-unlocks-bill',
    description:
      'itemCodes that match no line of the bill are ignored: the unlock releases the whole bill instead of 82323282',
    family: 'promised-points',
    catches: ['CAP-UPP-NO-SIDE-EFFECT'],
    options: {
      handlers: {
        unlockPromisedPoints: withRequest('unlockPromisedPoints', (context) => {
          const { itemCodes, ...body } = bodyRecord(context.body);
          const codes = Array.isArray(itemCodes) ? itemCodes.map(String) : [];
          const known = customerOfRequest(context)?.promised.some(
            (e) => e.billNumber === String(body.billNumber) && codes.includes(String(e.itemCode)),
          );
          // Only item codes (no line item) that name no line of the bill: read as no filter.
          return codes.length === 0 || body.lineItemIds !== undefined || known
            ? context
            : { ...context, body };
        }),
      },
    },
  },
  {
    id: 'fab-500-on-null-points',
    description: 'the fabric adjustment answers 500 instead of a 4xx when points is null',
    family: 'universal',
    catches: ['GEN-NO-5XX'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          operationId === 'adjustMemberPoints' &&
          reply.status >= 400 &&
          bodyRecord(request.body).points === null
            ? fabricReply(500, 'Internal server error', null)
            : reply,
      },
    },
  },
  {
    id: 'upp-source-program-id-refused',
    description:
      "an unlock carrying the table's sourceProgramId (or sourceStoreId) is refused as invalid input instead of reaching the bill",
    family: 'promised-points',
    catches: ['CAP-UPP-TILL-ID-SPELLING'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const body = bodyRecord(context.body);
          return body.sourceProgramId !== undefined || body.sourceStoreId !== undefined
            ? capillaryError(400, 'Invalid request: unexpected source field')
            : HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  // --- state across calls and numbers (hunt 5) ---
  {
    id: 'npa-race-other-identifier',
    description:
      'deductions naming the customer by a non-primary identifier (externalId) check, await, then deduct outside the per-customer lock: mixed with deductions by mobile they overdraw with negative balance off',
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-OVERDRAW'],
    options: {
      handlers: {
        negativePointsAdjustment: racyWhen(
          'negativePointsAdjustment',
          'add',
          (context) => !byPrimaryIdentifier(context),
        ),
      },
    },
  },
  {
    id: 'upp-race-filtered-unlock',
    description:
      "unlocks with lineItemIds or itemCodes await between finding the promised entries and marking them: parallel filtered unlocks of one bill all move its points (whole-bill unlocks are atomic). CAP-UPP-CONCURRENT-ONCE's burst sent no filtered unlock, and its first, whole-bill request settled the bill before a racy one came (fault hunt 67: the second burst's first request is filtered)",
    family: 'concurrency',
    catches: ['CAP-UPP-MOVE', 'CAP-UPP-CONCURRENT-ONCE'],
    options: racyUnlockWhen(filteredUnlock),
  },
  {
    id: 'npa-race-other-program-lost-update',
    description:
      "deductions naming a program other than the org's default read the balance, await, then write back: parallel ones lose updates (the default program's are atomic)",
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-LOST-UPDATE'],
    options: {
      handlers: {
        negativePointsAdjustment: racyWhen('negativePointsAdjustment', 'overwrite', (context) => {
          const programId = bodyRecord(context.body).programId;
          return programId !== undefined && programId !== orgOf(DATASET, context.principal).defaultProgramId;
        }),
      },
    },
  },
  {
    id: 'npa-8907-whole-points',
    description:
      'with negative balance off, 8907 compares amount and balance rounded to whole points: a deduction a fraction of a point over the balance succeeds and takes it below zero',
    family: 'negative-balance',
    catches: ['CAP-NPA-8907'],
    options: {
      createLedger: deductingDespite(8907, 'success', (dataset, orgId, request, customer) => {
        const whole = (micro: number) => Math.round(micro / ONE_POINT);
        const available = customer.main.get(programOf(dataset, orgId, request)) ?? 0;
        return whole(parseAmount(request.pointsToBeAdjusted)?.micro ?? 0) <= whole(available);
      }),
    },
  },
  {
    id: 'bal-multi-identifier-cached',
    description:
      'a balance looked up by several identifiers (dual eligibility) is cached at its first read: deductions made since do not show, while the primary alone shows them',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #cache = new Map<string, Outcome<Balance>>();
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            if (!query.identifierName.includes(',')) return super.balance(orgId, query);
            const key = JSON.stringify([orgId, query]);
            const outcome = this.#cache.get(key) ?? super.balance(orgId, query);
            this.#cache.set(key, outcome);
            return outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'bal-all-programs-stale',
    description:
      'the all-program balance (fetchDataForAllPrograms=true) is cached per customer and refreshed only by deductions from the default program and by unlocks: a deduction naming another program does not show there',
    family: 'ledger-invariants',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      createLedger: cachingBalances({
        cached: (query) => query.fetchDataForAllPrograms === true,
        key: () => '',
        forgets: (dataset, orgId, request, ok) =>
          ok && programOf(dataset, orgId, request) === orgOf(dataset, orgId).defaultProgramId,
        unlocks: true,
      }),
    },
  },
  {
    id: 'npa-other-program-also-default',
    description:
      "a deduction naming a program other than the default is taken from that program and from the default program too: the customer's points over all programs fall by twice the amount",
    family: 'ledger-invariants',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      createLedger: afterDeducting((dataset, orgId, customer, programId, amount) => {
        const defaultId = orgOf(dataset, orgId).defaultProgramId;
        if (programId !== defaultId)
          customer.main.set(defaultId, (customer.main.get(defaultId) ?? 0) - amount);
        return undefined;
      }),
    },
  },
  {
    id: 'upp-secondary-identifiers-move-nothing',
    description:
      'an unlock naming the customer by cuid, primaryUserId or id (served by another lookup path) answers its lines and marks them unlocked, but adds nothing to main points',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: unlockMovingNothingWhen((request) =>
        ['cuid', 'primaryUserId', 'id'].includes(request.identifierName),
      ),
    },
  },
  {
    id: 'upp-cuid-unlock-to-default-program',
    description:
      "an unlock naming the customer by cuid books the bill's promised points into the org's default program, whatever program they lie in",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: unlockRebooking(creditingDefault, (request) => request.identifierName === 'cuid'),
    },
  },
  {
    id: 'upp-repeat-by-other-identifier-empty-200',
    description:
      'an unlock of a bill with nothing left answers 200 with an empty pointsUnlocked list when the customer is named by another identifier than the primary',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE-ERROR'],
    options: {
      createLedger: answeringNothingLeftEmpty((request, org) => request.identifierName !== primaryOf(org)),
    },
  },
  {
    id: 'fab-repeat-adjustment-deduplicated',
    description:
      'a fabric adjustment with the same profileId, points and reasonCode as an earlier one is taken for a retry: answered with the earlier answer, nothing moves',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: {
      handlers: {
        adjustMemberPoints: deduplicatingAdjustments((b) =>
          b.reasonCode ? [b.points, b.reasonCode] : undefined,
        ),
      },
    },
  },
  {
    id: 'fab-deduction-without-reason-ignored',
    description:
      'a fabric deduction without a reasonCode (string | null: optional) answers success and moves nothing',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      handlers: {
        adjustMemberPoints: adjustmentUndoneWhen((body) => Number(body.points) < 0 && !body.reasonCode),
      },
    },
  },
  {
    id: 'fab-repeat-deduction-deduplicated',
    description:
      'a fabric deduction of the same amount for the same member as the adjustment just before it is taken for a retry: answered with the earlier answer, nothing moves',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      handlers: {
        adjustMemberPoints: deduplicatingAdjustments(
          (b) => (Number(b.points) < 0 ? [b.points] : undefined),
          1,
        ),
      },
    },
  },
  {
    id: 'bal-secondary-lookup-zero',
    description:
      'a balance looked up by email or externalId finds the customer but answers a profile without points (zeros), as a lookup by mobile does not',
    family: 'balance',
    catches: ['CAP-BAL-ENTITY'],
    options: {
      createLedger: rewritingBalances((balance, query) =>
        SECONDARY_LOOKUPS.includes(query.identifierName)
          ? { ...balance, mainPoints: 0, delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 }
          : balance,
      ),
    },
  },
  {
    id: 'bal-entity-is-mobile',
    description:
      "a balance looked up by mobile answers the mobile number as entityId (the customer's unique ID is sent by the other lookups)",
    family: 'balance',
    catches: ['CAP-BAL-ENTITY'],
    options: {
      createLedger: rewritingBalances((balance, query) => {
        const at = query.identifierName.split(',').indexOf('mobile');
        return at < 0 ? balance : { ...balance, entityId: Number(query.identifierValue.split(',')[at]) };
      }),
    },
  },
  {
    id: 'bal-secondary-lookup-default-program',
    description:
      'a balance looked up by email or externalId ignores programId and fetchDataForAllPrograms: always the default program',
    family: 'balance',
    catches: ['CAP-BAL-ENTITY'],
    options: {
      createLedger: readingDefaultProgramWhen((query) => SECONDARY_LOOKUPS.includes(query.identifierName)),
    },
  },
  {
    id: 'bal-list-default-program-only',
    description:
      'a balance looked up by several identifiers (dual eligibility) ignores programId and fetchDataForAllPrograms: always the default program',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: { createLedger: readingDefaultProgramWhen((query) => query.identifierName.includes(',')) },
  },
  {
    id: 'upp-bill-found-org-wide',
    description:
      "an unlock of a bill the named customer does not have looks the bill up among the org's other customers and moves its promised points into the named customer's main points",
    family: 'promised-points',
    catches: ['CAP-UPP-82323277', 'CAP-UPP-NO-SIDE-EFFECT'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            const refused = super.unlock(orgId, request);
            const named = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
            const org = orgOf(dataset, orgId);
            const seed = org.customers.find((c) => c.bills?.some((b) => b.billNumber === request.billNumber));
            const ownerValue = seed?.identifiers[primaryOf(org)];
            if (refused.ok || refused.code !== 82323277 || !named || ownerValue === undefined) return refused;
            const owner = customerOf(this, orgId, primaryOf(org), ownerValue);
            const before = new Map(owner?.main);
            const outcome = super.unlock(orgId, {
              ...request,
              identifierName: primaryOf(org),
              identifierValue: ownerValue,
            });
            for (const [program, points] of owner?.main ?? []) {
              const moved = points - (before.get(program) ?? 0);
              owner?.main.set(program, points - moved);
              named.main.set(program, (named.main.get(program) ?? 0) + moved);
            }
            return outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'upp-once-ignored-with-event-log',
    description:
      "an unlock naming the bill's own eventLogId reads the event log's promised points afresh, without the once-only mark: the bill unlocks again",
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE'],
    options: {
      createLedger: unlockingAgain(
        (entry, request) =>
          entry.billNumber === request.billNumber && request.eventLogIds.includes(entry.eventLogId),
      ),
    },
  },
  {
    id: 'upp-once-ignored-with-explicit-type',
    description:
      'an unlock with type=CUSTOMER given explicitly (the documented default) takes a path that ignores the once-only mark: the bill unlocks again',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          if (queryValue(context.query, 'type') === 'CUSTOMER') {
            const billNumber = String(bodyRecord(context.body).billNumber);
            for (const entry of customerOfAnyIdentifier(context)?.promised ?? [])
              if (entry.billNumber === billNumber) entry.unlocked = false;
          }
          return HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  {
    id: 'fab-pending-envelope-status-202',
    description:
      'a fabric addition left pending (setToPending: true) answers HTTP 200 with the envelope status 202 ("accepted"), not the status of the call',
    family: 'fabric',
    catches: ['FAB-ADJ-STATUS-MATCHES'],
    options: {
      handlers: {
        adjustMemberPoints: (context) => {
          const reply = HANDLERS.adjustMemberPoints(context);
          const pending = bodyRecord(context.body).setToPending === true;
          return pending && reply.status === 200
            ? { ...reply, body: { ...bodyRecord(reply.body), status: 202 } }
            : reply;
        },
      },
    },
  },
  {
    id: 'npa-int32-amount-wraps',
    description:
      'an amount is held in a signed 32-bit integer once validated: 2^31 points or more wrap to a negative amount, which passes the balance check and adds points (answered as a success)',
    family: 'negative-balance',
    catches: ['CAP-NPA-8907'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const amount = parseAmount(request.pointsToBeAdjusted);
            if (!amount || Number.isNaN(amount.micro) || amount.micro < 2 ** 31 * ONE_POINT)
              return super.deduct(orgId, request);
            const wrapped = Math.trunc(amount.micro / ONE_POINT) | 0;
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            if (!customer) return super.deduct(orgId, request);
            return chargedRegardless(customer, programOf(dataset, orgId, request), wrapped * ONE_POINT);
          }
        })(dataset),
    },
  },
  {
    id: 'auth-empty-password-accepted',
    description:
      'Basic credentials naming a till with an empty password (`till:`, or the username alone) are accepted as that till',
    family: 'authentication',
    catches: ['CAP-AUTH-WRONG'],
    options: {
      hooks: {
        authenticate: acceptTill((till, basic) => basic === `${till.username}:` || basic === till.username),
      },
    },
  },
  {
    id: 'fab-negative-fraction-floored',
    description: 'a fractional deduction is rounded down before it is applied: points −2.5 deducts 3',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      handlers: {
        adjustMemberPoints: withRequest('adjustMemberPoints', (c) => {
          const b = bodyRecord(c.body);
          return typeof b.points === 'number' && b.points < 0
            ? { ...c, body: { ...b, points: Math.floor(b.points) } }
            : c;
        }),
      },
    },
  },
  {
    id: 'bal-one-program-stale-after-unlock',
    description:
      'one-program balance reads are cached per customer and program and refreshed only by deductions: after an unlock they still show the balance from before it (the read over all programs is fresh)',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: cachingBalances({
        cached: (query) => !query.fetchDataForAllPrograms,
        key: (query) => String(query.programId),
        forgets: () => true,
        unlocks: false,
      }),
    },
  },
  {
    id: 'bal-all-programs-false-read-as-true',
    description:
      'fetchDataForAllPrograms=false is read as true (a non-empty string): a one-program read with programId sums all programs',
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: oneProgramReadSummedWhen(() => true),
  },
  {
    id: 'npa-string-amount-parse-int',
    description:
      'a string pointsToBeAdjusted is read with parseInt: "1.50" deducts 1 (JSON numbers are exact)',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: {
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (c) => {
          const b = bodyRecord(c.body);
          return typeof b.pointsToBeAdjusted === 'string' && /^\s*\d+\.\d*[1-9]/.test(b.pointsToBeAdjusted)
            ? {
                ...c,
                body: { ...b, pointsToBeAdjusted: String(Number.parseInt(b.pointsToBeAdjusted, 10) || 1) },
              }
            : c;
        }),
      },
    },
  },
  {
    id: 'decimals-over-rounded-half-up',
    description:
      'an amount with more decimals than the program keeps is rounded half-up to them and deducted instead of refused with 8906',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const amount = parseAmount(request.pointsToBeAdjusted);
            const program = orgOf(dataset, orgId).programs.find(
              (p) => p.id === programOf(dataset, orgId, request),
            );
            if (!amount || !program || amount.decimalPlaces <= program.roundDecimals)
              return super.deduct(orgId, request);
            const rounded = Number(Number(request.pointsToBeAdjusted).toFixed(program.roundDecimals));
            return super.deduct(orgId, { ...request, pointsToBeAdjusted: rounded });
          }
        })(dataset),
    },
  },
  {
    id: 'upp-credit-floored',
    description:
      'unlocked points are credited in whole points (12.675 credits 12) while the answer lists 12.675',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE', 'CAP-UPP-RESPONSE-SUM'],
    options: {
      createLedger: unlockRebooking((main, entry) => {
        const credited = Math.floor(entry.points / ONE_POINT) * ONE_POINT;
        main.set(entry.programId, (main.get(entry.programId) ?? 0) - entry.points + credited);
      }),
    },
  },
  {
    id: 'bal-errors-answered-200',
    description: 'balance errors (8015) are answered with HTTP 200 and the error envelope',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-8015'],
    options: {
      hooks: {
        reply: (op, reply) =>
          op === 'getPointsBalance' && reply.status === 400 ? { ...reply, status: 200 } : reply,
      },
    },
  },
  {
    id: 'upp-errors-answered-200',
    description: 'unlock errors are answered with HTTP 200 and the error envelope (no pointsUnlocked)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323271', 'CAP-UPP-82323272'],
    options: {
      hooks: {
        reply: (op, reply) =>
          op === 'unlockPromisedPoints' && reply.status === 400 ? { ...reply, status: 200 } : reply,
      },
    },
  },
  {
    id: 'npa-applied-after-window',
    description: `a deduction is acknowledged at once (pointsAvailable agrees) but reaches the balance only ${LATE_APPLY_MS} ms later, past the ${LATE_WINDOW_MS} ms the profile allows reads to lag writes`,
    family: 'negative-balance',
    catches: ['CAP-NPA-ARITHMETIC'],
    // The window is the profile's: a target declaring one is held to it.
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: LATE_WINDOW_MS }) },
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            const before = new Map(customer?.main);
            const outcome = super.deduct(orgId, request);
            if (!outcome.ok || !customer) return outcome;
            const after = new Map(customer.main);
            for (const [program, points] of before) customer.main.set(program, points);
            // Applied late as a move, so that what happened meanwhile stays.
            setTimeout(() => {
              for (const [program, points] of after)
                customer.main.set(
                  program,
                  (customer.main.get(program) ?? 0) + points - (before.get(program) ?? 0),
                );
            }, LATE_APPLY_MS).unref();
            return outcome;
          }
        })(dataset),
    },
  },
  // Eighth fault hunt: the rules it found unjudged (each check added with its fault) ...
  {
    id: 'npa-zero-string-accepted',
    description:
      'a zero amount written as a string ("0") is answered with success and moves nothing, instead of 8888',
    family: 'input-validation',
    catches: ['CAP-NPA-8888'],
    enforcedTwice: "the spec's pattern refuses a zero amount string, then the ledger (8888)",
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (issue) => issue.where === 'body.pointsToBeAdjusted' && /^"[\s0.]*"$/.test(issue.actual),
        ),
      },
      handlers: {
        negativePointsAdjustment: successMovingNothingWhen(
          ({ pointsToBeAdjusted: amount }) => typeof amount === 'string' && parseAmount(amount)?.micro === 0,
        ),
      },
    },
  },
  {
    id: 'npa-negative-string-deducted-as-positive',
    description: 'a negative amount written as a string ("-5") loses its sign: 5 points are deducted',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: "the spec's pattern refuses a negative amount string, then the ledger's amount check",
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (issue) => issue.where === 'body.pointsToBeAdjusted' && /^"\s*-/.test(issue.actual),
        ),
      },
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const amount = request.pointsToBeAdjusted;
            return super.deduct(
              orgId,
              typeof amount === 'string'
                ? { ...request, pointsToBeAdjusted: amount.replace('-', '') }
                : request,
            );
          }
        })(dataset),
    },
  },
  {
    id: 'dual-unknown-secondary-refused',
    description:
      'a list lookup checks every identifier: a secondary value no customer has fails with 8015 though the primary beside it names the customer',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: {
      handlers: {
        getPointsBalance: refusingWhen(
          'getPointsBalance',
          (c) => {
            const names = (queryValue(c.query, 'identifierName') ?? '').split(',');
            const values = (queryValue(c.query, 'identifierValue') ?? '').split(',');
            return (
              names.length > 1 &&
              // Held by some customer of the seed (a secondary two customers share included).
              names.some(
                (name, i) =>
                  !orgOf(DATASET, c.principal).customers.some(
                    (customer) =>
                      (customer.identifiers as Record<string, string | undefined>)[name.trim()] ===
                      values[i]?.trim(),
                  ),
              )
            );
          },
          8015,
          'Customer not found for the given identifiers',
        ),
      },
    },
  },
  {
    id: 'auth-empty-oauth-token-accepted',
    description:
      'an empty X-CAP-API-OAUTH-TOKEN header is let through as the first org (no credential checked)',
    family: 'authentication',
    catches: ['CAP-AUTH-WRONG'],
    options: {
      hooks: {
        authenticate: (_op, result, headers) =>
          !result.ok &&
          headers['x-cap-api-oauth-token'] !== undefined &&
          String(headers['x-cap-api-oauth-token']).trim() === ''
            ? { ok: true, principal: DATASET.orgs[0]!.id, accessGroups: ['Default', 'Points'] }
            : result,
      },
    },
  },
  {
    id: 'auth-fabric-bare-bearer-accepted',
    description: 'a fabric Authorization of the word Bearer without a token is let through as the tenant',
    family: 'authentication',
    catches: ['FAB-AUTH-MISSING'],
    options: {
      hooks: {
        authenticate: (op, result, headers) =>
          !result.ok && op === 'adjustMemberPoints' && /^Bearer\s*$/i.test(headers.authorization ?? '')
            ? { ok: true, principal: DATASET.fabric.tenants[0]!.id, accessGroups: ['Default', 'Points'] }
            : result,
      },
    },
  },
  // ... and, caught as they stood, faults for requirements only one fault had failed.
  {
    id: 'npa-8003-generic-code',
    description: 'a source outside the list is refused with a generic code 400 instead of 8003',
    family: 'input-validation',
    catches: ['CAP-NPA-8003'],
    options: {
      hooks: { reply: remappingCodes('negativePointsAdjustment', (code) => (code === 8003 ? 400 : code)) },
    },
  },
  {
    id: 'npa-source-all-refused',
    description: 'the listed source ALL is refused with 8003',
    family: 'input-validation',
    catches: ['CAP-NPA-SOURCE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (c) => queryValue(c.query, 'source') === 'ALL',
          8003,
          'Invalid source',
        ),
      },
    },
  },
  {
    id: 'npa-reason-limit-off-by-one',
    description: 'a reasonOfReturn of exactly 50 characters is refused (the limit taken as under 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    options: reasonsRefusedWhen((reason) => reason.length === 50, 8882),
  },
  {
    id: 'npa-1218-as-8015',
    description: 'a customer not enrolled in the program is answered 8015 (not found) instead of 1218',
    family: 'input-validation',
    catches: ['CAP-NPA-1218'],
    options: {
      hooks: { reply: remappingCodes('negativePointsAdjustment', (code) => (code === 1218 ? 8015 : code)) },
    },
  },
  {
    id: 'upp-82323276-as-1645',
    description: 'an invalid entity type is answered 1645 (group details) instead of 82323276',
    family: 'promised-points',
    catches: ['CAP-UPP-82323276'],
    options: {
      hooks: { reply: remappingCodes('unlockPromisedPoints', (code) => (code === 82323276 ? 1645 : code)) },
    },
  },
  {
    id: 'upp-1645-as-8015',
    description: 'an unknown USERGROUP2 is answered 8015 (customer not found) instead of 1645',
    family: 'promised-points',
    catches: ['CAP-UPP-1645'],
    options: {
      hooks: { reply: remappingCodes('unlockPromisedPoints', (code) => (code === 1645 ? 8015 : code)) },
    },
  },
  {
    id: 'upp-82323284-as-8015',
    description: 'a missing identifierValue is answered 8015 (customer not found) instead of 82323284',
    family: 'promised-points',
    catches: ['CAP-UPP-82323284'],
    options: {
      hooks: { reply: remappingCodes('unlockPromisedPoints', (code) => (code === 82323284 ? 8015 : code)) },
    },
  },
  {
    id: 'npa-refused-applied-late',
    description: `a deduction above the balance answers 8907 but deducts the points ${REFUSED_APPLY_MS} ms later, within the ${REFUSED_WINDOW_MS} ms the profile allows reads to lag writes`,
    family: 'negative-balance',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    // A declared window must not let a refusal applied late pass: the check reads after it.
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: REFUSED_WINDOW_MS }) },
    options: { createLedger: deductingDespite(8907, 'refusal', undefined, programOf, REFUSED_APPLY_MS) },
  },
  // --- state-specific 5xx and refusals: a fault must not pass for an outage or an expiry ---
  {
    id: 'bal-503-after-deduction',
    description:
      'every balance read of a customer answers 503 once a deduction from it was accepted (a crash on a state)',
    family: 'universal',
    catches: ['GEN-NO-5XX'],
    options: {
      hooks: { reply: unavailableAfter('negativePointsAdjustment', 'getPointsBalance', 503, false) },
    },
  },
  {
    id: 'upp-502-and-reads-after',
    description:
      'every unlock answers 502, and so does every balance read of a customer after an unlock of it',
    family: 'promised-points',
    // Before, its 502s across unlocks and reads stopped the run as an outage (exit 2): every unlock
    // check an error, none failing. Now it is non-conformant by GEN-NO-5XX; the unlock rules its 502s
    // answered are errors (a 502 says the target is down, not how it judges an unlock).
    catches: ['GEN-NO-5XX'],
    options: { hooks: { reply: unavailableAfter('unlockPromisedPoints', 'getPointsBalance', 502, true) } },
  },
  {
    id: 'auth-writes-refused-after-first-deduction',
    description:
      "a till's credentials are refused (401) by every deduction after its first one, reads still accepted (a session bug)",
    family: 'negative-balance',
    catches: ['CAP-NPA-ARITHMETIC'],
    // A getter: each run (each server) starts with no session seen, as a restarted provider would.
    get options(): FaultOptions {
      const deducted = new Set<string>();
      const authenticate = (operationId: OperationId, result: AuthResult, headers: IncomingHttpHeaders) => {
        if (operationId !== 'negativePointsAdjustment' || !result.ok) return result;
        const till = headers.authorization ?? '';
        if (deducted.has(till)) return { ok: false, reason: 'session lost' } as const;
        deducted.add(till);
        return result;
      };
      return { hooks: { authenticate } };
    },
  },
  // Ninth fault hunt: the rules it found unjudged (each check added with its fault) ...
  {
    id: 'npa-external-id-charges-default-program',
    description:
      'a deduction naming the customer by externalId charges the default program whatever programId it names',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            if (request.identifierName !== 'externalId') return super.deduct(orgId, request);
            const { programId: _named, ...rest } = request;
            return super.deduct(orgId, rest);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-refusal-charged-in-all-programs-read',
    description:
      'a deduction refused with 8907 still writes an entry that only the balance over all programs shows',
    family: 'negative-balance',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #charged = new Map<string, number>();
          override deduct(orgId: string, request: DeductionRequest) {
            const outcome = super.deduct(orgId, request);
            const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
            const amount = parseAmount(request.pointsToBeAdjusted);
            if (!outcome.ok && outcome.code === 8907 && customer && amount) {
              const key = `${orgId}/${customer.id}`;
              this.#charged.set(key, (this.#charged.get(key) ?? 0) + amount.micro);
            }
            return outcome;
          }
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            if (!outcome.ok || !query.fetchDataForAllPrograms) return outcome;
            const charged = this.#charged.get(`${orgId}/${outcome.value.entityId}`) ?? 0;
            return { ok: true, value: { ...outcome.value, mainPoints: outcome.value.mainPoints - charged } };
          }
        })(dataset),
    },
  },
  {
    id: 'npa-unknown-promotion-identifier-ignored',
    description:
      'a promotionIdentifier naming no promotion, sent with its programId, is ignored and the deduction applied',
    family: 'input-validation',
    catches: ['CAP-NPA-8874'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const { promotionIdentifier, ...rest } = request;
            const known = (orgOf(dataset, orgId).promotions ?? []).some(
              (p) => p.identifier === promotionIdentifier,
            );
            return super.deduct(orgId, promotionIdentifier === undefined || known ? request : rest);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-points-award-unchecked-with-ref-type',
    description:
      'a pointsAwardedId is not looked up when a pointsAwardedRefType comes with it (8877 only when sent alone)',
    family: 'input-validation',
    catches: ['CAP-NPA-8877'],
    options: {
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (c) => {
          const { pointsAwardedId: _award, ...rest } = bodyRecord(c.body);
          return rest.pointsAwardedRefType === undefined ? c : { ...c, body: rest };
        }),
      },
    },
  },
  // ... and the caught ones added for requirements only one fault had failed.
  {
    id: 'upp-event-log-array-unchecked',
    description:
      "eventLogId sent as the array the table types it is not looked up (3918 only for the example's integer)",
    family: 'promised-points',
    catches: ['CAP-UPP-3918'],
    options: {
      handlers: {
        unlockPromisedPoints: withRequest('unlockPromisedPoints', (c) => {
          const { eventLogId, ...rest } = bodyRecord(c.body);
          return Array.isArray(eventLogId) ? { ...c, body: rest } : c;
        }),
      },
    },
  },
  {
    id: 'bal-explicit-false-without-program-sums-all',
    description:
      'fetchDataForAllPrograms=false without a programId sums all programs (left out, the default program is read)',
    family: 'balance',
    catches: ['CAP-BAL-DEFAULT-PROGRAM'],
    options: {
      handlers: {
        getPointsBalance: withRequest('getPointsBalance', (c) =>
          queryValue(c.query, 'fetchDataForAllPrograms') === 'false' &&
          queryValue(c.query, 'programId') === undefined
            ? { ...c, query: { ...c.query, fetchDataForAllPrograms: 'true' } }
            : c,
        ),
      },
    },
  },
  {
    id: 'dual-agreeing-secondaries-resolved',
    description:
      'a list of secondary identifiers without the primary resolves when each names the same one customer, instead of 8015',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-NO-PRIMARY'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const org = orgOf(dataset, orgId);
            const { enabled, primaryIdentifier } = org.dualEligibility;
            const names = identifierName.split(',').map((n) => n.trim());
            const values = identifierValue.split(',').map((v) => v.trim());
            if (!enabled || names.length < 2 || names.includes(primaryIdentifier))
              return super.resolveLookup(orgId, identifierName, identifierValue);
            const primaries = new Set(names.map((name, i) => primaryValueOf(org, name, values[i] ?? '')));
            const [primary] = primaries;
            return primaries.size === 1 && primary !== undefined
              ? super.resolveLookup(orgId, primaryIdentifier, primary)
              : super.resolveLookup(orgId, identifierName, identifierValue);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-negative-refused-by-external-id',
    description:
      'with negative balance on, a deduction naming the customer by externalId is still refused below zero with 8907',
    family: 'negative-balance',
    catches: ['CAP-NPA-NEGATIVE-ALLOWED'],
    options: {
      createLedger: refusingOverdrawWhen((ledger, dataset, orgId, request) =>
        Boolean(overdrawByExternalId(ledger, dataset, orgId, request)),
      ),
    },
  },
  {
    id: 'npa-8907-unchecked-by-external-id',
    description:
      'with negative balance off, a deduction naming the customer by externalId is not checked against the balance',
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-OVERDRAW'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const overdraw = overdrawByExternalId(this, dataset, orgId, request);
            if (!overdraw) return super.deduct(orgId, request);
            // The reference's own rules on all but the balance: deducted from as much as is asked.
            const { customer, programId, amount, available } = overdraw;
            customer.main.set(programId, amount);
            const outcome = super.deduct(orgId, request);
            customer.main.set(programId, outcome.ok ? available - amount : available);
            return outcome.ok
              ? { ok: true as const, value: { pointsAvailable: formatFixed(available - amount, 3) } }
              : outcome;
          }
        })(dataset),
    },
  },
  // Tenth fault hunt: the two missed candidates whose rules are stated, now judged ...
  {
    id: 'npa-negative-default-program-only',
    description:
      'with negative balance on, only the default program goes below zero: a deduction past the balance of another program named by programId is refused with 8907',
    family: 'negative-balance',
    catches: ['CAP-NPA-NEGATIVE-ALLOWED'],
    options: {
      createLedger: refusingOverdrawWhen((ledger, dataset, orgId, request) => {
        const org = orgOf(dataset, orgId);
        const overdraw = overdrawOf(ledger, dataset, orgId, request);
        return (
          org.allowNegativeBalanceOnReturn &&
          overdraw !== undefined &&
          overdraw.programId !== org.defaultProgramId
        );
      }),
    },
  },
  {
    id: 'fab-billing-entity-pending-by-default',
    description:
      'an addition naming a billingEntity without setToPending goes pending (the documented default, false, holds only for bodies without one)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING-DEFAULT'],
    options: {
      handlers: { adjustMemberPoints: pendingByDefaultWhen((body) => Boolean(body.billingEntity)) },
    },
  },
  // ... and the caught ones added for requirements only one or two faults had failed, several of
  // them seen on the second org only.
  {
    id: 'auth-restricted-deducts-in-second-org',
    description: 'in the lenient org only, credentials without the Points access group can deduct points',
    family: 'authentication',
    catches: ['CAP-AUTH-ACCESS-GROUP'],
    options: {
      hooks: {
        authenticate: (op, result) =>
          result.ok && result.principal === 'lenient' && op === 'negativePointsAdjustment'
            ? { ...result, accessGroups: [...result.accessGroups, 'Points'] }
            : result,
      },
    },
  },
  {
    id: 'bal-program-with-all-programs-one-program-in-second-org',
    description:
      'in the lenient org only, programId beside fetchDataForAllPrograms=true reads the named program alone',
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID'],
    options: {
      handlers: {
        getPointsBalance: withRequest('getPointsBalance', (c) =>
          c.principal === 'lenient' && queryValue(c.query, 'programId') !== undefined
            ? { ...c, query: { ...c.query, fetchDataForAllPrograms: 'false' } }
            : c,
        ),
      },
    },
  },
  {
    id: 'npa-1218-unchecked-in-second-org',
    description:
      'in the lenient org only, a deduction in a program the customer is not enrolled in is charged there instead of 1218',
    family: 'input-validation',
    catches: ['CAP-NPA-1218'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const outcome = super.deduct(orgId, request);
            if (outcome.ok || outcome.code !== 1218 || orgId !== 'lenient') return outcome;
            const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
            const amount = parseAmount(request.pointsToBeAdjusted);
            if (!customer || !amount) return outcome;
            return chargedRegardless(customer, programOf(dataset, orgId, request), amount.micro);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-ledger-third-decimal-dropped',
    description:
      "pointsAvailable is exact, but the ledger books the deduction truncated to 2 decimals (a 3-decimal program's amount seen short on the next read)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: { createLedger: deductionsBookedInCents(Math.trunc) },
  },
  {
    id: 'upp-lines-two-decimals',
    description:
      "unlock lines answered with 2 decimals (12.675 as 12.68) while the program's 12.675 points move",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-SUM'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) => ({
          ...line,
          pointsUnlocked: Number(line.pointsUnlocked).toFixed(2),
        })),
      },
    },
  },
  {
    id: 'upp-3918-answered-200',
    description: 'the unlock answers 3918 (and only that code) with HTTP 200 and the error envelope',
    family: 'promised-points',
    catches: ['CAP-UPP-3918'],
    options: {
      hooks: {
        reply: (op, reply) => {
          const errors = bodyRecord(reply.body).errors;
          const is3918 = Array.isArray(errors) && errors.some((e) => (e as { code?: unknown }).code === 3918);
          return op === 'unlockPromisedPoints' && reply.status >= 400 && is3918
            ? { ...reply, status: 200 }
            : reply;
        },
      },
    },
  },
  // Eleventh fault hunt: the missed candidates whose rules are stated, now judged (fabric
  // deductions and pending additions with the example's fields, parallel unlocks by two
  // identifiers) ...
  {
    id: 'fab-deduction-with-point-type-ignored',
    description:
      "a deduction naming a pointType (the example's body with negative points) is answered as done and takes nothing",
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      handlers: {
        adjustMemberPoints: adjustmentUndoneWhen((body) => Number(body.points) < 0 && body.pointType != null),
      },
    },
  },
  {
    id: 'fab-deduction-with-billing-entity-ignored',
    description:
      'a deduction naming a billingEntity is answered as done and takes nothing (billing entities only credited)',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      handlers: {
        adjustMemberPoints: adjustmentUndoneWhen(
          (body) => Number(body.points) < 0 && body.billingEntity != null,
        ),
      },
    },
  },
  {
    id: 'fab-deduction-explicitly-active-ignored',
    description:
      'a deduction sent with setToPending: false (as the example sends it) is answered as done and takes nothing',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      handlers: {
        adjustMemberPoints: adjustmentUndoneWhen(
          (body) => Number(body.points) < 0 && body.setToPending === false,
        ),
      },
    },
  },
  {
    id: 'fab-pending-ignored-with-billing-entity',
    description: 'an addition naming a billingEntity is made active at once although setToPending is true',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING'],
    options: { handlers: { adjustMemberPoints: pendingIgnoredWhen((body) => body.billingEntity != null) } },
  },
  {
    id: 'fab-pending-ignored-with-point-type',
    description: 'an addition naming a pointType is made active at once although setToPending is true',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING'],
    options: { handlers: { adjustMemberPoints: pendingIgnoredWhen((body) => body.pointType != null) } },
  },
  {
    id: 'upp-race-other-identifier',
    description:
      'unlocks naming the customer by an identifier other than the primary check the bill, then mark it unlocked after an await: one racing an unlock by the primary unlocks the bill a second time',
    family: 'concurrency',
    catches: ['CAP-UPP-CONCURRENT-ONCE'],
    options: racyUnlockWhen((context) => !byPrimaryIdentifier(context)),
  },
  // ... and the caught ones added for requirements only two faults had failed.
  {
    id: 'auth-oauth-refused-on-unlock',
    description: 'an OAuth token is refused (401) on unlocks only; Basic credentials unlock',
    family: 'authentication',
    catches: ['CAP-AUTH-OAUTH'],
    options: {
      hooks: {
        authenticate: (op, result, headers) =>
          op === 'unlockPromisedPoints' && typeof headers['x-cap-api-oauth-token'] === 'string'
            ? { ok: false, reason: 'OAuth tokens are not accepted here' }
            : result,
      },
    },
  },
  {
    id: 'fab-reason-code-pending-by-default',
    description:
      'an addition naming a reasonCode without setToPending goes pending (the documented default, false, holds only for bodies without one)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING-DEFAULT'],
    options: { handlers: { adjustMemberPoints: pendingByDefaultWhen((body) => body.reasonCode != null) } },
  },
  {
    id: 'fab-declared-reason-code-refused',
    description:
      'a fabric adjustment naming a reasonCode is refused with 400 and moves nothing, though the profile names that code as one the tenant knows (fabric.fixtures.member.reasonCode): without the profile field it would only warn, a tenant may know only its own codes',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    profile: declaringMember({ reasonCode: '7502' }),
    options: { handlers: { adjustMemberPoints: refusingFabricField('reasonCode') } },
  },

  // --- twelfth fault hunt: the balance page, optional deduction fields, state between requests ---
  // The missed ones whose rule is stated, now judged...
  {
    id: 'upp-bill-found-by-event-log',
    description:
      "an unlock without billNumber but naming a bill's own eventLogId unlocks that bill instead of failing with 82323271 (the event log stands in for the bill number)",
    family: 'promised-points',
    catches: ['CAP-UPP-82323271'],
    enforcedTwice: 'the spec requires billNumber (82323271), and the handler reads it',
    options: {
      hooks: { validate: dropIssues('unlockPromisedPoints', (issue) => issue.where.includes('billNumber')) },
      handlers: {
        unlockPromisedPoints: (context) => {
          const body = bodyRecord(context.body);
          if (body.billNumber !== undefined) return HANDLERS.unlockPromisedPoints(context);
          const logs = [body.eventLogId].flat().map(Number);
          const entry = customerOfAnyIdentifier(context)?.promised.find((e) => logs.includes(e.eventLogId));
          return entry
            ? HANDLERS.unlockPromisedPoints({ ...context, body: { ...body, billNumber: entry.billNumber } })
            : capillaryError(82323271, 'Bill number missing.');
        },
      },
    },
  },
  {
    id: 'bal-top-level-promised-stale',
    description:
      "the balance repeats its promised figures at the top level (the flat table's reading) from the first read of the customer with the same programId and fetchDataForAllPrograms: after an unlock they disagree with promisedPointsBreakup",
    family: 'balance',
    catches: ['CAP-BAL-PROMISED-BREAKUP'],
    options: { handlers: { getPointsBalance: topLevelPromisedFromFirstRead() } },
  },
  {
    id: 'npa-promotion-id-moves-nothing',
    description:
      'a deduction naming a known promotion by promotionId (with its programId) succeeds and moves nothing; by promotionIdentifier it takes its points',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: movingNothingWhen(
          (context) => bodyRecord(context.body).promotionId !== undefined,
        ),
      },
    },
  },
  // ... and the caught ones added for requirements only one or two faults had failed.
  {
    id: 'dual-list-entity-of-secondary-holder',
    description:
      'a list lookup answers the balance of the customer its primary names but the entityId of the first customer holding its secondary value',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-PROFILE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            const names = query.identifierName.split(',');
            const org = orgOf(dataset, orgId);
            const at = names.findIndex((n) => n !== org.dualEligibility.primaryIdentifier);
            const value = query.identifierValue.split(',')[at];
            const holder = org.customers.find(
              (c) => (c.identifiers as Record<string, string | undefined>)[names[at] ?? ''] === value,
            );
            return outcome.ok && names.length > 1 && holder
              ? { ok: true, value: { ...outcome.value, entityId: holder.id } }
              : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'dual-no-primary-8013',
    description:
      'a list of identifiers without the primary is answered 8013 (invalid identifier) instead of 8015',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-NO-PRIMARY'],
    options: { hooks: { reply: balance8015As8013When((names) => names.includes(',')) } },
  },
  {
    id: 'dual-lone-secondary-8013',
    description:
      'under dual eligibility a lone identifier other than mobile is answered 8013 (invalid identifier) instead of 8015',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
    options: {
      hooks: { reply: balance8015As8013When((names) => !names.includes(',') && names !== 'mobile') },
    },
  },
  {
    id: 'npa-unknown-external-id-8013',
    description: 'a deduction naming an externalId no customer has is answered 8013 instead of 8015',
    family: 'input-validation',
    catches: ['CAP-NPA-8015'],
    options: {
      hooks: {
        reply: (op, reply, request) =>
          op === 'negativePointsAdjustment' && queryValue(request.query, 'identifierName') === 'externalId'
            ? mapCodes(reply, (code) => (code === 8015 ? 8013 : code))
            : reply,
      },
    },
  },
  {
    id: 'npa-decimals-of-previous-program',
    description:
      "8906 is judged against the round decimals of the program of the customer's previous successful deduction, not the program named",
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN', 'CAP-NPA-DECIMALS-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #previous = new Map<Customer, number>();
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            const previous = customer && this.#previous.get(customer);
            const decimals = orgOf(dataset, orgId).programs.find((p) => p.id === previous)?.roundDecimals;
            const places = parseAmount(request.pointsToBeAdjusted)?.decimalPlaces ?? 0;
            const programId = programOf(dataset, orgId, request);
            if (decimals !== undefined && customer?.programs.has(programId) && places > decimals)
              return apiError(
                8906,
                `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${programId}`,
              );
            const outcome = super.deduct(orgId, request);
            if (outcome.ok && customer) this.#previous.set(customer, programId);
            return outcome;
          }
        })(dataset),
    },
  }, // The balance table's first row with the ids the suite had not sent beside it, now judged.
  {
    id: 'bal-all-programs-with-default-id-one-program',
    description:
      "fetchDataForAllPrograms=true beside the default program's own id reads the default program only (beside another program's id, all programs)",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID'],
    options: {
      createLedger: oneProgramWhenAllWith((query, org) => query.programId === org.defaultProgramId),
    },
  },
  {
    id: 'bal-list-all-programs-with-id-one-program',
    description:
      'a list lookup (dual eligibility) with fetchDataForAllPrograms=true and a programId reads that program only; the primary alone reads all programs',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: oneProgramWhenAllWith(
        (query) => query.identifierName.includes(',') && query.programId !== undefined,
      ),
    },
  },
  // Unlocked points are redeemable: judged since the twelfth fault hunt.
  {
    id: 'npa-unlocked-points-not-redeemable',
    description:
      'with negative balance off, 8907 is judged against main points less what unlocks added to them: unlocked points show in the balance but cannot be deducted yet',
    family: 'concurrency',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #unlocked = new Map<Customer, Map<number, number>>();
          override unlock(orgId: string, request: UnlockRequest) {
            const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
            const before = new Map(customer?.main);
            const outcome = super.unlock(orgId, request);
            if (!outcome.ok || !customer) return outcome;
            const added = this.#unlocked.get(customer) ?? new Map<number, number>();
            for (const [program, points] of customer.main)
              added.set(program, (added.get(program) ?? 0) + points - (before.get(program) ?? 0));
            this.#unlocked.set(customer, added);
            return outcome;
          }
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            const programId = programOf(dataset, orgId, request);
            const added = (customer && this.#unlocked.get(customer)?.get(programId)) ?? 0;
            const amount = parseAmount(request.pointsToBeAdjusted)?.micro ?? 0;
            const spendable = (customer?.main.get(programId) ?? 0) - added;
            return added > 0 && !orgOf(dataset, orgId).allowNegativeBalanceOnReturn && amount > spendable
              ? apiError(8907, 'points to be deducted is greater than available points for program')
              : super.deduct(orgId, request);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-documented-codes-in-framework-422',
    description:
      'every refusal of the deduction, documented codes too (8888, 8906, ...), is answered as a web framework\'s own 422 `{"detail": [...]}` with no envelope and no code: what the suite forgives a refusal of a malformed request the documents give no code for must not hide a documented code',
    family: 'input-validation',
    catches: ['CAP-NPA-8888', 'CAP-NPA-8906'],
    options: {
      hooks: {
        reply: deductionRefusalsAs(asFrameworkRefusal),
      },
    },
  },
  {
    id: 'npa-documented-codes-in-problem-details',
    description:
      "every refusal of the deduction, documented codes too (8888, 8906, ...), is answered as ASP.NET Core's 400 validation problem details (`errors` a map of messages, no code): what the suite forgives a refusal of a malformed request the documents give no code for must not hide a documented code",
    family: 'input-validation',
    catches: ['CAP-NPA-8888', 'CAP-NPA-8906'],
    options: {
      hooks: {
        reply: deductionRefusalsAs(asValidationProblem),
      },
    },
  },
  {
    id: 'upp-declared-source-refused',
    description:
      "an unlock naming sourceTillId, the till field as the page's table spells it, is refused with 82323290 before the bill is looked up (only the example's sourceTilId is taken), though the profile declares the store and till it sends as ones the org knows (fixtures.source): without the profile field it would only warn, a target may refuse the example's store 1122 and till 323",
    family: 'promised-points',
    catches: ['CAP-UPP-TILL-ID-SPELLING'],
    profile: declaringSource({ storeId: 1122, tillId: 323 }),
    options: tableTillRefusedWhen(() => true),
  },
  {
    id: 'fab-declared-point-type-refused',
    description:
      'a fabric adjustment naming a pointType is refused with 400 and moves nothing, though the profile names that point type as one the tenant knows (fabric.fixtures.member.pointType): without the profile field it would only warn, a tenant may name its point types otherwise',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD', 'FAB-ADJ-DEDUCT', 'FAB-ADJ-PENDING', 'FAB-ADJ-PENDING-DEFAULT'],
    profile: declaringMember({ pointType: 'Base' }),
    options: { handlers: { adjustMemberPoints: refusingFabricField('pointType') } },
  },
  // --- thirteenth fault hunt ---
  {
    id: 'npa-available-sign-lost-below-one',
    description:
      'pointsAvailable between -1 and 0 loses its sign ("-0.500" answered "0.500": the whole part formatted as -0, which prints as 0)',
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', (body) => ({
          ...body,
          pointsAvailable: String(body.pointsAvailable).replace(/^-0\./, '0.'),
        })),
      },
    },
  },
  {
    id: 'bal-sign-lost-below-one',
    description:
      'a balance between -1 and 0 is read without its sign (-0.5 read as 0.5): the same -0 formatting on the balance page',
    family: 'negative-balance',
    catches: ['CAP-NPA-NEGATIVE-ALLOWED'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            const main = outcome.ok ? outcome.value.mainPoints : 0;
            return outcome.ok && main < 0 && main > -ONE_POINT
              ? { ok: true, value: { ...outcome.value, mainPoints: -main } }
              : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-overdraw-from-zero',
    description:
      'with negative balance off, a balance of exactly 0 is not checked (`if (available && amount > available)`): 1 point more takes the customer below zero',
    family: 'negative-balance',
    catches: ['CAP-NPA-8907', 'CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const overdraw = overdrawOf(this, dataset, orgId, request);
            return overdraw && overdraw.available === 0
              ? chargedRegardless(overdraw.customer, overdraw.programId, overdraw.amount)
              : super.deduct(orgId, request);
          }
        })(dataset),
    },
  },
  {
    id: 'auth-access-group-cached-after-first',
    description:
      "the access groups are checked on the credentials' first request only: the Authorization header is then cached as authorised for everything, so a till without the Points group deducts from its second attempt on",
    family: 'authentication',
    catches: ['CAP-AUTH-ACCESS-GROUP'],
    // A getter: each run (each server) starts with no credentials seen, as a restarted provider would.
    get options(): FaultOptions {
      const seen = new Set<string>();
      const authenticate = (_operationId: OperationId, result: AuthResult, headers: IncomingHttpHeaders) => {
        if (!result.ok) return result;
        const key = headers.authorization ?? '';
        if (seen.has(key)) return { ...result, accessGroups: ['Default', 'Points'] };
        seen.add(key);
        return result;
      };
      return { hooks: { authenticate } };
    },
  },
  {
    id: 'npa-ref-type-drops-program',
    description:
      'a deduction carrying pointsAwardedRefType drops its programId: the point is taken from the default program',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (context) => {
          const { programId: _dropped, ...body } = bodyRecord(context.body);
          return bodyRecord(context.body).pointsAwardedRefType === undefined ? context : { ...context, body };
        }),
      },
    },
  },
  {
    id: 'npa-documented-codes-with-codeless-errors',
    description:
      'every refusal of the deduction, documented codes too (8888, 8906, ...), is answered 400 with `{"errors": null, "message": ...}`: what the suite forgives a refusal of a malformed request the documents give no code for (errors null, empty or only messages) must not hide a documented code',
    family: 'input-validation',
    catches: ['CAP-NPA-8888', 'CAP-NPA-8906'],
    options: { hooks: { reply: deductionRefusalsAs(asCodelessErrors('null')) } },
  },
  {
    id: 'npa-refusal-consumes-promised',
    description:
      "a deduction refused after the customer was found (8877, 8907, 1218, ...) moves no main points but uses up the customer's first promised entry not yet unlocked (it no longer counts as promised and never reaches main points): a refused deduction must leave every balance as it was",
    family: 'ledger-invariants',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      createLedger: consumingPromisedOnDeduction(
        (ok) => !ok,
        (customer) => customer.promised.filter((e) => !e.unlocked).slice(0, 1),
      ),
    },
  },
  {
    id: 'npa-refusal-by-external-id-consumes-promised',
    description:
      "a deduction naming the customer by externalId and refused after the customer was found (8877, 8907, ...) uses up all the customer's promised points not yet unlocked (by mobile, a refusal leaves them): a refused deduction must leave every balance as it was, whatever identifier names the customer",
    family: 'ledger-invariants',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      createLedger: consumingPromisedOnDeduction(
        (ok, request) => !ok && request.identifierName === 'externalId',
        (customer) => customer.promised,
      ),
    },
  },
  {
    id: 'npa-deduction-consumes-promised',
    description:
      'a successful deduction takes the amount from main points and also uses up the promised entries of the program it charged (they stop counting as promised, and no unlock moves them): a deduction takes main points only, promised points stay until unlocked',
    family: 'ledger-invariants',
    catches: ['CAP-BAL-TOTAL'],
    options: {
      createLedger: consumingPromisedOnDeduction(
        (ok) => ok,
        (customer, programId) => customer.promised.filter((e) => e.programId === programId),
      ),
    },
  },
  {
    id: 'npa-charges-shared-secondary-holder',
    description:
      'a successful deduction is also charged to every other customer holding the same email (as a target keying accounts by a secondary identifier would): the page deducts from the customer the request names',
    family: 'ledger-invariants',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      createLedger: chargingOthersToo(
        (customer, other) =>
          customer.identifiers.get('email') !== undefined &&
          other.identifiers.get('email') === customer.identifiers.get('email'),
      ),
    },
  },
  {
    id: 'npa-charges-next-customer',
    description:
      'a successful deduction is also charged to the customer with the next id (an off-by-one record index): the page deducts from the customer the request names',
    family: 'ledger-invariants',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: { createLedger: chargingOthersToo((customer, other) => other.id === customer.id + 1) },
  },
  {
    id: 'upp-event-name-refusal-uses-up-bill',
    description:
      "an unlock refused with 82323272 (an eventName the bill does not have) moves nothing but marks the bill's promised points unlocked: they leave the promised figures, never reach main points, and the bill's real unlock later answers 82323282 as if unlocked before",
    family: 'promised-points',
    catches: ['CAP-UPP-NO-SIDE-EFFECT'],
    options: { createLedger: usingUpBillOnRefusal(82323272) },
  },
  {
    id: 'npa-external-id-also-charges-default',
    description:
      'a successful deduction naming the customer by externalId in a program other than the default takes the amount from that program and again from the default one (by mobile, only from the program named): the page deducts the amount once, from the program named',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      createLedger: afterDeduction(({ ok, request, customer, micro, programId, org }) => {
        const home = org.defaultProgramId;
        if (ok && request.identifierName === 'externalId' && programId !== home)
          customer.main.set(home, (customer.main.get(home) ?? 0) - micro);
      }),
    },
  },
  // Fault hunt 15: decimals of any amount, lists whose values name other customers, one entityId.
  {
    id: 'decimals-rounded-to-storage-scale-first',
    description:
      'an amount is rounded to 4 decimals (the scale the target stores) before its decimals are counted: 1.000001 in a 3-decimal program is deducted as 1 instead of refused with 8906',
    family: 'decimal-precision',
    catches: ['CAP-NPA-8906'],
    options: {
      createLedger: deductingAmountsWith(({ request, amount, deduct }) => {
        if (Number.isNaN(amount.micro) || amount.decimalPlaces <= STORAGE_DECIMALS) return undefined;
        const step = ONE_POINT / 10 ** STORAGE_DECIMALS;
        const stored = formatFixed(Math.round(amount.micro / step) * step, STORAGE_DECIMALS);
        return deduct({ ...request, pointsToBeAdjusted: stored });
      }),
    },
  },
  {
    id: 'decimals-below-one-point-unchecked',
    description:
      "an amount below one point is never checked against the program's round decimals: 0.001 is deducted from a 2-decimal program instead of refused with 8906",
    family: 'decimal-precision',
    catches: ['CAP-NPA-8906'],
    options: {
      createLedger: deductingAmountsWith(({ dataset, ledger, orgId, request, amount }) => {
        const customer = customerNamedBy(ledger, orgId, request.identifierName, request.identifierValue);
        const programId = programOf(dataset, orgId, request);
        const below = amount.micro > 0 && amount.micro < ONE_POINT;
        return below && customer?.programs.has(programId)
          ? chargedRegardless(customer, programId, amount.micro)
          : undefined;
      }),
    },
  },
  {
    id: 'dual-unique-secondary-wins',
    description:
      "a list lookup resolves through its first non-primary value that names exactly one customer, the primary's value only where none does: beside the customer's primary, another customer's own externalId gives that other customer",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: resolvingListsWith(({ org, pairs, primary, resolve }) => {
        const named = pairs.find(([name, value]) => name !== primary && primaryValueOf(org, name, value));
        return named && resolve(primaryValueOf(org, named[0], named[1]) ?? '');
      }),
    },
  },
  {
    id: 'dual-disagreeing-values-refused',
    description:
      "a list lookup whose non-primary value names another single customer than its primary is refused with 8015 (the values must agree): the page uses the primary's value and returns that customer",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: resolvingListsWith(({ org, pairs, primary }) => {
        const primaryValue = pairs.find(([name]) => name === primary)?.[1];
        const other = pairs.some(([name, value]) => {
          const owner = name === primary ? undefined : primaryValueOf(org, name, value);
          return owner !== undefined && owner !== primaryValue;
        });
        return other ? apiError(8015, 'Customer not found for the given identifiers') : undefined;
      }),
    },
  },
  {
    id: 'dual-primary-between-refused',
    description:
      'a list lookup finds the primary identifier only first or last: named between two secondary identifiers, it is refused with 8015 (the page parses all identifiers, in any order)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-ORDER'],
    options: {
      createLedger: resolvingListsWith(({ pairs, primary }) => {
        const at = pairs.findIndex(([name]) => name === primary);
        return at > 0 && at < pairs.length - 1
          ? apiError(8015, 'Customer not found for the given identifiers')
          : undefined;
      }),
    },
  },
  {
    id: 'dual-list-promised-of-secondary-holder',
    description:
      "a list lookup answers the main points and entityId of the customer its primary names but the promised points of the first customer holding its non-primary value (totalPoints follows them): the page returns the primary's customer's balance",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            const org = orgOf(dataset, orgId);
            const primary = org.dualEligibility.primaryIdentifier;
            const names = query.identifierName.split(',');
            const at = names.findIndex((name) => name !== primary);
            const value = query.identifierValue.split(',')[at];
            const holder = org.customers.find(
              (c) => (c.identifiers as Record<string, string | undefined>)[names[at] ?? ''] === value,
            );
            if (!outcome.ok || names.length < 2 || !holder) return outcome;
            const held = super.balance(orgId, {
              ...query,
              identifierName: primary,
              identifierValue: holder.identifiers[primary] ?? '',
            });
            if (!held.ok) return outcome;
            const { delayedAccrualPoints, externalTriggerBasedPoints } = held.value;
            return {
              ok: true,
              value: { ...outcome.value, delayedAccrualPoints, externalTriggerBasedPoints },
            };
          }
        })(dataset),
    },
  },
  {
    id: 'bal-entity-per-program',
    description:
      "a one-program read of a program other than the default answers an entityId of the customer's enrolment in it (id × 1000 + programId), the other reads the customer's id: entityId is the customer's unique ID",
    family: 'balance',
    catches: ['CAP-BAL-ENTITY'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            const { programId } = query;
            const other = programId !== undefined && programId !== orgOf(dataset, orgId).defaultProgramId;
            return outcome.ok && other && !query.fetchDataForAllPrograms
              ? { ok: true, value: { ...outcome.value, entityId: outcome.value.entityId * 1000 + programId } }
              : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'bal-entity-changes-after-deduction',
    description:
      "the balance's entityId carries the number of deductions the customer has had (a record version): it changes after every deduction, where the customer's unique ID does not",
    family: 'balance',
    catches: ['CAP-BAL-ENTITY'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #deductions = new Map<number, number>();
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
            const outcome = super.deduct(orgId, request);
            if (outcome.ok && customer)
              this.#deductions.set(customer.id, (this.#deductions.get(customer.id) ?? 0) + 1);
            return outcome;
          }
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            if (!outcome.ok) return outcome;
            const version = this.#deductions.get(outcome.value.entityId) ?? 0;
            return {
              ok: true,
              value: { ...outcome.value, entityId: outcome.value.entityId * 100 + version },
            };
          }
        })(dataset),
    },
  },
  {
    id: 'bal-all-programs-with-id-one-program-below-zero',
    description:
      'a read over all programs with a programId answers that program alone when its balance is below zero (its debt shown, the other programs left out): the table sums all programs whatever their balances',
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const all = super.balance(orgId, query);
            if (!query.fetchDataForAllPrograms || query.programId === undefined) return all;
            const program = super.balance(orgId, { ...query, fetchDataForAllPrograms: false });
            return program.ok && program.value.mainPoints < 0 ? program : all;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-documented-codes-as-plain-text',
    description:
      'every refusal of the deduction, documented codes too (8888, 8906, ...), is answered as a framework\'s plain-text message (422 text/plain, "Failed to deserialize the JSON body…: <message>", as axum\'s extractors write): what the suite forgives a plain-text refusal of a request the documents give no code for must not hide a documented code',
    family: 'input-validation',
    catches: ['CAP-NPA-8888', 'CAP-NPA-8906'],
    options: {
      hooks: {
        reply: deductionRefusalsAs(asPlainTextRefusal),
      },
    },
  },
  // --- sixteenth fault hunt: caught as they stood, added for requirements with one or two faults ---
  {
    id: 'npa-string-amount-credited',
    description:
      'a pointsToBeAdjusted sent as a string is credited instead of deducted (the string read as a signed adjustment of its opposite sign): the page types it Integer, "-" nowhere, and a string amount deducts as the number does',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: {
      createLedger: deductingAmountsWith(({ request, amount, deduct }) =>
        typeof request.pointsToBeAdjusted === 'string'
          ? deduct({ ...request, pointsToBeAdjusted: -amount.micro / ONE_POINT })
          : undefined,
      ),
    },
  },
  {
    id: 'npa-ref-type-refused-as-plain-text',
    description:
      "a valid deduction naming pointsAwardedRefType is refused with a framework's plain-text 422 and moves nothing: the forgiven plain-text refusal is for requests the documents give no code for, not for valid ones",
    family: 'input-validation',
    catches: ['CAP-NPA-REFTYPE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) =>
          bodyRecord(context.body).pointsAwardedRefType === undefined
            ? HANDLERS.negativePointsAdjustment(context)
            : asPlainTextRefusal(capillaryError(400, 'pointsAwardedRefType not supported')),
      },
    },
  },
  {
    id: 'upp-documented-codes-as-plain-text',
    description:
      "every refusal of the unlock, documented codes too (82323284, 82323277, ...), is answered as a framework's plain-text 422: what the suite forgives a plain-text refusal of a request the documents give no code for must not hide a documented code",
    family: 'promised-points',
    catches: ['CAP-UPP-82323284', 'CAP-UPP-82323277', 'CAP-UPP-SOURCE-VALUES'],
    options: { hooks: { reply: refusalsAs('unlockPromisedPoints', asPlainTextRefusal) } },
  },
  {
    id: 'fab-pending-success-as-text-plain',
    description:
      'a successful fabric adjustment with setToPending true is labelled text/plain (the body is still the JSON envelope): the page answers application/json',
    family: 'universal',
    catches: ['GEN-CONTENT-TYPE'],
    options: {
      hooks: {
        reply: successesAs(
          'adjustMemberPoints',
          (request) => bodyRecord(request.body).setToPending === true,
          labelledPlainText,
        ),
      },
    },
  },
  {
    id: 'npa-string-amount-success-as-text-plain',
    description:
      'a successful deduction whose pointsToBeAdjusted was a string is labelled text/plain (the body is still JSON): only some inputs get the wrong media type',
    family: 'universal',
    catches: ['GEN-CONTENT-TYPE'],
    options: {
      hooks: {
        reply: stringAmountSuccessesAs(labelledPlainText),
      },
    },
  },
  {
    id: 'upp-filtered-unlock-without-lines',
    description:
      'an unlock restricted by lineItemIds answers 200 without pointsUnlocked (the points move): the documented shape only for some inputs',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-NUMERIC'],
    options: {
      hooks: {
        reply: successesAs(
          'unlockPromisedPoints',
          (request) => bodyRecord(request.body).lineItemIds !== undefined,
          (reply) => ({ ...reply, body: { ...bodyRecord(reply.body), pointsUnlocked: undefined } }),
        ),
      },
    },
  },
  {
    id: 'fab-success-with-errors',
    description:
      'a successful fabric adjustment (the points move) answers errors with an error object (code 500, "partial failure") beside its data: a success answered with an error envelope',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD', 'FAB-AUTH-BEARER'],
    options: {
      handlers: {
        adjustMemberPoints: with200Body('adjustMemberPoints', (body) => ({
          ...body,
          errors: { code: '500', message: 'partial failure' },
        })),
      },
    },
  },
  {
    id: 'npa-success-with-errors',
    description:
      'a successful deduction (the points move) answers 200 with its pointsAvailable and an errors list naming 8888: a success answered with an error envelope',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-NUMBER', 'CAP-NPA-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', (body) => ({
          ...body,
          errors: [{ status: false, code: 8888, message: 'failed' }],
        })),
      },
    },
  },
  {
    id: 'upp-deduction-after-unlock-promises-again',
    description:
      "a successful deduction puts the customer's unlocked points of the program it charges back among the promised points (they leave main points): an unlock that holds only until the customer's next deduction",
    family: 'concurrency',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: afterDeduction(({ ok, customer, programId }) => {
        if (!ok) return;
        for (const entry of customer.promised) {
          if (!entry.unlocked || entry.programId !== programId) continue;
          entry.unlocked = false;
          customer.main.set(programId, (customer.main.get(programId) ?? 0) - entry.points);
        }
      }),
    },
  },
  {
    id: 'upp-credits-shared-secondary-holder-too',
    description:
      "an unlock moves the named customer's promised points to its main points and credits them to every other customer with the same email as well: points of the wrong customer",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: unlockCreditingOthers(
        (seed, other) => seed.identifiers.email === other.identifiers.email,
      ),
    },
  },
  {
    id: 'upp-line-item-ids-ignored-without-item-codes',
    description:
      'lineItemIds are read only beside itemCodes: an unlock naming line items alone (one the bill does not have too) unlocks the whole bill',
    family: 'promised-points',
    catches: ['CAP-UPP-82323282'],
    options: {
      handlers: {
        unlockPromisedPoints: withRequest('unlockPromisedPoints', (context) => {
          const { lineItemIds: _ids, ...body } = bodyRecord(context.body);
          return Array.isArray(body.itemCodes) && body.itemCodes.length > 0 ? context : { ...context, body };
        }),
      },
    },
  },
  {
    id: 'upp-repeat-answers-first-lines',
    description:
      'a second unlock of a bill moves nothing but answers 200 with the lines of the unlock that moved its points (a cached answer), not 82323282',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE-ERROR'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #answered = new Map<string, UnlockedLine[]>();
          override unlock(orgId: string, request: UnlockRequest) {
            const outcome = super.unlock(orgId, request);
            const key = `${orgId} ${request.billNumber}`;
            if (outcome.ok) this.#answered.set(key, [...(this.#answered.get(key) ?? []), ...outcome.value]);
            const earlier = this.#answered.get(key);
            return !outcome.ok && outcome.code === 82323282 && earlier
              ? { ok: true as const, value: earlier }
              : outcome;
          }
        })(dataset),
    },
  },
  // --- eighteenth fault hunt ---
  {
    id: 'upp-bill-source-answered-no-bill',
    description:
      'an unlock carrying sourceStoreId or sourceTillId is answered 82323277 (no bill found), also for a bill the target has that was issued at that store and till (the bill looked up under another store): the suite sent the source fields with unknown bills only',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => {
            const body = bodyRecord(context.body);
            return body.sourceStoreId !== undefined || body.sourceTillId !== undefined;
          },
          82323277,
          'No bill found for given bill number.',
        ),
      },
    },
  },
  {
    id: 'upp-till-field-refused-on-real-bill',
    description:
      "an unlock naming sourceTillId, the till field as the page's table spells it, is refused as an unknown field (400, 82323290) whatever the bill, and the profile declares no store of the org (fixtures.source): the refusal of an unknown bill with the example's till only warns, but the bill whose store and till the profile declares (fixtures.bills.secondProgram.source) is refused too",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => bodyRecord(context.body).sourceTillId !== undefined,
          82323290,
          'unknown field sourceTillId',
        ),
      },
    },
  },
  {
    id: 'upp-other-program-unlocked-not-redeemable',
    description:
      "points unlocked into a program other than the org's default stay out of reach of deductions there (8907 beyond what the program held before its unlocks), shown on a dataset where customer 1001 holds nothing in program 973 before its bill B-1001-2 is unlocked there; the default program's unlocked points stay redeemable",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          /** `org customer program` → micro-points unlocked there, out of reach of deductions. */
          readonly #unredeemable = new Map<string, number>();
          override unlock(orgId: string, request: UnlockRequest) {
            const outcome = super.unlock(orgId, request);
            const org = orgOf(dataset, orgId);
            const owner = org.customers.find((c) =>
              c.bills?.some((b) => b.billNumber === request.billNumber),
            );
            if (!outcome.ok || !owner) return outcome;
            for (const line of outcome.value) {
              if (line.programId === org.defaultProgramId) continue;
              const key = `${orgId} ${owner.id} ${line.programId}`;
              this.#unredeemable.set(key, (this.#unredeemable.get(key) ?? 0) + toMicro(line.pointsUnlocked));
            }
            return outcome;
          }
          override deduct(orgId: string, request: DeductionRequest) {
            const { identifierName, identifierValue } = request;
            const programId = programOf(dataset, orgId, request);
            const read = this.balance(orgId, { identifierName, identifierValue, programId });
            const held = read.ok ? this.#unredeemable.get(`${orgId} ${read.value.entityId} ${programId}`) : 0;
            const amount = parseAmount(request.pointsToBeAdjusted);
            if (read.ok && held && amount && amount.micro > read.value.mainPoints - held)
              return apiError(8907, 'Points to be adjusted is higher than the available points balance');
            return super.deduct(orgId, request);
          }
        })({
          ...dataset,
          orgs: dataset.orgs.map((org) => ({
            ...org,
            customers: org.customers.map((c) =>
              c.id === 1001 ? { ...c, mainPoints: { ...c.mainPoints, 973: 0 } } : c,
            ),
          })),
        }),
    },
  },
  // --- eighth variant hunt ---
  {
    id: 'upp-bill-source-forbidden-as-no-bill',
    description:
      'an unlock carrying sourceStoreId or sourceTillId is refused 403 with 82323277 (no bill found), also for the bill issued at that store and till: a 403 naming no documented code warns (the till\'s authorisation, variant unlock-source-store-of-credentials-only), one naming the page\'s "no bill found" for a bill the target has still fails',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const body = bodyRecord(context.body);
          return body.sourceStoreId !== undefined || body.sourceTillId !== undefined
            ? capillaryError(82323277, 'No bill found for given bill number.', 403)
            : HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  // --- ninth variant hunt ---
  {
    id: 'npa-documented-codes-as-names',
    description:
      'every refusal of the deduction, documented codes too (8888, 8906, ...), is answered 400 with error items whose `code` is a name (`{"errors":[{"code":"INVALID_REQUEST","message":…}]}`, as Zod\'s issues or Spring\'s binding errors name their rule): what the suite forgives a refusal the documents give no code for (a named code is no numeric code) must not hide a documented code',
    family: 'input-validation',
    catches: ['CAP-NPA-8888', 'CAP-NPA-8906'],
    options: {
      hooks: {
        reply: deductionRefusalsAs((reply) => ({
          ...reply,
          status: 400,
          body: { errors: [{ code: 'INVALID_REQUEST', message: refusalMessageOf(reply) }] },
        })),
      },
    },
  },
  // --- nineteenth fault hunt: the boundaries of the codeless refusal and the lone 502/503/504 ---
  {
    id: 'npa-documented-codes-as-jsonapi-errors',
    description:
      'every refusal of the deduction, documented codes too (8907, 8888, ...), is answered 400 with JSON:API\'s `{"errors":[{"status":"400","title","detail"}]}`, items naming no code: what the suite forgives a refusal the documents give no code for must not hide a documented code',
    family: 'input-validation',
    catches: ['CAP-NPA-8907', 'CAP-NPA-8888'],
    options: { hooks: { reply: deductionRefusalsAs(asCodelessShape('jsonapi')) } },
  },
  {
    id: 'npa-documented-codes-as-bare-messages',
    description:
      "every refusal of the deduction, documented codes too (8907, 8888, ...), is answered 422 with a bare list of messages (Rails' `errors.full_messages`), no code",
    family: 'input-validation',
    catches: ['CAP-NPA-8907', 'CAP-NPA-8888'],
    options: { hooks: { reply: deductionRefusalsAs(asCodelessShape('messages')) } },
  },
  {
    id: 'upp-documented-codes-as-errors-string',
    description:
      'every refusal of the unlock, documented codes too (82323277, 82323282, ...), is answered 400 with `{"errors": "<message>"}`, one message and no code',
    family: 'promised-points',
    catches: ['CAP-UPP-82323277', 'CAP-UPP-82323282'],
    options: { hooks: { reply: refusalsAs('unlockPromisedPoints', asCodelessShape('string')) } },
  },
  {
    id: 'upp-documented-codes-in-nested-map',
    description:
      "every refusal of the unlock, documented codes too (82323277, 82323282, ...), is answered 422 with an Ecto changeset's nested map of messages (`errors.bill.number`), no code",
    family: 'promised-points',
    catches: ['CAP-UPP-82323277', 'CAP-UPP-82323282'],
    options: { hooks: { reply: refusalsAs('unlockPromisedPoints', asCodelessShape('nested')) } },
  },
  {
    id: 'bal-8015-as-phoenix-not-found',
    description:
      'every refusal of the balance lookup, an unknown customer\'s 8015 too, is answered with Phoenix\'s 404 `{"errors":{"detail":"Not Found"}}`, no code',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-8015', 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
    options: { hooks: { reply: refusalsAs('getPointsBalance', asCodelessShape('phoenix')) } },
  },
  {
    id: 'npa-overdraw-refused-codeless-yet-charged',
    description:
      'a deduction beyond the balance is refused 400 with `{"errors":["insufficient points"]}` (no code) and charged all the same: a codeless refusal must still move nothing',
    family: 'negative-balance',
    catches: ['CAP-NPA-8907', 'CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) => {
          const reply = HANDLERS.negativePointsAdjustment(context);
          const customer = customerOfRequest(context);
          const body = bodyRecord(context.body);
          const amount = parseAmount(body.pointsToBeAdjusted as string | number);
          if (!answersCode(reply, 8907) || !customer || !amount) return reply;
          const program =
            typeof body.programId === 'number'
              ? body.programId
              : orgOf(DATASET, context.principal).defaultProgramId;
          customer.main.set(program, (customer.main.get(program) ?? 0) - amount.micro);
          return { status: 400, body: { errors: ['insufficient points'] } };
        },
      },
    },
  },
  {
    id: 'npa-success-with-codeless-errors-moving-nothing',
    description:
      'a deduction that would succeed is answered 200 with the success body and `errors: ["deduction queued"]` (messages, no code) and moves nothing: a 2xx carrying errors is no success, and the points must move on one',
    family: 'ledger-invariants',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) => {
          const customer = customerOfRequest(context);
          const main = new Map(customer?.main);
          const reply = HANDLERS.negativePointsAdjustment(context);
          if (reply.status !== 200) return reply;
          for (const [program, points] of main) customer?.main.set(program, points);
          return { ...reply, body: { ...bodyRecord(reply.body), errors: ['deduction queued'] } };
        },
      },
    },
  },
  {
    id: 'npa-overdraw-answered-503',
    description:
      'every deduction beyond the balance is answered 503 (no Retry-After) instead of 8907, reads and other deductions answered: the rules it probed are errors, the run is non-conformant (GEN-NO-5XX, exit 1), never an outage (exit 2)',
    family: 'universal',
    catches: ['GEN-NO-5XX'],
    options: {
      hooks: {
        reply: (op, reply) =>
          op === 'negativePointsAdjustment' && answersCode(reply, 8907)
            ? { status: 503, body: { message: 'Service Unavailable' } }
            : reply,
      },
    },
  },
  {
    id: 'npa-double-charged-answered-504',
    description:
      'every accepted deduction is applied twice and answered 504 (the answer lost): the checks citing the 504 are errors, a later read still shows the double charge (CAP-NPA-ARITHMETIC), and GEN-NO-5XX fails',
    family: 'universal',
    catches: ['GEN-NO-5XX', 'CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) => {
          const reply = HANDLERS.negativePointsAdjustment(context);
          if (reply.status !== 200) return reply;
          HANDLERS.negativePointsAdjustment(context);
          return { status: 504, body: { message: 'Gateway Timeout' } };
        },
      },
    },
  },
  {
    id: 'upp-source-of-own-till-forbidden-on-bills',
    description:
      "an unlock of a bill the target has carrying sourceStoreId or sourceTillId is refused 403 4000 (not authorized), though they are the store and till the bill was issued at and the org's own the profile declares (fixtures.source); unknown bills carrying them are answered 82323277: the credentials may name their own store",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    profile: declaringSource({ storeId: 1, tillId: 2 }),
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const body = bodyRecord(context.body);
          const known = orgOf(DATASET, context.principal).customers.some((c) =>
            (c.bills ?? []).some((b) => b.billNumber === body.billNumber),
          );
          return known && (body.sourceStoreId !== undefined || body.sourceTillId !== undefined)
            ? capillaryError(4000, 'Not authorized', 403)
            : HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  // --- one-operation outage (helper): a fabric fault must not pass for fabric going down ---
  {
    id: 'fab-invalid-adjustments-503',
    description:
      'every fabric adjustment the target would refuse 400 (an invalid input) is answered 503 without Retry-After, valid ones accepted: a streak over the only operation fabric documents, which the run confirms by asking an earlier read or refusal again (answered as then: judged, not an outage)',
    family: 'universal',
    catches: ['GEN-NO-5XX'],
    options: {
      hooks: {
        reply: (operationId, reply) =>
          operationId === 'adjustMemberPoints' && reply.status === 400
            ? { status: 503, body: { message: 'Service Unavailable' } }
            : reply,
      },
    },
  },
  // --- rule audit of the deduction (helper): "programId can not be empty/null" ---
  {
    id: 'npa-promotion-identifier-null-program',
    description:
      'a promotionIdentifier with programId null is accepted as if programId were left out and the default program meant (the row says programId "can not be empty/null"; only a missing programId gets 8887)',
    family: 'input-validation',
    catches: ['CAP-NPA-8887'],
    // The type check of programId is the reference's only refusal of a null: its handler reads a
    // programId that is no number as left out (the default program).
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.programId' && i.actual === 'null',
        ),
      },
    },
  },
  // --- rule audit of the unlock (helper, 2026-12-04): empty mandatory body fields ---
  {
    id: 'upp-empty-event-name-unlocks',
    description:
      'an unlock with an empty eventName ("") reads it as no event filter and unlocks the bill named: the page\'s 82323272 is for an eventName "missing or invalid", which "" is under either reading',
    family: 'promised-points',
    catches: ['CAP-UPP-82323272', 'CAP-UPP-NO-SIDE-EFFECT'],
    enforcedTwice:
      'the spec refuses an empty eventName (minLength), and the ledger finds no entry of that event',
    options: {
      hooks: {
        validate: dropIssues(
          'unlockPromisedPoints',
          (i) => i.where === 'body.eventName' && i.keyword !== 'required',
        ),
      },
      createLedger: unlockReadingEmptyAsAny('eventName'),
    },
  },
  {
    id: 'upp-empty-bill-number-unlocks',
    description:
      'an unlock with an empty billNumber ("") reads it as no bill filter and unlocks every bill of the customer with that eventName: the page gives 82323271 for a billNumber "not included" and 82323277 for "an invalid or non-existent billNumber", a refusal under either reading',
    family: 'promised-points',
    catches: ['CAP-UPP-82323271', 'CAP-UPP-NO-SIDE-EFFECT'],
    enforcedTwice:
      'the spec refuses an empty billNumber (minLength), and the ledger finds no bill of that number',
    options: {
      hooks: {
        validate: dropIssues(
          'unlockPromisedPoints',
          (i) => i.where.startsWith('body.billNumber') && i.keyword !== 'required',
        ),
      },
      createLedger: unlockReadingEmptyAsAny('billNumber'),
    },
  },
  {
    id: 'upp-empty-source-read-as-instore',
    description:
      'an unlock with an empty source (source=) reads it as INSTORE, the default of its parameter binding, and unlocks the bill; a missing source is still refused with 82323284, which the page gives for these parameters "missing or empty"',
    family: 'promised-points',
    catches: ['CAP-UPP-82323284', 'CAP-UPP-NO-SIDE-EFFECT'],
    options: { hooks: { intercept: queryParameterDefaulted('source', 'empty', () => 'INSTORE') } },
  },
  {
    id: 'upp-empty-identifier-name-guessed',
    description:
      'an unlock with an empty identifierName (identifierName=) looks the identifierValue up under every identifier type and unlocks the bill of the customer it finds; a missing identifierName is still refused with 82323284, which the page gives for these parameters "missing or empty"',
    family: 'promised-points',
    catches: ['CAP-UPP-82323284', 'CAP-UPP-NO-SIDE-EFFECT'],
    options: {
      hooks: {
        intercept: queryParameterDefaulted('identifierName', 'empty', (params) => {
          const value = params.get('identifierValue');
          const holder = DATASET.orgs
            .flatMap((o) => o.customers)
            .find((c) => Object.values(c.identifiers).includes(value ?? ''));
          return Object.entries(holder?.identifiers ?? {}).find(([, v]) => v === value)?.[0];
        }),
      },
    },
  },
  {
    id: 'upp-missing-source-read-as-instore',
    description:
      'an unlock without source reads it as INSTORE and unlocks the bill; an empty source is still refused with 82323284, which the page gives for these parameters "missing or empty". Before the rule audit of the unlock only a probe restricted to a line item no bill has sent no source, whose 82323282 warned (docs/choices.md: "the price")',
    family: 'promised-points',
    catches: ['CAP-UPP-82323284', 'CAP-UPP-NO-SIDE-EFFECT'],
    options: { hooks: { intercept: queryParameterDefaulted('source', 'missing', () => 'INSTORE') } },
  },
  // --- rule audit of Capillary authentication (helper): a till's own password ---
  {
    id: 'auth-any-till-password-accepted',
    description:
      "Basic credentials pass when the md5 digest is any till's password, not the username's own: a till's username with another till's password is accepted as the username's org (only a digest of no password at all was tried)",
    family: 'authentication',
    catches: ['CAP-AUTH-WRONG'],
    options: {
      hooks: {
        authenticate: acceptTill((till, basic) => {
          const [username, digest] = basic.split(':');
          return (
            till.username === username &&
            DATASET.orgs.some((o) => o.credentials.tills.some((t) => md5hex(t.password) === digest))
          );
        }),
      },
    },
  },
  // --- rule audit of the balance read (helper): 8015 "The identifier provided is incorrect" ---
  {
    id: 'bal-unknown-secondary-empty-balance',
    description:
      'without dual eligibility, a balance lookup by an email or externalId no customer has is answered 200 with an empty balance (every figure 0) instead of 8015 (only an unknown mobile was looked up)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-8015'],
    options: {
      handlers: {
        getPointsBalance: (context) => {
          const reply = HANDLERS.getPointsBalance(context);
          const name = queryValue(context.query, 'identifierName');
          return envelopeCodes(reply.body)?.includes(8015) &&
            (name === 'email' || name === 'externalId') &&
            !orgOf(DATASET, context.principal).dualEligibility.enabled
            ? EMPTY_BALANCE
            : reply;
        },
      },
    },
  },
  // --- twentieth fault hunt (helper, 2026-12-04): the boundaries of the evening's relaxations ---
  {
    id: 'npa-8877-for-any-award-field',
    description:
      'every deduction naming a pointsAwardedId, a pointsAwardedRefType or a promotion is refused with 8877, the declared award with a listed type too: a declared promotion refused with 8877 every time only warns (a target may want the award it gave), a declared award refused so is still a valid pointsAwardedId refused',
    family: 'input-validation',
    catches: ['CAP-NPA-8877'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) =>
            ['pointsAwardedId', 'pointsAwardedRefType', 'promotionId', 'promotionIdentifier'].some(
              (field) => bodyRecord(context.body)[field] !== undefined,
            ),
          8877,
          'invalid pointsAwardedId',
        ),
      },
    },
  },
  {
    id: 'npa-null-program-refused-yet-deducted',
    description:
      'a promotionIdentifier with programId null is refused with 8874 (a code of its own, which only warns on that probe) after the default program was charged: any refusal moves nothing',
    family: 'input-validation',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    enforcedTwice:
      'the spec refuses a null programId (its type), and the handler reads a programId that is no number as left out',
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.programId' && i.actual === 'null',
        ),
      },
      handlers: {
        negativePointsAdjustment: (context) => {
          const reply = HANDLERS.negativePointsAdjustment(context);
          return bodyRecord(context.body).programId === null && reply.status === 200
            ? capillaryError(8874, 'invalid promotion id')
            : reply;
        },
      },
    },
  },
  {
    id: 'upp-82323282-yet-unlocked-without-bill-number',
    description:
      'an unlock naming the bill\'s event log without billNumber finds the bill through its event log, unlocks it and answers 82323282 ("No promise points found"), which on a rerun only warns: the bill\'s points moved all the same',
    family: 'promised-points',
    catches: ['CAP-UPP-NO-SIDE-EFFECT'],
    enforcedTwice:
      'the spec refuses a missing billNumber (required), and the ledger finds no bill without its number',
    options: {
      hooks: {
        validate: dropIssues(
          'unlockPromisedPoints',
          (i) => i.keyword === 'required' && i.where.includes('billNumber'),
        ),
      },
      handlers: {
        unlockPromisedPoints: (context) => {
          const body = bodyRecord(context.body);
          const logs = [body.eventLogId].flat().map(Number);
          const bill = orgOf(DATASET, context.principal)
            .customers.flatMap((c) => c.bills ?? [])
            .find((b) => logs.includes(Number(b.eventLogId)));
          if (body.billNumber !== undefined || !bill) return HANDLERS.unlockPromisedPoints(context);
          const reply = HANDLERS.unlockPromisedPoints({
            ...context,
            body: { ...body, billNumber: bill.billNumber },
          });
          return reply.status === 200
            ? capillaryError(82323282, 'No promise points found to unlock.')
            : reply;
        },
      },
    },
  },
  {
    id: 'fabric-refusal-as-html-yet-adjusted',
    description:
      "a fabric adjustment with an empty reasonCode, pointType or billingEntity is carried out without it and answered 400 text/html (Express's res.send): the media type of a fabric refusal only warns, the points it moved still fail",
    family: 'fabric',
    catches: ['FAB-ADJ-REASON-CODE-MIN-LENGTH'],
    enforcedTwice: 'the spec refuses the empty strings (minLength), and the handler answers the adjustment',
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.keyword === 'minLength' && i.where !== 'body.profileId',
        ),
      },
      handlers: {
        adjustMemberPoints: (context) => {
          const body = bodyRecord(context.body);
          const empty = Object.keys(body).filter((k) => body[k] === '' && k !== 'profileId');
          if (empty.length === 0) return HANDLERS.adjustMemberPoints(context);
          const rest = Object.fromEntries(Object.entries(body).filter(([k]) => !empty.includes(k)));
          HANDLERS.adjustMemberPoints({ ...context, body: rest });
          return {
            status: 400,
            body: undefined,
            headers: { 'content-type': 'text/html; charset=utf-8' },
            rawBody: `${empty[0]} is empty`,
          };
        },
      },
    },
  },
  {
    id: 'auth-fabric-422-after-adjusting',
    description:
      "a fabric adjustment without an Authorization header is carried out (as the first tenant) and then answered 422 with FastAPI's validation detail: 422 counts as a refusal, the points it moved still fail",
    family: 'authentication',
    catches: ['FAB-AUTH-MISSING'],
    enforcedTwice:
      'the answer (422) and the effect (the adjustment) are two seams: the refusal alone looks right',
    options: {
      hooks: {
        authenticate: (op, result, headers) =>
          headers.authorization === undefined
            ? skipAuth('adjustMemberPoints', DATASET.fabric.tenants[0]?.id ?? '')(op, result)
            : result,
        reply: (operationId, reply, request) =>
          operationId === 'adjustMemberPoints' && request.headers.authorization === undefined
            ? {
                status: 422,
                body: {
                  detail: [
                    { type: 'missing', loc: ['header', 'authorization'], msg: 'Field required', input: null },
                  ],
                },
              }
            : reply,
      },
    },
  },
  {
    id: 'npa-boolean-amount-as-balance',
    description:
      "a deduction reads pointsToBeAdjusted sent as true as the whole balance of the program (a flag for 'all of it') instead of refusing it: accepting true only warns as the lenient parse to 1 point, never as more",
    family: 'generated',
    catches: ['GEN-INVALID-REJECTED'],
    enforcedTwice:
      'the spec refuses a boolean amount (its type), and the handler reads the amount it is given',
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where.startsWith('body.pointsToBeAdjusted') && i.actual === 'true',
        ),
      },
      handlers: {
        negativePointsAdjustment: (context) => {
          const body = bodyRecord(context.body);
          if (body.pointsToBeAdjusted !== true) return HANDLERS.negativePointsAdjustment(context);
          const programId =
            typeof body.programId === 'number'
              ? body.programId
              : orgOf(DATASET, context.principal).defaultProgramId;
          const held = customerOfAnyIdentifier(context)?.main.get(programId) ?? 0;
          const whole = Math.max(1, Math.floor(held / ONE_POINT));
          return HANDLERS.negativePointsAdjustment({
            ...context,
            body: { ...body, pointsToBeAdjusted: whole },
          });
        },
      },
    },
  },
  {
    id: 'fabric-boolean-points-as-hundred',
    description:
      "a fabric adjustment reads points sent as true as 100 (a default award) instead of refusing it: accepting true only warns as the lenient parse to 1 point (pydantic's lax mode), never as more",
    family: 'generated',
    catches: ['GEN-INVALID-REJECTED'],
    enforcedTwice:
      'the spec refuses a boolean for points (its type), and the handler reads the points it is given',
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.where === 'body.points' && i.keyword === 'type' && i.actual === 'true',
        ),
      },
      handlers: {
        adjustMemberPoints: (context) => {
          const body = bodyRecord(context.body);
          return HANDLERS.adjustMemberPoints(
            body.points === true ? { ...context, body: { ...body, points: 100 } } : context,
          );
        },
      },
    },
  },
  // --- variant hunt 12 (helper): a member inquiry showing whole points ---
  {
    id: 'fab-fraction-truncated-shown-whole',
    description:
      'a fabric adjustment of 2.5 points is answered as made but moves only 2, behind a member inquiry showing whole points (decimals dropped): the first reading looks like a whole display of the exact move, so only the fraction sent again (5 in all, shown 4) tells',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: { createLedger: shownWhole(FractionsTruncated) },
  },
  // --- fault hunt 21: the boundaries of variant hunts 11 and 12 and of the balance read's audit ---
  {
    id: 'npa-ledger-cents-behind-two-decimal-display',
    description:
      'the ledger books each deduction rounded to 2 decimals (1.005 takes 1.01 in a 3-decimal program) while pointsAvailable is exact and every balance figure is written with 2 decimals: each read looks like a display of the exact move, so only the amount deducted again (4 × 1.005, shown 4.04 short of 4.02) tells',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: { createLedger: deductionsBookedInCents(Math.round, balanceInCents) },
  },
  {
    id: 'bal-sum-over-programs-cent-too-many',
    description:
      "a read over all programs (fetchDataForAllPrograms=true) writes its sums with 2 decimals and one hundredth too many (868.19 for 868.175): more than dropping or rounding the sum's decimals shows",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID'],
    options: {
      hooks: {
        reply: (operationId, reply, request) => {
          if (queryValue(request.query, 'fetchDataForAllPrograms') !== 'true') return reply;
          const shown = balanceAsWholeNumbers(twoDecimalsHalfEven)(operationId, reply);
          if (operationId !== 'getPointsBalance' || shown.status !== 200) return shown;
          const body = bodyRecord(shown.body);
          return { ...shown, body: { ...body, mainPoints: (Number(body.mainPoints) * 100 + 1) / 100 } };
        },
      },
    },
  },
  {
    id: 'npa-points-available-off-behind-two-decimal-display',
    description:
      "every balance figure is written with 2 decimals, and a deduction's pointsAvailable, written with the program's 3, is one thousandth above the balance (107.826 for 107.825): the read's display does not cover a figure written with more decimals",
    family: 'decimal-precision',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: {
      hooks: {
        reply: (operationId, reply) => {
          const shown = balanceAsWholeNumbers(twoDecimalsHalfEven)(operationId, reply);
          if (operationId !== 'negativePointsAdjustment' || reply.status !== 200) return shown;
          const body = bodyRecord(reply.body);
          return {
            ...reply,
            body: { ...body, pointsAvailable: (Number(body.pointsAvailable) + 0.001).toFixed(3) },
          };
        },
      },
    },
  },
  {
    id: 'fab-fraction-rounded-half-up-shown-whole',
    description:
      'a fabric adjustment of 2.5 points is answered as made but moves 3 (−2.5 takes 3: half away from zero) behind a member inquiry showing whole points: the first reading looks like a whole display of the exact move, the fraction sent again (5 in all) moves 6',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD', 'FAB-ADJ-DEDUCT'],
    options: {
      createLedger: shownWhole(
        fractionsBookedAs((points) => Math.sign(points) * Math.round(Math.abs(points))),
      ),
    },
  },
  {
    id: 'dual-swapped-list-other-customer',
    description:
      "under dual eligibility a two-identifier list with its values swapped (the primary's name beside the secondary's value) answers another customer's balance, the org's first customer holding neither value, instead of refusing",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-ORDER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const found = super.resolveLookup(orgId, identifierName, identifierValue);
            const org = orgOf(dataset, orgId);
            const primary = primaryOf(org);
            const names = identifierName.split(',').map((n) => n.trim());
            const values = identifierValue.split(',').map((v) => v.trim());
            if (found.ok || !org.dualEligibility.enabled || names.length !== 2 || names[0] !== primary)
              return found;
            const other = org.customers.find((c) => !values.includes(c.identifiers[primary] ?? ''));
            const value = other?.identifiers[primary];
            return value === undefined ? found : super.resolveLookup(orgId, primary, value);
          }
        })(dataset),
    },
  },
  {
    id: 'upp-82323282-on-a-fresh-bill',
    description:
      'a fresh run (every declared bill still has its points): an unlock of a declared bill without eventName, naming its event log without billNumber, with an empty billNumber or with a query parameter missing or empty is answered 82323282 ("No promise points found to unlock") instead of 82323272, 82323271 or 82323284, as the rerun variant unlock-used-bill-answered-before-the-body answers its used-up bills. Twentieth fault hunt: it only warned',
    family: 'promised-points',
    catches: ['CAP-UPP-82323272', 'CAP-UPP-82323271', 'CAP-UPP-82323284'],
    options: { hooks: { reply: noPointsBeforeTheBody } },
  },
  // --- fabric fractions behind a whole inquiry (helper): fault hunt 21's two misses closed ---
  {
    id: 'fab-whole-balance-half-even-shown-whole',
    description:
      "a fabric tenant keeps whole points only and rounds the member's balance half to even after each adjustment (2.5 added to an odd balance rounds up, to an even one down), behind a member inquiry showing whole points: 2.5 sent twice ends exact from an odd balance, so the second fraction is 3.5 or 4.5, whichever such a ledger rounds the same way as the first",
    family: 'fabric',
    catches: ['FAB-ADJ-ADD', 'FAB-ADJ-DEDUCT'],
    options: { createLedger: shownWhole(WholeBalanceHalfEven) },
  },
  {
    id: 'fab-fraction-truncated-then-fractions-refused',
    description:
      'a fabric adjustment of 2.5 points is answered as made but moves only 2, behind a member inquiry showing whole points, and every later fraction for the member made available is refused (400): the first reading looks like a whole display of the exact move; the second fraction is another body than the first, so its refusal fails',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: { createLedger: shownWhole(OneFractionTruncated) },
  },
  // --- lead, seventeenth sitting: CAP-AUTH-WRONG's failed attempts go to one operation each ---
  {
    id: 'auth-unlock-checks-no-password',
    description:
      "the unlock checks a Basic till by its username only, while the balance read and the deduction check its password: the failed attempts naming the run's till go to one operation each, in turn, so the unlock still meets one",
    family: 'authentication',
    catches: ['CAP-AUTH-WRONG'],
    options: {
      hooks: {
        authenticate: (operationId, result, headers) =>
          operationId === 'unlockPromisedPoints'
            ? acceptTill((till, basic) => till.username === basic.split(':')[0])(operationId, result, headers)
            : result,
      },
    },
  },
  // --- helper notes2: an "already unlocked" code of the target's own on a fresh run ---
  {
    id: 'upp-own-code-on-a-fresh-bill',
    description:
      'a fresh run (every declared bill still has its points): an unlock of a declared bill with an unknown eventLogId, an unknown or empty eventName, or a query parameter missing or empty is answered with an "already unlocked" code no document gives (82323290) instead of 3918, 82323272 or 82323284, as the rerun variant unlock-rerun-bills-used-up-own-code answers its used-up bills; the valid unlocks that follow move the bills\' points. It only warned (may be an already-unlocked error whose code is not found)',
    family: 'promised-points',
    catches: ['CAP-UPP-3918', 'CAP-UPP-82323272', 'CAP-UPP-82323284'],
    options: { hooks: { reply: ownUnlockedCodeBeforeTheBody } },
  },
  // --- twenty-second fault hunt: OAuth token edges and the bill's own event log ---
  {
    id: 'auth-oauth-token-trailing-space',
    description:
      "the token endpoint issues each access token with a trailing space; a header value arrives without its trailing whitespace (RFC 9110 §5.5), and the target, looking the token up as it issued it, refuses it with 401: no token it issues is ever accepted. A space may be carried in a header, so this is the target's answer, not a tool outcome (LC_ERR_AUTH_TOKEN is for a token no header can carry)",
    family: 'authentication',
    catches: ['CAP-AUTH-OAUTH'],
    options: { handlers: { generateOAuthToken: tokenAnsweredWithTrailingSpace } },
  },
  {
    id: 'upp-82323282-naming-the-event-log',
    description:
      'a fresh run: every unlock of a bill the target has that names an eventLogId, the bill\'s own included, is answered 82323282 ("No promise points found to unlock") and moves nothing, so an unlock by event log never works; the bill unlocked without it moves its points. It passed: 82323282 read as a rerun\'s used-up bill (the scenario skipped)',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override unlock(orgId: string, request: UnlockRequest) {
            // A bill it does not know still gets 82323277: only the bills it has are said to be empty.
            const known = declaredBills().some((bill) => bill.billNumber === request.billNumber);
            return known && request.eventLogIds.length > 0
              ? { ok: false as const, code: 82323282, message: 'No promise points found to unlock.' }
              : super.unlock(orgId, request);
          }
        })(dataset),
    },
  },
  {
    id: 'race-unlock-overwrites-deduction',
    description:
      "the unlock reads the customer's balance, awaits, then writes back what it computed (unlocks of one customer served one at a time, deductions atomic): a deduction of the same customer applied meanwhile is lost",
    family: 'concurrency',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      handlers: {
        unlockPromisedPoints: lockedPerOperation(
          checkThenAwaitThenUpdate('unlockPromisedPoints', 'overwrite'),
        ),
      },
    },
  },
  // --- twenty-third fault hunt: behind the relaxations of the sitting ---
  {
    id: 'upp-line-refused-points-lost',
    description:
      'an unlock naming line items takes their promised points and credits nothing, then answers 82323282 ("No promise points found to unlock"), as if the lines were unlocked before: the points are lost. It passed: the refusal read as a bill partly unlocked before this run (its notes dropped), and nothing read the balance after it',
    family: 'promised-points',
    catches: ['CAP-UPP-NO-SIDE-EFFECT'],
    options: { handlers: { unlockPromisedPoints: lineUnlockLosingPoints } },
  },
  {
    id: 'race-deduction-overwrites-unlock',
    description:
      "the deduction reads the customer's balance, awaits, then writes back what it computed (deductions of one customer served one at a time, unlocks atomic): an unlock of the same customer applied meanwhile is lost, though it answered its lines",
    family: 'concurrency',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      handlers: {
        negativePointsAdjustment: lockedPerOperation(
          checkThenAwaitThenUpdate('negativePointsAdjustment', 'overwrite'),
        ),
      },
    },
  },
  {
    id: 'bal-stale-figures-answered-206',
    description:
      'every balance read after the first of the same query is answered 206 Partial Content with the figures of that first read: a 2xx carrying mainPoints and totalPoints is read (variant balance-read-answered-203), and its figures are stale',
    family: 'balance',
    catches: ['CAP-BAL-LEDGER', 'CAP-BAL-TOTAL'],
    options: { hooks: { reply: firstFiguresAnswered206('getPointsBalance') } },
  },
  // --- twenty-fourth fault hunt: behind the fabric changes of the sitting ---
  {
    id: 'fab-reason-coded-addition-booked-twice',
    description:
      'a fabric addition of active points carrying a reasonCode is booked twice (answered once, as made): the repeat addition is now +10 with the reason code, not the example body again',
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: { handlers: { adjustMemberPoints: reasonCodedAdditionBookedTwice } },
  },
  {
    id: 'fab-small-deduction-sign-ignored',
    description:
      'a fabric deduction of less than 5 points (−2, −2.5, the −4 sent when the −5 was resent without its reasonCode) adds its amount instead; −5 and more deduct',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: {
      createLedger: adjustmentsRewritten((request) =>
        request.points < 0 && request.points > -5 ? { ...request, points: -request.points } : request,
      ),
    },
  },
  {
    id: 'fab-inquiry-stale-figures-answered-206',
    description:
      "every member inquiry after the first of the same member is answered 206 Partial Content with that first inquiry's figures: the inquiry is read from any 2xx carrying its figures (variant fabric-inquiry-answered-201), and these are stale",
    family: 'fabric',
    catches: ['FAB-ADJ-ADD', 'FAB-ADJ-DEDUCT'],
    options: { hooks: { reply: firstFiguresAnswered206('inquireMemberPoints') } },
  },
  // --- twenty-fifth fault hunt: behind the eighteenth sitting's relaxations ---
  {
    id: 'upp-event-name-refusal-unlocks-a-line',
    description:
      'an unlock of a declared bill refused for its eventName (82323272: missing, unknown or empty) first unlocks the bill\'s first line item with points left, crediting main points, then answers 82323282 ("No promise points found to unlock"): the bill looks partly unlocked before the run, the sign on which promised-points.filters drops the bill\'s notes (variant hunt 14)',
    family: 'promised-points',
    catches: ['CAP-UPP-NO-SIDE-EFFECT'],
    options: { createLedger: eventNameRefusalUnlockingALine },
  },
  {
    id: 'npa-replay-keyed-on-reason',
    description:
      "a deduction naming a customer (by the same identifier) and a reasonOfReturn the target took before is answered with that first deduction's answer and deducts nothing, whatever its amount: the reason is read as an idempotency key, which the page never makes it. It passed once every deduction of a run carried a reason of its own (variant hunt 15)",
    family: 'ledger-invariants',
    catches: ['CAP-BAL-LEDGER'],
    options: { handlers: { negativePointsAdjustment: deductionsReplayedByReason() } },
  },
  {
    id: 'fab-bare-deduction-booked-as-the-resent',
    description:
      "a fabric tenant knowing only its own reason codes (the example's refused with 400, as variant fabric-reason-codes-and-duplicates-refused) books a deduction of 4 points as 5: the bare −4 sent after the −5 was resent without its reasonCode (variant hunt 17) moves 5",
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: { handlers: { adjustMemberPoints: ownReasonCodesFourBookedAsFive } },
  },
  {
    id: 'upp-own-code-on-a-fresh-bill-item-codes-take-every-line',
    description:
      "upp-own-code-on-a-fresh-bill's own \"already unlocked\" code (82323290) on a fresh bill's invalid unlocks, by a target whose unlock by one item code takes every item line of the bill (listed, with their item codes; CAP-UPP-FILTER-ITEM-CODES, a SHOULD, warns): the line items then have nothing left, the sign of a bill partly unlocked before the run, on which the bill's notes were dropped and the MUST codes only warned",
    family: 'promised-points',
    catches: ['CAP-UPP-3918', 'CAP-UPP-82323272'],
    options: { handlers: { unlockPromisedPoints: ownCodeAndItemCodesTakingEveryLine } },
  },
  {
    id: 'dual-lone-shared-secondary-first-holder',
    description:
      "under dual eligibility a lone secondary value two customers share (the sharedSecondary email) is answered 200 with the balance of the first customer holding it, while a lone value one customer holds is refused with 8015 as the balance page says (fault hunt 25's false pass: only a unique lone secondary was looked up)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
    options: { handlers: { getPointsBalance: loneSharedSecondaryAsFirstHolder } },
  },
  // --- variant hunt 19: the relaxation for refusals whose body is HTML or nothing hides no documented code ---
  {
    id: 'npa-documented-codes-as-html',
    description:
      "every refusal of the deduction, documented codes too (8888, 8906, ...), is answered 400 text/html with its bare message, as Express's res.status(400).send(message) writes: what the suite forgives an HTML refusal of a request the documents give no code for must not hide a documented code",
    family: 'input-validation',
    catches: ['CAP-NPA-8888', 'CAP-NPA-8906'],
    options: { hooks: { reply: deductionRefusalsAs(asHtmlMessage) } },
  },
  {
    id: 'bal-documented-codes-as-empty-400',
    description:
      'every refusal of the balance read, 8015 too, is answered 400 with no body: what the suite forgives an empty refusal of a request the documents give no code for must not hide a documented code',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-8015', 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
    options: { hooks: { reply: refusalsAs('getPointsBalance', asEmptyRefusal) } },
  },
  {
    id: 'upp-documented-codes-as-json-null',
    description:
      "every refusal of the unlock, documented codes too, is answered with the JSON body `null`: what the suite forgives a refusal with nothing in it of a request the documents give no code for (variant hunt 20) must not hide the unlock's documented codes",
    family: 'promised-points',
    catches: ['CAP-UPP-82323277', 'CAP-UPP-82323272', 'CAP-UPP-3918'],
    options: { hooks: { reply: refusalsAs('unlockPromisedPoints', asJsonNull) } },
  },
  // --- fault hunt 26: a refused unlock that moved the bill's points (the callers retry or excuse the refusal) ---
  {
    id: 'upp-event-log-array-unlocked-as-empty-400',
    description:
      "an unlock naming eventLogId as the table's array moves the bill's promised points, then answers 400 with no body (a target failing on the array after unlocking): the suite, forgiving an empty refusal, retried the example's integer form, met 82323282 and skipped the bill as unlocked before this run",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: unlocksThatMoveAnswered(
      (request) => Array.isArray(bodyRecord(request.body).eventLogId),
      asEmptyRefusal,
    ),
  },
  {
    id: 'upp-source-fields-unlocked-as-html-400',
    description:
      "an unlock carrying the bill's sourceStoreId and sourceTillId moves its promised points, then answers 400 text/html: the suite retried without the source fields, met 82323282 and skipped the bill as unlocked before this run",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: unlocksThatMoveAnswered(
      (request) => bodyRecord(request.body).sourceStoreId !== undefined,
      asHtmlMessage,
    ),
  },
  {
    id: 'upp-unlocks-answered-82323282',
    description:
      'every unlock that moves promised points answers 82323282 ("nothing left to unlock") instead of its lines, as a target checking the bill after unlocking it: each first unlock of a fresh bill looked used up before this run (skipped) though the refused call moved the points',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: unlocksThatMoveAnswered(
      () => true,
      () => capillaryError(82323282, 'no promised points left to unlock for the bill'),
    ),
  },
  {
    id: 'upp-unlocks-answered-undocumented-code',
    description:
      'every unlock that moves promised points answers 400 with error code 9999, which no document gives, instead of its lines: a code that may mean "already unlocked" only warned, though the refused call itself moved the points',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: unlocksThatMoveAnswered(
      () => true,
      () => capillaryError(9999, 'unlock failed'),
    ),
  },
  // --- variant hunt 21: the relaxation for refusals in text with no media type hides no documented code ---
  {
    id: 'npa-documented-codes-as-bare-text',
    description:
      "every refusal of the deduction, documented codes too (8888, 8906, ...), is answered 400 with its bare message and no Content-Type, as Node's bare http module writes: what the suite forgives such a refusal of a request the documents give no code for must not hide a documented code",
    family: 'input-validation',
    catches: ['CAP-NPA-8888', 'CAP-NPA-8906'],
    options: { hooks: { reply: deductionRefusalsAs(asBareText) } },
  },
  // --- fault hunt 27: a refusal the suite retries or excuses, after it moved points ---
  {
    id: 'npa-lone-secondary-deducted-then-8015',
    description:
      'under dual eligibility a deduction by a lone identifier other than the primary deducts, then answers 8015 as the balance page says of its lookup: the suite, excusing the 8015 (the deduction page is silent on dual eligibility) and retrying beside the primary, started its count again after the retry, so the point the refusal took went unseen',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: { handlers: { negativePointsAdjustment: loneSecondaryDeductedThen8015 } },
  },
  {
    id: 'npa-promotion-deducted-then-8877',
    description:
      'a deduction naming a promotion (by promotionIdentifier or promotionId) takes its point, then answers 8877 as if it wanted the award the promotion gave: the suite, excusing every promotion form refused with 8877 (the page says nothing of the pair), only warned and never read what the refusals took',
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      hooks: {
        reply: successesAs(
          'negativePointsAdjustment',
          (request) => {
            const { promotionIdentifier, promotionId } = bodyRecord(request.body);
            return promotionIdentifier !== undefined || promotionId !== undefined;
          },
          () => capillaryError(8877, 'invalid points awarded id'),
        ),
      },
    },
  },
  {
    id: 'upp-parallel-unlocks-all-answered-82323282',
    description:
      'parallel unlocks of one bill all answer 82323282 ("no promised points found"), the one that moved its points too, as a target checking the bill again after marking it: the suite skipped the bill as used up before this run (the unlocks of B-1004-1 and B-2002-1, the reference profile\'s billSpare, which only concurrency.parallel-unlock unlocks)',
    family: 'concurrency',
    catches: ['CAP-UPP-MOVE'],
    options: unlocksThatMoveAnswered(
      (request) => ['B-1004-1', 'B-2002-1'].includes(String(bodyRecord(request.body).billNumber)),
      () => capillaryError(82323282, 'No promise points found to unlock.'),
    ),
  },
  {
    id: 'npa-external-id-other-program-deducted-then-8015',
    description:
      "a deduction naming the customer by externalId in a program other than the org's default takes its point, then answers 8015 (the customer not found that way): the suite, leaving a refused deduction by externalId to the identifier rule, never read what the refusal took",
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      handlers: {
        negativePointsAdjustment: externalIdOtherProgramRefusedAfter(() =>
          capillaryError(8015, 'Customer not found for the given identifiers'),
        ),
      },
    },
  },
  // --- fault hunt 28: refusals after a move the fabric fraction and the filtered steps excused ---
  {
    id: 'fab-fraction-deducted-then-refused',
    description:
      'a fabric deduction of a fraction (−2.5) takes its points, then answers 400 as if fractions were refused: the suite judged nothing of a refused fraction and never read the member after it, so the points taken went unseen',
    family: 'fabric',
    catches: ['FAB-ADJ-DEDUCT'],
    options: { handlers: { adjustMemberPoints: fractionDeductedThenRefused } },
  },
  {
    id: 'upp-line-unlocked-then-answered-already-unlocked',
    description:
      'an unlock naming line items moves their promised points to main, then answers an "already unlocked" code of its own (82323290): the refusal is the sign of a bill partly unlocked before this run, on which the filters drop the bill\'s notes, so only the read after the refusal shows the move (pinned: caught since fault hunt 26)',
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: unlocksThatMoveAnswered(
      (request) => bodyRecord(request.body).lineItemIds !== undefined,
      () => capillaryError(82323290, 'Promised points already unlocked for the line item.'),
    ),
  },
  {
    id: 'fab-odd-amounts-one-short',
    description:
      "a fabric ledger books an odd whole amount one point toward zero (3 adds 2, −5 takes 4) behind an exact member inquiry: each such move reads one point off with the two readings an even number apart, as a whole display rounding a member's hidden half point to even reads an exact ledger (variant hunt 23); the odd amount the suite then adds to confirm the tie reads exact, not at the tie's even neighbour",
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING-DEFAULT', 'FAB-ADJ-DEDUCT'],
    options: {
      createLedger: (dataset) =>
        new (fractionsBookedAs((points) =>
          Number.isInteger(points) && points % 2 !== 0 ? points - Math.sign(points) : points,
        ))(dataset),
    },
  },
  {
    id: 'bal-sum-half-even-deductions-counted-twice',
    description:
      "behind variant bal-sum-whole-half-even-program-holding-a-half's display (each twoPrograms customer holding half a point in a third program, the sum over all programs written whole, rounded half to even), the sum over all programs takes each of the customer's deductions twice, its one-program figures once: a first deduction of 1 may read as that display's tie (790.5 then 788.5 reads 790 then 788, as 789.5 then 788.5 would), the next cannot",
    family: 'balance',
    catches: ['CAP-NPA-ARITHMETIC', 'CAP-BAL-LEDGER'],
    options: { createLedger: (dataset) => new (sumsTakingDeductionsTwice())(withHalfPointProgram(dataset)) },
    profile: halfPointProgramDeclared,
  },
  // --- fault hunt 29: refusals after a move that the suite forgave without reading ---
  {
    id: 'race-unlock-moved-then-refused',
    description:
      "the unlock of a bill whose customer's deductions run at the same time (the reference profile's billRace) moves its points, then answers 400 \"Bad Request\" in plain text (B-1006-1) or 82323282, no promised points (B-2004-1): the suite warned that concurrent requests may be refused, or skipped the bill as used up, and read nothing, so the points the refusal moved went unseen (each org's run fails alone)",
    family: 'concurrency',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      hooks: {
        reply: (op, reply, request) => {
          const bill = String(bodyRecord(request.body).billNumber);
          const answered = (billNumber: string, rewrite: (reply: Reply) => Reply) =>
            successesAs('unlockPromisedPoints', () => bill === billNumber, rewrite);
          return answered('B-2004-1', () => capillaryError(82323282, 'No promise points found to unlock.'))(
            op,
            answered('B-1006-1', asBadRequestText)(op, reply, request),
            request,
          );
        },
      },
    },
  },
  {
    id: 'upp-parallel-unlock-moved-then-refused-as-text',
    description:
      'of parallel unlocks of one bill (B-1004-1 and B-2002-1, the reference profile\'s billSpare), the one that moves its points answers 400 "Bad Request" in plain text and the others 82323282: with no unlock served and not all answered as used up, the suite only warned that none served, though the bill\'s points moved',
    family: 'concurrency',
    catches: ['CAP-UPP-MOVE'],
    options: unlocksThatMoveAnswered(
      (request) => ['B-1004-1', 'B-2002-1'].includes(String(bodyRecord(request.body).billNumber)),
      asBadRequestText,
    ),
  },
  {
    id: 'npa-first-deduction-booked-then-refused-as-text',
    description:
      'the first deduction from each customer enrolled in two programs is booked, then answered 400 "Bad Request" in plain text: a refusal of the deduction by programId that balance.program-scope makes (a SHOULD, warned) was never read, so the point it took went unseen',
    family: 'balance',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      handlers: { negativePointsAdjustment: firstDeductionAnsweredAsText((c) => c.programs.length >= 2) },
    },
  },
  {
    id: 'dual-shared-value-first-deduction-booked-then-refused-as-text',
    description:
      'under dual eligibility, the first deduction from each customer sharing an identifier value with another (the sharedSecondary pair) is booked, then answered 400 "Bad Request" in plain text: dual-eligibility.multi-after-deduction left a refused deduction to the deduction rules and read nothing, so the point it took went unseen',
    family: 'dual-eligibility',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      handlers: {
        negativePointsAdjustment: firstDeductionAnsweredAsText(
          (customer, org) => org.dualEligibility.enabled && sharesAnIdentifier(customer, org),
        ),
      },
    },
  },
  {
    id: 'npa-ref-type-beside-other-program-deducted-then-8877',
    description:
      "a deduction naming pointsAwardedRefType beside a programId other than the org's default, with no pointsAwardedId, takes its point, then answers 8877 as if it wanted the award: the suite, excusing the refusal (the page says nothing of the pair), never read what it took",
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: { handlers: { negativePointsAdjustment: refTypeBesideOtherProgramDeductedThen8877 } },
  },
  {
    id: 'npa-promised-holder-deduction-booked-then-refused-as-text',
    description:
      'a plain deduction of 1 (no award) from a customer still holding promised points, just after one refused with 8877, is booked, then answered 400 "Bad Request" in plain text: ledger-invariants.promised-kept returned on a refused plain deduction without reading, so the point it took went unseen',
    family: 'ledger-invariants',
    catches: ['CAP-NPA-NO-SIDE-EFFECT'],
    options: {
      handlers: { negativePointsAdjustment: plainDeductionAfter8877AnsweredAsText() },
    },
  },
  {
    id: 'bal-every-figure-half-even-half-point-lost-per-deduction',
    description:
      "behind variant bal-whole-half-even-every-figure-program-holding-a-half's display (each twoPrograms customer holding half a point in a third program, 555, every balance figure written whole, rounded half to even, so reading each program hides the half too), each deduction of those customers takes half a point more from program 555: the sum over programs then reads every whole-point move either exactly or one unit off as that display's tie would (790.5 → 789 → 787.5 reads 790, 789, 788; then 786 reads 786), and only the confirming deduction, which loses its half point too, tells it from one",
    family: 'balance',
    catches: ['CAP-NPA-ARITHMETIC', 'CAP-BAL-LEDGER'],
    options: { createLedger: (dataset) => new (halfPointLostPerDeduction())(withHalfPointProgram(dataset)) },
    profile: halfPointProgramDeclared,
  },
  {
    id: 'npa-first-deduction-from-zero-not-booked',
    description:
      'with negative balance on, the first deduction from a balance of exactly 0 is answered as booked (pointsAvailable below zero) but leaves the balance at 0: among parallel deductions of 1 point from 0, the read one point high passed as a whole-number display of a hidden fraction, though a deduction had written that very balance with decimals (fault hunt 30)',
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-LOST-UPDATE'],
    options: { handlers: { negativePointsAdjustment: firstDeductionFromZeroNotBooked() } },
  },
  {
    id: 'bal-total-one-high-for-other-customers',
    description:
      "every balance answer of a customer other than the first of its org (the reference profile's twoPrograms customer) gives totalPoints one higher than mainPoints plus promised points: the ledger checks compare totals as moves, so the constant offset cancelled, and the identity was judged on the twoPrograms customer's reads alone (fault hunt 31)",
    family: 'balance',
    catches: ['CAP-BAL-TOTAL'],
    options: {
      hooks: {
        reply: balanceBodiesAs((body) =>
          firstOfItsOrg(body.entityId) ? body : { ...body, totalPoints: Number(body.totalPoints) + 1 },
        ),
      },
    },
  },
  {
    id: 'npa-deduction-after-partner-read-not-booked',
    description:
      "the first plain deduction of 1 point from a customer sharing an identifier value with another, made after that other customer's balance was read over all programs and its own was not, is answered as booked (pointsAvailable one lower) but moves nothing: ledger-invariants.other-customer judged only the other customer unchanged and never read the deducting one's own balance (fault hunt 30's none/twice misses)",
    family: 'ledger-invariants',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: { createLedger: deductionAfterPartnerRead(ONE_POINT) },
  },
  {
    id: 'dual-list-unknown-primary-refused-without-code',
    description:
      "under dual eligibility, a balance lookup by a list that names the primary identifier, refused with 8015 (the primary's value names no customer), is answered 400 with an empty JSON object: no code at all, where the page's 8015 is the one answer; dual-eligibility.resolves-through-primary took any refusal there and only warned of the missing code, as if the value's shape might be at fault, though the same value alone must be 8015 (fault hunt 32)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-MULTI'],
    options: { handlers: { getPointsBalance: listWithPrimaryRefusedWithoutCode } },
  },
  {
    id: 'npa-crossing-zero-one-short-for-two-program-customers',
    description:
      "with negative balance on, the first deduction that takes a customer declaring two programs from zero or above to below it is answered as booked (pointsAvailable the program's balance less the whole amount, written with three decimals) but books one point less: the read one point high passed as a whole-number display of a hidden fraction, since variant hunt 26 took no deduction of a customer with two programs as proof of the ledger, though this pointsAvailable lies points away from the customer's sum over programs (fault hunt 33)",
    family: 'negative-balance',
    catches: ['CAP-NPA-NEGATIVE-ALLOWED'],
    options: { handlers: { negativePointsAdjustment: crossingZeroOneShortForTwoPrograms() } },
  },
  {
    id: 'fab-addition-from-zero-one-over',
    description:
      "the fabric member holds exactly 0 points and the tenant books an addition of active points that takes a member from zero or below to above it one point over (10 added reads 11), the inquiry exact: variant hunt 26's zeroCrossing took any move across zero read one unit off as an inquiry truncating or rounding half away from zero, though neither shows a member read 0 as 11 after 10 added (fault hunt 33)",
    family: 'fabric',
    catches: ['FAB-ADJ-ADD'],
    options: { createLedger: (dataset) => new AdditionsOffZeroOneOver(withFabricMembersAtZero(dataset)) },
  },
  {
    id: 'npa-emptying-deduction-booked-twice-tenths-half-even',
    description:
      "the strict org (negative balance off) books twice a deduction that empties a program of a customer declaring several programs (1 point from 1 leaves -1), over variant bal-whole-half-even-tenths-in-two-programs' dataset and display (every figure whole, half to even; 0.7 and 0.8 points in two programs of one decimal): the sum then read one unit off a move of 1 read as a half-even tie, and the confirming unit, refused with 8907 by the program holding 0.7, left it unconfirmed, as variant hunt 26 allowed, though that program -1 shows no strict org's ledger (fault hunt 33)",
    family: 'input-validation',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: {
      createLedger: (dataset) => new EmptyingDeductionBookedTwice(withTenthsInTwoPrograms(dataset)),
    },
    profile: tenthsInTwoProgramsDeclared,
  },
  {
    id: 'npa-deduction-after-partner-read-taken-twice',
    description:
      "the first plain deduction of 1 point from a customer sharing an identifier value with another, made after that other customer's balance was read over all programs and its own was not, takes 2 points (pointsAvailable two lower): from an even balance the read is an even number 2 lower, as a whole half-even display over a hidden half would read a move of 1 (variant hunt 27), so ledger-invariants.other-customer's one-program read is confirmed by one more point, which this target takes once (the read lands a unit off the tie's even neighbour)",
    family: 'ledger-invariants',
    catches: ['CAP-NPA-ARITHMETIC'],
    options: { createLedger: deductionAfterPartnerRead(-ONE_POINT) },
  },
  {
    id: 'bal-total-misses-string-deduction-half-even',
    description:
      "behind variant bal-whole-half-even-deductibles-holding-a-half's dataset and display (each org's deductible customer holding a hidden half in program 469, every balance figure written whole, half to even), a deduction of that customer sent with its amount as a string (\"1\") is booked, but totalPoints leaves it out until the customer's next deduction: the program read after it shows main 666 → 666 (665.5, a tie) beside total 732 → 732 and promisedPoints 65, and mainAndTotalNow took the promised points between the two reads (66) for the ledger's, so the unmoved total read as a tie too, though no display of 665.5 + 65 reads 732 (fault hunt 34)",
    family: 'negative-balance',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      hooks: { reply: totalMissingLastStringDeduction() },
    },
  },
  {
    id: 'bal-total-misses-string-deduction-half-even-beside-truncated-main',
    description:
      "as bal-total-misses-string-deduction-half-even, mainPoints written whole with its decimals dropped (670.5 → 669.5 read 670 → 669, exactly the move) beside the total half to even, unmoved at 736: the total reads as a tie of its own (735.5 → 734.5) that one more point deducted \"confirms\" (the total, caught up, reads 734), but leaves 66.5 promised beside main's 669 where the read shows 65, more than main's display hides (dfix51's totalTieBesideExactMain)",
    family: 'negative-balance',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      hooks: { reply: totalMissingLastStringDeduction(truncatedTo(0)) },
    },
  },
  {
    id: 'bal-total-string-deduction-half-again-half-even-beside-truncated-main',
    description:
      "as bal-total-misses-string-deduction-half-even-beside-truncated-main, the total taking half as much again of a deduction sent as a string, from then on (735.5 → 734 read 736 → 734): read as a tie of its own (734.5), the promised points beside main fit it, and one more point deducted refutes it (the total reads 733, not 734; dfix51's totalTieBesideExactMain)",
    family: 'negative-balance',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      hooks: { reply: totalMissingLastStringDeduction(truncatedTo(0), -0.5, false) },
    },
  },
  {
    id: 'npa-available-hundredth-low-on-string-amount-one-decimal-display',
    description:
      'behind variant bal-figures-one-decimal-over-two-decimal-program\'s dataset and display (the lenient twoPrograms customer holding 50.45 in program 469, of two round decimals, every balance figure written with one decimal, the rest dropped), a deduction whose amount comes as a string answers pointsAvailable one hundredth low where the ledger holds hundredths ("1.00" from 48.45 answers 47.44): the read 47.4 shows either, and variant hunt 28\'s availableReadingNote let a program read with fewer decimals warn, though the deduction of 1 before it answered 48.45 (fault hunt 34)',
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: {
      createLedger: (dataset) => new (hundredthLowOnStringAmounts())(withLenientHundredths(dataset)),
    },
  },
  {
    id: 'bal-one-program-last-point-taken-with-one-tenths-half-even',
    description:
      'behind variant bal-whole-half-even-tenths-in-two-programs\' dataset and display (every balance figure whole, half to even; the twoPrograms customer holding 2 points in 469 and in 973, 0.7 and 0.8 in two programs of one decimal), the strict org (negative balance off) books a deduction of a customer declaring several programs that leaves a program holding 1 point as taking that point too, once per customer and program, and answers pointsAvailable "0.000": balance.program-scope\'s one-program read 2 → 0 read as a half-even tie, and its confirming unit, taken from 973 (469 showing less than a unit), re-read 469, which could not move, so the prediction equalled the read (fault hunt 34, closed by fault hunt 35)',
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: {
      createLedger: (dataset) => new LastPointTakenWithTheOneBefore(withTenthsInTwoPrograms(dataset)),
    },
    profile: tenthsInTwoProgramsDeclared,
  },
  {
    id: 'npa-decimal-deduction-replayed-on-next-read',
    description: `a deduction of an amount with decimals is booked once at once and again (a replayed request) as the customer's next balance read is served, staying at or above zero, while pointsAvailable answers the balance after both copies: the read right after the deduction shows one copy, and under the profile's ${REPLAY_WINDOW_MS} ms read-after-write window the program was read again until it agreed with pointsAvailable (lagwhole's re-read; fault hunt 36). The deduction page's pointsAvailable is "Points available for the customer after the points deduction"`,
    family: 'decimal-precision',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    profile: { edit: (profile) => Object.assign(profile.limits, { readAfterWriteMs: REPLAY_WINDOW_MS }) },
    options: { createLedger: (dataset) => new DecimalDeductionReplayedOnNextRead(dataset) },
  },
  {
    id: 'npa-available-hundredths-low-behind-tenths-all-programs-read',
    description:
      'a deduction with decimals from a program of 3 round decimals answers pointsAvailable as the balance over all programs 0.05 low, and the read over all programs is written with one decimal (dropped toward zero) while each program\'s read keeps its decimals: the all-programs read with fewer decimals than pointsAvailable let it warn (variant hunt 29), though the program reads, each written with its last decimal, add up to the exact sum (fault hunt 36). The deduction page\'s pointsAvailable is "Points available for the customer after the points deduction"',
    family: 'decimal-precision',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: { createLedger: (dataset) => new AvailableLowBehindTenthsSum(dataset) },
  },
  {
    id: 'upp-unlock-short-of-promise-behind-promised-whole',
    description:
      "behind variant bal-promised-whole-main-two-decimals' display (promisedPoints and its breakup written whole, half to even; mainPoints and totalPoints with two decimals), an unlock of a promise with decimals moves main points 0.05 short of it and says so in pointsUnlocked (12.625 of the strict twoPrograms customer's 12.675), every later read and pointsAvailable of that customer showing the shortfall: main +12.62 against promised −13 warned (promwhole), though totalPoints, which an unlock leaves as it was, fell from 821.14 to 821.09 (fault hunt 36). The unlock page moves the promised points into main points",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: { hooks: { reply: unlockShortOfPromiseBehindPromisedWhole() } },
  },
  {
    id: 'fab-empty-point-type-accepted-on-deduction',
    description:
      'a fabric deduction (negative points) with pointType "" is taken: the empty string is refused on additions only, as if the point type mattered only when points are earned. The page gives pointType "Minimum length: 1" whatever points says; fabric.validation sent "" in an addition only (fault hunt 37)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINT-TYPE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('pointType', (body) => Number(body.points) < 0),
  },
  {
    id: 'fab-empty-billing-entity-accepted-when-pending',
    description:
      'a fabric addition with setToPending true and billingEntity "" is taken (left pending): the empty string is refused on the active path only. The page gives billingEntity "Minimum length: 1" whatever setToPending says; fabric.validation sent "" in an active addition only (fault hunt 37)',
    family: 'fabric',
    catches: ['FAB-ADJ-BILLING-ENTITY-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('billingEntity', (body) => body.setToPending === true),
  },
  {
    id: 'fab-points-from-reason-code',
    description: `a fabric adjustment without points that names a reasonCode books the ${REASON_CODE_POINTS} points the tenant configured for reason codes, answered 200 (a bare body without points is refused): the page marks points required, and fabric.validation sent only pointType without points (fault hunt 37)`,
    family: 'fabric',
    catches: ['FAB-ADJ-POINTS-REQUIRED'],
    enforcedTwice: 'the spec requires points before the handler can take them from the reason code',
    options: {
      hooks: { validate: pointsNotRequired },
      handlers: { adjustMemberPoints: pointsFromReasonCode },
    },
  },
  {
    id: 'fab-deduction-data-null',
    description:
      "a successful fabric deduction (the points move) answers data as null; additions answer the full envelope. The response table is the call's whatever it adjusted; FAB-ADJ-ENVELOPE judged the first addition only, and GEN-BODY-SCHEMA only warns about a null (fault hunt 37)",
    family: 'fabric',
    catches: ['FAB-ADJ-ENVELOPE'],
    options: {
      handlers: {
        adjustMemberPoints: successBodyWhen(
          (body) => Number(body.points) < 0,
          (answer) => ({ ...answer, data: null }),
        ),
      },
    },
  },
  {
    id: 'fab-pending-answered-bare',
    description:
      'a successful fabric addition left pending (setToPending true) answers only status and message, without data and errors; active adjustments answer the full envelope. FAB-ADJ-ENVELOPE judged the first addition only (fault hunt 37; variant hunt 32: without data, as message and errors left out only warn)',
    family: 'fabric',
    catches: ['FAB-ADJ-ENVELOPE'],
    options: {
      handlers: {
        adjustMemberPoints: successBodyWhen(
          (body) => body.setToPending === true,
          (answer) => ({ status: answer.status, message: answer.message }),
        ),
      },
    },
  },
  {
    id: 'auth-fabric-token-prefix-accepted',
    description:
      'the fabric adjustment compares a Bearer token no further than the issued token\'s length (a prefix test): the token with characters appended is accepted. "<token> is your auth token"; FAB-AUTH-WRONG sent only a token unrelated to the issued one (fault hunt 37)',
    family: 'authentication',
    catches: ['FAB-AUTH-WRONG'],
    options: { hooks: { authenticate: issuedTokenPrefixAccepted } },
  },
  {
    id: 'fab-member-found-by-first-id-group',
    description:
      "a fabric adjustment for a profileId no member has is booked on the tenant's member whose profileId shares its first group (8 hex digits, a short member number indexed in place of the whole id), answered 200: the page names the member by its profileId; FAB-ADJ-UNKNOWN-MEMBER sent only an id sharing nothing with the fixture's (fault hunt 37)",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: { createLedger: (dataset) => new MemberFoundByFirstIdGroup(dataset) },
  },
  {
    id: 'fab-new-point-type-bucket-status-201',
    description:
      'a successful fabric adjustment naming a pointType other than Base (a bucket of its own) answers HTTP 200 with envelope status 201, as if it created the bucket: status is the "Status code of call"; FAB-ADJ-STATUS-MATCHES judged only the bodies of fabric.add-and-deduct and fabric.pending, which name Base or no pointType (fault hunt 37)',
    family: 'fabric',
    catches: ['FAB-ADJ-STATUS-MATCHES'],
    options: {
      handlers: {
        adjustMemberPoints: successBodyWhen(
          (body) => typeof body.pointType === 'string' && body.pointType !== 'Base',
          (answer) => ({ ...answer, status: 201 }),
        ),
      },
    },
  },
  {
    id: 'upp-event-log-ids-unwrapped-single',
    description:
      'the unlock binds eventLogId to one Long and unwraps a one-element array into it (a JSON binder\'s "unwrap single value arrays"): [1235315] and 1235315 are accepted, an array of two event log IDs is refused as a type error. The table types eventLogId as an Array',
    family: 'promised-points',
    catches: ['CAP-UPP-EVENT-LOG-ID-TYPES'],
    options: refusingEventLogId(
      (eventLogId) => Array.isArray(eventLogId) && eventLogId.length > 1,
      'eventLogId: cannot deserialize a Long from an array of several values',
    ),
  },
  {
    id: 'upp-bill-date-day-month-swapped',
    description:
      'the unlock parses billDate with the pattern yyyy-dd-MM (day and month swapped): the example\'s "2022-02-12" reads as 2 December and passes, a date whose day is past the 12th ("2022-08-31") is refused as a validation error. The table gives billDate as YYYY-MM-DD',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => {
            const day = /^\d{4}-\d{2}-(\d{2})$/.exec(String(bodyRecord(context.body).billDate ?? ''))?.[1];
            return day !== undefined && Number(day) > 12;
          },
          400,
          'billDate: month must be between 1 and 12',
        ),
      },
    },
  },
  {
    id: 'upp-group-refusal-unlocks-bill',
    description:
      "with type=USERGROUP2 the unlock finds the bill in the whole org and unlocks it to its owner before it resolves the group, then answers an unknown group 1645 without undoing the unlock: the refusal's code is right, the bill's points moved anyway",
    family: 'promised-points',
    catches: ['CAP-UPP-NO-SIDE-EFFECT'],
    options: { createLedger: groupRefusalUnlockingBill },
  },
  {
    id: 'upp-once-per-bill-number-case',
    description:
      'the unlock finds a bill by its number whatever the case of its letters (a case-insensitive collation) but keeps the once-only mark under the number as sent: bill B-1002-1 unlocked, then named b-1002-1, unlocks again, its lines naming B-1002-1. A second unlock of the same bill moves no points',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE'],
    options: { createLedger: onceMarkedPerBillNumberText },
  },
  {
    id: 'upp-repeat-naming-event-log-empty-200',
    description:
      'a second unlock of a bill naming its own eventLogId (the unlock by event log, a path of its own) answers 200 with an empty pointsUnlocked list instead of an error: nothing moves, but the error table makes an unlock that finds no promised points an error (82323282)',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE-ERROR'],
    options: {
      createLedger: answeringNothingLeftEmpty(
        (request) =>
          request.eventLogIds.length > 0 && !request.lineItemIds?.length && !request.itemCodes?.length,
      ),
    },
  },
  {
    id: 'npa-message-dropped-below-zero',
    description:
      "a deduction that takes the balance below zero (negative balance on return on) answers status and pointsAvailable only: its own path builds the answer without message and warnings. The deduction page's response table gives every success a message string; the suite judged the fields on two deductions above zero only, and the spec's schema leaves message optional (fault hunt 39)",
    family: 'negative-balance',
    catches: ['CAP-NPA-RESPONSE-FIELDS'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', ({ message, warnings, ...body }) =>
          (parseAmount(body.pointsAvailable)?.micro ?? 0) < 0 ? body : { ...body, message, warnings },
        ),
      },
    },
  },
  {
    id: 'npa-ref-type-answer-without-message',
    description:
      "a deduction carrying a pointsAwardedRefType (an award reversal) is answered by a path of its own whose success body has no message. The deduction page's response table gives every success a message string; the suite judged the fields only on plain deductions (fault hunt 39)",
    family: 'input-validation',
    catches: ['CAP-NPA-RESPONSE-FIELDS'],
    options: {
      handlers: {
        negativePointsAdjustment: messageDroppedWhen((body) => body.pointsAwardedRefType !== undefined),
      },
    },
  },
  {
    id: 'npa-reason-limit-in-bytes',
    description:
      'the 50-character limit of reasonOfReturn is counted in UTF-8 bytes: a 50-character reason with accented letters is refused as too long. The vendor docs limit the reason to 50 characters; the suite sent only ASCII reasons, whose bytes are their characters (fault hunt 39)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    options: reasonsRefusedWhen((reason) => Buffer.byteLength(reason) > 50, 400),
  },
  {
    id: 'npa-zero-with-decimals-accepted',
    description:
      'a zero amount written with decimals ("0.00", the form of the page\'s "100.00") is answered with success and moves nothing: the zero test weighs the scale (Java\'s BigDecimal.equals), so only "0" and 0 get 8888. The page wants a value above zero and the vendor docs answer zero with 8888; the suite sent zero only without decimals (fault hunt 39)',
    family: 'input-validation',
    catches: ['CAP-NPA-8888'],
    enforcedTwice: 'the spec refuses an amount that is not above zero, and the ledger again (8888)',
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsToBeAdjusted'),
      },
      createLedger: ignoringDeductions(
        (r) => typeof r.pointsToBeAdjusted === 'string' && /^0\.0+$/.test(r.pointsToBeAdjusted),
      ),
    },
  },
  {
    id: 'npa-missing-amount-with-award-accepted',
    description:
      'a deduction naming a pointsAwardedId without pointsToBeAdjusted is taken as reversing the award and answered with success (nothing moves): the amount is required only when no award is named. The page marks pointsToBeAdjusted mandatory; the suite left it out only of a body naming no award (fault hunt 39)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-REQUIRED'],
    enforcedTwice: 'the spec requires the amount, and the ledger refuses what it cannot parse',
    options: missingAmountIgnoredWhen((r) => r.pointsAwardedId !== undefined),
  },
  {
    id: 'npa-promotion-id-ignored-without-program',
    description:
      'promotions are looked up in the program the deduction names: without programId (optional on the page) an unknown promotionId is not read and the deduction goes through as a plain one, instead of failing with 8874. The vendor docs answer a promotion the org does not have with 8874; the suite sent its unknown promotionId only beside a programId (fault hunt 39)',
    family: 'input-validation',
    catches: ['CAP-NPA-8874'],
    options: {
      handlers: {
        negativePointsAdjustment: deductionFieldIgnored(
          'promotionId',
          (body) => body.programId === undefined,
        ),
      },
    },
  },
  {
    id: 'npa-points-award-ignored-without-program',
    description:
      'point awards are looked up in the program the deduction names: without programId (optional on the page) an unknown pointsAwardedId is not read and the deduction goes through as a plain one, instead of failing with 8877. The vendor docs answer an award the customer does not have with 8877; the suite sent its unknown pointsAwardedId only beside a programId (fault hunt 39)',
    family: 'input-validation',
    catches: ['CAP-NPA-8877'],
    options: {
      handlers: {
        negativePointsAdjustment: deductionFieldIgnored(
          'pointsAwardedId',
          (body) => body.programId === undefined,
        ),
      },
    },
  },
  {
    id: 'npa-unknown-customer-with-program-1218',
    description:
      "a deduction naming a programId checks enrolment before the customer is found: an identifier value no customer has is answered 1218 (not enrolled in the program) instead of 8015. The page answers a customer not found for the given identifiers with 8015; the suite sent its unknown identifier values only without programId, though the page's example names its program (fault hunt 39)",
    family: 'input-validation',
    catches: ['CAP-NPA-8015'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          typeof bodyRecord(request.body).programId === 'number'
            ? remappingCodes('negativePointsAdjustment', (code) => (code === 8015 ? 1218 : code))(
                operationId,
                reply,
              )
            : reply,
      },
    },
  },
  {
    id: 'npa-promotion-answer-without-message',
    description:
      "a deduction naming a promotion (by promotionId or promotionIdentifier) or a points award is answered by a path of its own whose success body has no message. The deduction page's response table gives every success a message string; the suite judged the fields on none of those deductions (fault hunt 39)",
    family: 'input-validation',
    catches: ['CAP-NPA-RESPONSE-FIELDS'],
    options: {
      handlers: {
        negativePointsAdjustment: messageDroppedWhen((body) =>
          ['promotionId', 'promotionIdentifier', 'pointsAwardedId'].some(
            (field) => body[field] !== undefined,
          ),
        ),
      },
    },
  },
  // --- fault hunt 40 (helper, 2026-12-06): the deduction's requirements one or two faults failed ---
  {
    id: 'npa-unknown-identifier-type-8015',
    description:
      'an identifierName outside the list is not checked as a type: the value is looked up under it, no customer is found and the answer is 8015 (customer not found) instead of 8013 (the documented code of an invalid identifier type)',
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'query.identifierName' && i.keyword === 'enum',
        ),
      },
    },
  },
  {
    id: 'npa-missing-identifier-name-read-as-mobile',
    description:
      'a deduction without identifierName (mandatory on the page) is read as naming a mobile number and deducts; the suite sent only an unknown type (fault hunt 40)',
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    enforcedTwice:
      'the spec requires identifierName, and the ledger finds no customer under an empty type (8015)',
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'query.identifierName' && i.keyword === 'required',
        ),
      },
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (context) => ({
          ...context,
          query: { identifierName: 'mobile', ...context.query },
        })),
      },
    },
  },
  {
    id: 'npa-ref-type-enum-crash-500',
    description:
      "a pointsAwardedRefType outside the list crashes the enum conversion (Java's Enum.valueOf): 500 instead of a refusal with 9975",
    family: 'input-validation',
    catches: ['CAP-NPA-9975'],
    options: replacingCode('negativePointsAdjustment', 9975, () => ({
      status: 500,
      body: {
        status: 500,
        error: 'Internal Server Error',
        message: 'No enum constant PointsAwardedRefType.not_a_ref_type',
      },
    })),
  },
  {
    id: 'npa-ref-type-generic-code',
    description:
      'a pointsAwardedRefType outside the list is refused with the generic validation code 400 instead of 9975 (nothing moves)',
    family: 'input-validation',
    catches: ['CAP-NPA-9975'],
    options: {
      hooks: { reply: remappingCodes('negativePointsAdjustment', (code) => (code === 9975 ? 400 : code)) },
    },
  },
  {
    id: 'npa-missing-reason-generic-code',
    description:
      "a deduction without reasonOfReturn is refused by the framework's required-field check with the generic code 400 instead of 8882 (a blank reason still gets 8882 from the handler)",
    family: 'input-validation',
    catches: ['CAP-NPA-8882'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          bodyRecord(request.body).reasonOfReturn === undefined
            ? remappingCodes('negativePointsAdjustment', (code) => (code === 8882 ? 400 : code))(
                operationId,
                reply,
              )
            : reply,
      },
    },
  },
  {
    id: 'npa-missing-reason-crash-500',
    description:
      'a deduction without reasonOfReturn crashes on the missing reason (a null dereferenced): 500 instead of a refusal with 8882',
    family: 'input-validation',
    catches: ['CAP-NPA-8882', 'CAP-NPA-REASON-REQUIRED'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          answersCode(reply, 8882) &&
          bodyRecord(request.body).reasonOfReturn === undefined
            ? {
                status: 500,
                body: { message: 'Cannot invoke "String.trim()" because "reasonOfReturn" is null' },
              }
            : reply,
      },
    },
  },
  {
    id: 'npa-missing-reason-refused-in-200-body',
    description:
      'a deduction without (or with a blank) reasonOfReturn is answered 200 {"status": "failure"} with a message and no error envelope: nothing moves, but the answer is no refusal in the profile\'s error status',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-REQUIRED', 'CAP-NPA-8882'],
    options: failureIn200Instead(8882, 'reasonOfReturn is required'),
  },
  {
    id: 'npa-promotion-both-crash-500',
    description:
      'promotionId and promotionIdentifier together crash the promotion lookup (two results where one is expected): 500 instead of a refusal',
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    options: {
      hooks: {
        reply: (operationId, reply, request) => {
          const body = bodyRecord(request.body);
          return operationId === 'negativePointsAdjustment' &&
            isRefusal(reply) &&
            body.promotionId !== undefined &&
            body.promotionIdentifier !== undefined
            ? { status: 500, body: { message: 'query did not return a unique result: 2' } }
            : reply;
        },
      },
    },
  },
  {
    id: 'npa-promotion-both-refused-in-200-body',
    description:
      'promotionId and promotionIdentifier together are answered 200 {"status": "failure"} with a message and no error envelope: nothing moves, but the answer is no refusal in the profile\'s error status',
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    options: {
      hooks: {
        reply: (operationId, reply, request) => {
          const body = bodyRecord(request.body);
          return operationId === 'negativePointsAdjustment' &&
            isRefusal(reply) &&
            body.promotionId !== undefined &&
            body.promotionIdentifier !== undefined
            ? { status: 200, body: { status: 'failure', message: 'invalid input combination', warnings: [] } }
            : reply;
        },
      },
    },
  },
  {
    id: 'npa-points-available-thousands-grouped',
    description:
      'pointsAvailable is written with thousands grouped ("99,979.500", as .NET\'s "N3" or PHP\'s number_format write it): no number a client parses. The suite judged the format only on deductions leaving hundreds of points (fault hunt 40)',
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE-FORMAT'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', (body) => {
          const [whole = '', decimals] = String(body.pointsAvailable).split('.');
          const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
          return { ...body, pointsAvailable: decimals === undefined ? grouped : `${grouped}.${decimals}` };
        }),
      },
    },
  },
  {
    id: 'npa-points-available-omitted-at-zero',
    description:
      "a deduction that leaves zero answers without pointsAvailable (a serializer leaving zero values out, Go's omitempty). The suite judged the format only on deductions leaving points (fault hunt 40)",
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE-FORMAT', 'CAP-NPA-EXACT-BALANCE'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', ({ pointsAvailable, ...body }) =>
          Number(pointsAvailable) === 0 ? body : { ...body, pointsAvailable },
        ),
      },
    },
  },
  {
    id: 'npa-exact-balance-zero-answered-as-before',
    description:
      'deducting exactly the balance takes it to zero, but pointsAvailable is the balance before (a zero result read as no result: `after || before`)',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            const before = customer?.main.get(programOf(dataset, orgId, request)) ?? 0;
            const outcome = super.deduct(orgId, request);
            return outcome.ok && Number(outcome.value.pointsAvailable) === 0
              ? { ok: true as const, value: { pointsAvailable: formatFixed(before, 3) } }
              : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-exact-balance-not-written',
    description:
      'deducting exactly the balance is answered as made (pointsAvailable 0), but the new balance is written only when it is above zero: the points stay',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            const programId = programOf(dataset, orgId, request);
            const before = customer?.main.get(programId) ?? 0;
            const outcome = super.deduct(orgId, request);
            if (outcome.ok && customer && Number(outcome.value.pointsAvailable) === 0)
              customer.main.set(programId, before);
            return outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-negative-amount-credits',
    description: 'a negative amount is deducted as sent: taking -5 points adds 5 (no refusal)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: 'the spec refuses a negative amount, and the ledger again (8888)',
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsToBeAdjusted'),
      },
      createLedger: negativeAmountsDeductedWhen(() => true),
    },
  },
  {
    id: 'npa-negative-amount-where-negative-balance-allowed',
    description:
      'ALLOW_NEGATIVE_BALANCE_ON_RETURN read as allowing negative amounts: on the org with it on, -5 points are deducted as sent (5 added); the org with it off still refuses',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: 'the spec refuses a negative amount, and the ledger again (8888)',
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsToBeAdjusted'),
      },
      createLedger: negativeAmountsDeductedWhen((org) => org.allowNegativeBalanceOnReturn),
    },
  },
  {
    id: 'npa-missing-amount-crash-500',
    description:
      'a deduction without pointsToBeAdjusted crashes on the missing amount: 500 instead of a refusal',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-REQUIRED'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          isRefusal(reply) &&
          bodyRecord(request.body).pointsToBeAdjusted === undefined
            ? { status: 500, body: { message: 'java.lang.NullPointerException' } }
            : reply,
      },
    },
  },
  {
    id: 'npa-invalid-source-ignored',
    description:
      'source is never checked: a value outside the list is accepted and the deduction goes through (no 8003)',
    family: 'input-validation',
    catches: ['CAP-NPA-8003'],
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'query.source' && i.keyword === 'enum',
        ),
      },
    },
  },
  {
    id: 'npa-missing-source-read-as-instore',
    description:
      "a deduction without source (mandatory on the page) is read as the example's INSTORE and deducts; the suite sent only a source outside the list (fault hunt 40)",
    family: 'input-validation',
    catches: ['CAP-NPA-8003'],
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'query.source' && i.keyword === 'required',
        ),
      },
    },
  },
  {
    id: 'npa-8887-answered-8874',
    description:
      'a promotionIdentifier without programId is looked up anyway and answered 8874 (invalid promotion) instead of 8887, though the profile declares it a promotion of the default program',
    family: 'input-validation',
    catches: ['CAP-NPA-8887'],
    options: {
      hooks: { reply: remappingCodes('negativePointsAdjustment', (code) => (code === 8887 ? 8874 : code)) },
    },
  },
  {
    id: 'npa-negative-fraction-credits',
    description:
      'the sign of an amount is checked on its whole part (the table types it Integer): -0.5 passes as 0 and is deducted as sent, adding half a point. The suite sent only -5 (fault hunt 40)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: 'the spec refuses a negative amount, and the ledger again (8888)',
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsToBeAdjusted'),
      },
      createLedger: negativeAmountsDeductedWhen(
        () => true,
        (micro) => Math.trunc(micro / ONE_POINT) === 0,
      ),
    },
  },
  {
    id: 'npa-ref-type-ignored-beside-award',
    description:
      'pointsAwardedRefType is read only where no pointsAwardedId names the award (the award then says its own type): an unlisted type beside a known award is accepted and deducts instead of failing with 9975. The suite sent the unlisted type only alone (fault hunt 40)',
    family: 'input-validation',
    catches: ['CAP-NPA-9975'],
    enforcedTwice:
      "the spec's enum refuses the type before any handler runs: the fault lets it through, and its handler checks it only where no award is named",
    options: refTypeCheckedWhen((context) => bodyRecord(context.body).pointsAwardedId === undefined),
  },
  {
    id: 'upp-unknown-type-read-as-customer',
    description:
      'the unlock reads any type but USERGROUP2 as CUSTOMER: a type outside the list (type=NOT_A_TYPE or not_a_type) unlocks the bill instead of failing with 82323276. The query-errors probe, restricted to a line item no bill has, met 82323282, which only warns (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323276', 'CAP-UPP-NO-SIDE-EFFECT'],
    options: {
      hooks: { validate: dropIssues('unlockPromisedPoints', (i) => i.where === 'query.type') },
    },
  },
  {
    id: 'upp-type-default-group-for-id',
    description:
      'an unlock without type naming the customer by identifierName id is taken for a USERGROUP2 one (group ids are ids too) and refused with 1645; by any other identifier the default CUSTOMER applies (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT', 'CAP-UPP-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          queryValue(context.query, 'type') === undefined &&
          queryValue(context.query, 'identifierName') === 'id'
            ? HANDLERS.unlockPromisedPoints({ ...context, query: { ...context.query, type: 'USERGROUP2' } })
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'upp-explicit-customer-type-reads-internal-id',
    description:
      "an unlock with type=CUSTOMER given explicitly reads identifierValue as the customer's internal id, as USERGROUP2 reads it as the group's, whatever identifierName names: by mobile the customer is not found (8015); without type the identifier is read as named (fault hunt 41)",
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          queryValue(context.query, 'type') === 'CUSTOMER'
            ? HANDLERS.unlockPromisedPoints({ ...context, query: { ...context.query, identifierName: 'id' } })
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'upp-promotion-ids-as-optional-objects',
    description:
      'the unlock answer\'s promotion lines carry promotionIdentifier and promotionId as {"present":true}, as Jackson writes a Java Optional without its module: the fields are there, the ids are not (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROMOTION'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.promotionName === undefined
            ? line
            : { ...line, promotionIdentifier: { present: true }, promotionId: { present: true } },
        ),
      },
    },
  },
  {
    id: 'upp-promotion-ids-on-the-bill-line',
    description:
      "the unlock answer's promotion line keeps its promotionName and points, while its promotionIdentifier and promotionId are written on the bill's own line (the ids mapped from the wrong row) (fault hunt 41)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROMOTION'],
    options: {
      handlers: { unlockPromisedPoints: with200Body('unlockPromisedPoints', promotionIdsOnBillLine) },
    },
  },
  {
    id: 'upp-source-checked-by-form',
    description:
      'the unlock checks source by its form (an upper-case token) instead of against the Enum: NOT_A_SOURCE passes and the bill is unlocked; a lower-case or empty source is still refused (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-INVALID', 'CAP-UPP-NO-SIDE-EFFECT'],
    options: {
      hooks: {
        validate: dropIssues(
          'unlockPromisedPoints',
          (i) => i.where === 'query.source' && /^"[A-Z][A-Z_]*"$/.test(i.actual),
        ),
      },
    },
  },
  {
    id: 'upp-source-refusal-as-empty-200',
    description:
      "an unlock with a source outside the Enum moves nothing but is answered 200 with an empty pointsUnlocked list and the refusal's error as a warning, not refused (fault hunt 41)",
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-INVALID'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          operationId === 'unlockPromisedPoints' && isRefusal(reply) && unlistedUnlockSource(request)
            ? { status: 200, body: { pointsUnlocked: [], warnings: bodyRecord(reply.body).errors ?? [] } }
            : reply,
      },
    },
  },
  {
    id: 'upp-item-lines-name-bill-and-item',
    description:
      "the unlock answer's item lines carry billNumber as the bill number joined to the line's itemCode (B-1001-1-gd739, the target's key of a bill line); the bill's own line names the bill (fault hunt 41)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-BILL'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.itemCode === undefined
            ? line
            : { ...line, billNumber: `${String(line.billNumber)}-${String(line.itemCode)}` },
        ),
      },
    },
  },
  {
    id: 'upp-bill-number-as-list',
    description:
      'the unlock answer\'s lines carry billNumber as a one-element list (["B-1001-1"], as itemCode is a list): its text is the bill number, but a list names no bill (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-BILL'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.billNumber === undefined ? line : { ...line, billNumber: [line.billNumber] },
        ),
      },
    },
  },
  {
    id: 'upp-promotion-line-program-is-promotion-id',
    description:
      "the unlock answer's promotion line carries the promotion's id as its programId (5001, a field mapped from the wrong column); the bill's and items' lines name their program (fault hunt 41)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROGRAM'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.promotionId === undefined ? line : { ...line, programId: line.promotionId },
        ),
      },
    },
  },
  {
    id: 'upp-bill-number-own-pattern',
    description:
      'the unlock checks a billNumber string against the target\'s own numbering (B-<digits>-<digits>) and refuses any other as malformed (400) instead of looking it up: "an invalid or non-existent billNumber" is 82323277 on the page, and its table types billNumber String (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-NUMBER-TYPES', 'CAP-UPP-82323277'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => {
            const billNumber = bodyRecord(context.body).billNumber;
            return typeof billNumber === 'string' && billNumber !== '' && !/^B-\d+-\d+$/i.test(billNumber);
          },
          400,
          'Invalid bill number format.',
        ),
      },
    },
  },
  {
    id: 'upp-promotion-points-null',
    description:
      "the unlock answer's promotion line carries pointsUnlocked null (the promotion's points are moved but not written); the bill's and items' lines carry their amounts (fault hunt 41)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-NUMERIC'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.promotionId === undefined ? line : { ...line, pointsUnlocked: null },
        ),
      },
    },
  },
  {
    id: 'upp-points-fixed-width',
    description:
      'the unlock answer writes each pointsUnlocked right-aligned in 12 characters ("      30.000", a fixed-width format): blanks around the digits make no decimal string (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-NUMERIC'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) => ({
          ...line,
          pointsUnlocked: String(line.pointsUnlocked).padStart(12),
        })),
      },
    },
  },
  {
    id: 'bal-default-program-promised-of-every-program',
    description:
      'fetchDataForAllPrograms=false without programId answers the default program\'s mainPoints beside the promised points (and so totalPoints) of every program: the table\'s "points balance of the customer for the default program" only in part (fault hunt 41)',
    family: 'balance',
    catches: ['CAP-BAL-DEFAULT-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const own = super.balance(orgId, query);
            if (!own.ok || query.programId !== undefined || query.fetchDataForAllPrograms) return own;
            const all = super.balance(orgId, { ...query, fetchDataForAllPrograms: true });
            return all.ok ? { ok: true, value: { ...all.value, mainPoints: own.value.mainPoints } } : own;
          }
        })(dataset),
    },
  },
  {
    id: 'bal-top-level-promised-over-all-programs',
    description:
      "the balance repeats its promised figures at the top level (the flat table's reading) from the customer's figures over all programs, while promisedPointsBreakup holds those of the program read: a one-program read states two amounts for each (fault hunt 41)",
    family: 'balance',
    catches: ['CAP-BAL-PROMISED-BREAKUP'],
    options: {
      handlers: {
        getPointsBalance: topLevelPromisedOf(
          () => true,
          (context) => ({ ...context.query, fetchDataForAllPrograms: 'true' }),
        ),
      },
    },
  },
  {
    id: 'dual-list-entity-is-primary-value',
    description:
      "a list lookup answers the balance of the customer its primary names, with the primary identifier's value (the mobile) as entityId instead of the customer's id: two customers sharing a secondary still get two different entityIds, neither its profile's (fault hunt 41)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-PROFILE', 'CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
            const outcome = super.balance(orgId, query);
            const names = query.identifierName.split(',');
            const primary = orgOf(dataset, orgId).dualEligibility.primaryIdentifier ?? 'mobile';
            const value = query.identifierValue.split(',')[names.indexOf(primary)];
            return outcome.ok && names.length > 1 && value !== undefined
              ? { ok: true, value: { ...outcome.value, entityId: Number(value) } }
              : outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'upp-long-bill-number-missing',
    description:
      'the unlock binds a numeric billNumber to a 32-bit integer: a ten-digit number (past 2^31 - 1) overflows to nothing and is answered 82323271 (bill number missing) instead of reaching the bill lookup; shorter numbers and strings are read as sent (fault hunt 41)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-NUMBER-TYPES'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => {
            const billNumber = bodyRecord(context.body).billNumber;
            return typeof billNumber === 'number' && billNumber > 2 ** 31 - 1;
          },
          82323271,
          'Bill number missing.',
        ),
      },
    },
  },
  {
    id: 'bal-one-program-top-level-promised-frozen',
    description:
      'the balance repeats its promised figures at the top level on one-program reads (a programId, fetchDataForAllPrograms false) from the first such read of the customer: after an unlock they disagree with promisedPointsBreakup there, while the read over all programs stays right (fault hunt 41)',
    family: 'balance',
    catches: ['CAP-BAL-PROMISED-BREAKUP'],
    options: {
      handlers: {
        getPointsBalance: topLevelPromisedFromFirstRead(
          (context) =>
            queryValue(context.query, 'programId') !== undefined &&
            queryValue(context.query, 'fetchDataForAllPrograms') !== 'true',
        ),
      },
    },
  },
  {
    id: 'upp-82323276-as-no-promise-points',
    description:
      "an unlock with a type outside the list is answered 82323282 (no promise points found to unlock) instead of 82323276, the bill untouched: a rerun's used-up bill would say so, a fresh one still has its points, which a later unlock of the bill moves (fault hunt 41)",
    family: 'promised-points',
    catches: ['CAP-UPP-82323276'],
    options: replacingCode('unlockPromisedPoints', 82323276, () =>
      capillaryError(82323282, 'No promise points found to unlock.'),
    ),
  },
  // --- fault hunt 43: Capillary requirements two faults had failed ---
  {
    id: 'npa-number-amount-8906-as-double',
    description:
      'pointsToBeAdjusted sent as a JSON number is bound to a double and its text "1.0" counted one decimal place: refused with 8906 as more decimals than the program allows (fault hunt 43)',
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-NUMBER'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => typeof bodyRecord(context.body).pointsToBeAdjusted === 'number',
          8906,
          'Points to be adjusted has more decimal places than the round decimals of the program',
        ),
      },
    },
  },
  {
    id: 'npa-string-amount-integer-parse',
    description:
      'pointsToBeAdjusted sent as a string is parsed as an integer (Integer.parseInt): "1" is taken, "1.00" (the form the document sends) is refused as a validation error (fault hunt 43)',
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => {
            const amount = bodyRecord(context.body).pointsToBeAdjusted;
            return typeof amount === 'string' && !/^\d+$/.test(amount);
          },
          400,
          'pointsToBeAdjusted must be an integer',
        ),
      },
    },
  },
  {
    id: 'npa-external-id-name-misspelled',
    description:
      'the deduction knows the identifier name as "externalID" (a constant spelled otherwise, matched case-sensitively): identifierName=externalId is refused as an invalid identifier name (400), not as an unknown customer (fault hunt 43)',
    family: 'input-validation',
    catches: ['CAP-NPA-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          namesByExternalId,
          400,
          'identifierName must be one of mobile, email, externalID, cardnumber',
        ),
      },
    },
  },
  {
    id: 'npa-source-refused-with-external-id',
    description:
      'a deduction naming the customer by externalId accepts only the source INSTORE (the other listed sources get 8003); by mobile every listed source is taken (fault hunt 43)',
    family: 'input-validation',
    catches: ['CAP-NPA-SOURCE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: onlyInstoreUnder(
          'negativePointsAdjustment',
          (name) => name === 'externalId',
        ),
      },
    },
  },
  {
    id: 'upp-lines-program-unset-zero',
    description:
      "the unlock answer's pointsUnlocked lines carry programId 0 (an int field never set from the line's program) instead of the program whose points moved (fault hunt 43)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROGRAM'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          line.programId === undefined ? line : { ...line, programId: 0 },
        ),
      },
    },
  },
  {
    id: 'upp-user-group-type-unsupported',
    description:
      'the unlock supports only type CUSTOMER: type USERGROUP2 is refused with 82323276 (invalid entity type) whatever the group, instead of 1645 for an unknown group (fault hunt 43)',
    family: 'promised-points',
    catches: ['CAP-UPP-1645'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => queryValue(context.query, 'type') === 'USERGROUP2',
          82323276,
          'Invalid entity type',
        ),
      },
    },
  },
  {
    id: 'upp-unknown-group-unlocks-nothing',
    description:
      'an unknown user group (type USERGROUP2) is read as a group without members: answered 200 with an empty pointsUnlocked list instead of 1645 (fault hunt 43)',
    family: 'promised-points',
    catches: ['CAP-UPP-1645'],
    options: emptyUnlockInstead(1645),
  },
  {
    id: 'upp-event-log-id-array-server-error',
    description:
      'an eventLogId sent as an array crashes the binder: answered 500 with an internal error (fault hunt 43)',
    family: 'promised-points',
    catches: ['CAP-UPP-EVENT-LOG-ID-TYPES'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          Array.isArray(bodyRecord(context.body).eventLogId)
            ? capillaryError(500, 'Internal server error')
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'upp-bill-date-month-not-zero-based',
    description:
      'the unlock checks billDate is a real date with a month index not made zero-based (new Date(y, m, d) read back): "2022-02-12" is checked as 12 March and passes, "2022-01-31" as 31 February and is refused as a validation error. The table gives billDate as YYYY-MM-DD (fault hunt 43)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const billDate = bodyRecord(context.body).billDate;
          const [y, m, d] = String(billDate).split('-').map(Number) as [number, number, number];
          return billDate !== undefined && new Date(Date.UTC(y, m, d)).getUTCDate() !== d
            ? capillaryError(400, 'billDate is not a valid date')
            : HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  {
    id: 'upp-source-refused-by-external-id',
    description:
      'an unlock naming the customer by any identifier name but mobile (externalId, id, ...) accepts only the source INSTORE (the other listed sources get 8003); by mobile every listed source is taken (fault hunt 43)',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-VALUES'],
    options: {
      handlers: {
        unlockPromisedPoints: onlyInstoreUnder('unlockPromisedPoints', (name) => name !== 'mobile'),
      },
    },
  },
  {
    id: 'upp-source-refused-by-mobile',
    description: 'an unlock naming the customer by mobile accepts only the source INSTORE (fault hunt 43)',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-VALUES'],
    options: {
      handlers: {
        unlockPromisedPoints: onlyInstoreUnder('unlockPromisedPoints', (name) => name === 'mobile'),
      },
    },
  },
  {
    id: 'auth-basic-md5-uppercase-only',
    description:
      'Basic credentials are checked against the md5 digest written in upper-case hex (as .NET\'s ToString("X2") writes it), compared case-sensitively: the lower-case digest every md5 tool prints is refused 401. The authorisation page\'s credential is md5(password) of the till; fabric and Capillary alike send it as the suite does (fault hunt 42)',
    family: 'authentication',
    catches: ['CAP-AUTH-BASIC'],
    profile: oauthFirst,
    options: { hooks: { authenticate: upperCaseDigestOnly } },
  },
  {
    id: 'auth-basic-without-access-groups',
    description:
      'a till signing in with Basic gets no access groups (they are read for OAuth clients only): every call it makes, the balance read included, is answered 403 (4000) though its credentials are right and the till holds the groups (fault hunt 42)',
    family: 'authentication',
    catches: ['CAP-AUTH-BASIC'],
    profile: oauthFirst,
    options: {
      hooks: {
        authenticate: (_operationId, result, headers) =>
          result.ok && /^Basic\s/i.test(headers.authorization ?? '')
            ? { ...result, accessGroups: [] }
            : result,
      },
    },
  },
  {
    id: 'auth-fabric-bearer-scope-forbidden',
    description:
      'the fabric adjustment answers the valid Bearer token 403 "the token lacks the loyalty:write scope" (the token authenticates, a scope the page never mentions is demanded): a 403 is no acceptance; the existing faults refused it 401 or accepted it with an error envelope (fault hunt 42)',
    family: 'authentication',
    catches: ['FAB-AUTH-BEARER'],
    options: {
      handlers: {
        adjustMemberPoints: () =>
          fabricReply(403, 'Forbidden: the token lacks the loyalty:write scope', null, {
            code: '403',
            message: 'insufficient scope',
          }),
      },
    },
  },
  {
    id: 'fab-points-missing-taken-as-zero',
    description:
      'a fabric adjustment without points is taken as an adjustment of 0 and answered 200 "0.0 points added", nothing moved: the page marks points required; the existing faults booked an amount in its place (fault hunt 42)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINTS-REQUIRED'],
    enforcedTwice: 'the spec requires points, and the ledger refuses an amount of 0',
    options: {
      hooks: { validate: pointsNotRequired },
      handlers: {
        adjustMemberPoints: (context) =>
          bodyRecord(context.body).points === undefined
            ? fabricReply(200, 'Member points adjusted', {
                Message: '0.0 points added',
                futureDate: false,
                ExceptionString: '',
                transactionCode: randomUUID(),
              })
            : HANDLERS.adjustMemberPoints(context),
      },
    },
  },
  {
    id: 'fab-min-length-checked-on-first-string-only',
    description:
      'the fabric adjustment checks "Minimum length: 1" on the first of pointType, billingEntity and reasonCode the body names (a validation loop that returns on its first string): an empty billingEntity or reasonCode behind the example\'s pointType is taken. fabric.validation sent each empty string alone in its body (fault hunt 42)',
    family: 'fabric',
    catches: ['FAB-ADJ-BILLING-ENTITY-MIN-LENGTH', 'FAB-ADJ-REASON-CODE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses each empty string before the handler sees it",
    options: {
      hooks: { validate: dropIssues('adjustMemberPoints', (i) => minLengthOfAdjustmentString(i)) },
      handlers: { adjustMemberPoints: firstStringChecked },
    },
  },
  {
    id: 'fab-empty-string-refused-after-booking',
    description:
      'a fabric adjustment with an empty pointType or billingEntity is booked, then refused 400 (application/json, the field named in errors): the check runs after the ledger write. A refusal that moved points breaks the rule all the same; the existing faults accepted the empty string (fault hunt 42)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINT-TYPE-MIN-LENGTH', 'FAB-ADJ-BILLING-ENTITY-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.keyword === 'minLength' && ['body.pointType', 'body.billingEntity'].includes(i.where),
        ),
      },
      handlers: {
        adjustMemberPoints: (context) => {
          const reply = HANDLERS.adjustMemberPoints(context);
          const body = bodyRecord(context.body);
          const empty = ['pointType', 'billingEntity'].find((field) => body[field] === '');
          return empty && reply.status === 200
            ? fabricReply(400, `${empty} must not be empty`, null, { [empty]: 'minLength' })
            : reply;
        },
      },
    },
  },
  {
    id: 'fab-empty-reason-code-accepted-when-pending',
    description:
      'a fabric addition with setToPending true and reasonCode "" is taken (left pending, its reason to be given on confirmation): the empty string is refused on the active path only. The page gives reasonCode "Minimum length: 1" whatever setToPending says (fault hunt 42)',
    family: 'fabric',
    catches: ['FAB-ADJ-REASON-CODE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('reasonCode', (body) => body.setToPending === true),
  },
  {
    id: 'fab-null-strings-reported-in-errors',
    description:
      'a fabric adjustment with pointType, billingEntity or reasonCode null is booked (the points move) but answers errors with an entry per null field ("null ignored"): the page types them string | null, and errors holds error details; a success says none (fault hunt 42)',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: successBodyWhen(
          (body) => NULLABLE_STRINGS.some((field) => body[field] === null),
          (answer) => ({ ...answer, errors: { nullFields: 'null ignored' } }),
        ),
      },
    },
  },
  {
    id: 'fab-unknown-member-booked-on-last-adjusted',
    description:
      "a fabric adjustment for a profileId no member has is booked on the member the tenant adjusted last (a 'current member' kept between calls) and answered 200: the page names the member by its profileId; FAB-ADJ-UNKNOWN-MEMBER sent the unknown ids before any adjustment of the fixture member (fault hunt 42)",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: { createLedger: (dataset) => new UnknownMemberBookedOnLastAdjusted(dataset) },
  },
  {
    id: 'fab-unknown-member-refused-yet-booked',
    description:
      "a fabric adjustment for a profileId no member has is booked on the tenant's first member before the lookup fails, then answered 404: a refusal that moved a member's points; the existing faults answered 200 (fault hunt 42)",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override adjustMember(tenantId: string, request: MemberAdjustment) {
            const first = dataset.fabric.tenants.find((t) => t.id === tenantId)?.members[0]?.profileId;
            if (!this.member(tenantId, request.profileId) && first !== undefined)
              super.adjustMember(tenantId, { ...request, profileId: first });
            return super.adjustMember(tenantId, request);
          }
        })(dataset),
    },
  },
  {
    id: 'fab-null-strings-refused-on-deduction',
    description:
      'a fabric deduction naming pointType, billingEntity or reasonCode as null is refused 400 ("reasonCode is required for a deduction": the deduction path reads a present key as a string), additions with the same nulls are taken: the page types them string | null whatever points says; FAB-ADJ-NULLABLE-STRINGS sent the nulls in an addition only (fault hunt 42)',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: fabricRefusingWhen(
          (body) => Number(body.points) < 0 && NULLABLE_STRINGS.some((field) => body[field] === null),
          'reasonCode is required for a deduction',
          { reasonCode: 'required' },
        ),
      },
    },
  },
  {
    id: 'npa-string-amount-decimal-point-dropped',
    description:
      'pointsToBeAdjusted sent as a string loses its decimal point before it is parsed (digits kept, "1.00" read as 100): the string form the document sends is accepted but deducts a hundred times the number\'s amount (the lead, twenty-fourth sitting, after fault hunt 43)',
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING', 'CAP-NPA-ARITHMETIC'],
    options: stringPointDroppedWhen(() => true),
  },
  {
    id: 'npa-source-wechat-refused-8013',
    description:
      'a deduction under source WECHAT is refused with 8013 (an invalid identifier type) whatever identifier names the customer: the listed source is refused under the code of an identifier, which CAP-NPA-SOURCE-VALUES only warns of where another name gets the same source past validation (variant hunt 38)',
    family: 'input-validation',
    catches: ['CAP-NPA-SOURCE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => queryValue(context.query, 'source') === 'WECHAT',
          8013,
          'Lookup,Invalid identifier passed',
        ),
      },
    },
  },
  {
    id: 'upp-source-line-refused-8013',
    description:
      'an unlock under source LINE is refused with 8013 (an invalid identifier type) whatever identifier names the customer: the listed source is refused under the code of an identifier, which CAP-UPP-SOURCE-VALUES only warns of where another name gets the same source past validation (variant hunt 38)',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-VALUES'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => queryValue(context.query, 'source') === 'LINE',
          8013,
          'Lookup,Invalid identifier passed',
        ),
      },
    },
  },
  // --- fault hunt 46 (helper): fabric, authentication and generic rules three or four faults failed ---
  {
    id: 'auth-fabric-token-truncated-accepted',
    description:
      'the fabric adjustment takes a Bearer token the issued one begins with (compared no further than the presented token\'s length, strncmp(presented, issued, strlen(presented))): the token without its last character is accepted. "<token> is your auth token"; FAB-AUTH-WRONG sent an unrelated token and the token with a character appended only (fault hunt 46)',
    family: 'authentication',
    catches: ['FAB-AUTH-WRONG'],
    options: {
      hooks: { authenticate: bearerTakenWhen((presented, issued) => issued.startsWith(presented)) },
    },
  },
  {
    id: 'auth-fabric-token-case-insensitive',
    description:
      "the fabric adjustment looks Bearer tokens up case-insensitively (a token column under a case-insensitive collation, MySQL's default): the token with its letters' case swapped, never issued, is accepted (fault hunt 46). Run with a profile naming the token in mixed case (`Fabric-Reference-Token`, which the lookup takes for the issued one): FAB-AUTH-WRONG swaps only a token mixing cases, a token in one case perhaps being of a form read ignoring case (variant hunt 39)",
    family: 'authentication',
    catches: ['FAB-AUTH-WRONG'],
    options: {
      hooks: {
        authenticate: bearerTakenWhen(
          (presented, issued) => presented.toLowerCase() === issued.toLowerCase(),
        ),
      },
    },
    profile: {
      edit: (profile) => Object.assign(profile.fabric.auth, { token: 'Fabric-Reference-Token' }),
    },
  },
  {
    id: 'fab-points-missing-accepted-when-pending',
    description:
      'a fabric addition left pending (setToPending true) without points is taken as a placeholder whose amount comes on confirmation, answered 200 "0.0 points added"; an active one without points is refused 400. The page marks points required whatever setToPending says; fabric.validation sent active bodies without points only (fault hunt 46)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINTS-REQUIRED'],
    enforcedTwice: 'the spec requires points, and the ledger refuses an amount of 0',
    options: {
      hooks: { validate: pointsNotRequired },
      handlers: { adjustMemberPoints: pendingPlaceholderWithoutPoints },
    },
  },
  {
    id: 'fab-null-strings-refused-when-pending',
    description:
      'a fabric addition left pending (setToPending true) naming pointType, billingEntity or reasonCode as null is refused 400 ("billingEntity is required to confirm pending points"); active adjustments with the same nulls are taken: the page types them string | null whatever setToPending says; FAB-ADJ-NULLABLE-STRINGS sent the nulls in active adjustments only (fault hunt 46)',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: fabricRefusingWhen(
          (body) => body.setToPending === true && NULLABLE_STRINGS.some((field) => body[field] === null),
          'billingEntity is required to confirm pending points',
          { billingEntity: 'required' },
        ),
      },
    },
  },
  {
    id: 'fab-pending-answered-http-202',
    description:
      'a successful fabric addition left pending (setToPending true) answers HTTP 202 ("accepted": the points are not available yet) with the envelope\'s status 200: status is the "Status code of call"; the existing faults changed the envelope\'s status, not the call\'s (fault hunt 46)',
    family: 'fabric',
    catches: ['FAB-ADJ-STATUS-MATCHES'],
    options: {
      handlers: {
        adjustMemberPoints: (context) => {
          const reply = HANDLERS.adjustMemberPoints(context);
          return reply.status === 200 && bodyRecord(context.body).setToPending === true
            ? { ...reply, status: 202 }
            : reply;
        },
      },
    },
  },
  {
    id: 'fab-status-numeric-string',
    description:
      'a successful fabric adjustment answers the envelope\'s status as the string "200" (an envelope built as a map of strings): the status code of the call is a number, as the example shows; fab-status-field-text answered a word (fault hunt 46)',
    family: 'fabric',
    catches: ['FAB-ADJ-STATUS-MATCHES'],
    options: {
      handlers: {
        adjustMemberPoints: with200Body('adjustMemberPoints', (body) => ({
          ...body,
          status: String(body.status),
        })),
      },
    },
  },
  {
    id: 'fab-set-to-pending-truthy',
    description:
      'a fabric adjustment reads setToPending by its truthiness (JavaScript\'s `if (body.setToPending)`): "0.00", -1, 0.5, a string, an array or an object are taken, all but 0 as pending, instead of refused: setToPending is a boolean, and no lenient parser reads those as one (fault hunt 46)',
    family: 'generated',
    catches: ['GEN-INVALID-REJECTED'],
    enforcedTwice:
      'the spec refuses a setToPending that is no boolean, and the handler reads the flag it is given',
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.where === 'body.setToPending' && i.keyword === 'type',
        ),
      },
      handlers: {
        adjustMemberPoints: (context) => {
          const body = bodyRecord(context.body);
          return HANDLERS.adjustMemberPoints(
            body.setToPending === undefined
              ? context
              : { ...context, body: { ...body, setToPending: Boolean(body.setToPending) } },
          );
        },
      },
    },
  },
  {
    id: 'fab-strings-coerced-from-any-type',
    description:
      'a fabric adjustment turns a pointType, billingEntity or reasonCode of another type into a string (String(value): 0 as "0", true as "true", an object as "[object Object]") and takes it: the page types them string | null (fault hunt 46)',
    family: 'generated',
    catches: ['GEN-INVALID-REJECTED'],
    enforcedTwice:
      'the spec refuses a string field of another type, and the handler reads the fields it is given',
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.keyword === 'type' && NULLABLE_STRINGS.some((field) => i.where === `body.${field}`),
        ),
      },
      handlers: { adjustMemberPoints: stringsCoerced },
    },
  },
  {
    id: 'fab-member-found-by-id-prefix',
    description:
      "a fabric adjustment for a profileId no member has is booked on the tenant's member whose profileId begins with it (a lookup by LIKE 'id%', reused from a member search), answered 200: the page names the member by its profileId; FAB-ADJ-UNKNOWN-MEMBER sent an unrelated UUID and the fixture's one digit off, neither a prefix of it (fault hunt 46)",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: { createLedger: (dataset) => new MemberFoundByIdPrefix(dataset) },
  },
  {
    id: 'auth-basic-without-credentials-passes',
    description:
      'an Authorization header holding the word Basic and nothing after it passes authentication as the first org (a middleware that skips the check when the header carries no credentials, as for optional authentication): a deduction so sent takes its point. The pages ask for Basic or OAuth credentials; CAP-AUTH-MISSING sent no Authorization header only (fault hunt 46)',
    family: 'authentication',
    catches: ['CAP-AUTH-MISSING'],
    options: {
      hooks: {
        authenticate: (_operationId, result, headers) =>
          !result.ok && /^Basic\s*$/i.test(headers.authorization ?? '')
            ? { ok: true, principal: DATASET.orgs[0]?.id ?? '', accessGroups: ['Default', 'Points'] }
            : result,
      },
    },
  },
  {
    id: 'npa-exact-balance-refused-as-number',
    description:
      'with negative balance off, deducting exactly the balance fails with 8907 when the amount is a JSON number only (the number path compares with >=, the string path with >); exact-balance sent the balance as a string only (fault hunt 44)',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    profile: drainingWholeBalance,
    options: {
      createLedger: refusingExactBalance((_, request) => typeof request.pointsToBeAdjusted === 'number'),
    },
  },
  {
    id: 'npa-exact-balance-refused-as-string',
    description:
      'with negative balance off, deducting exactly the balance fails with 8907 when the amount is a string only (the string parsed to a rounded double, compared with >=): the mirror of npa-exact-balance-refused-as-number, seen on a balance with decimals (fault hunt 44)',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: {
      createLedger: refusingExactBalance((_, request) => typeof request.pointsToBeAdjusted === 'string'),
    },
  },
  {
    id: 'npa-points-available-decimal-comma',
    description:
      'pointsAvailable is written with a decimal comma ("664,500", a server formatting numbers under a German or French locale): no number a client parses (fault hunt 44)',
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE-FORMAT'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', (body) => ({
          ...body,
          pointsAvailable: String(body.pointsAvailable).replace('.', ','),
        })),
      },
    },
  },
  {
    id: 'npa-points-available-trailing-minus',
    description:
      'pointsAvailable below zero is written with its minus after the digits ("1.500-", as SAP and COBOL edit a signed amount); amounts at or above zero as the reference writes them (fault hunt 44)',
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE-FORMAT'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', (body) => {
          const written = String(body.pointsAvailable);
          return written.startsWith('-') ? { ...body, pointsAvailable: `${written.slice(1)}-` } : body;
        }),
      },
    },
  },
  {
    id: 'npa-decimals-org-maximum',
    description:
      "8906 is judged against the most round decimals any program of the org keeps (one setting read for the org), not the named program's: 3 decimals pass in a program keeping 2 (fault hunt 44)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-PROGRAM'],
    options: {
      createLedger: withOrgs((org) => {
        const most = Math.max(...org.programs.map((program) => program.roundDecimals));
        return { ...org, programs: org.programs.map((program) => ({ ...program, roundDecimals: most })) };
      }),
    },
  },
  {
    id: 'npa-empty-identifier-name-read-as-mobile',
    description:
      "an empty identifierName (identifierName=) is read as mobile, the default (`name || 'mobile'`), and deducts; a missing one is still refused with 8013: the suite sent an unknown type and no identifierName, never an empty one (fault hunt 44)",
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    options: {
      hooks: {
        intercept: queryParameterDefaulted(
          'identifierName',
          'empty',
          () => 'mobile',
          'negativePointsAdjustment',
        ),
      },
    },
  },
  {
    id: 'npa-null-reason-accepted',
    description:
      "a deduction with reasonOfReturn null is accepted and deducts (the field is checked for presence, `'reasonOfReturn' in body`, not for a value): CAP-NPA-REASON-REQUIRED leaves the reason out and sends it empty, never null; the generated invalid deductions send the null (fault hunt 44)",
    family: 'generated',
    catches: ['GEN-INVALID-REJECTED'],
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.reasonOfReturn' && i.actual === 'null',
        ),
      },
    },
  },
  {
    id: 'npa-not-enrolled-enrolled-on-the-fly',
    description:
      'a deduction in a program of the org the customer is not enrolled in enrols the customer there with 0 points and goes on: with negative balance on it is charged below zero there instead of 1218 (fault hunt 44)',
    family: 'input-validation',
    catches: ['CAP-NPA-1218'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const outcome = super.deduct(orgId, request);
            if (outcome.ok || outcome.code !== 1218) return outcome;
            const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
            const programId = programOf(dataset, orgId, request);
            if (!customer || !orgOf(dataset, orgId).programs.some((p) => p.id === programId)) return outcome;
            customer.programs.add(programId);
            customer.main.set(programId, 0);
            return super.deduct(orgId, request);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-external-id-needs-primary-in-every-org',
    description:
      "a deduction naming the customer by externalId alone is refused with 8015 in every org, as if dual eligibility were on everywhere (the balance page's rule applied whatever the org's setting): an org without dual eligibility must take it (fault hunt 44)",
    family: 'input-validation',
    catches: ['CAP-NPA-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          namesByExternalId,
          8015,
          'Customer not found for the given identifiers',
        ),
      },
    },
  },
  {
    id: 'npa-ref-types-upper-case-only',
    description:
      'pointsAwardedRefType is matched against an enum spelled in capitals (BILL_REGULAR, ...): every value as the page lists it, in lower case, is refused with 9975 (fault hunt 44)',
    family: 'input-validation',
    catches: ['CAP-NPA-REFTYPE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => {
            const type = bodyRecord(context.body).pointsAwardedRefType;
            return typeof type === 'string' && type !== type.toUpperCase();
          },
          9975,
          'invalid pointsAwardedRefType',
        ),
      },
    },
  },
  {
    id: 'npa-source-list-in-mixed-case',
    description:
      'sources are matched case-sensitively against a list spelled by brand (Facebook, WeChat, Line): FACEBOOK, WECHAT and LINE as the page lists them are refused with 8003 (fault hunt 44)',
    family: 'input-validation',
    catches: ['CAP-NPA-SOURCE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => ['FACEBOOK', 'WECHAT', 'LINE'].includes(queryValue(context.query, 'source') ?? ''),
          8003,
          'Invalid source',
        ),
      },
    },
  },
  {
    id: 'npa-number-amount-refused-in-finer-program',
    description:
      "pointsToBeAdjusted as a JSON number is refused with 8906 in a program keeping more than two decimals (that program's validator reads a number's scale from its double's full text), while the default program takes it: the suite judged the number form in the default program only (fault hunt 44)",
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-NUMBER'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => {
            const body = bodyRecord(context.body);
            return typeof body.pointsToBeAdjusted === 'number' && FINER_PROGRAMS.has(Number(body.programId));
          },
          8906,
          'decimal places passed: 16 is greater than the configured round decimals',
        ),
      },
    },
  },
  {
    id: 'npa-missing-amount-with-promotion-accepted',
    description:
      'a deduction naming a promotion (promotionIdentifier, with its programId) without pointsToBeAdjusted is taken as reversing the promotion and answered with success (nothing moves): the amount is required only when no promotion is named. The suite left the amount out of a plain body and of one naming an award, never of one naming a promotion (fault hunt 44)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-REQUIRED'],
    enforcedTwice: 'the spec requires the amount, and the ledger refuses what it cannot parse',
    options: missingAmountIgnoredWhen(
      (r) => r.promotionIdentifier !== undefined || r.promotionId !== undefined,
    ),
  },
  {
    id: 'npa-promotion-identifier-empty-program',
    description:
      'a promotionIdentifier with programId "" is accepted as if programId were left out and the default program meant (the empty string read as no value, and no value as the default); a missing or null programId still gets 8887. The row says programId "can not be empty/null"; the suite sent it missing and null only (fault hunt 44)',
    family: 'input-validation',
    catches: ['CAP-NPA-8887'],
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.programId' && i.actual === '""',
        ),
      },
    },
  },
  {
    id: 'npa-promotion-id-matched-as-identifier',
    description:
      "a promotionId is looked up among the promotions' identifiers (its digits compared with SUMMER-2024, say): every promotion named by id, the org's own included, is refused with 8874; by promotionIdentifier they are found (fault hunt 44)",
    family: 'input-validation',
    catches: ['CAP-NPA-8874'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => {
            const id = bodyRecord(context.body).promotionId;
            return (
              id !== undefined &&
              !DATASET.orgs.some((org) => (org.promotions ?? []).some((p) => p.identifier === String(id)))
            );
          },
          8874,
          'invalid promotion id',
        ),
      },
    },
  },
  {
    id: 'npa-reason-limit-after-nfd',
    description:
      'the 50-character limit of reasonOfReturn is counted after Unicode normalization to NFD (as a search index stores text): each accented letter counts twice (e and its accent), so a 50-character reason with accents is refused as too long (fault hunt 44)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    options: reasonsRefusedWhen((reason) => reason.normalize('NFD').length > 50, 400),
  },
  {
    id: 'bal-all-programs-default-counted-twice',
    description:
      'fetchDataForAllPrograms=true without a programId adds the default program to the sum over all programs a second time (the default read first, then every program): the table gives the balance across all programs (fault hunt 45)',
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-NO-ID'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            const all = super.balance(orgId, query);
            if (!all.ok || !query.fetchDataForAllPrograms || query.programId !== undefined) return all;
            const again = super.balance(orgId, { ...query, fetchDataForAllPrograms: false });
            return again.ok ? { ok: true as const, value: addedBalances(all.value, again.value) } : all;
          }
        })(dataset),
    },
  },
  {
    id: 'bal-all-programs-last-program-left-out',
    description:
      "fetchDataForAllPrograms=true without a programId sums the org's programs but the last (a loop bound off by one); with a programId the sum is whole: the table gives the balance across all programs (fault hunt 45)",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-NO-ID'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            if (!query.fetchDataForAllPrograms || query.programId !== undefined)
              return super.balance(orgId, query);
            const [first, ...more] = orgOf(dataset, orgId)
              .programs.slice(0, -1)
              .map((p) =>
                super.balance(orgId, { ...query, programId: p.id, fetchDataForAllPrograms: false }),
              );
            if (!first?.ok) return first ?? super.balance(orgId, query);
            let value = first.value;
            for (const read of more) if (read.ok) value = addedBalances(value, read.value);
            return { ok: true as const, value };
          }
        })(dataset),
    },
  },
  {
    id: 'bal-one-program-plus-default',
    description:
      "a one-program read (fetchDataForAllPrograms=false) of a program other than the default adds the default program's main points to that program's (the default taken as the base balance): the table gives that program's balance only (fault hunt 45)",
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            const read = super.balance(orgId, query);
            const defaultId = orgOf(dataset, orgId).defaultProgramId;
            if (!read.ok || query.fetchDataForAllPrograms || query.programId === undefined) return read;
            if (query.programId === defaultId) return read;
            const base = super.balance(orgId, { ...query, programId: defaultId });
            return base.ok
              ? {
                  ok: true as const,
                  value: { ...read.value, mainPoints: read.value.mainPoints + base.value.mainPoints },
                }
              : read;
          }
        })(dataset),
    },
  },
  {
    id: 'bal-one-program-read-cached',
    description:
      'one-program reads (a programId, fetchDataForAllPrograms=false) are served from a cache filled on the first read and never invalidated: after a deduction of 1 point in one program, its read still shows the points before (fault hunt 45)',
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: { createLedger: (dataset) => new OneProgramReadsCached(dataset) },
  },
  {
    id: 'bal-default-program-customer-last',
    description:
      "fetchDataForAllPrograms=false without a programId reads the last program the customer is enrolled in (a per-customer 'home' program) instead of the org's default program (fault hunt 45)",
    family: 'balance',
    catches: ['CAP-BAL-DEFAULT-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            if (query.programId !== undefined || query.fetchDataForAllPrograms)
              return super.balance(orgId, query);
            const found = this.resolveLookup(orgId, query.identifierName, query.identifierValue);
            const programId = found.ok ? [...found.value.programs].pop() : undefined;
            return super.balance(orgId, { ...query, programId });
          }
        })(dataset),
    },
  },
  {
    id: 'bal-default-program-last-named',
    description:
      "a balance read without programId reads the program the customer's last read with a programId named (a per-customer default kept between calls), the org's default program only before any such read; balance.program-table's read without programId followed one naming the default (fault hunt 45)",
    family: 'balance',
    catches: ['CAP-BAL-DEFAULT-PROGRAM'],
    options: { createLedger: (dataset) => new DefaultProgramLastNamed(dataset) },
  },
  {
    id: 'dual-list-cached-by-secondary',
    description:
      "list lookups are cached by their secondary identifiers only (the primary left out of the key): the second customer sharing a secondary gets the first one's balance and entityId (fault hunt 45)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-PROFILE', 'CAP-BAL-DUAL-MULTI'],
    options: { createLedger: (dataset) => new ListLookupsCachedBySecondary(dataset) },
  },
  {
    id: 'dual-list-profiles-merged',
    description:
      "a list lookup answers the primary's entityId with a balance merged over every customer holding a listed secondary value (the profiles sharing it linked): two different entityIds, each its primary's, yet no single profile; CAP-BAL-DUAL-SINGLE-PROFILE judged the entityIds only (fault hunt 45)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-PROFILE', 'CAP-BAL-DUAL-MULTI'],
    options: {
      createLedger: rewritingListLookups((read, others) =>
        others.reduce((value, other) => ({ ...addedBalances(value, other), entityId: value.entityId }), read),
      ),
    },
  },
  {
    id: 'dual-no-primary-oldest-profile',
    description:
      'a list of identifiers without the primary resolves to the oldest customer (lowest id) holding any listed value instead of failing with 8015 (fault hunt 45)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-NO-PRIMARY'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const org = orgOf(dataset, orgId);
            const primary = org.dualEligibility.primaryIdentifier;
            const names = identifierName.split(',').map((n) => n.trim());
            const values = identifierValue.split(',').map((v) => v.trim());
            if (!org.dualEligibility.enabled || names.length < 2 || names.includes(primary))
              return super.resolveLookup(orgId, identifierName, identifierValue);
            const [oldest] = org.customers
              .filter((c) =>
                names.some((n, i) => (c.identifiers as Record<string, string | undefined>)[n] === values[i]),
              )
              .sort((x, y) => x.id - y.id);
            return super.resolveLookup(orgId, primary, oldest?.identifiers[primary] ?? '');
          }
        })(dataset),
    },
  },
  {
    id: 'upp-parallel-unlocks-coalesced',
    description:
      "simultaneous unlocks of one bill are coalesced into one (single flight): the bill's points move once, but every caller gets the one unlock's 200 with its lines, so the answers list the points several times (fault hunt 45)",
    family: 'concurrency',
    catches: ['CAP-UPP-CONCURRENT-ONCE'],
    options: { handlers: { unlockPromisedPoints: coalescedUnlocks() } },
  },
  {
    id: 'upp-race-credit-before-mark',
    description:
      "the unlock finds a bill's locked entries, awaits, and credits them to main points before checking they are still locked; the loser of a race answers 82323282 with its credit kept: parallel unlocks move the bill's points twice (fault hunt 45)",
    family: 'concurrency',
    catches: ['CAP-UPP-CONCURRENT-ONCE'],
    options: {
      handlers: {
        unlockPromisedPoints: async (context) => {
          const customer = customerOfRequest(context);
          const billNumber = String(bodyRecord(context.body).billNumber);
          const locked = customer?.promised.filter((e) => e.billNumber === billNumber && !e.unlocked) ?? [];
          await raceWindow();
          if (!customer || locked.length === 0 || locked.some((e) => !e.unlocked))
            return HANDLERS.unlockPromisedPoints(context);
          for (const e of locked)
            customer.main.set(e.programId, (customer.main.get(e.programId) ?? 0) + e.points);
          return capillaryError(82323282, 'No promise points found to unlock.');
        },
      },
    },
  },
  {
    id: 'upp-promotion-lines-left-out',
    description:
      "the unlock answer leaves out the promotion's lines (lines without a billNumber) while their points move: pointsUnlocked adds up short of the rise in main points (fault hunt 45)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-SUM'],
    options: {
      handlers: {
        unlockPromisedPoints: with200Body('unlockPromisedPoints', (body) => ({
          ...body,
          pointsUnlocked: (body.pointsUnlocked as Record<string, unknown>[]).filter(
            (line) => line.promotionId === undefined,
          ),
        })),
      },
    },
  },
  {
    id: 'upp-lines-bill-number-lower-cased',
    description:
      'the unlock answer writes the billNumber of its lines lower-cased ("b-1001-1"): the bill unlocked was "B-1001-1", and the body table types billNumber String (fault hunt 45)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-BILL'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          typeof line.billNumber === 'string' ? { ...line, billNumber: line.billNumber.toLowerCase() } : line,
        ),
      },
    },
  },
  {
    id: 'upp-lines-name-customer-first-bill',
    description:
      "the unlock answer's bill lines name the customer's first bill (joined on the customer, not the bill): an unlock of the customer's second bill answers lines naming the first (fault hunt 45)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-BILL'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const name = queryValue(context.query, 'identifierName') ?? '';
          const value = queryValue(context.query, 'identifierValue') ?? '';
          const seed = orgOf(DATASET, context.principal).customers.find(
            (c) =>
              (name === 'id' ? String(c.id) : (c.identifiers as Record<string, string | undefined>)[name]) ===
              value,
          );
          const first = seed?.bills?.[0]?.billNumber;
          return withUnlockLines((line) =>
            line.billNumber !== undefined && first !== undefined ? { ...line, billNumber: first } : line,
          )(context);
        },
      },
    },
  },
  {
    id: 'upp-bill-number-read-as-number',
    description:
      'the unlock reads billNumber only as a number: a billNumber string that is not all digits (the String the table types) is taken for no bill number (82323271) instead of reaching the bill lookup (fault hunt 45)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-NUMBER-TYPES'],
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => !Number.isFinite(Number(bodyRecord(context.body).billNumber)),
          82323271,
          'Bill number missing.',
        ),
      },
    },
  },
  {
    id: 'upp-identifier-names-lower-cased',
    description:
      'the unlock lower-cases identifierName before matching it against its camel-case names: externalId and primaryUserId (as the page spells them) find no customer (8015); mobile, id and cuid do (fault hunt 45)',
    family: 'promised-points',
    catches: ['CAP-UPP-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        unlockPromisedPoints: withRequest('unlockPromisedPoints', (context) => ({
          ...context,
          query: {
            ...context.query,
            identifierName: (queryValue(context.query, 'identifierName') ?? '').toLowerCase(),
          },
        })),
      },
    },
  },
  {
    id: 'upp-cuid-read-as-external-id',
    description:
      'the unlock maps identifierName cuid onto the externalId field (one alias table wrong): a cuid value finds no customer (8015) (fault hunt 45)',
    family: 'promised-points',
    catches: ['CAP-UPP-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        unlockPromisedPoints: withRequest('unlockPromisedPoints', (context) =>
          queryValue(context.query, 'identifierName') === 'cuid'
            ? { ...context, query: { ...context.query, identifierName: 'externalId' } }
            : context,
        ),
      },
    },
  },
  {
    id: 'upp-bill-date-octal-parse',
    description:
      'the unlock parses the parts of billDate with a legacy parseInt that reads a leading 0 as octal: months and days 08 and 09 read as 0 and the date is refused as invalid (400); the example\'s "2022-02-12" passes, as did the "2022-03-31" CAP-UPP-BILL-DATE sent before (fault hunt 45)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const billDate = bodyRecord(context.body).billDate;
          if (billDate === undefined) return HANDLERS.unlockPromisedPoints(context);
          const [y = 0, m = 0, d = 0] = String(billDate)
            .split('-')
            .map((part) => Number.parseInt(part, part.startsWith('0') ? 8 : 10));
          return m >= 1 && m <= 12 && d >= 1 && new Date(Date.UTC(y, m - 1, d)).getUTCDate() === d
            ? HANDLERS.unlockPromisedPoints(context)
            : capillaryError(400, 'billDate is not a valid date');
        },
      },
    },
  },
  {
    id: 'upp-event-log-array-refused-as-unknown',
    description:
      "an eventLogId sent as an array (the type the table gives) is answered 3918 (no eventLog found), even naming the bill's own event log; the integer form unlocks: CAP-UPP-EVENT-LOG-ID-TYPES' unknown-bill probes took 3918 for a lookup, and move-once retried the integer unjudged (fault hunt 45)",
    family: 'promised-points',
    catches: ['CAP-UPP-EVENT-LOG-ID-TYPES'],
    options: refusingEventLogId(
      Array.isArray,
      'Error unlocking points: no eventLog found for given eventLogId.',
      3918,
    ),
  },
  {
    id: 'upp-source-defaulted-off-mobile',
    description:
      'an unlock naming the customer by any identifier but mobile takes a source outside the Enum for INSTORE (the lookup path gives it a default) and unlocks the bill; by mobile it is refused: CAP-UPP-SOURCE-INVALID sent the invalid source by the usual identifier only (fault hunt 45)',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-INVALID'],
    options: {
      hooks: {
        // The handler's query is read from searchParams after intercept: the default lands there.
        intercept: (operationId, request) => {
          const source = request.searchParams.get('source');
          if (
            operationId === 'unlockPromisedPoints' &&
            request.searchParams.get('identifierName') !== 'mobile' &&
            source &&
            !UPP_SOURCES.includes(source)
          )
            request.searchParams.set('source', 'INSTORE');
          return undefined;
        },
      },
    },
  },
  {
    id: 'upp-till-refused-beside-store',
    description:
      'an unlock carrying sourceTillId beside sourceStoreId is refused as invalid input (400, one source field at a time), though the table lists both and the profile declares the store and till as ones the org knows (fixtures.source); each field alone is taken (fault hunt 45)',
    family: 'promised-points',
    catches: ['CAP-UPP-TILL-ID-SPELLING'],
    profile: declaringSource({ storeId: 1122, tillId: 323 }),
    options: {
      handlers: {
        unlockPromisedPoints: refusingWhen(
          'unlockPromisedPoints',
          (context) => {
            const body = bodyRecord(context.body);
            return body.sourceTillId !== undefined && body.sourceStoreId !== undefined;
          },
          400,
          'sourceTillId and sourceStoreId cannot both be given',
        ),
      },
    },
  },
  // --- variant hunt 39: fault hunt 46's tightened checks, seen from correct targets built otherwise ---
  {
    id: 'auth-fabric-base64-token-trailing-data-ignored',
    description:
      "a fabric tenant issuing its Bearer token as the padded base64 of a key and decoding the presented token with a lenient decoder (Node's Buffer.from(token, 'base64'), which stops at the padding and skips what is no base64): the token with 0 appended after its =, never issued, carries the same key and is taken. RFC 4648 §3.3 asks a decoder to reject such data, and no tenant issued it; its padding alone is optional (variant fabric-base64-token-padding-optional)",
    family: 'authentication',
    catches: ['FAB-AUTH-WRONG'],
    options: {
      hooks: {
        authenticate: (operationId, result, headers) => {
          if (operationId !== 'adjustMemberPoints' && operationId !== 'inquireMemberPoints') return result;
          const presented = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
          return presented !== '' && Buffer.from(presented, 'base64').equals(FABRIC_KEY_BYTES)
            ? {
                ok: true,
                principal: DATASET.fabric.tenants[0]?.id ?? '',
                accessGroups: ['Default', 'Points'],
              }
            : { ok: false, reason: 'unknown API key' };
        },
      },
    },
    profile: {
      edit: (profile) => Object.assign(profile.fabric.auth, { token: FABRIC_KEY_BYTES.toString('base64') }),
    },
  },
  {
    id: 'upp-item-lines-name-other-program',
    description:
      "the unlock answer's item lines (those with an itemCode) name the org's other program as their programId (the item catalogue's program, not the ledger's); the bill's and the promotion's lines name their own, and the points move as documented (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROGRAM'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line, principal) => {
          if (line.itemCode === undefined) return line;
          const other = orgOf(DATASET, principal).programs.find((p) => p.id !== line.programId);
          return other ? { ...line, programId: other.id } : line;
        }),
      },
    },
  },
  {
    id: 'upp-82323276-with-status-200',
    description:
      'an unlock with a type outside the list is refused with the 82323276 error body but HTTP 200, as some Capillary APIs wrap errors: a 2xx is no refusal (fault hunt 48)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323276'],
    options: replacingCode('unlockPromisedPoints', 82323276, (reply) => ({ ...reply, status: 200 })),
  },
  {
    id: 'upp-bill-line-includes-promotion',
    description:
      "the unlock answer's bill line carries the bill's points plus its promotion's, and the promotion's line carries them again: the answer adds up to more than moved by the promotion's points (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-SUM'],
    options: {
      handlers: {
        unlockPromisedPoints: with200Body('unlockPromisedPoints', (body) => {
          const lines = (Array.isArray(body.pointsUnlocked) ? body.pointsUnlocked : []) as Record<
            string,
            unknown
          >[];
          const promotion = lines
            .filter((line) => line.promotionName !== undefined)
            .reduce((sum, line) => sum + Number(line.pointsUnlocked), 0);
          return {
            ...body,
            pointsUnlocked: lines.map((line) =>
              line.billNumber !== undefined && line.itemCode === undefined && promotion > 0
                ? { ...line, pointsUnlocked: Number(line.pointsUnlocked) + promotion }
                : line,
            ),
          };
        }),
      },
    },
  },
  {
    id: 'upp-lines-report-remaining-promise',
    description:
      "the unlock answer's lines report what each line still has promised after the unlock (0, the field read after the write) instead of what was unlocked; the points move as documented (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-SUM'],
    options: {
      handlers: { unlockPromisedPoints: withUnlockLines((line) => ({ ...line, pointsUnlocked: 0 })) },
    },
  },
  {
    id: 'upp-repeat-answered-zero-lines',
    description:
      'a repeated unlock of a bill already unlocked is answered 200 with a line of the bill at 0 points instead of 82323282 (nothing left, reported as a zero unlock) (fault hunt 48)',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE-ERROR'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const reply = HANDLERS.unlockPromisedPoints(context);
          if (!answersCode(reply, 82323282)) return reply;
          const billNumber = String(bodyRecord(context.body).billNumber);
          return { status: 200, body: { pointsUnlocked: [{ billNumber, pointsUnlocked: 0 }], warnings: [] } };
        },
      },
    },
  },
  {
    id: 'upp-no-type-empty-200',
    description:
      'an unlock without type is answered 200 with an empty pointsUnlocked list and moves nothing (no entity type, no entity), instead of acting on the customer as type=CUSTOMER (fault hunt 48)',
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          queryValue(context.query, 'type') === undefined
            ? { status: 200, body: { pointsUnlocked: [], warnings: [] } }
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'upp-points-decimal-comma',
    description:
      'the unlock answer writes each pointsUnlocked with a decimal comma ("30,00", a locale format): no decimal string (fault hunt 48)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-NUMERIC'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) => ({
          ...line,
          pointsUnlocked: String(line.pointsUnlocked).replace('.', ','),
        })),
      },
    },
  },
  {
    id: 'upp-promotion-ids-only-beside-items',
    description:
      "the unlock answer's promotion line carries its promotionIdentifier and promotionId only when the bill has item lines (the ids joined through the items); a bill without items gets a promotion line with its promotionName alone (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROMOTION'],
    options: {
      handlers: {
        unlockPromisedPoints: with200Body('unlockPromisedPoints', (body) => {
          const lines = (Array.isArray(body.pointsUnlocked) ? body.pointsUnlocked : []) as Record<
            string,
            unknown
          >[];
          if (lines.some((line) => line.itemCode !== undefined)) return body;
          return {
            ...body,
            pointsUnlocked: lines.map(({ promotionIdentifier: _i, promotionId: _p, ...line }) => line),
          };
        }),
      },
    },
  },
  {
    id: 'upp-1645-as-500',
    description:
      "an unlock for an unknown user group is answered with the 1645 error body but HTTP 500 (the group service's failure passed through) (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-1645'],
    options: replacingCode('unlockPromisedPoints', 1645, (reply) => ({ ...reply, status: 500 })),
  },
  {
    id: 'upp-numeric-bill-number-empty-200',
    description:
      'an unlock whose billNumber is a JSON number naming no bill is answered 200 with an empty pointsUnlocked list (the number looked up in another index, nothing found, nothing said) instead of 82323277 (fault hunt 48)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-NUMBER-TYPES'],
    options: emptyUnlockInstead(82323277, (body) => typeof body.billNumber === 'number'),
  },
  {
    id: 'upp-bill-date-checked-against-bill',
    description:
      'an unlock carrying billDate checks it against the bill\'s own date before anything else: for a bill that does not exist it answers a validation error (400, "billDate does not match the bill") instead of 82323277 (fault hunt 48)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const reply = HANDLERS.unlockPromisedPoints(context);
          return bodyRecord(context.body).billDate !== undefined && answersCode(reply, 82323277)
            ? capillaryError(400, 'billDate does not match the bill.')
            : reply;
        },
      },
    },
  },
  {
    id: 'bal-top-level-breakup-swapped',
    description:
      "the balance answer repeats the promised points' breakup at the top level with its two figures swapped (delayedAccrualPoints given externalTriggerBasedPoints's value and the reverse, columns mapped crosswise) (fault hunt 48)",
    family: 'balance',
    catches: ['CAP-BAL-PROMISED-BREAKUP'],
    options: {
      handlers: {
        getPointsBalance: with200Body('getPointsBalance', (body) => {
          const breakup = bodyRecord(body.promisedPointsBreakup);
          return {
            ...body,
            delayedAccrualPoints: breakup.externalTriggerBasedPoints,
            externalTriggerBasedPoints: breakup.delayedAccrualPoints,
          };
        }),
      },
    },
  },
  {
    id: 'dual-no-primary-external-id-first-resolved',
    description:
      'under dual eligibility a list of identifiers without the primary is resolved through its first identifier when that is externalId (a unique key, taken as good as the primary) instead of 8015; a list starting with email is refused (fault hunt 48)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-NO-PRIMARY'],
    options: {
      handlers: {
        getPointsBalance: noPrimaryListResolved((first) => first === 'externalId'),
      },
    },
  },
  {
    id: 'upp-integer-event-log-unknown-bill-empty-200',
    description:
      "an unlock whose eventLogId is one integer (the example's form) is looked up by that event log alone: for a bill that does not exist it answers 200 with an empty pointsUnlocked list instead of 82323277 or 3918 (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-EVENT-LOG-ID-TYPES'],
    options: emptyUnlockInstead(82323277, (body) => typeof body.eventLogId === 'number'),
  },
  {
    id: 'upp-store-bill-lookup-empty-200',
    description:
      "an unlock carrying sourceStoreId and sourceTillId looks the bill up among that store's bills: for a bill that does not exist it answers 200 with an empty pointsUnlocked list instead of 82323277 (no bill found) (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-TILL-ID-SPELLING'],
    options: emptyUnlockInstead(
      82323277,
      (body) => body.sourceStoreId !== undefined && body.sourceTillId !== undefined,
    ),
  },
  {
    id: 'upp-source-lower-case-unchecked',
    description:
      "the unlock checks an upper-case source against the Enum but passes a lower-case one unchecked (taken for one of the org's own channels): not_a_source is taken and the bill unlocked (fault hunt 48)",
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-INVALID'],
    options: {
      hooks: {
        validate: dropIssues(
          'unlockPromisedPoints',
          (i) => i.where === 'query.source' && /^"[a-z][a-z_]*"$/.test(i.actual),
        ),
      },
    },
  },
  // --- fault hunt 47: deduction requirements that only three or four faults showed failing ---
  {
    id: 'npa-promotion-pair-refused-only-when-different',
    description:
      'promotionId and promotionIdentifier together are refused only when they name different promotions: a pair naming the same one (a consistency check standing in for the exclusivity) is accepted and deducts. The promotionId row calls any pair "an invalid input combination" (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    enforcedTwice:
      "the spec's `not` refuses the pair before any handler runs: the fault lets it through, and its handler refuses the pairs that disagree",
    options: {
      hooks: { validate: dropIssues('negativePointsAdjustment', (i) => i.keyword === 'not') },
      handlers: {
        negativePointsAdjustment: (context) => {
          const body = bodyRecord(context.body);
          if (body.promotionId === undefined || body.promotionIdentifier === undefined)
            return HANDLERS.negativePointsAdjustment(context);
          const same = (orgOf(DATASET, context.principal).promotions ?? []).some(
            (p) => p.id === body.promotionId && p.identifier === body.promotionIdentifier,
          );
          const { promotionIdentifier: _identifier, ...byId } = body;
          return same
            ? HANDLERS.negativePointsAdjustment({ ...context, body: byId })
            : capillaryError(400, 'promotionId and promotionIdentifier name different promotions');
        },
      },
    },
  },
  {
    id: 'npa-unknown-customer-answered-8907',
    description:
      'an identifier value no customer has is read as a customer with no points: the deduction is refused with 8907 (more than the available points) instead of 8015 (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-8015'],
    options: replacingCode('negativePointsAdjustment', 8015, (_reply, request) =>
      capillaryError(
        8907,
        `points to be deducted ${String(bodyRecord(request.body).pointsToBeAdjusted)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      ),
    ),
  },
  {
    id: 'npa-message-dropped-for-fractional-amounts',
    description:
      'a deduction of an amount with a fraction ("0.50", 1.5) is answered by a decimal path of its own whose success body has no message; whole amounts keep it. The deduction page\'s response table gives every success a message string (fault hunt 47)',
    family: 'negative-balance',
    catches: ['CAP-NPA-RESPONSE-FIELDS'],
    options: {
      handlers: {
        negativePointsAdjustment: messageDroppedWhen(
          (body) => (parseAmount(body.pointsToBeAdjusted)?.decimalPlaces ?? 0) > 0,
        ),
      },
    },
  },
  {
    id: 'npa-ref-type-9975-without-award',
    description:
      'a listed pointsAwardedRefType sent without pointsAwardedId is refused with 9975 (invalid reference type), as if the type were judged against the award it qualifies: the value itself is listed. A refusal of the lone type with another code (8877) only warns (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-REFTYPE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => {
            const body = bodyRecord(context.body);
            return body.pointsAwardedRefType !== undefined && body.pointsAwardedId === undefined;
          },
          9975,
          'invalid pointsAwardedRefType',
        ),
      },
    },
  },
  {
    id: 'npa-lost-update-across-programs',
    description:
      "deductions are serialised per customer and program, but each writes back the customer's whole record as it read it: parallel deductions in two programs of one customer lose the other program's update (those in one program are atomic). The suite's bursts named one program each (fault hunt 47)",
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-LOST-UPDATE'],
    options: {
      handlers: {
        negativePointsAdjustment: lockedPerProgram(
          checkThenAwaitThenUpdate('negativePointsAdjustment', 'overwrite'),
        ),
      },
    },
  },
  {
    id: 'npa-reason-optional-in-lenient-org',
    description:
      'reasonOfReturn is required as an org setting that the lenient org has off: there a deduction without it is accepted and deducts, in the strict org it gets 8882. The page marks the field mandatory with no setting (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-REQUIRED', 'CAP-NPA-8882'],
    enforcedTwice:
      "the spec's `required` refuses the missing reason before any handler runs: the fault lets it through, and its handler refuses it outside the lenient org",
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.reasonOfReturn' && i.keyword === 'required',
        ),
      },
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) =>
            bodyRecord(context.body).reasonOfReturn === undefined && context.principal !== 'lenient',
          8882,
          'reasonOfReturn is required',
        ),
      },
    },
  },
  {
    id: 'npa-unlisted-source-answered-8015',
    description:
      'source is read as where the customer is registered: a source outside the list finds no customer and is answered 8015 instead of 8003 (Source is invalid or incorrect) (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-8003'],
    options: replacingCode('negativePointsAdjustment', 8003, () =>
      capillaryError(8015, 'Customer not found for the given identifiers'),
    ),
  },
  {
    id: 'npa-external-id-found-in-first-org-only',
    description:
      "the deduction's externalId index holds the first org's customers only: in any other org a customer named by externalId is answered 8015, alone or not; by mobile they are found (fault hunt 47)",
    family: 'input-validation',
    catches: ['CAP-NPA-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => namesByExternalId(context) && context.principal !== DATASET.orgs[0]?.id,
          8015,
          'Customer not found for the given identifiers',
        ),
      },
    },
  },
  {
    id: 'npa-string-amount-not-booked',
    description:
      "a pointsToBeAdjusted sent as a string (the form the page's example sends) is answered as deducted, its pointsAvailable lowered, but the write never reaches the ledger: the balance read after it has not moved; a number is booked (fault hunt 47)",
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) => {
          const customer = customerOfAnyIdentifier(context);
          if (!customer || typeof bodyRecord(context.body).pointsToBeAdjusted !== 'string')
            return HANDLERS.negativePointsAdjustment(context);
          const main = new Map(customer.main);
          const reply = HANDLERS.negativePointsAdjustment(context);
          customer.main.clear();
          for (const [program, points] of main) customer.main.set(program, points);
          return reply;
        },
      },
    },
  },
  {
    id: 'npa-8907-against-last-read-balance',
    description:
      "8907 is judged against the customer's balance as the last balance read cached it, not the live one: once the balance is read, deductions after it each fit that figure and together overdraw with negative balance off (a stale cache, no race window) (fault hunt 47)",
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-OVERDRAW'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #read = new Map<string, Map<number, number>>();
          override balance(orgId: string, query: BalanceQuery) {
            const customer = customerNamedBy(this, orgId, query.identifierName, query.identifierValue);
            if (customer) this.#read.set(`${orgId}:${customer.id}`, new Map(customer.main));
            return super.balance(orgId, query);
          }
          override deduct(orgId: string, request: DeductionRequest) {
            const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
            const seen = customer && this.#read.get(`${orgId}:${customer.id}`);
            if (!customer || !seen) return super.deduct(orgId, request);
            // Judged (and computed) on the cached figures, the difference then applied to the live ones.
            const live = new Map(customer.main);
            customer.main.clear();
            for (const [program, points] of seen) customer.main.set(program, points);
            const outcome = super.deduct(orgId, request);
            const after = new Map(customer.main);
            customer.main.clear();
            for (const [program, points] of live)
              customer.main.set(program, points + (after.get(program) ?? 0) - (seen.get(program) ?? 0));
            return outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-string-amount-charged-to-default-program',
    description:
      "a pointsToBeAdjusted sent as a string goes through a form binding that drops programId: the org's default program is charged, not the one named; a number is charged where named. Shown where the deductible customer's first program is not the default (its programs listed the other way round) (fault hunt 47)",
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: {
      handlers: {
        negativePointsAdjustment: deductionFieldIgnored(
          'programId',
          (body) => typeof body.pointsToBeAdjusted === 'string',
        ),
      },
    },
    profile: {
      edit: (profile) => {
        for (const org of orgsOf(profile)) {
          const customer = org.fixtures.customers[org.fixtures.roles.deductible];
          customer.programs = [...customer.programs].reverse();
        }
      },
    },
  },
  {
    id: 'npa-unknown-award-answered-8874',
    description:
      'a pointsAwardedId that names no award of the customer goes through the lookup the promotions use and is answered 8874 (invalid promotion id) instead of 8877 (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-8877'],
    options: {
      hooks: { reply: remappingCodes('negativePointsAdjustment', (code) => (code === 8877 ? 8874 : code)) },
    },
  },
  {
    id: 'npa-ref-type-refused-in-200-body',
    description:
      'a pointsAwardedRefType outside the list is answered 200 {"status": "failure"} with a message and no error envelope: nothing moves, but the answer is no refusal in the profile\'s error status (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-9975'],
    options: failureIn200Instead(9975, 'invalid pointsAwardedRefType'),
  },
  {
    id: 'npa-not-enrolled-refused-in-200-body',
    description:
      'a deduction in a program the customer is not enrolled in is answered 200 {"status": "failure"} with the message and no error envelope: nothing moves, but the answer is no refusal with 1218 (fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-1218'],
    options: failureIn200Instead(1218, 'customer is not enrolled in the program'),
  },
  {
    id: 'bal-all-programs-whole-points-per-program',
    description:
      "fetchDataForAllPrograms=true without a programId sums each program's main points with its decimals dropped (whole points per program, as a report of whole points would), while the one-program reads show them: the table gives the balance across all programs, not a sum of truncated parts (fault hunt 49)",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-NO-ID'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            if (!query.fetchDataForAllPrograms || query.programId !== undefined)
              return super.balance(orgId, query);
            const reads = orgOf(dataset, orgId).programs.map((p) =>
              super.balance(orgId, { ...query, programId: p.id, fetchDataForAllPrograms: false }),
            );
            const all = super.balance(orgId, query);
            if (!all.ok) return all;
            let main = 0;
            for (const r of reads) if (r.ok) main += Math.trunc(r.value.mainPoints / ONE_POINT) * ONE_POINT;
            return { ok: true as const, value: { ...all.value, mainPoints: main } };
          }
        })(dataset),
    },
  },
  {
    id: 'bal-all-programs-read-cached',
    description:
      'reads over all programs without a programId are served from a per-customer cache filled on the first such read and never invalidated: after a deduction the sum is the one from before. balance.program-table reads before any write, so CAP-BAL-ALL-PROGRAMS-NO-ID passes it; the deductions judged over all programs show it (fault hunt 49)',
    family: 'balance',
    catches: ['CAP-NPA-ARITHMETIC', 'CAP-BAL-LEDGER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #cache = new Map<string, Balance>();
          override balance(orgId: string, query: BalanceQuery) {
            if (!query.fetchDataForAllPrograms || query.programId !== undefined)
              return super.balance(orgId, query);
            const key = `${orgId}|${query.identifierName}|${query.identifierValue}`;
            const hit = this.#cache.get(key);
            if (hit) return { ok: true as const, value: hit };
            const read = super.balance(orgId, query);
            if (read.ok) this.#cache.set(key, read.value);
            return read;
          }
        })(dataset),
    },
  },
  {
    id: 'bal-one-program-default-id-sums-all',
    description:
      "a one-program read (fetchDataForAllPrograms=false) naming the default program's id answers the sum over all programs (the default taken as the customer's whole account); other programs read alone. CAP-BAL-ONE-PROGRAM asked only that some one-program read differ from the reads' sum, which the other program's still did (fault hunt 49)",
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            const def = orgOf(dataset, orgId).defaultProgramId;
            return super.balance(
              orgId,
              query.programId === def && !query.fetchDataForAllPrograms
                ? { ...query, fetchDataForAllPrograms: true }
                : query,
            );
          }
        })(dataset),
    },
  },
  {
    id: 'bal-default-program-without-promised',
    description:
      'fetchDataForAllPrograms=false without a programId answers the default program\'s main points with no promised points (promisedPoints 0, totalPoints equal to mainPoints), as if promises were kept per explicit program only: the table\'s balance "for the default program" is all of it (fault hunt 49)',
    family: 'balance',
    catches: ['CAP-BAL-DEFAULT-PROGRAM'],
    options: {
      createLedger: rewritingBalances((balance, query) =>
        query.programId === undefined && !query.fetchDataForAllPrograms
          ? { ...balance, delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 }
          : balance,
      ),
    },
  },
  {
    id: 'dual-list-promised-merged',
    description:
      "a list lookup answers its primary's entityId and main points, with the promised points (delayed accrual and external trigger) of every customer holding a listed secondary value added in: the single profile's main points, another profile's promises (fault hunt 49)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-PROFILE'],
    options: {
      createLedger: rewritingListLookups((read, others) => ({
        ...read,
        delayedAccrualPoints: others.reduce((n, o) => n + o.delayedAccrualPoints, read.delayedAccrualPoints),
        externalTriggerBasedPoints: others.reduce(
          (n, o) => n + o.externalTriggerBasedPoints,
          read.externalTriggerBasedPoints,
        ),
      })),
    },
  },
  {
    id: 'dual-list-shared-secondary-first-refused',
    description:
      'a list lookup whose first identifier is a secondary that two customers share is refused with 8015 (ambiguity checked on the first identifier before the primary is looked for); with the primary first, or a secondary only one customer has, it resolves through the primary: the page pairs names and values by position in either order (fault hunt 49)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-ORDER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const names = identifierName.split(',').map((n) => n.trim());
            const values = identifierValue.split(',').map((v) => v.trim());
            const org = orgOf(dataset, orgId);
            if (names.length > 1 && names[0] !== org.dualEligibility.primaryIdentifier) {
              const holders = org.customers.filter(
                (c) => (c.identifiers as Record<string, string>)[names[0]!] === values[0],
              );
              if (holders.length > 1)
                return {
                  ok: false as const,
                  code: 8015,
                  message: 'Customer not found for the given identifiers',
                };
            }
            return super.resolveLookup(orgId, identifierName, identifierValue);
          }
        })(dataset),
    },
  },
  {
    id: 'bal-8015-as-401',
    description:
      'a balance lookup that finds no customer is answered 401 ("customer not authorised", the lookup\'s miss mapped to an access refusal) instead of 8015 (fault hunt 49)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-8015'],
    options: replacingCode('getPointsBalance', 8015, () =>
      capillaryError(401, 'customer not authorised', 401),
    ),
  },
  {
    id: 'bal-8015-as-500',
    description:
      'a balance lookup that finds no customer is answered 500 carrying code 8015 (an unhandled not-found exception mapped to a server error): a 5xx is no refusal, whatever code it names (fault hunt 49)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-8015'],
    options: replacingCode('getPointsBalance', 8015, () => capillaryError(8015, 'Customer not found', 500)),
  },
  {
    id: 'fab-data-null-with-null-strings',
    description:
      "a successful fabric adjustment whose body names pointType, billingEntity or reasonCode as null answers data as null (the details built from the strings); others answer the full envelope: the response table is the call's whatever the body named (fault hunt 49)",
    family: 'fabric',
    catches: ['FAB-ADJ-ENVELOPE'],
    options: {
      handlers: {
        adjustMemberPoints: successBodyWhen(
          (body) => body.pointType === null || body.reasonCode === null || body.billingEntity === null,
          (answer) => ({ ...answer, data: null }),
        ),
      },
    },
  },
  {
    id: 'fab-status-missing-when-pending',
    description:
      "a successful fabric addition left pending (setToPending true) answers message, errors and data without status; active adjustments carry it: the response table's status is the call's whatever it adjusted (fault hunt 49)",
    family: 'fabric',
    catches: ['FAB-ADJ-ENVELOPE'],
    options: {
      handlers: {
        adjustMemberPoints: successBodyWhen(
          (body) => body.setToPending === true,
          ({ status: _status, ...answer }) => answer,
        ),
      },
    },
  },
  {
    id: 'fab-pending-only-while-none-pending',
    description:
      'setToPending true is honoured only while the member has no pending points: a second pending addition is made active at once (one pending batch per member): the flag decides each call (fault hunt 49)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override adjustMember(
            tenantId: string,
            request: { profileId: string; points: number; setToPending: boolean },
          ) {
            const before = this.member(tenantId, request.profileId);
            const pendingAlready = before !== undefined && before.pending > 0;
            return super.adjustMember(
              tenantId,
              pendingAlready ? { ...request, setToPending: false } : request,
            );
          }
        })(dataset),
    },
  },
  {
    id: 'fab-inquiry-available-counts-pending',
    description:
      'the member inquiry reports memberPointsAvailable as the active points plus the pending ones (memberPointsLocked counted in too): pending points are shown available, though the ledger keeps them apart (fault hunt 49)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING'],
    options: {
      handlers: {
        inquireMemberPoints: (context) => {
          const reply = HANDLERS.inquireMemberPoints(context);
          if (reply.status !== 200) return reply;
          const body = bodyRecord(reply.body);
          const data = (body.data as Record<string, unknown>[]).map((entry) => {
            const balance = entry.pointsBalance as Record<string, number>;
            return {
              ...entry,
              pointsBalance: {
                ...balance,
                memberPointsAvailable: balance.memberPointsAvailable! + balance.memberPointsLocked!,
              },
            };
          });
          return { ...reply, body: { ...body, data } };
        },
      },
    },
  },
  {
    id: 'fab-points-missing-booked-then-refused',
    description:
      'a fabric adjustment without points books 1 point (the amount\'s default), then is refused 400 "points is required": the check runs after the ledger write; a refusal that moved points breaks the rule all the same (fault hunt 49)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINTS-REQUIRED'],
    enforcedTwice: 'the spec requires points before the handler can book a default amount',
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.where === 'body.points' || i.message.includes('points'),
        ),
      },
      handlers: {
        adjustMemberPoints: (context) => {
          const body = bodyRecord(context.body);
          if (body.points !== undefined) return HANDLERS.adjustMemberPoints(context);
          HANDLERS.adjustMemberPoints({ ...context, body: { ...body, points: 1 } });
          return fabricReply(400, 'points is required', null, { points: 'required' });
        },
      },
    },
  },
  {
    id: 'fab-points-missing-repeats-last-amount',
    description:
      "a fabric adjustment without points takes the amount of the member's previous adjustment (a form keeping its last value), answered 200 when there was one: the page marks points required (fault hunt 49)",
    family: 'fabric',
    catches: ['FAB-ADJ-POINTS-REQUIRED'],
    enforcedTwice: 'the spec requires points before the handler can take the last amount',
    options: {
      hooks: {
        validate: dropIssues(
          'adjustMemberPoints',
          (i) => i.where === 'body.points' || i.message.includes('points'),
        ),
      },
      handlers: {
        adjustMemberPoints: (() => {
          const last = new Map<string, unknown>();
          return (context: HandlerContext) => {
            const body = bodyRecord(context.body);
            const key = `${context.principal}|${String(body.profileId)}`;
            if (body.points !== undefined) {
              last.set(key, body.points);
              return HANDLERS.adjustMemberPoints(context);
            }
            return HANDLERS.adjustMemberPoints({ ...context, body: { ...body, points: last.get(key) } });
          };
        })(),
      },
    },
  },
  {
    id: 'fab-empty-billing-entity-accepted-on-deductions',
    description:
      'a fabric deduction (negative points) with billingEntity "" is taken: the minimum length is checked on additions only. The page gives billingEntity "Minimum length: 1" whatever the sign (fault hunt 49)',
    family: 'fabric',
    catches: ['FAB-ADJ-BILLING-ENTITY-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('billingEntity', (body) => Number(body.points) < 0),
  },
  {
    id: 'fab-empty-reason-code-accepted-on-deductions',
    description:
      'a fabric deduction (negative points) with reasonCode "" is taken: the minimum length is checked on additions only. The page gives reasonCode "Minimum length: 1" whatever the sign (fault hunt 49)',
    family: 'fabric',
    catches: ['FAB-ADJ-REASON-CODE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('reasonCode', (body) => Number(body.points) < 0),
  },
  {
    id: 'auth-basic-padded-base64-refused',
    description:
      'Basic credentials whose base64 ends in padding (=) are refused 401 (a strict unpadded base64url decoder): a till whose username:md5 is not a multiple of three bytes long can never sign in. RFC 7617 encodes with standard, padded base64 (fault hunt 49)',
    family: 'authentication',
    catches: ['CAP-AUTH-BASIC'],
    profile: oauthFirst,
    options: {
      hooks: {
        authenticate: (_op, result, headers) =>
          /^Basic\s+\S*=$/i.test(headers.authorization ?? '')
            ? { ok: false, reason: 'malformed base64' }
            : result,
      },
    },
  },
  {
    id: 'auth-oauth-token-needs-authorization',
    description:
      "an X-CAP-API-OAUTH-TOKEN is refused (401) unless an Authorization header comes with it (a gateway that demands Basic in front of every call): the page's OAuth calls send the token alone (fault hunt 49)",
    family: 'authentication',
    catches: ['CAP-AUTH-OAUTH'],
    options: {
      hooks: {
        authenticate: (_op, result, headers) =>
          headers['x-cap-api-oauth-token'] && !headers.authorization
            ? { ok: false, reason: 'no credentials' }
            : result,
      },
    },
  },
  {
    id: 'auth-missing-credentials-from-connection',
    description:
      'a request without credentials is authenticated with the credentials the last request on the same keep-alive connection carried (a session kept per socket): the pages ask for credentials on every call (fault hunt 49)',
    family: 'authentication',
    catches: ['CAP-AUTH-MISSING'],
    options: {
      hooks: {
        intercept: (() => {
          const remembered = new WeakMap<object, { authorization?: string; token?: string }>();
          return (_op: OperationId, request: HookRequest) => {
            const h = request.headers as Record<string, string | string[] | undefined>;
            const auth = typeof h.authorization === 'string' ? h.authorization : undefined;
            const token =
              typeof h['x-cap-api-oauth-token'] === 'string'
                ? (h['x-cap-api-oauth-token'] as string)
                : undefined;
            if (auth || token) remembered.set(request.socket, { authorization: auth, token });
            else {
              const r = remembered.get(request.socket);
              if (r?.authorization) h.authorization = r.authorization;
              if (r?.token) h['x-cap-api-oauth-token'] = r.token;
            }
            return undefined;
          };
        })(),
      },
    },
  },
  {
    id: 'dual-list-names-sorted',
    description:
      "a list lookup sorts the identifier names (email, externalId, mobile) before pairing them with the values, which keep their order: a list whose names are not in that order pairs the primary with another identifier's value and is refused 8015. The page pairs them by position, in any order the caller keeps (fault hunt 49)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-ORDER'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
            const names = identifierName.split(',').map((n) => n.trim());
            return super.resolveLookup(
              orgId,
              names.length > 1 ? [...names].sort().join(',') : identifierName,
              identifierValue,
            );
          }
        })(dataset),
    },
  },
  {
    id: 'bal-one-program-promised-of-all',
    description:
      "a one-program read (a programId, fetchDataForAllPrograms=false) answers that program's main points beside the promised points of every program (promises kept per customer, not per program): totalPoints no longer that program's. The reads over all programs and without programId, compared with the one-program totals, show it (fault hunt 49)",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-NO-ID', 'CAP-BAL-DEFAULT-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override balance(orgId: string, query: BalanceQuery) {
            const read = super.balance(orgId, query);
            if (!read.ok || query.programId === undefined || query.fetchDataForAllPrograms) return read;
            const all = super.balance(orgId, { ...query, fetchDataForAllPrograms: true });
            return all.ok
              ? {
                  ok: true as const,
                  value: {
                    ...read.value,
                    delayedAccrualPoints: all.value.delayedAccrualPoints,
                    externalTriggerBasedPoints: all.value.externalTriggerBasedPoints,
                  },
                }
              : read;
          }
        })(dataset),
    },
  },
  {
    id: 'dual-list-richest-holder',
    description:
      "a list lookup answers the balance and entityId of whichever customer holding a listed secondary value has the most main points, the primary's own customer only when it is that one: the page gives the primary's single profile (fault hunt 49)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-PROFILE'],
    options: {
      createLedger: rewritingListLookups((read, others) =>
        others.reduce((best, other) => (other.mainPoints > best.mainPoints ? other : best), read),
      ),
    },
  },
  {
    id: 'auth-missing-balance-read-as-zero',
    description:
      "a balance read without credentials is answered 200 with an empty balance (every figure 0, entityId 0: nothing disclosed, nothing refused): a 2xx that is not a refusal in the profile's error status is no rejection (fault hunt 49)",
    family: 'authentication',
    catches: ['CAP-AUTH-MISSING'],
    options: {
      hooks: {
        reply: (op, reply, request) =>
          op === 'getPointsBalance' &&
          request.headers.authorization === undefined &&
          request.headers['x-cap-api-oauth-token'] === undefined
            ? {
                status: 200,
                body: {
                  entityId: 0,
                  entityType: 'CUSTOMER',
                  totalPoints: 0,
                  mainPoints: 0,
                  promisedPoints: 0,
                  promisedPointsBreakup: { delayedAccrualPoints: 0, externalTriggerBasedPoints: 0 },
                  warnings: [],
                },
              }
            : reply,
      },
    },
  },
  // --- dfix45: a deduction's exact pointsAvailable after a whole read that may hide a fraction ---
  {
    id: 'npa-decimals-amount-whole-behind-truncated-display',
    description:
      'an amount within the round decimals is booked rounded to whole points (1.01 takes 1) and pointsAvailable writes the ledger exactly ("669.000"), behind balance figures written whole, truncated toward zero: read 670 before, the move alone looks like a correct ledger that held 670.01, so only the amount deducted again from the exact 669 tells',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: {
      createLedger: amountsBookedAs(({ micro }) => Math.round(micro / ONE_POINT) * ONE_POINT, true),
    },
  },
  {
    id: 'npa-decimals-amount-tenths-behind-truncated-display',
    description:
      'each amount is booked truncated to one decimal (1.01 takes 1.0, 1.001 takes 1.0, 1.5 stays: a ledger column of one decimal under programs of two and three) and pointsAvailable writes the ledger exactly ("669.000"), behind balance figures written whole, truncated toward zero: read 670 before, the move alone looks like a correct ledger that held 670.01, and the amounts below the display (1.5) book exactly, so only the amount deducted again from the exact 669 tells',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: {
      createLedger: amountsBookedAs(
        ({ micro }) => Math.trunc(micro / (ONE_POINT / 10)) * (ONE_POINT / 10),
        true,
      ),
    },
  },
  {
    id: 'npa-number-amount-failure-in-200',
    description:
      'pointsToBeAdjusted sent as a JSON number (the type the table gives) is answered 200 {"status": "failure"} with a message and no error envelope, and nothing moves: no success, though answered 2xx. The suite\'s number-form faults all refused with a 4xx (fault hunt 50)',
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-NUMBER'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) =>
          typeof bodyRecord(context.body).pointsToBeAdjusted === 'number'
            ? {
                status: 200,
                body: { status: 'failure', message: 'pointsToBeAdjusted must be a string', warnings: [] },
              }
            : HANDLERS.negativePointsAdjustment(context),
      },
    },
  },
  {
    id: 'npa-decimals-cached-per-org',
    description:
      "8906 is judged against round decimals read once per org and cached (a cache keyed by org, not by program): whichever program an org's first deduction names sets the decimals of every later one, so one program takes the other's (fault hunt 50)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-PROGRAM'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          readonly #decimals = new Map<string, number>();
          override deduct(orgId: string, request: DeductionRequest) {
            const programId = programOf(dataset, orgId, request);
            if (!this.#decimals.has(orgId))
              this.#decimals.set(
                orgId,
                orgOf(dataset, orgId).programs.find((p) => p.id === programId)?.roundDecimals ?? 0,
              );
            const decimals = this.#decimals.get(orgId) ?? 0;
            const places = parseAmount(request.pointsToBeAdjusted)?.decimalPlaces ?? 0;
            if (places > decimals)
              return apiError(
                8906,
                `decimal places passed: ${places} is greater than the configured round decimals: ${decimals} for programId: ${programId}`,
              );
            return super.deduct(orgId, request);
          }
        })(dataset),
    },
  },
  {
    id: 'npa-8013-failure-in-200',
    description:
      'an identifier type the operation does not support (or none) is answered 200 {"status": "failure"} with a message and no error envelope: nothing moves, but the answer is no refusal with 8013 (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    options: failureIn200Instead(8013, 'Lookup,Invalid identifier passed'),
  },
  {
    id: 'npa-unknown-identifier-type-read-as-mobile-in-lenient-org',
    description:
      'the check of identifierName is an org setting the lenient org has off: there an unknown type is read as mobile and deducts, in the strict org it gets 8013. The page lists the supported values with no setting (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    enforcedTwice:
      "the spec's enum refuses the unknown type before any handler runs: the fault lets it through, and its handler refuses it outside the lenient org",
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'query.identifierName' && i.keyword === 'enum',
        ),
      },
      handlers: {
        negativePointsAdjustment: (context) => {
          const name = queryValue(context.query, 'identifierName');
          if (name === 'mobile' || name === 'externalId') return HANDLERS.negativePointsAdjustment(context);
          if (context.principal !== 'lenient')
            return capillaryError(8013, 'Lookup,Invalid identifier passed');
          return HANDLERS.negativePointsAdjustment({
            ...context,
            query: { ...context.query, identifierName: 'mobile' },
          });
        },
      },
    },
  },
  {
    id: 'npa-missing-amount-failure-in-200',
    description:
      'a deduction without pointsToBeAdjusted is answered 200 {"status": "failure"} with a message and no error envelope: nothing moves, but the answer is no refusal in the profile\'s error status (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-REQUIRED'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          operationId === 'negativePointsAdjustment' &&
          isRefusal(reply) &&
          bodyRecord(request.body).pointsToBeAdjusted === undefined
            ? {
                status: 200,
                body: { status: 'failure', message: 'pointsToBeAdjusted is required', warnings: [] },
              }
            : reply,
      },
    },
  },
  {
    id: 'npa-promotion-identifier-program-from-award',
    description:
      'a promotionIdentifier without programId gets 8887 only when no program can be found otherwise: beside a pointsAwardedId the program of the award stands in (here the default one) and the deduction goes through. The row asks for programId whenever promotionIdentifier is passed; the suite sent it without programId only beside no award (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-8887'],
    enforcedTwice:
      "the spec's dependentRequired refuses the missing programId before any handler runs: the fault lets it through, and its handler refuses it where no award is named",
    options: promotionWithoutProgram8887Only(
      (context) => bodyRecord(context.body).pointsAwardedId === undefined,
    ),
  },
  {
    id: 'npa-8887-failure-in-200',
    description:
      'a promotionIdentifier without programId is answered 200 {"status": "failure"} with a message and no error envelope: nothing moves, but the answer is no refusal with 8887 (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-8887'],
    options: failureIn200Instead(8887, 'programId is required when promotionIdentifier is passed'),
  },
  {
    id: 'npa-8874-failure-in-200',
    description:
      'a promotion reference naming no promotion is answered 200 {"status": "failure"} with a message and no error envelope: nothing moves, but the answer is no refusal with 8874 (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-8874'],
    options: failureIn200Instead(8874, 'invalid promotion id'),
  },
  {
    id: 'npa-missing-reason-defaulted-with-award',
    description:
      'a deduction naming a pointsAwardedId without reasonOfReturn is given a reason of its own (the award reversed) and deducts; without an award it gets 8882. The page marks reasonOfReturn mandatory whatever else the body names; the suite left it out only of a body naming no award (fault hunt 50, open since fault hunt 47)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-REQUIRED'],
    enforcedTwice:
      "the spec's `required` refuses the missing reason before any handler runs: the fault lets it through, and its handler refuses it where no award is named",
    options: reasonDefaultedUnless(
      (body) => body.pointsAwardedId === undefined,
      (body) => `reversal of award ${String(body.pointsAwardedId)}`,
    ),
  },
  {
    id: 'npa-reason-limit-counts-ascii-only',
    description:
      "the 50-character limit of reasonOfReturn is counted on the reason with its non-ASCII characters left out (a sanitiser run before the check): 51 characters with accents pass. The suite's 51-character reason was all ASCII (fault hunt 50)",
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    enforcedTwice:
      "the spec's maxLength refuses the long reason before any handler runs: the fault lets it through, and its handler counts the ASCII characters",
    options: {
      hooks: {
        validate: longReasonsLetThrough,
      },
      ...reasonsRefusedWhen((reason) => reason.replace(/[^\x20-\x7e]/g, '').length > 50, 400),
    },
  },
  {
    id: 'npa-reason-limit-per-org',
    description:
      'the length limit of reasonOfReturn is an org setting: 50 characters in the strict org, 255 in the lenient one, where 51 characters deduct. The page gives 50 with no setting (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    enforcedTwice:
      "the spec's maxLength refuses the long reason before any handler runs: the fault lets it through, and its handler applies the org's limit",
    options: {
      hooks: { validate: longReasonsLetThrough },
      ...reasonsRefusedWhen(
        (reason, context) => reason.length > (context.principal === 'lenient' ? 255 : 50),
        400,
      ),
    },
  },
  {
    id: 'npa-promotion-pair-allowed-in-lenient-org',
    description:
      'promotionId and promotionIdentifier together are refused as an org setting the lenient org has off: there the pair is accepted (promotionId wins) and deducts, in the strict org it is refused. The promotionId row calls the pair "an invalid input combination" with no setting (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    enforcedTwice:
      "the spec's `not` refuses the pair before any handler runs: the fault lets it through, and its handler refuses it outside the lenient org",
    options: {
      hooks: { validate: dropIssues('negativePointsAdjustment', (i) => i.keyword === 'not') },
      handlers: {
        negativePointsAdjustment: (context) => {
          const body = bodyRecord(context.body);
          if (body.promotionId === undefined || body.promotionIdentifier === undefined)
            return HANDLERS.negativePointsAdjustment(context);
          if (context.principal !== 'lenient') return capillaryError(400, 'invalid input combination');
          const { promotionIdentifier: _identifier, ...byId } = body;
          return HANDLERS.negativePointsAdjustment({ ...context, body: byId });
        },
      },
    },
  },
  {
    id: 'npa-promotion-unread-with-ref-type',
    description:
      'a deduction carrying a pointsAwardedRefType is taken as a reversal of points of that kind: its promotionId and promotionIdentifier are not read, so one naming no promotion goes through as a plain deduction instead of being refused (8874). The suite sent its unknown promotions without a type only (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-8874'],
    options: {
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (context) => {
          const body = bodyRecord(context.body);
          return body.pointsAwardedRefType === undefined
            ? context
            : { ...context, body: { ...body, promotionId: undefined, promotionIdentifier: undefined } };
        }),
      },
    },
  },
  {
    id: 'npa-promotion-identifier-program-inferred-for-one-program-customer',
    description:
      'a promotionIdentifier without programId gets 8887 only where the customer is enrolled in more than one program: a customer of one program is charged there, the program taken as unambiguous. The row asks for programId whenever promotionIdentifier is passed; the suite sent it without programId for the deductible customer only, enrolled in two (fault hunt 50)',
    family: 'input-validation',
    catches: ['CAP-NPA-8887'],
    enforcedTwice:
      "the spec's dependentRequired refuses the missing programId before any handler runs: the fault lets it through, and its handler refuses it for customers of several programs",
    options: promotionWithoutProgram8887Only(
      (context) => (customerOfRequest(context)?.programs.size ?? 0) !== 1,
    ),
  },
  // Fault hunt 51: requirements only three to five faults had failed, broken in other ways.
  {
    id: 'fab-empty-point-type-accepted-on-bare-credit',
    description:
      'a fabric addition naming only pointType "" (no billingEntity, no reasonCode, not pending) is taken: a quick credit path books the bare body without the validator the example-shaped bodies, deductions and pending additions go through; the page gives pointType "Minimum length: 1" whatever the body holds (fault hunt 51)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINT-TYPE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('pointType', bareCredit('billingEntity', 'reasonCode')),
  },
  {
    id: 'auth-fabric-bearer-refused-in-200-envelope',
    description:
      'the fabric adjustment answers the valid Bearer token HTTP 200 with an envelope refusing it (status 401, data null, "token not recognised"): the adjustment is not made; a 2xx whose envelope refuses is no acceptance (fault hunt 51)',
    family: 'authentication',
    catches: ['FAB-AUTH-BEARER'],
    options: {
      handlers: {
        adjustMemberPoints: () => ({
          status: 200,
          body: {
            status: 401,
            message: 'token not recognised',
            data: null,
            errors: { code: '401', message: 'Unauthorized' },
          },
        }),
      },
    },
  },
  {
    id: 'auth-access-group-checked-after-deducting',
    description:
      'a deduction with credentials lacking the Points access group is carried out, then answered 403 (4000): the access group is checked after the ledger write; a refusal that deducted breaks the rule all the same (fault hunt 51)',
    family: 'authentication',
    catches: ['CAP-AUTH-ACCESS-GROUP'],
    enforcedTwice:
      'the server refuses credentials without the group before any handler runs: the authenticate hook lets them through, the handler refuses after the ledger wrote',
    options: withoutPointsGroup((context, deduct) => {
      const reply = deduct(context);
      return reply.status === 200 ? withoutPointsGroupRefusal() : reply;
    }),
  },
  {
    id: 'auth-access-group-checked-with-program-only',
    description:
      "a deduction with credentials lacking the Points access group is refused when it names a programId (the check sits in the program's resolution) and carried out when it names none (the org's default program, resolved without it): the prerequisites hold whatever the body names (fault hunt 51)",
    family: 'authentication',
    catches: ['CAP-AUTH-ACCESS-GROUP'],
    enforcedTwice:
      'the server refuses credentials without the group before any handler runs: the authenticate hook lets them through, the handler checks where a programId is named',
    options: pointsGroupUncheckedWhen((context) => bodyRecord(context.body).programId === undefined),
  },
  {
    id: 'dual-no-primary-answered-with-warning',
    description:
      'under dual eligibility a list of identifiers without the primary is answered 200 with the balance of the customer its first identifier names and 8015 as a warning: the page makes it error 8015, not a success (fault hunt 51)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-NO-PRIMARY'],
    options: {
      handlers: {
        getPointsBalance: noPrimaryListResolved(
          () => true,
          (reply) => ({
            ...reply,
            body: {
              ...bodyRecord(reply.body),
              warnings: [
                { code: 8015, message: 'Customer not found for the given identifiers', status: false },
              ],
            },
          }),
        ),
      },
    },
  },
  {
    id: 'fab-null-strings-refused-beside-billing-entity',
    description:
      'a fabric adjustment naming a billingEntity (a string) with pointType or reasonCode null is refused 400 ("a billing entity\'s adjustments need a point type and a reason code"); bodies of nulls only are taken: the page types them string | null whatever the other fields say (fault hunt 51)',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: fabricRefusingWhen(
          (body) =>
            typeof body.billingEntity === 'string' && (body.pointType === null || body.reasonCode === null),
          "a billing entity's adjustments need a point type and a reason code",
          { reasonCode: 'required' },
        ),
      },
    },
  },
  {
    id: 'fab-unknown-member-deduction-from-first',
    description:
      "a fabric deduction for a profileId no member has is taken from the tenant's first member (a house account the return path falls back on), answered 200; additions for it are refused 404: the page names the member by its profileId whatever points says (fault hunt 51)",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: {
      createLedger: unknownMemberTakenAsFirst((request) => request.points < 0),
    },
  },
  {
    id: 'auth-fabric-empty-authorization-passes',
    description:
      'a fabric adjustment with an Authorization header present but empty is let through as the tenant (the header is checked only when it names a scheme): an empty header carries no token (fault hunt 51)',
    family: 'authentication',
    catches: ['FAB-AUTH-MISSING'],
    options: {
      hooks: {
        authenticate: (op, result, headers) =>
          !result.ok && op === 'adjustMemberPoints' && headers.authorization?.trim() === ''
            ? { ok: true, principal: DATASET.fabric.tenants[0]!.id, accessGroups: ['Default', 'Points'] }
            : result,
      },
    },
  },
  {
    id: 'auth-fabric-deduction-unauthenticated',
    description:
      'a fabric deduction (negative points) is carried out as the tenant whatever its Authorization header holds, or without one: only additions are authenticated (the return path mounted without the middleware); the Authorization header is required whatever points says (fault hunt 51)',
    family: 'authentication',
    catches: ['FAB-AUTH-MISSING'],
    enforcedTwice:
      'the server refuses a request without a valid token before any handler runs: the authenticate hook lets it through, the handler authenticates additions only',
    options: deductionsUnauthenticatedWhen(() => true),
  },
  {
    id: 'bal-top-level-promised-default-program-on-all-reads',
    description:
      "on a read over all programs (fetchDataForAllPrograms true) the balance repeats its promised figures at the top level from the org's default program only, while promisedPointsBreakup holds the figures over all programs (fault hunt 51)",
    family: 'balance',
    catches: ['CAP-BAL-PROMISED-BREAKUP'],
    options: {
      handlers: {
        getPointsBalance: topLevelPromisedOf(
          (context) => queryValue(context.query, 'fetchDataForAllPrograms') === 'true',
          (context) => ({
            ...context.query,
            fetchDataForAllPrograms: 'false',
            programId: String(orgOf(DATASET, context.principal).programs[0]?.id ?? ''),
          }),
        ),
      },
    },
  },
  {
    id: 'bal-top-level-promised-truncated',
    description:
      'the balance repeats its promised figures at the top level as whole numbers (an int column: 12.675 read 12) while promisedPointsBreakup keeps their decimals (fault hunt 51)',
    family: 'balance',
    catches: ['CAP-BAL-PROMISED-BREAKUP'],
    options: {
      handlers: {
        getPointsBalance: with200Body('getPointsBalance', (body) => {
          const breakup = bodyRecord(body.promisedPointsBreakup);
          return {
            ...body,
            delayedAccrualPoints: Math.trunc(Number(breakup.delayedAccrualPoints)),
            externalTriggerBasedPoints: Math.trunc(Number(breakup.externalTriggerBasedPoints)),
          };
        }),
      },
    },
  },
  {
    id: 'fab-pending-flag-sticks',
    description:
      "a fabric adjustment without setToPending takes the member's last setToPending as its default (a preference kept per member): after a pending addition, the next ones without the flag go pending too; the page gives it the default false. FAB-ADJ-PENDING-DEFAULT's defaulted additions follow explicit false ones and pass; fabric.validation's addition of nulls after its pending one, and the additions after fabric.pending's, fail (fault hunt 51)",
    family: 'fabric',
    catches: ['FAB-ADJ-ADD', 'FAB-ADJ-NULLABLE-STRINGS'],
    get options(): FaultOptions {
      const last = new Map<string, boolean>();
      return {
        handlers: {
          adjustMemberPoints: withRequest('adjustMemberPoints', (context) => {
            const body = bodyRecord(context.body);
            const id = String(body.profileId);
            if (typeof body.setToPending === 'boolean') {
              last.set(id, body.setToPending);
              return context;
            }
            return last.get(id) ? { ...context, body: { ...body, setToPending: true } } : context;
          }),
        },
      };
    },
  },
  {
    id: 'auth-fabric-bearer-answered-login-page',
    description:
      'the fabric adjustment answers the valid Bearer token 200 with an HTML sign-in page (a gateway in front of the API wants a session, not a token): a 2xx that is not the documented JSON is no acceptance (fault hunt 51)',
    family: 'authentication',
    catches: ['FAB-AUTH-BEARER'],
    options: {
      handlers: {
        adjustMemberPoints: () => ({
          status: 200,
          body: null,
          headers: { 'content-type': 'text/html; charset=utf-8' },
          rawBody: '<!doctype html><html><body><form action="/login">Sign in</form></body></html>',
        }),
      },
    },
  },
  {
    id: 'dual-no-primary-served-from-lookup-cache',
    description:
      'under dual eligibility a list of identifiers without the primary is answered from a cache of identifier values filled by earlier lookups that named the primary (each listed value mapped to its customer) instead of 8015; values never seen beside the primary are refused (fault hunt 51)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-NO-PRIMARY'],
    get options(): FaultOptions {
      const seen = new Map<string, string>();
      return {
        handlers: {
          getPointsBalance: (context) => {
            const names = (queryValue(context.query, 'identifierName') ?? '').split(',').map((n) => n.trim());
            const values = (queryValue(context.query, 'identifierValue') ?? '')
              .split(',')
              .map((v) => v.trim());
            const primary = primaryOf(orgOf(DATASET, context.principal));
            const at = names.indexOf(primary);
            const key = (value: string) => `${context.principal}|${value}`;
            if (at >= 0) {
              const reply = HANDLERS.getPointsBalance(context);
              if (reply.status === 200) for (const v of values) seen.set(key(v), values[at] ?? '');
              return reply;
            }
            const found = new Set(values.map((v) => seen.get(key(v))));
            const [only] = found;
            return names.length > 1 && found.size === 1 && only !== undefined
              ? HANDLERS.getPointsBalance({
                  ...context,
                  query: { ...context.query, identifierName: primary, identifierValue: only },
                })
              : HANDLERS.getPointsBalance(context);
          },
        },
      };
    },
  },
  {
    id: 'fab-small-credit-pending-by-default',
    description:
      'a fabric addition of fewer than 5 points without setToPending goes pending (small credits batched until the next settlement); larger ones are active: the page gives setToPending the default false whatever the amount (fault hunt 51)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING-DEFAULT'],
    options: { handlers: { adjustMemberPoints: pendingByDefaultWhen((body) => Number(body.points) < 5) } },
  },
  {
    id: 'auth-fabric-bearer-answered-202-queued',
    description:
      'the fabric adjustment answers the valid Bearer token 202 {status: "queued", jobId} (an asynchronous job API) and makes the adjustment: not the documented envelope (its status is the call\'s integer status code); a 2xx the spec does not declare was read as a success without its body judged (fault hunt 51)',
    family: 'authentication',
    catches: ['FAB-AUTH-BEARER'],
    options: {
      handlers: {
        adjustMemberPoints: (context) => {
          const reply = HANDLERS.adjustMemberPoints(context);
          return reply.status === 200
            ? {
                status: 202,
                body: { status: 'queued', jobId: randomUUID(), message: 'Accepted for processing' },
              }
            : reply;
        },
      },
    },
  },
  {
    id: 'fab-null-strings-refused-on-deduction-beside-billing-entity',
    description:
      'a fabric deduction naming a billingEntity (a string) with pointType or reasonCode null is refused 400 ("a deduction billed to an entity needs a point type and a reason code"); additions so are taken, whatever they brought beside the entity: the page types the fields string | null whatever points and the other fields say. Variant hunt 47 lets a first refusal of the deduction beside the billing entity warn (points held per billing entity) and judges it again after an addition beside it',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: fabricRefusingWhen(
          (body) =>
            Number(body.points) < 0 &&
            typeof body.billingEntity === 'string' &&
            (body.pointType === null || body.reasonCode === null),
          'a deduction billed to an entity needs a point type and a reason code',
          { reasonCode: 'required' },
        ),
      },
    },
  },
  // --- fault hunt 52: unlock requirements that only five faults showed failing ---
  {
    id: 'upp-missing-bill-number-beside-event-log-as-82323277',
    description:
      'an unlock without billNumber that names an eventLogId is answered 82323277 (invalid or non-existent billNumber: the event log looked up as a bill and not found) instead of 82323271; without an eventLogId it gets 82323271 (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323271'],
    options: replacingCode('unlockPromisedPoints', 82323271, (_reply, request) =>
      bodyRecord(request.body).eventLogId === undefined
        ? _reply
        : capillaryError(82323277, 'Invalid bill number.'),
    ),
  },
  {
    id: 'upp-missing-bill-number-as-82323284',
    description:
      'an unlock without billNumber is answered 82323284 (the code the page gives a missing or empty query parameter, reused for a missing body field) instead of 82323271 (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323271'],
    options: replacingCode('unlockPromisedPoints', 82323271, () =>
      capillaryError(82323284, 'Mandatory parameter missing or empty.'),
    ),
  },
  {
    id: 'upp-lower-case-type-unchecked',
    description:
      'the unlock checks an upper-case type against the list but passes a lower-case one unchecked, read as the default CUSTOMER: type=not_a_type unlocks the bill instead of failing with 82323276. The suite sent NOT_A_TYPE only (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323276'],
    options: {
      hooks: {
        validate: dropIssues(
          'unlockPromisedPoints',
          (i) => i.where === 'query.type' && /^"[a-z][a-z_0-9]*"$/.test(i.actual),
        ),
      },
    },
  },
  {
    id: 'upp-unmatched-line-item-empty-200',
    description:
      'an unlock restricted by lineItemIds that match nothing left on the bill is answered 200 with an empty pointsUnlocked list instead of 82323282 (no promise points found to unlock); the same by itemCodes is refused (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-82323282'],
    options: emptyUnlockInstead(82323282, (body) => body.lineItemIds !== undefined),
  },
  {
    id: 'upp-no-promise-points-with-status-200',
    description:
      'an unlock that finds no promised points (a second unlock of the bill among them) is answered with the 82323282 error body but HTTP 200, as some Capillary APIs wrap errors: a 2xx is no refusal (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE-ERROR', 'CAP-UPP-82323282'],
    options: replacingCode('unlockPromisedPoints', 82323282, (reply) => ({ ...reply, status: 200 })),
  },
  {
    id: 'upp-no-type-refused-off-mobile',
    description:
      'an unlock without type naming the customer by any identifier but mobile is refused with 82323276 (invalid entity type: only the mobile lookup path defaults the type to CUSTOMER); by mobile it is unlocked. The suite let this refusal pass for CAP-UPP-IDENTIFIER-NAMES to judge, and only 1645 failed the default (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          queryValue(context.query, 'type') === undefined &&
          queryValue(context.query, 'identifierName') !== 'mobile'
            ? capillaryError(82323276, 'Invalid entity type.')
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'upp-fractional-points-with-unit',
    description:
      'the unlock answer writes a pointsUnlocked with a fraction as a string with its unit ("12.500 pts", a display format) and whole amounts as numbers: a fraction is no decimal string then (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-NUMERIC'],
    options: {
      handlers: {
        unlockPromisedPoints: withUnlockLines((line) =>
          Number.isInteger(Number(line.pointsUnlocked))
            ? line
            : { ...line, pointsUnlocked: `${String(line.pointsUnlocked)} pts` },
        ),
      },
    },
  },
  {
    id: 'upp-event-log-unlock-lines-name-event-log',
    description:
      "an unlock naming the bill's eventLogId beside its billNumber answers lines whose billNumber is the event log's id (the row the unlock went through); unlocks without eventLogId name the bill (fault hunt 52)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-BILL'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const log = bodyRecord(context.body).eventLogId;
          if (log === undefined) return HANDLERS.unlockPromisedPoints(context);
          return withUnlockLines((line) =>
            line.billNumber === undefined ? line : { ...line, billNumber: String([log].flat()[0]) },
          )(context);
        },
      },
    },
  },
  {
    id: 'upp-listed-sources-with-underscore-refused',
    description:
      'the unlock checks source by its form, one upper-case word: the listed WEB_ENGAGE and MOBILE_APP are refused with 8003 (invalid source); INSTORE, FACEBOOK, WECHAT and LINE are taken (fault hunt 52)',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-VALUES'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          (queryValue(context.query, 'source') ?? '').includes('_')
            ? capillaryError(8003, 'Invalid source.')
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'upp-bill-date-read-in-another-time-zone',
    description:
      "the unlock reads billDate as UTC midnight, writes it back in the server's zone (UTC-5, the day before) and refuses the date as invalid (400) when the two differ: every YYYY-MM-DD date is refused (fault hunt 52)",
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const date = bodyRecord(context.body).billDate;
          if (typeof date !== 'string') return HANDLERS.unlockPromisedPoints(context);
          const local = new Date(Date.parse(date) - 5 * 3_600_000).toISOString().slice(0, 10);
          return local === date
            ? HANDLERS.unlockPromisedPoints(context)
            : capillaryError(400, 'billDate is not a valid date.');
        },
      },
    },
  },
  {
    id: 'npa-available-cents-a-hundredth-below-the-ledger',
    description:
      'where the figure keeps a third decimal (program 973), pointsAvailable is written with two decimals a hundredth below the figure with its third decimal dropped (117.499 answered "117.48"): no rounding to two decimals writes it (pafix48: a pointsAvailable with fewer decimals than the program keeps warns only as a rounding of the balance)',
    family: 'decimal-precision',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: {
      handlers: {
        negativePointsAdjustment: availableInCentsWhereThousandths((micro) => Math.floor(micro / 10_000) - 1),
      },
    },
  },
  {
    id: 'npa-available-cents-the-balance-before-the-deduction',
    description:
      'where the figure keeps a third decimal (program 973), pointsAvailable is the balance before the deduction, written with two decimals (117.499 left after 1.001 answered "118.50"): a two-decimal column filled from the read before the update (pafix48)',
    family: 'decimal-precision',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: {
      handlers: {
        negativePointsAdjustment: availableInCentsWhereThousandths((micro, amount) =>
          Math.round((micro + amount) / 10_000),
        ),
      },
    },
  },
  {
    id: 'npa-available-integer-a-point-low-beside-one-decimal-reads',
    description:
      "every balance figure written with one decimal, raised (a DTO's setScale(1, CEILING)), and pointsAvailable written whole a point below the ledger's figure truncated (663.99 read 664.0 and answered 662): the reads' display hides a tenth, not a point (pafix48)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-POINTS-AVAILABLE'],
    options: {
      hooks: {
        reply: (operationId, reply, request) =>
          balanceAsWholeNumbers(raisedTo(1))(
            operationId,
            successesAs(
              'negativePointsAdjustment',
              () => true,
              (answer) => {
                const body = bodyRecord(answer.body);
                return {
                  ...answer,
                  body: { ...body, pointsAvailable: Math.trunc(Number(body.pointsAvailable)) - 1 },
                };
              },
            )(operationId, reply, request),
          ),
      },
    },
  },
  {
    id: 'npa-missing-reason-defaulted-with-promotion',
    description:
      'a deduction naming a promotion (promotionId or promotionIdentifier) without reasonOfReturn is given the default reason "manual adjustment" and deducts; without a promotion it gets 8882. The page marks reasonOfReturn mandatory whatever else the body names; the suite left it out of a plain body and of one naming an award, never of one naming a promotion (fault hunt 53)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-REQUIRED'],
    enforcedTwice:
      "the spec's `required` refuses the missing reason before any handler runs: the fault lets it through, and its handler refuses it where no promotion is named",
    options: reasonDefaultedUnless(
      (body) => body.promotionId === undefined && body.promotionIdentifier === undefined,
    ),
  },
  {
    id: 'npa-missing-amount-with-ref-type-taken-as-zero',
    description:
      'a deduction naming a pointsAwardedRefType without pointsToBeAdjusted takes the amount as 0 and answers success (nothing moves); without a type it is refused. The page marks pointsToBeAdjusted mandatory whatever else the body names; the suite left it out of bodies naming an award or a promotion, never beside a pointsAwardedRefType (fault hunt 53)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-REQUIRED'],
    enforcedTwice: 'the spec requires the amount, and the ledger refuses what it cannot parse',
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.pointsToBeAdjusted' && i.keyword === 'required',
        ),
      },
      handlers: {
        negativePointsAdjustment: successMovingNothingWhen(
          (body) => body.pointsToBeAdjusted === undefined && body.pointsAwardedRefType !== undefined,
        ),
      },
    },
  },
  {
    id: 'npa-unknown-identifier-name-read-as-external-id',
    description:
      "a deduction naming an identifierName the page does not list looks a value with anything but digits up as an externalId (digits are still refused with 8013): notAnIdentifier with the customer's externalId deducts. The suite sent the unknown name only beside the mobile, all digits (fault hunt 53)",
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    enforcedTwice:
      "the spec's enum refuses the unknown name before any handler runs: the fault lets it through, and its handler refuses it for values of digits",
    options: {
      hooks: {
        validate: dropIssues('negativePointsAdjustment', (i) => {
          const names = identifierNamesOf(i);
          return i.keyword === 'enum' && names?.length === 1;
        }),
      },
      handlers: {
        negativePointsAdjustment: (context) => {
          const name = queryValue(context.query, 'identifierName') ?? '';
          if (['mobile', 'externalId'].includes(name) || name === '' || name.includes(','))
            return HANDLERS.negativePointsAdjustment(context);
          if (/^\d+$/.test(queryValue(context.query, 'identifierValue') ?? ''))
            return capillaryError(8013, `identifierName ${name} is not supported`);
          return HANDLERS.negativePointsAdjustment({
            ...context,
            query: { ...context.query, identifierName: 'externalId' },
          });
        },
      },
    },
  },
  {
    id: 'npa-null-or-empty-amount-booked-as-zero',
    description:
      'a deduction whose pointsToBeAdjusted is null or "" reads it as 0 points and answers success (nothing moves): the page marks the amount mandatory (value should be >0). CAP-NPA-AMOUNT-REQUIRED leaves the amount out but never sends it null or empty; the generated invalid deductions send the null (an empty string alone no check sent: fault hunt 53; input-validation.empty-amount sends it since fault hunt 54)',
    family: 'generated',
    catches: ['GEN-INVALID-REJECTED', 'CAP-NPA-AMOUNT-REQUIRED'],
    enforcedTwice:
      'the spec\'s type refuses null and "" before any handler runs, and the ledger refuses what it cannot parse',
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.pointsToBeAdjusted' && (i.actual === 'null' || i.actual === '""'),
        ),
      },
      handlers: {
        negativePointsAdjustment: successMovingNothingWhen(
          (body) => body.pointsToBeAdjusted === null || body.pointsToBeAdjusted === '',
        ),
      },
    },
  },
  {
    id: 'fab-null-billing-entity-refused-when-active-explicit',
    description:
      'a fabric adjustment with billingEntity null and setToPending false written out is refused 400 ("billingEntity is required to activate points"); with setToPending left out or true the null is taken. The page types billingEntity string | null whatever setToPending says; FAB-ADJ-NULLABLE-STRINGS sent the nulls with setToPending left out or true (fault hunt 53)',
    family: 'fabric',
    catches: ['FAB-ADJ-NULLABLE-STRINGS'],
    options: {
      handlers: {
        adjustMemberPoints: (context) => {
          const body = bodyRecord(context.body);
          return body.setToPending === false && body.billingEntity === null
            ? fabricReply(400, 'billingEntity is required to activate points', null, {
                billingEntity: 'required',
              })
            : HANDLERS.adjustMemberPoints(context);
        },
      },
    },
  },
  {
    id: 'upp-race-naming-event-log',
    description:
      "unlocks naming the bill's eventLogId beside its billNumber check the bill, then mark it unlocked after an await (that path takes no lock): one racing an unlock by billNumber alone unlocks the bill a second time. CAP-UPP-CONCURRENT-ONCE sent every parallel unlock by billNumber alone (fault hunt 53)",
    family: 'concurrency',
    catches: ['CAP-UPP-CONCURRENT-ONCE'],
    options: racyUnlockWhen((context) => bodyRecord(context.body).eventLogId !== undefined),
  },
  {
    id: 'npa-negative-fraction-string-credits',
    description:
      'a negative amount written as a string has its sign read from its whole part (parseInt of the text): "-0.5" reads as -0, no negative, and is deducted as sent, adding half a point; "-5" and the number -0.5 are refused. CAP-NPA-AMOUNT-POSITIVE sent a negative fraction only as a number (fault hunt 53)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: "the spec's pattern refuses a negative amount string, and the ledger again (8888)",
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.pointsToBeAdjusted' && /^"\s*-0*\./.test(i.actual),
        ),
      },
      createLedger: negativeAmountsDeductedWhen(
        () => true,
        (micro) => Math.trunc(micro / ONE_POINT) === 0,
      ),
    },
  },
  {
    id: 'npa-promotion-pair-taken-without-program',
    description:
      'promotionId and promotionIdentifier together are refused only beside a programId (the check sits where the identifier is resolved in its program): without programId, promotionId wins, the identifier is ignored and the default program is charged. The promotionId row calls any pair "an invalid input combination"; CAP-NPA-PROMOTION-EXCLUSIVE sent the pair with a programId only (fault hunt 53)',
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    enforcedTwice:
      "the spec's `not` refuses the pair and its dependentRequired the identifier without programId before any handler runs: the fault lets both through, and its handler refuses them where a programId is sent, or no promotionId",
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.keyword === 'not' || i.keyword === 'dependentRequired',
        ),
      },
      handlers: {
        negativePointsAdjustment: (context) => {
          const { promotionIdentifier, ...body } = bodyRecord(context.body);
          if (promotionIdentifier === undefined) return HANDLERS.negativePointsAdjustment(context);
          if (body.programId === undefined || body.programId === null)
            return body.promotionId === undefined
              ? capillaryError(8887, 'programId is required when promotionIdentifier is passed')
              : HANDLERS.negativePointsAdjustment({ ...context, body });
          return body.promotionId === undefined
            ? HANDLERS.negativePointsAdjustment(context)
            : capillaryError(400, 'promotionId and promotionIdentifier cannot be passed together');
        },
      },
    },
  },
  {
    id: 'upp-repeat-naming-event-log-integer-empty-200',
    description:
      "a second unlock of a bill naming its own eventLogId as one integer (the example's form, a legacy single-event path) answers 200 with an empty pointsUnlocked list instead of an error; the array the table types is refused as a repeat. The error table makes an unlock that finds no promised points an error (82323282); CAP-UPP-ONCE-ERROR repeated the unlock naming the event log as an array only (fault hunt 53)",
    family: 'promised-points',
    catches: ['CAP-UPP-ONCE-ERROR'],
    options: emptyUnlockInstead(82323282, (body) => typeof body.eventLogId === 'number'),
  },
  {
    id: 'npa-number-amount-decimals-of-default-program',
    description:
      "a JSON-number amount's decimals are counted against the default program's round decimals, a string's against the program named (the number is converted on another path): 1.001 as a number is refused with 8906 in a program keeping 3 decimals where the default keeps 2. CAP-NPA-DECIMALS-PROGRAM sent the amount only as a string (fault hunt 54)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-PROGRAM'],
    options: {
      createLedger: decimalsOfDefaultProgram((request) => typeof request.pointsToBeAdjusted === 'number'),
    },
  },
  {
    id: 'npa-empty-amount-booked-as-zero',
    description:
      'a deduction whose pointsToBeAdjusted is "" reads it as 0 points and answers success (nothing moves); a missing or null amount is still refused. The page marks the amount mandatory (value should be >0); no check sent it empty (fault hunt 54)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-REQUIRED'],
    enforcedTwice:
      'the spec\'s type refuses "" before any handler runs, and the ledger refuses what it cannot parse',
    options: {
      hooks: {
        validate: dropIssues(
          'negativePointsAdjustment',
          (i) => i.where === 'body.pointsToBeAdjusted' && i.actual === '""',
        ),
      },
      createLedger: ignoringDeductions((r) => r.pointsToBeAdjusted === ''),
    },
  },
  {
    id: 'npa-empty-source-read-as-instore',
    description:
      'a deduction with an empty source (source=) reads it as INSTORE, the default of its parameter binding, and deducts; a missing source and one outside the list are still refused with 8003. The page marks source mandatory with a list of values, and 8003 for a source "invalid or incorrect"; CAP-NPA-8003 sent a value outside the list and none, never an empty one (fault hunt 54)',
    family: 'input-validation',
    catches: ['CAP-NPA-8003'],
    options: {
      hooks: {
        intercept: queryParameterDefaulted('source', 'empty', () => 'INSTORE', 'negativePointsAdjustment'),
      },
    },
  },
  {
    id: 'npa-decimals-amount-whole-every-customer-at-a-last-decimal',
    description:
      'as npa-decimals-amount-whole-behind-truncated-display (1.01 booked as 1, pointsAvailable the ledger\'s exact figure, every balance figure whole, truncated toward zero), with every Capillary customer holding 2.01 in program 469 and 2.001 in 973: read 2, 1.01 deducted, read 1 and answered "1.010", a move the reads alone cannot tell from a display of a correct ledger; deducted again, it answers "0.010", not 1.010 less 1.01 (the gap dfix48 found)',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: {
      createLedger: wholeAmountsAtALastDecimal(false),
    },
  },
  {
    id: 'npa-decimals-amount-whole-available-in-program-decimals',
    description:
      'as npa-decimals-amount-whole-every-customer-at-a-last-decimal (1.01 and 1.001 booked as 1, every customer at 2.01 in program 469 and 2.001 in 973, every balance figure whole, truncated), with pointsAvailable written with the named program\'s round decimals ("1.01", "1.001"): decimal-precision.within\'s second deduction in 469 answers "0.01", a hundredth off, which a two-decimal writing of the customer\'s points over all programs could be (warns since variant hunt 48); in 973, written with the finest program\'s decimals, "0.001" is judged exactly and fails',
    family: 'decimal-precision',
    catches: ['CAP-NPA-DECIMALS-WITHIN'],
    options: {
      createLedger: wholeAmountsAtALastDecimal(true),
    },
  },
  // --- fault hunt 55 (helper, 2026-12-06): MUST requirements shown failing by the fewest faults ---
  {
    id: 'npa-missing-reason-defaulted-without-program',
    description:
      'a deduction without reasonOfReturn that names no programId (the default program\'s path) is given the reason "manual adjustment" and deducts; naming a programId it gets 8882. The page marks reasonOfReturn mandatory whatever else the body names; every probe without a reason named a programId (fault hunt 55)',
    family: 'input-validation',
    catches: ['CAP-NPA-8882', 'CAP-NPA-REASON-REQUIRED'],
    enforcedTwice:
      "the spec's `required` refuses the missing reason before any handler runs: the fault lets it through, and its handler refuses it where a programId is named",
    options: reasonDefaultedUnless((body) => body.programId !== undefined),
  },
  {
    id: 'npa-message-dropped-at-zero',
    description:
      'a deduction that leaves the program at 0 points answers message null: the message is filled only while points remain (a falsy 0); every other success carries it. The response table describes every success; negative-balance.exact-balance judged only its pointsAvailable (fault hunt 55)',
    family: 'negative-balance',
    catches: ['CAP-NPA-RESPONSE-FIELDS'],
    options: {
      handlers: {
        negativePointsAdjustment: with200Body('negativePointsAdjustment', (body) =>
          Number(body.pointsAvailable) === 0 ? { ...body, message: null } : body,
        ),
      },
    },
  },
  {
    id: 'upp-source-unchecked-on-filtered-unlock',
    description:
      'an unlock filtered by lineItemIds or itemCodes (the line-item path) takes a source outside the Enum and unlocks the lines; an unfiltered unlock with it is refused. CAP-UPP-SOURCE-INVALID sent the invalid source in unfiltered unlocks only (fault hunt 55)',
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-INVALID'],
    enforcedTwice: "the spec's Enum refuses the source before the handler sees it",
    options: unlockSourceUncheckedWhen((context) => filteredToLines(context.body)),
  },
  {
    id: 'npa-1218-refusal-enrols',
    description:
      'a deduction in a program the customer is not enrolled in is refused with 1218, but the lookup enrols the customer there (0 points) as it refuses: the same deduction again is 8907 (negative balance off) or taken below zero (on). A refusal leaves the customer as it was; CAP-NPA-1218 sent the deduction once (fault hunt 55)',
    family: 'input-validation',
    catches: ['CAP-NPA-1218'],
    options: {
      createLedger: (dataset) =>
        new (class extends Ledger {
          override deduct(orgId: string, request: DeductionRequest) {
            const outcome = super.deduct(orgId, request);
            const programId = request.programId;
            if (outcome.ok || outcome.code !== 1218 || programId === undefined) return outcome;
            const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
            if (customer && orgOf(dataset, orgId).programs.some((p) => p.id === programId)) {
              customer.programs.add(programId);
              customer.main.set(programId, customer.main.get(programId) ?? 0);
            }
            return outcome;
          }
        })(dataset),
    },
  },
  {
    id: 'npa-lock-keyed-on-named-program',
    description:
      "deductions are serialised per customer and the programId the request names, a deduction without one keyed apart: those naming the org's default program and those left to it check the balance at once and overdraw it (no update is lost). The suite's parallel deductions all named the program (fault hunt 55)",
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-OVERDRAW'],
    options: {
      handlers: {
        negativePointsAdjustment: lockedPerProgram(
          checkThenAwaitThenUpdate('negativePointsAdjustment', 'add'),
        ),
      },
    },
  },
  {
    id: 'bal-total-leaves-debt-out',
    description:
      'once main points are below zero (negative balance on), totalPoints leaves them out: the total is the promised points alone, a "redeemable" figure floored at zero, while mainPoints shows the debt. Caught in a whole run only where an earlier scenario had left the customer below zero; a run filtered to CAP-BAL-TOTAL passed it (fault hunt 56)',
    family: 'negative-balance',
    catches: ['CAP-BAL-TOTAL'],
    options: {
      hooks: {
        reply: balanceBodiesAs((body) =>
          Number(body.mainPoints) < 0 ? { ...body, totalPoints: body.promisedPoints } : body,
        ),
      },
    },
  },
  {
    id: 'bal-secondary-lookup-never-invalidated',
    description:
      'balance answers to a lookup by a lone email or externalId (where dual eligibility is off, so one names the customer) are cached per identifier and query, and deductions and unlocks invalidate the cache by the primary identifier only: such a lookup answers the balance of its first read for good. Every read after a write named the customer by its primary, so none saw it (fault hunt 56)',
    family: 'ledger-invariants',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      createLedger: cachingBalances({
        cached: (query) => SECONDARY_LOOKUPS.includes(query.identifierName),
        key: (query) =>
          `${query.identifierName}=${query.identifierValue}/${query.programId}/${query.fetchDataForAllPrograms}`,
        forgets: () => false,
        unlocks: false,
      }),
    },
  },
  {
    id: 'bal-email-lookup-never-invalidated',
    description:
      'as bal-secondary-lookup-never-invalidated for lookups by a lone email only (an index of its own): a ledger sequence read by externalId first and last, the primary between, passed it (fault hunt 56)',
    family: 'ledger-invariants',
    catches: ['CAP-BAL-LEDGER'],
    options: {
      createLedger: cachingBalances({
        cached: (query) => query.identifierName === 'email',
        key: (query) => `${query.identifierValue}/${query.programId}/${query.fetchDataForAllPrograms}`,
        forgets: () => false,
        unlocks: false,
      }),
    },
  },
  {
    id: 'npa-promised-of-opened-bill-available',
    description:
      "with negative balance off, a bill some of whose lines were unlocked counts its other promised points of the program as available: a deduction over the main points but within them plus those is taken (the main points go below zero). Promised points are redeemable only once unlocked (the unlock page's Introduction); the suite's deductions over the balance met bills untouched or wholly unlocked (fault hunt 56)",
    family: 'promised-points',
    catches: ['CAP-UPP-MOVE'],
    options: {
      createLedger: deductingDespite(8907, 'success', (dataset, orgId, request, customer) => {
        const programId = programOf(dataset, orgId, request);
        const amount = parseAmount(request.pointsToBeAdjusted)?.micro ?? 0;
        const opened = new Set(customer.promised.filter((e) => e.unlocked).map((e) => e.billNumber));
        const rest = customer.promised
          .filter((e) => !e.unlocked && opened.has(e.billNumber) && e.programId === programId)
          .reduce((sum, e) => sum + e.points, 0);
        return amount <= (customer.main.get(programId) ?? 0) + rest;
      }),
    },
  },
  {
    id: 'npa-exact-balance-refused-in-other-program',
    description:
      "with negative balance off, a deduction whose programId names a program other than the org's default is checked with >= (its own lookup path): the exact balance there is refused with 8907; in the default program it is taken. The drainable customer's drain named the default program, the only one it has (fault hunt 56's candidate)",
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: {
      createLedger: refusing8907When(
        (org, available, amount, request) =>
          !org.allowNegativeBalanceOnReturn &&
          amount === available &&
          request.programId !== undefined &&
          request.programId !== org.defaultProgramId,
      ),
    },
  },
  {
    id: 'upp-source-unchecked-by-id',
    description:
      "an unlock of the whole bill (no lineItemIds or itemCodes) naming the customer by identifierName=id (the lookup by the internal id, a path of its own) takes a source outside the Enum and unlocks the bill; by any other identifier, or filtered to line items, it is refused. CAP-UPP-SOURCE-INVALID sent the invalid source by id only filtered to a line item (fault hunt 55's candidate)",
    family: 'promised-points',
    catches: ['CAP-UPP-SOURCE-INVALID'],
    enforcedTwice: "the spec's Enum refuses the source before the handler sees it",
    options: unlockSourceUncheckedWhen(
      (context) => queryValue(context.query, 'identifierName') === 'id' && !filteredToLines(context.body),
    ),
  },
  {
    id: 'npa-award-unchecked-by-external-id',
    description:
      'a deduction naming the customer by externalId (a lookup path whose customer record carries no awards) does not look its pointsAwardedId up: an award the customer does not have is taken as none and the deduction goes through; by mobile, 8877. Every award probe named the customer by mobile (fault hunt 57)',
    family: 'input-validation',
    catches: ['CAP-NPA-8877'],
    options: {
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (c) => {
          if (queryValue(c.query, 'identifierName') !== 'externalId') return c;
          const { pointsAwardedId: _award, ...rest } = bodyRecord(c.body);
          return { ...c, body: rest };
        }),
      },
    },
  },
  // --- dfix49 (helper, 2026-12-06): the parallel deductions' half-even reading kept to the ledger pointsAvailable shows ---
  {
    id: 'npa-parallel-first-booked-twice-half-even',
    description:
      "the drainable customer (1005) holds 2 points in program 469, every balance figure is written whole, half to even, and the customer's first deduction is booked twice, answering pointsAvailable \"0.000\" for the ledger left: 2 read 2, one deduction of 1 answered, 0 read 0, as a hidden half (1.5 → 0.5) reads, and no unit is left to confirm such a tie. The pointsAvailable written with the program's decimals shows the ledger at 0, no tie (dfix49: CAP-NPA-CONCURRENT-NO-LOST-UPDATE's tie reading kept to it)",
    family: 'concurrency',
    catches: ['CAP-NPA-CONCURRENT-NO-LOST-UPDATE'],
    options: { createLedger: (dataset) => new DrainableFirstDeductionTwiceHalfEven(dataset) },
  },
  // Fault hunt 58: the MUSTs with the fewest faults (GEN-ERROR-ENVELOPE, GEN-CONTENT-TYPE,
  // GEN-BODY-SCHEMA, CAP-NPA-8015, -9975, -REFTYPE-VALUES; then CAP-NPA-8003), broken in other ways.
  {
    id: 'npa-listed-ref-type-9975-outside-default-program',
    description:
      "a listed pointsAwardedRefType beside a programId other than the org's default is refused with 9975: the reference-type table is configured for the default program only, so every value the page lists reads as invalid in another program. The suite judged the listed values in the customer's first program only; the one sent beside another program's id was excused whatever its refusal (fault hunt 58)",
    family: 'input-validation',
    catches: ['CAP-NPA-REFTYPE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) =>
          namesAnotherProgram(context) &&
          (AWARD_REF_TYPES as readonly unknown[]).includes(bodyRecord(context.body).pointsAwardedRefType)
            ? capillaryError(9975, 'invalid pointsAwardedRefType')
            : HANDLERS.negativePointsAdjustment(context),
      },
    },
  },
  {
    id: 'npa-unknown-external-id-with-program-1218',
    description:
      "a deduction naming an externalId no customer has beside a programId is answered 1218 (not enrolled in the program): the externalId lookup goes through the named program's enrolments, so a customer not found reads as one not enrolled; an unknown mobile (with or without programId) and an unknown externalId without programId get 8015. The suite sent programId beside the usual identifier only (fault hunt 58)",
    family: 'input-validation',
    catches: ['CAP-NPA-8015'],
    options: replacingCode('negativePointsAdjustment', 8015, (reply, request) => {
      const { programId } = bodyRecord(request.body);
      return queryValue(request.query, 'identifierName') === 'externalId' && programId !== undefined
        ? capillaryError(1218, `customer is not enrolled in programId: ${String(programId)}`)
        : reply;
    }),
  },
  {
    id: 'bal-errors-as-one-object',
    description:
      'a balance refusal answers errors as its one item rather than a list ({"errors": {"status": false, "code": 8015, ...}}), as a serializer unwrapping single-element arrays writes it: a coded object where the list belongs is a broken envelope, not a framework\'s codeless refusal (fault hunt 58)',
    family: 'universal',
    catches: ['GEN-ERROR-ENVELOPE'],
    options: {
      hooks: {
        reply: refusalsAs('getPointsBalance', (reply) => {
          const body = bodyRecord(reply.body);
          return Array.isArray(body.errors) && body.errors.length === 1
            ? { ...reply, body: { ...body, errors: body.errors[0] } }
            : reply;
        }),
      },
    },
  },
  {
    id: 'bal-success-without-content-type',
    description:
      "a successful balance read carries no Content-Type at all (Node's bare res.end(JSON.stringify(body))): the body is JSON, unlabelled; the other media-type faults send a wrong label, not none (fault hunt 58)",
    family: 'universal',
    catches: ['GEN-CONTENT-TYPE'],
    options: {
      hooks: {
        reply: successesAs(
          'getPointsBalance',
          () => true,
          (reply) => ({
            ...reply,
            headers: { 'content-type': '' },
          }),
        ),
      },
    },
  },
  {
    id: 'npa-unlisted-ref-type-accepted-by-external-id',
    description:
      'a deduction naming the customer by externalId (a lookup path binding the body to a DTO of its own, the type a free string) does not check pointsAwardedRefType: an unlisted type is accepted and deducts; by mobile, 9975. Both unlisted-type probes named the customer by mobile (fault hunt 58)',
    family: 'input-validation',
    catches: ['CAP-NPA-9975'],
    enforcedTwice: "the spec's enum refuses the type before any handler runs",
    options: refTypeCheckedWhen((context) => queryValue(context.query, 'identifierName') !== 'externalId'),
  },
  {
    id: 'bal-entity-type-as-ordinal',
    description:
      'a balance read answers entityType as the enum\'s ordinal (0) instead of its name "CUSTOMER", as a serializer writing enums as numbers does (proto3 JSON, @Enumerated(ORDINAL)): the table types it a string; no other fault breaks an optional field\'s type (fault hunt 58)',
    family: 'universal',
    catches: ['GEN-BODY-SCHEMA'],
    options: {
      handlers: {
        getPointsBalance: with200Body('getPointsBalance', (body) => ({ ...body, entityType: 0 })),
      },
    },
  },
  {
    id: 'npa-error-message-localised-map',
    description:
      'deduction refusals carry their message as a map of translations ({"en": "..."}) instead of a string: the codes are right, the envelope\'s message is no text (fault hunt 58)',
    family: 'universal',
    catches: ['GEN-BODY-SCHEMA'],
    options: {
      hooks: {
        reply: refusalsAs('negativePointsAdjustment', (reply) => {
          const body = bodyRecord(reply.body);
          if (!Array.isArray(body.errors)) return reply;
          const errors = body.errors.map((e) => ({
            ...(e as object),
            message: { en: refusalMessageOf(reply) },
          }));
          return { ...reply, body: { ...body, errors } };
        }),
      },
    },
  },
  {
    id: 'bal-refusals-labelled-text-html',
    description:
      "balance refusals carry the JSON error envelope labelled text/html (Express's res.send of a pre-serialised string): the codes are there, the media type is not JSON's: the leniency for a refusal in text is for bodies that are no JSON (fault hunt 58)",
    family: 'universal',
    catches: ['GEN-CONTENT-TYPE'],
    options: {
      hooks: {
        reply: refusalsAs('getPointsBalance', (reply) => ({
          ...reply,
          headers: { 'content-type': 'text/html; charset=utf-8' },
        })),
      },
    },
  },
  {
    id: 'npa-source-ignored-by-external-id',
    description:
      "a deduction naming the customer by externalId (an index of its own, kept for every source) never reads source: a value outside the list is taken as INSTORE and the deduction goes through; by mobile (looked up in the source's register) it is refused with 8003. The page marks source mandatory and an Enum whatever names the customer (fault hunt 58)",
    family: 'input-validation',
    catches: ['CAP-NPA-8003'],
    options: {
      hooks: {
        intercept: (operationId, request) => {
          const params = request.searchParams;
          if (
            operationId === 'negativePointsAdjustment' &&
            params.get('identifierName') === 'externalId' &&
            params.has('source') &&
            !NPA_SOURCES.includes(params.get('source') ?? '')
          )
            params.set('source', 'INSTORE');
          return undefined;
        },
      },
    },
  },
  {
    id: 'upp-errors-list-wrapped-twice',
    description:
      'unlock refusals wrap their error list in another list ({"errors": [[{"status": false, "code": 82323277, ...}]]}), as a handler passing a list where an item belongs writes it: the items hold no code where the envelope has them (fault hunt 58)',
    family: 'universal',
    catches: ['GEN-ERROR-ENVELOPE'],
    options: {
      hooks: {
        reply: refusalsAs('unlockPromisedPoints', (reply) => {
          const body = bodyRecord(reply.body);
          return Array.isArray(body.errors) ? { ...reply, body: { ...body, errors: [body.errors] } } : reply;
        }),
      },
    },
  },
  {
    id: 'npa-unknown-customer-outside-default-program-1218',
    description:
      "a deduction naming a programId other than the org's default checks enrolment before the customer is found (every customer is in the default program, so only another program's enrolments are looked up first): an identifier value no customer has is answered 1218 (not enrolled) there instead of 8015; without programId or with the default program's, 8015 (fault hunt 58)",
    family: 'input-validation',
    catches: ['CAP-NPA-8015'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) => {
          const reply = HANDLERS.negativePointsAdjustment(context);
          return namesAnotherProgram(context) && answersCode(reply, 8015)
            ? capillaryError(
                1218,
                `customer is not enrolled in programId: ${String(bodyRecord(context.body).programId)}`,
              )
            : reply;
        },
      },
    },
  },
  {
    id: 'npa-unlisted-ref-type-accepted-outside-default-program',
    description:
      "pointsAwardedRefType is checked against the list kept for the org's default program only: in another program named by programId a type outside the list is taken as none and the deduction goes through, instead of failing with 9975. Both unlisted-type probes named the customer's first (default) program (fault hunt 58)",
    family: 'input-validation',
    catches: ['CAP-NPA-9975'],
    enforcedTwice: "the spec's enum refuses the type before any handler runs",
    options: refTypeCheckedWhen((context) => !namesAnotherProgram(context)),
  },
  {
    id: 'npa-missing-reason-defaulted-outside-default-program',
    description:
      'a deduction without reasonOfReturn naming a programId other than the org\'s default is given the reason "manual adjustment" and deducts: the reason is required by a setting of the default program only; without programId or in the default program it gets 8882. The page marks reasonOfReturn mandatory in every program; every probe without a reason named the default program or none (fault hunt 58)',
    family: 'input-validation',
    catches: ['CAP-NPA-8882', 'CAP-NPA-REASON-REQUIRED'],
    enforcedTwice: "the spec's `required` refuses the missing reason before any handler runs",
    options: reasonDefaultedUnless(
      (body) =>
        body.programId === undefined ||
        DATASET.orgs.some((org) => org.defaultProgramId === Number(body.programId)),
    ),
  },
  {
    id: 'npa-unknown-promotion-ignored-outside-default-program',
    description:
      "promotions are looked up only where the deduction names the org's default program (the one whose promotions are configured): in another program a promotionId or promotionIdentifier naming no promotion is not read and the deduction goes through as a plain one, instead of being refused (8874). Every unknown-promotion probe named the default program or none (fault hunt 58)",
    family: 'input-validation',
    catches: ['CAP-NPA-8874'],
    options: {
      handlers: {
        negativePointsAdjustment: ignoredOutsideDefaultProgram('promotionId', 'promotionIdentifier'),
      },
    },
  },
  {
    id: 'npa-award-ignored-outside-default-program',
    description:
      "points awards are looked up only where the deduction names the org's default program: in another program a pointsAwardedId naming no award is not read and the deduction goes through as a plain one, instead of failing with 8877. Every unknown-award probe named the default program or none (fault hunt 58)",
    family: 'input-validation',
    catches: ['CAP-NPA-8877'],
    options: { handlers: { negativePointsAdjustment: ignoredOutsideDefaultProgram('pointsAwardedId') } },
  },
  // Fault hunt 60: the probes of CAP-NPA-8888, -8906, -AMOUNT-POSITIVE, -8013 and
  // -PROMOTION-EXCLUSIVE that named the customer by mobile and in its first (default) program only.
  {
    id: 'npa-zero-amount-accepted-by-external-id',
    description:
      "a zero amount in a deduction naming the customer by externalId is answered with success and moves nothing: the amount's sign is checked on the mobile lookup path only; by mobile, 8888. Every zero probe named the customer by mobile (fault hunt 60)",
    family: 'input-validation',
    catches: ['CAP-NPA-8888'],
    enforcedTwice: 'the spec refuses an amount that is not above zero, and the ledger again (8888)',
    options: signUncheckedOn(byExternalIdRequest, (micro) => micro === 0),
  },
  {
    id: 'npa-zero-amount-accepted-outside-default-program',
    description:
      'a zero amount beside a programId other than the org\'s default is answered with success and moves nothing: the rule "value should be >0" is a setting of the default program; there (or without programId), 8888. Every zero probe named the customer\'s first program, the default (fault hunt 60)',
    family: 'input-validation',
    catches: ['CAP-NPA-8888'],
    enforcedTwice: 'the spec refuses an amount that is not above zero, and the ledger again (8888)',
    options: signUncheckedOn(outsideDefaultProgramRequest, (micro) => micro === 0),
  },
  {
    id: 'npa-zero-amount-accepted-without-program',
    description:
      "a zero amount in a deduction without programId (the default program's) is answered with success and moves nothing: the amount is checked where the program named is loaded, and none is named; with programId, 8888. Every zero probe named its program (fault hunt 60)",
    family: 'input-validation',
    catches: ['CAP-NPA-8888'],
    enforcedTwice: 'the spec refuses an amount that is not above zero, and the ledger again (8888)',
    options: signUncheckedOn(withoutProgramRequest, (micro) => micro === 0),
  },
  {
    id: 'npa-negative-amount-credits-without-program',
    description:
      'a negative amount in a deduction without programId is deducted as sent, adding the points to the default program: the sign is checked where the program named is loaded, and none is named. Every negative-amount probe named its program (fault hunt 60)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: 'the spec refuses a negative amount, and the ledger again (8888)',
    options: signUncheckedOn(withoutProgramRequest, (micro) => micro < 0),
  },
  {
    id: 'npa-negative-amount-credits-by-external-id',
    description:
      'a negative amount in a deduction naming the customer by externalId is deducted as sent, adding the points: the sign is checked on the mobile lookup path only; by mobile the amount is refused. Every negative-amount probe named the customer by mobile (fault hunt 60)',
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: 'the spec refuses a negative amount, and the ledger again (8888)',
    options: signUncheckedOn(byExternalIdRequest, (micro) => micro < 0),
  },
  {
    id: 'npa-negative-amount-credits-outside-default-program',
    description:
      "a negative amount beside a programId other than the org's default is deducted as sent, adding the points to that program: the sign is checked by a setting of the default program only. Every negative-amount probe named the customer's first program, the default (fault hunt 60)",
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-POSITIVE'],
    enforcedTwice: 'the spec refuses a negative amount, and the ledger again (8888)',
    options: signUncheckedOn(outsideDefaultProgramRequest, (micro) => micro < 0),
  },
  {
    id: 'decimals-unchecked-by-external-id',
    description:
      "a deduction naming the customer by externalId never counts the amount's decimals: 1.0001 is deducted from a 3-decimal program as sent; by mobile, 8906. Every 8906 probe named the customer by mobile (fault hunt 60)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-8906'],
    options: amountUncheckedOn(byExternalIdRequest, (amount, decimals) => amount.decimalPlaces > decimals),
  },
  {
    id: 'decimals-unchecked-without-program',
    description:
      "a deduction without programId (the default program's) never counts the amount's decimals: the round decimals are read from the program the body names, and none is named; with programId, 8906. Every 8906 probe named its program (fault hunt 60)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-8906'],
    options: amountUncheckedOn(withoutProgramRequest, (amount, decimals) => amount.decimalPlaces > decimals),
  },
  {
    id: 'decimals-checked-in-default-program-only',
    description:
      "the amount's decimals are counted against the default program's round decimals only: in another program named by programId any amount is deducted as sent (fault hunt 60)",
    family: 'decimal-precision',
    catches: ['CAP-NPA-8906'],
    options: amountUncheckedOn(
      outsideDefaultProgramRequest,
      (amount, decimals) => amount.decimalPlaces > decimals,
    ),
  },
  {
    id: 'npa-identifier-name-unchecked-beside-program',
    description:
      "a deduction naming a programId looks the customer up through that program's enrolments by value, whatever identifierName says: an unknown identifierName beside the customer's externalId deducts; without programId, 8013. Every 8013 probe left programId out (fault hunt 60)",
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    enforcedTwice:
      "the spec's enum refuses the unknown name before any handler runs: the fault lets it through, and its handler refuses it without programId",
    options: identifierNameUncheckedWhen((context) => bodyRecord(context.body).programId !== undefined),
  },
  {
    id: 'npa-identifier-name-unchecked-outside-default-program',
    description:
      "a deduction naming a programId other than the org's default looks the customer up by value, whatever identifierName says (only the default program's lookup knows the supported types): an unknown identifierName beside the customer's externalId deducts there; elsewhere, 8013 (fault hunt 60)",
    family: 'input-validation',
    catches: ['CAP-NPA-8013'],
    enforcedTwice:
      "the spec's enum refuses the unknown name before any handler runs: the fault lets it through, and its handler refuses it outside another program",
    options: identifierNameUncheckedWhen(namesAnotherProgram),
  },
  {
    id: 'npa-promotion-pair-taken-by-external-id',
    description:
      'promotionId and promotionIdentifier together are refused only by the mobile lookup path: by externalId promotionId wins, the identifier is ignored and the deduction goes through. Both pair probes named the customer by mobile (fault hunt 60)',
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    enforcedTwice:
      "the spec's `not` refuses the pair before any handler runs: the fault lets it through, and its handler refuses it by mobile",
    options: promotionPairTakenWhen(namesByExternalId),
  },
  {
    id: 'npa-promotion-pair-taken-outside-default-program',
    description:
      "promotionId and promotionIdentifier together are refused only in the org's default program (where promotions are configured): beside another program's id promotionId wins, found org-wide, and that program is charged. Both pair probes named the promotion's program, the default, or none (fault hunt 60)",
    family: 'input-validation',
    catches: ['CAP-NPA-PROMOTION-EXCLUSIVE'],
    enforcedTwice:
      "the spec's `not` refuses the pair before any handler runs: the fault lets it through, and its handler refuses it in the default program",
    options: promotionPairTakenWhen(namesAnotherProgram),
  },
  // Fault hunt 61: the fewest-fault MUSTs (IDENTIFIER-NAMES, SOURCE-VALUES, REASON-LENGTH, 1218,
  // AUTH-ACCESS-GROUP) checked on one lookup path only.
  {
    id: 'npa-external-id-unknown-outside-default-program',
    description:
      "a deduction naming the customer by externalId beside a programId other than the org's default answers 8015: the externalId index is the default program's (by mobile, or by externalId without programId or in the default program, the customer is found). The page supports externalId whatever the program; the deduction by externalId in the other program excused any refusal (fault hunt 61)",
    family: 'input-validation',
    catches: ['CAP-NPA-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => namesByExternalId(context) && namesAnotherProgram(context),
          8015,
          'Customer not found for the given identifiers',
        ),
      },
    },
  },
  {
    id: 'npa-source-values-refused-outside-default-program',
    description:
      "beside a programId other than the org's default only the source INSTORE is taken: the other listed sources get 8003 (the list of sources is a setting of the default program). Every listed-source probe named the customer's first program, the default (fault hunt 61)",
    family: 'input-validation',
    catches: ['CAP-NPA-SOURCE-VALUES'],
    options: {
      handlers: {
        negativePointsAdjustment: refusingWhen(
          'negativePointsAdjustment',
          (context) => namesAnotherProgram(context) && queryValue(context.query, 'source') !== 'INSTORE',
          8003,
          'Invalid source',
        ),
      },
    },
  },
  {
    id: 'npa-reason-length-unchecked-outside-default-program',
    description:
      "the 50-character limit of reasonOfReturn is a setting of the org's default program: beside another program's id a longer reason is taken and the deduction goes through. The only long-reason probe named the customer's first program, the default (fault hunt 61)",
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    enforcedTwice: "the spec's maxLength refuses the reason before any handler runs",
    options: reasonLengthCheckedWhen((context) => !namesAnotherProgram(context)),
  },
  {
    id: 'npa-reason-length-unchecked-by-external-id',
    description:
      'the 50-character limit of reasonOfReturn is checked on the mobile lookup path only: by externalId a longer reason is taken and the deduction goes through. The only long-reason probe named the customer by mobile (fault hunt 61)',
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    enforcedTwice: "the spec's maxLength refuses the reason before any handler runs",
    options: reasonLengthCheckedWhen(
      (context) => queryValue(context.query, 'identifierName') !== 'externalId',
    ),
  },
  {
    id: 'npa-reason-length-unchecked-without-program',
    description:
      "the 50-character limit of reasonOfReturn is read from the program the body names: without programId (the default program's deduction) a longer reason is taken. The only long-reason probe named its program (fault hunt 61)",
    family: 'input-validation',
    catches: ['CAP-NPA-REASON-LENGTH'],
    enforcedTwice: "the spec's maxLength refuses the reason before any handler runs",
    options: reasonLengthCheckedWhen((context) => bodyRecord(context.body).programId !== undefined),
  },
  {
    id: 'npa-enrolment-unchecked-by-external-id',
    description:
      'a deduction naming the customer by externalId ignores a programId the customer is not enrolled in and charges the default program (no 1218): enrolment is checked on the mobile lookup path only. The 1218 probe named the customer by mobile (fault hunt 61)',
    family: 'input-validation',
    catches: ['CAP-NPA-1218'],
    options: {
      handlers: {
        negativePointsAdjustment: withRequest('negativePointsAdjustment', (context) => {
          const body = bodyRecord(context.body);
          if (queryValue(context.query, 'identifierName') !== 'externalId') return context;
          const value = queryValue(context.query, 'identifierValue') ?? '';
          const customer = orgOf(DATASET, context.principal).customers.find(
            (c) => c.identifiers.externalId === value,
          );
          const enrolled = typeof body.programId !== 'number' || customer?.programs.includes(body.programId);
          return enrolled ? context : { ...context, body: { ...body, programId: undefined } };
        }),
      },
    },
  },
  {
    id: 'auth-access-group-unchecked-by-external-id',
    description:
      'a deduction with credentials lacking the Points access group is refused when it names the customer by mobile and carried out by externalId (the group is checked on the mobile lookup path only): the prerequisites hold whatever identifier names the customer. Both restricted attempts named the customer by mobile (fault hunt 61)',
    family: 'authentication',
    catches: ['CAP-AUTH-ACCESS-GROUP'],
    enforcedTwice:
      'the server refuses credentials without the group before any handler runs: the authenticate hook lets them through, the handler checks by mobile',
    options: pointsGroupUncheckedWhen(namesByExternalId),
  },
  {
    id: 'auth-access-group-checked-in-default-program-only',
    description:
      "a deduction with credentials lacking the Points access group is carried out when it names a program other than the org's default (the group is granted per program, and checked against the default program's grants only); in the default program, or without programId, it is refused. Both restricted attempts named the default program or none (fault hunt 61)",
    family: 'authentication',
    catches: ['CAP-AUTH-ACCESS-GROUP'],
    enforcedTwice:
      'the server refuses credentials without the group before any handler runs: the authenticate hook lets them through, the handler checks in the default program',
    options: pointsGroupUncheckedWhen(namesAnotherProgram),
  },
  {
    id: 'npa-string-amount-refused-by-external-id',
    description:
      'a deduction naming the customer by externalId refuses pointsToBeAdjusted sent as a numeric string ("1.00", as the document does) with a 400 of its own: that lookup path parses the body with the table\'s Integer type; by mobile the string is deducted. The string probe named the customer by mobile only (fault hunt 61\'s leftover)',
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: stringAmountRefusedWhen(namesByExternalId),
  },
  {
    id: 'npa-string-amount-refused-outside-default-program',
    description:
      "a deduction naming a program other than the org's default refuses pointsToBeAdjusted sent as a numeric string (\"1.000\") with a 400 of its own (the string form is a setting of the default program); in the default program, or without programId, it is deducted. The string probe named the customer's first program, the default (fault hunt 61's leftover)",
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: stringAmountRefusedWhen(namesAnotherProgram),
  },
  {
    id: 'npa-string-amount-point-dropped-outside-default-program',
    description:
      "beside a programId other than the org's default, pointsToBeAdjusted sent as a string loses its decimal point before it is parsed (\"1.00\" read as 100: that program's amount parser is another): the string is accepted but deducts a hundred times the number's amount; in the default program it is read as sent. The string probe named the default program only (fault hunt 62)",
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-STRING'],
    options: stringPointDroppedWhen(namesAnotherProgram),
  },
  {
    id: 'upp-real-bill-found-by-mobile-only',
    description:
      'the unlock looks the bill up before the customer: a bill that does not exist is answered 82323277 whatever identifier names the customer, and only a bill that exists goes on to the customer lookup, which knows mobile only (externalId, id, cuid and primaryUserId give 8015). Every CAP-UPP-IDENTIFIER-NAMES probe unlocked an unknown bill, and the real unlocks by another identifier were sent again by mobile unjudged (fault hunt 62)',
    family: 'promised-points',
    catches: ['CAP-UPP-IDENTIFIER-NAMES'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) => {
          const billNumber = String(bodyRecord(context.body).billNumber ?? '');
          return queryValue(context.query, 'identifierName') !== 'mobile' &&
            declaredBills().some((bill) => bill.billNumber === billNumber)
            ? capillaryError(8015, 'Customer not found for the given identifiers')
            : HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  {
    id: 'fab-empty-billing-entity-accepted-on-bare-credit',
    description:
      'a fabric addition naming only billingEntity "" (no pointType, no reasonCode, not pending) is taken: the quick credit path of fab-empty-point-type-accepted-on-bare-credit books the bare body without the validator; the example-shaped bodies, deductions and pending additions are checked. The page gives billingEntity "Minimum length: 1" whatever the body holds; only the empty pointType went in a bare addition (fault hunt 62)',
    family: 'fabric',
    catches: ['FAB-ADJ-BILLING-ENTITY-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('billingEntity', bareCredit('pointType', 'reasonCode')),
  },
  {
    id: 'fab-empty-reason-code-accepted-on-bare-credit',
    description:
      'a fabric addition naming only reasonCode "" (no pointType, no billingEntity, not pending) is taken: the quick credit path books the bare body without the validator; the example-shaped bodies, deductions and pending additions are checked. The page gives reasonCode "Minimum length: 1" whatever the body holds; only the empty pointType went in a bare addition (fault hunt 62)',
    family: 'fabric',
    catches: ['FAB-ADJ-REASON-CODE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('reasonCode', bareCredit('pointType', 'billingEntity')),
  },
  {
    id: 'fab-empty-point-type-accepted-on-fractional-points',
    description:
      'a fabric adjustment whose points are not a whole number (2.5) is booked through a decimal path whose command has no minimum length on pointType: "" is taken there; whole points are checked. The page gives pointType "Minimum length: 1" whatever points says; every empty string went beside whole points (fault hunt 62)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINT-TYPE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('pointType', (body) => !Number.isInteger(Number(body.points))),
  },
  {
    id: 'fab-empty-point-type-accepted-when-pending',
    description:
      'a fabric addition with setToPending true and pointType "" is taken (left pending, its type to be given on confirmation): the empty string is refused on the active path only. The page gives pointType "Minimum length: 1" whatever setToPending says (fault hunt 62; the pending path of pointType, beside billingEntity\'s and reasonCode\'s)',
    family: 'fabric',
    catches: ['FAB-ADJ-POINT-TYPE-MIN-LENGTH'],
    enforcedTwice: "the spec's minLength refuses the empty string before the handler sees it",
    options: emptyStringRefusedUnless('pointType', (body) => body.setToPending === true),
  },
  {
    id: 'upp-numeric-bill-number-missing-by-external-id',
    description:
      'an unlock naming the customer by externalId reads billNumber only as a string: the all-digit number the example sends is taken for no bill number (82323271) instead of reaching the bill lookup; by mobile the number is read. Every numeric billNumber probe named the customer by mobile (fault hunt 62)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-NUMBER-TYPES'],
    options: numericBillNumberMissingWhen(namesByExternalId),
  },
  {
    id: 'upp-event-log-id-array-refused-by-external-id',
    description:
      'an unlock naming the customer by externalId binds eventLogId to one number: an array (the type the table gives) is refused as a type error there; by mobile it is read. Every eventLogId probe named the customer by mobile (fault hunt 62)',
    family: 'promised-points',
    catches: ['CAP-UPP-EVENT-LOG-ID-TYPES'],
    options: refusingEventLogId(
      (eventLogId, context) => Array.isArray(eventLogId) && namesByExternalId(context),
      'eventLogId must be a number',
    ),
  },
  {
    id: 'upp-table-till-refused-by-external-id',
    description:
      "an unlock naming the customer by externalId refuses sourceTillId, the till field as the page's table spells it, as an unknown field (82323290): that lookup path binds the example's sourceTilId only; by mobile the table's fields are taken, and the profile declares the store and till as ones the org knows (fixtures.source). Every till probe named the customer by mobile (fault hunt 62)",
    family: 'promised-points',
    catches: ['CAP-UPP-TILL-ID-SPELLING'],
    profile: declaringSource({ storeId: 1122, tillId: 323 }),
    options: tableTillRefusedWhen(namesByExternalId),
  },
  {
    id: 'auth-fabric-wrong-token-taken-on-deductions',
    description:
      'a fabric deduction (negative points) carrying any Bearer token is carried out as the tenant: the return path checks that a token is presented, not that it was issued; additions check the token, and a deduction without one is refused. The header\'s token is "your auth token" whatever points says; every wrong token went on an addition (fault hunt 62)',
    family: 'authentication',
    catches: ['FAB-AUTH-WRONG'],
    enforcedTwice:
      'the server refuses a wrong token before any handler runs: the authenticate hook lets it through, the handler authenticates additions only',
    options: deductionsUnauthenticatedWhen((authorization) => /^Bearer\s+\S/i.test(authorization ?? '')),
  },
  {
    id: 'npa-number-amount-refused-by-external-id',
    description:
      "a deduction naming the customer by externalId refuses pointsToBeAdjusted as a JSON number with a 400 of its own (that lookup path binds the example's string only); by mobile the number is taken. Every number-form probe named the customer by mobile (fault hunt 61 left it; closed by fault hunt 64)",
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-NUMBER'],
    options: numberAmountRefusedWhen(namesByExternalId),
  },
  {
    id: 'npa-number-amount-refused-without-program',
    description:
      "a deduction naming no programId (the default program's) refuses pointsToBeAdjusted as a JSON number with a 400 of its own: the path that loads the default program binds the example's string only, the path naming a program takes the number. Every number-form probe named a program (fault hunt 64)",
    family: 'negative-balance',
    catches: ['CAP-NPA-AMOUNT-NUMBER'],
    options: numberAmountRefusedWhen((context) => bodyRecord(context.body).programId === undefined),
  },
  {
    id: 'npa-number-amount-refused-under-other-sources',
    description:
      "a deduction under a listed source other than INSTORE refuses pointsToBeAdjusted as a JSON number with a 400 of its own (the channels' path binds the example's string only); under INSTORE the number is taken (fault hunt 64 left it; fault hunt 65)",
    family: 'input-validation',
    catches: ['CAP-NPA-AMOUNT-NUMBER'],
    options: numberAmountRefusedWhen((context) => queryValue(context.query, 'source') !== 'INSTORE'),
  },
  {
    id: 'upp-event-log-unchecked-off-mobile',
    description:
      'an unlock naming the customer by any identifier but mobile ignores eventLogId: an unknown event log unlocks the bill there (no 3918); by mobile the event log is looked up. The unknown event log went by mobile only (fault hunt 65)',
    family: 'promised-points',
    catches: ['CAP-UPP-3918'],
    options: {
      handlers: {
        unlockPromisedPoints: eventLogIgnoredWhen(
          (context) => queryValue(context.query, 'identifierName') !== 'mobile',
        ),
      },
    },
  },
  {
    id: 'upp-event-log-unchecked-on-filtered-unlock',
    description:
      'an unlock filtered by lineItemIds or itemCodes ignores eventLogId: an unknown event log unlocks the lines named (no 3918); the whole-bill path looks it up. The unknown event log went on whole-bill unlocks only (fault hunt 65)',
    family: 'promised-points',
    catches: ['CAP-UPP-3918'],
    options: {
      handlers: {
        unlockPromisedPoints: eventLogIgnoredWhen((context) => filteredToLines(context.body)),
      },
    },
  },
  {
    id: 'upp-explicit-customer-type-refused-by-external-id',
    description:
      "an unlock naming the customer by externalId refuses type=CUSTOMER given explicitly with 82323276 (that path's entity types list USERGROUP2 only); without type, or by the other identifiers, it unlocks. Only the unlock by another identifier carried type=CUSTOMER, and its refusal went unjudged once the usual identifier's unlock moved (fault hunt 65)",
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: entityTypeRefusedWhen(
      (context) => queryValue(context.query, 'type') === 'CUSTOMER' && namesByExternalId(context),
    ),
  },
  {
    id: 'upp-bill-date-refused-by-external-id',
    description:
      'an unlock naming the customer by externalId refuses any billDate with a 400 of its own (that path binds the body with no date format); by mobile the date is read. Every billDate went by mobile (fault hunt 65)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: billDateRefusedWhen(namesByExternalId),
  },
  {
    id: 'upp-lines-internal-key-by-external-id',
    description:
      'an unlock naming the customer by externalId answers lines whose programId is an internal key of the program (its id + 100000): that lookup path maps the lines from another record; by the other identifiers the lines name their program, and the points move as documented. No real unlock named a customer by externalId (fault hunt 65)',
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROGRAM'],
    options: { handlers: { unlockPromisedPoints: internalProgramKeyWhen(namesByExternalId) } },
  },
  {
    id: 'upp-lines-internal-key-on-fractional-lines',
    description:
      "an unlock answer's lines of a fractional amount (a program with decimals) carry an internal key of their program (its id + 100000) as programId; whole lines name their program. Only the strict org's secondProgram bill (12.675 points) has such a line (fault hunt 65: caught already, kept as the only fault on the lines' amounts)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROGRAM'],
    options: {
      handlers: {
        unlockPromisedPoints: internalProgramKeyWhen(
          () => true,
          (line) => !Number.isInteger(Number(line.pointsUnlocked)),
        ),
      },
    },
  },
  {
    id: 'fab-large-credit-pending-by-default',
    description:
      'a fabric addition of 50 points or more without setToPending goes pending (large credits held for review); smaller ones are active: the page gives setToPending the default false whatever the amount. Every addition without setToPending was under 50 (fault hunt 65; the mirror of fab-small-credit-pending-by-default)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING-DEFAULT'],
    options: { handlers: { adjustMemberPoints: pendingByDefaultWhen((body) => Number(body.points) >= 50) } },
  },
  {
    id: 'upp-race-without-event-log',
    description:
      'unlocks naming the bill by billNumber alone (no eventLogId) check the bill, then mark it unlocked after an await (that path takes no lock); those naming its eventLogId are served atomically: one racing an unlock by billNumber alone unlocks the bill a second time. The page marks the unlock once only for a bill however it is named (fault hunt 67)',
    family: 'concurrency',
    catches: ['CAP-UPP-CONCURRENT-ONCE'],
    options: racyUnlockWhen((context) => bodyRecord(context.body).eventLogId === undefined),
  },
  {
    id: 'upp-race-by-mobile',
    description:
      'unlocks naming the customer by mobile check the bill, then mark it unlocked after an await; by the other identifiers they are served atomically: one by mobile racing another unlocks the bill a second time (fault hunt 67)',
    family: 'concurrency',
    catches: ['CAP-UPP-CONCURRENT-ONCE'],
    options: racyUnlockWhen((context) => queryValue(context.query, 'identifierName') === 'mobile'),
  },
  {
    id: 'upp-1645-as-8015-on-filtered-unlock',
    description:
      'an unknown user group (type USERGROUP2) in an unlock filtered by lineItemIds or itemCodes is answered 8015 (customer not found) instead of 1645: the line-item path resolves the group as a customer; the whole-bill path answers 1645 (fault hunt 67)',
    family: 'promised-points',
    catches: ['CAP-UPP-1645'],
    options: groupRefusedAs8015When((request) => filteredToLines(request.body)),
  },
  {
    id: 'upp-1645-as-8015-beside-event-log',
    description:
      'an unknown user group (type USERGROUP2) in an unlock naming an eventLogId is answered 8015 (customer not found) instead of 1645: the event-log path resolves the group as a customer; by billNumber alone 1645 (fault hunt 67)',
    family: 'promised-points',
    catches: ['CAP-UPP-1645'],
    options: groupRefusedAs8015When((request) => bodyRecord(request.body).eventLogId !== undefined),
  },
  {
    id: 'fab-unknown-member-falls-back-on-fractions',
    description:
      "a fabric adjustment of a fraction of a point (points not whole) for a profileId no member has is booked on the tenant's first member and answered 200; whole amounts for it are refused 404: the page names the member by its profileId whatever points says (fault hunt 67)",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: { createLedger: unknownMemberTakenAsFirst((request) => !Number.isInteger(request.points)) },
  },
  {
    id: 'fab-unknown-member-falls-back-above-one-point',
    description:
      "a fabric adjustment of more than one point either way for a profileId no member has is booked on the tenant's first member and answered 200; ±1 for it is refused 404: the page names the member by its profileId whatever points says (fault hunt 67)",
    family: 'fabric',
    catches: ['FAB-ADJ-UNKNOWN-MEMBER'],
    options: { createLedger: unknownMemberTakenAsFirst((request) => Math.abs(request.points) > 1) },
  },
  {
    id: 'fab-pending-ignored-for-fractions',
    description:
      'an addition of a fraction of a point (points not whole) is made active at once although setToPending is true (the pending batch keeps whole points only): the page gives setToPending true as Pending status whatever points says (fault hunt 67)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING'],
    options: {
      handlers: { adjustMemberPoints: pendingIgnoredWhen((body) => !Number.isInteger(Number(body.points))) },
    },
  },
  {
    id: 'fab-pending-ignored-below-five-points',
    description:
      'an addition of fewer than 5 points is made active at once although setToPending is true (small credits skip the pending period): the page gives setToPending true as Pending status whatever points says (fault hunt 67)',
    family: 'fabric',
    catches: ['FAB-ADJ-PENDING'],
    options: { handlers: { adjustMemberPoints: pendingIgnoredWhen((body) => Number(body.points) < 5) } },
  },
  {
    id: 'upp-event-log-unchecked-on-other-program-bill',
    description:
      "an unlock of a bill whose promised points lie in a program other than the org's default ignores eventLogId: an unknown event log unlocks the bill (no 3918); bills of the default program have their event log looked up. The page raises 3918 for any eventLogId naming no event log. Every unknown event log went to a bill of the default program (fault hunt 67)",
    family: 'promised-points',
    catches: ['CAP-UPP-3918'],
    options: { handlers: { unlockPromisedPoints: eventLogIgnoredWhen(billOfOtherProgram) } },
  },
  {
    id: 'upp-explicit-customer-type-refused-by-mobile',
    description:
      "an unlock naming the customer by mobile refuses type=CUSTOMER given explicitly with 82323276 (that path's entity types list USERGROUP2 only); without type, or by the other identifiers, it unlocks. type=CUSTOMER went by another identifier first, which unlocked the bill (fault hunt 67)",
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: entityTypeRefusedWhen(
      (context) =>
        queryValue(context.query, 'type') === 'CUSTOMER' &&
        queryValue(context.query, 'identifierName') === 'mobile',
    ),
  },
  {
    id: 'upp-bill-date-refused-beside-event-log',
    description:
      'an unlock naming an eventLogId refuses any billDate with a 400 of its own (the event-log path binds the body with no date format); without eventLogId the date is read. The page types billDate a date whatever else the body names; every billDate went without eventLogId (fault hunt 67)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: billDateRefusedWhen((context) => bodyRecord(context.body).eventLogId !== undefined),
  },
  {
    id: 'upp-bill-date-refused-beside-store',
    description:
      'an unlock naming a sourceStoreId refuses any billDate with a 400 of its own (the store path binds the body with no date format); without a store the date is read. The page types billDate a date whatever else the body names; every billDate went without a store (fault hunt 67)',
    family: 'promised-points',
    catches: ['CAP-UPP-BILL-DATE'],
    options: billDateRefusedWhen((context) => bodyRecord(context.body).sourceStoreId !== undefined),
  },
  {
    id: 'upp-no-type-refused-by-external-id',
    description:
      'an unlock naming the customer by externalId without type is refused with 82323276 (that path takes no default entity type); with type=CUSTOMER, or by the other identifiers, it unlocks. The page gives type the default CUSTOMER (fault hunt 67)',
    family: 'promised-points',
    catches: ['CAP-UPP-TYPE-DEFAULT'],
    options: entityTypeRefusedWhen(
      (context) => queryValue(context.query, 'type') === undefined && namesByExternalId(context),
    ),
  },
  {
    id: 'npa-points-available-object-by-external-id',
    description:
      'a deduction naming the customer by externalId answers pointsAvailable as an object ({"value": "670.000"}); by mobile as the reference writes it. No pointsAvailable fault was selective by lookup path (fault hunt 64: caught already, by accepted-inputs)',
    family: 'negative-balance',
    catches: ['CAP-NPA-POINTS-AVAILABLE-FORMAT'],
    options: {
      handlers: {
        negativePointsAdjustment: (context) =>
          namesByExternalId(context)
            ? with200Body('negativePointsAdjustment', (body) => ({
                ...body,
                pointsAvailable: { value: body.pointsAvailable },
              }))(context)
            : HANDLERS.negativePointsAdjustment(context),
      },
    },
  },
  {
    id: 'bal-one-program-summed-by-external-id',
    description:
      'a balance read naming the customer by externalId reads fetchDataForAllPrograms=false as true: its one-program reads answer the sum over all programs; by mobile each program alone. Every one-program read named the customer by its primary identifier (fault hunt 64)',
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: oneProgramReadSummedWhen(namesByExternalId),
  },
  {
    id: 'bal-one-program-summed-by-email',
    description:
      'a balance read naming the customer by email reads fetchDataForAllPrograms=false as true: its one-program reads answer the sum over all programs; by mobile or externalId each program alone (fault hunt 64)',
    family: 'balance',
    catches: ['CAP-BAL-ONE-PROGRAM'],
    options: oneProgramReadSummedWhen((context) => queryValue(context.query, 'identifierName') === 'email'),
  },
  {
    id: 'dual-lone-secondary-resolved-with-program',
    description:
      "under dual eligibility, a balance read naming a programId looks the customer up through that program's enrolments, where a lone secondary identifier one customer holds names it; without programId, 8015 as the note says. Every lone-secondary probe named no program (fault hunt 64)",
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
    options: loneSecondaryResolvedWhen((context) => queryValue(context.query, 'programId') !== undefined),
  },
  {
    id: 'dual-lone-secondary-resolved-over-all-programs',
    description:
      'under dual eligibility, a balance read over all programs (fetchDataForAllPrograms=true) goes through the customer search, where a lone secondary identifier one customer holds names it; the one-program lookup answers 8015 as the note says. Every lone-secondary probe read one program (fault hunt 64)',
    family: 'dual-eligibility',
    catches: ['CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
    options: loneSecondaryResolvedWhen(
      (context) => queryValue(context.query, 'fetchDataForAllPrograms') === 'true',
    ),
  },
  {
    id: 'upp-promotion-ids-dropped-by-primary-under-dual-eligibility',
    description:
      "under dual eligibility, an unlock naming the customer by the primary identifier goes through the dual-eligibility service, whose answer drops each promotion line's promotionIdentifier and promotionId (the promotionName kept); by another identifier, or where dual eligibility is off, the lines keep them. The strict org's one promotion bill was unlocked by another identifier (fault hunt 62's leftover; closed by fault hunt 64 with billWhole's promotion points declared)",
    family: 'promised-points',
    catches: ['CAP-UPP-RESPONSE-PROMOTION'],
    options: {
      handlers: {
        unlockPromisedPoints: (context) =>
          orgOf(DATASET, context.principal).dualEligibility.enabled && byPrimaryIdentifier(context)
            ? withUnlockLines(({ promotionIdentifier: _identifier, promotionId: _id, ...line }) => line)(
                context,
              )
            : HANDLERS.unlockPromisedPoints(context),
      },
    },
  },
  {
    id: 'upp-unknown-type-read-as-customer-by-external-id',
    description:
      "an unlock naming the customer by externalId reads any type but USERGROUP2 as CUSTOMER: a type outside the list unlocks the bill there; by mobile it fails with 82323276. query-errors' probe by externalId, restricted to a line item no bill has, met 82323282, which warns (fault hunt 62 left it; closed by fault hunt 64)",
    family: 'promised-points',
    catches: ['CAP-UPP-82323276'],
    enforcedTwice:
      "the spec's enum refuses the type before any handler: the validate hook drops that issue, the handler refuses it off the externalId path",
    options: {
      hooks: { validate: dropIssues('unlockPromisedPoints', (i) => i.where === 'query.type') },
      handlers: {
        unlockPromisedPoints: (context) => {
          const type = queryValue(context.query, 'type');
          return type !== undefined &&
            !['CUSTOMER', 'USERGROUP2'].includes(type) &&
            !namesByExternalId(context)
            ? capillaryError(82323276, 'Invalid entity type')
            : HANDLERS.unlockPromisedPoints(context);
        },
      },
    },
  },
  {
    id: 'bal-all-programs-promised-of-default-behind-summed-raised-figures',
    description:
      "ptable66: bal-all-programs-promised-of-default (the read over all programs gives the default program's promised breakup only) behind a balance DTO writing each figure whole, raised, and promisedPoints and totalPoints as the sums of the figures it writes: the all-programs total leaves out program 973's 12.675 promised (13 written), more than the unit per written figure that such sums may sit off their ledger totals (programTotalsWrittenAsSums)",
    family: 'balance',
    catches: ['CAP-BAL-ALL-PROGRAMS-WITH-ID', 'CAP-BAL-ALL-PROGRAMS-NO-ID'],
    options: {
      createLedger: allProgramsPromisedOfDefault(),
      hooks: { reply: totalOfShownFigures(Math.ceil) },
    },
    behindDisplay:
      'programTotalsWrittenAsSums lets program totals written as sums of raised figures sit a unit per figure off: this ledger must still fail behind that display',
  },
  // --- padded66 (helper, 2026-12-07): padding zeros only past the program's round decimals ---
  {
    id: 'npa-exact-balance-refused-behind-two-place-balances',
    description:
      'with negative balance off, deducting exactly the balance fails with 8907, behind balance figures written with at least two places ("100000.50", the default program\'s round decimals, as a DECIMAL(p, 2) column writes them): a zero within the program\'s decimals may be the ledger\'s, so the read is no padded format and pointsAvailable\'s "0.100" after the probe shows the 0.1 left exactly. A read counting every written zero past what it shows as padding took "0.100" for one decimal and let the refusal warn (padded66)',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: {
      createLedger: refusingExactBalance(() => true),
      hooks: { reply: balanceFiguresInPlaces(2) },
    },
    behindDisplay:
      "paddingReads takes pointsAvailable's zeros for a format's where the reads beside it pad: balances written with two places, within the program's round decimals, must not pass for one",
  },
  // --- padded67 (helper, 2026-12-07): a refusal of the exact balance behind a three-place gateway ---
  {
    id: 'npa-exact-balance-refused-behind-three-place-gateway',
    description:
      'with negative balance off, deducting exactly the balance fails with 8907, behind a gateway writing every balance figure with three places ("100000.500", as the deduction page\'s example writes "670.000"; the reference writes pointsAvailable so already): the probe a unit under the read answers "0.100", the bytes a raised or half-up one-decimal ledger behind that gateway answers, and padded66\'s reading of padded balance figures let the refusal warn. One hundredth more answers "0.090": the ledger kept the 0.1 it showed (padded67)',
    family: 'negative-balance',
    catches: ['CAP-NPA-EXACT-BALANCE'],
    options: {
      createLedger: refusingExactBalance(() => true),
      hooks: { reply: balanceFiguresInPlaces(3) },
    },
    behindDisplay:
      "paddingReads takes pointsAvailable's zeros for a format's behind balances padded past the program's decimals: the refusal of an exact ledger must still fail behind them",
  },
];

/**
 * Options refusing a reasonOfReturn over 50 characters (400) only on the deductions `checked`
 * selects; elsewhere any length is taken. The spec's maxLength is dropped first.
 */
function reasonLengthCheckedWhen(checked: (context: HandlerContext) => boolean): FaultOptions {
  return {
    hooks: { validate: longReasonsLetThrough },
    ...reasonsRefusedWhen((reason, context) => [...reason].length > 50 && checked(context), 400),
  };
}

/**
 * A deduction handler whose pointsAvailable, where the figure keeps a third decimal, is written
 * with two decimals: the hundredths `cents` gives from the figure's and the amount's micro-points.
 */
function availableInCentsWhereThousandths(cents: (micro: number, amount: number) => number): HandlerOverride {
  return (context) => {
    const reply = HANDLERS.negativePointsAdjustment(context);
    if (reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    const micro = toMicro(String(body.pointsAvailable));
    const amount = Math.round(Number(bodyRecord(context.body).pointsToBeAdjusted) * 1e6);
    if (micro % 10_000 === 0 || !Number.isFinite(amount)) return reply;
    return { ...reply, body: { ...body, pointsAvailable: (cents(micro, amount) / 100).toFixed(2) } };
  };
}

/**
 * A promotionIdentifier without programId let past the spec's dependentRequired and refused with
 * 8887 only `when` the deduction's context says so (a program found otherwise is charged).
 */
function promotionWithoutProgram8887Only(when: (context: HandlerContext) => boolean): FaultOptions {
  return {
    hooks: {
      validate: dropIssues('negativePointsAdjustment', (i) => i.keyword === 'dependentRequired'),
    },
    handlers: {
      negativePointsAdjustment: refusingWhen(
        'negativePointsAdjustment',
        (context) => {
          const body = bodyRecord(context.body);
          return (
            body.promotionIdentifier !== undefined &&
            (body.programId === undefined || body.programId === null) &&
            when(context)
          );
        },
        8887,
        'programId is required when promotionIdentifier is passed',
      ),
    },
  };
}

/**
 * A balance handler repeating at the top level, on the 200 reads `applies` picks, the promised
 * figures of promisedPointsBreakup as the read of `query` gives them, while the answer's own
 * breakup stays the read's: one answer stating two amounts for each promised figure.
 */
function topLevelPromisedOf(
  applies: (context: HandlerContext) => boolean,
  query: (context: HandlerContext) => HandlerContext['query'],
): HandlerOverride {
  return (context) => {
    const reply = HANDLERS.getPointsBalance(context);
    if (reply.status !== 200 || !applies(context)) return reply;
    const other = HANDLERS.getPointsBalance({ ...context, query: query(context) });
    const { delayedAccrualPoints, externalTriggerBasedPoints } = bodyRecord(
      bodyRecord(other.body).promisedPointsBreakup,
    );
    return {
      ...reply,
      body: { ...bodyRecord(reply.body), delayedAccrualPoints, externalTriggerBasedPoints },
    };
  };
}

/**
 * A balance handler reading a list of identifiers without the org's primary (dual eligibility) as
 * the customer its first identifier names, where `through` takes that identifier's name: the read
 * goes through the primary's value, its 200 answered as `answer` makes it; any other read as the
 * reference answers it.
 */
function noPrimaryListResolved(
  through: (first: string) => boolean,
  answer: (reply: Reply) => Reply = (reply) => reply,
): HandlerOverride {
  return (context) => {
    const names = (queryValue(context.query, 'identifierName') ?? '').split(',').map((n) => n.trim());
    const values = (queryValue(context.query, 'identifierValue') ?? '').split(',').map((v) => v.trim());
    const org = orgOf(DATASET, context.principal);
    const primary = primaryOf(org);
    const first = names[0] ?? '';
    const found =
      names.length > 1 && !names.includes(primary) && through(first)
        ? primaryValueOf(org, first, values[0] ?? '')
        : undefined;
    if (found === undefined) return HANDLERS.getPointsBalance(context);
    const reply = HANDLERS.getPointsBalance({
      ...context,
      query: { ...context.query, identifierName: primary, identifierValue: found },
    });
    return reply.status === 200 ? answer(reply) : reply;
  };
}

/**
 * A ledger applying an adjustment `when` picks for a profileId no member has to the tenant's first
 * member (a lookup falling back on a default or house account), answered as that member's.
 */
function unknownMemberTakenAsFirst(
  when: (request: MemberAdjustment) => boolean,
): (dataset: Dataset) => Ledger {
  return (dataset) =>
    new (class extends Ledger {
      override adjustMember(tenantId: string, request: MemberAdjustment) {
        const fallback = dataset.fabric.tenants.find((t) => t.id === tenantId)?.members[0]?.profileId;
        return this.member(tenantId, request.profileId) || fallback === undefined || !when(request)
          ? super.adjustMember(tenantId, request)
          : super.adjustMember(tenantId, { ...request, profileId: fallback });
      }
    })(dataset);
}

/** Each Capillary program's main points in {@link atALastDecimal}, and its round decimals. */
export const LAST_DECIMAL_HELD: Readonly<Record<number, { points: number; decimals: number }>> = {
  469: { points: 2.01, decimals: 2 },
  973: { points: 2.001, decimals: 3 },
};

/**
 * The dataset with every Capillary customer holding one unit of each program's last decimal over 2
 * points ({@link LAST_DECIMAL_HELD}): a display with fewer decimals than the program hides it in
 * every read (variant hunt 45).
 */
export function atALastDecimal(dataset: Dataset): Dataset {
  return {
    ...dataset,
    orgs: dataset.orgs.map((org) => ({
      ...org,
      customers: org.customers.map((c) => ({
        ...c,
        mainPoints: Object.fromEntries(
          Object.entries(c.mainPoints).map(([p, v]) => [p, LAST_DECIMAL_HELD[Number(p)]?.points ?? v]),
        ),
      })),
    })),
  };
}

/**
 * A ledger booking each successful deduction's amount as `book` gives it (in micro-points), answering
 * pointsAvailable with the ledger's exact figure (written with 3 decimals, or, `inProgramDecimals`,
 * with the named program's round decimals), and, `shownWhole`, showing every balance figure
 * whole, truncated toward zero (the table's int): one seam, as the ledger of
 * npa-ledger-cents-behind-two-decimal-display shows its own.
 */
function amountsBookedAs(
  book: (amount: ParsedAmount) => number,
  shownWhole: boolean,
  inProgramDecimals = false,
): (dataset: Dataset) => Ledger {
  return (dataset) =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const outcome = super.deduct(orgId, request);
        const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
        const amount = parseAmount(request.pointsToBeAdjusted);
        if (!outcome.ok || !customer || !amount) return outcome;
        const programId = programOf(dataset, orgId, request);
        const after = (customer.main.get(programId) ?? 0) + amount.micro - book(amount);
        customer.main.set(programId, after);
        const decimals = inProgramDecimals
          ? (orgOf(dataset, orgId).programs.find((p) => p.id === programId)?.roundDecimals ?? 3)
          : 3;
        return { ok: true as const, value: { pointsAvailable: formatFixed(after, decimals) } };
      }

      override balance(orgId: string, query: BalanceQuery) {
        const balance = super.balance(orgId, query);
        const whole = (micro: number) => Math.trunc(micro / ONE_POINT) * ONE_POINT;
        return balance.ok && shownWhole
          ? {
              ok: true as const,
              value: {
                ...balance.value,
                mainPoints: whole(balance.value.mainPoints),
                delayedAccrualPoints: whole(balance.value.delayedAccrualPoints),
                externalTriggerBasedPoints: whole(balance.value.externalTriggerBasedPoints),
              },
            }
          : balance;
      }
    })(dataset);
}

/**
 * The unlock's source Enum dropped from validation and checked by the handler on every unlock but
 * those `unchecked` picks out (a lookup path of its own), which take an unlisted source.
 */
function unlockSourceUncheckedWhen(unchecked: (context: HandlerContext) => boolean): FaultOptions {
  return {
    hooks: {
      validate: dropIssues('unlockPromisedPoints', (i) => i.where === 'query.source' && i.keyword === 'enum'),
    },
    handlers: {
      unlockPromisedPoints: (context) => {
        const source = queryValue(context.query, 'source');
        return source !== undefined && !UPP_SOURCES.includes(source) && !unchecked(context)
          ? capillaryError(400, `Invalid input: source ${source} is not supported`)
          : HANDLERS.unlockPromisedPoints(context);
      },
    },
  };
}

/** Whether an unlock names a source the unlock page does not list (an empty or missing one is not). */
function unlistedUnlockSource(request: HookRequest): boolean {
  const source = request.query.source;
  return typeof source === 'string' && source !== '' && !UPP_SOURCES.includes(source);
}

/**
 * An unlock answer whose promotion lines lose their promotionIdentifier and promotionId to the
 * bill's own line (the line with a billNumber and no itemCode), where they do not belong.
 */
function promotionIdsOnBillLine(body: Record<string, unknown>): Record<string, unknown> {
  const lines = (Array.isArray(body.pointsUnlocked) ? body.pointsUnlocked : []) as Record<string, unknown>[];
  const promotion = lines.find((line) => line.promotionName !== undefined);
  if (!promotion) return body;
  const { promotionIdentifier, promotionId } = promotion;
  return {
    ...body,
    pointsUnlocked: lines.map((line) => {
      if (line === promotion) {
        const { promotionIdentifier: _identifier, promotionId: _id, ...rest } = line;
        return rest;
      }
      return line.billNumber !== undefined && line.itemCode === undefined
        ? { ...line, promotionIdentifier, promotionId }
        : line;
    }),
  };
}

/**
 * A ledger finding a customer's bill by its number in any case, which unlocks it once per text the
 * number is sent as: the bill's entries are promised again the first time a new text names it.
 */
function onceMarkedPerBillNumberText(dataset: Dataset): Ledger {
  const texts = new Set<string>();
  return new (class extends Ledger {
    override unlock(orgId: string, request: UnlockRequest) {
      const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
      const sameBill = (billNumber: string) => billNumber.toLowerCase() === request.billNumber.toLowerCase();
      const booked = customer?.promised.find((e) => sameBill(e.billNumber))?.billNumber;
      if (!customer || booked === undefined || booked === request.billNumber)
        return super.unlock(orgId, request);
      const text = `${orgId}:${customer.id}:${request.billNumber}`;
      if (!texts.has(text))
        for (const entry of customer.promised) entry.unlocked &&= entry.billNumber !== booked;
      texts.add(text);
      return super.unlock(orgId, { ...request, billNumber: booked });
    }
  })(dataset);
}

/**
 * A ledger that, for an unlock naming a user group, unlocks the named bill to its owner (found in the
 * whole org) before it resolves the group, and keeps that unlock when the group is then refused.
 */
function groupRefusalUnlockingBill(dataset: Dataset): Ledger {
  return new (class extends Ledger {
    override unlock(orgId: string, request: UnlockRequest) {
      const outcome = super.unlock(orgId, request);
      if (outcome.ok || outcome.code !== 1645) return outcome;
      const owner = orgOf(dataset, orgId).customers.find((c) =>
        (c.bills ?? []).some((b) => b.billNumber === request.billNumber),
      );
      if (owner)
        super.unlock(orgId, {
          ...request,
          type: 'CUSTOMER',
          identifierName: 'id',
          identifierValue: String(owner.id),
        });
      return outcome;
    }
  })(dataset);
}

/**
 * A ledger that books a deduction of an amount with decimals a second time (a replayed request)
 * when the customer's next balance read has been served, where the program stays at or above zero,
 * and answers pointsAvailable with the balance after both copies (fault
 * npa-decimal-deduction-replayed-on-next-read). Tied to a read, not a timer, so the read right after
 * the deduction shows one copy on a loaded machine too.
 */
class DecimalDeductionReplayedOnNextRead extends Ledger {
  readonly #dataset: Dataset;
  readonly #replays = new Map<Customer, { programId: number; micro: number }>();
  constructor(dataset: Dataset) {
    super(dataset);
    this.#dataset = dataset;
  }
  override deduct(orgId: string, request: DeductionRequest) {
    const outcome = super.deduct(orgId, request);
    const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
    const points = Number(request.pointsToBeAdjusted);
    const programId = programOf(this.#dataset, orgId, request);
    const after = Number(outcome.ok ? outcome.value.pointsAvailable : Number.NaN);
    if (!outcome.ok || !customer || Number.isInteger(points) || after - points < 0) return outcome;
    this.#replays.set(customer, { programId, micro: toMicro(points) });
    return { ok: true as const, value: { pointsAvailable: (after - points).toFixed(3) } };
  }
  override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
    const outcome = super.balance(orgId, query);
    const customer = customerOf(this, orgId, query.identifierName, query.identifierValue);
    const replay = customer && this.#replays.get(customer);
    if (customer && replay) {
      this.#replays.delete(customer);
      customer.main.set(replay.programId, (customer.main.get(replay.programId) ?? 0) - replay.micro);
    }
    return outcome;
  }
}

/**
 * A ledger whose reads over all programs write every figure with one decimal, dropped toward zero,
 * and whose deductions with decimals from a program of 3 round decimals answer pointsAvailable as
 * that sum, exact, less 0.05 (fault npa-available-hundredths-low-behind-tenths-all-programs-read).
 */
class AvailableLowBehindTenthsSum extends Ledger {
  readonly #dataset: Dataset;
  constructor(dataset: Dataset) {
    super(dataset);
    this.#dataset = dataset;
  }
  override deduct(orgId: string, request: DeductionRequest) {
    const outcome = super.deduct(orgId, request);
    const programId = programOf(this.#dataset, orgId, request);
    const decimals = orgOf(this.#dataset, orgId).programs.find((p) => p.id === programId)?.roundDecimals;
    if (!outcome.ok || decimals !== 3 || Number.isInteger(Number(request.pointsToBeAdjusted))) return outcome;
    const all = super.balance(orgId, { ...request, fetchDataForAllPrograms: true });
    if (!all.ok) return outcome;
    return {
      ok: true as const,
      value: { pointsAvailable: formatFixed(all.value.mainPoints - toMicro(0.05), 3) },
    };
  }
  override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
    const outcome = super.balance(orgId, query);
    if (!outcome.ok || !query.fetchDataForAllPrograms) return outcome;
    const tenths = (micro: number) => toMicro(truncatedTo(1)(toNumber(micro)));
    const b = outcome.value;
    return {
      ok: true,
      value: {
        ...b,
        mainPoints: tenths(b.mainPoints),
        delayedAccrualPoints: tenths(b.delayedAccrualPoints),
        externalTriggerBasedPoints: tenths(b.externalTriggerBasedPoints),
      },
    };
  }
}

/**
 * A reply hook showing promised figures whole, half to even, and main and total with two decimals
 * ({@link balanceAsWholeNumbers}), over a target whose unlocks of a promise with decimals move main
 * points 0.05 short and write that in pointsUnlocked: each later read and pointsAvailable of the
 * customer (told by the identifiers of the seed dataset) carries the shortfall in its program.
 */
function unlockShortOfPromiseBehindPromisedWhole() {
  const display = balanceAsWholeNumbers(twoDecimalsHalfEven, halfEvenTo(0));
  const short = toMicro(0.05);
  const shortfalls = new Map<number, Map<number, number>>();
  const entityOf = (name: unknown, value: unknown) =>
    DATASET.orgs
      .flatMap((org) => org.customers)
      .find((c) => String((c.identifiers as Record<string, unknown>)[String(name)]) === String(value))?.id;
  const less = (points: unknown, micro: number) => toNumber(toMicro(Number(points)) - micro);
  return (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
    if (reply.status !== 200) return reply;
    const body = bodyRecord(reply.body);
    if (operationId === 'unlockPromisedPoints') {
      const asked = bodyRecord(request.body);
      const entity = entityOf(asked.identifierName, asked.identifierValue);
      const lines = Array.isArray(body.pointsUnlocked) ? body.pointsUnlocked : undefined;
      if (entity === undefined || !lines) return reply;
      return {
        ...reply,
        body: {
          ...body,
          pointsUnlocked: lines.map((line) => {
            const { pointsUnlocked, programId } = bodyRecord(line);
            if (Number.isInteger(Number(pointsUnlocked))) return line;
            const owed = shortfalls.get(entity) ?? new Map<number, number>();
            owed.set(Number(programId), (owed.get(Number(programId)) ?? 0) + short);
            shortfalls.set(entity, owed);
            return {
              ...bodyRecord(line),
              pointsUnlocked: formatFixed(toMicro(String(pointsUnlocked)) - short),
            };
          }),
        },
      };
    }
    const entity = entityOf(
      queryValue(request.query, 'identifierName'),
      queryValue(request.query, 'identifierValue'),
    );
    const owed = entity === undefined ? undefined : shortfalls.get(entity);
    const programId = queryValue(request.query, 'programId');
    const allPrograms = queryValue(request.query, 'fetchDataForAllPrograms') === 'true';
    const owedHere = (program: unknown) =>
      [...(owed ?? [])].reduce(
        (sum, [id, micro]) => (allPrograms || String(id) === String(program) ? sum + micro : sum),
        0,
      );
    if (operationId === 'negativePointsAdjustment') {
      const micro = owedHere(bodyRecord(request.body).programId);
      if (micro === 0) return reply;
      return {
        ...reply,
        body: { ...body, pointsAvailable: formatFixed(toMicro(String(body.pointsAvailable)) - micro) },
      };
    }
    if (operationId !== 'getPointsBalance') return reply;
    const micro = owedHere(programId);
    const shown =
      micro === 0
        ? reply
        : {
            ...reply,
            body: {
              ...body,
              mainPoints: less(body.mainPoints, micro),
              totalPoints: less(body.totalPoints, micro),
            },
          };
    return display(operationId, shown);
  };
}

/**
 * A reply hook showing each org's first customer (the deductible) as holding half a point more in
 * program 469 than the ledger does (in its reads of 469 or over all programs and in the
 * pointsAvailable of its deductions from 469), every balance figure whole, rounded half to even
 * ({@link halfEvenTo}), and a totalPoints that leaves out that customer's latest deduction where
 * its amount came as a string (an aggregate refreshed on each deduction, from main as it was before
 * one whose amount it failed to parse). Customers are told by the identifiers their reads named.
 * `main` writes mainPoints first (dfix51: whole another way, the total still half to even);
 * `share` -0.5 takes half as much again from the total instead, each such deduction adding to it
 * from then on (`heals` false).
 */
function totalMissingLastStringDeduction(
  main: (points: number) => number = (points) => points,
  share = 1,
  heals = true,
) {
  const entityOf = new Map<string, unknown>();
  const missing = new Map<string, number>();
  const whole = balanceAsWholeNumbers(halfEvenTo(0));
  const half = toMicro(0.5);
  const plus = (points: unknown, micro: number) => toNumber(toMicro(Number(points)) + micro);
  return (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
    const { query } = request;
    const who = `${request.headers.authorization}:${queryValue(query, 'identifierName')}:${queryValue(query, 'identifierValue')}`;
    const body = bodyRecord(reply.body);
    if (reply.status !== 200) return reply;
    if (operationId === 'negativePointsAdjustment') {
      const { pointsToBeAdjusted: amount, programId } = bodyRecord(request.body);
      const entity = entityOf.get(who);
      if (!firstOfItsOrg(entity)) return reply;
      const micro = typeof amount === 'string' ? parseAmount(amount)?.micro : undefined;
      if (micro === undefined || Number.isNaN(micro)) {
        if (heals) missing.delete(String(entity));
      } else missing.set(String(entity), micro + (heals ? 0 : (missing.get(String(entity)) ?? 0)));
      if (programId !== undefined && Number(programId) !== 469) return reply;
      return {
        ...reply,
        body: { ...body, pointsAvailable: formatFixed(toMicro(String(body.pointsAvailable)) + half) },
      };
    }
    if (operationId !== 'getPointsBalance') return reply;
    entityOf.set(who, body.entityId);
    const programId = queryValue(query, 'programId');
    const holdsHalf =
      firstOfItsOrg(body.entityId) &&
      (queryValue(query, 'fetchDataForAllPrograms') === 'true' ||
        programId === undefined ||
        programId === '469');
    if (!holdsHalf) return whole(operationId, reply);
    const left = missing.get(String(body.entityId)) ?? 0;
    const shown = {
      ...body,
      mainPoints: main(plus(body.mainPoints, half)),
      totalPoints: plus(body.totalPoints, half + share * left),
    };
    return whole(operationId, { ...reply, body: shown });
  };
}

/**
 * A ledger showing every balance figure with one decimal, the rest dropped toward zero
 * ({@link truncatedTo}), whose successful deductions with an amount given as a string answer
 * pointsAvailable one hundredth low where the figure has hundredths of its own.
 */
function hundredthLowOnStringAmounts() {
  const shown = (micro: number) => toMicro(truncatedTo(1)(toNumber(micro)));
  return class extends Ledger {
    override deduct(orgId: string, request: DeductionRequest) {
      const outcome = super.deduct(orgId, request);
      const available = outcome.ok ? parseAmount(outcome.value.pointsAvailable)?.micro : undefined;
      if (
        typeof request.pointsToBeAdjusted !== 'string' ||
        available === undefined ||
        available % toMicro(0.1) === 0
      )
        return outcome;
      return { ok: true as const, value: { pointsAvailable: formatFixed(available - toMicro(0.01)) } };
    }
    override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
      const outcome = super.balance(orgId, query);
      if (!outcome.ok) return outcome;
      const { mainPoints, delayedAccrualPoints, externalTriggerBasedPoints } = outcome.value;
      return {
        ok: true,
        value: {
          ...outcome.value,
          mainPoints: shown(mainPoints),
          delayedAccrualPoints: shown(delayedAccrualPoints),
          externalTriggerBasedPoints: shown(externalTriggerBasedPoints),
        },
      };
    }
  };
}

/** Whether `entityId` is the first customer of its Capillary org (the reference profile's twoPrograms and deductible). */
const firstOfItsOrg = (entityId: unknown): boolean =>
  DATASET.orgs.some((org) => org.customers[0]?.id === Number(entityId));

/**
 * A fabric adjustment handler booking a fractional deduction as the reference does, then answering
 * it 400 as a tenant refusing fractions after its ledger took them.
 */
function fractionDeductedThenRefused(context: HandlerContext): Reply {
  const reply = HANDLERS.adjustMemberPoints(context);
  const points = Number(bodyRecord(context.body).points);
  return reply.status === 200 && points < 0 && !Number.isInteger(points)
    ? fabricReply(400, 'points must be a whole number', null, { points: 'must be a whole number' })
    : reply;
}

/**
 * A fabric adjustment handler that, after the reference booked an addition of active points
 * carrying a reasonCode, books it once more: the answer names it once, the member gains it twice.
 */
function reasonCodedAdditionBookedTwice(context: HandlerContext): Reply {
  const reply = HANDLERS.adjustMemberPoints(context);
  const body = bodyRecord(context.body);
  const points = Number(body.points);
  if (reply.status === 200 && points > 0 && body.reasonCode && body.setToPending !== true)
    context.ledger.adjustMember(context.principal, {
      profileId: String(body.profileId),
      points,
      setToPending: false,
    });
  return reply;
}

/**
 * An unlock naming line items that takes their promised points without crediting main points
 * (main restored after the reference handler moved them), answered 82323282: lost points behind
 * an answer a bill partly unlocked before would give.
 */
function lineUnlockLosingPoints(context: HandlerContext): Reply {
  const lines = bodyRecord(context.body).lineItemIds;
  if (!Array.isArray(lines) || lines.length === 0) return HANDLERS.unlockPromisedPoints(context);
  const customer = customerOfAnyIdentifier(context);
  const main = new Map(customer?.main);
  const reply = HANDLERS.unlockPromisedPoints(context);
  if (!customer || reply.status >= 300) return reply;
  for (const [program, points] of main) customer.main.set(program, points);
  return capillaryError(82323282, 'No promise points found to unlock.');
}

/**
 * A reply hook answering each read of `operation` (the balance, the member inquiry) after the first
 * of the same query and path 206 with the first read's figures (kept per provider started: a fresh
 * map for each run of the catalogue entry would need a seam the hooks do not have; a later run
 * only sees older figures).
 */
function firstFiguresAnswered206(operation: OperationId) {
  const first = new Map<string, unknown>();
  return (operationId: OperationId, reply: Reply, request: HookRequest): Reply => {
    if (operationId !== operation || reply.status !== 200) return reply;
    const key = JSON.stringify([request.query, request.pathParams]);
    const kept = first.get(key);
    if (kept === undefined) {
      first.set(key, reply.body);
      return reply;
    }
    return { ...reply, status: 206, body: kept };
  };
}

/**
 * A ledger whose successful unlocks also credit what moved, program by program, to the org's other
 * customers that `credited` selects (given the named customer's seed and the other's) and that are
 * enrolled in the program: the named customer's points are right, someone else gains as well.
 */
function unlockCreditingOthers(
  credited: (seed: OrgSeed['customers'][number], other: OrgSeed['customers'][number]) => boolean,
) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override unlock(orgId: string, request: UnlockRequest) {
        const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
        const before = new Map(customer?.main);
        const outcome = super.unlock(orgId, request);
        const org = orgOf(dataset, orgId);
        const seed = org.customers.find((c) => c.id === customer?.id);
        if (!outcome.ok || !customer || !seed) return outcome;
        const primary = org.dualEligibility.primaryIdentifier;
        for (const otherSeed of org.customers) {
          const value = otherSeed.identifiers[primary];
          const other = value === undefined ? undefined : customerOf(this, orgId, primary, value);
          if (!other || other === customer || !credited(seed, otherSeed)) continue;
          for (const [program, points] of customer.main) {
            const moved = points - (before.get(program) ?? 0);
            if (moved !== 0 && other.programs.has(program))
              other.main.set(program, (other.main.get(program) ?? 0) + moved);
          }
        }
        return outcome;
      }
    })(dataset);
}

/**
 * A ledger that, after a deduction `when` selects (by whether the reference let it through, and the
 * request; a refused one where the customer was found), marks the promised entries `consumed` picks
 * as unlocked without moving them: they leave the promised figures and never reach main points.
 */
function consumingPromisedOnDeduction(
  when: (ok: boolean, request: DeductionRequest) => boolean,
  consumed: (customer: Customer, programId: number) => readonly { unlocked: boolean }[],
) {
  return afterDeduction(({ ok, request, customer, programId }) => {
    if (when(ok, request)) for (const entry of consumed(customer, programId)) entry.unlocked = true;
  });
}

/** Whether an unlock body selects line items (lineItemIds or itemCodes) rather than the whole bill. */
function filteredToLines(body: unknown): boolean {
  const record = bodyRecord(body);
  return record.lineItemIds !== undefined || record.itemCodes !== undefined;
}

/**
 * A ledger that, where the reference refuses an unlock with `code`, marks the promised entries of
 * the bill it names unlocked (nothing moved).
 */
function usingUpBillOnRefusal(code: number) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override unlock(orgId: string, request: UnlockRequest) {
        const outcome = super.unlock(orgId, request);
        const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
        if (!outcome.ok && outcome.code === code)
          for (const entry of customer?.promised ?? [])
            if (entry.billNumber === request.billNumber) entry.unlocked = true;
        return outcome;
      }
    })(dataset);
}

/**
 * A ledger whose successful deductions are also charged, in the same program, to the org's other
 * customers that `charged` selects (given the customer named and the other one) and that are
 * enrolled in it.
 */
function chargingOthersToo(charged: (customer: Customer, other: Customer) => boolean) {
  return afterDeduction(({ ok, customer, micro, programId, org, ledger }) => {
    if (!ok) return;
    const primary = org.dualEligibility.primaryIdentifier;
    for (const seed of org.customers) {
      const value = seed.identifiers[primary];
      const other = value === undefined ? undefined : customerOf(ledger, org.id, primary, value);
      if (other && other !== customer && other.programs.has(programId) && charged(customer, other))
        other.main.set(programId, (other.main.get(programId) ?? 0) - micro);
    }
  });
}

/** What {@link afterDeduction}'s effect sees of one deduction the reference answered. */
interface AnsweredDeduction {
  /** Whether the reference let it through. */
  readonly ok: boolean;
  readonly request: DeductionRequest;
  /** The customer the request names, by whatever identifier. */
  readonly customer: Customer;
  readonly micro: number;
  /** The program the request charges (its programId, else the org's default). */
  readonly programId: number;
  readonly org: OrgSeed;
  readonly ledger: Ledger;
}

/**
 * A ledger that answers every deduction as the reference does, then runs `effect` on it (where the
 * customer was found and the amount parses): one seam for the faults whose deductions also do
 * something else.
 */
function afterDeduction(effect: (deduction: AnsweredDeduction) => void) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const outcome = super.deduct(orgId, request);
        const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
        const amount = parseAmount(request.pointsToBeAdjusted);
        if (customer && amount)
          effect({
            ok: outcome.ok,
            request,
            customer,
            micro: amount.micro,
            programId: programOf(dataset, orgId, request),
            org: orgOf(dataset, orgId),
            ledger: this,
          });
        return outcome;
      }
    })(dataset);
}
/**
 * A ledger whose lookups with several identifiers resolve through the one at the index `which`
 * picks (none: -1, the reference's lookup), to the first customer of the org holding its value.
 */
function resolvingThroughSecondary(which: (names: readonly string[], primary: string) => number) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
        const org = orgOf(dataset, orgId);
        const names = identifierName.split(',').map((n) => n.trim());
        const values = identifierValue.split(',').map((v) => v.trim());
        const primary = org.dualEligibility.primaryIdentifier;
        const index = names.length < 2 ? -1 : which(names, primary);
        if (index < 0) return super.resolveLookup(orgId, identifierName, identifierValue);
        const first = org.customers.find(
          (c) => (c.identifiers as Record<string, string | undefined>)[names[index]!] === values[index],
        );
        const primaryValue = first?.identifiers[primary] ?? `${values[index]} (no such customer)`;
        return super.resolveLookup(orgId, primary, primaryValue);
      }
    })(dataset);
}

/** A ledger whose read over all programs gives the default program's promised breakup only. */
function allProgramsPromisedOfDefault() {
  return rewritingAllPrograms((all, org, read, query) => {
    const one = read({ ...query, fetchDataForAllPrograms: false, programId: org.defaultProgramId });
    if (!one.ok) return all;
    const { delayedAccrualPoints, externalTriggerBasedPoints } = one.value;
    return { ...all, delayedAccrualPoints, externalTriggerBasedPoints };
  });
}

/**
 * A ledger whose balance over all programs (fetchDataForAllPrograms=true), once the reference has
 * summed it, is rewritten by `rewrite` (given the org's seed and the reference's own balance reads).
 */
function rewritingAllPrograms(
  rewrite: (
    all: Balance,
    org: OrgSeed,
    read: (query: BalanceQuery) => ReturnType<Ledger['balance']>,
    query: BalanceQuery,
  ) => Balance,
) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override balance(orgId: string, query: BalanceQuery) {
        const all = super.balance(orgId, query);
        if (!all.ok || !query.fetchDataForAllPrograms) return all;
        const read = (q: BalanceQuery) => super.balance(orgId, q);
        return { ok: true as const, value: rewrite(all.value, orgOf(dataset, orgId), read, query) };
      }
    })(dataset);
}

/**
 * A fabric adjustment handler that answers as the reference does, then takes the points back when
 * `when` selects the request's body (a success that moves nothing).
 */
function adjustmentUndoneWhen(when: (body: Record<string, unknown>) => boolean): HandlerOverride {
  return (context) => {
    const reply = HANDLERS.adjustMemberPoints(context);
    const body = bodyRecord(context.body);
    if (reply.status !== 200 || !when(body)) return reply;
    const points = Number(body.points);
    const profileId = String(body.profileId);
    const pending = body.setToPending === true;
    if (points > 0 && !pending)
      context.ledger.adjustMember(context.principal, { profileId, points: -points, setToPending: false });
    if (points < 0)
      context.ledger.adjustMember(context.principal, { profileId, points: -points, setToPending: false });
    return reply;
  };
}

/**
 * A ledger whose unlocks, once the reference has moved each newly unlocked entry's points into its
 * program's main points, rebook them with `rebook` (points in micro-points; the org's seed).
 */
function unlockRebooking(
  rebook: (main: Map<number, number>, entry: { programId: number; points: number }, org: OrgSeed) => void,
  when: (request: UnlockRequest) => boolean = () => true,
) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override unlock(orgId: string, request: UnlockRequest) {
        const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
        const wasUnlocked = customer?.promised.map((e) => e.unlocked) ?? [];
        const outcome = super.unlock(orgId, request);
        if (!outcome.ok || !customer || !when(request)) return outcome;
        customer.promised.forEach((entry, i) => {
          if (entry.unlocked && !wasUnlocked[i]) rebook(customer.main, entry, orgOf(dataset, orgId));
        });
        return outcome;
      }
    })(dataset);
}

/** Rebooks unlocked points of a program other than the org's default into the default program. */
function creditingDefault(
  main: Map<number, number>,
  entry: { programId: number; points: number },
  org: OrgSeed,
) {
  if (entry.programId === org.defaultProgramId) return;
  main.set(entry.programId, (main.get(entry.programId) ?? 0) - entry.points);
  main.set(org.defaultProgramId, (main.get(org.defaultProgramId) ?? 0) + entry.points);
}

/** Replaces `pointsUnlocked` of each line of an unlock answer. */
function with200Lines(reply: Reply, value: (line: Record<string, unknown>) => unknown): Reply {
  const body = bodyRecord(reply.body);
  const lines = Array.isArray(body.pointsUnlocked) ? (body.pointsUnlocked as Record<string, unknown>[]) : [];
  return {
    ...reply,
    body: { ...body, pointsUnlocked: lines.map((l) => ({ ...l, pointsUnlocked: value(l) })) },
  };
}

/**
 * A fabric adjustment handler that takes a request for a retry of an earlier one of the same member
 * when `key` gives both the same key (undefined: never a retry), among the last `window` adjustments
 * (all when omitted): it answers the earlier answer again and moves nothing.
 */
function deduplicatingAdjustments(
  key: (body: Record<string, unknown>) => unknown[] | undefined,
  window = Number.POSITIVE_INFINITY,
): HandlerOverride {
  const answered: [string | undefined, Reply][] = [];
  return (context) => {
    const body = bodyRecord(context.body);
    const parts = key(body);
    const id = parts && JSON.stringify([context.principal, body.profileId, ...parts]);
    const earlier = answered.slice(-window).find(([k]) => id !== undefined && k === id);
    if (earlier) return earlier[1];
    const reply = HANDLERS.adjustMemberPoints(context);
    if (reply.status === 200) answered.push([id, reply]);
    return reply;
  };
}

/** The balance page's identifiers other than mobile, the reference's primary. */
const SECONDARY_LOOKUPS = ['email', 'externalId'];

/** A ledger whose balance answers, once the reference has read them, `rewrite` changes (given the query). */
function rewritingBalances(rewrite: (balance: Balance, query: BalanceQuery) => Balance) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
        const outcome = super.balance(orgId, query);
        return outcome.ok ? { ok: true, value: rewrite(outcome.value, query) } : outcome;
      }
    })(dataset);
}

/**
 * A ledger whose balance lookups that `when` selects drop programId and fetchDataForAllPrograms:
 * they always read the default program.
 */
function readingDefaultProgramWhen(when: (query: BalanceQuery) => boolean) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
        const { identifierName, identifierValue } = query;
        return super.balance(orgId, when(query) ? { identifierName, identifierValue } : query);
      }
    })(dataset);
}

/**
 * A ledger that caches the balance reads `cached` selects, per customer and `key`, and forgets them
 * all after a deduction `forgets` selects (`ok`: it succeeded) and, with `unlocks`, after any unlock:
 * the reads in between show the figures from before whatever else moved.
 */
function cachingBalances(options: {
  cached: (query: BalanceQuery) => boolean;
  key: (query: BalanceQuery) => string;
  forgets: (dataset: Dataset, orgId: string, request: DeductionRequest, ok: boolean) => boolean;
  unlocks: boolean;
}) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      readonly #cache = new Map<string, Balance>();
      override deduct(orgId: string, request: DeductionRequest) {
        const outcome = super.deduct(orgId, request);
        if (options.forgets(dataset, orgId, request, outcome.ok)) this.#cache.clear();
        return outcome;
      }
      override unlock(orgId: string, request: UnlockRequest) {
        if (options.unlocks) this.#cache.clear();
        return super.unlock(orgId, request);
      }
      override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
        const outcome = super.balance(orgId, query);
        if (!outcome.ok || !options.cached(query)) return outcome;
        const key = `${orgId}/${outcome.value.entityId}/${options.key(query)}`;
        const value = this.#cache.get(key) ?? outcome.value;
        this.#cache.set(key, value);
        return { ok: true, value };
      }
    })(dataset);
}

/**
 * A reply hook answering `status` (a gateway's words, no Retry-After) to every `reads` answer of a
 * customer (by identifierValue) once an `after` of it went through, or (`failsItself`: `after` is
 * answered `status` too) was asked: a target crashing on a state, not one that is down.
 */
function unavailableAfter(
  after: OperationId,
  reads: OperationId,
  status: 502 | 503,
  failsItself: boolean,
): NonNullable<FaultOptions['hooks']>['reply'] {
  const touched = new Set<string>();
  const down: Reply = { status, body: { message: status === 502 ? 'Bad Gateway' : 'Service Unavailable' } };
  return (operationId, reply, request) => {
    const customer = queryValue(request.query, 'identifierValue') ?? '';
    if (operationId === after && (failsItself || reply.status === 200)) touched.add(customer);
    if (operationId === after && failsItself) return down;
    return operationId === reads && touched.has(customer) ? down : reply;
  };
}

/**
 * Takes `micro` points from the customer's program whatever the rules say, and answers as the
 * reference answers a deduction: for faults that let through what a rule should have refused.
 */
function chargedRegardless(customer: Customer, programId: number, micro: number) {
  const after = (customer.main.get(programId) ?? 0) - micro;
  customer.main.set(programId, after);
  return { ok: true as const, value: { pointsAvailable: formatFixed(after, 3) } };
}

/**
 * A deduction naming its customer by externalId for more than the named program holds: the live
 * record, the program, the amount and what the program held (micro-points); undefined otherwise.
 */
function overdrawByExternalId(ledger: Ledger, dataset: Dataset, orgId: string, request: DeductionRequest) {
  return request.identifierName === 'externalId' ? overdrawOf(ledger, dataset, orgId, request) : undefined;
}

/**
 * A ledger refusing with 8907, as an org with negative balance off would, the deductions `when`
 * selects (given the live ledger and the dataset); the reference's own rules for the others.
 */
function refusingOverdrawWhen(
  when: (ledger: Ledger, dataset: Dataset, orgId: string, request: DeductionRequest) => boolean,
) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        return when(this, dataset, orgId, request)
          ? apiError(8907, 'points to be deducted is greater than available points for program')
          : super.deduct(orgId, request);
      }
    })(dataset);
}

/** {@link overdrawByExternalId} by whatever identifier the deduction names its customer. */
function overdrawOf(ledger: Ledger, dataset: Dataset, orgId: string, request: DeductionRequest) {
  const customer = customerNamedBy(ledger, orgId, request.identifierName, request.identifierValue);
  const amount = parseAmount(request.pointsToBeAdjusted);
  const programId = programOf(dataset, orgId, request);
  const available = customer?.main.get(programId) ?? 0;
  return customer && amount && amount.micro > available && customer.programs.has(programId)
    ? { customer, programId, amount: amount.micro, available }
    : undefined;
}

/** A fabric adjustment handler that reads setToPending: true as false when `when` selects the body. */
function pendingIgnoredWhen(when: (body: Record<string, unknown>) => boolean): HandlerOverride {
  return withRequest('adjustMemberPoints', (context) => {
    const body = bodyRecord(context.body);
    return body.setToPending === true && when(body)
      ? { ...context, body: { ...body, setToPending: false } }
      : context;
  });
}

/** A fabric adjustment handler that makes an addition without setToPending pending when `when` selects its body. */
function pendingByDefaultWhen(when: (body: Record<string, unknown>) => boolean): HandlerOverride {
  return withRequest('adjustMemberPoints', (context) => {
    const body = bodyRecord(context.body);
    return when(body) && body.setToPending === undefined && Number(body.points) > 0
      ? { ...context, body: { ...body, setToPending: true } }
      : context;
  });
}

/**
 * A balance handler that adds delayedAccrualPoints and externalTriggerBasedPoints at the top level,
 * as they were in promisedPointsBreakup on the first read of the customer with the same programId and
 * fetchDataForAllPrograms (per ledger: a reset starts again); on the reads `frozen` selects only
 * (default all), the others answered as the reference does.
 */
function topLevelPromisedFromFirstRead(
  frozen: (context: HandlerContext) => boolean = () => true,
): HandlerOverride {
  const firstReads = new WeakMap<Ledger, Map<string, Record<string, unknown>>>();
  return (context) => {
    const reply = HANDLERS.getPointsBalance(context);
    if (reply.status !== 200 || !frozen(context)) return reply;
    const body = bodyRecord(reply.body);
    const seen = firstReads.get(context.ledger) ?? new Map<string, Record<string, unknown>>();
    firstReads.set(context.ledger, seen);
    const key = [
      body.entityId,
      queryValue(context.query, 'programId'),
      queryValue(context.query, 'fetchDataForAllPrograms'),
    ].join('/');
    const first = seen.get(key) ?? bodyRecord(body.promisedPointsBreakup);
    seen.set(key, first);
    const { delayedAccrualPoints, externalTriggerBasedPoints } = first;
    return { ...reply, body: { ...body, delayedAccrualPoints, externalTriggerBasedPoints } };
  };
}

/** A reply hook answering 8013 where a balance lookup whose identifierName `when` selects was refused with 8015. */
function balance8015As8013When(when: (identifierNames: string) => boolean) {
  return (op: OperationId, reply: Reply, request: { query: Record<string, string | string[]> }): Reply =>
    op === 'getPointsBalance' && when(queryValue(request.query, 'identifierName') ?? '')
      ? mapCodes(reply, (code) => (code === 8015 ? 8013 : code))
      : reply;
}

/**
 * A ledger that reads fetchDataForAllPrograms=true as false (the programId's program, or the
 * default) for the lookups `when` selects (given the org's seed).
 */
function oneProgramWhenAllWith(when: (query: BalanceQuery, org: OrgSeed) => boolean) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
        const one = query.fetchDataForAllPrograms && when(query, orgOf(dataset, orgId));
        return super.balance(orgId, one ? { ...query, fetchDataForAllPrograms: false } : query);
      }
    })(dataset);
}

/** The decimals `decimals-rounded-to-storage-scale-first` stores amounts with (fewer than the ledger's 6). */
const STORAGE_DECIMALS = 4;

/**
 * A ledger whose dual-eligibility list lookups (two identifiers or more, the primary among them,
 * resolved by the reference first) `decide` may answer otherwise: an outcome of its own, a customer
 * through `resolve(primaryValue)`, or undefined for the reference's.
 */
function resolvingListsWith(
  decide: (list: {
    org: OrgSeed;
    pairs: [string, string][];
    primary: string;
    resolve: (primaryValue: string) => Outcome<Customer>;
  }) => Outcome<Customer> | undefined,
) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override resolveLookup(orgId: string, identifierName: string, identifierValue: string) {
        const found = super.resolveLookup(orgId, identifierName, identifierValue);
        const org = orgOf(dataset, orgId);
        const { enabled, primaryIdentifier: primary } = org.dualEligibility;
        const values = identifierValue.split(',');
        const pairs = identifierName.split(',').map((name, i): [string, string] => [name, values[i] ?? '']);
        if (!found.ok || !enabled || pairs.length < 2) return found;
        const resolve = (value: string) => super.resolveLookup(orgId, primary, value);
        return decide({ org, pairs, primary, resolve }) ?? found;
      }
    })(dataset);
}

/**
 * A ledger whose deductions of an amount that parses `decide` may answer itself (given the parsed
 * amount, and `deduct`, the reference's deduction, for a request it changed first); undefined
 * leaves the deduction to the reference.
 */
function deductingAmountsWith(
  decide: (deduction: {
    dataset: Dataset;
    ledger: Ledger;
    orgId: string;
    request: DeductionRequest;
    amount: ParsedAmount;
    deduct: (request: DeductionRequest) => Outcome<{ pointsAvailable: string }>;
  }) => Outcome<{ pointsAvailable: string }> | undefined,
) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const amount = parseAmount(request.pointsToBeAdjusted);
        const deduct = (changed: DeductionRequest) => super.deduct(orgId, changed);
        const answer = amount && decide({ dataset, ledger: this, orgId, request, amount, deduct });
        return answer || super.deduct(orgId, request);
      }
    })(dataset);
}

/**
 * A ledger that reads an empty `field` of an unlock ("") as no filter on it (a falsy-value check): an
 * empty eventName as the event of the bill named, an empty billNumber as every bill of the event.
 * Each such bill is unlocked for the customer named; the answer lists what moved.
 */
function unlockReadingEmptyAsAny(field: 'eventName' | 'billNumber') {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override unlock(orgId: string, request: UnlockRequest) {
        if (request[field] !== '') return super.unlock(orgId, request);
        const bills = orgOf(dataset, orgId)
          .customers.flatMap((c) => c.bills ?? [])
          .filter((b) =>
            field === 'eventName' ? b.billNumber === request.billNumber : b.eventName === request.eventName,
          );
        const lines = bills.flatMap((b) => {
          const outcome = super.unlock(orgId, { ...request, [field]: b[field] });
          return outcome.ok ? outcome.value : [];
        });
        return lines.length > 0 ? { ok: true as const, value: lines } : super.unlock(orgId, request);
      }
    })(dataset);
}

/**
 * An intercept that gives the unlock's query parameter `name`, when `sent` so (empty, or missing),
 * the value `fill` picks from the query (undefined leaves it as it is): a target defaulting such a
 * parameter where the page's 82323284 refuses it "missing or empty". The other case is left alone.
 */
function queryParameterDefaulted(
  name: string,
  sent: 'empty' | 'missing',
  fill: (params: URLSearchParams) => string | undefined,
  of: OperationId = 'unlockPromisedPoints',
) {
  return (operationId: OperationId, request: HookRequest): undefined => {
    const params = request.searchParams;
    const matches = sent === 'empty' ? params.get(name) === '' : !params.has(name);
    if (operationId !== of || !matches) return undefined;
    const value = fill(params);
    if (value !== undefined) params.set(name, value);
    return undefined;
  };
}

/**
 * A ledger that answers a deduction as the reference does (pointsAvailable exact) but books the
 * amount rounded to whole hundredths by `round` (on the amount in hundredths): a 3-decimal
 * program's 1.005 taken as 1.00 (truncated) or 1.01 (rounded). Its balance reads are `shown`.
 */
function deductionsBookedInCents(round: (cents: number) => number, shown = (balance: Balance) => balance) {
  return (dataset: Dataset): Ledger =>
    new (class extends Ledger {
      override deduct(orgId: string, request: DeductionRequest) {
        const customer = customerNamedBy(this, orgId, request.identifierName, request.identifierValue);
        const programId = programOf(dataset, orgId, request);
        const before = customer?.main.get(programId);
        const outcome = super.deduct(orgId, request);
        const amount = parseAmount(request.pointsToBeAdjusted);
        const cent = ONE_POINT / 100;
        if (outcome.ok && customer && before !== undefined && amount)
          customer.main.set(programId, before - round(amount.micro / cent) * cent);
        return outcome;
      }

      override balance(orgId: string, query: BalanceQuery) {
        const balance = super.balance(orgId, query);
        return balance.ok ? { ok: true as const, value: shown(balance.value) } : balance;
      }
    })(dataset);
}

/** A balance with every figure shown with 2 decimals, rounded half even (a DTO's setScale(2)). */
function balanceInCents(balance: Balance): Balance {
  const cents = (micro: number) => toMicro(twoDecimalsHalfEven(micro / ONE_POINT));
  return {
    ...balance,
    mainPoints: cents(balance.mainPoints),
    delayedAccrualPoints: cents(balance.delayedAccrualPoints),
    externalTriggerBasedPoints: cents(balance.externalTriggerBasedPoints),
  };
}

/**
 * The token endpoint of fault auth-oauth-token-trailing-space: the key and secret checked and a token
 * issued as the reference does, answered with a trailing space that the target's store keeps. A
 * header value arrives without it (RFC 9110 §5.5), so the token sent back is never one the store
 * holds: modelled by answering a token the reference did not store (its own plus a suffix), which
 * the reference's authentication refuses as unknown, as that store would.
 */
function tokenAnsweredWithTrailingSpace(context: HandlerContext): Reply {
  const reply = HANDLERS.generateOAuthToken(context);
  const body = bodyRecord(reply.body);
  const data = bodyRecord(body.data);
  return typeof data.accessToken === 'string'
    ? { ...reply, body: { ...body, data: { ...data, accessToken: `${data.accessToken}.kept ` } } }
    : reply;
}

/**
 * A ledger whose unlock refused with 82323272 for a declared bill first unlocks the bill's first
 * line item with points left (named with the bill's own eventName), then answers 82323282: points
 * moved behind an answer a bill partly unlocked before the run would give.
 */
function eventNameRefusalUnlockingALine(dataset: Dataset): Ledger {
  return new (class extends Ledger {
    override unlock(orgId: string, request: UnlockRequest) {
      const answer = super.unlock(orgId, request);
      const bill = declaredBills().find((b) => b.billNumber === request.billNumber);
      if (answer.ok || answer.code !== 82323272 || !bill) return answer;
      const lines = bill.promised.flatMap((e) => (e.lineItemId === undefined ? [] : [e.lineItemId]));
      for (const line of lines) {
        const moved = super.unlock(orgId, {
          ...request,
          eventName: bill.eventName,
          eventLogIds: [],
          lineItemIds: [line],
          itemCodes: undefined,
        });
        if (moved.ok) break;
      }
      return { ok: false as const, code: 82323282, message: 'No promise points found to unlock.' };
    }
  })(dataset);
}

/**
 * A deduction handler that keeps each successful answer under the org, the identifier named and the
 * reasonOfReturn (per ledger: a reset starts again), and answers a later deduction with the same
 * key as that first one, deducting nothing.
 */
function deductionsReplayedByReason(): HandlerOverride {
  const answered = new WeakMap<Ledger, Map<string, Reply>>();
  return (context) => {
    const seen = answered.get(context.ledger) ?? new Map<string, Reply>();
    answered.set(context.ledger, seen);
    const key = JSON.stringify([
      context.principal,
      queryValue(context.query, 'identifierName'),
      queryValue(context.query, 'identifierValue'),
      bodyRecord(context.body).reasonOfReturn,
    ]);
    const first = seen.get(key);
    if (first) return first;
    const reply = HANDLERS.negativePointsAdjustment(context);
    if (reply.status === 200) seen.set(key, reply);
    return reply;
  };
}

/**
 * A fabric adjustment handler refusing (400) a reasonCode other than the tenant's own, and booking
 * an adjustment of −4 points as −5.
 */
function ownReasonCodesFourBookedAsFive(context: HandlerContext): Reply {
  const body = bodyRecord(context.body);
  if (
    typeof body.reasonCode === 'string' &&
    body.reasonCode !== '' &&
    !['RET01', 'GOODWILL'].includes(body.reasonCode)
  )
    return fabricReply(400, 'Unknown reasonCode', null, { reasonCode: `unknown: ${body.reasonCode}` });
  return HANDLERS.adjustMemberPoints(
    body.points === -4 ? { ...context, body: { ...body, points: -5 } } : context,
  );
}

/**
 * An unlock handler whose item-code filter names every item code of the declared bill once it names
 * one of them, and whose refusals of a fresh bill's invalid unlocks carry an "already unlocked" code
 * of its own ({@link ownUnlockedCodeBeforeTheBody}).
 */
function ownCodeAndItemCodesTakingEveryLine(context: HandlerContext): Reply {
  const body = bodyRecord(context.body);
  const named = Array.isArray(body.itemCodes) ? body.itemCodes.map(String) : [];
  const bill = declaredBills().find((b) => b.billNumber === String(body.billNumber));
  const codes = (bill?.promised ?? []).flatMap((e) => (e.itemCode === undefined ? [] : [e.itemCode]));
  const every = codes.some((code) => named.includes(code)) ? { ...body, itemCodes: codes } : body;
  const reply = HANDLERS.unlockPromisedPoints({ ...context, body: every });
  return ownUnlockedCodeBeforeTheBody('unlockPromisedPoints', reply, { body });
}

/**
 * A balance handler that, under dual eligibility, answers a lone non-primary identifier whose value
 * several customers of the org hold with the first holder's balance (looked up by its primary).
 */
function loneSharedSecondaryAsFirstHolder(context: HandlerContext): Reply {
  const name = queryValue(context.query, 'identifierName') ?? '';
  const value = queryValue(context.query, 'identifierValue');
  const dual = orgOf(DATASET, context.principal).dualEligibility;
  const holders = orgOf(DATASET, context.principal).customers.filter(
    (c) => (c.identifiers as Record<string, string | undefined>)[name] === value,
  );
  const primary = dual.primaryIdentifier;
  const first = holders[0]?.identifiers[primary];
  if (!dual.enabled || name.includes(',') || name === primary || holders.length < 2 || !first)
    return HANDLERS.getPointsBalance(context);
  const query = { ...context.query, identifierName: primary, identifierValue: first };
  return HANDLERS.getPointsBalance({ ...context, query });
}

/**
 * A ledger whose balance over all programs takes each successful deduction of a customer once more
 * than its one-program figures do (counted per org and identifier value the deduction named), and
 * shows its figures whole, rounded half to even, as variant
 * bal-sum-whole-half-even-program-holding-a-half's target writes them ({@link sumsShownBy}).
 */
function sumsTakingDeductionsTwice() {
  return class extends Ledger {
    readonly #taken = new Map<string, number>();
    override deduct(orgId: string, request: DeductionRequest) {
      const outcome = super.deduct(orgId, request);
      const key = `${orgId}:${request.identifierValue}`;
      if (outcome.ok) this.#taken.set(key, (this.#taken.get(key) ?? 0) + toMicro(request.pointsToBeAdjusted));
      return outcome;
    }
    override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
      const outcome = super.balance(orgId, query);
      if (!outcome.ok || !query.fetchDataForAllPrograms) return outcome;
      const twice = this.#taken.get(`${orgId}:${query.identifierValue}`) ?? 0;
      return halfEvenWhole({ ...outcome.value, mainPoints: outcome.value.mainPoints - twice });
    }
  };
}

/**
 * A ledger taking half a point more from {@link HALF_POINT_PROGRAM} on each successful deduction of
 * a customer holding points there, whatever program the deduction named, and showing every balance
 * figure whole, rounded half to even, as variant
 * bal-whole-half-even-every-figure-program-holding-a-half's target writes them: the half hides in
 * each figure read.
 */
function halfPointLostPerDeduction() {
  return class extends Ledger {
    override deduct(orgId: string, request: DeductionRequest) {
      const outcome = super.deduct(orgId, request);
      const found = this.resolveLookup(orgId, request.identifierName, request.identifierValue);
      const main = found.ok ? found.value.main : undefined;
      const held = main?.get(HALF_POINT_PROGRAM.id);
      if (outcome.ok && main && held !== undefined) main.set(HALF_POINT_PROGRAM.id, held - toMicro(0.5));
      return outcome;
    }
    override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
      const outcome = super.balance(orgId, query);
      return outcome.ok ? halfEvenWhole(outcome.value) : outcome;
    }
  };
}

/**
 * A ledger over a dataset showing every balance figure whole, half to even ({@link halfEvenWhole}),
 * as variant bal-whole-half-even-tenths-in-two-programs' target writes them, whose faulty deduction
 * hits a customer declaring several programs once per program ({@link scopeOf}, {@link once}).
 */
abstract class SeveralProgramsHalfEvenLedger extends Ledger {
  readonly #done = new Set<string>();
  protected readonly dataset: Dataset;
  constructor(dataset: Dataset) {
    super(dataset);
    this.dataset = dataset;
  }
  /** The org, customer and program a deduction names, and whether the customer declares several programs. */
  protected scopeOf(orgId: string, request: DeductionRequest) {
    const org = orgOf(this.dataset, orgId);
    const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
    const programId = programOf(this.dataset, orgId, request);
    const several = (org.customers.find((c) => c.id === customer?.id)?.programs.length ?? 0) > 1;
    return { org, customer, programId, several, key: `${orgId}:${customer?.id}:${programId}` };
  }
  /** Whether `key` is seen the first time (and marks it seen). */
  protected once(key: string): boolean {
    if (this.#done.has(key)) return false;
    this.#done.add(key);
    return true;
  }
  override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
    const outcome = super.balance(orgId, query);
    return outcome.ok ? halfEvenWhole(outcome.value) : outcome;
  }
}

/**
 * A ledger of an org refusing to go below zero that, once per customer declaring several programs
 * and program, takes with a deduction leaving that program holding 1 point that point too, and
 * answers pointsAvailable with the program's balance so emptied ("0.000").
 */
class LastPointTakenWithTheOneBefore extends SeveralProgramsHalfEvenLedger {
  override deduct(orgId: string, request: DeductionRequest) {
    const { org, customer, programId, several, key } = this.scopeOf(orgId, request);
    const outcome = super.deduct(orgId, request);
    if (!outcome.ok || !customer || customer.main.get(programId) !== ONE_POINT || !several) return outcome;
    if (org.allowNegativeBalanceOnReturn || !this.once(key)) return outcome;
    customer.main.set(programId, 0);
    return { ok: true as const, value: { pointsAvailable: '0.000' } };
  }
}

/** A ledger's balance (micro-points) with its figures whole, rounded half to even ({@link halfEvenTo}). */
function halfEvenWhole(balance: Balance): Outcome<Balance> {
  const whole = (micro: number) => toMicro(halfEvenTo(0)(toNumber(micro)));
  return {
    ok: true,
    value: {
      ...balance,
      mainPoints: whole(balance.mainPoints),
      delayedAccrualPoints: whole(balance.delayedAccrualPoints),
      externalTriggerBasedPoints: whole(balance.externalTriggerBasedPoints),
    },
  };
}

/**
 * A refusal in a gateway's plain text, no code: "Bad Request" (400 `text/plain`), as a proxy answers
 * when its upstream's answer is lost after the upstream committed (fault hunt 29).
 */
function asBadRequestText(reply: Reply): Reply {
  return {
    ...reply,
    status: 400,
    body: undefined,
    headers: { 'content-type': 'text/plain; charset=utf-8' },
    rawBody: 'Bad Request',
  };
}

/**
 * A deduction handler that books the first deduction from each customer `select` picks (per
 * ledger, however the request names the customer), then answers it {@link asBadRequestText}.
 */
function firstDeductionAnsweredAsText(
  select: (customer: CustomerSeed, org: OrgSeed) => boolean,
): HandlerOverride {
  const deducted = new WeakMap<Ledger, Set<string>>();
  return (context) => {
    const reply = HANDLERS.negativePointsAdjustment(context);
    const customers = deducted.get(context.ledger) ?? new Set<string>();
    deducted.set(context.ledger, customers);
    const org = orgOf(DATASET, context.principal);
    const value = queryValue(context.query, 'identifierValue');
    const customer = org.customers.find((c) => Object.values(c.identifiers).some((v) => v === value));
    const key = JSON.stringify([context.principal, customer?.id]);
    if (reply.status !== 200 || !customer || !select(customer, org) || customers.has(key)) return reply;
    customers.add(key);
    return asBadRequestText(reply);
  };
}

/** Whether another customer of `org` holds one of `customer`'s identifier values. */
function sharesAnIdentifier(customer: CustomerSeed, org: OrgSeed): boolean {
  return org.customers.some(
    (other) =>
      other.id !== customer.id &&
      Object.values(other.identifiers).some((v) => Object.values(customer.identifiers).includes(v)),
  );
}

/**
 * Options checking pointsAwardedRefType against the listed values only for the deductions `checked`
 * selects (9975 there); elsewhere any type is taken as none. The spec's enum is dropped first.
 */
function refTypeCheckedWhen(checked: (context: HandlerContext) => boolean): FaultOptions {
  return {
    hooks: {
      validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsAwardedRefType'),
    },
    handlers: {
      negativePointsAdjustment: (context) => {
        const type = bodyRecord(context.body).pointsAwardedRefType;
        return type !== undefined &&
          checked(context) &&
          !(AWARD_REF_TYPES as readonly unknown[]).includes(type)
          ? capillaryError(9975, 'invalid pointsAwardedRefType')
          : HANDLERS.negativePointsAdjustment(context);
      },
    },
  };
}

/** Whether a deduction names its customer by externalId (a lookup path of its own at some vendors). */
function byExternalIdRequest(request: DeductionRequest): boolean {
  return request.identifierName === 'externalId';
}

/** Whether a deduction names, by programId, a program other than its org's default. */
function outsideDefaultProgramRequest(request: DeductionRequest, org: OrgSeed): boolean {
  return request.programId !== undefined && request.programId !== org.defaultProgramId;
}

/** Whether a deduction names no programId (the org's default program's). */
function withoutProgramRequest(request: DeductionRequest): boolean {
  return request.programId === undefined;
}

/**
 * Options charging as sent, on the deductions `path` selects, the amounts `unchecked` picks (given
 * the program's round decimals): too many decimals are taken, zero moves nothing, a negative adds.
 * The ledger's own checks stand on the other deductions.
 */
function amountUncheckedOn(
  path: (request: DeductionRequest, org: OrgSeed) => boolean,
  unchecked: (amount: ParsedAmount, roundDecimals: number) => boolean,
): FaultOptions {
  return {
    createLedger: deductingAmountsWith(({ dataset, ledger, orgId, request, amount }) => {
      const org = orgOf(dataset, orgId);
      const programId = programOf(dataset, orgId, request);
      const decimals = org.programs.find((p) => p.id === programId)?.roundDecimals;
      const customer = customerNamedBy(ledger, orgId, request.identifierName, request.identifierValue);
      return path(request, org) &&
        decimals !== undefined &&
        unchecked(amount, decimals) &&
        customer?.programs.has(programId)
        ? chargedRegardless(customer, programId, amount.micro)
        : undefined;
    }),
  };
}

/**
 * {@link amountUncheckedOn} for a rule on the amount's sign (`unchecked`), which the spec enforces
 * too: its amount rules are dropped first.
 */
function signUncheckedOn(
  path: (request: DeductionRequest, org: OrgSeed) => boolean,
  unchecked: (micro: number) => boolean,
): FaultOptions {
  return {
    hooks: {
      validate: dropIssues('negativePointsAdjustment', (i) => i.where === 'body.pointsToBeAdjusted'),
    },
    ...amountUncheckedOn(path, (amount) => unchecked(amount.micro)),
  };
}

/**
 * Options reading an identifierName outside the page's list, on the deductions `path` selects, as
 * no type at all: the value is looked up under whichever type holds it; elsewhere 8013. The spec's
 * enum is dropped first for one name that is not empty.
 */
function identifierNameUncheckedWhen(path: (context: HandlerContext) => boolean): FaultOptions {
  return {
    hooks: {
      validate: dropIssues('negativePointsAdjustment', (i) => {
        const names = identifierNamesOf(i);
        return i.keyword === 'enum' && names?.length === 1 && names[0] !== '';
      }),
    },
    handlers: {
      negativePointsAdjustment: (context) => {
        const name = queryValue(context.query, 'identifierName') ?? '';
        if (['mobile', 'externalId', ''].includes(name) || name.includes(','))
          return HANDLERS.negativePointsAdjustment(context);
        if (!path(context)) return capillaryError(8013, `identifierName ${name} is not supported`);
        const value = queryValue(context.query, 'identifierValue');
        const held = orgOf(DATASET, context.principal)
          .customers.flatMap((c) => Object.entries(c.identifiers))
          .find(([, v]) => v === value)?.[0];
        return HANDLERS.negativePointsAdjustment({
          ...context,
          query: { ...context.query, identifierName: held ?? name },
        });
      },
    },
  };
}

/**
 * Options refusing promotionId and promotionIdentifier together except on the deductions `path`
 * selects, where promotionId wins and the identifier is not read. The spec's `not` is dropped first.
 */
function promotionPairTakenWhen(path: (context: HandlerContext) => boolean): FaultOptions {
  return {
    hooks: { validate: dropIssues('negativePointsAdjustment', (i) => i.keyword === 'not') },
    handlers: {
      negativePointsAdjustment: (context) => {
        const { promotionIdentifier, ...body } = bodyRecord(context.body);
        if (promotionIdentifier === undefined || body.promotionId === undefined)
          return HANDLERS.negativePointsAdjustment(context);
        return path(context)
          ? HANDLERS.negativePointsAdjustment({ ...context, body })
          : capillaryError(400, 'promotionId and promotionIdentifier cannot be passed together');
      },
    },
  };
}

/**
 * A deduction handler that, for a deduction naming pointsAwardedRefType beside a programId other
 * than the org's default and no pointsAwardedId, deducts, then answers 8877.
 */
function refTypeBesideOtherProgramDeductedThen8877(context: HandlerContext): Reply {
  const reply = HANDLERS.negativePointsAdjustment(context);
  const { pointsAwardedRefType, pointsAwardedId } = bodyRecord(context.body);
  return reply.status === 200 &&
    namesAnotherProgram(context) &&
    pointsAwardedRefType !== undefined &&
    pointsAwardedId === undefined
    ? capillaryError(8877, 'invalid points awarded id')
    : reply;
}

/**
 * A deduction handler that books a plain deduction of 1 point (no pointsAwardedId) from a customer
 * holding promised points whose previous deduction was refused with 8877 (an award it does not
 * have), then answers it 400 "Bad Request" in plain text.
 */
function plainDeductionAfter8877AnsweredAsText(): HandlerOverride {
  const refused = new WeakMap<Ledger, Set<string>>();
  return (context) => {
    const identifierName = queryValue(context.query, 'identifierName') ?? '';
    const identifierValue = queryValue(context.query, 'identifierValue') ?? '';
    const held = context.ledger.balance(context.principal, {
      identifierName,
      identifierValue,
      fetchDataForAllPrograms: true,
    });
    const body = bodyRecord(context.body);
    const reply = HANDLERS.negativePointsAdjustment(context);
    const after8877 = refused.get(context.ledger) ?? new Set<string>();
    refused.set(context.ledger, after8877);
    const key = held.ok ? `${context.principal}:${held.value.entityId}` : '';
    const wasRefused = after8877.delete(key);
    const errors = bodyRecord(reply.body).errors;
    if (Array.isArray(errors) && errors.some((e) => bodyRecord(e).code === 8877)) after8877.add(key);
    const promised = held.ok && held.value.delayedAccrualPoints + held.value.externalTriggerBasedPoints > 0;
    const plainOne = Number(body.pointsToBeAdjusted) === 1 && body.pointsAwardedId === undefined;
    return reply.status === 200 && wasRefused && promised && plainOne ? asBadRequestText(reply) : reply;
  };
}

/**
 * A deduction handler that answers the first deduction from each customer whose balance in the
 * program it names (or the org's default) is exactly 0 as the reference does, then sets that
 * balance back to 0 (per ledger): one success among many that moved nothing.
 */
function firstDeductionFromZeroNotBooked(): HandlerOverride {
  const dropped = new WeakMap<Ledger, Set<string>>();
  return (context) => {
    const found = context.ledger.resolveLookup(
      context.principal,
      queryValue(context.query, 'identifierName') ?? '',
      queryValue(context.query, 'identifierValue') ?? '',
    );
    const named = bodyRecord(context.body).programId;
    const programId = typeof named === 'number' ? named : orgOf(DATASET, context.principal).defaultProgramId;
    const wasZero = found.ok && found.value.main.get(programId) === 0;
    const reply = HANDLERS.negativePointsAdjustment(context);
    const customers = dropped.get(context.ledger) ?? new Set<string>();
    dropped.set(context.ledger, customers);
    const key = found.ok ? `${context.principal}:${found.value.id}` : '';
    if (reply.status !== 200 || !found.ok || !wasZero || customers.has(key)) return reply;
    customers.add(key);
    found.value.main.set(programId, 0);
    return reply;
  };
}

/**
 * A ledger that remembers, per customer, that a customer sharing one of its identifier values was
 * read over all programs since the customer's own last read over all programs; the first plain
 * deduction of 1 point from that customer then (once per customer) is answered with the balance
 * one lower, as if booked, and moves `extra` micro-points back (ONE_POINT: nothing moved; its
 * negative: 2 points taken).
 */
function deductionAfterPartnerRead(extra: number): (dataset: Dataset) => Ledger {
  return (dataset) =>
    new (class extends Ledger {
      readonly #partnerRead = new Set<string>();
      readonly #dropped = new Set<string>();
      override balance(orgId: string, query: Parameters<Ledger['balance']>[1]) {
        const outcome = super.balance(orgId, query);
        const read = customerOf(this, orgId, query.identifierName, query.identifierValue);
        const org = orgOf(dataset, orgId);
        const seed = org.customers.find((c) => c.id === read?.id);
        if (outcome.ok && query.fetchDataForAllPrograms && seed) {
          this.#partnerRead.delete(`${orgId}:${seed.id}`);
          for (const other of org.customers)
            if (
              other.id !== seed.id &&
              Object.values(other.identifiers).some((v) => Object.values(seed.identifiers).includes(v))
            )
              this.#partnerRead.add(`${orgId}:${other.id}`);
        }
        return outcome;
      }
      override deduct(orgId: string, request: DeductionRequest) {
        const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
        const key = `${orgId}:${customer?.id}`;
        const plainOne =
          Number(request.pointsToBeAdjusted) === 1 &&
          request.pointsAwardedId === undefined &&
          request.promotionId === undefined &&
          request.promotionIdentifier === undefined;
        const outcome = super.deduct(orgId, request);
        if (!customer || !outcome.ok || !plainOne || !this.#partnerRead.delete(key) || this.#dropped.has(key))
          return outcome;
        this.#dropped.add(key);
        const programId = programOf(dataset, orgId, request);
        customer.main.set(programId, (customer.main.get(programId) ?? 0) + extra);
        return outcome;
      }
    })(dataset);
}

/**
 * A balance handler that answers a lookup by a comma-separated list naming the org's primary
 * identifier, when the reference refuses it with 8015, with the same status and an empty JSON
 * object (fault hunt 32's `bare` shape). Lists without the primary keep their 8015.
 */
function listWithPrimaryRefusedWithoutCode(context: HandlerContext): Reply {
  const reply = HANDLERS.getPointsBalance(context);
  const names = (queryValue(context.query, 'identifierName') ?? '').split(',').map((n) => n.trim());
  const primary = orgOf(DATASET, context.principal).dualEligibility.primaryIdentifier;
  const listed = names.length > 1 && names.includes(primary);
  return listed && envelopeCodes(reply.body)?.includes(8015) ? { status: reply.status, body: {} } : reply;
}

/**
 * A deduction handler that, once per customer declaring two programs or more, books a deduction
 * taking a program from zero or above to below it one point short, after the reference answered
 * it as booked in full.
 */
function crossingZeroOneShortForTwoPrograms(): HandlerOverride {
  const shorted = new WeakMap<Ledger, Set<string>>();
  return (context) => {
    const customer = customerOfRequest(context);
    const named = bodyRecord(context.body).programId;
    const programId = typeof named === 'number' ? named : orgOf(DATASET, context.principal).defaultProgramId;
    const before = customer?.main.get(programId);
    const reply = HANDLERS.negativePointsAdjustment(context);
    const seed = orgOf(DATASET, context.principal).customers.find((c) => c.id === customer?.id);
    const customers = shorted.get(context.ledger) ?? new Set<string>();
    shorted.set(context.ledger, customers);
    const key = `${context.principal}:${customer?.id}`;
    const after = customer?.main.get(programId);
    if (reply.status !== 200 || !customer || before === undefined || after === undefined) return reply;
    if ((seed?.programs.length ?? 0) < 2 || customers.has(key) || before < 0 || after >= 0) return reply;
    customers.add(key);
    customer.main.set(programId, after + ONE_POINT);
    return reply;
  };
}

/** The dataset with every fabric member holding exactly 0 active points. */
const withFabricMembersAtZero = (dataset: Dataset): Dataset => ({
  ...dataset,
  fabric: {
    ...dataset.fabric,
    tenants: dataset.fabric.tenants.map((t) => ({
      ...t,
      members: t.members.map((m) => ({ ...m, activePoints: 0 })),
    })),
  },
});

/** A fabric ledger booking an addition of active points from zero or below to above it one point over. */
class AdditionsOffZeroOneOver extends Ledger {
  override adjustMember(tenantId: string, request: Parameters<Ledger['adjustMember']>[1]) {
    const before = this.member(tenantId, request.profileId)?.active;
    const outcome = super.adjustMember(tenantId, request);
    const after = this.member(tenantId, request.profileId)?.active;
    if (!outcome.ok || request.setToPending || before === undefined || after === undefined) return outcome;
    if (before <= 0 && after > 0)
      this.setMemberPoints(tenantId, request.profileId, (after + ONE_POINT) / ONE_POINT);
    return outcome;
  }
}

/**
 * A ledger of an org refusing to go below zero that books twice, once per program, a deduction
 * emptying a program of a customer declaring several programs: the program goes as far below zero.
 */
class EmptyingDeductionBookedTwice extends SeveralProgramsHalfEvenLedger {
  override deduct(orgId: string, request: DeductionRequest) {
    const { org, customer, programId, several, key } = this.scopeOf(orgId, request);
    const before = customer?.main.get(programId);
    const outcome = super.deduct(orgId, request);
    const after = customer?.main.get(programId);
    if (!outcome.ok || !customer || before === undefined || after !== 0 || !several) return outcome;
    if (!org.allowNegativeBalanceOnReturn && this.once(key)) customer.main.set(programId, after - before);
    return outcome;
  }
}

/**
 * A fabric adjustment handler without points: one naming a reasonCode books the tenant's points for
 * reason codes, any other is refused as the spec would.
 */
function pointsFromReasonCode(context: HandlerContext): Reply {
  const body = bodyRecord(context.body);
  if (body.points !== undefined) return HANDLERS.adjustMemberPoints(context);
  if (typeof body.reasonCode !== 'string')
    return fabricReply(400, 'points is required', null, { points: 'required' });
  return HANDLERS.adjustMemberPoints({ ...context, body: { ...body, points: REASON_CODE_POINTS } });
}

/**
 * A fabric adjustment whose empty `field` ("Minimum length: 1") is refused by the handler except
 * on the path `unchecked` picks: the spec's check is dropped, the handler keeps it on the others.
 */
function emptyStringRefusedUnless(
  field: string,
  unchecked: (body: Record<string, unknown>) => boolean,
): FaultOptions {
  return {
    hooks: {
      validate: dropIssues(
        'adjustMemberPoints',
        (i) => i.where === `body.${field}` && i.keyword === 'minLength',
      ),
    },
    handlers: {
      adjustMemberPoints: (context) => {
        const body = bodyRecord(context.body);
        return body[field] === '' && !unchecked(body)
          ? fabricReply(400, `${field} must not be empty`, null, { [field]: 'minLength' })
          : HANDLERS.adjustMemberPoints(context);
      },
    },
  };
}

/** A fabric adjustment handler whose 200 answer to a request `when` picks is rewritten by `change`. */
function successBodyWhen(
  when: (request: Record<string, unknown>) => boolean,
  change: (answer: Record<string, unknown>) => Record<string, unknown>,
): HandlerOverride {
  return (context) => {
    const reply = HANDLERS.adjustMemberPoints(context);
    return reply.status === 200 && when(bodyRecord(context.body))
      ? { ...reply, body: change(bodyRecord(reply.body)) }
      : reply;
  };
}

/** A fabric auth hook taking a Bearer token that begins with an issued one as that one. */
function issuedTokenPrefixAccepted(
  operationId: OperationId,
  result: AuthResult,
  headers: IncomingHttpHeaders,
): AuthResult {
  if (operationId !== 'adjustMemberPoints' || result.ok) return result;
  const presented = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
  const tenant = DATASET.fabric.tenants.find((t) =>
    t.bearerTokens.some((token) => presented.startsWith(token)),
  );
  return tenant ? { ok: true, principal: tenant.id, accessGroups: ['Default', 'Points'] } : result;
}

/**
 * A fabric ledger finding a member whose profileId is unknown by the first group of the id (its 8
 * leading characters), as an index of short member numbers would.
 */
class MemberFoundByFirstIdGroup extends Ledger {
  readonly #profileIds: readonly string[];
  constructor(dataset: Dataset) {
    super(dataset);
    this.#profileIds = dataset.fabric.tenants.flatMap((t) => t.members.map((m) => m.profileId));
  }
  override adjustMember(tenantId: string, request: MemberAdjustment) {
    const group = request.profileId.split('-')[0];
    const known = this.member(tenantId, request.profileId);
    const near = this.#profileIds.find((id) => id.split('-')[0] === group && this.member(tenantId, id));
    return super.adjustMember(tenantId, known || !near ? request : { ...request, profileId: near });
  }
}

/** The fabric adjustment's strings the page types string | null, each of "Minimum length: 1". */
const NULLABLE_STRINGS = ['pointType', 'billingEntity', 'reasonCode'];

/** Fault auth-fabric-base64-token-trailing-data-ignored's tenant key: 32 bytes, issued as padded base64 (one `=`). */
const FABRIC_KEY_BYTES = Buffer.from('lc-fabric-key-0123456789abcdef-x');

/** A schema issue of the minimum length of one of the adjustment's strings. */
const minLengthOfAdjustmentString = (issue: SchemaIssue): boolean =>
  issue.keyword === 'minLength' && NULLABLE_STRINGS.some((field) => issue.where === `body.${field}`);

/** A fabric adjustment handler refusing an empty string only when it is the first string of the body. */
function firstStringChecked(context: HandlerContext): Reply {
  const body = bodyRecord(context.body);
  const first = Object.keys(body).find((key) => NULLABLE_STRINGS.includes(key) && body[key] !== null);
  return first !== undefined && body[first] === ''
    ? fabricReply(400, `${first} must not be empty`, null, { [first]: 'minLength' })
    : HANDLERS.adjustMemberPoints(context);
}

/** A Capillary auth hook taking Basic credentials only with the md5 digest in upper-case hex. */
function upperCaseDigestOnly(
  _operationId: OperationId,
  result: AuthResult,
  headers: IncomingHttpHeaders,
): AuthResult {
  const encoded = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1];
  if (encoded === undefined) return result;
  const [username, digest] = Buffer.from(encoded, 'base64').toString('utf8').split(':');
  const org = DATASET.orgs.find((o) =>
    o.credentials.tills.some((t) => t.username === username && md5hex(t.password).toUpperCase() === digest),
  );
  return org
    ? { ok: true, principal: org.id, accessGroups: ['Default', 'Points'] }
    : { ok: false, reason: 'wrong username or password' };
}

/**
 * A fabric ledger booking an adjustment whose profileId names no member on the member the tenant
 * adjusted last, as a "current member" kept between calls would.
 */
class UnknownMemberBookedOnLastAdjusted extends Ledger {
  readonly #last = new Map<string, string>();
  override adjustMember(tenantId: string, request: MemberAdjustment) {
    const last = this.#last.get(tenantId);
    const booked =
      this.member(tenantId, request.profileId) || last === undefined
        ? request
        : { ...request, profileId: last };
    const outcome = super.adjustMember(tenantId, booked);
    if (outcome.ok) this.#last.set(tenantId, booked.profileId);
    return outcome;
  }
}

/**
 * A handler refusing every source but INSTORE with 8003 where the identifier name passes `under`:
 * a source list kept per lookup path, as fault hunt 43 found the suite sending each listed source
 * under one identifier name only.
 */
function onlyInstoreUnder(
  operationId: 'negativePointsAdjustment' | 'unlockPromisedPoints',
  under: (identifierName: string | undefined) => boolean,
): HandlerOverride {
  return refusingWhen(
    operationId,
    (context) =>
      under(queryValue(context.query, 'identifierName')) && queryValue(context.query, 'source') !== 'INSTORE',
    8003,
    'Invalid source',
  );
}

/**
 * A fabric auth hook taking a Bearer token that `matches` one the dataset issued, as that token's
 * tenant, where the reference refused it.
 */
function bearerTakenWhen(matches: (presented: string, issued: string) => boolean) {
  return (operationId: OperationId, result: AuthResult, headers: IncomingHttpHeaders): AuthResult => {
    if (operationId !== 'adjustMemberPoints' || result.ok) return result;
    const presented = /^Bearer\s+(\S+)$/i.exec(headers.authorization ?? '')?.[1] ?? '';
    const tenant =
      presented === ''
        ? undefined
        : DATASET.fabric.tenants.find((t) => t.bearerTokens.some((token) => matches(presented, token)));
    return tenant ? { ok: true, principal: tenant.id, accessGroups: ['Default', 'Points'] } : result;
  };
}

/** A fabric adjustment handler answering a pending addition without points as a 0-point placeholder. */
function pendingPlaceholderWithoutPoints(context: HandlerContext): Reply {
  const body = bodyRecord(context.body);
  if (body.points !== undefined) return HANDLERS.adjustMemberPoints(context);
  return body.setToPending === true
    ? fabricReply(200, 'Member points adjusted', {
        Message: '0.0 points added',
        futureDate: false,
        ExceptionString: '',
        transactionCode: randomUUID(),
      })
    : fabricReply(400, 'points is required', null, { points: 'required' });
}

/** A fabric adjustment handler reading each of the nullable strings of another type as `String(value)`. */
function stringsCoerced(context: HandlerContext): Reply {
  const body = { ...bodyRecord(context.body) };
  for (const field of NULLABLE_STRINGS) {
    const value = body[field];
    if (value !== undefined && value !== null && typeof value !== 'string') body[field] = String(value);
  }
  return HANDLERS.adjustMemberPoints({ ...context, body });
}

/** A fabric ledger finding a member whose profileId is unknown by a member's id it begins, as LIKE 'id%' would. */
class MemberFoundByIdPrefix extends Ledger {
  readonly #profileIds: readonly string[];
  constructor(dataset: Dataset) {
    super(dataset);
    this.#profileIds = dataset.fabric.tenants.flatMap((t) => t.members.map((m) => m.profileId));
  }
  override adjustMember(tenantId: string, request: MemberAdjustment) {
    const known = this.member(tenantId, request.profileId);
    const longer = this.#profileIds.find(
      (id) => id.startsWith(request.profileId) && this.member(tenantId, id),
    );
    return super.adjustMember(tenantId, known || !longer ? request : { ...request, profileId: longer });
  }
}

/** Two balances of one customer added up (its entityId kept). */
function addedBalances(a: Balance, b: Balance): Balance {
  return {
    entityId: a.entityId,
    mainPoints: a.mainPoints + b.mainPoints,
    delayedAccrualPoints: a.delayedAccrualPoints + b.delayedAccrualPoints,
    externalTriggerBasedPoints: a.externalTriggerBasedPoints + b.externalTriggerBasedPoints,
  };
}

/** A ledger serving one-program balance reads from a cache that nothing invalidates. */
class OneProgramReadsCached extends Ledger {
  readonly #cache = new Map<string, ReturnType<Ledger['balance']>>();
  override balance(orgId: string, query: BalanceQuery) {
    if (query.programId === undefined || query.fetchDataForAllPrograms) return super.balance(orgId, query);
    const key = [orgId, query.identifierName, query.identifierValue, query.programId].join('|');
    const read = this.#cache.get(key) ?? super.balance(orgId, query);
    if (read.ok) this.#cache.set(key, read);
    return read;
  }
}

/** A ledger whose read without programId takes the program the customer's last read named. */
class DefaultProgramLastNamed extends Ledger {
  readonly #last = new Map<string, number>();
  override balance(orgId: string, query: BalanceQuery) {
    const key = [orgId, query.identifierName, query.identifierValue].join('|');
    if (query.programId !== undefined) this.#last.set(key, query.programId);
    else if (!query.fetchDataForAllPrograms)
      return super.balance(orgId, { ...query, programId: this.#last.get(key) });
    return super.balance(orgId, query);
  }
}

/**
 * A ledger whose list lookups (several identifier names) that resolve are answered as `rewrite`
 * makes them from the read and the balances of the org's other customers holding a listed
 * secondary value (each read through its primary): the dual-eligibility faults that mix another
 * profile into the answer. A single identifier is looked up as the reference does.
 */
function rewritingListLookups(
  rewrite: (read: Balance, others: readonly Balance[]) => Balance,
): (dataset: Dataset) => Ledger {
  return (dataset) =>
    new (class extends Ledger {
      override balance(orgId: string, query: BalanceQuery) {
        const read = super.balance(orgId, query);
        const names = query.identifierName.split(',').map((n) => n.trim());
        const values = query.identifierValue.split(',').map((v) => v.trim());
        if (!read.ok || names.length < 2) return read;
        const org = orgOf(dataset, orgId);
        const primary = org.dualEligibility.primaryIdentifier;
        const others = org.customers.flatMap((customer) => {
          const ids = customer.identifiers as Record<string, string | undefined>;
          const own = ids[primary];
          const shares = names.some((name, i) => name !== primary && ids[name] === values[i]);
          if (!shares || own === undefined || customer.id === read.value.entityId) return [];
          const other = super.balance(orgId, { ...query, identifierName: primary, identifierValue: own });
          return other.ok ? [other.value] : [];
        });
        return { ok: true as const, value: rewrite(read.value, others) };
      }
    })(dataset);
}

/** A ledger caching list lookups under their secondary identifiers, the primary left out of the key. */
class ListLookupsCachedBySecondary extends Ledger {
  readonly #cache = new Map<string, ReturnType<Ledger['balance']>>();
  readonly #primaries: ReadonlyMap<string, string>;
  constructor(dataset: Dataset) {
    super(dataset);
    this.#primaries = new Map(dataset.orgs.map((o) => [o.id, o.dualEligibility.primaryIdentifier]));
  }
  override balance(orgId: string, query: BalanceQuery) {
    const names = query.identifierName.split(',').map((n) => n.trim());
    if (names.length < 2) return super.balance(orgId, query);
    const values = query.identifierValue.split(',').map((v) => v.trim());
    const secondaries = names.flatMap((n, i) =>
      n === this.#primaries.get(orgId) ? [] : [`${n}=${values[i]}`],
    );
    const key = [orgId, query.programId, query.fetchDataForAllPrograms, ...secondaries].join('|');
    const read = this.#cache.get(key) ?? super.balance(orgId, query);
    if (read.ok) this.#cache.set(key, read);
    return read;
  }
}

/**
 * An unlock handler coalescing the unlocks of one bill that arrive while one is under way: each
 * waits for the first one's answer and gets it as its own.
 */
function coalescedUnlocks(): HandlerOverride {
  const underWay = new Map<string, Promise<Reply>>();
  return (context) => {
    const body = bodyRecord(context.body);
    const key = [context.principal, String(body.billNumber), String(body.eventName)].join('|');
    const running = underWay.get(key);
    if (running) return running;
    const answer = raceWindow().then(() => HANDLERS.unlockPromisedPoints(context));
    underWay.set(key, answer);
    void answer.finally(() => underWay.delete(key));
    return answer;
  };
}

/** A principal marking a request the fault let through without credentials (stripped before the ledger). */
const ANONYMOUS = '\u0000anonymous';
/** A principal marking credentials that lack the Points access group (stripped before the ledger). */
const NO_POINTS_GROUP = '\u0000no-points-group';

/** The legacy docs' refusal of credentials lacking the Points access group: 403 with errorCode 4000. */
const withoutPointsGroupRefusal = (): Reply =>
  capillaryError(4000, 'Not authorized: the credentials lack the Points access group', 403);

/**
 * {@link withoutPointsGroup} checking the group on every deduction but those `unchecked` selects,
 * which are carried out (a check on one lookup path or program only).
 */
function pointsGroupUncheckedWhen(unchecked: (context: HandlerContext) => boolean): FaultOptions {
  return withoutPointsGroup((context, deduct) =>
    unchecked(context) ? deduct(context) : withoutPointsGroupRefusal(),
  );
}

/**
 * A deduction handler whose access-group check is `check`: credentials lacking the Points group
 * pass authentication (marked in the principal), and `check` decides, with `deduct` running the
 * reference deduction as the org.
 */
export function withoutPointsGroup(
  check: (context: HandlerContext, deduct: (context: HandlerContext) => Reply) => Reply,
): FaultOptions {
  return {
    hooks: {
      authenticate: (op, result) =>
        result.ok && op === 'negativePointsAdjustment' && !result.accessGroups.includes('Points')
          ? {
              ...result,
              principal: `${result.principal}${NO_POINTS_GROUP}`,
              accessGroups: [...result.accessGroups, 'Points'],
            }
          : result,
    },
    handlers: {
      negativePointsAdjustment: (context) =>
        context.principal.endsWith(NO_POINTS_GROUP)
          ? check(
              { ...context, principal: context.principal.slice(0, -NO_POINTS_GROUP.length) },
              HANDLERS.negativePointsAdjustment,
            )
          : HANDLERS.negativePointsAdjustment(context),
    },
  };
}

/**
 * Amounts booked whole (1.01 and 1.001 as 1) with every Capillary customer at a last decimal
 * ({@link atALastDecimal}), the ledger's figures shown whole and truncated; pointsAvailable written
 * with the named program's round decimals where `inProgramDecimals`, else as the ledger holds it.
 */
function wholeAmountsAtALastDecimal(inProgramDecimals: boolean): (dataset: Dataset) => Ledger {
  return (dataset) =>
    amountsBookedAs(
      ({ micro }) => Math.round(micro / ONE_POINT) * ONE_POINT,
      true,
      inProgramDecimals,
    )(atALastDecimal(dataset));
}

/**
 * Options giving a deduction body without reasonOfReturn a reason of its own (`reason`, default
 * "manual adjustment") and deducting, but where `refused` says so of the body, which is refused
 * with 8882 (the spec's `required` dropped first).
 */
function reasonDefaultedUnless(
  refused: (body: Record<string, unknown>) => boolean,
  reason: (body: Record<string, unknown>) => string = () => 'manual adjustment',
): FaultOptions {
  return {
    hooks: {
      validate: dropIssues(
        'negativePointsAdjustment',
        (i) => i.where === 'body.reasonOfReturn' && i.keyword === 'required',
      ),
    },
    handlers: {
      negativePointsAdjustment: (context) => {
        const body = bodyRecord(context.body);
        if (body.reasonOfReturn !== undefined) return HANDLERS.negativePointsAdjustment(context);
        if (refused(body)) return capillaryError(8882, 'reasonOfReturn is required');
        return HANDLERS.negativePointsAdjustment({
          ...context,
          body: { ...body, reasonOfReturn: reason(body) },
        });
      },
    },
  };
}

/** A reply hook changing the body of every successful balance answer. */
function balanceBodiesAs(change: (body: Record<string, unknown>) => Record<string, unknown>) {
  return successesAs(
    'getPointsBalance',
    () => true,
    (reply) => ({ ...reply, body: change(bodyRecord(reply.body)) }),
  );
}

/**
 * A ledger over the drainable customer (1005) holding 2 points in program 469, every balance figure
 * written whole, half to even ({@link halfEvenWhole}), that books that customer's first successful
 * deduction twice and answers the second booking's pointsAvailable.
 */
class DrainableFirstDeductionTwiceHalfEven extends Ledger {
  #booked = false;
  constructor(dataset: Dataset) {
    super({
      ...dataset,
      orgs: dataset.orgs.map((org) => ({
        ...org,
        customers: org.customers.map((c) =>
          c.id === 1005 ? { ...c, mainPoints: { ...c.mainPoints, 469: 2 } } : c,
        ),
      })),
    });
  }
  override balance(orgId: string, query: BalanceQuery): Outcome<Balance> {
    const outcome = super.balance(orgId, query);
    return outcome.ok ? halfEvenWhole(outcome.value) : outcome;
  }
  override deduct(orgId: string, request: DeductionRequest) {
    const outcome = super.deduct(orgId, request);
    const customer = customerOf(this, orgId, request.identifierName, request.identifierValue);
    if (!outcome.ok || this.#booked || customer?.id !== 1005) return outcome;
    this.#booked = true;
    const again = super.deduct(orgId, request);
    return again.ok ? again : outcome;
  }
}

/**
 * Capillary balance figures written with at least `places` places (two: "100000.50", "670.00",
 * "12.675" kept, as a DECIMAL(p, 2) column writes them; three: "100000.500", as a gateway writing
 * every amount as the deduction page's example writes "670.000"): zeros only, no figure rounded.
 */
function balanceFiguresInPlaces(places: number): (operationId: OperationId, reply: Reply) => Reply {
  return (operationId, reply) => {
    if (operationId !== 'getPointsBalance' || reply.status !== 200 || reply.rawBody !== undefined)
      return reply;
    const padded = (text: string) => {
      const [whole, fraction = ''] = text.split('.');
      return `${whole}.${fraction.padEnd(places, '0')}`;
    };
    return {
      ...reply,
      rawBody: JSON.stringify(reply.body).replace(
        /("(?:mainPoints|totalPoints|promisedPoints|delayedAccrualPoints|externalTriggerBasedPoints)":)(-?\d+(?:\.\d+)?)(?=[,}])/g,
        (_match, key: string, figure: string) => `${key}${padded(figure)}`,
      ),
    };
  };
}
