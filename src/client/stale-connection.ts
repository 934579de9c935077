/**
 * Requests lost to a connection the target closed while it sat idle in the pool. HTTP lets a
 * server close an idle persistent connection at any time (RFC 9112 §9.5), and many do without
 * announcing a keep-alive timeout (Go's net/http, nginx, load balancers): a request the client
 * sends on such a connection just as it closes fails with a reset or "other side closed" before
 * any answer. That is the client's pool at fault, not the target, so the request is sent again on
 * a new connection, as browsers do for a reused connection (Chromium's ShouldResendRequest) and
 * as RFC 9112 §9.3.1 allows for idempotent requests.
 *
 * Only a request sent on a connection that had already carried an answer, failed by a reset (or
 * a write into the closed connection) before any answer of its own (not even a 1xx), is marked:
 * the first request of a connection is never sent again, nor one whose answer had begun, nor one
 * whose connection the target ended after reading it.
 * Told through undici's diagnostics channels, which undici publishes only while subscribed.
 */

import { subscribe } from 'node:diagnostics_channel';

/** Answers (final or interim) whose headers arrived on each connection. */
const answersOn = new WeakMap<object, number>();
/** The connection each request was written on. */
const connectionOf = new WeakMap<object, object>();
/** Requests written on a connection that had carried an answer before. */
const sentOnReused = new WeakSet<object>();
/** Requests whose answer began (headers, or an interim answer). */
const answered = new WeakSet<object>();
/** Errors of requests lost to a closed idle connection (see the module comment). */
const staleErrors = new WeakSet<object>();

/**
 * Errors of a connection the target dropped with the request unread: a reset (a socket closed
 * with unread data is reset) or a write into a closed socket. A target that read a request and
 * then closed its connection ends it ("other side closed", `UND_ERR_SOCKET`): never resent.
 */
const CLOSED_CONNECTION_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);

let watching = false;

/** Starts telling requests lost to a closed idle connection; idempotent, process-wide. */
export function watchStaleConnections(): void {
  if (watching) return;
  watching = true;
  subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request: object; socket: object };
    connectionOf.set(request, socket);
    if ((answersOn.get(socket) ?? 0) > 0) sentOnReused.add(request);
  });
  subscribe('undici:request:headers', (message) => {
    const { request } = message as { request: object };
    answered.add(request);
    const socket = connectionOf.get(request);
    if (socket) answersOn.set(socket, (answersOn.get(socket) ?? 0) + 1);
  });
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: object; error: unknown };
    if (typeof error !== 'object' || error === null) return;
    const code = (error as { code?: unknown }).code;
    if (
      sentOnReused.has(request) &&
      !answered.has(request) &&
      typeof code === 'string' &&
      CLOSED_CONNECTION_CODES.has(code)
    )
      staleErrors.add(error);
  });
}

/** Whether `error` lost its request to a connection the target closed while idle (see the module comment). */
export function lostToIdleConnection(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth += 1) {
    if (staleErrors.has(e)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
