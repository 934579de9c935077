import { beforeAll, describe, expect, it } from 'vitest';
import { notJudgeableOf } from '../../src/plan/plan.ts';
import {
  arithmeticScenario,
  editedProfile,
  entry,
  idsWith,
  loadWorld,
  MINIMAL_PROFILE,
  ONE_BILL_UNLOCK_RULES,
  type PlanWorld,
  planOf,
  REFERENCE_PROFILE,
  statuses,
} from './support.ts';

let world: PlanWorld;
beforeAll(async () => {
  world = await loadWorld();
});

/** The member inquiry's `add` text (src/engine/fixtures.ts), recognisable by its path. */
const INQUIRY_ADD = /^a target with GET \/v1\/inquire\/\{profileId\}\/member-points/;
const INQUIRY_RULES = ['FAB-ADJ-PENDING', 'FAB-ADJ-CONCURRENT', 'FAB-INQ-BALANCE'];
const UNTESTABLE = ['CAP-NPA-NO-RATE-LIMIT', 'CAP-UPP-TYPE-USERGROUP2', 'CAP-UPP-NO-RATE-LIMIT'];

describe('planRequirements on the reference profile', () => {
  it('judges every covered black-box requirement, the 3 that need the member inquiry only if the probe finds it', () => {
    const plan = planOf(world, REFERENCE_PROFILE);
    // 118 requirements: 3 are not black-box; the reference profile declares every fixture, and
    // leaves only the fabric member inquiry (outside the four documents) to the probe at run
    // start (no fabric.memberInquiry: auto). The 3 rules judged through it are judgeable-if-probed.
    expect(plan.requirements).toHaveLength(world.catalogue.requirements.length);
    expect(plan.totals).toEqual({
      judgeable: 112,
      'judgeable-if-probed': 3,
      'not-judgeable': 0,
      'not-applicable': 0,
      'read-only': 0,
      untestable: 3,
      uncovered: 0,
    });
    expect(idsWith(plan, 'judgeable-if-probed').sort()).toEqual([...INQUIRY_RULES].sort());
    expect(idsWith(plan, 'untestable').sort()).toEqual([...UNTESTABLE].sort());
    for (const id of INQUIRY_RULES) {
      const [fabric] = entry(plan, id).principals;
      expect(fabric?.principal).toBe('fabric');
      expect(fabric?.reason).toBe('if the target has the fabric member inquiry (probed at run start)');
      expect(fabric?.add).toEqual([expect.stringMatching(INQUIRY_ADD)]);
    }
  });

  it('keeps each principal apart: negative balance allowed is judged on lenient and moot on strict', () => {
    const plan = planOf(world, REFERENCE_PROFILE);
    expect(statuses(plan, 'CAP-NPA-NEGATIVE-ALLOWED')).toEqual({
      strict: 'not-applicable',
      lenient: 'judgeable',
    });
    expect(entry(plan, 'CAP-NPA-NEGATIVE-ALLOWED').principals[0]?.reason).toBe(
      'negativeBalanceOnReturn is off for this org',
    );
    expect(statuses(plan, 'CAP-NPA-8907')).toEqual({ strict: 'judgeable', lenient: 'not-applicable' });
    // Dual eligibility is on in strict and off in lenient: a lone non-primary identifier is judged both ways.
    expect(statuses(plan, 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY')).toEqual({
      strict: 'judgeable',
      lenient: 'not-applicable',
    });
    expect(statuses(plan, 'FAB-ADJ-ADD')).toEqual({ fabric: 'judgeable' });
    // Universal checks concern the families of their operations: the Capillary error envelope is no fabric rule.
    expect(statuses(plan, 'GEN-NO-5XX')).toEqual({
      strict: 'judgeable',
      lenient: 'judgeable',
      fabric: 'judgeable',
    });
    expect(statuses(plan, 'GEN-ERROR-ENVELOPE')).toEqual({ strict: 'judgeable', lenient: 'judgeable' });
  });

  it('says a requirement is not applicable when the configuration of every org makes it moot', () => {
    const plan = planOf(
      world,
      editedProfile({ set: { 'capillary.orgs.0.config.negativeBalanceOnReturn': 'on' } }),
    );
    const r = entry(plan, 'CAP-NPA-8907');
    expect(r.status).toBe('not-applicable');
    expect(r.principals.map((p) => p.reason)).toEqual([
      'negativeBalanceOnReturn is on for this org',
      'negativeBalanceOnReturn is on for this org',
    ]);
  });
});

