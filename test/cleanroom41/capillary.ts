import type { Caller, CapillaryAuth } from './auth.ts';
import { ApexException, VendorException } from './errors.ts';
import { type Serializable, serialize } from './json.ts';
import type { RestRequest, RestResponse } from './platform.ts';
import { type Customer, type Storage, soqlEquals } from './storage.ts';

export interface CapillaryOptions {
  /** `mapped` (default): 404 for not-found codes, 403 for 4000, 400 else; `bad-request`: 400 for every page code. */
  readonly errorStatus?: 'mapped' | 'bad-request';
  /** Identifiers compared case-sensitively (else SOQL's case-insensitive `=`). */
  readonly exactIdentifiers?: boolean;
  /**
   * Enumerated query parameters (source, identifierName, type) checked with Apex's `==`, which
   * ignores case ("instore" is INSTORE), else with `Set<String>.contains`, which does not.
   */
  readonly apexEquals?: boolean;
  /** `JSON.serialize(…, true)`: null fields left out. */
  readonly suppressNulls?: boolean;
}

export interface Context {
  readonly storage: Storage;
  readonly auth: CapillaryAuth;
  readonly options: CapillaryOptions;
}

const NOT_FOUND_CODES = new Set([8015, 82323277, 3918]);

/** The page's error envelope, with the status the vendor chose for the code. */
export function errorResponse(ctx: Context, error: VendorException): RestResponse {
  const status =
    error.status === 401 || error.code === 4000
      ? error.status
      : ctx.options.errorStatus === 'bad-request'
        ? 400
        : NOT_FOUND_CODES.has(error.code)
          ? 404
          : error.status;
  return {
    statusCode: status,
    responseBody: serialize({
      errors: [{ status: false, code: error.code, message: error.message }],
      warnings: [],
    }),
  };
}

export function ok(ctx: Context, body: Serializable): RestResponse {
  return { statusCode: 200, responseBody: serialize(body, ctx.options.suppressNulls) };
}

/**
 * The vendor's try/catch around every method: its own exceptions in the page's envelope; Apex's
 * TypeException, JSONException and a DML past Number(16,3) are bad input (400, code 400, no page
 * code fits); a row still locked after ten seconds is a conflict.
 */
export function apexMethod(ctx: Context, body: (req: RestRequest) => Promise<RestResponse>) {
  return async (req: RestRequest): Promise<RestResponse> => {
    try {
      return await body(req);
    } catch (error) {
      if (error instanceof VendorException) return errorResponse(ctx, error);
      if (error instanceof ApexException && error.statusCode === 'UNABLE_TO_LOCK_ROW')
        return errorResponse(ctx, new VendorException(409, 'Record currently unavailable, retry', 409));
      if (error instanceof ApexException)
        return errorResponse(ctx, new VendorException(400, `Invalid input: ${error.message}`, 400));
      throw error;
    }
  };
}

/** Authenticates, and refuses a caller without the Points access group where the page asks for it. */
export function caller(ctx: Context, req: RestRequest, needsPoints: boolean): Caller {
  const who = ctx.auth.authenticate(req);
  if (needsPoints && !who.points)
    throw new VendorException(4000, 'Access denied: the Points access group is required', 403);
  return who;
}

/** `SELECT … FROM Customer__c WHERE Org__c = :org AND <field> = :value` (one row or none). */
export function findCustomers(ctx: Context, org: string, name: string, value: string): Customer[] {
  return ctx.storage.customers.filter((c) => {
    const stored = c.identifiers[name];
    return (
      c.org === org &&
      stored !== undefined &&
      soqlEquals(stored, value, ctx.options.exactIdentifiers ?? false)
    );
  });
}

/** A query parameter among `values`, as the vendor's check reads it: the canonical value, or undefined. */
export function enumParam(ctx: Context, values: ReadonlySet<string>, value: string): string | undefined {
  if (values.has(value)) return value;
  if (!ctx.options.apexEquals) return undefined;
  return [...values].find((v) => v.toLowerCase() === value.toLowerCase());
}

export function customerNotFound(): VendorException {
  return new VendorException(8015, 'Customer not found for the given identifiers', 404);
}

/** POST /v3/oauth/token/generate. */
export function tokenMethod(ctx: Context) {
  return async (req: RestRequest): Promise<RestResponse> => {
    let key: unknown;
    let secret: unknown;
    try {
      const body = JSON.parse(req.requestBody) as Record<string, unknown>;
      key = body?.key;
      secret = body?.secret;
    } catch {
      // Unreadable body: no key, refused below.
    }
    const token = ctx.auth.issue(key, secret);
    if (!token)
      return {
        statusCode: 401,
        responseBody: serialize({
          data: null,
          errors: [{ status: false, code: 401, message: 'Invalid key or secret' }],
        }),
      };
    return { statusCode: 200, responseBody: serialize({ data: token, errors: null }) };
  };
}
