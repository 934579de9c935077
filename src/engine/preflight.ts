import { connect } from 'node:net';
import { toolError } from '../errors.ts';
import type { Profile } from '../profile/types.ts';

/**
 * Checks that every base URL of the profile accepts a TCP connection before any scenario runs, so
 * an unreachable target ends the run at once with one clear line (exit 2) instead of a report
 * full of errors.
 */
export async function checkReachable(
  profile: Profile,
  timeoutMs = Math.min(profile.limits.timeoutMs, 5000),
): Promise<void> {
  const urls = [profile.capillary?.baseUrl, profile.fabric?.baseUrl].filter((u): u is string => Boolean(u));
  for (const url of new Set(urls.map((u) => new URL(u).origin))) {
    const { hostname, port, protocol } = new URL(url);
    const reason = await new Promise<string | undefined>((resolve) => {
      const socket = connect({
        host: hostname.replace(/^\[|\]$/g, ''),
        port: Number(port || (protocol === 'https:' ? 443 : 80)),
      });
      const done = (why: string | undefined) => {
        socket.destroy();
        resolve(why);
      };
      socket.setTimeout(timeoutMs, () => done(`no connection within ${timeoutMs} ms`));
      socket.once('connect', () => done(undefined));
      socket.once('error', (error: NodeJS.ErrnoException) => done(error.code ?? error.message));
    });
    if (reason) throw toolError('LC_ERR_TARGET_UNREACHABLE', { url, reason });
  }
}
