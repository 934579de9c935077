import { beforeAll, describe, expect, it } from 'vitest';
import {
  groupByAdd,
  planSummaryLine,
  renderPlanJson,
  renderPlanMarkdown,
  renderPlanText,
} from '../../src/plan/render.ts';
import {
  arithmeticScenario,
  editedProfile,
  loadWorld,
  MINIMAL_PROFILE,
  type PlanWorld,
  planOf,
  REFERENCE_PROFILE,
} from './support.ts';

let world: PlanWorld;
beforeAll(async () => {
  world = await loadWorld();
});

describe('renderPlanText', () => {
  it('prints one line per requirement with each principal and why a rule is moot for it', () => {
    const text = renderPlanText(planOf(world, REFERENCE_PROFILE));
    expect(text).toMatch(
      /^CAP-NPA-8907 +MUST +strict: judgeable · lenient: not applicable \(negativeBalanceOnReturn is on for this org\)$/m,
    );
    expect(text).toMatch(
      /^FAB-INQ-BALANCE +(MUST|SHOULD) +fabric: judgeable if the target has the fabric member inquiry \(probed at run start\)$/m,
    );
    expect(text).toMatch(/^CAP-NPA-NO-RATE-LIMIT +SHOULD +untestable: "NA" does not say/m);
    expect(text).not.toMatch(/Not judgeable with this profile/);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '115 of 118 requirements judgeable with this profile (3 only if the target has the fabric member inquiry); 0 not judgeable; 0 not applicable; 3 untestable',
    );
  });

  it('groups what the minimal profile lacks by what to add, each fix once with the rules it unlocks', () => {
    const text = renderPlanText(planOf(world, MINIMAL_PROFILE));
    const section = text.slice(text.indexOf('Not judgeable with this profile'));
    expect(section.split('\n')[0]).toBe('Not judgeable with this profile (17 requirement@principal)');
    expect(section.match(/^ {2}add fixtures\.roles\.drainable$/gm)).toHaveLength(1);
    expect(section).toContain(
      [
        '  add fixtures.roles.drainable',
        '    CAP-NPA-EXACT-BALANCE @strict (or add fixtures.roles.drainableOtherProgram)',
        '    CAP-NPA-CONCURRENT-NO-OVERDRAW @strict',
        '    CAP-NPA-CONCURRENT-NO-LOST-UPDATE @strict',
        '',
      ].join('\n'),
    );
    expect(section).toContain(
      '  add a third bill in fixtures.bills (billSpare)\n    CAP-UPP-CONCURRENT-ONCE @strict @lenient (or add fixtures.bills.billSecondBurst: a bill still to unlock, with lineItemIds, of a customer no other role names)\n',
    );
    expect(section).toMatch(/^ {2}add restrictedAuth: .*\n {4}CAP-AUTH-ACCESS-GROUP @strict @lenient$/m);
    expect(section).toContain('  add programNotEnrolled on a customer\n    CAP-NPA-1218 @strict @lenient\n');
    // The lenient org's one bill has no promotion points; the strict org's declares them.
    expect(section).toContain(
      '  add promotionPoints: true on the bill with line items, a bill that also carries promised points of a promotion\n    CAP-UPP-RESPONSE-PROMOTION @lenient (or add a second bill in fixtures.bills (billWhole) + promotionPoints: true on billWhole, a bill that also carries promised points of a promotion)\n',
    );
    expect(text).toMatch(/^CAP-NPA-EXACT-BALANCE +MUST +strict: not judgeable · lenient: not applicable/m);
    expect(text.trimEnd().split('\n').at(-1)).toBe(
      '106 of 118 requirements judgeable with this profile (3 only if the target has the fabric member inquiry); 9 not judgeable; 0 not applicable; 3 untestable',
    );
  });

  it('names the other ways to unlock a rule after its cheapest one', () => {
    const scenario = arithmeticScenario;
    const plan = planOf(world, MINIMAL_PROFILE, {
      scenarios: [
        scenario('restricted', ['restrictedAuth']),
        scenario('promotion', ['drainable', 'promotion']),
      ],
    });
    const groups = groupByAdd(plan);
    // One fix for all: the universal rules need any scenario to run, CAP-NPA-ARITHMETIC one of its two.
    expect(groups.map((g) => g.add)).toEqual([[expect.stringMatching(/^restrictedAuth: /)]]);
    // Besides it, strict lacks a drainable customer and a promotion; lenient only the promotion (its
    // negative balance lets the deductible customer drain).
    expect(groups[0]?.requirements.filter((r) => r.id === 'CAP-NPA-ARITHMETIC')).toEqual([
      {
        id: 'CAP-NPA-ARITHMETIC',
        principals: ['strict'],
        alternatives: [['fixtures.roles.drainable', 'fixtures.promotion (id, identifier, programId)']],
      },
      {
        id: 'CAP-NPA-ARITHMETIC',
        principals: ['lenient'],
        alternatives: [['fixtures.promotion (id, identifier, programId)']],
      },
    ]);
    const text = renderPlanText(plan);
    expect(text).toMatch(
      /^ {4}CAP-NPA-ARITHMETIC @strict \(or add fixtures\.roles\.drainable \+ fixtures\.promotion \(id, identifier, programId\)\)$/m,
    );
    expect(text).toMatch(
      /^ {4}CAP-NPA-ARITHMETIC @lenient \(or add fixtures\.promotion \(id, identifier, programId\)\)$/m,
    );
  });
});

