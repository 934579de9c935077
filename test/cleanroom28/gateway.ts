import { createHash, randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { OrgSeed, Principal } from './data.ts';
import type { Answer, Call } from './ktor.ts';

/**
 * AWS API Gateway (REST API) in front of the Lambda: what a request meets before the service sees
 * it. Only the deployed resources and methods exist (anything else is 403 "Missing Authentication
 * Token", not 404), a 10 MB payload limit (413 "Request Too Long"), a Lambda TOKEN authorizer per
 * family (401 "Unauthorized" for missing or unknown credentials, 403 "User is not authorized to
 * access this resource" for its explicit Deny), a web ACL answering 403 "Forbidden" to a
 * `<script` in the query or body, its own headers on every answer, and Lambda containers that
 * start cold after idling.
 */

export const PAYLOAD_LIMIT = 10 * 1024 * 1024;

/** Who the authorizer let through. */
export type Identity =
  | { family: 'capillary'; org: OrgSeed; principal: Principal }
  | { family: 'fabric' }
  | { family: 'none' };

/** A deployed resource + method; `authorizer` decides Allow or Deny before the Lambda runs. */
export interface Route {
  readonly method: string;
  readonly path: RegExp;
  readonly authorizer: (call: Call) => Identity | 'unauthorized' | 'deny';
  readonly handler: (call: Call, identity: Identity, match: RegExpExecArray) => Promise<Answer>;
}

class GatewayError {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly message: string,
  ) {}
}

const MISSING_TOKEN = new GatewayError(
  403,
  'MissingAuthenticationTokenException',
  'Missing Authentication Token',
);
const UNAUTHORIZED = new GatewayError(401, 'UnauthorizedException', 'Unauthorized');
const DENIED = new GatewayError(
  403,
  'AccessDeniedException',
  'User is not authorized to access this resource',
);
const TOO_LONG = new GatewayError(413, 'RequestTooLongException', 'Request Too Long');
const WAF_BLOCKED = new GatewayError(403, 'ForbiddenException', 'Forbidden');

/** The web ACL's cross-site-scripting rule (AWS managed rules), ahead of the gateway itself. */
const CROSS_SITE_SCRIPTING = /<\s*script/i;

/** The Capillary authorizer: Basic `till:md5(password)` or `X-CAP-API-OAUTH-TOKEN`. */
export function capillaryAuthorizer(
  orgs: readonly OrgSeed[],
  tokens: ReadonlyMap<string, { org: OrgSeed; principal: Principal }>,
  needsPointsGroup: boolean,
) {
  return (call: Call): Identity | 'unauthorized' | 'deny' => {
    const token = call.headers['x-cap-api-oauth-token'];
    let found: { org: OrgSeed; principal: Principal } | undefined;
    if (token !== undefined) found = tokens.get(token);
    else {
      const [scheme, encoded] = (call.headers.authorization ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'basic' || !encoded) return 'unauthorized';
      const decoded = Buffer.from(encoded, 'base64').toString();
      const colon = decoded.indexOf(':');
      const [user, md5] = [decoded.slice(0, colon), decoded.slice(colon + 1)];
      for (const org of orgs)
        for (const principal of org.principals)
          if (
            principal.scheme === 'basic' &&
            colon > 0 &&
            principal.name === user &&
            createHash('md5').update(principal.secret).digest('hex') === md5
          )
            found = { org, principal };
    }
    if (!found) return 'unauthorized';
    if (needsPointsGroup && !found.principal.pointsGroup) return 'deny';
    return { family: 'capillary', ...found };
  };
}

/** The fabric authorizer: `Authorization: Bearer <token>`. */
export const fabricAuthorizer =
  (token: string) =>
  (call: Call): Identity | 'unauthorized' =>
    call.headers.authorization === `Bearer ${token}` ? { family: 'fabric' } : 'unauthorized';

export const noAuthorizer = (): Identity => ({ family: 'none' });

/** Warm Lambda containers; a request finding none free starts one cold. */
export class LambdaPool {
  private warm: number[] = [];

  constructor(
    private readonly random: () => number,
    private readonly latency: boolean,
    private readonly idleMs = 60_000,
  ) {}

  async invoke<R>(run: () => Promise<R>): Promise<R> {
    const now = Date.now();
    this.warm = this.warm.filter((lastUsed) => now - lastUsed < this.idleMs);
    const cold = this.warm.pop() === undefined;
    if (this.latency) {
      const delay = cold ? 150 + this.random() * 250 : 2 + this.random() * 13;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
    try {
      return await run();
    } finally {
      this.warm.push(Date.now());
    }
  }
}

function send(res: ServerResponse, status: number, body: string, extra: Record<string, string> = {}): void {
  const epoch = Math.floor(Date.now() / 1000).toString(16);
  res.writeHead(status, {
    'content-type': 'application/json',
    'content-length': String(Buffer.byteLength(body)),
    'x-amzn-requestid': randomUUID(),
    'x-amz-apigw-id': randomBytes(12).toString('base64').replace(/[+/=]/g, 'A'),
    'x-amzn-trace-id': `Root=1-${epoch}-${randomBytes(12).toString('hex')}`,
    ...extra,
  });
  res.end(body);
}

function sendGatewayError(res: ServerResponse, e: GatewayError): void {
  send(res, e.status, JSON.stringify({ message: e.message }), { 'x-amzn-errortype': e.type });
}

/** Reads the body up to the limit; past it, the rest is drained and the request refused. */
function readBody(req: IncomingMessage): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= PAYLOAD_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > PAYLOAD_LIMIT ? undefined : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** The gateway's request handler over its routes; `lambda` runs the integration. */
export function gateway(
  routes: readonly Route[],
  lambda: LambdaPool,
  integrationError: (e: unknown) => Answer,
) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const url = new URL(req.url ?? '/', 'http://gateway');
    const body = await readBody(req);
    const query = [...url.searchParams].flat().join(' ');
    if (CROSS_SITE_SCRIPTING.test(query) || CROSS_SITE_SCRIPTING.test(body ?? ''))
      return sendGatewayError(res, WAF_BLOCKED);
    const onPath = routes.filter((r) => r.path.test(url.pathname));
    const route = onPath.find((r) => r.method === req.method);
    if (!route) return sendGatewayError(res, MISSING_TOKEN);
    if (body === undefined) return sendGatewayError(res, TOO_LONG);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers))
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    const call: Call = {
      method: req.method ?? 'GET',
      path: url.pathname,
      query: url.searchParams,
      headers,
      body,
    };
    const identity = route.authorizer(call);
    if (identity === 'unauthorized') return sendGatewayError(res, UNAUTHORIZED);
    if (identity === 'deny') return sendGatewayError(res, DENIED);
    const answer = await lambda.invoke(async () => {
      try {
        return await route.handler(call, identity, route.path.exec(url.pathname)!);
      } catch (e) {
        return integrationError(e);
      }
    });
    send(res, answer.statusCode, answer.body);
  };
}
