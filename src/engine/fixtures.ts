import type { BillFixture, CapillaryAuth, CustomerFixture, OrgProfile, Profile } from '../profile/types.ts';
import type { BillRole, FixtureNeed } from './types.ts';

/**
 * What a scenario needs from a target's profile (fixtures, credentials, configuration) and from the
 * target itself (optional capabilities outside the four documents), resolved in one place: the
 * selection skips a scenario whose needs are missing, the scenario context hands out the fixtures
 * the same way, and `plan` tells a user what to add. Each need says what to add when it is missing.
 */

/** Optional capabilities of a target: endpoints outside the four documents. */
export interface Capabilities {
  /** The fabric member-points inquiry `GET /v1/inquire/{profileId}/member-points`. */
  readonly memberInquiry: { readonly present: boolean; readonly reason: string };
}

/** Why a need is not met, and what to add to the profile (or the target) to meet it. */
export interface MissingNeed {
  readonly need: FixtureNeed;
  /** What is missing, for a skip message: `the profile declares no drainable customer`. */
  readonly reason: string;
  /** What to add: a profile field or a capability of the target. */
  readonly add: string;
}

type Customer = CustomerFixture & { readonly key: string };

const customerNamed = (org: OrgProfile | undefined, key: string | undefined): Customer | undefined => {
  const fixture = key === undefined ? undefined : org?.fixtures.customers[key];
  return fixture && key !== undefined ? { ...fixture, key } : undefined;
};

/** The customer of a role. `twoPrograms` falls back to the deductible customer, `drainable` too when negative balances are on (nothing is drained then). */
/**
 * The customer the 1218 scenario deducts from: the deductible customer when it declares a program
 * it is not enrolled in, else the first customer that does.
 */
export function notEnrolledCustomerKey(org: OrgProfile | undefined): string | undefined {
  const customers = org?.fixtures.customers ?? {};
  const deductible = org?.fixtures.roles.deductible;
  if (deductible !== undefined && customers[deductible]?.programNotEnrolled !== undefined) return deductible;
  return Object.entries(customers).find(([, c]) => c.programNotEnrolled !== undefined)?.[0];
}

export function roleCustomerKey(
  org: OrgProfile | undefined,
  role: 'deductible' | 'twoPrograms' | 'drainable' | 'drainableOtherProgram',
): string | undefined {
  const roles = org?.fixtures.roles;
  if (!roles) return undefined;
  if (role === 'deductible') return roles.deductible;
  if (role === 'twoPrograms') return roles.twoPrograms ?? roles.deductible;
  if (role === 'drainableOtherProgram') return roles.drainableOtherProgram;
  if (roles.drainable) return roles.drainable;
  return org?.config.negativeBalanceOnReturn === 'on' ? roles.deductible : undefined;
}

/**
 * The program `customer` is drained in as `drainableOtherProgram`: the first it lists that is not
 * the org's default (a deduction naming the default program is negative-balance.exact-balance's).
 */
export function drainedOtherProgramOf(
  org: OrgProfile | undefined,
  customer: { readonly programs: readonly number[] } | undefined,
): number | undefined {
  const defaultProgramId = org?.config.defaultProgramId;
  if (defaultProgramId === undefined) return undefined;
  return customer?.programs.find((programId) => programId !== defaultProgramId);
}

const hasItems = (bill: BillFixture) =>
  (bill.lineItemIds?.length ?? 0) > 0 || (bill.itemCodes?.length ?? 0) > 0;

/**
 * The keys of `fixtures.bills` that name a role. A bill under one of them plays that role only: it is
 * never lent to another role (a bill unlocks once, and the profile chose it for its role: a
 * one-line `secondProgram` bill lent to `billWithLineItems` left the filters unjudged and the
 * second-program scenario without its bill). `anyBill` is no role that unlocks: its probes are
 * refusals that must move nothing (CAP-UPP-NO-SIDE-EFFECT judges them wherever the balance is
 * read), so it shares a role's bill, one whose later unlock judges the probes' notes.
 */
