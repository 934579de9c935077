/**
 * The one registry of tool errors (errors of the suite's own run or set-up, never of the target).
 *
 * Each code is stable: reports, CI logs and documentation refer to it. A message template names
 * its placeholders as `{field}`; `toolError` fills them from the error's details, and its type
 * requires every placeholder of the chosen code, so a template and its callers cannot drift.
 */

import { showControls } from '../reporters/control.ts';

/** The shape of one registry entry. */
export interface ToolErrorDefinition {
  /** Message template; `{name}` is replaced with `details.name`. */
  readonly message: string;
  /** Process exit code when this error ends a run (2: the suite could not judge the target). */
  readonly exitCode: 2;
}

/** Every tool error code with its message template and exit code. */
export const LC_ERRORS = {
  // --- specs (src/spec) ---
  LC_ERR_SPEC_NOT_FOUND: {
    message: 'Spec file {path} cannot be read ({reason})',
    exitCode: 2,
  },
  LC_ERR_SPEC_PARSE: {
    message: 'Spec file {path} is not valid YAML: {reason}',
    exitCode: 2,
  },
  LC_ERR_SPEC_REF: {
    message: 'Spec {path}: cannot resolve $ref "{ref}" found at {at} ({reason})',
    exitCode: 2,
  },
  LC_ERR_SPEC_OPERATION_UNKNOWN: {
    message: 'No loaded spec declares operationId "{operationId}"',
    exitCode: 2,
  },
  LC_ERR_SPEC_INVALID: {
    message: 'Spec {path} is invalid: {reason}',
    exitCode: 2,
  },

  // --- requirement catalogue (specs/requirements.yaml) ---
  LC_ERR_CATALOGUE_INVALID: {
    message: 'Requirement catalogue {path} is invalid: {reason}',
    exitCode: 2,
  },

  // --- reference provider dataset ---
  LC_ERR_DATASET_INVALID: {
    message: 'Reference dataset {origin} is invalid at {field}: {problem}',
    exitCode: 2,
  },

  // --- scenario suites (suites/) ---
  LC_ERR_SCENARIO_INVALID: {
    message: 'Scenario {scenario} is invalid: {reason}',
    exitCode: 2,
  },
  LC_ERR_CLI_USAGE: {
    message: '{reason}',
    exitCode: 2,
  },

  // --- target profiles (config/) ---
  LC_ERR_PROFILE_NOT_FOUND: {
    message: 'Profile {path} cannot be read ({reason})',
    exitCode: 2,
  },
  LC_ERR_PROFILE_PARSE: {
    message: 'Profile {path} is not valid YAML: {reason}',
    exitCode: 2,
  },
  LC_ERR_PROFILE_ENV_MISSING: {
    // {variables}: every unset variable with the fields using it, `A (x.y), B (z)`.
    message:
      'Profile {path}: environment variables not set: {variables}; set them, or load a dotenv file with --env-file FILE',
    exitCode: 2,
  },
  LC_ERR_PROFILE_PLACEHOLDER: {
    // {count} {noun}: `11 TODO placeholders`, `1 TODO placeholder`; {placeholders}: `line 61
    // capillary.orgs[0].config.defaultProgramId, …` (at most 40, then `(and N more)`); {unset}: empty,
    // or `; environment variables not set: A (x.y)` when variables are missing too.
    message: 'Profile {path} still has {count} TODO {noun}: {placeholders}{unset}',
    exitCode: 2,
  },
  LC_ERR_PROFILE_INVALID: {
    message: 'Profile {path} is invalid: {reason}',
    exitCode: 2,
  },

  // --- report files (src/report: baseline diff, shard merge) ---
  LC_ERR_REPORT_INVALID: {
    message: 'Report {path} is invalid: {reason}',
    exitCode: 2,
  },
  LC_ERR_MERGE_INCOMPATIBLE: {
    message: 'Cannot merge these shard reports: {reason}',
    exitCode: 2,
  },
  LC_ERR_SPEC_COMPAT_INPUT: {
    // `spec-compat`: a provider's OpenAPI document that cannot be compared. {input}: the path or
    // URL given; {reason}: one line (unreadable, not YAML/JSON, not OpenAPI 3.x, a $ref that
    // resolves to nothing, a private address a public document points to).
    message: 'Cannot compare {input}: {reason}',
    exitCode: 2,
  },

  // --- CLI (src/cli) ---
  LC_ERR_INIT_OUT_EXISTS: {
    message: '{path} already exists; pass --force to overwrite it',
    exitCode: 2,
  },

  LC_ERR_NOTHING_SELECTED: {
    message: 'Nothing to run: {reason}',
    exitCode: 2,
  },
  LC_ERR_RUN_INTERRUPTED: {
    // SIGINT or SIGTERM during `run` (or the `signal` of `conform`): no scenario starts after it,
    // calls in flight are cancelled, the reports say the run is incomplete. {signal}: `SIGINT`;
    // {done} of {total}: scenario runs that ended with their verdict, of those the selection let
    // run (a scenario skipped for the profile's sake counts in neither). The process and the
    // report exit 2 (not judged).
    message: 'interrupted by {signal} after {done} of {total} scenario runs',
    exitCode: 2,
  },

  // --- talking to the target ---
  LC_ERR_AUTH_REJECTED: {
    message:
      'The target refused the credentials of {principal} ({scheme}): {answer}. Check the profile and its environment variables; no scenario ran',
    exitCode: 2,
  },
  LC_ERR_PROFILE_FIXTURE_UNKNOWN: {
    // {identifier}: the identifier's name (`mobile`), never its value.
    message:
      'The target does not know customer {customer} of org {org}: a balance read by its {identifier} was answered {status} with code {code} (customer not found). Check that the profile describes this target and its identifiers (an org with dual eligibility answers 8015 to a lone identifier other than its primary: declare config.dualEligibility with its primaryIdentifier); no scenario ran',
    exitCode: 2,
  },
  LC_ERR_TARGET_NO_ANSWER: {
    message: 'Target {url} gave no readable answer to the first request ({reason}); no scenario ran',
    exitCode: 2,
  },
  LC_ERR_TARGET_NOT_API: {
    // {field}: the profile field that gave the URL, `capillary.baseUrl` or `fabric.baseUrl`.
    message:
      'The target does not answer as the API: {principal}: {request} got {answer}. Check {field} (or --target) (a login page, a gateway error page or another service answered, or nothing is at that path); no scenario ran',
    exitCode: 2,
  },
  LC_ERR_RATE_LIMITED: {
    message:
      'Rate limited by the target {url}: the wait budget (limits.rateLimitWaitMs) ran out ({answer}); checks it affected are errors, not failures. Lower limits.requestsPerSecond or limits.concurrency, or raise limits.rateLimitWaitMs, and run again',
    exitCode: 2,
  },
  LC_ERR_TARGET_UNREACHABLE: {
    // {field}: the profile field that gave the URL, `capillary.baseUrl` or `fabric.baseUrl`.
    message:
      'Target {url} is unreachable: {reason}. Check {field} (or --target) and that the target is running',
    exitCode: 2,
  },
  LC_ERR_TARGET_UNRESPONSIVE: {
    message:
      'Target {url} stopped answering: {count} requests in a row got no readable response (last: {reason}); the run stopped asking it, so its report is incomplete',
    exitCode: 2,
  },
  LC_ERR_TARGET_UNAVAILABLE: {
    // {detail}: what was answered and what the run did about it (before any scenario, or mid-run).
    message: 'Target {url} is unavailable: {detail}. Run it again when the target is back',
    exitCode: 2,
  },
  LC_ERR_AUTH_EXPIRED: {
    message:
      "The target stopped accepting the credentials of {principal} mid-run: {count} requests in a row sent with them were refused (last: {answer}); the run stopped asking it, so its report is incomplete and the checks those refusals reached are errors, not failures. Check that the profile's credentials (a token, a password rotated) stay valid for the whole run",
    exitCode: 2,
  },
  LC_ERR_TARGET_TLS: {
    // {url}: the target's origin; {reason}: the cause in words, the TLS code in parentheses and
    // what to change, e.g. `the certificate is self-signed (DEPTH_ZERO_SELF_SIGNED_CERT): give
    // capillary.tls.ca or NODE_EXTRA_CA_CERTS`.
    message: '{url}: {reason}',
    exitCode: 2,
  },
  LC_ERR_TARGET_PROXY: {
    // {proxy}: the proxy URL without its credentials; {variable}: HTTPS_PROXY, http_proxy, …
    message: 'Proxy {proxy} (from {variable}) for {url}: {reason}',
    exitCode: 2,
  },
  LC_ERR_PROXY_INVALID: {
    message: 'Environment variable {variable} is not a usable proxy URL: {reason}',
    exitCode: 2,
  },
  LC_ERR_PROFILE_TLS: {
    // {field}: `capillary.tls.key`, …; never quotes a key or a passphrase.
    message: 'Profile {path}: {field}: {reason}',
    exitCode: 2,
  },

  // --- Pact contracts (src/pact) ---
  LC_ERR_PACT_MISSING: {
    // An optional peer dependency: only `pact export`/`pact verify` (and their API) load it.
    message:
      'Pact is not installed, and {command} needs it: npm install --save-dev @pact-foundation/pact@~16.5.0',
    exitCode: 2,
  },
  LC_ERR_PACT_INVALID: {
    message: 'Pact file {path} cannot be used: {reason}',
    exitCode: 2,
  },
  LC_ERR_PACT_STATE_UNKNOWN: {
    message: 'Pact {path}, interaction "{interaction}": provider state "{state}" {reason}',
    exitCode: 2,
  },
  LC_ERR_PACT_UNSAFE: {
    message:
      'Not verifying: {count} interaction(s) would change the target ({path} and others) and {reason}; nothing was sent',
    exitCode: 2,
  },
  LC_ERR_PACT_TLS: {
    // Pact's verifier (its Rust core) opens its own connections to the provider.
    message:
      'Not verifying {path}: the profile gives {field} for an https target, which the Pact verifier cannot apply (it opens its own connections); verify a target reachable without it, or judge this one with run, which applies it; nothing was sent',
    exitCode: 2,
  },
  LC_ERR_PACT_EXPORT: {
    message: 'Pact export failed: {reason}',
    exitCode: 2,
  },
  LC_ERR_PACT_VERIFIER: {
    message: 'The Pact verifier could not run: {reason}',
    exitCode: 2,
  },

  // --- HTTP client (src/client) ---
  LC_ERR_AUTH_TOKEN: {
    message: 'Could not obtain an OAuth token from {url}: {reason}',
    exitCode: 2,
  },
  LC_ERR_CLIENT_BASE_URL: {
    message: 'No usable base URL for API family {family}: {reason}',
    exitCode: 2,
  },
  LC_ERR_CLIENT_REQUEST: {
    message: 'Cannot build the request for {operationId}: {reason}',
    exitCode: 2,
  },
  LC_ERR_CLIENT_LIMITS: {
    message: 'Invalid client limit {field}: {reason}',
    exitCode: 2,
  },
  LC_ERR_CLIENT_OVERLOADED: {
    message: 'More than {maxWaiting} requests are waiting for the {limiter}',
    exitCode: 2,
  },
  LC_ERR_CLIENT_CLOSED: {
    message: 'The HTTP client is closed: {reason}',
    exitCode: 2,
  },
} as const satisfies Record<`LC_ERR_${string}`, ToolErrorDefinition>;

