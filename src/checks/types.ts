import type { Exchange } from '../client/exchange.ts';
import { statusAllowedForErrors } from '../profile/error-status.ts';
import type { Profile } from '../profile/types.ts';
import type { SpecOperation, SpecValidators } from '../spec/index.ts';
import { matchResponseKey } from '../spec/validators.ts';

/** What a universal check may look at besides the exchange. */
export interface CheckContext {
  /** The operation the exchange called (absent for calls outside the specs). */
  readonly operation: SpecOperation | undefined;
  readonly validators: SpecValidators;
  readonly profile: Profile;
}

/** A check's judgement of one exchange; the engine turns `fail` into `warn` for SHOULD requirements. */
export interface CheckOutcome {
  readonly verdict: 'pass' | 'fail' | 'warn' | 'error';
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
}

/**
 * A check that runs on every exchange (the Schemathesis model). Its `id` is its key in the
 * registry and its label in every report.
 */
export interface UniversalCheck {
  readonly id: string;
  /** The catalogue requirement it verifies. */
  readonly requirementId: string;
  readonly description: string;
  /** undefined: not applicable to this exchange. */
  check(exchange: Exchange, context: CheckContext): CheckOutcome | undefined;
}

/**
 * A fabric refusal: a 4xx of an operation whose spec declares that answer as one the documents
 * never show (`x-undocumented`: the page documents the 200 answer only), so neither its body nor
 * its media type has a documented form to break.
 */
export const undocumentedFabricRefusal = (exchange: Exchange, operation: SpecOperation | undefined) => {
  const status = exchange.response?.status;
  return (
    exchange.family === 'fabric' &&
    operation !== undefined &&
    status !== undefined &&
    status >= 400 &&
    undocumentedAnswer(operation, status)
  );
};

/** Whether the response the spec declares for `status` is one the documents never show. */
export const undocumentedAnswer = (operation: SpecOperation, status: number) => {
  const key = matchResponseKey(operation.responses, status);
  return key !== undefined && operation.responses.get(key)?.undocumented === true;
};

/** Statuses whose bodies often come from a gateway rather than the API: judged leniently (warn). */
export const isAuthStatus = (status: number) => status === 401 || status === 403;

/** Whether a content type is JSON (`application/json`, `application/problem+json`, with parameters). */
export const isJsonContentType = (value: string | undefined) =>
  value !== undefined && /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(value);

/**
 * The status an answer's body is judged as: a Capillary 2xx carrying an error envelope, where the
 * profile's `apiErrorStatus` admits that status for errors (legacy v2 answers "one or more requests
 * have failed" with 200/201), is an error answer and is judged as one (400); otherwise its status.
 */
export function judgedStatus(exchange: Exchange, profile: Profile): number | undefined {
  const status = exchange.response?.status;
  if (status === undefined || status < 200 || status >= 300 || exchange.family !== 'capillary') return status;
  const errors = (exchange.response?.body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) && errors.length > 0 && statusAllowedForErrors(profile.apiErrorStatus, status)
    ? 400
    : status;
}
