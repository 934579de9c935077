import type { Customer, Org } from './data.ts';

/**
 * Finds the customer a lookup names. Values compare case-insensitively, as SQL Server's default
 * collation (SQL_Latin1_General_CP1_CI_AS) compares the identifier column: an email stored as
 * `Marta.Rossi@Tiber.TEST` is found by `marta.rossi@tiber.test`. Names too are bound
 * case-insensitively (`Mobile`), as the controller's enum binding does.
 */

const NAMES = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];

export type Found = { customer: Customer } | { code: 8013 | 8015 };

function canonicalName(name: string): string | undefined {
  return NAMES.find((n) => n.toLowerCase() === name.trim().toLowerCase());
}

function byValue(org: Org, name: string, value: string): Found {
  const v = value.trim().toLowerCase();
  const matches = org.customers.filter((c) => c.identifiers[name]?.toLowerCase() === v);
  // A value two customers share names no one customer.
  const [only] = matches;
  return only && matches.length === 1 ? { customer: only } : { code: 8015 };
}

/**
 * Resolves comma-separated names and values (the balance page's dual eligibility). A list is
 * decided by the org's primary identifier (8015 without it; 8013 in an org without dual
 * eligibility, where lists mean nothing). A lone identifier other than the primary is 8015 where
 * `primaryOnly` (the balance page's note); elsewhere it is looked up as it is.
 */
export function identify(org: Org, names: string, values: string, primaryOnly: boolean): Found {
  const nameList = names.split(',').map(canonicalName);
  const valueList = values.split(',');
  if (nameList.some((n) => n === undefined) || nameList.length !== valueList.length) return { code: 8013 };
  const canonical = nameList as string[];
  if (canonical.length > 1) {
    if (!org.primary) return { code: 8013 };
    const at = canonical.indexOf(org.primary);
    return at < 0 ? { code: 8015 } : byValue(org, org.primary, valueList[at] ?? '');
  }
  if (primaryOnly && org.primary && canonical[0] !== org.primary) return { code: 8015 };
  return byValue(org, canonical[0] ?? '', valueList[0] ?? '');
}
