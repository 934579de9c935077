import { isAuthStatus, isJsonContentType, type UniversalCheck } from '../types.ts';

/** Every answer with a body is JSON; an auth rejection from a gateway only warns. */
export const contentType: UniversalCheck = {
  id: 'content-type',
  requirementId: 'GEN-CONTENT-TYPE',
  description: 'responses are application/json',
  check(exchange) {
    const response = exchange.response;
    if (!response || response.status >= 500 || response.status === 204) return undefined;
    // The rule is about answers with a body; whether one was owed is the body-schema check's call.
    if (response.bodyText === '' && response.body === undefined) return undefined;
    const value = response.headers['content-type'];
    if (isJsonContentType(value)) return { verdict: 'pass', message: `content-type ${value}` };
    return {
      verdict: isAuthStatus(response.status) ? 'warn' : 'fail',
      message: `content-type is ${value ?? 'missing'}`,
      expected: 'application/json',
      actual: value ?? 'no content-type header',
    };
  },
};
