/**
 * Customer lookup by the query's identifier, shared by the three Capillary actions: one name and
 * one value on the deduction and the unlock (a list is not an identifier they take: 8013), and on
 * the balance the page's comma-separated lists under dual eligibility, where the org's primary
 * identifier decides and a lookup without it is 8015.
 */
import type { IdentifierName } from './data.ts';
import { capillaryError } from './envelope.ts';
import type { PlayResult } from './play.ts';
import type { CustomerRow, OracleStore, OrgRows } from './store.ts';

/** Dual eligibility of an org, as the service's configuration table holds it. */
export type DualEligibility =
  | { readonly enabled: false }
  | { readonly enabled: true; readonly primary: IdentifierName };

const notFound = () => capillaryError(8015, 'Customer not found for the given identifiers');
const invalidName = () => capillaryError(8013, 'Lookup,Invalid identifier passed');

/** One identifier; a value two customers share names no one customer. */
export function lookupOne(
  store: OracleStore,
  org: OrgRows,
  names: ReadonlySet<string>,
  name: string,
  value: string,
): CustomerRow | PlayResult {
  if (!names.has(name)) return invalidName();
  const found = store.customersBy(org, name as IdentifierName, value);
  return found.length === 1 && found[0] ? found[0] : notFound();
}

/** The balance page's lookup: a list in matching order, decided by the primary identifier. */
export function lookupListed(
  store: OracleStore,
  org: OrgRows,
  names: ReadonlySet<string>,
  dual: DualEligibility,
  nameList: string,
  valueList: string,
): CustomerRow | PlayResult {
  const listedNames = nameList.split(',');
  const values = valueList.split(',');
  if (listedNames.some((n) => !names.has(n))) return invalidName();
  if (!dual.enabled) {
    const [name, value] = [listedNames[0], values[0]];
    // A list is a dual-eligibility lookup; with it off, only one identifier names a customer.
    if (listedNames.length !== 1 || values.length !== 1 || !name || value === undefined) return notFound();
    return lookupOne(store, org, names, name, value);
  }
  if (listedNames.length !== values.length) return notFound();
  const at = listedNames.indexOf(dual.primary);
  const value = values[at];
  if (at < 0 || value === undefined) return notFound();
  return lookupOne(store, org, names, dual.primary, value);
}
