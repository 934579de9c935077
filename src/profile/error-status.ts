import type { ApiErrorStatus } from './types.ts';

/**
 * How to read a profile's `apiErrorStatus`. The documents never say which HTTP status carries an
 * error code, so a profile states it; these helpers are the one interpretation of that setting,
 * shared by the engine's verdicts, the Pact export and messages, so they cannot drift apart.
 */

/** 429 asks the client to slow down: it says nothing about the request, so it is never a refusal. */
const TOO_MANY_REQUESTS = 429;

function isClientError(status: number): boolean {
  return status >= 400 && status <= 499;
}

/**
 * The setting in words, for a check's `expected`: `a 4xx`, `status 400`, `status 400 or 422`,
 * `status 200, 201 or 400`, `any status with an error code`.
 */
export function describeApiErrorStatus(setting: ApiErrorStatus): string {
  if (setting === 'any-4xx') return 'a 4xx';
  if (setting === 'any') return 'any status with an error code';
  if (typeof setting === 'number') return `status ${setting}`;
  const listed = setting.map(String);
  if (listed.length <= 1) return `status ${listed.join('')}`;
  return `status ${listed.slice(0, -1).join(', ')} or ${listed.at(-1)}`;
}

/**
 * Whether a response of `status` may be the target refusing a request, under the profile's
 * setting: `any-4xx` → 400–499 but 429; an integer → that status; a list → one of its statuses;
 * `any` → 200–499 but 429 (a 2xx counts because legacy Capillary v2 reports failures with
 * 200/201 and an error code in the envelope). A 429 or a 5xx is never a refusal, whatever the
 * setting: the first is throttling, the second a server failure.
 */
export function statusAllowedForErrors(setting: ApiErrorStatus, status: number): boolean {
  if (status === TOO_MANY_REQUESTS || status >= 500) return false;
  if (setting === 'any-4xx') return isClientError(status);
  if (setting === 'any') return status >= 200 && status <= 499;
  if (typeof setting === 'number') return status === setting;
  return setting.includes(status);
}

/**
 * The `code` of each item of a Capillary envelope's `errors` list, as answered (any type; undefined
 * where an item has none), or undefined when the body has no `errors` list.
 */
export function envelopeCodes(body: unknown): unknown[] | undefined {
  const errors = (body as { errors?: unknown } | undefined)?.errors;
  return Array.isArray(errors) ? errors.map((e) => (e as { code?: unknown } | null)?.code) : undefined;
}

/**
 * Whether an answer is a client error (but 429) whose JSON body reports no code: an object
 * without an `errors` member, as a web framework's own refusal of a malformed request (FastAPI's
 * 422 `{"detail": [...]}`, Spring's `{"timestamp","status","error","path"}`, a gateway's
 * `{"message"}`), with `errors` null or an empty list beside a message, or with `errors` only
 * messages: RFC 7807 validation details' map of messages per member (ASP.NET Core's 400
 * `{"type","title","status","errors":{"points":["..."]}}`), Phoenix's `{"errors":{"detail":"Not
 * Found"}}` or a list of message strings; or a bare list of message strings (Rails'
 * `errors.full_messages`, seventh variant hunt), or one message as a JSON string (variant hunt
 * 19); or JSON's nothing, `null`, `[]` or `""`, as an empty body (variant hunt 20). The setting
 * speaks of answers that report an error code and the envelope is confirmed for those; for a
 * request the documents give no code for they are silent on the answer's status and body.
 * Such an answer is a refusal whatever the setting, and its body only warns (found by clean rooms
 * twenty and twenty-one, and the third variant hunt); a documented error path answered so still
 * fails, as its own requirement finds no code. An `errors` list holding an object with a code
 * ({@link attemptsCode}) or the envelope's boolean `status` is the envelope, judged as such: an
 * item without an integer code fails; a list whose items are in a shape of their own, naming no
 * code (JSON:API, express-validator, Zod's named codes), reports none and warns.
 */
