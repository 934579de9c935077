import { matchResponseKey } from '../../spec/validators.ts';
import type { UniversalCheck } from '../types.ts';

/** The status must be one the spec declares for the operation (exact, range or default). */
export const statusDeclared: UniversalCheck = {
  id: 'status-declared',
  requirementId: 'GEN-STATUS-DECLARED',
  description: 'the status code is declared in the spec for the operation',
  check(exchange, { operation }) {
    if (!exchange.response || !operation || exchange.response.status >= 500) return undefined;
    const { status } = exchange.response;
    // Whether the status is declared needs no validation of the body (the body-schema check's job).
    const matchedKey = matchResponseKey(operation.responses, status);
    return matchedKey !== undefined && operation.responses.get(matchedKey) !== undefined
      ? { verdict: 'pass', message: `${status} is declared (${matchedKey})` }
      : {
          verdict: 'fail',
          message: `${status} is not declared`,
          expected: `one of ${[...operation.responses.keys()].join(', ')}`,
          actual: String(status),
        };
  },
};