describe('planRequirements on the minimal profile (one customer and one bill per org)', () => {
  it('judges every unlock rule from the one bill with two line items', () => {
    const plan = planOf(world, MINIMAL_PROFILE);
    for (const id of ONE_BILL_UNLOCK_RULES) {
      expect(statuses(plan, id), id).toEqual({ strict: 'judgeable', lenient: 'judgeable' });
    }
  });

  it('names what to add for each rule it cannot judge', () => {
    const plan = planOf(world, MINIMAL_PROFILE);
    // 9 rules need what the minimal profile leaves out: a promotion (both promotion fields at once), a third bill, a drainable customer (strict:
    // exact balance and no overdraw; lenient's negative balance makes both moot), a sharedSecondary
    // pair (two customers resolving to two profiles; the list and entity rules are judged on the one
    // customer's own identifiers), programNotEnrolled, OAuth credentials (2 rules), restricted
    // credentials.
    expect(plan.totals).toEqual({
      judgeable: 103,
      'judgeable-if-probed': 3,
      'not-judgeable': 9,
      'not-applicable': 0,
      'read-only': 0,
      untestable: 3,
      uncovered: 0,
    });
    expect(idsWith(plan, 'not-judgeable').sort()).toEqual(
      [
        'CAP-NPA-1218',
        'CAP-NPA-EXACT-BALANCE',
        'CAP-NPA-CONCURRENT-NO-OVERDRAW',
        'CAP-NPA-PROMOTION-EXCLUSIVE',
        'CAP-UPP-CONCURRENT-ONCE',
        'CAP-BAL-DUAL-SINGLE-PROFILE',
        'CAP-AUTH-OAUTH',
        'CAP-AUTH-TOKEN-GENERATE',
        'CAP-AUTH-ACCESS-GROUP',
      ].sort(),
    );
    const add = (id: string) =>
      Object.fromEntries(entry(plan, id).principals.map((p) => [p.principal, p.add]));
    // Either spare bill judges it (since fault hunt 67, the second burst of parallel unlocks).
    const thirdBill = [
      'a third bill in fixtures.bills (billSpare)',
      'fixtures.bills.billSecondBurst: a bill still to unlock, with lineItemIds, of a customer no other role names',
    ];
    expect(add('CAP-UPP-CONCURRENT-ONCE')).toEqual({ strict: thirdBill, lenient: thirdBill });
    expect(statuses(plan, 'CAP-NPA-EXACT-BALANCE')).toEqual({
      strict: 'not-judgeable',
      lenient: 'not-applicable',
    });
    // Either role judges it (since fault hunt 57, the exact balance of another program).
    expect(add('CAP-NPA-EXACT-BALANCE')).toEqual({
      strict: ['fixtures.roles.drainable', 'fixtures.roles.drainableOtherProgram'],
      lenient: [],
    });
    expect(add('CAP-AUTH-ACCESS-GROUP').strict).toEqual([expect.stringMatching(/^restrictedAuth: /)]);
    expect(add('CAP-NPA-1218').lenient).toEqual(['programNotEnrolled on a customer']);
    // A requirement judgeable for one org still says what the other lacks.
    expect(statuses(plan, 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE')).toEqual({
      strict: 'not-judgeable',
      lenient: 'judgeable',
    });
    expect(entry(plan, 'CAP-NPA-CONCURRENT-NO-LOST-UPDATE').status).toBe('judgeable');
    expect(statuses(plan, 'FAB-INQ-BALANCE')).toEqual({ fabric: 'judgeable-if-probed' });
  });

  it('lists what a run would count as not judgeable: per requirement, its principals and what to add', () => {
    const list = notJudgeableOf(planOf(world, MINIMAL_PROFILE));
    expect(list).toHaveLength(9);
    expect(list.find((r) => r.id === 'CAP-NPA-EXACT-BALANCE')).toEqual({
      id: 'CAP-NPA-EXACT-BALANCE',
      principals: ['strict'],
      add: ['fixtures.roles.drainable', 'fixtures.roles.drainableOtherProgram'],
    });
  });
});

