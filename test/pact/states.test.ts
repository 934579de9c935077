// Pact's native core sends telemetry unless told not to (TOOLING.md); set it in every Pact test file.
process.env.PACT_DO_NOT_TRACK = 'true';

import { describe, expect, it } from 'vitest';
import {
  type PactState,
  parseState,
  resolveState,
  STATE_KINDS,
  StateProblem,
  stateName,
  stateParams,
} from '../../src/pact/states.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';

const profile = loadProfile(REFERENCE_PROFILE_PATH, {
  overrides: { capillaryBaseUrl: 'http://127.0.0.1:1', fabricBaseUrl: 'http://127.0.0.1:1/api' },
});

const EXAMPLES: readonly PactState[] = [
  { kind: 'org', org: 'strict', negativeBalanceOnReturn: 'off' },
  { kind: 'customer', org: 'strict', customer: 'customer-1002' },
  { kind: 'customer-balance', org: 'strict', customer: 'customer-1001', points: 670, programId: 469 },
  {
    kind: 'customer-balance',
    org: 'lenient',
    customer: 'customer-2001',
    points: -17.01,
    programId: 469,
    requires: { below: 668 },
  },
  { kind: 'bill', org: 'strict', bill: 'billWhole' },
  { kind: 'bill-unlocked', org: 'strict', bill: 'billWithLineItems', unlocks: [{ lineItemIds: [64384] }] },
  { kind: 'member', member: 'member' },
  { kind: 'member-points', member: 'member', points: 500 },
  { kind: 'fabric' },
];

describe('provider states', () => {
  it('covers every kind of the vocabulary with an example', () => {
    expect(new Set(EXAMPLES.map((s) => s.kind))).toEqual(new Set(STATE_KINDS.map((k) => k.kind)));
  });

  it('reads back every state from its name and parameters', () => {
    for (const state of EXAMPLES) {
      const named = { name: stateName(state), params: stateParams(state) };
      expect(parseState(named), named.name).toEqual(state);
    }
  });

  it('names states after the profile’s fixtures', () => {
    expect(stateName(EXAMPLES[2] as PactState)).toBe(
      'customer customer-1001 of org strict has 670 points in program 469',
    );
    expect(stateName({ kind: 'member-points', member: 'member', points: 500 })).toBe(
      'fabric member member has 500 available points',
    );
  });

  it('returns undefined for a name outside the vocabulary', () => {
    expect(parseState({ name: 'the moon is full', params: {} })).toBeUndefined();
  });

  it('resolves a balance state to the customer’s identifiers and a set-balance action', () => {
    const resolved = resolveState(EXAMPLES[2] as PactState, profile);
    expect(resolved.values['customer.customer-1001.mobile']).toBe('919800001001');
    expect(resolved.referenceActions).toEqual([
      {
        action: 'set-balance',
        org: 'strict',
        identifierName: 'mobile',
        identifierValue: '919800001001',
        programId: 469,
        points: 670,
      },
    ]);
  });

  it('checks what a deduction needs of the balance on targets whose state cannot be set', () => {
    const resolved = resolveState(
      {
        kind: 'customer-balance',
        org: 'strict',
        customer: 'customer-1001',
        points: 667,
        programId: 469,
        requires: { below: 668 },
      },
      profile,
    );
    expect(resolved.targetActions).toEqual([
      {
        kind: 'check-balance',
        org: 'strict',
        identifierName: 'mobile',
        identifierValue: '919800001001',
        programId: 469,
        requires: { below: 668 },
      },
    ]);
    expect(resolveState(EXAMPLES[2] as PactState, profile).targetActions).toEqual([]);
  });

  it('resolves the org state to its promotion and points award, and bills to their numbers', () => {
    expect(resolveState(EXAMPLES[0] as PactState, profile).values).toMatchObject({
      'org.promotion.id': 5001,
      'org.promotion.identifier': 'SUMMER-2024',
      'org.pointsAwardedId': 70001,
    });
    const unlocked = resolveState(EXAMPLES[5] as PactState, profile);
    expect(unlocked.values['bill.billWithLineItems.billNumber']).toBe('B-1001-1');
    expect(unlocked.referenceActions).toEqual([
      expect.objectContaining({ action: 'unlock-bill', billNumber: 'B-1001-1', lineItemIds: [64384] }),
    ]);
  });

  it('explains what the profile lacks for an unknown org, fixture or configuration', () => {
    const problem = (state: PactState) => {
      try {
        resolveState(state, profile);
      } catch (error) {
        expect(error).toBeInstanceOf(StateProblem);
        return (error as Error).message;
      }
      return 'resolved';
    };
    expect(problem({ kind: 'customer', org: 'nowhere', customer: 'customer-1001' })).toContain(
      'names org nowhere, which the profile does not declare (orgs: strict, lenient)',
    );
    expect(problem({ kind: 'customer', org: 'strict', customer: 'customer-9' })).toContain(
      'names customer customer-9',
    );
    expect(problem({ kind: 'org', org: 'lenient', negativeBalanceOnReturn: 'off' })).toContain(
      'needs negative balance on return off',
    );
    expect(problem({ kind: 'member', member: 'nobody' })).toContain('names fabric member nobody');
  });
});
