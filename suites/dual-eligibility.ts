import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, lookupIdentifier, NPA_IDENTIFIERS, readBalance } from '../src/engine/context.ts';
import { listable } from '../src/engine/fixtures.ts';
import type { Applicability, NamedCustomer, ScenarioContext, Suite } from '../src/engine/types.ts';
import type { OrgProfile } from '../src/profile/types.ts';
import { verifyBalance, withProgramsNow } from './balance-verify.ts';
import { ledgerShownBy } from './points-available.ts';
import {
  answerOf,
  balanceText,
  deduct,
  defineScenario,
  entityOf,
  identifierOrSkip,
  minus,
  sameBalance,
  sameBalanceEvidence,
  sameBalanceShown,
  samePoints,
  succeeded,
  unknownIdentifierValue,
  verifyMainUnchanged,
} from './support.ts';

type IdName = 'mobile' | 'email' | 'externalId';
const NAMES: readonly IdName[] = ['mobile', 'email', 'externalId'];

const whenDualEligibility = (org: OrgProfile): Applicability => {
  const dual = org.config.dualEligibility;
  if (dual?.enabled && dual.primaryIdentifier) return { run: true };
  return {
    run: false,
    reason:
      dual?.enabled === false
        ? 'dual eligibility is off for this org'
        : 'the profile does not declare dual eligibility for this org (add: config.dualEligibility: { enabled: true, primaryIdentifier } when the org has it, { enabled: false } when not)',
  };
};

/**
 * A customer's value of `name` for a comma-separated list: the page pairs names and values by
 * position, so a value holding a comma cannot be sent in a list (the scenario skips, saying so).
 */
function listValue(ctx: ScenarioContext, customer: NamedCustomer, name: IdName): string {
  const value = identifierOrSkip(ctx, customer, name);
  if (listable(value)) return value;
  return ctx.skip(
    `customer ${customer.key}'s ${name} holds a comma, which the page's comma-separated identifierValue list cannot carry (add: a ${name} without a comma on customer ${customer.key})`,
  );
}

/**
 * The non-primary identifier whose value customers `a` and `b` both hold, among the values `usable`
 * accepts (a value a list can carry, or any non-empty one).
 */
const sharedName = (
  primary: string | undefined,
  a: NamedCustomer,
  b: NamedCustomer,
  usable: (value: string | undefined) => boolean = Boolean,
) => NAMES.find((n) => n !== primary && usable(a.identifiers[n]) && a.identifiers[n] === b.identifiers[n]);

/** The pair, the org's primary identifier and the secondary identifier they share (looked up in lists). */
function setting(ctx: ScenarioContext) {
  const [a, b] = ctx.sharedSecondary();
  const primary = ctx.org?.config.dualEligibility?.primaryIdentifier as IdName;
  const shared = sharedName(primary, a, b, listable);
  if (!shared) return ctx.skip('the two customers declare no shared secondary identifier without a comma');
  const need = (c: NamedCustomer, n: IdName) => listValue(ctx, c, n);
  return { a, b, primary, shared, need };
}

/**
 * One customer's identifiers under dual eligibility: the primary and the non-primary ones it has
 * (`listed`: those a comma-separated list can carry, with `listValue` for their values in a list).
 * A lone secondary, a list without the primary and the order of a list need no second customer.
 */
function ownIdentifiers(ctx: ScenarioContext) {
  const customer = ctx.customer('deductible');
  const primary = ctx.org?.config.dualEligibility?.primaryIdentifier as IdName;
  const value = (n: IdName) => identifierOrSkip(ctx, customer, n);
  const secondaries = NAMES.filter((n) => n !== primary && customer.identifiers[n]);
  const listed = secondaries.filter((n) => listable(customer.identifiers[n]));
  return {
    customer,
    primary,
    secondaries,
    listed,
    value,
    listValue: (n: IdName) => listValue(ctx, customer, n),
  };
}

/** Each customer of the shared pair, its primary and the shared secondary. */
function sharedPairs(ctx: ScenarioContext) {
  const { a, b, primary, shared, need } = setting(ctx);
  return [a, b].map((c) => ({ primary, shared, value: (n: IdName) => need(c, n) }));
}