describe('planRequirements and the fabric member inquiry', () => {
  it('cannot judge the balance effects when the profile says the target has no inquiry', () => {
    const plan = planOf(world, editedProfile({ set: { 'fabric.memberInquiry': false } }));
    for (const id of ['FAB-ADJ-PENDING', 'FAB-INQ-BALANCE']) {
      expect(statuses(plan, id), id).toEqual({ fabric: 'not-judgeable' });
      expect(entry(plan, id).principals[0]?.add).toEqual([expect.stringMatching(INQUIRY_ADD)]);
    }
    expect(statuses(plan, 'FAB-ADJ-ADD')).toEqual({ fabric: 'judgeable' });
    expect(plan.totals['judgeable-if-probed']).toBe(0);
  });

  it('judges them without a probe when the profile says the target has it', () => {
    const plan = planOf(world, editedProfile({ set: { 'fabric.memberInquiry': true } }));
    expect(plan.totals['judgeable-if-probed']).toBe(0);
    for (const id of INQUIRY_RULES) expect(statuses(plan, id), id).toEqual({ fabric: 'judgeable' });
  });

  it('follows the probed capabilities of a run', () => {
    const absent = planOf(world, REFERENCE_PROFILE, {
      capabilities: { memberInquiry: { present: false, reason: 'answered 404' } },
    });
    expect(idsWith(absent, 'not-judgeable').sort()).toEqual([...INQUIRY_RULES].sort());
    expect(entry(absent, 'FAB-INQ-BALANCE').principals[0]?.add).toEqual([expect.stringMatching(INQUIRY_ADD)]);
    const present = planOf(world, REFERENCE_PROFILE, {
      capabilities: { memberInquiry: { present: true, reason: 'answered 200' } },
    });
    expect(present.totals.judgeable).toBe(115);
  });
});

