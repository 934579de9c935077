/**
 * Redaction of recorded exchanges, and `curl` lines that reproduce them without their secrets.
 *
 * Three rules, applied together:
 * - by header name: credentials headers keep only their scheme word (`Basic [REDACTED]`);
 * - by JSON key: values of credential-like keys in request and response bodies;
 * - by value: every secret the caller names (the profile's credentials and their derived forms),
 *   and every value found by the first two rules, wherever it appears (URL, headers, body text).
 */

import { maskUserInfo } from '../profile/shown-url.ts';
import {
  type Exchange,
  keepEvidence,
  type RecordedExchange,
  type RecordedHead,
  type RecordedRequest,
  type RecordedResponse,
} from './exchange.ts';
import { createFormScan, type FormScan } from './form-scan.ts';

/** What replaces a secret in a recorded exchange. */
export const REDACTED = '[REDACTED]';

/** Headers whose values are credentials (lower case). */
export const SENSITIVE_HEADERS: ReadonlySet<string> = new Set([
  'authorization',
  'proxy-authorization',
  'x-cap-api-oauth-token',
  'cookie',
  'set-cookie',
]);

/** JSON keys whose values are credentials anywhere in a body (compared in lower case). */
export const SENSITIVE_KEYS: ReadonlySet<string> = new Set([
  'password',
  'secret',
  'token',
  'accesstoken',
  'refreshtoken',
  'clientsecret',
]);

/** JSON keys that are credentials only in the OAuth token request (`{"key","secret"}`). */
const OAUTH_REQUEST_KEYS: ReadonlySet<string> = new Set(['key']);

/** Headers whose value starts with a scheme word worth keeping (`Basic`, `Bearer`). */
const SCHEME_HEADERS: ReadonlySet<string> = new Set(['authorization', 'proxy-authorization']);

/**
 * HTTP authentication scheme names (IANA's registry, lower case): public words, never a
 * credential when one stands alone as a header's value.
 */
const AUTH_SCHEMES: ReadonlySet<string> = new Set([
  'basic',
  'bearer',
  'concealed',
  'digest',
  'dpop',
  'gnap',
  'hoba',
  'mutual',
  'negotiate',
  'oauth',
  'privatetoken',
  'scram-sha-1',
  'scram-sha-256',
  'vapid',
]);

/**
 * Values found under sensitive keys or headers are also redacted wherever else they appear, but
 * only from this length on: a `"token": "1"` must not blank out every digit 1 of the evidence.
 * Secrets the caller names are redacted whatever their length.
 */
const MIN_DERIVED_SECRET_LENGTH = 4;

