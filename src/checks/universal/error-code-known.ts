import { envelopeCodes } from '../../profile/error-status.ts';
import type { SpecOperation } from '../../spec/index.ts';
import { isAuthStatus, judgedStatus, type UniversalCheck } from '../types.ts';

/** The documented codes of each operation, gathered once rather than for every answer judged. */
const documentedCodes = new WeakMap<SpecOperation, ReadonlySet<number>>();
const documentedOf = (operation: SpecOperation): ReadonlySet<number> => {
  let codes = documentedCodes.get(operation);
  if (!codes) {
    codes = new Set(operation.errorCodes.map((e) => e.code));
    documentedCodes.set(operation, codes);
  }
  return codes;
};

/** The documented codes as an expectation, worded for none, one or several. */
const expectedCodes = (codes: readonly number[]): string =>
  codes.length === 0
    ? 'no error code (the documents give none for this operation)'
    : codes.length === 1
      ? `error code ${codes[0]}, the only one documented for the operation`
      : `an error code among ${codes.join(', ')}`;

/** Capillary API errors should use codes the documents list for the operation; others are drift (warn). */
export const errorCodeKnown: UniversalCheck = {
  id: 'error-code-known',
  requirementId: 'GEN-ERROR-CODE-KNOWN',
  description: 'Capillary error codes are among the documented codes of the operation',
  check(exchange, { operation, profile }) {
    const response = exchange.response;
    if (!response || !operation || exchange.family !== 'capillary') return undefined;
    const status = judgedStatus(exchange, profile) ?? response.status;
    if (status < 400 || status >= 500 || isAuthStatus(status)) return undefined;
    const codes = (envelopeCodes(response.body) ?? []).filter((c): c is number => Number.isInteger(c));
    if (codes.length === 0) return undefined;
    const documented = documentedOf(operation);
    const unknown = codes.filter((c) => !documented.has(c));
    return unknown.length === 0
      ? { verdict: 'pass', message: `documented codes ${codes.join(', ')}` }
      : {
          verdict: 'warn',
          message: `code ${unknown.join(', ')} is not documented for ${operation.operationId}`,
          expected: expectedCodes([...documented]),
          // "code 400 (HTTP 400)", not a bare "400" a reader takes for the status.
          actual: `code ${unknown.join(', ')} (HTTP ${response.status})`,
        };
  },
};
