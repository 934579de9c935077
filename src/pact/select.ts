import type { Catalogue } from '../catalogue/catalogue.ts';
import type { Exchange, RecordedExchange } from '../client/exchange.ts';
import { REDACTED } from '../client/index.ts';
import { errorCodesOf, memberPointsOf, toAmount, unlockLinesOf } from '../engine/context.ts';
import type { CallOptions, Verdict } from '../engine/types.ts';
import { dualPrimaryOf } from '../profile/dual-eligibility.ts';
import type { OrgProfile, Profile } from '../profile/types.ts';
import type { PactState, PriorUnlock } from './states.ts';

/**
 * From the exchanges of a conformance run to a small, representative set of contract
 * interactions: which exchanges may become one, one per principal × operation × status × error
 * code × auth mode (the one citing the most requirements, above all one about the very error code
 * it answered), the requirements each evidences, and the provider states that held before it
 * (balances followed through the run's own answers).
 */

/** One call a scenario made, as the engine reported it (`RunEvents.onExchange`). */
export interface RecordedCall {
  readonly exchange: RecordedExchange;
  readonly scenarioId: string;
  readonly principal: string;
  readonly call: CallOptions;
  /**
   * Whether another call of the same scenario run was in flight during this one, as the engine
   * saw it; when absent, judged from the recorded times.
   */
  readonly concurrent?: boolean;
}

/** Which credentials an interaction is sent with (the verifier injects the target's). */
export type AuthMode = 'default' | 'alternate' | 'restricted' | 'none';

/** What selection needs besides the calls. */
export interface SelectionInput {
  readonly calls: readonly RecordedCall[];
  /** Requirement IDs whose scenario checks cite an exchange, by exchange ID. */
  readonly citations: ReadonlyMap<number, ReadonlySet<string>>;
  /** Verdict of each scenario run, by `scenarioId@principal`. */
  readonly verdicts: ReadonlyMap<string, Verdict>;
  /** The requirement IDs each scenario declares. */
  readonly scenarioRequirements: ReadonlyMap<string, readonly string[]>;
  readonly catalogue: Catalogue;
  readonly profile: Profile;
}

/** A call chosen to become an interaction. */
export interface SelectedCall extends RecordedCall {
  readonly auth: AuthMode;
  /** Capillary error codes of the answer (empty for a success or a fabric answer). */
  readonly errorCodes: readonly number[];
  /** Requirement IDs the interaction evidences (at least one). */
  readonly requirements: readonly string[];
  /** The provider states that held just before the call. */
  readonly states: readonly PactState[];
}

/** Operations that never become interactions: the token request carries credentials. */
const EXCLUDED_OPERATIONS: ReadonlySet<string> = new Set(['generateOAuthToken']);

/**
 * Selects the representative calls, in a stable order (family, principal, operation, status, error
 * codes, credentials), each the same on every run of the same scenarios against the same target.
 */
export function selectCalls(input: SelectionInput): SelectedCall[] {
  const ordered = [...input.calls].sort((a, b) => a.exchange.id - b.exchange.id);
  const overlapping = concurrentExchanges(ordered);
  const tracker = new FixtureTracker(input.profile);
  const ordinals = ordinalsInRun(ordered);
  const best = new Map<string, SelectedCall>();
  for (const recorded of ordered) {
    const states = tracker.statesBefore(recorded);
    tracker.apply(recorded);
    const auth = authMode(recorded.call);
    if (!auth || !eligible(recorded, input.verdicts) || overlapping.has(recorded.exchange.id)) continue;
    const errorCodes = errorCodesOf(recorded.exchange);
    const requirements = requirementsOf(recorded, input);
    if (requirements.length === 0) continue;
    const key = [
      recorded.principal,
      recorded.exchange.operationId,
      recorded.exchange.response?.status,
      errorCodes.join(','),
      auth,
    ].join('|');
    const candidate: SelectedCall = { ...recorded, auth, errorCodes, requirements, states };
    const current = best.get(key);
    if (!current || better(candidate, current, input.catalogue, ordinals)) best.set(key, candidate);
  }
  return [...best.values()].sort(
    (a, b) =>
      compareText(a.exchange.family, b.exchange.family) ||
      compareText(a.principal, b.principal) ||
      compareText(a.exchange.operationId ?? '', b.exchange.operationId ?? '') ||
      (a.exchange.response?.status ?? 0) - (b.exchange.response?.status ?? 0) ||
      compareText(a.errorCodes.join(','), b.errorCodes.join(',')) ||
      compareText(a.auth, b.auth) ||
      compareText(a.scenarioId, b.scenarioId),
  );
}

/** Code-unit order: the same on every machine and locale. */
const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Each call's position among the calls of its scenario run. Exchange IDs say in which order the
 * engine sent calls across scenarios running in parallel, which varies from run to run; a call's
 * place in its own scenario run does not (unless it ran in parallel with its siblings).
 */
