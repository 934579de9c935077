import type { UniversalCheck } from '../types.ts';

/** No input may make the target answer 5xx; a call with no answer at all cannot be judged. */
export const no5xx: UniversalCheck = {
  id: 'no-5xx',
  requirementId: 'GEN-NO-5XX',
  description: 'the target never answers with a 5xx status',
  check(exchange) {
    if (!exchange.response) {
      return {
        verdict: 'error',
        message: `no response: ${exchange.error?.code ?? 'unknown'} ${exchange.error?.message ?? ''}`.trim(),
      };
    }
    const { status } = exchange.response;
    return status >= 500
      ? {
          verdict: 'fail',
          message: `answered ${status}`,
          expected: 'a status below 500',
          actual: String(status),
        }
      : { verdict: 'pass', message: `answered ${status}` };
  },
};
