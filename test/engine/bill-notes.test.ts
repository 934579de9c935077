import { describe, expect, it } from 'vitest';
import { createScenarioContext } from '../../src/engine/context.ts';
import type { BillNote } from '../../src/engine/types.ts';
import { promisedPointsSuite } from '../../suites/promised-points.ts';
import { fakeContextHost, fakeExchange, fakeProfile } from './fakes.ts';

const org = fakeProfile().capillary!.orgs[0]!;
const unused = async () => fakeExchange(200, {}, 1);

/** A context of scenario `scenarioId` for `principal`, sharing the run's `notes`. */
const contextOf = (notes: Map<string, BillNote[]>, scenarioId: string, principal = 'tenant') =>
  createScenarioContext(fakeContextHost(org, unused, { billNotes: notes, scenarioId, principal }));

describe('notes on a declared bill (one map per run)', () => {
  it('reach a later scenario of the same principal once, naming the scenario that left them', () => {
    const notes = new Map<string, BillNote[]>();
    const exchange = fakeExchange(400, { errors: [{ status: false, code: 82323282 }] }, 7);
    contextOf(notes, 'refusals').noteOnBill('billWhole', {
      requirementId: 'CAP-UPP-82323272',
      expected: 'error code 82323272',
      exchange,
    });
    const later = contextOf(notes, 'unlock');
    expect(later.takeBillNotes('billWhole')).toEqual([
      {
        requirementId: 'CAP-UPP-82323272',
        expected: 'error code 82323272',
        exchange,
        scenarioId: 'refusals',
      },
    ]);
    expect(later.takeBillNotes('billWhole')).toEqual([]);
  });

  it('are kept apart by principal and by bill', () => {
    const notes = new Map<string, BillNote[]>();
    const note = { requirementId: 'CAP-UPP-82323271', expected: 'x', exchange: fakeExchange(400, {}, 1) };
    contextOf(notes, 'refusals', 'strict').noteOnBill('billWhole', note);
    expect(contextOf(notes, 'unlock', 'lenient').takeBillNotes('billWhole')).toEqual([]);
    expect(contextOf(notes, 'unlock', 'strict').takeBillNotes('billSpare')).toEqual([]);
    expect(contextOf(notes, 'unlock', 'strict').takeBillNotes('billWhole')).toHaveLength(1);
  });
});

/**
 * The requirements a note on a declared bill may carry (promised-points.ts: expectCodeUnlessUsedUp,
 * expectCodeForDeclaredBill, warnMaybeUnlockedBefore, unlockWithoutEventLog).
 */
const NOTE_REQUIREMENTS = [
  'CAP-UPP-82323272',
  'CAP-UPP-82323271',
  'CAP-UPP-82323284',
  'CAP-UPP-82323276',
  'CAP-UPP-3918',
  'CAP-UPP-MOVE',
  'CAP-UPP-TYPE-DEFAULT',
];

describe('the scenarios that judge the notes on a bill (judgeNotesOnBill)', () => {
  // `verify` records a requirement its scenario does not list all the same, but `plan` and
  // `--requirement` select by the list: a scenario turning a note into a failure must list it.
  it.each(['promised-points.filters', 'promised-points.move-once', 'promised-points.second-program'])(
    '%s lists every requirement a note may carry',
    (id) => {
      const scenario = promisedPointsSuite.scenarios.find((s) => s.id === id);
      expect(scenario?.requirements).toEqual(expect.arrayContaining(NOTE_REQUIREMENTS));
    },
  );
});
