import { randomBytes } from 'node:crypto';
import { type Credential, FABRIC_TOKEN, type Tables } from './data.ts';
import { type HttpRequest, type HttpResponse, jsonBody, jsonResponse } from './drogon.ts';

/**
 * The vendor's Drogon filters: Capillary's Basic (`username:md5hex(password)`) or
 * `X-CAP-API-OAUTH-TOKEN` from POST /v3/oauth/token/generate, refused with 401 in Capillary's
 * envelope; the Points access group checked per controller (403, 4000); fabric's bearer token,
 * refused with 401 in fabric's envelope.
 */
export const PRINCIPAL = 'principal';
const TTL_SECONDS = 3600;

const capillaryError = (status: number, code: number, message: string) =>
  jsonResponse(status, { errors: [{ code: BigInt(code), message, status: false }], warnings: [] });

export class Auth {
  private readonly tokens = new Map<string, { credential: Credential; expires: number }>();
  /** The fabric tenant's one API token, from the service's config. */
  private readonly fabricToken = FABRIC_TOKEN;

  constructor(private readonly tables: Tables) {}

  /** AuthFilter on every Capillary controller. */
  readonly capillary = (req: HttpRequest): HttpResponse | undefined => {
    const credential = this.credential(req);
    if (!credential) return capillaryError(401, 401, 'Authentication failed: invalid or missing credentials');
    req.attributes.set(PRINCIPAL, credential);
    return undefined;
  };

  /** PointsAccessFilter, after the AuthFilter, on the controllers of the Points access group. */
  readonly pointsGroup = (req: HttpRequest): HttpResponse | undefined => {
    const credential = req.attributes.get(PRINCIPAL) as Credential;
    return credential.points
      ? undefined
      : capillaryError(403, 4000, 'Not authorized to access Points resources');
  };

  /** BearerFilter on the fabric controllers. */
  readonly fabric = (req: HttpRequest): HttpResponse | undefined => {
    const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
    if (match?.[1] === this.fabricToken) return undefined;
    return jsonResponse(401, {
      data: {},
      errors: { authorization: 'Invalid or missing bearer token' },
      message: 'Unauthorized',
      status: 401n,
    });
  };

  async generateToken(req: HttpRequest): Promise<HttpResponse> {
    const body = jsonBody(req);
    const key = body.ok ? body.json.key : undefined;
    const secret = body.ok ? body.json.secret : undefined;
    const app = typeof key === 'string' ? this.tables.apps.get(key) : undefined;
    if (!app || app.secret !== secret)
      return jsonResponse(401, {
        data: null,
        errors: [{ code: 401n, message: 'Invalid key or secret', status: false }],
      });
    const token = randomBytes(24).toString('base64url');
    this.tokens.set(token, { credential: app, expires: Date.now() + TTL_SECONDS * 1000 });
    return jsonResponse(200, { data: { accessToken: token, ttlSeconds: BigInt(TTL_SECONDS) }, errors: null });
  }

  private credential(req: HttpRequest): Credential | undefined {
    const oauth = req.headers['x-cap-api-oauth-token'];
    if (oauth !== undefined) {
      const issued = this.tokens.get(oauth.trim());
      return issued && issued.expires > Date.now() ? issued.credential : undefined;
    }
    const match = /^Basic +([A-Za-z0-9+/=]+)$/i.exec(req.headers.authorization ?? '');
    if (!match?.[1]) return undefined;
    const decoded = Buffer.from(match[1], 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon < 0) return undefined;
    const till = this.tables.tills.get(decoded.slice(0, colon));
    return till && till.passwordMd5 === decoded.slice(colon + 1).toLowerCase() ? till : undefined;
  }
}
