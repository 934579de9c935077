import { describe, expect, it } from 'vitest';
import {
  AUTH_HEADER,
  createCredentialFilter,
  credentialsOf,
  PLACEHOLDER,
  PRINCIPAL_HEADER,
  placeholderHeader,
} from '../../src/pact/credentials.ts';
import { parseProfile } from '../../src/profile/index.ts';
import { freePort } from '../client/helpers.ts';
import { editedReference } from '../profile/support.ts';

const TOKEN = 'vault-issued-token-51ad';

/** The reference profile with the strict org on a pre-issued token, Capillary on a port nobody answers. */
async function oauthTokenProfile() {
  const text = editedReference({
    set: {
      'capillary.baseUrl': `http://127.0.0.1:${await freePort()}`,
      'capillary.orgs.0.auth': { scheme: 'oauth-token', token: TOKEN },
      'capillary.orgs.0.alternateAuth': {
        scheme: 'basic',
        username: 'till.strict',
        password: 'strict-till-secret',
      },
      'capillary.orgs.0.restrictedAuth': { scheme: 'oauth-token', token: `${TOKEN}-restricted` },
    },
  });
  return parseProfile(text, 'oauth-token.yaml');
}

/** Runs the verifier's request filter on one request and returns its headers afterwards. */
function filtered(
  filter: ReturnType<typeof createCredentialFilter>,
  headers: Record<string, string>,
): Promise<Record<string, string | string[] | undefined>> {
  const req = {
    url: '/v2/points/balance',
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v])),
  };
  return new Promise((resolve, reject) => {
    filter(req, undefined, (error) => (error ? reject(error) : resolve(req.headers)));
  });
}

describe('pact credentials of an oauth-token org', () => {
  it('uses the X-CAP-API-OAUTH-TOKEN placeholder, as an OAuth client does', () => {
    expect(placeholderHeader('oauth-token')).toEqual(placeholderHeader('oauth'));
    expect(placeholderHeader('oauth-token').name).toBe('X-CAP-API-OAUTH-TOKEN');
  });

  it('finds the token for each credential mode', async () => {
    const profile = await oauthTokenProfile();
    expect(credentialsOf(profile, 'strict', 'default')).toEqual({ scheme: 'oauth-token', token: TOKEN });
    expect(credentialsOf(profile, 'strict', 'restricted')).toEqual({
      scheme: 'oauth-token',
      token: `${TOKEN}-restricted`,
    });
  });

  it('swaps the placeholder for the token, without requesting one (the token endpoint is unreachable)', async () => {
    const filter = createCredentialFilter(await oauthTokenProfile(), undefined);
    const headers = await filtered(filter, {
      [PRINCIPAL_HEADER]: 'strict',
      [AUTH_HEADER]: 'default',
      'X-CAP-API-OAUTH-TOKEN': PLACEHOLDER,
    });
    expect(headers['x-cap-api-oauth-token']).toBe(TOKEN);
    expect(headers[PRINCIPAL_HEADER.toLowerCase()]).toBeUndefined();
    expect(headers[AUTH_HEADER.toLowerCase()]).toBeUndefined();
    expect(headers.authorization).toBeUndefined();

    const restricted = await filtered(filter, {
      [PRINCIPAL_HEADER]: 'strict',
      [AUTH_HEADER]: 'restricted',
      'X-CAP-API-OAUTH-TOKEN': PLACEHOLDER,
    });
    expect(restricted['x-cap-api-oauth-token']).toBe(`${TOKEN}-restricted`);
  });

  it('replaces a Basic placeholder of a contract recorded against another profile with the token', async () => {
    const filter = createCredentialFilter(await oauthTokenProfile(), undefined);
    const headers = await filtered(filter, {
      [PRINCIPAL_HEADER]: 'strict',
      Authorization: `Basic ${PLACEHOLDER}`,
    });
    expect(headers).toMatchObject({ 'x-cap-api-oauth-token': TOKEN });
    expect(headers.authorization).toBeUndefined();
  });
});