export function refusedWithoutEnvelope(status: number, body: unknown): boolean {
  return (
    isClientError(status) &&
    status !== TOO_MANY_REQUESTS &&
    ((typeof body === 'object' &&
      body !== null &&
      !Array.isArray(body) &&
      (!('errors' in body) || reportsNoCode(body.errors))) ||
      // A bare list of messages (Rails' `errors.full_messages`), empty too: no code either (seventh
      // variant hunt; an empty list since variant hunt 20).
      (Array.isArray(body) && messagesOnly(body)) ||
      // A message as a JSON string (ASP.NET Core's `BadRequest("…")` for a client accepting JSON,
      // variant hunt 19), empty too.
      typeof body === 'string' ||
      // JSON's nothing, as an empty body (Rails' `render json: nil`, Go encoding a nil pointer or
      // slice: variant hunt 20).
      body === null)
  );
}

/** What {@link refusedWithoutJson} reads of an answer (the client's recorded response). */
export interface RecordedAnswer {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly bodyText: string;
  readonly body?: unknown;
}

/**
 * Whether an answer is a client error (but 429) whose body is no JSON: a text message or nothing,
 * as a web framework or a gateway answers a request before the handler runs. axum's `Json` and
 * `Query` extractors answer 400, 415 or 422 `text/plain` "Failed to deserialize…" (clean room
 * twenty-four); Express's `res.status(400).send(message)`, Flask's `abort(400)` and nginx's own
 * error page are `text/html`, and ASP.NET Core minimal APIs (in production) or Rails'
 * `head :bad_request` send no body at all (variant hunt 19); Node's bare `http` module sends a
 * message with no Content-Type unless the handler sets one (variant hunt 21). A message reading as
 * a JSON number, string, boolean or null is a message all the same (variant hunt 20's `text/plain`
 * "400"); a JSON object or list is JSON whatever its media type, judged as the body it is. Like
 * {@link refusedWithoutEnvelope}, it reports no code, and the documents are silent on the media
 * type and body of a refusal they give no code for: a refusal whatever the setting, whose media
 * type and body only warn. A documented error path answered so still fails, as its own
 * requirement finds no code; a 2xx so (a login page) is no refusal.
 */
export function refusedWithoutJson(answer: RecordedAnswer | undefined): boolean {
  return (
    answer !== undefined &&
    isClientError(answer.status) &&
    answer.status !== TOO_MANY_REQUESTS &&
    // A text message that happens to read as a JSON scalar (Go's `http.Error(w, "400", 400)`) is
    // still a message; a JSON object or list sent as text/plain, or with no media type, is JSON,
    // judged as the body it is.
    (answer.body === undefined || answer.body === null || typeof answer.body !== 'object') &&
    ((answer.body === undefined && answer.bodyText.trim() === '') ||
      /^text\/(plain|html)\s*(;|$)/i.test(answer.headers['content-type'] ?? '') ||
      // Text with no media type at all: Node's bare `res.statusCode = 400; res.end(message)` sends
      // none (RFC 9110 §8.3 makes one a SHOULD; variant hunt 21).
      answer.headers['content-type'] === undefined)
  );
}

/**
 * Whether a client error reports no code at all, in either form a framework answers before the
 * handler: a JSON body without the envelope ({@link refusedWithoutEnvelope}, judged at `status`,
 * the status the profile's setting reads) or a body that is no JSON ({@link refusedWithoutJson}). A
 * refusal whatever `apiErrorStatus` says; its body and media type only warn.
 */
export function refusedWithoutCode(status: number, answer: RecordedAnswer | undefined): boolean {
  return refusedWithoutEnvelope(status, answer?.body) || refusedWithoutJson(answer);
}

