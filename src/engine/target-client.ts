import type { RecordedExchange } from '../client/exchange.ts';
import { type AuthProvider, authFromProfile, createHttpClient } from '../client/index.ts';
import { loadClientTls } from '../client/tls.ts';
import { toolError } from '../errors.ts';
import type { Profile } from '../profile/types.ts';
import type { SpecRegistry } from '../spec/index.ts';
import type { TargetClient } from './runner.ts';
import type { CallOptions } from './types.ts';

/**
 * The engine's client for one profile: picks the credentials of the org a scenario runs for
 * (default or alternate scheme), the fabric Bearer, or none/explicit headers on purpose. Connects
 * with each family's `tls` and through the proxies of the environment.
 */
export function createTargetClient(
  profile: Profile,
  registry: SpecRegistry,
  secrets: readonly string[],
  onExchange?: (exchange: RecordedExchange) => void,
): TargetClient {
  const http = createHttpClient({
    registry,
    baseUrls: {
      ...(profile.capillary ? { capillary: profile.capillary.baseUrl } : {}),
      ...(profile.fabric ? { fabric: profile.fabric.baseUrl } : {}),
    },
    limits: profile.limits,
    tls: {
      capillary: loadClientTls(profile.capillary?.tls, 'capillary.tls', profile.source),
      fabric: loadClientTls(profile.fabric?.tls, 'fabric.tls', profile.source),
    },
    secrets: [...secrets],
    ...(onExchange ? { onExchange } : {}),
  });
  const providers = new Map<string, AuthProvider>();
  const provider = (principal: string, which: 'default' | 'alternate' | 'restricted'): AuthProvider => {
    const key = `${principal}/${which}`;
    const cached = providers.get(key);
    if (cached) return cached;
    let created: AuthProvider;
    if (principal === 'fabric') {
      if (!profile.fabric)
        throw toolError('LC_ERR_CLIENT_BASE_URL', {
          family: 'fabric',
          reason: 'the profile has no fabric section',
        });
      created = authFromProfile(profile.fabric.auth);
    } else {
      const org = profile.capillary?.orgs.find((o) => o.id === principal);
      const auth =
        which === 'default' ? org?.auth : which === 'alternate' ? org?.alternateAuth : org?.restrictedAuth;
      if (!auth)
        throw toolError('LC_ERR_CLI_USAGE', { reason: `org ${principal} declares no ${which} credentials` });
      created = authFromProfile(auth);
    }
    providers.set(key, created);
    return created;
  };
  return {
    call(operationId: string, principal: string, options: CallOptions, signal?: AbortSignal) {
      const choice = options.auth ?? 'default';
      const auth =
        choice === 'none'
          ? 'none'
          : typeof choice === 'object'
            ? { headers: choice.headers }
            : provider(principal, choice);
      return http.exchange(operationId, {
        principal,
        auth,
        ...(options.query ? { query: options.query } : {}),
        ...(options.pathParams ? { pathParams: options.pathParams } : {}),
        ...(options.body !== undefined ? { body: options.body } : {}),
        ...(options.rawBody !== undefined ? { rawBody: options.rawBody } : {}),
        ...(options.headers ? { headers: options.headers } : {}),
        ...(signal ? { signal } : {}),
      });
    },
    // Only a provider made already: asking must not create one (nor send a token request).
    tokenRequest: (principal, which) => providers.get(`${principal}/${which}`)?.tokenRequest?.(),
    redact: (text) => http.redact(text),
    close: () => http.close(),
  };
}