/** Whether an exchange is a call of the Capillary OAuth token endpoint. */
export function isOAuthTokenRequest(exchange: Pick<Exchange, 'operationId' | 'request'>): boolean {
  if (exchange.operationId === 'generateOAuthToken') return true;
  return /\/oauth\/token\/generate\/?(?:[?#]|$)/.test(exchange.request.url);
}

/** A node of the redactor cache: one level per secret of the list, the redactor at the list's end. */
interface RedactorNode {
  readonly next: Map<string, RedactorNode>;
  redactor?: (text: string) => string;
}

/** Redactors built so far, by their secret list: a run builds each one once, not once per exchange. */
let redactors: RedactorNode = { next: new Map() };
let redactorNodes = 0;
/** Past this many cached list entries (a target inventing a token per answer), the cache starts over. */
const MAX_REDACTOR_NODES = 4096;

/**
 * Replaces secrets in free text. Each secret is also matched in its URL-encoded and JSON-escaped
 * forms, longest first, so that no fragment of a longer secret survives a shorter one's match.
 * One RegExp for all of them, compiled once per process for a given list of secrets (every
 * exchange of a run redacts with the same few lists; the cache is walked secret by secret, so
 * looking a list up costs no more than reading it).
 */
export function createTextRedactor(secrets: Iterable<string>): (text: string) => string {
  if (redactorNodes > MAX_REDACTOR_NODES) {
    redactors = { next: new Map() };
    redactorNodes = 0;
  }
  let node = redactors;
  const list: string[] = [];
  for (const secret of secrets) {
    list.push(secret);
    let next = node.next.get(secret);
    if (!next) {
      next = { next: new Map() };
      node.next.set(secret, next);
      redactorNodes += 1;
    }
    node = next;
  }
  node.redactor ??= buildTextRedactor(list);
  return node.redactor;
}

/** A secret as it may appear in text: as is, URL-encoded, JSON-escaped. */
function formsOf(secret: string): string[] {
  if (secret.length === 0) return [];
  return [...new Set([secret, encodeURIComponent(secret), JSON.stringify(secret).slice(1, -1)])].filter(
    Boolean,
  );
}

/** One pattern matching `forms`, longest first; undefined for none. */
function patternOf(forms: Iterable<string>): RegExp | undefined {
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  return ordered.length === 0 ? undefined : new RegExp(ordered.map(escapeRegExp).join('|'), 'g');
}

/**
 * Most texts hold no secret: a {@link createFormScan} pass tells so for a fraction of what the
 * alternation costs, which tries every form at every position.
 */
function buildTextRedactor(secrets: readonly string[]): (text: string) => string {
  const forms = [...new Set(secrets.flatMap(formsOf))];
  const pattern = patternOf(forms);
  if (!pattern) return (text) => text;
  const holdsAnyForm = createFormScan(forms);
  return (text) => (holdsAnyForm(text) ? text.replace(pattern, REDACTED) : text);
}

/** Forms per compiled pattern of a {@link GrowingRedactor}: a new secret recompiles one such group. */
const GROUP_FORMS = 128;

/**
 * The run's redactor: every secret met so far (the profile's, and each one derived from an
 * answer), learnt one at a time. A hostile target putting a fresh "token" in every answer makes it
 * grow by one or two secrets an answer; rebuilding one pattern of all of them per new secret (and
 * caching each) took time and memory quadratic in the answers: 1,000 such answers ran the test
 * worker out of memory. Here the forms sit in groups of {@link GROUP_FORMS}, each compiled once
 * after it changed; a new secret changes the last group only. Longest first still holds across
 * groups: a form that is part of another (or contains one) regroups everything by length, longest
 * groups first, so no fragment of a longer secret survives a shorter one's match.
 */
export interface GrowingRedactor {
  add(secret: string): void;
  redact(text: string): string;
}

export function createGrowingRedactor(initial: Iterable<string> = []): GrowingRedactor {
  const known = new Set<string>();
  const allForms = new Set<string>();
  /** A group's pattern and scan are made when it is next used after it changed. */
  let groups: { forms: string[]; pattern: RegExp | undefined; scan: FormScan | undefined }[] = [];
  const regroup = () => {
    const ordered = [...allForms].sort((a, b) => b.length - a.length);
    groups = [];
    for (let at = 0; at < ordered.length; at += GROUP_FORMS)
      groups.push({ forms: ordered.slice(at, at + GROUP_FORMS), pattern: undefined, scan: undefined });
  };
  const overlaps = (form: string) => {
    for (const other of allForms) if (other.includes(form) || form.includes(other)) return true;
    return false;
  };
  const add = (secret: string) => {
    if (known.has(secret)) return;
    known.add(secret);
    const forms = formsOf(secret).filter((form) => !allForms.has(form));
    if (forms.length === 0) return;
    const regrouping = forms.some(overlaps);
    for (const form of forms) allForms.add(form);
    if (regrouping) return regroup();
    let last = groups.at(-1);
    if (!last || last.forms.length >= GROUP_FORMS) {
      last = { forms: [], pattern: undefined, scan: undefined };
      groups.push(last);
    }
    last.forms.push(...forms);
    last.pattern = undefined;
    last.scan = undefined;
  };
  for (const secret of initial) add(secret);
  return {
    add,
    redact(text) {
      let out = text;
      for (const group of groups) {
        group.pattern ??= patternOf(group.forms);
        group.scan ??= createFormScan(group.forms);
        if (group.pattern && group.scan(out)) out = out.replace(group.pattern, REDACTED);
      }
      return out;
    },
  };
}

/** Redacts one header value by its name: credentials keep only their scheme word. */
export function redactHeaderValue(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (!SENSITIVE_HEADERS.has(lower) || value === '') return value;
  if (SCHEME_HEADERS.has(lower)) {
    const match = /^([A-Za-z][\w-]*)\s+\S/.exec(value);
    if (match) return `${match[1]} ${REDACTED}`;
  }
  return REDACTED;
}

/**
 * Returns a copy of `exchange` with every secret redacted: by header name, by JSON key, and every
 * string of `secrets` (plus what the first two rules found) wherever it appears.
 */
export function redactExchange(
  exchange: Exchange,
  secrets: readonly string[] = [],
  derived: readonly string[] = derivedSecrets(exchange),
): Exchange {
  const oauthRequest = isOAuthTokenRequest(exchange);
  const text = createTextRedactor([...secrets, ...derived]);

  const result: Exchange = {
    ...exchange,
    request: redactRequest(exchange.request, oauthRequest, text),
  };
  if (exchange.response) result.response = redactResponse(exchange.response, text);
  if (exchange.error) result.error = { ...exchange.error, message: text(exchange.error.message) };
  return result;
}

/**
 * The exchange as it may be written out: redacted whole, then its body text cut to the evidence
 * kept (cut first, a secret straddling the cut would leave its first half in the kept text). The
 * one maker of a {@link RecordedExchange}.
 */
export function recordExchange(
  exchange: Exchange,
  secrets: readonly string[] = [],
  derived: readonly string[] = derivedSecrets(exchange),
): RecordedExchange {
  return withoutLongBody(keepEvidence(redactExchange(exchange, secrets, derived))) as RecordedExchange;
}

/**
 * A record keeps the parsed body only beside its whole text: where `bodyText` keeps only the
 * start, the body parsed from all of it is left out too. Each up to `maxBodyBytes` of JSON, the
 * records held whole made a report past what one string can hold (hostile hunt 59: a 420 KB JSON
 * answer to each of 430 requests ended in `internal error: Invalid string length` and no report,
 * after 6.5 minutes). The exchange judged keeps its body: checks judge the whole answer.
 */
function withoutLongBody(exchange: Exchange): Exchange {
  const response = exchange.response;
  if (!response?.truncated || response.body === undefined) return exchange;
  const { body: _whole, ...kept } = response;
  return { ...exchange, response: kept };
}

/**
 * {@link recordExchange}, made when first asked for and then kept: most exchanges of a run are
 * never reported (the default evidence keeps only those behind non-passing checks), and redacting
 * and copying each was about 4.5 % of a warm run. The secrets are fixed now, so the record is the
 * one an eager call would have made; `exchange` must not change meanwhile (the client's own).
 */
export function recordLater(
  exchange: Exchange,
  secrets: readonly string[],
  derived: readonly string[],
): () => RecordedExchange {
  let recorded: RecordedExchange | undefined;
  return () => {
    recorded ??= recordExchange(exchange, secrets, derived);
    return recorded;
  };
}

/**
 * The {@link RecordedHead} of an exchange: its URL and error message redacted as
 * {@link recordExchange} redacts them, nothing else copied. Made for every exchange of a run.
 */
export function recordHead(
  exchange: Exchange,
  secrets: readonly string[] = [],
  derived: readonly string[] = derivedSecrets(exchange),
): RecordedHead {
  const text = createTextRedactor(derived.length === 0 ? secrets : [...secrets, ...derived]);
  return new Head(exchange, text);
}

/**
 * A class, not a literal with a spread per optional key: made for every exchange, and those
 * spreads were half its cost. Absent keys read `undefined`, as the type's optional keys allow.
 */
class Head implements RecordedHead {
  readonly id: number;
  readonly operationId: string | undefined;
  readonly family: Exchange['family'];
  readonly principal: string;
  readonly rateLimited: Exchange['rateLimited'];
  readonly request: RecordedHead['request'];
  readonly response: RecordedHead['response'];
  readonly error: Exchange['error'];
  constructor(exchange: Exchange, text: (value: string) => string) {
    this.id = exchange.id;
    this.operationId = exchange.operationId;
    this.family = exchange.family;
    this.principal = exchange.principal;
    this.rateLimited = exchange.rateLimited;
    this.request = { method: exchange.request.method, url: text(redactUserInfo(exchange.request.url)) };
    this.response = exchange.response ? { status: exchange.response.status } : undefined;
    const error = exchange.error;
    this.error = error ? { ...error, message: text(error.message) } : undefined;
  }
}

/**
 * An exchange read back from a report this suite wrote (conformance.json): recorded then, so
 * recorded now. Never for an exchange a client just returned.
 */
export function alreadyRecorded(exchange: Exchange): RecordedExchange {
  return exchange as RecordedExchange;
}

/**
 * The values an exchange shows to be credentials, of {@link MIN_DERIVED_SECRET_LENGTH} characters
 * or more: those of its credentials headers and of credential-like JSON keys (`key` too in the
 * OAuth token request). {@link redactExchange} redacts them wherever they appear in the exchange;
 * the client also adds them to the run's redactor of check messages.
 */
export function derivedSecrets(exchange: Exchange): string[] {
  const oauthRequest = isOAuthTokenRequest(exchange);
  const found = new Set<string>();
  collectHeaderSecrets(exchange.request.headers, found);
  if (exchange.response) collectHeaderSecrets(exchange.response.headers, found);
  collectKeySecrets(requestJson(exchange.request), oauthRequest, found);
  if (exchange.response) collectKeySecrets(exchange.response.body, false, found);
  return [...found].filter((s) => s.length >= MIN_DERIVED_SECRET_LENGTH);
}

function redactRequest(
  request: RecordedRequest,
  oauthRequest: boolean,
  text: (value: string) => string,
): RecordedRequest {
  const result: RecordedRequest = {
    method: request.method,
    url: text(redactUserInfo(request.url)),
    headers: redactHeaders(request.headers, text),
  };
  // As for a response: a body nothing in which is a secret (nearly every one) is kept as sent.
  if (request.body !== undefined) {
    result.body = holdsSecret(request.body, text, oauthRequest)
      ? redactJson(request.body, oauthRequest, text)
      : request.body;
  }
  if (request.bodyText !== undefined) result.bodyText = text(request.bodyText);
  return result;
}

function redactResponse(response: RecordedResponse, text: (value: string) => string): RecordedResponse {
  const result: RecordedResponse = {
    status: response.status,
    headers: redactHeaders(response.headers, text),
    bodyText: text(response.bodyText),
  };
  // A response body nothing in which is a secret is kept as parsed: copying each answer would be
  // the client's largest allocation, for nothing.
  if (response.body !== undefined) {
    result.body = holdsSecret(response.body, text) ? redactJson(response.body, false, text) : response.body;
  }
  if (response.truncated) result.truncated = true;
  if (response.cut) result.cut = true;
  if (response.bodyBytes !== undefined) result.bodyBytes = response.bodyBytes;
  if (response.declaredBytes !== undefined) result.declaredBytes = response.declaredBytes;
  if (response.bodyIssue !== undefined) result.bodyIssue = text(response.bodyIssue);
  return result;
}

/** Redacts a header map: sensitive headers by name, every other value by its text. */
export function redactHeaders(
  headers: Readonly<Record<string, string>>,
  text: (value: string) => string = (value) => value,
): Record<string, string> {
  const result: Record<string, string> = {};
  for (const name of Object.keys(headers)) {
    const value = headers[name] as string;
    const byName = redactHeaderValue(name, value);
    result[name] = byName === value ? text(value) : byName;
  }
  return result;
}

/**
 * Redacts a JSON value: the values of sensitive keys become `[REDACTED]` (in the OAuth token
 * request, `key` too), and every other string goes through `text`. Walks without recursion, so
 * any depth is safe.
 */
export function redactJson(
  value: unknown,
  oauthRequest: boolean,
  text: (value: string) => string = (v) => v,
): unknown {
  return mapJson(value, text, (key, item) =>
    isSensitiveKey(key, oauthRequest) && item !== null && item !== '' && item !== undefined
      ? REDACTED
      : DESCEND,
  );
}

/** Returned by a `replace` function of {@link mapJson}: keep the entry, mapped like any value. */
const DESCEND: unique symbol = Symbol('descend');

/**
 * A copy of a JSON value with every string passed through `text` and each object entry replaced
 * when `replace` says so. Iterative (an explicit stack): a body a target nested 100,000 levels
 * deep must not overflow the call stack. An own `__proto__` key stays a key.
 */
function mapJson(
  root: unknown,
  text: (value: string) => string,
  replace: (key: string, item: unknown) => unknown,
): unknown {
  const stack: [source: object, copy: Record<string, unknown> | unknown[]][] = [];
  const place = (value: unknown): unknown => {
    if (typeof value === 'string') return text(value);
    if (typeof value === 'number') return redactNumber(value, text);
    if (value === null || typeof value !== 'object') return value;
    const copy: Record<string, unknown> | unknown[] = Array.isArray(value) ? [] : {};
    stack.push([value, copy]);
    return copy;
  };
  const result = place(root);
  for (let next = stack.pop(); next; next = stack.pop()) {
    const [source, copy] = next;
    if (Array.isArray(source)) {
      const items = copy as unknown[];
      for (const item of source) items.push(place(item));
      continue;
    }
    for (const [key, item] of Object.entries(source)) {
      const replaced = replace(key, item);
      const value = replaced === DESCEND ? place(item) : replaced;
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value, enumerable: true, writable: true, configurable: true });
      } else {
        (copy as Record<string, unknown>)[key] = value;
      }
    }
  }
  return result;
}