const BILL_ROLE_KEYS: ReadonlySet<string> = new Set([
  'billWithLineItems',
  'billWhole',
  'billSpare',
  'secondProgram',
  'billRace',
  'billSecondBurst',
]);

/**
 * Bill roles: the bill under the role's own name first, else one of the bills under other names by
 * shape: the first with line items, then the others in order. A bill named for a role is not lent.
 */
export function chooseBill(org: OrgProfile | undefined, role: BillRole): [string, BillFixture] | undefined {
  const bills = Object.entries(org?.fixtures.bills ?? {});
  // The invalid-unlock probes leave notes on their bill that only a later unlock moving its points
  // judges (the filters; move-once unlocks billWhole whole and leaves them warnings): the profile's
  // first bill may be billSpare or billRace, whose scenarios judge none, and a wrong answer to a
  // probe then only warned.
  if (role === 'anyBill')
    return chooseBill(org, 'billWithLineItems') ?? chooseBill(org, 'billWhole') ?? bills[0];
  if (role === 'billSecondProgram') {
    // Only the bill the profile names secondProgram (the program of a bill's points is not declared).
    return bills.find(([key]) => key === 'secondProgram');
  }
  // Only a bill the profile keeps for the race: its customer's balance is raced by deductions, which
  // a bill lent from another role's customer would move under that role's scenario.
  if (role === 'billRace') return bills.find(([key]) => key === 'billRace');
  // Only a bill the profile keeps for the second burst: no profile before it had a fourth bill to lend.
  if (role === 'billSecondBurst') return bills.find(([key]) => key === 'billSecondBurst');
  const named = bills.find(([key]) => key === role);
  if (named) return named;
  const lendable = bills.filter(([key]) => !BILL_ROLE_KEYS.has(key));
  const withItems =
    bills.find(([key]) => key === 'billWithLineItems') ?? lendable.find(([, bill]) => hasItems(bill));
  const others = lendable.filter((entry) => entry !== withItems);
  if (role === 'billWithLineItems') return withItems && hasItems(withItems[1]) ? withItems : undefined;
  if (role === 'billWhole') return others[0];
  // By key: each call's entries are new arrays, so the same bill is never the same entry.
  const whole = chooseBill(org, 'billWhole')?.[0];
  return others.find(([key]) => key !== whole);
}

/**
 * `; bill secondProgram is named for its own role, …`: why a role is missing although the profile
 * declares bills that an earlier version lent to it (those named for another role that would fit:
 * with line items for `billWithLineItems`, `secondProgram` for `billWhole` and `billSpare`).
 */
function notLent(org: OrgProfile | undefined, role: 'billWithLineItems' | 'billWhole' | 'billSpare'): string {
  const fits = Object.entries(org?.fixtures.bills ?? {}).filter(([key, bill]) =>
    role === 'billWithLineItems'
      ? key !== role && BILL_ROLE_KEYS.has(key) && hasItems(bill)
      : key === 'secondProgram',
  );
  if (fits.length === 0) return '';
  const keys = fits.map(([key]) => key).join(', ');
  return fits.length === 1
    ? `; bill ${keys} is named for its own role, and a bill named for a role is not lent to another`
    : `; bills ${keys} are named for their own roles, and a bill named for a role is not lent to another`;
}

/**
 * Whether the bill of a role declares promotion points: unlocked whole, its answer has a promotion's
 * line to judge. `named` is how the profile's reader knows the bill.
 */
const promotionPointsOn = (
  org: OrgProfile | undefined,
  role: 'billWithLineItems' | 'billWhole',
  named: string,
): { reason: string; add: string } | undefined => {
  const bill = chooseBill(org, role);
  if (bill?.[1].promotionPoints) return undefined;
  return missing(
    bill ? `bill ${bill[0]} declares no promotion points` : `the profile declares no ${named}`,
    `promotionPoints: true on ${named}, a bill that also carries promised points of a promotion`,
  );
};

