import type { CapillaryAuth, Principal } from './auth.ts';
import type { CustomerRow, OrgRow } from './data.ts';
import { OraError, VendorError } from './errors.ts';
import { jsonObject, type OraJson } from './json.ts';
import { OraNumber } from './number.ts';
import type { Handler, OrdsRequest, OrdsResponse } from './ords.ts';

/** How the vendor maps a page's code to an HTTP status. */
export type ErrorStatus = 'mapped' | 'bad-request';

export interface CapillaryCommon {
  /** `mapped` (default): 404 for what is not found, 403 for 4000, else 400; `bad-request`: 400 but 401/403. */
  readonly errorStatus?: ErrorStatus;
}

const NOT_FOUND = new Set([8015, 82323277, 3918]);

/** The status the vendor's `cap_err.raise` sets in `:status_code` for a page's code. */
export function statusOf(code: number, mapping: ErrorStatus = 'mapped'): number {
  if (code === 4000) return 403;
  if (mapping === 'mapped' && NOT_FOUND.has(code)) return 404;
  return 400;
}

/** The code the vendor answers for an input the database refused (ORA-01722 and kin): no page has one. */
export const INVALID_INPUT = 400;

export function fail(code: number, message: string, mapping?: ErrorStatus): never {
  throw new VendorError(code, message, statusOf(code, mapping));
}

export function json(status: number, body: OraJson, absentOnNull = false): OrdsResponse {
  return { status, contentType: 'application/json', body: jsonObject(body, { absentOnNull }) };
}

/** The page's error envelope, built with JSON_OBJECT in the select list's order. */
export function envelope(status: number, code: number, message: string): OrdsResponse {
  return json(status, {
    errors: [{ status: false, code: OraNumber.of(BigInt(code), 0), message }],
    warnings: [],
  });
}

/** ORA- errors the handlers' exception blocks map to a refusal: bad numbers, dates, widths, JSON. */
const INPUT_ERRORS = new Map<number, string>([
  [1722, 'Invalid input: not a number'],
  [1438, 'Invalid input: value larger than allowed'],
  [12899, 'Invalid input: value too large for column'],
  [1861, 'Invalid input: literal does not match format string'],
  [1843, 'Invalid input: not a valid month'],
  [1847, 'Invalid input: day of month must be between 1 and last day of month'],
  [40441, 'Invalid input: JSON syntax error'],
  [40587, 'Invalid input: invalid JSON type'],
]);

/**
 * Every Capillary handler's shape: the auth package first (401 in the page's envelope), then the
 * work inside `BEGIN … EXCEPTION`: the vendor's codes and the ORA- errors of bad input mapped to
 * the envelope; anything else re-raised, for ORDS' 555 page.
 */
export function capillaryHandler(
  auth: CapillaryAuth,
  work: (principal: Principal, request: OrdsRequest) => Promise<OrdsResponse>,
): Handler {
  return async (request) => {
    const principal = auth.authenticate(request.headers);
    if (!principal) return envelope(401, 401, 'Unauthorized: invalid or missing credentials');
    try {
      return await work(principal, request);
    } catch (error) {
      if (error instanceof VendorError) return envelope(error.status, error.code, error.message);
      if (error instanceof OraError && INPUT_ERRORS.has(error.oraCode))
        return envelope(400, INVALID_INPUT, INPUT_ERRORS.get(error.oraCode) ?? error.message);
      throw error;
    }
  };
}

/** `POST /v3/oauth/token/generate`: Capillary's exchange over ORDS' client credentials. */
export function tokenHandler(auth: CapillaryAuth): Handler {
  return async (request) => {
    let key: string | null = null;
    let secret: string | null = null;
    try {
      const body = JSON.parse(request.bodyText) as Record<string, unknown>;
      key = typeof body.key === 'string' && body.key !== '' ? body.key : null;
      secret = typeof body.secret === 'string' && body.secret !== '' ? body.secret : null;
    } catch {
      // A payload JSON_OBJECT_T cannot parse carries no key: refused below as unknown.
    }
    const issued = auth.issue(key, secret);
    if (!issued)
      return json(401, {
        data: null,
        errors: [{ status: false, code: OraNumber.of(401n, 0), message: 'Invalid key or secret' }],
      });
    return json(200, {
      data: { accessToken: issued.token, ttlSeconds: OraNumber.of(BigInt(issued.ttlSeconds), 0) },
      errors: null,
    });
  };
}

/** `JSON_OBJECT_T.parse(:body_text)`: an object, or ORA-40441 / ORA-40587. */
export function parseBody(text: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new OraError(40441, 'JSON syntax error');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
    throw new OraError(40587, 'invalid JSON type');
  return parsed as Record<string, unknown>;
}

/**
 * A member read into a VARCHAR2: a string as is, but "" is NULL; a number or boolean as its text
 * (get_string's implicit conversion); an object or array ORA-40587.
 */
export function varchar2(value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new OraError(40587, 'invalid JSON type');
}

/** A member read into a NUMBER: a JSON number, or a string through TO_NUMBER ("" is NULL). */
export function number(value: unknown): OraNumber | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'number') return OraNumber.fromJson(value);
  if (typeof value === 'string') return OraNumber.parse(value);
  throw new OraError(1722, 'invalid number');
}

/** A customer of the org whose identifier `name` holds exactly `value` (compared as stored). */
export function lookup(org: OrgRow, name: string, value: string | null): CustomerRow | undefined {
  if (value === null) return undefined;
  return org.customers.find((c) => c.identifiers[name] === value);
}

/** Sources the deduction page lists (INSTORE twice there), and the unlock page's MOBILE_APP. */
export const DEDUCTION_SOURCES = new Set([
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
]);
export const UNLOCK_SOURCES = new Set([
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
]);
