import { isLoopbackHost } from '../loopback.ts';
import type { Profile } from './types.ts';

/**
 * One line per API family whose base URL is plain `http://` to a host other than this machine:
 * the profile's credentials (a till's md5 password in Basic, an OAuth key and secret, a token)
 * would cross the network unencrypted on every request. A warning, not a refusal: a staging
 * reached inside a private network may be served so, and the documents' own hosts are https.
 * Loopback (the embedded provider, `serve`, a tunnel's local end) is never warned of.
 */
export function plainHttpCredentialWarnings(profile: Profile): string[] {
  const families: [string, string | undefined][] = [
    ['capillary', profile.capillary?.baseUrl],
    ['fabric', profile.fabric?.baseUrl],
  ];
  return families.flatMap(([family, baseUrl]) => {
    if (!baseUrl || !URL.canParse(baseUrl)) return [];
    const url = new URL(baseUrl);
    if (url.protocol !== 'http:' || isLoopbackHost(url.hostname)) return [];
    return [
      `warning: ${family}.baseUrl is plain http:// to ${url.host}, another machine: the profile's ${family} credentials cross the network unencrypted on every request; use https:// if the target serves it`,
    ];
  });
}
