import { formatFixed, LEDGER_DECIMALS, type Micro, parseAmount, toMicro } from './amount.ts';
import type { Dataset, IdentifierType, OrgSeed, PromisedSeed } from './dataset.ts';
import { UNMAPPED_VALIDATION_CODE } from './schema-errors.ts';

/**
 * The reference provider's in-memory ledger: one per server, rebuilt from the dataset on reset.
 *
 * Every mutating method is synchronous: Node runs it to completion before the next request's
 * handler, so a balance check and its update can never interleave with another deduction.
 */

/** A Capillary API error: the documented code and a message in the vendor's wording. */
export interface ApiError {
  ok: false;
  code: number;
  message: string;
}
/** The result of a ledger operation. */
export type Outcome<T> = { ok: true; value: T } | ApiError;

const fail = (code: number, message: string): ApiError => ({ ok: false, code, message });

interface PromisedEntry extends Omit<PromisedSeed, 'points'> {
  billNumber: string;
  eventName: string;
  eventLogId: number;
  points: Micro;
  unlocked: boolean;
}

interface Customer {
  id: number;
  identifiers: Map<IdentifierType, string>;
  programs: Set<number>;
  main: Map<number, Micro>;
  pointsAwards: Set<number>;
  promised: PromisedEntry[];
}

interface Org {
  seed: OrgSeed;
  programs: Map<number, { id: number; roundDecimals: number }>;
  customers: Customer[];
  userGroups: Map<number, number>;
}

interface FabricMember {
  profileId: string;
  active: Micro;
  pending: Micro;
  earned: Micro;
  deducted: Micro;
}

/** A deduction request, already schema-valid. */
export interface DeductionRequest {
  identifierName: string;
  identifierValue: string;
  pointsToBeAdjusted: number | string;
  programId?: number;
  promotionId?: number;
  promotionIdentifier?: string;
  pointsAwardedId?: number;
}

/** An unlock request, already schema-valid. */
export interface UnlockRequest {
  identifierName: string;
  identifierValue: string;
  type: 'CUSTOMER' | 'USERGROUP2';
  billNumber: string;
  eventName: string;
  eventLogIds: number[];
  lineItemIds?: number[];
  itemCodes?: string[];
}

/** One line of an unlock response. */
export interface UnlockedLine {
  billNumber?: string;
  itemCode?: string;
  pointsUnlocked: string;
  programId: number;
  promotionIdentifier?: string;
  promotionId?: number;
  promotionName?: string;
}

/** A balance, already aggregated over the programs asked for. */
export interface Balance {
  entityId: number;
  mainPoints: Micro;
  delayedAccrualPoints: Micro;
  externalTriggerBasedPoints: Micro;
}

function buildOrg(seed: OrgSeed): Org {
  const customers = seed.customers.map<Customer>((c) => {
    const identifiers = new Map<IdentifierType, string>([['id', String(c.id)]]);
    for (const [name, value] of Object.entries(c.identifiers)) identifiers.set(name as IdentifierType, value);
    const promised: PromisedEntry[] = [];
    for (const bill of c.bills ?? []) {
      for (const entry of bill.promised) {
        promised.push({
          ...entry,
          billNumber: bill.billNumber,
          eventName: bill.eventName,
          eventLogId: bill.eventLogId,
          points: toMicro(entry.points),
          unlocked: false,
        });
      }
    }
    return {
      id: c.id,
      identifiers,
      programs: new Set(c.programs),
      main: new Map(Object.entries(c.mainPoints).map(([p, v]) => [Number(p), toMicro(v)])),
      pointsAwards: new Set(c.pointsAwards ?? []),
      promised,
    };
  });
  return {
    seed,
    programs: new Map(seed.programs.map((p) => [p.id, { id: p.id, roundDecimals: p.roundDecimals }])),
    customers,
    userGroups: new Map((seed.userGroups ?? []).map((g) => [g.id, g.primaryCustomerId])),
  };
}

/** Capillary orgs and fabric tenants, with every documented rule of the four endpoints. */
export class Ledger {
  readonly #orgs = new Map<string, Org>();
  readonly #members = new Map<string, Map<string, FabricMember>>();

  constructor(dataset: Dataset) {
    for (const seed of dataset.orgs) this.#orgs.set(seed.id, buildOrg(seed));
    for (const tenant of dataset.fabric.tenants) {
      const members = new Map<string, FabricMember>();
      for (const m of tenant.members) {
        const active = toMicro(m.activePoints);
        members.set(m.profileId, {
          profileId: m.profileId,
          active,
          pending: toMicro(m.pendingPoints),
          earned: Math.max(active, 0),
          deducted: 0,
        });
      }
      this.#members.set(tenant.id, members);
    }
  }