function ordinalsInRun(ordered: readonly RecordedCall[]): Map<number, number> {
  const counts = new Map<string, number>();
  const ordinals = new Map<number, number>();
  for (const c of ordered) {
    const run = `${c.scenarioId}@${c.principal}`;
    const n = counts.get(run) ?? 0;
    ordinals.set(c.exchange.id, n);
    counts.set(run, n + 1);
  }
  return ordinals;
}

/**
 * Whether a candidate represents its group better than the current choice: a higher score, else
 * (for a choice that is the same on every export, whatever the scheduling) the scenario first in
 * order, then, within a scenario run, the request first in order of its text when either call ran
 * in parallel with others, else the earlier call.
 */
function better(
  candidate: SelectedCall,
  current: SelectedCall,
  catalogue: Catalogue,
  ordinals: ReadonlyMap<number, number>,
): boolean {
  const scores = score(candidate, catalogue) - score(current, catalogue);
  if (scores !== 0) return scores > 0;
  const scenarios = compareText(candidate.scenarioId, current.scenarioId);
  if (scenarios !== 0) return scenarios < 0;
  if (candidate.concurrent || current.concurrent) {
    const texts = compareText(requestText(candidate), requestText(current));
    if (texts !== 0) return texts < 0;
  }
  return (ordinals.get(candidate.exchange.id) ?? 0) < (ordinals.get(current.exchange.id) ?? 0);
}

const requestText = (c: RecordedCall) =>
  `${c.exchange.request.method} ${c.exchange.request.url} ${JSON.stringify(c.exchange.request.body ?? null)}`;

/**
 * How well a call represents its group: the requirements it evidences, and above all a
 * requirement about the very error code it answered (8907 from the 8907 scenario rather than
 * from a concurrency run that happened to hit it).
 */
function score(selected: SelectedCall, catalogue: Catalogue): number {
  const aboutItsCode = selected.requirements.filter((id) => {
    const code = catalogue.requirements.find((r) => r.id === id)?.errorCode;
    return code !== undefined && selected.errorCodes.includes(code);
  }).length;
  return selected.requirements.length + 10 * aboutItsCode;
}

function authMode(call: CallOptions): AuthMode | undefined {
  const auth = call.auth ?? 'default';
  // Explicit headers are wrong credentials sent on purpose: a contract cannot hold them.
  return typeof auth === 'object' ? undefined : auth;
}

function eligible(recorded: RecordedCall, verdicts: ReadonlyMap<string, Verdict>): boolean {
  const { exchange, call } = recorded;
  const response = exchange.response;
  if (!response || response.truncated || response.status >= 500) return false;
  if (!exchange.operationId || EXCLUDED_OPERATIONS.has(exchange.operationId)) return false;
  if (call.rawBody !== undefined) return false;
  // A contract must hold no secret; the recorded request has them redacted, so it would not replay.
  if (`${exchange.request.url}${JSON.stringify(exchange.request.body ?? null)}`.includes(REDACTED))
    return false;
  // Only what a conformant run showed: a failing scenario's exchanges may show the target's bug.
  const verdict = verdicts.get(`${recorded.scenarioId}@${recorded.principal}`);
  return verdict === 'pass' || verdict === 'warn';
}

/**
 * Exchanges that overlapped in time with a state change of the same scenario run (parallel
 * deductions): the state before them is not well defined, so they never become interactions.
 * Reads or rejected calls overlapping each other (parallel 401 probes) stay eligible.
 */
function concurrentExchanges(calls: readonly RecordedCall[]): Set<number> {
  const result = new Set<number>();
  const byRun = new Map<string, RecordedCall[]>();
  for (const c of calls) {
    const key = `${c.scenarioId}@${c.principal}`;
    byRun.set(key, [...(byRun.get(key) ?? []), c]);
  }
  const changesState = (e: Exchange) =>
    e.request.method !== 'GET' &&
    (e.response === undefined || (e.response.status >= 200 && e.response.status < 300));
  for (const list of byRun.values()) {
    // The engine's own account, where it gave one: millisecond start times make two calls made
    // one after the other within a millisecond look simultaneous.
    if (list.every((c) => c.concurrent !== undefined)) {
      const stateChanging = list.filter((c) => c.concurrent && changesState(c.exchange)).length > 0;
      for (const c of list)
        if (c.concurrent && (stateChanging || changesState(c.exchange))) result.add(c.exchange.id);
      continue;
    }
    const spans = list.map(({ exchange }) => {
      const start = Date.parse(exchange.startedAt);
      return { exchange, start, end: start + exchange.durationMs };
    });
    for (const a of spans) {
      for (const b of spans) {
        const overlap = a.exchange.id !== b.exchange.id && a.start < b.end && b.start < a.end;
        if (overlap && (changesState(a.exchange) || changesState(b.exchange))) result.add(a.exchange.id);
      }
    }
  }
  return result;
}

