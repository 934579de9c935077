import type { Customer, IdentifierName, Org } from './data.ts';
import { Halt, type Rendered } from './rails.ts';

/**
 * The Capillary error envelope (documented codes only) and the CustomerLookup concern the three
 * controllers share.
 */

// The HTTP status of each documented code: not found (ActiveRecord::RecordNotFound's 404), a
// missing access group 403, business refusals 422 (:unprocessable_entity), malformed input 400.
const NOT_FOUND = new Set([8015, 82323277, 3918, 1645]);
const UNPROCESSABLE = new Set([8907, 82323282, 1218]);

export function statusOfCode(code: number): number {
  if (NOT_FOUND.has(code)) return 404;
  if (UNPROCESSABLE.has(code)) return 422;
  return code === 4000 ? 403 : 400;
}

/** `render json: { errors: [...], warnings: [] }, status:` for a documented code, raised. */
export function apiError(code: number, message: string): Halt {
  const rendered: Rendered = {
    status: statusOfCode(code),
    json: { errors: [{ status: false, code, message }], warnings: [] },
  };
  return new Halt(rendered);
}

export const customerNotFound = (): Halt => apiError(8015, 'Customer not found for the given identifiers');

function identifierOf(customer: Customer, name: IdentifierName): string {
  return name === 'id' ? String(customer.entityId) : customer.identifiers[name];
}

/** One identifier's customers: emails compared case-insensitively (`lower(email)`), the rest exactly. */
function matching(org: Org, name: IdentifierName, value: string): Customer[] {
  const fold = name === 'email' ? (s: string) => s.toLowerCase() : (s: string) => s;
  return org.customers.filter((c) => fold(identifierOf(c, name)) === fold(value));
}

/**
 * `CustomerLookup.find!`: comma-separated names and values in matching order under dual
 * eligibility, the org's primary identifier deciding; a lone identifier names its one customer
 * (two customers sharing it: 8015). `lonePrimaryOnly` is the balance page's rule that a single
 * identifier other than the primary is 8015 under dual eligibility.
 */
export function findCustomer(
  org: Org,
  names: readonly string[],
  values: readonly string[],
  lonePrimaryOnly: boolean,
): Customer {
  if (names.length !== values.length) throw customerNotFound();
  const pairs = names.map((name, i) => [name as IdentifierName, values[i] ?? ''] as const);
  let chosen: readonly [IdentifierName, string] | undefined;
  if (pairs.length > 1) {
    if (!org.primary) throw customerNotFound();
    chosen = pairs.find(([name]) => name === org.primary);
  } else {
    chosen = pairs[0];
    if (lonePrimaryOnly && org.primary && chosen?.[0] !== org.primary) throw customerNotFound();
  }
  if (!chosen) throw customerNotFound();
  const found = matching(org, chosen[0], chosen[1]);
  if (found.length !== 1 || !found[0]) throw customerNotFound();
  return found[0];
}