/**
 * `errors` that cannot carry a code: null, an empty list or map, or messages alone
 * ({@link messagesOnly}): one message (`{"errors":"…"}`, as an Express handler writes an exception's
 * message), a list of message strings or of items naming no code ({@link codelessItem}), or an
 * object of one or more members, each messages or an item naming no code: validation problem
 * details' messages per member (ASP.NET Core, Ecto changesets, nested for an embedded schema),
 * Phoenix's ErrorJSON `{"errors":{"detail":"Not Found"}}` (clean room twenty-seven; the single
 * message and the nested map since the seventh variant hunt), Mongoose's map of validator errors
 * (ninth variant hunt). `{"errors":{}}` beside a message is the `{status, message, errors:{}}`
 * envelope fabric documents, with no error listed (ninth variant hunt). A code
 * ({@link attemptsCode}) makes a list holding the item, or the object, a broken envelope.
 */
function reportsNoCode(errors: unknown): boolean {
  return (
    errors === null ||
    (typeof errors === 'object' && !Array.isArray(errors) && Object.keys(errors).length === 0) ||
    messagesOnly(errors)
  );
}

/**
 * Whether an object names a code of the envelope's kind: a `code` member other than null or a
 * name, so an integer, a digit string (`"8015"`: the envelope's code in the wrong type, failing as
 * one) or any other value. The v2 error response's code is numeric; `code` null (a serializer
 * writing an unset field) or a name (Zod's `"too_small"`, Spring's binding `"Min"`, a vendor's own
 * `"INSUFFICIENT_BALANCE"`) reports no code of that kind (ninth variant hunt).
 */
const attemptsCode = (value: object): boolean => {
  if (!('code' in value)) return false;
  const { code } = value as { code?: unknown };
  return !(code === null || (typeof code === 'string' && !/^\s*[+-]?\d+\s*$/.test(code)));
};

/**
 * An item of an error list (or a member of an error map) in a shape of its own, naming no code: an
 * object that neither {@link attemptsCode} nor carries the envelope's boolean `status`, as
 * JSON:API's `{"status":"400","title","detail","source"}`, express-validator's
 * `{"type","msg","path","location","value"}` (seventh variant hunt), Zod's issues
 * `{"code":"too_small","message","path"}` or Mongoose's `{"name":"ValidatorError","kind","value"}`
 * (ninth). An item with an integer or numeric `code`, or `{"status":false,"message"}`, is the
 * envelope's item, and one without an integer code is a broken envelope.
 */
const codelessItem = (item: unknown): boolean =>
  typeof item === 'object' &&
  item !== null &&
  !Array.isArray(item) &&
  !attemptsCode(item) &&
  typeof (item as { status?: unknown }).status !== 'boolean';

/**
 * A message, a list of messages or codeless items, or an object naming no code whose members (one
 * or more) are each a message, such a list, or a codeless item (a map of messages in a map, as an
 * embedded schema's, is one).
 */
function messagesOnly(value: unknown): boolean {
  if (typeof value === 'string') return true;
  if (Array.isArray(value)) return value.every((m) => typeof m === 'string' || codelessItem(m));
  if (typeof value !== 'object' || value === null || attemptsCode(value)) return false;
  const members = Object.values(value);
  return (
    members.length > 0 &&
    members.every((member) =>
      typeof member === 'string' || Array.isArray(member) ? messagesOnly(member) : codelessItem(member),
    )
  );
}

/**
 * Whether the setting leaves the client-error status open (several 4xx are acceptable), so a
 * contract may match any client error instead of the one status a run happened to see: true for
 * `any-4xx`, `any` and a list with more than one 4xx; false when exactly one 4xx is pinned.
 */
export function clientErrorStatusOpen(setting: ApiErrorStatus): boolean {
  if (setting === 'any-4xx' || setting === 'any') return true;
  if (typeof setting === 'number') return false;
  return setting.filter((status) => isClientError(status) && status !== TOO_MANY_REQUESTS).length > 1;
}
