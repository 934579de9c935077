import type { Exchange } from '../client/exchange.ts';
import type { BillFixture, OrgProfile, Profile } from '../profile/types.ts';
import type {
  BalanceReading,
  BillRole,
  CallOptions,
  CheckResult,
  Evidence,
  NamedBill,
  NamedCustomer,
  ScenarioContext,
  Verdict,
} from './types.ts';

/** The engine's side of a scenario context: the client call and the sink of check results. */
export interface ContextHost {
  readonly profile: Profile;
  readonly org: OrgProfile | undefined;
  readonly principal: string;
  readonly scenarioId: string;
  readonly seed: number;
  /** Requirement level, for turning a broken SHOULD into `warn`. */
  levelOf(requirementId: string): 'MUST' | 'SHOULD';
  /** When set, every failure of this scenario is reported as `warn` with this note. */
  readonly warnOnly: string | undefined;
  call(operationId: string, options: CallOptions): Promise<Exchange>;
  record(result: CheckResult): void;
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

/** Parses a Capillary amount (number or numeric string). */
export function toAmount(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value);
  return undefined;
}

/** Points compare equal when they differ by less than the smallest decimal any program uses. */
export const samePoints = (a: number | undefined, b: number | undefined) =>
  a !== undefined && b !== undefined && Math.abs(a - b) < 1e-6;

const statusOf = (exchange: Exchange) => exchange.response?.status;
/** Whether the target answered with a 2xx (an unanswered request did not succeed). */
export const succeeded = (exchange: Exchange) => {
  const status = statusOf(exchange);
  return status !== undefined && status >= 200 && status < 300;
};
/** An answer in one line for evidence: status and the start of the body, or why there was none. */
export const describeAnswer = (exchange: Exchange) =>
  exchange.response
    ? `${exchange.response.status} ${exchange.response.bodyText.slice(0, 200)}`
    : `no response (${exchange.error?.code ?? 'error'})`;

/** Error codes in a Capillary envelope. */
export const errorCodesOf = (exchange: Exchange): number[] => {
  const errors = (exchange.response?.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors)
    ? errors
        .map((e) => (e as { code?: unknown } | null)?.code)
        .filter((c): c is number => typeof c === 'number')
    : [];
};

