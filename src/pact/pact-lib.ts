/**
 * The one place that loads `@pact-foundation/pact`. It is loaded on first use (about 200 ms, and a
 * native library), never at CLI start-up, and always with Pact's telemetry switched off: the
 * variable must be set before the module loads (TOOLING.md). It is an optional peer dependency of
 * the package: without it, only the Pact commands fail, with `LC_ERR_PACT_MISSING`.
 */

import { toolError } from '../errors.ts';

/** The module's namespace. */
export type PactModule = typeof import('@pact-foundation/pact');

/** Pact's V3/V4 matcher functions (`like`, `eachLike`, `regex`, `integer`, `fromProviderState`, ...). */
export type PactMatchers = PactModule['MatchersV3'];

let loading: Promise<PactModule> | undefined;

/** Whether `error` says that Pact itself (not one of its own dependencies) is not installed. */
function isPactMissing(error: unknown): boolean {
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  return (
    code === 'ERR_MODULE_NOT_FOUND' &&
    typeof message === 'string' &&
    message.includes("package '@pact-foundation/pact'")
  );
}

/**
 * Loads Pact once, with `PACT_DO_NOT_TRACK=true`; `LC_ERR_PACT_MISSING` naming `command` (the one
 * that needs it: `pact export` or `pact verify`) when it is not installed.
 */
export function loadPact(command: 'pact export' | 'pact verify'): Promise<PactModule> {
  process.env.PACT_DO_NOT_TRACK = 'true';
  loading ??= import('@pact-foundation/pact');
  return loading.catch((error: unknown) => {
    throw isPactMissing(error) ? toolError('LC_ERR_PACT_MISSING', { command }, { cause: error }) : error;
  });
}
