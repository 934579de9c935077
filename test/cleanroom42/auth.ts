import { randomBytes } from 'node:crypto';
import type { Credential, Tables } from './data.ts';
import { FABRIC_TOKEN } from './data.ts';

/**
 * The pages' credentials, checked in the Edge Functions (not Supabase Auth): Capillary Basic
 * `username:md5hex(password)` against the till table or an `X-CAP-API-OAUTH-TOKEN` from the
 * function's POST /v3/oauth/token/generate, refused 401 in Capillary's envelope; the Points access
 * group on the deduction and the balance (403, 4000; the unlock asks the Default group only);
 * fabric's bearer token, refused 401 in fabric's envelope.
 */
const TTL_SECONDS = 3600;

export const capillaryError = (status: number, code: number, message: string) =>
  Response.json({ errors: [{ status: false, code, message }], warnings: [] }, { status });

export class CapillaryAuth {
  private readonly tokens = new Map<string, { credential: Credential; expires: number }>();

  constructor(private readonly tables: Tables) {}

  /** The caller's credential, or the refusal to answer with. */
  check(req: Request, needsPoints: boolean): Credential | Response {
    const credential = this.credential(req);
    if (!credential) return capillaryError(401, 401, 'Authentication failed');
    if (needsPoints && !credential.points)
      return capillaryError(403, 4000, 'Not authorized to access the Points resources');
    return credential;
  }

  private credential(req: Request): Credential | undefined {
    const token = req.headers.get('x-cap-api-oauth-token');
    if (token) {
      const entry = this.tokens.get(token);
      return entry && entry.expires > Date.now() ? entry.credential : undefined;
    }
    const basic = /^Basic\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '');
    if (!basic) return undefined;
    let decoded: string;
    try {
      decoded = atob(basic[1] as string);
    } catch {
      return undefined;
    }
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const till = this.tables.tills.get(decoded.slice(0, colon));
    return till && till.md5 === decoded.slice(colon + 1).toLowerCase() ? till.credential : undefined;
  }

  async generate(req: Request): Promise<Response> {
    let body: unknown;
    try {
      body = await req.json();
    } catch {
      body = undefined;
    }
    const { key, secret } = (body !== null && typeof body === 'object' ? body : {}) as Record<
      string,
      unknown
    >;
    const app = typeof key === 'string' ? this.tables.apps.get(key) : undefined;
    if (!app || app.secret !== secret)
      return Response.json(
        { data: null, errors: [{ status: false, code: 401, message: 'Invalid key or secret' }] },
        { status: 401 },
      );
    const accessToken = randomBytes(24).toString('base64url');
    this.tokens.set(accessToken, { credential: app.credential, expires: Date.now() + TTL_SECONDS * 1000 });
    return Response.json({ data: { accessToken, ttlSeconds: TTL_SECONDS }, errors: null });
  }
}

/** fabric's bearer, or its refusal. */
export function fabricRefusal(req: Request): Response | undefined {
  const bearer = /^Bearer\s+(\S+)$/i.exec(req.headers.get('authorization') ?? '');
  if (bearer?.[1] === FABRIC_TOKEN) return undefined;
  return Response.json(
    {
      status: 401,
      message: 'Unauthorized',
      errors: { authorization: 'Invalid or missing bearer token' },
      data: {},
    },
    { status: 401 },
  );
}
