import type { Customer, Org, Tables } from './data.ts';

/** A refusal with one of the pages' codes, answered in Capillary's envelope by the controller. */
export class ApiError extends Error {
  constructor(
    readonly code: number,
    message: string,
    readonly status = 400,
  ) {
    super(message);
  }
}

export const NOT_FOUND = () => new ApiError(8015, 'Customer not found for the given identifiers', 404);
export const BAD_IDENTIFIER = () => new ApiError(8013, 'Lookup,Invalid identifier passed');

/**
 * `SELECT … FROM customers WHERE org_id = $1 AND <column> = $2`: values compared as stored (text
 * equality, case and spaces kept); with dual eligibility on, comma-separated names and values in
 * matching order on the balance, the org's primary identifier deciding; a value two customers share names no one.
 */
export function findCustomer(
  tables: Tables,
  org: Org,
  names: ReadonlySet<string>,
  identifierName: string,
  identifierValue: string,
  /** The balance page's lookup; the deduction and the unlock take one identifier. */
  dual: boolean,
): Customer {
  const primary = dual ? org.primaryIdentifier : undefined;
  let name = identifierName;
  let value = identifierValue;
  if (primary && identifierName.includes(',')) {
    const allNames = identifierName.split(',');
    const values = identifierValue.split(',');
    if (allNames.some((n) => !names.has(n))) throw BAD_IDENTIFIER();
    if (allNames.length !== values.length) throw NOT_FOUND();
    const at = allNames.indexOf(primary);
    if (at < 0) throw NOT_FOUND();
    name = primary;
    value = values[at] as string;
  } else if (!names.has(name)) throw BAD_IDENTIFIER();
  else if (primary && name !== primary) throw NOT_FOUND();
  const rows = tables.customers.filter((c) => c.org === org.id && matches(name, c.identifiers[name], value));
  if (rows.length !== 1) throw NOT_FOUND();
  return rows[0] as Customer;
}

/** `id` is a bigint column (`$1::bigint`: leading zeros, a sign and spaces read away, a non-number no match); the rest text. */
function matches(name: string, stored: string | undefined, value: string): boolean {
  if (stored === undefined) return false;
  if (name !== 'id') return stored === value;
  const trimmed = value.trim();
  return /^[+-]?[0-9]+$/.test(trimmed) && BigInt(trimmed) === BigInt(stored);
}