/** A registered tool error code. */
export type LcErrorCode = keyof typeof LC_ERRORS;

/** The placeholder names of a message template, e.g. `'path' | 'reason'`. */
type Placeholders<T extends string> = T extends `${string}{${infer Name}}${infer Rest}`
  ? Name | Placeholders<Rest>
  : never;

/**
 * The details an error of code `C` must carry: every placeholder of its template, plus any other
 * field that helps a user fix the problem.
 */
export type ToolErrorDetails<C extends LcErrorCode> = Record<
  Placeholders<(typeof LC_ERRORS)[C]['message']>,
  unknown
> &
  Record<string, unknown>;

/**
 * `text` on one line of a terminal or a CI log: each line break (CR, LF, VT, FF, NEL, U+2028,
 * U+2029), with the blanks around it, becomes one space, and every other control character is
 * shown as an escape (`\u001b`). A message may quote a target's page or message, and a hostile
 * one's escape sequences would clear the screen, move the cursor over the lines above, recolour
 * or retitle the terminal (hostile hunt 59: a login page's `ESC[2J` reached stderr raw).
 */
export function oneLine(text: string): string {
  return showControls(text.replace(/\s*[\r\n\v\f\u0085\u2028\u2029]+\s*/g, ' ').trim());
}

/**
 * A tool error: the run or its set-up is wrong, not the target. Its message is always one line
 * (a parser's or a target's text it quotes may span lines), for the CLI and for callers of the
 * API alike; `details` keep such text as it came.
 */
