import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { ApiUser } from './data.ts';
import { detail } from './drf.ts';
import type { OrgState } from './ledger.ts';

export interface Caller {
  readonly state: OrgState;
  readonly user: ApiUser;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * `DEFAULT_AUTHENTICATION_CLASSES`: a Basic authenticator (till name, md5 of the password) first,
 * then the OAuth token header. The first class has an `authenticate_header`, so DRF answers an
 * unauthenticated request 401 with `WWW-Authenticate: Basic realm="api"` — never 403.
 */
const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="api"' };

export function authenticate(orgs: readonly OrgState[], headers: IncomingHttpHeaders): Caller {
  const basic = headers.authorization;
  if (typeof basic === 'string' && /^basic /i.test(basic)) {
    const decoded = Buffer.from(basic.slice(6).trim(), 'base64').toString();
    const colon = decoded.indexOf(':');
    if (colon < 0)
      throw detail(401, 'Invalid basic header. Credentials not correctly base64 encoded.', CHALLENGE);
    const [name, digest] = [decoded.slice(0, colon), decoded.slice(colon + 1).toLowerCase()];
    for (const state of orgs) {
      const user = state.org.users.find(
        (u) => u.kind === 'basic' && u.name === name && md5(u.secret) === digest,
      );
      if (user) return { state, user };
    }
    throw detail(401, 'Invalid username/password.', CHALLENGE);
  }
  const token = headers['x-cap-api-oauth-token'];
  if (typeof token === 'string') {
    for (const state of orgs) {
      const name = state.tokens.get(token);
      const user = state.org.users.find((u) => u.kind === 'oauth' && u.name === name);
      if (user) return { state, user };
    }
    throw detail(401, 'Invalid token.', CHALLENGE);
  }
  throw detail(401, 'Authentication credentials were not provided.', CHALLENGE);
}

/** `HasPointsAccessGroup`: the deduction's prerequisite. */
export function requirePointsGroup(caller: Caller): void {
  if (!caller.user.points) throw detail(403, 'You do not have permission to perform this action.');
}

/** `POST /v3/oauth/token/generate`: key and secret of an OAuth client → a fresh token. */
export function issueToken(orgs: readonly OrgState[], key: unknown, secret: unknown): string | undefined {
  for (const state of orgs) {
    const user = state.org.users.find((u) => u.kind === 'oauth' && u.name === key && u.secret === secret);
    if (!user) continue;
    const token = randomBytes(24).toString('hex');
    state.tokens.set(token, user.name);
    return token;
  }
  return undefined;
}
