import { createHash, randomBytes } from 'node:crypto';
import type { IncomingHttpHeaders } from 'node:http';
import type { CredentialRow } from './data.ts';
import type { OrgState } from './store.ts';

/** Who a Capillary request comes from: its org and the credential row. */
export interface Caller {
  readonly state: OrgState;
  readonly credential: CredentialRow;
}

const md5 = (text: string) => createHash('md5').update(text).digest('hex');

/**
 * The auth middleware (a `from_fn` layer before the extractors): Basic with the till's md5 digest,
 * or an issued `X-CAP-API-OAUTH-TOKEN`. An empty header counts as one given and wrong.
 */
export function authenticate(orgs: readonly OrgState[], headers: IncomingHttpHeaders): Caller | undefined {
  const token = headers['x-cap-api-oauth-token'];
  if (typeof token === 'string') {
    for (const state of orgs) {
      const name = state.tokens.get(token);
      const credential = state.org.credentials.find((c) => c.kind === 'oauth' && c.name === name);
      if (token !== '' && credential) return { state, credential };
    }
    return undefined;
  }
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(headers.authorization ?? '');
  if (!basic?.[1]) return undefined;
  const decoded = Buffer.from(basic[1], 'base64').toString();
  const colon = decoded.indexOf(':');
  if (colon < 0) return undefined;
  const [user, digest] = [decoded.slice(0, colon), decoded.slice(colon + 1).toLowerCase()];
  for (const state of orgs) {
    const credential = state.org.credentials.find(
      (c) => c.kind === 'basic' && c.name === user && md5(c.secret) === digest,
    );
    if (credential) return { state, credential };
  }
  return undefined;
}

/** `POST /v3/oauth/token/generate`: a key and secret of an OAuth client, a fresh token. */
export function issueToken(orgs: readonly OrgState[], key: string, secret: string): string | undefined {
  for (const state of orgs) {
    const credential = state.org.credentials.find(
      (c) => c.kind === 'oauth' && c.name === key && c.secret === secret,
    );
    if (!credential) continue;
    const token = randomBytes(24).toString('base64url');
    state.tokens.set(token, credential.name);
    return token;
  }
  return undefined;
}
