import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Credential, Tables } from './data.ts';
import { bindBody, sendChallenge, sendJson } from './kestrel.ts';
import { Bound } from './stj.ts';

/**
 * Capillary authentication as this vendor's handlers do it: Basic with a till's md5 password
 * (usernames compared ordinally, as a .NET Dictionary<string,…> does), or an OAuth token from
 * /v3/oauth/token/generate in X-CAP-API-OAUTH-TOKEN. A failure is the handler's challenge: 401,
 * no body.
 */
export class CapillaryAuth {
  private readonly tokens = new Map<string, { credential: Credential; expires: number }>();
  private issued = 0;

  constructor(
    private readonly tables: Tables,
    private readonly seed: number,
  ) {}

  /** The caller's credential, or undefined after answering the challenge. */
  authenticate(req: IncomingMessage, res: ServerResponse): Credential | undefined {
    const token = req.headers['x-cap-api-oauth-token'];
    if (typeof token === 'string') {
      const held = this.tokens.get(token);
      if (held && held.expires > Date.now()) return held.credential;
    }
    const header = req.headers.authorization ?? '';
    const m = /^basic\s+(\S+)$/i.exec(header);
    if (m?.[1]) {
      const [user = '', md5 = ''] = Buffer.from(m[1], 'base64').toString('utf8').split(':');
      const till = this.tables.tills.get(user);
      const given = Buffer.from(md5.toLowerCase().padEnd(32, '0').slice(0, 32));
      if (till && md5.length === 32 && timingSafeEqual(given, Buffer.from(till.md5))) return till.credential;
    }
    sendChallenge(res, 'Basic realm="Capillary", X-CAP-API-OAUTH-TOKEN');
    return undefined;
  }

  /** POST /v3/oauth/token/generate: `{"key","secret"}` → a token that lives an hour. */
  async generate(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await bindBody(req, res);
    if (!body) return;
    const bound = new Bound(body);
    const client = this.tables.clients.get(bound.string('key') ?? '');
    if (!client || client.secret !== bound.string('secret')) {
      sendChallenge(res, 'Bearer error="invalid_client"');
      return;
    }
    this.issued += 1;
    const accessToken = createHash('sha256').update(`${this.seed}:${this.issued}`).digest('base64url');
    this.tokens.set(accessToken, { credential: client.credential, expires: Date.now() + 3_600_000 });
    sendJson(res, 200, { data: { accessToken, ttlSeconds: 3600 }, errors: null });
  }
}