const isOAuthClient = (auth: CapillaryAuth | undefined) => auth?.scheme === 'oauth';
const isOAuth = (auth: CapillaryAuth | undefined) =>
  auth?.scheme === 'oauth' || auth?.scheme === 'oauth-token';

/**
 * Whether an identifier's value can stand in a dual-eligibility list: the balance page sends names
 * and values as comma-separated lists, so a value holding a comma (an externalId may) cannot be
 * told apart from two values there.
 */
export const listable = (value: string | undefined): value is string =>
  value !== undefined && value !== '' && !value.includes(',');

const NON_PRIMARY = ['mobile', 'email', 'externalId'] as const;
/**
 * Identifier names a balance lookup accepts other than the org's primary, that the customer has;
 * with `listed`, only those whose value a comma-separated list can carry ({@link listable}).
 */
export function secondaryIdentifiers(
  org: OrgProfile | undefined,
  customer: Customer | undefined,
  listed = false,
): string[] {
  const primary = org?.config.dualEligibility?.primaryIdentifier;
  return NON_PRIMARY.filter(
    (name) =>
      name !== primary && customer?.identifiers[name] && (!listed || listable(customer.identifiers[name])),
  );
}

/** The customer's value of the org's primary identifier; with `listed`, only one a list can carry. */
const primaryValue = (org: OrgProfile | undefined, customer: Customer | undefined, listed = false) => {
  const primary = org?.config.dualEligibility?.primaryIdentifier;
  const value = primary ? customer?.identifiers[primary] : undefined;
  return listed && !listable(value) ? undefined : value;
};

/** How one need is resolved: the missing reason and what to add, or undefined when it is met. */
type Check = (
  org: OrgProfile | undefined,
  profile: Profile,
  capabilities: Capabilities | undefined,
) => { reason: string; add: string } | undefined;

const missing = (reason: string, add: string) => ({ reason, add });