/**
 * The requirements an exchange evidences: those whose scenario checks cite it, limited to the
 * requirements of its operation; else the scenario's requirements of that operation.
 */
function requirementsOf(recorded: RecordedCall, input: SelectionInput): string[] {
  const operationId = recorded.exchange.operationId ?? '';
  const ofOperation = (id: string) =>
    input.catalogue.requirements.find((r) => r.id === id)?.operations.includes(operationId);
  const cited = [...(input.citations.get(recorded.exchange.id) ?? [])].filter(ofOperation);
  if (cited.length > 0) return cited.sort();
  return (input.scenarioRequirements.get(recorded.scenarioId) ?? []).filter(ofOperation);
}

// --- the fixtures' state through the run ---

/** The parts of a recorded request the state tracking reads. */
export interface RequestView {
  readonly query: URLSearchParams;
  readonly body: Record<string, unknown> | undefined;
}

/** The query and JSON body of a recorded request. */
export function requestView(exchange: Exchange): RequestView {
  const body = exchange.request.body;
  return {
    query: new URL(exchange.request.url).searchParams,
    body:
      typeof body === 'object' && body !== null && !Array.isArray(body)
        ? (body as Record<string, unknown>)
        : undefined,
  };
}

/** The fixture customers a request names by its identifiers, the one it acts on first. */
export function customersNamed(view: RequestView, org: OrgProfile): string[] {
  const names = (view.query.get('identifierName') ?? '').split(',');
  const values = (view.query.get('identifierValue') ?? '').split(',');
  const primary = dualPrimaryOf(org);
  const found: { key: string; primary: boolean }[] = [];
  names.forEach((name, index) => {
    const value = values[index];
    if (!name || !value) return;
    const match = Object.entries(org.fixtures.customers).find(
      ([, c]) => c.identifiers[name as keyof typeof c.identifiers] === value,
    );
    if (match && !found.some((f) => f.key === match[0]))
      found.push({ key: match[0], primary: name === primary });
  });
  return found.sort((a, b) => Number(b.primary) - Number(a.primary)).map((f) => f.key);
}

/** The bill fixture a request's `billNumber` names. */
export function billNamed(view: RequestView, org: OrgProfile): string | undefined {
  const billNumber = view.body?.billNumber;
  if (billNumber === undefined) return undefined;
  return Object.entries(org.fixtures.bills ?? {}).find(([, b]) => b.billNumber === String(billNumber))?.[0];
}

/** The fabric member fixture a request names (body `profileId` or the path's). */
export function memberNamed(recorded: RecordedCall, profile: Profile): string | undefined {
  const profileId = requestView(recorded.exchange).body?.profileId ?? recorded.call.pathParams?.profileId;
  const fixtures = (profile.fabric?.fixtures ?? {}) as Record<string, { profileId: string } | undefined>;
  return Object.entries(fixtures).find(([, m]) => m?.profileId === profileId)?.[0];
}

/**
 * Follows the fixtures' state through the run from the target's own answers: balances read or
 * returned (`mainPoints`, `pointsAvailable`, unlocked points, `memberPointsAvailable`) and bills
 * unlocked, so that each interaction's states say what held just before it.
 */
class FixtureTracker {
  readonly #balances = new Map<string, number>();
  readonly #unlocks = new Map<string, PriorUnlock[]>();
  readonly #members = new Map<string, number>();

  constructor(readonly profile: Profile) {}

