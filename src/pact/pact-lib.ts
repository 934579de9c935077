/**
 * The one place that loads `@pact-foundation/pact`. It is loaded on first use (about 200 ms, and a
 * native library), never at CLI start-up, and always with Pact's telemetry switched off: the
 * variable must be set before the module loads (TOOLING.md).
 */

/** The module's namespace. */
export type PactModule = typeof import('@pact-foundation/pact');

/** Pact's V3/V4 matcher functions (`like`, `eachLike`, `regex`, `integer`, `fromProviderState`, ...). */
export type PactMatchers = PactModule['MatchersV3'];

let loading: Promise<PactModule> | undefined;

/** Loads Pact once, with `PACT_DO_NOT_TRACK=true`. */
export function loadPact(): Promise<PactModule> {
  process.env.PACT_DO_NOT_TRACK = 'true';
  loading ??= import('@pact-foundation/pact');
  return loading;
}