/**
 * Whether {@link redactJson} would change anything in a JSON value: a string `text` rewrites, or
 * a credential-like key with a value (`key` too in the OAuth token request). Conservative: a key
 * `text` would rewrite, which redactJson keeps, says yes too. Iterative, like it.
 */
function holdsSecret(root: unknown, text: (value: string) => string, oauthRequest = false): boolean {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (typeof value === 'string') {
      if (text(value) !== value) return true;
      continue;
    }
    if (typeof value === 'number') {
      if (redactNumber(value, text) !== value) return true;
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    // Keys, not entries: no pair allocated per property of every body recorded.
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (text(key) !== key) return true;
      if (isSensitiveKey(key, oauthRequest) && item !== null && item !== '' && item !== undefined)
        return true;
      stack.push(item);
    }
  }
  return false;
}

/**
 * A number whose digits hold a secret (a password `12500`, a balance 12500.5) becomes its redacted
 * text, as it reads in the body's text: the recorded body must not keep what `bodyText` hides.
 * Only the recorded form; checks judge the number as received.
 */
function redactNumber(value: number, text: (value: string) => string): unknown {
  const written = String(value);
  const redacted = text(written);
  return redacted === written ? value : redacted;
}

/**
 * Lengths of the keys {@link isSensitiveKey} names: most keys of a body have another, and are told
 * apart without a lower-case copy made of them (two walks per recorded body ask of every key).
 * Exact: lower-casing keeps a string's length but for U+0130 (`İ`), which becomes two units, one
 * of them not ASCII, so no key of another length lower-cases to one of these (U+212A, the Kelvin
 * sign, becomes `k` and keeps its length: still compared).
 */
