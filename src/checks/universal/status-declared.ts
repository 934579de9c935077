import type { UniversalCheck } from '../types.ts';

/** The status must be one the spec declares for the operation (exact, range or default). */
export const statusDeclared: UniversalCheck = {
  id: 'status-declared',
  requirementId: 'GEN-STATUS-DECLARED',
  description: 'the status code is declared in the spec for the operation',
  check(exchange, { operation, validators }) {
    if (!exchange.response || !operation || exchange.response.status >= 500) return undefined;
    const { status } = exchange.response;
    const result = validators.validateResponse(operation.operationId, status, exchange.response.body);
    const declared = [...operation.responses.keys()].join(', ');
    return result.statusDeclared
      ? { verdict: 'pass', message: `${status} is declared (${result.matchedKey})` }
      : {
          verdict: 'fail',
          message: `${status} is not declared`,
          expected: `one of ${declared}`,
          actual: String(status),
        };
  },
};
