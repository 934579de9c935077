import { describeBodyIssue } from '../../client/exchange.ts';
import { refusedWithoutEnvelope, refusedWithoutJson } from '../../profile/error-status.ts';
import type { SchemaIssue } from '../../spec/index.ts';
import {
  type CheckOutcome,
  isAuthStatus,
  judgedStatus,
  type UniversalCheck,
  undocumentedAnswer,
  undocumentedFabricRefusal,
} from '../types.ts';

/**
 * Optional fields sent as null, or an optional object as an empty list (PHP's empty array) or an
 * optional list as an empty object (Lua's empty table): the documents never say whether one may
 * be, so this only warns.
 */
const optionalNullsOutcome = (nulls: readonly SchemaIssue[]): CheckOutcome => {
  const fields = nulls.map((n) => n.where).join(', ');
  const sent = [...new Set(nulls.map((n) => n.actual))].join(' or ');
  const [first] = nulls;
  return {
    verdict: 'warn',
    message: `${fields} sent as ${sent}: the spec marks ${nulls.length === 1 ? 'it' : 'them'} optional and the documents never say an optional field may be ${sent} (leave ${nulls.length === 1 ? 'it' : 'them'} out instead)`,
    expected: first?.expected ?? 'the field left out',
    actual: `${fields}: ${sent}`,
  };
};

/** The body matches the spec's schema for its status (an auth rejection's body only warns). */
export const bodySchema: UniversalCheck = {
  id: 'body-schema',
  requirementId: 'GEN-BODY-SCHEMA',
  description: 'the body matches the schema the spec declares for its status',
  check(exchange, { operation, validators, profile }) {
    const response = exchange.response;
    if (!response || !operation || response.status >= 500) return undefined;
    const status = judgedStatus(exchange, profile) ?? response.status;
    const result = validators.validateResponse(operation.operationId, status, response.body);
    if (!result.statusDeclared) return undefined;
    // A Capillary refusal without the envelope (a framework's own 422 or 400 problem details) warns: GEN-ERROR-ENVELOPE says why.
    // So does a refusal whose body is no JSON (axum's plain text, Express's or a gateway's HTML, none at
    // all), of either family: no code either.
    // A fabric refusal warns too: the page documents the 200 answer only, so an error body's members
    // (NestJS's `message` as an array of constraint messages) have no documented type to break.
    const lenient =
      isAuthStatus(response.status) ||
      refusedWithoutJson(response) ||
      (exchange.family === 'capillary' && refusedWithoutEnvelope(status, response.body)) ||
      undocumentedFabricRefusal(exchange, operation);
    if (response.body === undefined && response.bodyText === '' && undocumentedAnswer(operation, status)) {
      return {
        verdict: 'warn',
        message: `an empty ${status} body: the documents show no such answer, the spec expects JSON`,
        expected: 'a JSON body',
        actual: '(empty)',
      };
    }
    if (response.body === undefined) {
      // Named when the client knows why: cut at the cap, not UTF-8, bad Content-Encoding, too deep.
      const issue = describeBodyIssue(response);
      return {
        verdict: lenient ? 'warn' : 'fail',
        message: issue ? `the body cannot be judged: ${issue}` : 'the body is not JSON',
        expected: 'a JSON body',
        actual: issue ?? (response.bodyText.slice(0, 120) || '(empty)'),
      };
    }
    if (result.valid && result.optionalNulls) return optionalNullsOutcome(result.optionalNulls);
    if (result.valid) return { verdict: 'pass', message: `body valid for ${result.matchedKey}` };
    const first = result.issues[0];
    return {
      verdict: lenient ? 'warn' : 'fail',
      message: result.issues.map((i) => i.message).join('; '),
      expected: first?.expected ?? 'a valid body',
      actual: first ? `${first.where}: ${first.actual}` : 'invalid',
    };
  },
};
