import type { OrgRow } from './data.ts';
import type { Customer, Ledger } from './ledger.ts';
import { capillaryError, invalid } from './status.ts';

/**
 * Customer lookups of the service's CustomerRepository: an identifier names a customer only when
 * exactly one of the org's customers holds that value (a mobile two customers share names no one);
 * identifiers are compared exactly (no page says any of them ignores case).
 */

/** The one customer of `org` whose identifier `name` is `value`, else 8015. */
export function customerBy(ledger: Ledger, org: OrgRow, name: string, value: string): Customer {
  const found = ledger.customers.filter((c) => c.org === org && c.row.identifiers[name] === value);
  if (found.length !== 1) throw capillaryError(8015);
  return found[0]!;
}

/**
 * The balance page's lookup: comma-separated names and values in matching order. With dual
 * eligibility on, the primary identifier decides and a list without it (a lone secondary too) is
 * 8015; off, every identifier given must name the same one customer.
 */
export function customerByList(
  ledger: Ledger,
  org: OrgRow,
  names: readonly string[],
  values: readonly string[],
  supported: readonly string[],
  primary: string | undefined,
): Customer {
  if (names.length !== values.length)
    throw invalid('identifierName and identifierValue must list as many entries');
  const unsupported = names.find((n) => !supported.includes(n));
  if (unsupported !== undefined) throw capillaryError(8013);
  if (primary !== undefined) {
    const at = names.indexOf(primary);
    if (at < 0) throw capillaryError(8015);
    return customerBy(ledger, org, primary, values[at]!);
  }
  const customers = names.map((n, i) => customerBy(ledger, org, n, values[i]!));
  if (customers.some((c) => c !== customers[0])) throw capillaryError(8015);
  return customers[0]!;
}