const CHECKS: Record<FixtureNeed, Check> = {
  deductible: (org) =>
    customerNamed(org, org?.fixtures.roles.deductible)
      ? undefined
      : missing('the profile declares no deductible customer', 'fixtures.roles.deductible'),
  twoPrograms: (org) =>
    customerNamed(org, roleCustomerKey(org, 'twoPrograms'))
      ? undefined
      : missing('the profile declares no customer', 'fixtures.customers and fixtures.roles.deductible'),
  secondProgram: (org) => {
    const customer = customerNamed(org, roleCustomerKey(org, 'twoPrograms'));
    return (customer?.programs.length ?? 0) >= 2
      ? undefined
      : missing(
          `customer ${customer?.key ?? '(none)'} is enrolled in fewer than two programs`,
          'a customer enrolled in two programs: fixtures.roles.twoPrograms, or two `programs` on the deductible customer',
        );
  },
  defaultProgram: (org) => {
    const customer = customerNamed(org, roleCustomerKey(org, 'twoPrograms'));
    const defaultId = org?.config.defaultProgramId;
    if (defaultId === undefined)
      return missing(
        'the org declares no default program',
        'config.defaultProgramId (the program a balance read without programId shows)',
      );
    return customer?.programs.includes(defaultId)
      ? undefined
      : missing(
          `customer ${customer?.key ?? '(none)'} is not enrolled in the default program ${defaultId}`,
          `program ${defaultId} in the programs of the twoPrograms customer (fixtures.roles.twoPrograms)`,
        );
  },
  roundDecimals: (org) => {
    const customer = customerNamed(org, roleCustomerKey(org, 'twoPrograms'));
    const declared = org?.config.programs.filter(
      (p) => p.roundDecimals !== undefined && customer?.programs.includes(p.id),
    );
    return declared?.length
      ? undefined
      : missing(
          `no program of customer ${customer?.key ?? '(none)'} declares its round decimals`,
          'config.programs[].roundDecimals for a program of the customer',
        );
  },
  decimalsToExceed: (org, profile, capabilities) => {
    const customer = customerNamed(org, roleCustomerKey(org, 'twoPrograms'));
    const declared = org?.config.programs.filter(
      (p) => p.roundDecimals !== undefined && customer?.programs.includes(p.id),
    );
    if (!declared?.length) return CHECKS.roundDecimals(org, profile, capabilities);
    // 6 is the most a profile declares: an amount with a seventh decimal is no amount to send.
    return declared.some((p) => (p.roundDecimals ?? 6) < 6)
      ? undefined
      : missing(
          `every program of customer ${customer?.key ?? '(none)'} with declared round decimals allows 6, the most`,
          'a program of the customer with fewer round decimals (config.programs[].roundDecimals)',
        );
  },
  differentDecimals: (org) => {
    const customer = customerNamed(org, roleCustomerKey(org, 'twoPrograms'));
    const decimals = new Set(
      org?.config.programs
        .filter((p) => p.roundDecimals !== undefined && customer?.programs.includes(p.id))
        .map((p) => p.roundDecimals),
    );
    return decimals.size >= 2
      ? undefined
      : missing(
          `customer ${customer?.key ?? '(none)'} has no two programs with different round decimals`,
          'a customer in two programs whose config.programs[].roundDecimals differ (fixtures.roles.twoPrograms)',
        );
  },
  drainable: (org) => {
    const key = roleCustomerKey(org, 'drainable');
    if (!key)
      return missing(
        'the profile declares no drainable customer (one the suite may deduct to zero)',
        'fixtures.roles.drainable',
      );
    // With negative balances off, draining leaves the customer at zero: were it the deductible (or
    // two-program) customer too, every later deduction of it would skip for want of points (the
    // profile hunt: 22 scenarios of an org lost to drain its deductible customer 1005). Drain
    // nobody rather than lose them; a drained customer is no fact of the target to judge.
    const shared = (['deductible', 'twoPrograms'] as const).find(
      (role) => roleCustomerKey(org, role) === key,
    );
    return shared && org?.config.negativeBalanceOnReturn === 'off'
      ? missing(
          `the drainable customer ${key} is also the ${shared} customer, whom the other deductions need points of`,
          `fixtures.roles.drainable: another customer than ${key} the suite may deduct to zero`,
        )
      : undefined;
  },
  drainableOtherProgram: (org) => {
    const key = roleCustomerKey(org, 'drainableOtherProgram');
    const customer = customerNamed(org, key);
    if (!customer)
      return missing(
        "the profile declares no customer the suite may deduct to zero in a program other than the default (one enrolled in a program besides the org's default)",
        'fixtures.roles.drainableOtherProgram',
      );
    if (drainedOtherProgramOf(org, customer) === undefined)
      return missing(
        `the drainableOtherProgram customer ${customer.key} is enrolled in no program but the default`,
        `fixtures.roles.drainableOtherProgram: a customer whose programs list one besides the default ${org?.config.defaultProgramId ?? ''}`,
      );
    // Its points there are drained: were it the deductible (or two-program) customer, the other
    // deductions of that program would skip for want of points.
    const shared = (['deductible', 'twoPrograms'] as const).find(
      (role) => roleCustomerKey(org, role) === key,
    );
    return shared
      ? missing(
          `the drainableOtherProgram customer ${key} is also the ${shared} customer, whom the other deductions need points of`,
          `fixtures.roles.drainableOtherProgram: another customer than ${key} the suite may deduct to zero`,
        )
      : undefined;
  },
  sharedSecondary: (org) => {
    const pair = org?.fixtures.roles.sharedSecondary;
    const a = customerNamed(org, pair?.[0]);
    const b = customerNamed(org, pair?.[1]);
    // The pair is only looked up in lists (secondary + primary).
    const shared = secondaryIdentifiers(org, a, true).find(
      (name) => a?.identifiers[name as 'email'] === b?.identifiers[name as 'email'],
    );
    if (!a || !b)
      return missing(
        'the profile declares no two customers sharing a secondary identifier',
        'fixtures.roles.sharedSecondary: two customers with the same value of a non-primary identifier',
      );
    return shared && primaryValue(org, a, true) && primaryValue(org, b, true)
      ? undefined
      : missing(
          `customers ${a.key} and ${b.key} share no non-primary identifier value, or lack the primary one (a value holding a comma cannot stand in the page's comma-separated lists)`,
          'the same email (or other non-primary identifier) on both sharedSecondary customers, and the primary identifier on each, without commas',
        );
  },
  secondaryIdentifier: (org) => {
    const customer = customerNamed(org, org?.fixtures.roles.deductible);
    return primaryValue(org, customer) && secondaryIdentifiers(org, customer).length >= 1
      ? undefined
      : missing(
          `customer ${customer?.key ?? '(none)'} lacks the primary identifier or a non-primary one`,
          'the primary identifier and an email, mobile or externalId on the deductible customer',
        );
  },
  twoSecondaryIdentifiers: (org) => {
    const customer = customerNamed(org, org?.fixtures.roles.deductible);
    // Sent together as one comma-separated list.
    return secondaryIdentifiers(org, customer, true).length >= 2
      ? undefined
      : missing(
          `customer ${customer?.key ?? '(none)'} has fewer than two non-primary identifiers without a comma (a value holding one cannot stand in the page's comma-separated lists)`,
          'two of email, mobile, externalId (besides the primary) on the deductible customer, without commas',
        );
  },
  anyBill: (org) =>
    chooseBill(org, 'anyBill')
      ? undefined
      : missing('the profile declares no bill with promised points', 'fixtures.bills (one bill is enough)'),
  billWithLineItems: (org) =>
    chooseBill(org, 'billWithLineItems')
      ? undefined
      : missing(
          `the profile declares no bill with line items${notLent(org, 'billWithLineItems')}`,
          'fixtures.bills: a bill with lineItemIds and itemCodes of two different line items',
        ),
  billLineItemIds: (org) =>
    chooseBill(org, 'billWithLineItems')?.[1].lineItemIds?.length
      ? undefined
      : missing(
          'the bill with line items declares no lineItemIds',
          'lineItemIds on the bill with line items',
        ),
  billItemCodes: (org) =>
    chooseBill(org, 'billWithLineItems')?.[1].itemCodes?.length
      ? undefined
      : missing('the bill with line items declares no itemCodes', 'itemCodes on the bill with line items'),
  billWhole: (org) =>
    chooseBill(org, 'billWhole')
      ? undefined
      : missing(
          `the profile declares no second bill (unlocked as a whole)${notLent(org, 'billWhole')}`,
          'a second bill in fixtures.bills (billWhole)',
        ),
  billSpare: (org) =>
    chooseBill(org, 'billSpare')
      ? undefined
      : missing(
          `the profile declares no third bill (unlocked by parallel calls)${notLent(org, 'billSpare')}`,
          'a third bill in fixtures.bills (billSpare)',
        ),
  billSecondProgram: (org) => {
    const bill = chooseBill(org, 'billSecondProgram');
    const customer = bill ? org?.fixtures.customers[bill[1].customer] : undefined;
    // Points moving into the program that is not the default are read in the programs the
    // profile lists for the bill's customer: one program alone cannot show where they went.
    if (bill && customer && customer.programs.length < 2)
      return missing(
        `bill ${bill[0]} is of customer ${bill[1].customer}, whom the profile enrols in one program only (programs ${customer.programs.join(', ')})`,
        `the program of the bill's promised points to the programs of customer ${bill[1].customer}`,
      );
    return bill
      ? undefined
      : missing(
          'the profile declares no bill whose promised points lie in a program other than the default',
          "fixtures.bills.secondProgram: a bill of a customer in two programs whose promised points lie in the program that is not the org's default, besides billWithLineItems, billWhole and billSpare",
        );
  },
  billRace: (org) =>
    chooseBill(org, 'billRace')
      ? undefined
      : missing(
          'the profile declares no bill to unlock while deductions from its customer run (bills are never lent to this role)',
          'fixtures.bills.billRace: a bill still to unlock, of a customer no other role names (deducted from while it is unlocked)',
        ),
  billSecondBurst: (org) =>
    chooseBill(org, 'billSecondBurst')
      ? undefined
      : missing(
          'the profile declares no bill for the second burst of parallel unlocks (bills are never lent to this role)',
          'fixtures.bills.billSecondBurst: a bill still to unlock, with lineItemIds, of a customer no other role names',
        ),
  billWithLineItemsPromotion: (org) =>
    promotionPointsOn(org, 'billWithLineItems', 'the bill with line items'),
  billWholePromotion: (org) => promotionPointsOn(org, 'billWhole', 'billWhole'),
  // An unlock naming the deductible customer with another customer's bill: a billWhole of the
  // deductible customer's own names no other customer's bill.
  billWholeOfAnother: (org) => {
    const bill = chooseBill(org, 'billWhole');
    const deductible = org?.fixtures.roles.deductible;
    return !bill || bill[1].customer !== deductible
      ? undefined
      : missing(
          `bill ${bill[0]} (unlocked as a whole) is the deductible customer ${deductible}'s own: no other customer's bill to name`,
          `fixtures.bills.billWhole: a bill of another customer than ${deductible}`,
        );
  },
  promotion: (org) =>
    org?.fixtures.promotion
      ? undefined
      : missing('the profile declares no promotion', 'fixtures.promotion (id, identifier, programId)'),
  pointsAward: (org) =>
    org?.fixtures.pointsAwardedId !== undefined
      ? undefined
      : missing(
          'the profile declares no points award',
          'fixtures.pointsAwardedId (an award of the deductible customer)',
        ),
  promotionOrPointsAward: (org) =>
    org?.fixtures.promotion || org?.fixtures.pointsAwardedId !== undefined
      ? undefined
      : missing(
          'the profile declares neither a promotion nor a points award',
          'fixtures.promotion (id, identifier, programId) or fixtures.pointsAwardedId (an award of the deductible customer)',
        ),
  programNotEnrolled: (org) =>
    Object.values(org?.fixtures.customers ?? {}).some((c) => c.programNotEnrolled !== undefined)
      ? undefined
      : missing(
          'no customer of the profile declares a program it is not enrolled in',
          'programNotEnrolled on a customer',
        ),
  basicAuth: (org) =>
    org?.auth.scheme === 'basic' || org?.alternateAuth?.scheme === 'basic'
      ? undefined
      : missing('the org declares no Basic credentials', 'auth or alternateAuth with scheme: basic'),
  oauthCredentials: (org) =>
    isOAuth(org?.auth) || isOAuth(org?.alternateAuth)
      ? undefined
      : missing(
          'the org declares no OAuth credentials',
          'alternateAuth with scheme: oauth (key, secret) or oauth-token (token)',
        ),
  oauthClient: (org) =>
    isOAuthClient(org?.auth) || isOAuthClient(org?.alternateAuth)
      ? undefined
      : missing(
          'the org declares no OAuth client (key and secret) for the token endpoint',
          'alternateAuth with scheme: oauth, key and secret',
        ),
  restrictedAuth: (org) =>
    org?.restrictedAuth
      ? undefined
      : missing(
          'the org declares no credentials without the Points access group',
          'restrictedAuth: credentials of the org lacking the Points access group',
        ),
  member: (_org, profile) =>
    profile.fabric ? undefined : missing('the profile has no fabric section', 'fabric.fixtures.member'),
  memberInquiry: (_org, profile, capabilities) => {
    const declared = profile.fabric?.memberInquiry ?? 'auto';
    const add =
      'a target with GET /v1/inquire/{profileId}/member-points (fabric.memberInquiry: true or auto); it is outside the four documents, so without it the balance effects of adjustments are not judged';
    if (declared === false)
      return missing('the profile says the target has no fabric member inquiry (memberInquiry: false)', add);
    if (capabilities && !capabilities.memberInquiry.present)
      return missing(`the target has no fabric member inquiry (${capabilities.memberInquiry.reason})`, add);
    return undefined;
  },
};

