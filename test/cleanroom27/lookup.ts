import type { Customer, Db, Org } from './data.ts';

/**
 * The Customers context: identifiers to customer rows, and dual eligibility as the balance page
 * describes it (comma-separated names and values; the org's primary identifier decides).
 */

/** Every customer of the org whose identifier `name` is `value`. */
export function customersBy(db: Db, org: string, name: string, value: string): Customer[] {
  return db.customers.filter((c) => c.org === org && c.identifiers[name] === value);
}

/** The one customer a lone identifier names, or undefined when it names none or several. */
export function customerBy(db: Db, org: string, name: string, value: string): Customer | undefined {
  const found = customersBy(db, org, name, value);
  return found.length === 1 ? found[0] : undefined;
}

/**
 * The customer of a balance lookup. With dual eligibility on, the primary identifier among the
 * names decides and one without it names no one; off, every pair must name the same one customer.
 */
export function customerOfList(
  db: Db,
  org: Org,
  names: readonly string[],
  values: readonly string[],
): Customer | undefined {
  if (names.length !== values.length || names.length === 0) return undefined;
  if (org.dualPrimary !== undefined) {
    const at = names.indexOf(org.dualPrimary);
    return at < 0 ? undefined : customerBy(db, org.id, org.dualPrimary, values[at] as string);
  }
  let candidates: Customer[] | undefined;
  names.forEach((name, i) => {
    const matching = customersBy(db, org.id, name, values[i] as string);
    candidates = candidates === undefined ? matching : candidates.filter((c) => matching.includes(c));
  });
  return candidates?.length === 1 ? candidates[0] : undefined;
}
