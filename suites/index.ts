import type { Suite } from '../src/engine/types.ts';
import { authenticationSuite } from './authentication.ts';
import { balanceSuite } from './balance.ts';
import { concurrencySuite } from './concurrency.ts';
import { decimalPrecisionSuite } from './decimal-precision.ts';
import { dualEligibilitySuite } from './dual-eligibility.ts';
import { fabricSuite } from './fabric.ts';
import { generatedSuite } from './generated.ts';
import { inputValidationSuite } from './input-validation.ts';
import { ledgerInvariantsSuite } from './ledger-invariants.ts';
import { negativeBalanceSuite } from './negative-balance.ts';
import { promisedPointsSuite } from './promised-points.ts';

/**
 * The one registration point of suites. Order matters where scenarios share a fixture: they run
 * in this order (concurrency drains the `drainable` customer before exact-balance empties it).
 */
export const SUITES: readonly Suite[] = [
  // --- reads ---
  balanceSuite,
  dualEligibilitySuite,
  // --- deductions ---
  concurrencySuite,
  negativeBalanceSuite,
  decimalPrecisionSuite,
  inputValidationSuite,
  ledgerInvariantsSuite,
  generatedSuite,
  // --- promised points ---
  promisedPointsSuite,
  // --- fabric ---
  fabricSuite,
  // --- authentication ---
  authenticationSuite,
];