/** The needs of a list that are not met, with what to add for each. */
export function missingNeeds(
  needs: readonly FixtureNeed[],
  org: OrgProfile | undefined,
  profile: Profile,
  capabilities?: Capabilities,
): MissingNeed[] {
  const found: MissingNeed[] = [];
  for (const need of needs) {
    const gap = CHECKS[need](org, profile, capabilities);
    if (gap) found.push({ need, ...gap });
  }
  return found;
}

/** A skip message: what is missing and what to add. */
export const describeMissing = (gaps: readonly MissingNeed[]): string =>
  gaps.map((g) => `${g.reason} (add: ${g.add})`).join('; ');

/** Whether a need can only be known at run time (a capability probed when the run starts). */
export const decidedAtRunStart = (need: FixtureNeed, profile: Profile): boolean =>
  need === 'memberInquiry' && (profile.fabric?.memberInquiry ?? 'auto') === 'auto';

/** The sharedSecondary pair when it holds `key` (both customers), else none. */
const sharedPartners = (org: OrgProfile | undefined, key: string | undefined): readonly string[] => {
  const pair: readonly string[] = org?.fixtures.roles.sharedSecondary ?? [];
  return key !== undefined && pair.includes(key) ? pair : [];
};

/**
 * The fixtures a need makes a scenario hold while it runs (customers and bills, per org), so that
 * scenarios sharing one run one after another: one customer may play several roles.
 */