export class LoyaltyConformanceError extends Error {
  /** The stable code from `LC_ERRORS`. */
  readonly code: LcErrorCode;
  /** Structured fields naming what went wrong and where (file, ref, operationId, ...). */
  readonly details: Record<string, unknown>;
  /** The exit code a run ending with this error returns. */
  readonly exitCode: number;

  constructor(code: LcErrorCode, message: string, details: Record<string, unknown>, options?: ErrorOptions) {
    super(oneLine(message), options);
    this.name = 'LoyaltyConformanceError';
    this.code = code;
    this.details = details;
    this.exitCode = LC_ERRORS[code].exitCode;
  }
}

/** Fills `{name}` placeholders; a value that is not a string is JSON-encoded so it stays on one line. */
function fillTemplate(template: string, details: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in details)) return whole;
    const value = details[name];
    return typeof value === 'string' ? value : JSON.stringify(value);
  });
}

/**
 * Creates the tool error of `code` with its message filled from `details`.
 * Pass the underlying exception as `options.cause` so it stays inspectable.
 */
export function toolError<C extends LcErrorCode>(
  code: C,
  details: ToolErrorDetails<C>,
  options?: ErrorOptions,
): LoyaltyConformanceError {
  return new LoyaltyConformanceError(code, fillTemplate(LC_ERRORS[code].message, details), details, options);
}

/** Whether `value` is a tool error, optionally of one given code. */
export function isToolError(value: unknown, code?: LcErrorCode): value is LoyaltyConformanceError {
  return value instanceof LoyaltyConformanceError && (code === undefined || value.code === code);
}
