/**
 * Micronaut 4's own answers where the documents give no code: its JSON error body
 * (`{"message","_links":{"self"},"_embedded":{"errors":[{"message"}]}}`, the default
 * JsonErrorResponseBodyProvider) for a body that does not decode, a query parameter missing or
 * not convertible, a constraint violation, an unknown route, a method or media type not allowed.
 */
import { writeJson } from './jackson.ts';

/** What the service answers: status, headers, body text. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: string;
}

export const JSON_TYPE = 'application/json';

export function json(status: number, body: string, headers: Record<string, string> = {}): Answer {
  return { status, headers: { 'Content-Type': JSON_TYPE, ...headers }, body };
}

const REASONS: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  500: 'Internal Server Error',
  404: 'Not Found',
  405: 'Method Not Allowed',
  415: 'Unsupported Media Type',
};

/** Micronaut's error body for `path` (the request's path, as `_links.self.href`). */
export function micronautError(status: number, path: string, messages: readonly string[]): Answer {
  return json(
    status,
    writeJson({
      message: REASONS[status] ?? 'Error',
      _links: { self: { href: path, templated: false } },
      _embedded: { errors: messages.map((message) => ({ message })) },
    }),
  );
}

/** A typed failure the controller throws where Micronaut would answer 400 itself. */
export class BadRequest extends Error {
  readonly code = 'MN_BAD_REQUEST';
  constructor(readonly detail: string) {
    super(detail);
  }
}

export const conversionFailed = (argument: string, value: string, why: string): BadRequest =>
  new BadRequest(`Failed to convert argument [${argument}] for value [${value}] due to: ${why}`);

export const missingArgument = (argument: string): BadRequest =>
  new BadRequest(`Required QueryValue [${argument}] not specified`);

export const bodyUnreadable = (why: string): BadRequest =>
  new BadRequest(`Failed to convert argument [body] for value [null] due to: ${why}`);

export const constraintViolated = (path: string, message: string): BadRequest =>
  new BadRequest(`${path}: ${message}`);
