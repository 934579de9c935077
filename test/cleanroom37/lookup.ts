import type { Caller } from './auth.ts';
import { CUSTOMERS, type CustomerRow } from './data.ts';
import { HttpResponse } from './ring.ts';

/**
 * Capillary's error envelope and the customer lookup shared by the three routes (a `lookup`
 * namespace in the service). Statuses are the service's choice, the pages give none: not-found
 * codes 404, the overdraw 422, the second unlock 409, the rest 400.
 */
const STATUS: Record<number, number> = {
  8015: 404,
  1218: 404,
  82323277: 404,
  3918: 404,
  8877: 404,
  8907: 422,
  82323282: 409,
};

export function capillaryError(code: number, message: string): never {
  throw new HttpResponse({
    status: STATUS[code] ?? 400,
    body: { errors: [{ status: false, code, message }], warnings: [] },
  });
}

export const NPA_SOURCES = [
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
];
export const UPP_SOURCES = [
  'INSTORE',
  'FACEBOOK',
  'WEB_ENGAGE',
  'WECHAT',
  'MARTJACK',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'MOBILE_APP',
];
export const BALANCE_SOURCES = [...new Set([...NPA_SOURCES, ...UPP_SOURCES])];

/** `SELECT … FROM customer_identifier WHERE org = ? AND name = ? AND value = ? ORDER BY customer_id LIMIT 1`. */
export function findCustomer(caller: Caller, name: string, value: string): CustomerRow | undefined {
  return CUSTOMERS.find((c) => c.org === caller.org.id && c.identifiers[name] === value);
}

export const notFound = (): never => capillaryError(8015, 'Customer not found for the given identifiers');
export const invalidIdentifier = (): never => capillaryError(8013, 'Lookup,Invalid identifier passed');
export const invalidSource = (): never => capillaryError(8003, 'Invalid source');