const SENSITIVE_KEY_LENGTHS: ReadonlySet<number> = new Set(
  [...SENSITIVE_KEYS, ...OAUTH_REQUEST_KEYS].map((key) => key.length),
);

function isSensitiveKey(key: string, oauthRequest: boolean): boolean {
  if (!SENSITIVE_KEY_LENGTHS.has(key.length)) return false;
  const lower = key.toLowerCase();
  return SENSITIVE_KEYS.has(lower) || (oauthRequest && OAUTH_REQUEST_KEYS.has(lower));
}

function requestJson(request: RecordedRequest): unknown {
  if (request.body !== undefined) return request.body;
  if (request.bodyText === undefined) return undefined;
  try {
    return JSON.parse(request.bodyText);
  } catch {
    return undefined;
  }
}

function collectHeaderSecrets(headers: Readonly<Record<string, string>>, found: Set<string>): void {
  for (const name of Object.keys(headers)) {
    const lower = name.toLowerCase();
    const value = headers[name] as string;
    if (!SENSITIVE_HEADERS.has(lower) || value === '') continue;
    // A scheme word alone (`Basic`, `Bearer `: the authentication scenarios send them so on
    // purpose) carries no credential; learnt as one, it blanked that word out of every later
    // message of the run ("[REDACTED] is the org's auth" in the main job's reports).
    if (SCHEME_HEADERS.has(lower) && AUTH_SCHEMES.has(value.trim().toLowerCase())) continue;
    found.add(value);
    const credential = /^[A-Za-z][\w-]*\s+(\S.*)$/.exec(value)?.[1];
    if (SCHEME_HEADERS.has(lower) && credential) found.add(credential);
  }
}

