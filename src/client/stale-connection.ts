/**
 * Requests lost to a connection the target closed while it sat idle in the pool. HTTP lets a
 * server close an idle persistent connection at any time (RFC 9112 §9.5), and many do without
 * announcing a keep-alive timeout (Go's net/http, nginx, load balancers): a request the client
 * sends on such a connection just as it closes fails with a reset or "other side closed" before
 * any answer. That is the client's pool at fault, not the target, so the request is sent again on
 * a new connection, as browsers do for a reused connection (Chromium's ShouldResendRequest) and
 * as RFC 9112 §9.3.1 allows for idempotent requests.
 *
 * Only a request sent on a connection that had already carried an answer, and failed before any
 * byte of its answer (not even a 1xx) was read, is marked: the first request of a connection is
 * never sent again, nor one whose answer had begun. Which failures, by method:
 * - idempotent methods (RFC 9110 §9.2.2): a reset, a write into the closed connection, or the
 *   target ending the connection ("other side closed", `UND_ERR_SOCKET`) — the target may have
 *   read the request, but sending it again changes nothing more than sending it once;
 * - any other method (POST): a reset or a write into the closed connection only. An end is what a
 *   target that read the request and then closed its connection gives: it may have booked it.
 *   A reset is what the kernel of a target that closed the connection with the request unread
 *   gives (the idle close racing the request); a target that read a POST and then reset the
 *   connection on purpose (SO_LINGER 0) looks the same from here and would get it twice.
 * Told through undici's diagnostics channels, which undici publishes only while subscribed.
 */

import { subscribe } from 'node:diagnostics_channel';

/** Answers (final or interim) whose headers arrived on each connection. */
const answersOn = new WeakMap<object, number>();
/** The connection each request was written on. */
const connectionOf = new WeakMap<object, object>();
/**
 * Requests written on a connection that had carried an answer before, with the bytes read on
 * that connection when they were written: more by the failure means their answer had begun.
 */
const readBeforeSend = new WeakMap<object, number>();
/** Errors of requests lost to a closed idle connection (see the module comment). */
const staleErrors = new WeakSet<object>();

/** Errors of a connection dropped with the request unread: a reset, or a write into it once closed. */
const RESET_CODES: ReadonlySet<string> = new Set(['ECONNRESET', 'EPIPE']);
/**
 * Methods a second send changes nothing for (RFC 9110 §9.2.2), in upper case: method names are
 * case-sensitive (§9.1), and the client sends each operation's method upper-cased (`http-client.ts`).
 */
const IDEMPOTENT_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS', 'TRACE', 'PUT', 'DELETE']);
/** undici's error for a connection the target ended before the answer (its `SocketError` message). */
const ENDED_MESSAGE = 'other side closed';

/**
 * A connection as undici's channels pass it: the socket its client writes on. A TLS socket counts
 * the cleartext it decrypted (not handshake records nor a close_notify alert); through a proxy it
 * is the TLS socket inside the CONNECT tunnel (https origin) or the connection to the proxy (http
 * origin, absolute-URI requests): either way only bytes of an answer move its count.
 */
type Connection = { readonly bytesRead: number };

let watching = false;

/** Starts telling requests lost to a closed idle connection; idempotent, process-wide. */
export function watchStaleConnections(): void {
  if (watching) return;
  watching = true;
  subscribe('undici:client:sendHeaders', (message) => {
    const { request, socket } = message as { request: object; socket: Connection };
    connectionOf.set(request, socket);
    if ((answersOn.get(socket) ?? 0) > 0) readBeforeSend.set(request, socket.bytesRead);
  });
  subscribe('undici:request:headers', (message) => {
    const { request } = message as { request: object };
    const socket = connectionOf.get(request);
    if (socket) answersOn.set(socket, (answersOn.get(socket) ?? 0) + 1);
  });
  subscribe('undici:request:error', (message) => {
    const { request, error } = message as { request: { method?: unknown }; error: unknown };
    const before = readBeforeSend.get(request);
    if (before === undefined || typeof error !== 'object' || error === null) return;
    const socket = connectionOf.get(request) as Connection | undefined;
    if (socket === undefined || socket.bytesRead !== before) return;
    if (lostBeforeAnswer(error as { code?: unknown; message?: unknown }, request.method))
      staleErrors.add(error);
  });
}

/** Whether a failure before any answer byte on a reused connection lets `method` be sent again. */
function lostBeforeAnswer(error: { code?: unknown; message?: unknown }, method: unknown): boolean {
  if (typeof error.code !== 'string') return false;
  if (RESET_CODES.has(error.code)) return true;
  return (
    error.code === 'UND_ERR_SOCKET' &&
    error.message === ENDED_MESSAGE &&
    typeof method === 'string' &&
    IDEMPOTENT_METHODS.has(method)
  );
}

/** Whether `error` lost its request to a connection the target closed while idle (see the module comment). */
export function lostToIdleConnection(error: unknown): boolean {
  for (let e = error, depth = 0; typeof e === 'object' && e !== null && depth < 4; depth += 1) {
    if (staleErrors.has(e)) return true;
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}
