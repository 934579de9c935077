/** What a handler answers, before the HTTP layer writes it; and the vendor's two error bodies. */
import type { DetailItem } from './pydantic.ts';
import { PyFloat } from './pyjson.ts';

export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

/** Capillary's error envelope (the code decides, the message is the vendor's own). */
export function capError(status: number, code: number, message: string): Reply {
  return { status, body: { errors: [{ code, message, status: false }], warnings: [] } };
}

/** Numbers of the request echoed in `input`: fractions are Python floats. */
function echo(value: unknown): unknown {
  if (typeof value === 'number') return Number.isInteger(value) ? value : new PyFloat(value);
  if (Array.isArray(value)) return value.map(echo);
  if (value !== null && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, echo(v)]));
  return value;
}

/** FastAPI's RequestValidationError answer. */
export function unprocessable(items: DetailItem[]): Reply {
  return { status: 422, body: { detail: items.map((i) => ({ ...i, input: echo(i.input) })) } };
}