/** The deductible customer, its primary and its first secondary a list can carry. */
function ownPair(ctx: ScenarioContext) {
  const { primary, listed, listValue } = ownIdentifiers(ctx);
  const shared =
    listed[0] ??
    ctx.skip(
      "the customer has no non-primary identifier without a comma (a value holding one cannot stand in the page's comma-separated lists)",
    );
  return { primary, shared, value: listValue };
}

const lookup = (
  ctx: ScenarioContext,
  names: string[],
  values: string[],
  options: Record<string, string> = {},
) =>
  ctx.call('getPointsBalance', {
    query: {
      identifierName: names.join(','),
      identifierValue: values.join(','),
      source: 'INSTORE',
      ...options,
    },
  });

/**
 * A list lookup is a lookup like another: the programId and fetchDataForAllPrograms beside it
 * choose the programs as they do beside the primary alone (the page's table of the two). Read for
 * the deductible customer, over all programs (with and without the id of a program other than the
 * default) and in that program alone.
 */
async function judgeListKeepsPrograms(ctx: ScenarioContext): Promise<void> {
  const own = ownIdentifiers(ctx);
  const secondary = own.listed[0];
  if (!secondary || !listable(own.customer.identifiers[own.primary])) return;
  const defaultId = ctx.org?.config.defaultProgramId;
  const other = own.customer.programs.find((p) => p !== defaultId);
  const choices: Record<string, string>[] = [
    { fetchDataForAllPrograms: 'true' },
    ...(other === undefined
      ? []
      : [
          { programId: String(other), fetchDataForAllPrograms: 'false' },
          // The table's first row: a programId beside true still reads all programs, listed or not.
          { programId: String(other), fetchDataForAllPrograms: 'true' },
        ]),
  ];
  for (const options of choices) {
    const alone = await lookup(ctx, [own.primary], [own.listValue(own.primary)], options);
    const list = await lookup(
      ctx,
      [secondary, own.primary],
      [own.listValue(secondary), own.listValue(own.primary)],
      options,
    );
    if (!succeeded(alone) || !ctx.expectSuccess('CAP-BAL-DUAL-MULTI', list)) continue;
    const [single, multi] = [readBalance(alone), readBalance(list)];
    ctx.verify(
      'CAP-BAL-DUAL-MULTI',
      sameBalance(multi, single),
      sameBalanceEvidence(multi, single, {
        expected: `with ${new URLSearchParams(options)}: by ${secondary},${own.primary} as by ${own.primary} alone (${balanceText(single)})`,
        actual: balanceText(multi),
        exchanges: [alone, list],
      }),
    );
  }
}

/**
 * "If one of the provided values matches the primary key, the API uses it for the lookup": beside
 * the deductible customer's primary, a secondary value no customer has (well formed, so that no
 * shape rule applies), and one that names another declared customer alone (a target letting a
 * secondary that names one customer decide, or refusing values that disagree, shows it there),
 * still give that customer, its balance as by the primary alone.
 */
async function judgeOtherSecondaryIgnored(ctx: ScenarioContext): Promise<void> {
  const own = ownIdentifiers(ctx);
  const secondary = own.listed[0];
  if (!secondary || !listable(own.customer.identifiers[own.primary])) return;
  const alone = await lookup(ctx, [own.primary], [own.listValue(own.primary)]);
  const lists: [string, IdName, string][] = [
    ['a value no customer has', secondary, unknownIdentifierValue(secondary, ctx.seed)],
  ];
  const other = otherCustomersSecondary(ctx, own.customer);
  if (other) lists.push([`customer ${other.key}'s own ${other.name}`, other.name, other.value]);
  if (!succeeded(alone)) return;
  const single = readBalance(alone);
  for (const [what, name, value] of lists) {
    const list = await lookup(ctx, [name, own.primary], [value, own.listValue(own.primary)]);
    if (!ctx.expectSuccess('CAP-BAL-DUAL-MULTI', list)) continue;
    const multi = readBalance(list);
    ctx.verify(
      'CAP-BAL-DUAL-MULTI',
      sameBalance(multi, single),
      sameBalanceEvidence(multi, single, {
        expected: `by ${name} (${what}),${own.primary}: the customer of ${own.primary} alone (${balanceText(single)})`,
        actual: balanceText(multi),
        exchanges: [alone, list],
      }),
    );
  }
}

/**
 * A non-primary identifier of a declared customer other than `customer` that it holds alone (no
 * other declared customer shares it, `customer` has another value) and a list can carry; undefined
 * where the profile declares none (the shared pair are the other customers a profile declares).
 */