  #org(principal: string): OrgProfile | undefined {
    return this.profile.capillary?.orgs.find((o) => o.id === principal);
  }

  #program(org: OrgProfile, value: unknown): number | undefined {
    const id =
      value === undefined || value === null || value === '' ? org.config.defaultProgramId : Number(value);
    return Number.isInteger(id) ? id : undefined;
  }

  statesBefore(recorded: RecordedCall): PactState[] {
    const { exchange, principal } = recorded;
    if (exchange.family === 'fabric') {
      const member = memberNamed(recorded, this.profile);
      if (!member) return [{ kind: 'fabric' }];
      const points = this.#members.get(member);
      if (exchange.operationId !== 'adjustMemberPoints' || points === undefined)
        return [{ kind: 'member', member }];
      // A deduction that went through needs the points it took.
      const adjusted = toAmount(requestView(exchange).body?.points);
      const ok = (exchange.response?.status ?? 0) < 300;
      const requires =
        ok && adjusted !== undefined && adjusted < 0 ? { requires: { atLeast: -adjusted } } : {};
      return [{ kind: 'member-points', member, points, ...requires }];
    }
    const org = this.#org(principal);
    if (!org) return [];
    const view = requestView(exchange);
    const states: PactState[] = [
      { kind: 'org', org: org.id, negativeBalanceOnReturn: org.config.negativeBalanceOnReturn },
    ];
    const program = this.#program(org, view.body?.programId);
    customersNamed(view, org).forEach((customer, index) => {
      const points =
        program === undefined ? undefined : this.#balances.get(`${org.id}|${customer}|${program}`);
      if (
        index === 0 &&
        exchange.operationId === 'negativePointsAdjustment' &&
        points !== undefined &&
        program !== undefined
      ) {
        const needs = deductionNeeds(exchange, org);
        states.push({
          kind: 'customer-balance',
          org: org.id,
          customer,
          points,
          programId: program,
          ...needs,
        });
      } else {
        states.push({ kind: 'customer', org: org.id, customer });
      }
    });
    const bill = billNamed(view, org);
    if (bill) {
      const unlocks = this.#unlocks.get(`${org.id}|${bill}`);
      states.push(
        unlocks ? { kind: 'bill-unlocked', org: org.id, bill, unlocks } : { kind: 'bill', org: org.id, bill },
      );
    }
    return states;
  }

  apply(recorded: RecordedCall): void {
    const { exchange, principal } = recorded;
    const response = exchange.response;
    if (response?.status !== 200) return;
    const body = response.body as Record<string, unknown> | undefined;
    const view = requestView(exchange);
    if (exchange.family === 'fabric') {
      const member = memberNamed(recorded, this.profile);
      if (!member) return;
      if (exchange.operationId === 'inquireMemberPoints') {
        // Read as the suites read it: the sum over the inquiry's data[] entries.
        const available = memberPointsOf(exchange)?.available;
        if (available !== undefined) this.#members.set(member, available);
      } else if (exchange.operationId === 'adjustMemberPoints') {
        const known = this.#members.get(member);
        const points = toAmount(view.body?.points);
        if (known !== undefined && points !== undefined && view.body?.setToPending !== true) {
          this.#members.set(member, roundPoints(known + points));
        }
      }
      return;
    }
    const org = this.#org(principal);
    const customer = org ? customersNamed(view, org)[0] : undefined;
    if (!org || !customer) return;
    const set = (program: number | undefined, points: number | undefined) => {
      if (program !== undefined && points !== undefined)
        this.#balances.set(`${org.id}|${customer}|${program}`, points);
    };
    switch (exchange.operationId) {
      case 'getPointsBalance':
        if (view.query.get('fetchDataForAllPrograms') !== 'true') {
          set(this.#program(org, view.query.get('programId') ?? undefined), toAmount(body?.mainPoints));
        }
        break;
      case 'negativePointsAdjustment':
        set(this.#program(org, view.body?.programId), toAmount(body?.pointsAvailable));
        break;
      case 'unlockPromisedPoints': {
        if (view.query.get('type') === 'USERGROUP2') break;
        const bill = billNamed(view, org);
        if (bill) {
          const filter: PriorUnlock = {
            ...(Array.isArray(view.body?.lineItemIds)
              ? { lineItemIds: view.body.lineItemIds as number[] }
              : {}),
            ...(Array.isArray(view.body?.itemCodes) ? { itemCodes: view.body.itemCodes as string[] } : {}),
          };
          this.#unlocks.set(`${org.id}|${bill}`, [...(this.#unlocks.get(`${org.id}|${bill}`) ?? []), filter]);
        }
        const lines = unlockLinesOf(body) ?? [];
        for (const line of lines) {
          const program = Number(line.programId);
          const key = `${org.id}|${customer}|${program}`;
          const known = this.#balances.get(key);
          const unlocked = toAmount(line.pointsUnlocked);
          if (known !== undefined && unlocked !== undefined)
            this.#balances.set(key, roundPoints(known + unlocked));
        }
        break;
      }
    }
  }
}

/**
 * What a deduction needed of the balance to answer as it did: success with negative balances off
 * needs at least the amount; 8907 needs less than it. Other answers do not depend on the balance.
 */
function deductionNeeds(
  exchange: Exchange,
  org: OrgProfile,
): { requires?: { atLeast?: number; below?: number } } {
  const amount = toAmount(requestView(exchange).body?.pointsToBeAdjusted);
  const status = exchange.response?.status ?? 0;
  if (amount === undefined) return {};
  if (status >= 200 && status < 300 && org.config.negativeBalanceOnReturn === 'off')
    return { requires: { atLeast: amount } };
  if (errorCodesOf(exchange).includes(8907)) return { requires: { below: amount } };
  return {};
}

/** Sums of decimal amounts rounded to the ledger's precision (0.1 + 0.2 is 0.3 points). */
const roundPoints = (points: number) => Math.round(points * 1e6) / 1e6;
