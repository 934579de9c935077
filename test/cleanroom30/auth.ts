import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { OrgRow } from './data.ts';
import { decode } from './protojson.ts';
import { Code, RpcError } from './status.ts';

/**
 * Capillary credentials, checked by the service's auth interceptor (Envoy passes the headers on):
 * Basic `till:md5hex(password)`, or `X-CAP-API-OAUTH-TOKEN` from POST /v3/oauth/token/generate.
 * The caller's org decides every answer; `pointsGroup` is the Points access group.
 */
export interface Caller {
  readonly org: OrgRow;
  readonly pointsGroup: boolean;
}

const TTL_SECONDS = 3600;
const unauthenticated = (message: string) => new RpcError(Code.UNAUTHENTICATED, message);
const md5 = (text: string) => createHash('md5').update(text).digest('hex');

export class Auth {
  private readonly tokens = new Map<string, Caller>();

  constructor(private readonly orgs: readonly OrgRow[]) {}

  caller(headers: IncomingHttpHeaders): Caller {
    const token = headers['x-cap-api-oauth-token'];
    if (typeof token === 'string' && token !== '') {
      const caller = this.tokens.get(token);
      if (!caller) throw unauthenticated('invalid or expired oauth token');
      return caller;
    }
    const basic = /^Basic\s+(\S+)$/i.exec(headers.authorization ?? '');
    if (!basic) throw unauthenticated('missing credentials');
    const [user, hash] = Buffer.from(basic[1]!, 'base64').toString('utf8').split(':', 2);
    for (const org of this.orgs) {
      const till = org.credentials.basic[user ?? ''];
      if (till && md5(till.password) === hash) return { org, pointsGroup: till.pointsGroup };
    }
    throw unauthenticated('invalid till credentials');
  }

  /**
   * GenerateToken: `{"data":{"accessToken","ttlSeconds"}}`. The `errors: null` of the vendor's
   * answer is an unset message field, which protojson leaves out. ttlSeconds is an int64 no page
   * types, so it keeps protojson's default: a JSON string (`"3600"`); the service's marshaler writes
   * as numbers only the int64 fields the four pages document as numbers.
   */
  generate(body: string): { data: { accessToken: string; ttlSeconds: string } } {
    const request = decode(body, [
      { json: 'key', proto: 'key', kind: 'string' },
      { json: 'secret', proto: 'secret', kind: 'string' },
    ]);
    for (const org of this.orgs) {
      const app = org.credentials.oauth[String(request.key ?? '')];
      if (app && app.secret === request.secret) {
        const accessToken = randomBytes(24).toString('base64url');
        this.tokens.set(accessToken, { org, pointsGroup: app.pointsGroup });
        return { data: { accessToken, ttlSeconds: String(TTL_SECONDS) } };
      }
    }
    throw unauthenticated('invalid key or secret');
  }
}