function otherCustomersSecondary(ctx: ScenarioContext, customer: NamedCustomer) {
  if (ctx.lacks('sharedSecondary')) return undefined;
  const primary = ctx.org?.config.dualEligibility?.primaryIdentifier;
  for (const other of ctx.sharedSecondary()) {
    if (other.key === customer.key) continue;
    for (const name of NAMES) {
      const value = other.identifiers[name];
      if (name === primary || other.sharedIdentifiers?.includes(name) || !listable(value)) continue;
      if (customer.identifiers[name] !== value) return { key: other.key, name, value };
    }
  }
  return undefined;
}

/**
 * Judges a lookup that names no customer: refused (the rule); 8015, the documented "not found",
 * only warns when missing, since a target may check a value's shape (a mobile's digits) first.
 */
function expectNotFound(
  ctx: ScenarioContext,
  requirementId: string,
  exchange: Exchange,
  what: string,
  inferred = 'a target may validate the shape of a value before looking the customer up',
): void {
  if (!ctx.expectRejected(requirementId, exchange)) return;
  ctx.verify(requirementId, errorCodesOf(exchange).includes(8015), {
    expected: `error code 8015 for ${what}`,
    actual: answerOf(exchange),
    exchanges: [exchange],
    inferred,
  });
}

/**
 * The sharedSecondary pair's shared value alone, refused with 8015 as a value one customer holds is
 * ("If you provide only one identifier that is not the primary identifier, the system will return
 * an error, 8015"): a target resolving only a value two customers share, to its first holder,
 * refuses every unique one (twenty-fifth fault hunt). A lone value is no list: a comma is no bar.
 */
async function judgeSharedLoneSecondary(ctx: ScenarioContext): Promise<void> {
  const requirement = 'CAP-BAL-DUAL-SINGLE-NON-PRIMARY';
  const primary = ctx.org?.config.dualEligibility?.primaryIdentifier;
  const [a, b] = ctx.org?.fixtures.roles.sharedSecondary ? ctx.sharedSecondary() : [];
  const name = a && b ? sharedName(primary, a, b) : undefined;
  if (!a || !name) {
    ctx.notJudged(
      requirement,
      'a lone secondary value two customers share not tried: the profile declares no such pair (add: fixtures.roles.sharedSecondary: two customers with the same email or externalId, neither the primary identifier)',
    );
    return;
  }
  ctx.expectErrorCode(requirement, await lookup(ctx, [name], [a.identifiers[name]!]), 8015);
}

