import { describe, expect, it } from 'vitest';
import {
  BALANCE_IDENTIFIERS,
  lookupIdentifier,
  NPA_IDENTIFIERS,
  namedCustomer,
  ScenarioSkip,
  UPP_IDENTIFIERS,
} from '../../src/engine/context.ts';
import type { OrgProfile } from '../../src/profile/types.ts';

/**
 * Fewer-fixtures hunt (2026-12-05): customers sharing a mobile (email primary), their externalIds
 * left out of the profile, were deducted from by that mobile; the target's 8015 (the value names
 * two customers) failed CAP-NPA-1218 and CAP-NPA-ARITHMETIC. A deduction or unlock that could only
 * name the customer by a shared value now skips, naming what to add.
 */
const org = {
  id: 'tenant',
  auth: { scheme: 'basic', username: 'u', password: 'p' },
  config: {
    negativeBalanceOnReturn: 'off',
    programs: [{ id: 1, roundDecimals: 2 }],
    dualEligibility: { enabled: true, primaryIdentifier: 'email' },
  },
  fixtures: {
    customers: {
      ada: { identifiers: { mobile: '999', email: 'ada@x' }, programs: [1] },
      avi: { identifiers: { mobile: '999', email: 'avi@x', externalId: 'E-AVI' }, programs: [1] },
    },
    roles: { deductible: 'ada' },
  },
} as unknown as OrgProfile;

const customer = (key: string) => namedCustomer(org, key)!;

describe('lookupIdentifier with values another customer shares', () => {
  it('skips a deduction naming the customer by a shared value only, saying what to add', () => {
    const lookup = () => lookupIdentifier(customer('ada'), NPA_IDENTIFIERS);
    expect(lookup).toThrow(ScenarioSkip);
    expect(lookup).toThrow(
      /only its mobile, which another declared customer has too.*\(add: identifiers\.mobile or identifiers\.externalId of its own on customer ada\)/,
    );
  });

  it('names the customer by a value of its own when it has one', () => {
    expect(lookupIdentifier(customer('avi'), NPA_IDENTIFIERS)).toEqual(['externalId', 'E-AVI']);
    // An unlock takes id, cuid and primaryUserId too: none declared, so it skips as well.
    expect(() => lookupIdentifier(customer('ada'), UPP_IDENTIFIERS)).toThrow(/of its own on customer ada/);
  });

  it("uses the shared value when asked to ('use': a balance read judges it itself)", () => {
    expect(lookupIdentifier(customer('ada'), NPA_IDENTIFIERS, undefined, 'use')).toEqual(['mobile', '999']);
    expect(lookupIdentifier(customer('ada'), BALANCE_IDENTIFIERS)).toEqual(['email', 'ada@x']);
  });
});

describe('lookupIdentifier under dual eligibility, the primary not declared', () => {
  // dual-external-id-lone-secondary-8015 with one customer declaring its mobile only: each unlock
  // sent that mobile alone, and the target's 8015 failed CAP-UPP-3918, -82323272 and four more.
  const externalIdPrimary = {
    ...org,
    config: { ...org.config, dualEligibility: { enabled: true, primaryIdentifier: 'externalId' } },
  } as OrgProfile;
  const amy = () =>
    namedCustomer(
      {
        ...externalIdPrimary,
        fixtures: { ...org.fixtures, customers: { amy: { identifiers: { mobile: '100' }, programs: [1] } } },
      } as unknown as OrgProfile,
      'amy',
    )!;

  it('skips a request that takes the primary, naming it, rather than send another identifier alone', () => {
    expect(() => lookupIdentifier(amy(), UPP_IDENTIFIERS)).toThrow(
      /declares no externalId of its own, the org's primary identifier.*\(add: identifiers\.externalId on customer amy\)/,
    );
  });

  it('sends another identifier when the request does not take the primary, or the caller judges it', () => {
    expect(lookupIdentifier(amy(), ['mobile', 'email'])).toEqual(['mobile', '100']);
    expect(lookupIdentifier(amy(), UPP_IDENTIFIERS, undefined, 'use')).toEqual(['mobile', '100']);
  });

  it('sends another identifier when dual eligibility is off, though the org names a primary', () => {
    const off = namedCustomer(
      {
        ...externalIdPrimary,
        config: { ...org.config, dualEligibility: { enabled: false, primaryIdentifier: 'externalId' } },
        fixtures: { ...org.fixtures, customers: { amy: { identifiers: { mobile: '100' }, programs: [1] } } },
      } as unknown as OrgProfile,
      'amy',
    )!;
    expect(lookupIdentifier(off, UPP_IDENTIFIERS)).toEqual(['mobile', '100']);
  });
});