describe('planRequirements and what a profile leaves out', () => {
  it('says read-only for rules only mutating scenarios judge on a production profile', () => {
    const production = editedProfile({ set: { environment: 'production', 'safety.allowMutations': false } });
    const plan = planOf(world, production);
    expect(statuses(plan, 'CAP-NPA-8907')).toEqual({ strict: 'read-only', lenient: 'not-applicable' });
    expect(entry(plan, 'CAP-NPA-8907').status).toBe('read-only');
    expect(entry(plan, 'CAP-NPA-8907').principals[0]?.reason).toMatch(
      /^production profile: mutating scenario not run: .*safety\.allowMutations: true/,
    );
    // balance.totals reads only.
    expect(statuses(plan, 'CAP-BAL-TOTAL')).toEqual({ strict: 'judgeable', lenient: 'judgeable' });
    // On production a mutating scenario needs both the profile's consent and --allow-mutations.
    const consenting = editedProfile({ set: { environment: 'production', 'safety.allowMutations': true } });
    expect(entry(planOf(world, consenting), 'CAP-NPA-8907').status).toBe('read-only');
    expect(
      entry(planOf(world, production, { selection: { allowMutations: true } }), 'CAP-NPA-8907').status,
    ).toBe('read-only');
    const allowed = planOf(world, consenting, { selection: { allowMutations: true } });
    expect(entry(allowed, 'CAP-NPA-8907').status).toBe('judgeable');
  });

  it('asks for a fabric section when the profile has none', () => {
    const plan = planOf(world, editedProfile({ delete: ['fabric'] }));
    expect(statuses(plan, 'FAB-ADJ-ADD')).toEqual({ fabric: 'not-judgeable' });
    expect(entry(plan, 'FAB-ADJ-ADD').principals[0]?.options).toEqual([
      [
        {
          need: 'section',
          reason: 'the profile has no fabric section',
          add: expect.stringMatching(/^a fabric section: /),
        },
      ],
    ]);
    // The universal checks still judge the Capillary exchanges.
    expect(entry(plan, 'GEN-NO-5XX').status).toBe('judgeable');
    expect(statuses(plan, 'GEN-NO-5XX').fabric).toBe('not-judgeable');
  });

  it('never gives one bill to two unlocks: two bills, neither named billWhole nor billSpare, are not a third bill', () => {
    // The strict org keeps billWithLineItems, secondProgram and billRace only: secondProgram is
    // unlocked as a whole, so the parallel unlock has no bill of its own (it used to get
    // secondProgram too), and billSecondBurst, its other bill, is gone too.
    const twoBills = editedProfile({
      delete: [
        'capillary.orgs.0.fixtures.bills.billWhole',
        'capillary.orgs.0.fixtures.bills.billSpare',
        'capillary.orgs.0.fixtures.bills.billSecondBurst',
      ],
    });
    const plan = planOf(world, twoBills);
    expect(statuses(plan, 'CAP-UPP-CONCURRENT-ONCE')).toEqual({
      strict: 'not-judgeable',
      lenient: 'judgeable',
    });
    expect(entry(plan, 'CAP-UPP-CONCURRENT-ONCE').principals[0]?.add).toEqual([
      'a third bill in fixtures.bills (billSpare)',
      'fixtures.bills.billSecondBurst: a bill still to unlock, with lineItemIds, of a customer no other role names',
    ]);
    expect(statuses(plan, 'CAP-UPP-ONCE')).toEqual({ strict: 'judgeable', lenient: 'judgeable' });
  });

  it('cannot judge 8906 on a customer whose every program allows 6 decimals, the most', () => {
    const sixDecimals = editedProfile({
      set: {
        'capillary.orgs.0.config.programs': [
          { id: 469, roundDecimals: 6 },
          { id: 973, roundDecimals: 6 },
        ],
      },
    });
    const plan = planOf(world, sixDecimals);
    expect(statuses(plan, 'CAP-NPA-8906')).toEqual({ strict: 'not-judgeable', lenient: 'judgeable' });
    expect(entry(plan, 'CAP-NPA-8906').principals[0]?.add).toEqual([
      'a program of the customer with fewer round decimals (config.programs[].roundDecimals)',
    ]);
    // An amount with 6 decimals is still one to deduct exactly.
    expect(statuses(plan, 'CAP-NPA-DECIMALS-WITHIN')).toEqual({ strict: 'judgeable', lenient: 'judgeable' });
  });

  it("cannot judge dual eligibility's list lookups on identifiers whose values hold a comma", () => {
    // The balance page sends names and values as comma-separated lists: such a value cannot be one.
    const commas = editedProfile({
      set: {
        'capillary.orgs.0.fixtures.customers.customer-1001.identifiers.email': 'ana,x@example.com',
        'capillary.orgs.0.fixtures.customers.customer-1002.identifiers.email': 'shared,x@example.com',
        'capillary.orgs.0.fixtures.customers.customer-1003.identifiers.email': 'shared,x@example.com',
      },
    });
    const plan = planOf(world, commas);
    expect(statuses(plan, 'CAP-BAL-DUAL-NO-PRIMARY').strict).toBe('not-judgeable');
    expect(statuses(plan, 'CAP-BAL-DUAL-MULTI').strict).toBe('not-judgeable');
    // A lone secondary is no list: its value may hold a comma.
    expect(statuses(plan, 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY').strict).toBe('judgeable');
  });

  it('orders the ways to judge a rule cheapest first and drops a way that contains a cheaper one', () => {
    const scenario = arithmeticScenario;
    const plan = planOf(world, MINIMAL_PROFILE, {
      scenarios: [
        scenario('two-needs', ['drainable', 'promotion']),
        scenario('one-need', ['restrictedAuth']),
        scenario('contains-one-need', ['restrictedAuth', 'pointsAward']),
      ],
    });
    const strict = entry(plan, 'CAP-NPA-ARITHMETIC').principals.find((p) => p.principal === 'strict');
    expect(strict?.status).toBe('not-judgeable');
    expect(strict?.options.map((o) => o.map((n) => n.need))).toEqual([
      ['restrictedAuth'],
      ['drainable', 'promotion'],
    ]);
    expect(strict?.add).toEqual([
      'restrictedAuth: credentials of the org lacking the Points access group',
      'fixtures.roles.drainable',
      'fixtures.promotion (id, identifier, programId)',
    ]);
  });

  it('covers what the run filters select, the universal rules, and requirements named outright', () => {
    const plan = planOf(world, MINIMAL_PROFILE, {
      selection: { requirements: ['CAP-UPP-CONCURRENT-ONCE', 'CAP-NPA-NO-RATE-LIMIT'] },
    });
    const ids = plan.requirements.map((r) => r.id);
    expect(ids).toContain('CAP-UPP-CONCURRENT-ONCE');
    expect(ids).toContain('GEN-NO-5XX');
    expect(entry(plan, 'CAP-NPA-NO-RATE-LIMIT').status).toBe('untestable');
    expect(ids.some((id) => id.startsWith('FAB-') || id.startsWith('CAP-NPA-8'))).toBe(false);
    // No fabric scenario is selected: the universal rules concern the orgs only.
    expect(Object.keys(statuses(plan, 'GEN-NO-5XX'))).toEqual(['strict', 'lenient']);
  });
});

describe('planRequirements and customers whose balance cannot be read', () => {
  const withoutMobile = (customer: string) =>
    editedProfile({ delete: [`capillary.orgs.0.fixtures.customers.${customer}.identifiers.mobile`] });

  it("warns of a customer lacking the org's primary identifier under dual eligibility, naming what to add", () => {
    expect(planOf(world, withoutMobile('customer-1004')).warnings).toEqual([
      {
        principal: 'strict',
        customer: 'customer-1004',
        reason:
          "customer customer-1004 declares no mobile, the org's primary identifier: its balance cannot be read",
        add: 'identifiers.mobile on customer customer-1004',
      },
    ]);
  });

  it('cannot judge, with what to add, the rules whose scenarios read such a customer, as the run skips them', () => {
    // Found by the profile-removal sweep: plan called these judgeable and the run skipped them.
    // customer-1005 is the strict org's drainable customer; customer-1001 its deductible one.
    const add = (customer: string) => [`identifiers.mobile on customer ${customer}`];
    const drainable = planOf(world, withoutMobile('customer-1005'));
    for (const id of ['CAP-NPA-CONCURRENT-NO-OVERDRAW']) {
      expect(statuses(drainable, id), id).toEqual({ strict: 'not-judgeable', lenient: 'not-applicable' });
      expect(entry(drainable, id).principals[0]?.add, id).toEqual(add('customer-1005'));
    }
    // The exact balance of another program (fault hunt 57) is judged on customer-1008.
    expect(statuses(drainable, 'CAP-NPA-EXACT-BALANCE').strict).toBe('judgeable');
    const deductible = planOf(world, withoutMobile('customer-1001'));
    expect(statuses(deductible, 'CAP-NPA-AMOUNT-NUMBER').strict).toBe('not-judgeable');
    expect(entry(deductible, 'CAP-NPA-AMOUNT-NUMBER').principals[0]?.add).toEqual(add('customer-1001'));
    // A rule another scenario judges on a customer whose balance can be read stays judgeable
    // (8907: exact-balance on the drainable customer, at zero).
    expect(statuses(deductible, 'CAP-NPA-8907').strict).toBe('judgeable');
    // A scenario that reads no balance of the customer still judges its rule.
    expect(statuses(deductible, 'CAP-NPA-1218').strict).toBe('judgeable');
  });

  it('gives no such warning for the reference profile, nor when the org has no dual eligibility', () => {
    expect(planOf(world, REFERENCE_PROFILE).warnings).toEqual([]);
    const single = editedProfile({
      delete: ['capillary.orgs.0.fixtures.customers.customer-1004.identifiers.mobile'],
      set: { 'capillary.orgs.0.config.dualEligibility': { enabled: false } },
    });
    expect(planOf(world, single).warnings).toEqual([]);
  });

  it('warns of a customer with no identifier the balance lookup takes, or only one another customer has too', () => {
    const plan = planOf(
      world,
      editedProfile({
        set: {
          'capillary.orgs.1.fixtures.customers.customer-2001.identifiers': { id: '2001' },
          'capillary.orgs.1.fixtures.customers.customer-2002.identifiers': {
            email: 'shared-lenient@example.com',
          },
        },
      }),
    );
    expect(plan.warnings).toEqual([
      {
        principal: 'lenient',
        customer: 'customer-2001',
        reason:
          'customer customer-2001 declares no mobile, email or externalId, the identifiers the balance lookup takes: its balance cannot be read',
        add: 'a mobile, email or externalId on customer customer-2001',
      },
      {
        principal: 'lenient',
        customer: 'customer-2002',
        reason:
          'customer customer-2002 is looked up by its email, which customer customer-2003 has too: its balance cannot be read',
        add: 'a mobile, email or externalId of its own on customer customer-2002',
      },
    ]);
  });
});
