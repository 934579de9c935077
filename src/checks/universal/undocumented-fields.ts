import { judgedStatus, type UniversalCheck } from '../types.ts';

/** Top-level response fields the spec does not declare are drift: reported as warn, never fail. */
export const undocumentedFields: UniversalCheck = {
  id: 'undocumented-fields',
  requirementId: 'GEN-UNDOCUMENTED-FIELDS',
  description: 'responses carry only documented top-level fields (drift warns)',
  check(exchange, { operation, validators, profile }) {
    const response = exchange.response;
    const body = response?.body;
    if (!response || !operation || typeof body !== 'object' || body === null || Array.isArray(body))
      return undefined;
    const declared = validators.declaredResponseProperties(
      operation.operationId,
      judgedStatus(exchange, profile) ?? response.status,
    );
    if (!declared || declared.length === 0) return undefined;
    const extra = Object.keys(body).filter((key) => !declared.includes(key));
    return extra.length === 0
      ? { verdict: 'pass', message: 'no undocumented fields' }
      : {
          verdict: 'warn',
          message: `undocumented field(s): ${extra.join(', ')}`,
          expected: `only ${declared.join(', ')}`,
          actual: extra.join(', '),
        };
  },
};