  #org(orgId: string): Org {
    const org = this.#orgs.get(orgId);
    if (!org) throw new Error(`unknown org ${orgId}`);
    return org;
  }

  /** Finds the one customer whose identifier of that type has that value; ambiguity is "not found". */
  #findCustomer(org: Org, name: string, value: string): Customer | undefined {
    const matches = org.customers.filter((c) => c.identifiers.get(name as IdentifierType) === value);
    return matches.length === 1 ? matches[0] : undefined;
  }

  /**
   * Dual-eligibility lookup for the balance endpoint: several comma-separated identifiers resolve
   * through the org's primary identifier; a single non-primary identifier, or a list without the
   * primary, is 8015.
   */
  resolveLookup(orgId: string, identifierName: string, identifierValue: string): Outcome<Customer> {
    const org = this.#org(orgId);
    const notFound = fail(8015, 'Customer not found for the given identifiers');
    const names = identifierName.split(',').map((n) => n.trim());
    const values = identifierValue.split(',').map((v) => v.trim());
    if (names.length !== values.length) return notFound;
    const { enabled, primaryIdentifier } = org.seed.dualEligibility;
    if (!enabled) {
      if (names.length !== 1) return notFound;
      const customer = this.#findCustomer(org, names[0]!, values[0]!);
      return customer ? { ok: true, value: customer } : notFound;
    }
    const index = names.indexOf(primaryIdentifier);
    if (index < 0) return notFound;
    const customer = this.#findCustomer(org, primaryIdentifier, values[index]!);
    return customer ? { ok: true, value: customer } : notFound;
  }

  /** negativePointsAdjustment: checks in the order a request is judged, then deducts atomically. */
  deduct(orgId: string, request: DeductionRequest): Outcome<{ pointsAvailable: string }> {
    const org = this.#org(orgId);
    const customer = this.#findCustomer(org, request.identifierName, request.identifierValue);
    if (!customer) return fail(8015, 'Customer not found for the given identifiers');
    const programId = request.programId ?? org.seed.defaultProgramId;
    const program = org.programs.get(programId);
    if (!program || !customer.programs.has(programId)) {
      return fail(1218, `customer is not enrolled in programId: ${programId}`);
    }
    if (request.promotionId !== undefined || request.promotionIdentifier !== undefined) {
      const promotion = (org.seed.promotions ?? []).find((p) =>
        request.promotionId !== undefined
          ? p.id === request.promotionId
          : p.identifier === request.promotionIdentifier && p.programId === programId,
      );
      if (!promotion) return fail(8874, 'invalid promotion id');
    }
    if (request.pointsAwardedId !== undefined && !customer.pointsAwards.has(request.pointsAwardedId)) {
      return fail(8877, 'invalid pointsAwardedId');
    }
    const amount = parseAmount(request.pointsToBeAdjusted);
    // The schema admits only positive amounts, so what fails to parse here is beyond the ledger's
    // exact range; no document gives a code for that (UNMAPPED_VALIDATION_CODE: any 4xx).
    if (!amount)
      return fail(UNMAPPED_VALIDATION_CODE, 'points to be adjusted exceed the largest amount allowed');
    if (amount.decimalPlaces > program.roundDecimals) {
      return fail(
        8906,
        `decimal places passed: ${amount.decimalPlaces} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${programId}`,
      );
    }
    if (amount.micro <= 0) return fail(8888, 'points to be adjusted cannot be zero or negative');
    const available = customer.main.get(programId) ?? 0;
    if (amount.micro > available && !org.seed.allowNegativeBalanceOnReturn) {
      return fail(
        8907,
        `points to be deducted ${formatFixed(amount.micro, Math.min(amount.decimalPlaces, LEDGER_DECIMALS))} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    }
    const after = available - amount.micro;
    customer.main.set(programId, after);
    return { ok: true, value: { pointsAvailable: formatFixed(after, Math.max(3, program.roundDecimals)) } };
  }

  /** unlockPromisedPoints: moves the selected promised entries to main points, each at most once. */
  unlock(orgId: string, request: UnlockRequest): Outcome<UnlockedLine[]> {
    const org = this.#org(orgId);
    let customer: Customer | undefined;
    if (request.type === 'USERGROUP2') {
      const primaryId =
        request.identifierName === 'id' ? org.userGroups.get(Number(request.identifierValue)) : undefined;
      if (primaryId === undefined) return fail(1645, 'Group details passed are not valid.');
      customer = org.customers.find((c) => c.id === primaryId);
    } else {
      customer = this.#findCustomer(org, request.identifierName, request.identifierValue);
    }
    if (!customer) return fail(8015, 'Customer not found for the given identifiers');
    const ofBill = customer.promised.filter((e) => e.billNumber === request.billNumber);
    if (ofBill.length === 0) return fail(82323277, 'No bill found for given bill number.');
    if (!ofBill.some((e) => e.eventName === request.eventName))
      return fail(82323272, 'Event name not found.');
    if (
      request.eventLogIds.length > 0 &&
      !request.eventLogIds.every((id) => ofBill.some((e) => e.eventLogId === id))
    ) {
      return fail(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
    }
    const filtered = request.lineItemIds?.length || request.itemCodes?.length;
    const selected = ofBill.filter(
      (e) =>
        !e.unlocked &&
        e.eventName === request.eventName &&
        (!filtered ||
          (e.lineItemId !== undefined && request.lineItemIds?.includes(e.lineItemId)) ||
          (e.itemCode !== undefined && request.itemCodes?.includes(e.itemCode))),
    );
    if (selected.length === 0) return fail(82323282, 'No promise points found to unlock.');
    const lines: UnlockedLine[] = [];
    for (const entry of selected) {
      entry.unlocked = true;
      customer.main.set(entry.programId, (customer.main.get(entry.programId) ?? 0) + entry.points);
      const decimals = Math.max(3, org.programs.get(entry.programId)?.roundDecimals ?? 3);
      const line: UnlockedLine = {
        pointsUnlocked: formatFixed(entry.points, decimals),
        programId: entry.programId,
      };
      if (entry.promotion) {
        line.promotionIdentifier = entry.promotion.identifier;
        line.promotionId = entry.promotion.id;
        line.promotionName = entry.promotion.name;
      } else {
        line.billNumber = entry.billNumber;
        if (entry.itemCode !== undefined) line.itemCode = entry.itemCode;
      }
      lines.push(line);
    }
    return { ok: true, value: lines };
  }

  /** getPointsBalance: one program, the default program, or the sum over all programs. */
  balance(
    orgId: string,
    query: {
      identifierName: string;
      identifierValue: string;
      programId?: number;
      fetchDataForAllPrograms?: boolean;
    },
  ): Outcome<Balance> {
    const org = this.#org(orgId);
    const found = this.resolveLookup(orgId, query.identifierName, query.identifierValue);
    if (!found.ok) return found;
    const customer = found.value;
    const programs = query.fetchDataForAllPrograms
      ? [...org.programs.keys()]
      : [query.programId ?? org.seed.defaultProgramId];
    const balance: Balance = {
      entityId: customer.id,
      mainPoints: 0,
      delayedAccrualPoints: 0,
      externalTriggerBasedPoints: 0,
    };
    for (const programId of programs) {
      balance.mainPoints += customer.main.get(programId) ?? 0;
      for (const e of customer.promised) {
        if (e.unlocked || e.programId !== programId) continue;
        if (e.category === 'delayedAccrual') balance.delayedAccrualPoints += e.points;
        else balance.externalTriggerBasedPoints += e.points;
      }
    }
    return { ok: true, value: balance };
  }

  /**
   * Admin only (`POST /__reference/state`, Pact provider states): sets a customer's main points in
   * one program, bypassing every rule. Not reachable through any vendor operation.
   */
  setMainPoints(
    orgId: string,
    identifierName: string,
    identifierValue: string,
    programId: number,
    points: number | string,
  ): Outcome<{ customerId: number }> {
    const org = this.#orgs.get(orgId);
    if (!org) return fail(404, `unknown org ${orgId}`);
    const customer = this.#findCustomer(org, identifierName, identifierValue);
    if (!customer) return fail(8015, `no customer with ${identifierName} ${identifierValue} in org ${orgId}`);
    if (!org.programs.has(programId)) return fail(1218, `org ${orgId} has no program ${programId}`);
    customer.main.set(programId, toMicro(points));
    return { ok: true, value: { customerId: customer.id } };
  }

  /** Admin only (Pact provider states): sets a fabric member's active points. */
  setMemberPoints(tenantId: string, profileId: string, activePoints: number): Outcome<{ profileId: string }> {
    const member = this.#members.get(tenantId)?.get(profileId);
    if (!member) return fail(404, `member ${profileId} not found`);
    member.active = toMicro(activePoints);
    return { ok: true, value: { profileId } };
  }

  /** fabric points-adjustment: positive adds, negative deducts; pending points stay apart. */
  adjustMember(
    tenantId: string,
    request: { profileId: string; points: number; setToPending: boolean },
  ): Outcome<{ message: string }> {
    const member = this.#members.get(tenantId)?.get(request.profileId);
    if (!member) return fail(404, `member ${request.profileId} not found`);
    const amount = parseAmount(request.points);
    if (!amount || Number.isNaN(amount.micro) || amount.micro === 0)
      return fail(400, 'points must be a non-zero number');
    if (amount.micro > 0) {
      if (request.setToPending) member.pending += amount.micro;
      else member.active += amount.micro;
      member.earned += amount.micro;
      return { ok: true, value: { message: `${formatFixed(amount.micro, 1)} points added` } };
    }
    if (-amount.micro > member.active) return fail(400, 'insufficient active points');
    member.active += amount.micro;
    member.deducted -= amount.micro;
    return { ok: true, value: { message: `${formatFixed(-amount.micro, 1)} points deducted` } };
  }

  /** fabric member-points inquiry. */
  member(tenantId: string, profileId: string): FabricMember | undefined {
    const member = this.#members.get(tenantId)?.get(profileId);
    return member ? { ...member } : undefined;
  }
}
