/**
 * Finding a customer from identifierName/identifierValue as this vendor does where the documents
 * leave it open: values trimmed, emails compared case-insensitively, mobiles by their digits (the
 * back office stores `+49 151 1900 0001`), lists comma-separated in matching order. Under dual
 * eligibility the primary decides; a lone other identifier is refused on the balance (its page says
 * so) and taken on the deduction and unlock when it names one customer (their pages say nothing).
 */
import type { Customer19, Org19 } from './data.ts';

export type Lookup = { customer: Customer19 } | { code: 8013 | 8015; message: string };

const NAMES = ['externalId', 'mobile', 'email', 'id', 'cuid', 'primaryUserId'];

function normal(name: string, value: string): string {
  const v = value.trim();
  if (name === 'email') return v.toLowerCase();
  if (name === 'mobile') return v.replace(/\D/g, '');
  return v;
}

function matching(org: Org19, name: string, value: string): Customer19[] {
  const wanted = normal(name, value);
  if (wanted === '') return [];
  return org.customers.filter((c) => {
    const stored = c.identifiers[name];
    return stored !== undefined && normal(name, stored) === wanted;
  });
}

const notFound = { code: 8015, message: 'Customer not found for the given identifiers' } as const;

export function identify(
  org: Org19,
  rawNames: string,
  rawValues: string,
  loneSecondary: 'refuse' | 'unique',
): Lookup {
  const names = rawNames.split(',').map((n) => n.trim());
  const values = rawValues.split(',');
  if (names.length !== values.length || names.some((n) => !NAMES.includes(n)))
    return { code: 8013, message: 'Lookup,Invalid identifier passed' };
  const pairs = names.map((n, i) => [n, values[i] ?? ''] as const);
  if (org.primary !== undefined) {
    const primary = pairs.find(([n]) => n === org.primary);
    if (primary) return one(matching(org, primary[0], primary[1]));
    const [lone] = pairs;
    if (pairs.length > 1 || loneSecondary === 'refuse' || !lone) return notFound;
    return one(matching(org, lone[0], lone[1]));
  }
  // Without dual eligibility a list is taken when every value names the same one customer.
  const found = pairs.map(([n, v]) => matching(org, n, v));
  const first = found[0]?.[0];
  if (!first || found.some((f) => f.length !== 1 || f[0] !== first)) return notFound;
  return { customer: first };
}

function one(found: Customer19[]): Lookup {
  const [customer] = found;
  return customer && found.length === 1 ? { customer } : notFound;
}
