import { errorCodesRule } from './error-codes.ts';
import { parametersRule } from './parameters.ts';
import { requestBodyRule } from './request-body.ts';
import { responsesRule } from './responses.ts';
import { statusesRule } from './statuses.ts';
import type { PairRule } from './types.ts';

export type { PairContext, PairRule } from './types.ts';

/**
 * Every rule run on each matched pair of operations, in report order. A new comparison is one
 * file here and one entry in this list.
 */
export const PAIR_RULES: readonly PairRule[] = [
  // --- what a client sends ---
  parametersRule,
  requestBodyRule,
  // --- what the provider answers ---
  statusesRule,
  responsesRule,
  errorCodesRule,
];