/** Balance lookups with several identifiers, resolved through the org's primary identifier. */
export const dualEligibilitySuite: Suite = {
  name: 'dual-eligibility',
  description:
    'several identifiers resolve through the primary; a lone secondary or a list without the primary is 8015',
  scenarios: [
    defineScenario({
      id: 'dual-eligibility.resolves-through-primary',
      title:
        "secondary + primary identifiers return the primary's customer, for both customers sharing the secondary",
      requirements: ['CAP-BAL-DUAL-MULTI', 'CAP-BAL-DUAL-SINGLE-PROFILE', 'CAP-BAL-ENTITY'],
      fixtures: ['sharedSecondary'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['dual-eligibility', 'balance'],
      mutates: false,
      appliesTo: whenDualEligibility,
      async run(ctx) {
        const { a, b, primary, shared, need } = setting(ctx);
        const entities: (string | undefined)[] = [];
        const ownEntities: (string | undefined)[] = [];
        // Each list lookup's balance is its primary's alone, as CAP-BAL-DUAL-MULTI judges it: a
        // profile merged with the other holder of the shared secondary is no single profile, even
        // under the primary's entityId (fault hunt 45, dual-list-profiles-merged).
        const ownBalances: boolean[] = [];
        for (const customer of [a, b]) {
          const single = readBalance(await lookup(ctx, [primary], [need(customer, primary)]));
          ctx.verify('CAP-BAL-ENTITY', entityOf(single) !== undefined, {
            expected: 'entityId (not null) in the balance answer',
            actual: JSON.stringify(single.exchange.response?.body).slice(0, 160),
            exchanges: [single.exchange],
          });
          const multi = await lookup(
            ctx,
            [shared, primary],
            [need(customer, shared), need(customer, primary)],
          );
          if (!ctx.expectSuccess('CAP-BAL-DUAL-MULTI', multi)) continue;
          const reading = readBalance(multi);
          ctx.verify(
            'CAP-BAL-DUAL-MULTI',
            sameBalance(reading, single),
            sameBalanceEvidence(reading, single, {
              expected: `customer ${customer.key}: ${balanceText(single)} (as the primary alone)`,
              actual: balanceText(reading),
              exchanges: [single.exchange, multi],
            }),
          );
          entities.push(entityOf(reading));
          ownEntities.push(entityOf(single));
          ownBalances.push(sameBalanceShown(reading, single));
        }
        // The lookup goes through the primary: a primary value no customer has does not resolve
        // through the secondary beside it (one of the first customer's own where it has one, so
        // that a target falling back on it would find a single customer).
        const own = NAMES.find((n) => n !== primary && n !== shared && listable(a.identifiers[n])) ?? shared;
        const unknownPrimary = await lookup(
          ctx,
          [own, primary],
          [need(a, own), unknownIdentifierValue(primary, ctx.seed)],
        );
        // 8015 is the page's one answer: the value is unknownIdentifierValue(primary), the very value
        // dual-eligibility.unknown-customer-8015 must see refused with 8015 alone (CAP-BAL-8015), so a
        // shape check cannot excuse another code here (thirty-second fault hunt: a refusal with no
        // code only warned).
        ctx.expectErrorCode('CAP-BAL-DUAL-MULTI', unknownPrimary, 8015);
        if (entities.length === 2) {
          // Each the profile of its primary alone: two different ids that are not the primaries'
          // own (the primary's value echoed as entityId, say) are no single profile either (fault
          // hunt 41). Where the primary alone answers no entityId, only that the two differ.
          const own = entities.every(
            (entity, i) => ownEntities[i] === undefined || entity === ownEntities[i],
          );
          const alone = ownBalances.every(Boolean);
          ctx.verify('CAP-BAL-DUAL-SINGLE-PROFILE', entities[0] !== entities[1] && own && alone, {
            expected: `the two customers sharing a secondary identifier resolve to two different profiles, each its primary's alone (entityIds ${ownEntities.map(String).join(' and ')}, each with its primary's balance)`,
            actual: `entityIds ${entities.map(String).join(' and ')}${alone ? '' : "; a balance other than its primary's alone"}`,
          });
        }
      },
    }),

    defineScenario({
      id: 'dual-eligibility.pairs-in-order',
      title: 'names and values pair by position: either order works, swapped values do not resolve',
      requirements: ['CAP-BAL-DUAL-ORDER', 'CAP-BAL-DUAL-MULTI'],
      fixtures: ['secondaryIdentifier'],
      // The list beside the primary needs a secondary a list can carry (no comma).
      requirementNeeds: { 'CAP-BAL-DUAL-MULTI': ['twoSecondaryIdentifiers'] },
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['dual-eligibility', 'balance'],
      mutates: false,
      appliesTo: whenDualEligibility,
      async run(ctx) {
        // A secondary value two customers share tells a target reading the first identifier from
        // one reading the primary; the deductible customer's own secondary is the fallback.
        // Both customers of the pair: a target resolving one order through the shared secondary
        // finds the first customer holding it, right for one of the two only.
        const pairs = ctx.lacks('sharedSecondary') ? [ownPair(ctx)] : sharedPairs(ctx);
        const { primary, shared, value } = pairs[0]!;
        let forward: Exchange | undefined;
        for (const pair of pairs) {
          const ahead = await lookup(
            ctx,
            [pair.primary, pair.shared],
            [pair.value(pair.primary), pair.value(pair.shared)],
          );
          const behind = await lookup(
            ctx,
            [pair.shared, pair.primary],
            [pair.value(pair.shared), pair.value(pair.primary)],
          );
          forward ??= ahead;
          if (
            ctx.expectSuccess('CAP-BAL-DUAL-ORDER', ahead) &&
            ctx.expectSuccess('CAP-BAL-DUAL-ORDER', behind)
          ) {
            ctx.verify('CAP-BAL-DUAL-ORDER', entityOf(readBalance(ahead)) === entityOf(readBalance(behind)), {
              expected: 'the same customer whichever identifier comes first',
              actual: `${String(readBalance(ahead).entityId)} vs ${String(readBalance(behind).entityId)}`,
              exchanges: [ahead, behind],
            });
          }
        }
        // Swapped values put the secondary's value under the primary's name: no customer has it.
        // Refused is expected; 8015 is the documented "not found", but a target may check a
        // value's shape (a mobile's digits) first, so another code only warns. The page asks the
        // caller to keep the order ("Ensure the order of the identifierName matches the
        // identifierValue") and does not say what a list out of order gets: a target finding the
        // customer whose primary value is listed ("If one of the provided values matches the
        // primary key, the API uses it"), as the list in order does, only warns (rule audit of the
        // balance read, variant dual-list-primary-by-value).
        const swapped = await lookup(ctx, [primary, shared], [value(shared), value(primary)]);
        const readable = (e: Exchange | undefined): e is Exchange => !!e && succeeded(e);
        const inOrder = readable(forward) ? readBalance(forward) : undefined;
        if (inOrder && readable(swapped) && sameBalance(readBalance(swapped), inOrder))
          ctx.verify('CAP-BAL-DUAL-ORDER', false, {
            expected: 'swapped values refused (8015: no customer has the primary identifier sent)',
            actual: `the customer of the list in order: ${balanceText(readBalance(swapped))}`,
            exchanges: [inOrder.exchange, swapped],
            inferred:
              'the page asks the caller to keep names and values in order and does not say what a list out of order gets; the primary value listed names this customer',
          });
        else expectNotFound(ctx, 'CAP-BAL-DUAL-ORDER', swapped, 'swapped values');
        // Three identifiers (the page names email, mobile and externalId), the primary last: its
        // value is the one at its own position.
        const own = ownIdentifiers(ctx);
        const [first, second] = own.listed;
        if (
          first &&
          second &&
          listable(own.customer.identifiers[own.primary]) &&
          forward &&
          ctx.expectSuccess('CAP-BAL-DUAL-ORDER', forward)
        ) {
          const single = readBalance(await lookup(ctx, [own.primary], [own.value(own.primary)]));
          // The primary last, then between the two: "It parses all submitted identifiers".
          for (const names of [
            [first, second, own.primary],
            [first, own.primary, second],
          ]) {
            const three = await lookup(ctx, names, names.map(own.listValue));
            if (ctx.expectSuccess('CAP-BAL-DUAL-ORDER', three))
              ctx.verify('CAP-BAL-DUAL-ORDER', entityOf(readBalance(three)) === entityOf(single), {
                expected: `by ${names.join(',')}: entityId ${String(single.entityId)}, the customer of ${own.primary} ${own.value(own.primary)}`,
                actual: `entityId ${String(readBalance(three).entityId)}`,
                exchanges: [single.exchange, three],
              });
          }
        }
        await judgeListKeepsPrograms(ctx);
        await judgeOtherSecondaryIgnored(ctx);
      },
    }),

    defineScenario({
      id: 'dual-eligibility.lone-secondary-8015',
      title: 'a single identifier that is not the primary fails with 8015',
      requirements: ['CAP-BAL-DUAL-SINGLE-NON-PRIMARY'],
      fixtures: ['secondaryIdentifier'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['dual-eligibility', 'error-code'],
      mutates: false,
      appliesTo: whenDualEligibility,
      async run(ctx) {
        const { customer, secondaries, value } = ownIdentifiers(ctx);
        for (const name of secondaries) {
          const exchange = await lookup(ctx, [name], [value(name)]);
          ctx.expectErrorCode('CAP-BAL-DUAL-SINGLE-NON-PRIMARY', exchange, 8015);
        }
        // The first secondary again beside each program choice of the page's table, its own program
        // alone and all programs: the note makes no exception for either, and a target holding to
        // the primary on its bare lookup only (a programId or all programs going through another
        // lookup) passed while every probe named neither (fault hunt 64).
        const first = secondaries[0];
        const choices: Record<string, string>[] = [
          { programId: String(customer.programs[0]), fetchDataForAllPrograms: 'false' },
          { fetchDataForAllPrograms: 'true' },
        ];
        for (const options of choices) {
          if (first === undefined) break;
          const exchange = await lookup(ctx, [first], [value(first)], options);
          ctx.expectErrorCode('CAP-BAL-DUAL-SINGLE-NON-PRIMARY', exchange, 8015);
        }
        await judgeSharedLoneSecondary(ctx);
      },
    }),

    defineScenario({
      id: 'dual-eligibility.no-primary-8015',
      title: 'several identifiers without the primary fail with 8015',
      requirements: ['CAP-BAL-DUAL-NO-PRIMARY'],
      fixtures: ['twoSecondaryIdentifiers'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['dual-eligibility', 'error-code'],
      mutates: false,
      appliesTo: whenDualEligibility,
      async run(ctx) {
        const { customer, primary, listed, listValue } = ownIdentifiers(ctx);
        const [one, other] = listed;
        if (!one || !other)
          return ctx.skip(
            "the customer has fewer than two non-primary identifiers without a comma (a value holding one cannot stand in the page's comma-separated lists)",
          );
        // First the same two beside the primary where a list can carry it (not judged here:
        // CAP-BAL-DUAL-MULTI's): a target answering a list from the customers earlier lookups
        // resolved its values to answers the lists below without it, in any run order (fault
        // dual-no-primary-served-from-lookup-cache).
        const primaryValue = customer.identifiers[primary];
        if (primaryValue && listable(primaryValue))
          await lookup(ctx, [primary, one, other], [primaryValue, listValue(one), listValue(other)]);
        const exchange = await lookup(ctx, [one, other], [listValue(one), listValue(other)]);
        ctx.expectErrorCode('CAP-BAL-DUAL-NO-PRIMARY', exchange, 8015);
        // In the other order too: a target resolving a list through its first identifier when that
        // one is a unique key (externalId) refuses only lists led by another (fault hunt 48,
        // dual-no-primary-external-id-first-resolved).
        const reversed = await lookup(ctx, [other, one], [listValue(other), listValue(one)]);
        ctx.expectErrorCode('CAP-BAL-DUAL-NO-PRIMARY', reversed, 8015);
      },
    }),

    defineScenario({
      id: 'dual-eligibility.unknown-customer-8015',
      title:
        'an identifier value no customer has fails with 8015 (the primary; without dual eligibility each name the page shows)',
      requirements: ['CAP-BAL-8015'],
      fixtures: [],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['balance', 'error-code'],
      mutates: false,
      async run(ctx) {
        const dual = ctx.org?.config.dualEligibility;
        const primary = dual?.primaryIdentifier ?? 'mobile';
        const value = unknownIdentifierValue(primary, ctx.seed);
        ctx.expectErrorCode('CAP-BAL-8015', await lookup(ctx, [primary], [value]), 8015);
        // 8015's reason, "The identifier provided is incorrect", holds for each identifier the page
        // shows: an unknown email or externalId is refused too, not answered with an empty balance.
        // Under dual eligibility a lone secondary is 8015 whatever its value
        // (CAP-BAL-DUAL-SINGLE-NON-PRIMARY). Whether a target takes each name at all is a SHOULD
        // (CAP-BAL-IDENTIFIER-NAMES), so a refusal with another code only warns.
        if (dual?.enabled) return;
        for (const name of NAMES.filter((n) => n !== primary))
          expectNotFound(
            ctx,
            'CAP-BAL-8015',
            await lookup(ctx, [name], [unknownIdentifierValue(name, ctx.seed)]),
            `an unknown ${name}`,
            `a target may not take identifierName ${name} (CAP-BAL-IDENTIFIER-NAMES, inferred) or may validate a value's shape first`,
          );
      },
    }),

    defineScenario({
      id: 'dual-eligibility.multi-after-deduction',
      title:
        "secondary + primary identifiers read the primary's balance as it is now: a deduction shows at once",
      requirements: ['CAP-BAL-DUAL-MULTI', 'CAP-NPA-NO-SIDE-EFFECT'],
      fixtures: ['sharedSecondary'],
      family: 'capillary',
      usesBalanceLookup: false,
      tags: ['dual-eligibility', 'balance', 'deduction'],
      mutates: true,
      appliesTo: whenDualEligibility,
      async run(ctx) {
        // A customer of the pair sharing a secondary identifier (the first, or the second when the
        // first has no point to deduct): the list names it by the shared value and its primary, as
        // the balance page's dual-eligibility lookup does.
        const { a, b, primary, shared, need } = setting(ctx);
        const readerOf = (customer: NamedCustomer) => {
          const programId = customer.programs[0];
          return (names: IdName[]) =>
            ctx.call('getPointsBalance', {
              query: {
                identifierName: names.join(','),
                identifierValue: names.map((name) => need(customer, name)).join(','),
                source: 'INSTORE',
                ...(programId === undefined ? {} : { programId: String(programId) }),
                // Sent, as every read of one program: the page's table says what false does, not what
                // its absence means, and a target reading all programs then (variant
                // dual-pair-two-programs-half-even-all-by-default) read a sum the tie confirmation's
                // program read never shows.
                fetchDataForAllPrograms: 'false',
              },
            });
        };
        const negativeOn = ctx.org?.config.negativeBalanceOnReturn === 'on';
        let found:
          | { customer: NamedCustomer; first: Exchange; before: ReturnType<typeof readBalance> }
          | undefined;
        for (const candidate of [a, b]) {
          const first = await readerOf(candidate)([shared, primary]);
          if (!ctx.expectSuccess('CAP-BAL-DUAL-MULTI', first)) return;
          const before = readBalance(first);
          if (negativeOn || before.mainPoints >= 1) {
            found = { customer: candidate, first, before };
            break;
          }
        }
        if (!found)
          return ctx.skip(
            `neither customer of the shared pair (${a.key}, ${b.key}) has a point to deduct in its first program (add: a point on either)`,
          );
        const { customer, first, before } = found;
        const read = readerOf(customer);
        // The deduction names the customer as the deduction page allows (mobile or externalId): by a
        // value the pair shares it may name either, so nothing can be judged then; a refused
        // deduction is the deduction rules' to judge.
        const [by] = lookupIdentifier(customer, NPA_IDENTIFIERS, undefined, 'use');
        if (customer.sharedIdentifiers?.includes(by)) {
          ctx.notJudged(
            'CAP-BAL-DUAL-MULTI',
            `customer ${customer.key} can be named to a deduction only by the ${by} it shares`,
          );
          return;
        }
        const exchange = await deduct(ctx, customer, 1);
        if (!succeeded(exchange)) {
          ctx.notJudged('CAP-BAL-DUAL-MULTI', `the deduction of 1 point was refused: ${answerOf(exchange)}`);
          // But a refusal moves nothing (fault hunt 29: one that took its point was never read): the
          // same list read again, as the customer's balance was read before it.
          const again = exchange.response ? await read([shared, primary]) : undefined;
          if (again && succeeded(again))
            verifyMainUnchanged(ctx, 'CAP-NPA-NO-SIDE-EFFECT', before, readBalance(again), [exchange]);
          return;
        }
        // The same list read again, and the primary alone: one customer, one balance, 1 point lower.
        const again = await read([shared, primary]);
        if (!ctx.expectSuccess('CAP-BAL-DUAL-MULTI', again)) return;
        const multi = readBalance(again);
        const single = readBalance(await read([primary]));
        // Two reads of one customer's one balance, one after the other: the same figure, or one
        // written with fewer decimals (variant hunt 56: the list's service writing the ledger's
        // 249.63 beside the primary's display of 250, as the other three checks read them).
        ctx.verify(
          'CAP-BAL-DUAL-MULTI',
          samePoints(multi.mainPoints, single.mainPoints),
          sameBalanceEvidence(multi, single, {
            expected: `mainPoints by ${shared},${primary} as by ${primary} alone (${single.mainPoints}), 1 point deducted since the first read`,
            actual: `mainPoints ${multi.mainPoints} by ${shared},${primary}`,
            exchanges: [first, exchange, again, single.exchange],
          }),
        );
        // A program holding a hidden half, written whole half to even, reads the point's move as 0
        // or 2 (variant hunt 27): one more point there, the customer read as usual, confirms the tie
        // (the list read was just judged the same as the primary's).
        const [moved, checked] = await withProgramsNow(
          ctx,
          customer,
          multi.mainPoints,
          {
            plus: [before.mainPoints],
            delta: -1,
            seen: [before, multi, single],
            deductions: ledgerShownBy(ctx, customer, [exchange]),
          },
          { requirement: 'CAP-BAL-DUAL-MULTI', deduction: exchange },
          { programId: customer.programs[0] },
        );
        verifyBalance(ctx, 'CAP-BAL-DUAL-MULTI', multi.mainPoints, moved, {
          expected: `mainPoints ${minus(before.mainPoints, 1)} by ${shared},${primary} after deducting 1 point`,
          actual: `mainPoints ${multi.mainPoints}`,
          exchanges: [first, exchange, again, ...checked],
        });
      },
    }),
  ],
};
