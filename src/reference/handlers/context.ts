import type { Authenticator } from '../auth.ts';
import type { Reply } from '../envelopes.ts';
import type { Ledger } from '../ledger.ts';

/** What a handler sees of a request that passed authentication and the spec's validation. */
export interface HandlerContext {
  /** The org (Capillary) or tenant (fabric) the credentials belong to; empty for unauthenticated operations. */
  readonly principal: string;
  readonly query: Readonly<Record<string, string | string[]>>;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly ledger: Ledger;
  readonly auth: Authenticator;
}

/** Answers one operation. Synchronous on purpose: no other request runs between its reads and writes. */
export type Handler = (context: HandlerContext) => Reply;

/** A query value as one string (the first, when a key is repeated). */
export function queryValue(query: HandlerContext['query'], name: string): string | undefined {
  const value = query[name];
  return Array.isArray(value) ? value[0] : value;
}

/** A JSON object body as a record (validation has already ensured it is an object). */
export const bodyRecord = (body: unknown): Record<string, unknown> =>
  typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
