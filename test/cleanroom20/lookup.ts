/** Finding a customer from the query string: sources, identifier names, dual eligibility. */
import type { Customer, Org } from './data.ts';
import { capError, type Reply } from './reply.ts';

/** Both pages' source lists together: the vendor takes any source either page names. */
const SOURCES = new Set([
  'INSTORE',
  'MARTJACK',
  'WECHAT',
  'FACEBOOK',
  'WEB_ENGAGE',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'ALL',
  'MOBILE_APP',
]);
const NAMES = new Set(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);

/** The one customer holding `value` under `name`; none when several share it. */
function byIdentifier(org: Org, name: string, value: string): Customer | undefined {
  const found = org.customers.filter((c) => c.identifiers[name] === value);
  return found.length === 1 ? found[0] : undefined;
}

export function checkSource(source: string): Reply | undefined {
  return SOURCES.has(source) ? undefined : capError(400, 8003, 'Invalid source');
}

/**
 * A customer named by one identifier or, on the balance (`lists`), by comma-separated lists: with
 * dual eligibility the primary decides (a list without it, or a lone other identifier, is 8015, as
 * the balance page says); without it every named identifier must find the same customer.
 */
export function findCustomer(org: Org, names: string, values: string, lists: boolean): Customer | Reply {
  const nameList = lists ? names.split(',') : [names];
  const valueList = lists ? values.split(',') : [values];
  if (nameList.some((n) => !NAMES.has(n))) return capError(400, 8013, 'Lookup,Invalid identifier passed');
  const notFound = capError(400, 8015, 'Customer not found for the given identifiers');
  if (nameList.length !== valueList.length) return notFound;
  if (lists && org.primary !== undefined) {
    const at = nameList.indexOf(org.primary);
    return (at < 0 ? undefined : byIdentifier(org, org.primary, valueList[at] ?? '')) ?? notFound;
  }
  const found = new Set(nameList.map((n, i) => byIdentifier(org, n, valueList[i] ?? '')));
  const [only] = found;
  return found.size === 1 && only !== undefined ? only : notFound;
}

export const isReply = (x: unknown): x is Reply =>
  typeof x === 'object' && x !== null && 'status' in x && 'body' in x;