export function lockKeysOf(
  needs: readonly FixtureNeed[],
  principal: string,
  org: OrgProfile | undefined,
): string[] {
  const keys = new Set<string>();
  const customer = (key: string | undefined) => key && keys.add(`${principal}:customer:${key}`);
  const bill = (entry: [string, BillFixture] | undefined) => {
    if (!entry) return;
    keys.add(`${principal}:bill:${entry[0]}`);
    customer(entry[1].customer);
  };
  for (const need of needs) {
    switch (need) {
      case 'member':
      case 'memberInquiry':
        keys.add('fabric:member');
        break;
      case 'deductible':
      case 'secondaryIdentifier':
      case 'twoSecondaryIdentifiers':
        customer(org?.fixtures.roles.deductible);
        break;
      case 'twoPrograms':
      case 'secondProgram':
      case 'defaultProgram':
      case 'roundDecimals':
      case 'decimalsToExceed':
      case 'differentDecimals':
        customer(roleCustomerKey(org, 'twoPrograms'));
        break;
      case 'drainable':
        customer(roleCustomerKey(org, 'drainable'));
        break;
      case 'drainableOtherProgram':
        customer(roleCustomerKey(org, 'drainableOtherProgram'));
        break;
      case 'sharedSecondary':
        for (const key of org?.fixtures.roles.sharedSecondary ?? []) customer(key);
        break;
      case 'anyBill':
        bill(chooseBill(org, 'anyBill'));
        break;
      case 'billWithLineItems':
      case 'billLineItemIds':
      case 'billItemCodes':
      case 'billWithLineItemsPromotion':
        bill(chooseBill(org, 'billWithLineItems'));
        break;
      case 'billWholePromotion':
      case 'billWholeOfAnother':
        bill(chooseBill(org, 'billWhole'));
        break;
      case 'billWhole':
      case 'billSpare':
      case 'billSecondProgram':
      case 'billRace':
      case 'billSecondBurst':
        bill(chooseBill(org, need));
        // The unlock of billWhole is judged against the customer sharing a secondary identifier
        // with its customer too (promised-points.move-once): held so that nothing else moves it.
        if (need === 'billWhole') sharedPartners(org, chooseBill(org, need)?.[1].customer).forEach(customer);
        break;
      case 'programNotEnrolled':
        customer(notEnrolledCustomerKey(org));
        break;
      case 'promotion':
      case 'pointsAward':
      case 'promotionOrPointsAward':
      case 'basicAuth':
      case 'oauthCredentials':
      case 'oauthClient':
      case 'restrictedAuth':
        break;
    }
  }
  return [...keys];
}