/** Builds the context a scenario's `run` receives. */
export function createScenarioContext(host: ContextHost): ScenarioContext {
  const { profile, org } = host;
  const customers = org?.fixtures.customers ?? {};
  const named = (key: string): NamedCustomer => {
    const fixture = customers[key];
    if (!fixture) throw new ScenarioSkip(`profile names customer "${key}" but does not declare it`);
    const primaryIdentifier = org?.config.dualEligibility?.primaryIdentifier;
    return { ...fixture, key, ...(primaryIdentifier ? { primaryIdentifier } : {}) };
  };
  const rejectedStatus = (status: number | undefined) =>
    status !== undefined &&
    (profile.apiErrorStatus === 'any-4xx'
      ? status >= 400 && status < 500
      : status === profile.apiErrorStatus);

  const verify = (requirementId: string, passed: boolean, evidence: Evidence): boolean => {
    let verdict: Verdict = 'pass';
    let message = `${evidence.expected}`;
    const unanswered = (evidence.exchanges ?? []).find((e) => !e.response);
    if (!passed && unanswered) {
      // Like GEN-NO-5XX: a request that got no answer shows nothing about the rule; it cannot be judged.
      verdict = 'error';
      message = `cannot judge: ${describeAnswer(unanswered)}; expected ${evidence.expected}`;
    } else if (!passed) {
      const note = host.warnOnly ?? evidence.inferred;
      verdict = note || host.levelOf(requirementId) === 'SHOULD' ? 'warn' : 'fail';
      message = note ? `${note}: expected ${evidence.expected}` : `expected ${evidence.expected}`;
    }
    host.record({
      requirementId,
      checkId: host.scenarioId,
      principal: host.principal,
      verdict,
      message,
      expected: evidence.expected,
      actual: evidence.actual,
      exchangeIds: (evidence.exchanges ?? []).map((e) => e.id),
    });
    return passed;
  };

  const context: ScenarioContext = {
    profile,
    org,
    seed: host.seed,
    call: (operationId, options = {}) => host.call(operationId, options),

    async balance(customer, options = {}) {
      const [name, value] = lookupIdentifier(customer, BALANCE_IDENTIFIERS);
      const exchange = await host.call('getPointsBalance', {
        query: {
          identifierName: name,
          identifierValue: value,
          source: 'INSTORE',
          ...(options.programId === undefined ? {} : { programId: String(options.programId) }),
          ...(options.fetchDataForAllPrograms === undefined
            ? {}
            : { fetchDataForAllPrograms: String(options.fetchDataForAllPrograms) }),
        },
      });
      return readBalance(exchange);
    },

    async memberPoints(profileId) {
      const exchange = await host.call('inquireMemberPoints', { pathParams: { profileId } });
      const data = (exchange.response?.body as { data?: unknown } | undefined)?.data;
      const first = Array.isArray(data) ? (data[0] as Record<string, unknown> | undefined) : undefined;
      const available = toAmount(
        (first?.pointsBalance as Record<string, unknown> | undefined)?.memberPointsAvailable,
      );
      if (statusOf(exchange) !== 200 || available === undefined) {
        throw new ScenarioError(`cannot read member points of ${profileId}: ${describeAnswer(exchange)}`, [
          exchange,
        ]);
      }
      return { exchange, available, total: toAmount(first?.totalPoints) };
    },

    customer(role) {
      const key = org?.fixtures.roles[role];
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

    expectErrorCode(requirementId, exchange, code) {
      const status = statusOf(exchange);
      const codes = errorCodesOf(exchange);
      return verify(requirementId, rejectedStatus(status) && codes.includes(code), {
        expected: `${profile.apiErrorStatus === 'any-4xx' ? 'a 4xx' : profile.apiErrorStatus} with error code ${code}`,
        actual: exchange.response
          ? `${status} with ${codes.length ? `code ${codes.join(', ')}` : 'no error code'}`
          : describeAnswer(exchange),
        exchanges: [exchange],
      });
    },

    expectRejected(requirementId, exchange, inferred) {
      const status = statusOf(exchange);
      return verify(requirementId, rejectedStatus(status), {
        expected:
          profile.apiErrorStatus === 'any-4xx' ? 'a 4xx rejection' : `status ${profile.apiErrorStatus}`,
        actual: describeAnswer(exchange),
        exchanges: [exchange],
        ...(inferred ? { inferred } : {}),
      });
    },

    expectSuccess(requirementId, exchange) {
      return verify(requirementId, succeeded(exchange), {
        expected: 'a 2xx answer',
        actual: describeAnswer(exchange),
        exchanges: [exchange],
      });
    },

    skip(reason): never {
      throw new ScenarioSkip(reason);
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
 * primary identifier first (dual eligibility answers 8015 to a lone secondary), then mobile.
 */
export function lookupIdentifier(
  customer: NamedCustomer,
  accepted: readonly string[],
  prefer = customer.primaryIdentifier,
): [string, string] {
  const order = [prefer, ...accepted].filter(
    (n): n is string => Boolean(n) && accepted.includes(n as string),
  );
  for (const name of order) {
    const value = customer.identifiers[name as keyof NamedCustomer['identifiers']];
    if (value) return [name, value];
  }
  throw new ScenarioSkip(`customer "${customer.key}" has no usable identifier`);
}

/** Parses a balance answer; a failed read is an `error` of the scenario, not a verdict on the rule. */
export function readBalance(exchange: Exchange): BalanceReading {
  const body = exchange.response?.body as Record<string, unknown> | undefined;
  const main = toAmount(body?.mainPoints);
  const total = toAmount(body?.totalPoints);
  if (statusOf(exchange) !== 200 || main === undefined || total === undefined) {
    throw new ScenarioError(`cannot read the balance: ${describeAnswer(exchange)}`, [exchange]);
  }
  const breakup = body?.promisedPointsBreakup as Record<string, unknown> | undefined;
  return {
    exchange,
    entityId: body?.entityId,
    mainPoints: main,
    totalPoints: total,
    promisedPoints: toAmount(body?.promisedPoints),
    delayedAccrualPoints: toAmount(breakup?.delayedAccrualPoints),
    externalTriggerBasedPoints: toAmount(breakup?.externalTriggerBasedPoints),
  };
}

/**
 * The bill of a role: the profile's bill of that name (`bills.billWhole`), else by shape: the
 * first bill with line items, then the next bills in declaration order.
 */
function chooseBill(org: OrgProfile | undefined, role: BillRole): [string, BillFixture] | undefined {
  const bills = Object.entries(org?.fixtures.bills ?? {});
  const named = bills.find(([key]) => key === role);
  if (named) return named;
  const withItems = bills.find(([, b]) => (b.lineItemIds?.length ?? 0) > 0 || (b.itemCodes?.length ?? 0) > 0);
  const others = bills.filter((entry) => entry !== withItems);
  if (role === 'billWithLineItems') return withItems;
  return role === 'billWhole' ? others[0] : others[1];
}