describe('planSummaryLine', () => {
  it('counts read-only and uncovered requirements only when there are some', () => {
    const plan = planOf(world, MINIMAL_PROFILE);
    const totals = { ...plan.totals, 'read-only': 2, uncovered: 1 };
    expect(planSummaryLine({ ...plan, totals })).toBe(
      '106 of 118 requirements judgeable with this profile (3 only if the target has the fabric member inquiry); 9 not judgeable; 0 not applicable; 2 read-only (safety: no mutations); 3 untestable; 1 uncovered',
    );
  });
});

describe('renderPlanMarkdown', () => {
  it('is a table of every requirement with its status, per principal detail and what to add', () => {
    const plan = planOf(world, MINIMAL_PROFILE);
    const lines = renderPlanMarkdown(plan).split('\n');
    expect(lines[0]).toBe('# Plan: what profile minimal lets the suite judge');
    const header = lines.indexOf('| requirement | level | status | per principal | to add |');
    expect(lines[header + 1]).toBe('|---|---|---|---|---|');
    const rows = lines.filter((l) => /^\| [A-Z]+-/.test(l));
    expect(rows).toHaveLength(plan.requirements.length);
    expect(rows).toContain(
      '| CAP-NPA-EXACT-BALANCE | MUST | not judgeable | strict: not judgeable; lenient: not applicable (negativeBalanceOnReturn is on for this org) | fixtures.roles.drainable; fixtures.roles.drainableOtherProgram |',
    );
    expect(lines).toContain(
      '| fixtures.roles.drainable | CAP-NPA-EXACT-BALANCE @strict, CAP-NPA-CONCURRENT-NO-OVERDRAW @strict, CAP-NPA-CONCURRENT-NO-LOST-UPDATE @strict |',
    );
    // Every row has its five cells: no pipe of a value breaks the table.
    for (const row of rows) expect(row.split(/(?<!\\)\|/).length, row).toBe(7);
  });
});

describe('renderPlanJson', () => {
  it('is the plan itself', () => {
    const plan = planOf(world, MINIMAL_PROFILE);
    expect(JSON.parse(renderPlanJson(plan))).toEqual(JSON.parse(JSON.stringify(plan)));
  });
});

describe('plan warnings', () => {
  const plan = () =>
    planOf(
      world,
      editedProfile({ delete: ['capillary.orgs.0.fixtures.customers.customer-1004.identifiers.mobile'] }),
    );
  const WARNING =
    "strict: customer customer-1004 declares no mobile, the org's primary identifier: its balance cannot be read, so the scenarios that read it skip (add: identifiers.mobile on customer customer-1004)";

  it('prints each warning before the summary line, never an identifier value', () => {
    const text = renderPlanText(plan());
    expect(text).toContain(`\nWarnings (1)\n  ${WARNING}\n`);
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/requirements judgeable with this profile/);
    expect(text).not.toMatch(/zero@example\.com|EXT-1004/);
  });

  it('lists the warnings in Markdown', () => {
    expect(renderPlanMarkdown(plan())).toContain(`## Warnings\n\n- ${WARNING}\n`);
  });
});