/** Values under sensitive keys, anywhere in a JSON value; iterative, like {@link mapJson}. */
function collectKeySecrets(root: unknown, oauthRequest: boolean, found: Set<string>): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const value = stack.pop();
    if (Array.isArray(value)) {
      for (const item of value) stack.push(item);
      continue;
    }
    if (value === null || typeof value !== 'object') continue;
    for (const key of Object.keys(value)) {
      const item = (value as Record<string, unknown>)[key];
      if (isSensitiveKey(key, oauthRequest) && (typeof item === 'string' || typeof item === 'number')) {
        found.add(String(item));
      } else {
        stack.push(item);
      }
    }
  }
}

/** `http://user:pass@host/` → `http://[REDACTED]@host/` (in a curl line, `$LC_SECRET@`). */
const redactUserInfo = (url: string) => maskUserInfo(url, REDACTED);

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// --- curl lines ---

/** A piece of one shell word: literal text, or an environment variable the user sets. */
type WordPart = { text: string } | { env: string };

/** Characters that keep their special meaning inside double quotes (and `!`, history expansion). */
const DOUBLE_QUOTE_UNSAFE = /["$`\\!\n\r]/;

/** Environment variables a `curl` line refers to in place of redacted values, by what they hold. */
export const CURL_ENV = {
  /** `base64(username:md5hex(password))` of a Capillary till. */
  capillaryBasic: 'LC_CAPILLARY_BASIC',
  /** A Capillary OAuth access token. */
  capillaryOAuthToken: 'LC_CAPILLARY_OAUTH_TOKEN',
  capillaryOAuthKey: 'LC_CAPILLARY_OAUTH_KEY',
  capillaryOAuthSecret: 'LC_CAPILLARY_OAUTH_SECRET',
  /** The fabric Bearer token. */
  fabricToken: 'LC_FABRIC_TOKEN',
  /** Any other redacted value. */
  secret: 'LC_SECRET',
} as const;

/**
 * A `curl` command line (for a POSIX shell) that repeats the recorded request. Redacted values
 * become environment variables (`-H "Authorization: Basic $LC_CAPILLARY_BASIC"`, see
 * {@link CURL_ENV}); every other part is quoted so that no character of it is interpreted by the
 * shell. Sensitive headers and body keys become variables even when the exchange given was not
 * redacted; pass `secrets` to redact free text as {@link redactExchange} does.
 */
export function toCurl(exchange: Exchange, secrets: readonly string[] = []): string {
  return curlLine(exchange, createTextRedactor(secrets));
}

/** {@link toCurl} with `secrets` fixed: one redactor for every curl line of a run. */
export function createCurl(secrets: readonly string[]): (exchange: Exchange) => string {
  const text = createTextRedactor(secrets);
  return (exchange) => curlLine(exchange, text);
}

function curlLine(exchange: Exchange, text: (value: string) => string): string {
  const oauthRequest = isOAuthTokenRequest(exchange);
  const { request } = exchange;
  const method = /^[A-Z]+$/.test(request.method) ? request.method : shellWord([{ text: request.method }]);
  const words: string[] = ['curl', '-sS', '-i', '-X', method];
  words.push(shellWord(redactedParts(text(redactUserInfo(request.url)))));
  for (const [name, value] of Object.entries(request.headers)) {
    words.push('-H', shellWord(headerParts(name, value, text)));
  }
  if (request.bodyText !== undefined) {
    words.push('--data-raw', shellWord(redactedParts(text(request.bodyText))));
  } else if (request.body !== undefined) {
    words.push('--data-raw', shellWord(jsonParts(request.body, oauthRequest, text)));
  }
  return words.join(' ');
}

function headerParts(name: string, value: string, text: (value: string) => string): WordPart[] {
  const lower = name.toLowerCase();
  if (!SENSITIVE_HEADERS.has(lower) || value === '') return redactedParts(`${name}: ${text(value)}`);
  const scheme = SCHEME_HEADERS.has(lower) ? /^([A-Za-z][\w-]*)\s+\S/.exec(value)?.[1] : undefined;
  let env: string;
  if (lower === 'x-cap-api-oauth-token') env = CURL_ENV.capillaryOAuthToken;
  else if (scheme?.toLowerCase() === 'basic') env = CURL_ENV.capillaryBasic;
  else if (scheme?.toLowerCase() === 'bearer') env = CURL_ENV.fabricToken;
  else env = `LC_${lower.replace(/-/g, '_').toUpperCase()}`;
  return [{ text: scheme ? `${name}: ${scheme} ` : `${name}: ` }, { env }];
}

/** Splits text on `[REDACTED]`, each occurrence becoming `$LC_SECRET`. */
function redactedParts(text: string): WordPart[] {
  const parts: WordPart[] = [];
  text.split(REDACTED).forEach((piece, index) => {
    if (index > 0) parts.push({ env: CURL_ENV.secret });
    if (piece !== '') parts.push({ text: piece });
  });
  return parts;
}

/** The JSON text of a body, sensitive values replaced by variables named after their key. */
function jsonParts(body: unknown, oauthRequest: boolean, text: (value: string) => string): WordPart[] {
  const marker = (env: string) => `\u0000${env}\u0000`;
  const marked = mapJson(body, text, (key, item) =>
    isSensitiveKey(key, oauthRequest) && item !== null && item !== '' && item !== undefined
      ? marker(envForKey(key, oauthRequest))
      : DESCEND,
  );
  const json = JSON.stringify(marked) ?? '';
  const parts: WordPart[] = [];
  // JSON.stringify writes the NUL markers as `\u0000`, which no other JSON text produces.
  json.split(/\\u0000([A-Z0-9_]+)\\u0000/).forEach((piece, index) => {
    if (index % 2 === 1) parts.push({ env: piece });
    else parts.push(...redactedParts(piece));
  });
  return parts;
}

function envForKey(key: string, oauthRequest: boolean): string {
  const lower = key.toLowerCase();
  if (oauthRequest && lower === 'key') return CURL_ENV.capillaryOAuthKey;
  if (oauthRequest && lower === 'secret') return CURL_ENV.capillaryOAuthSecret;
  return `LC_${key
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .replace(/\W/g, '_')
    .toUpperCase()}`;
}

/**
 * Quotes one shell word. Literal text only: single quotes. With variables: double quotes when
 * the text has nothing the shell would interpret there, else single-quoted text and `"${VAR}"`
 * pieces side by side (the shell joins adjacent quoted pieces into one word).
 */
export function shellWord(parts: readonly WordPart[]): string {
  if (parts.length === 0) return "''";
  const hasEnv = parts.some((part) => 'env' in part);
  if (!hasEnv) return singleQuote(parts.map((part) => ('text' in part ? part.text : '')).join(''));
  const texts = parts.flatMap((part) => ('text' in part ? [part.text] : []));
  if (!texts.some((t) => DOUBLE_QUOTE_UNSAFE.test(t))) {
    let inner = '';
    parts.forEach((part, index) => {
      if ('text' in part) inner += part.text;
      else {
        const next = parts[index + 1];
        const braces = next !== undefined && 'text' in next && /^\w/.test(next.text);
        inner += braces ? `\${${part.env}}` : `$${part.env}`;
      }
    });
    return `"${inner}"`;
  }
  return parts.map((part) => ('text' in part ? singleQuote(part.text) : `"\${${part.env}}"`)).join('');
}

function singleQuote(text: string): string {
  return `'${text.replace(/'/g, `'\\''`)}'`;
}
