/**
 * A `100 Continue` the client did not ask for, skipped before undici reads it.
 *
 * RFC 9110 §15.2: "A client MUST be able to parse one or more 1xx responses received prior to a
 * final response, even if the client does not expect one", and a server may send a 100 to a
 * request without `Expect: 100-continue` (some gateways do, to every POST). undici 7's HTTP/1.1
 * parser reads every other 1xx as interim but destroys the connection on a 100 (`UND_ERR_SOCKET`
 * "bad response", client-h1.js `onHeadersComplete`; nodejs/undici#197, left open), which would
 * make a correct target's every answer an error and its run a tool error.
 *
 * undici reads a connection through `socket.read()` and sends one request at a time on it
 * (the pool's default `pipelining: 1`, which the client keeps): the answer to a request starts with
 * the first byte read after its request line was written. So the socket the connector hands
 * undici is given its own `read`: from each request line written until the first status line
 * that is not 1xx, whole `100` heads (status line, fields, empty line) are dropped and other
 * interim heads handed on whole (undici reads those itself); from the first byte that cannot begin
 * a 1xx status line on, everything is handed on as it came, so a body is never looked at. An
 * unfinished 1xx head is held (undici's headers timeout still runs); one longer than
 * {@link MAX_INTERIM_HEAD_BYTES} is handed on, for undici to refuse.
 */

import type { Socket } from 'node:net';

/** Longest 1xx head held while waiting for its end (undici's default `maxHeaderSize`). */
export const MAX_INTERIM_HEAD_BYTES = 16 * 1024;

/** `HTTP/1.` then a digit, a space, `1` and two digits: the start of a 1xx status line. */
const STATUS_1XX = 'HTTP/1.d 1dd';
const REQUEST_LINE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+ \S+ HTTP\/1\.\d\r\n/;
const HEAD_END = Buffer.from('\r\n\r\n');

/**
 * What the bytes at the start of an answer begin with, as far as they go: a 100 head, another
 * interim head (1xx but 101, which ends HTTP/1.1 on the connection), or anything else.
 */
function classify(bytes: Buffer): 'continue' | 'interim' | 'other' | 'unknown' {
  const n = Math.min(bytes.length, STATUS_1XX.length);
  for (let i = 0; i < n; i += 1) {
    const c = bytes[i] as number;
    const ok = STATUS_1XX[i] === 'd' ? c >= 0x30 && c <= 0x39 : c === STATUS_1XX.charCodeAt(i);
    if (!ok) return 'other';
  }
  if (bytes.length <= STATUS_1XX.length) return 'unknown';
  const after = bytes[STATUS_1XX.length];
  if (after !== 0x20 && after !== 0x0d) return 'other';
  const code = bytes.toString('latin1', STATUS_1XX.length - 3, STATUS_1XX.length);
  return code === '100' ? 'continue' : code === '101' ? 'other' : 'interim';
}

const NOTHING = Buffer.alloc(0);

/**
 * The buffers as one. Nearly every answer starts with no interim head: its first chunk is handed
 * on as read, not copied (`Buffer.concat` copies even one buffer).
 */
function joined(buffers: Buffer[]): Buffer {
  return buffers.length === 1 ? (buffers[0] as Buffer) : Buffer.concat(buffers);
}

/** Installs the filter on `socket` (its own `read` and `write`) and returns it. */
export function skipUnaskedContinue(socket: Socket): Socket {
  const read = socket.read.bind(socket);
  const write = socket.write.bind(socket) as (...args: unknown[]) => boolean;
  // Whether the bytes read now are the start of an answer, before its final status line.
  let atAnswerStart = false;
  let pending: Buffer = NOTHING;

  socket.write = ((chunk: unknown, ...rest: unknown[]) => {
    const start =
      typeof chunk === 'string'
        ? chunk.slice(0, 2048)
        : Buffer.isBuffer(chunk)
          ? chunk.toString('latin1', 0, 2048)
          : '';
    if (REQUEST_LINE.test(start)) atAnswerStart = true;
    return write(chunk, ...rest);
  }) as Socket['write'];

  socket.read = ((size?: number) => {
    if (size !== undefined || !atAnswerStart) return read(size);
    const handOn: Buffer[] = [];
    for (;;) {
      while (pending.length > 0) {
        const kind = classify(pending);
        const end = kind === 'continue' || kind === 'interim' ? pending.indexOf(HEAD_END) : -1;
        if (kind === 'other' || (end < 0 && pending.length > MAX_INTERIM_HEAD_BYTES)) {
          atAnswerStart = false;
          handOn.push(pending);
          pending = NOTHING;
          return joined(handOn);
        }
        if (end < 0) break;
        // undici reads the other 1xx heads itself.
        if (kind === 'interim') handOn.push(pending.subarray(0, end + HEAD_END.length));
        pending = pending.subarray(end + HEAD_END.length);
      }
      if (handOn.length > 0) return joined(handOn);
      const chunk = read() as Buffer | null;
      if (chunk === null) return null;
      pending = pending.length > 0 ? Buffer.concat([pending, chunk]) : chunk;
    }
  }) as Socket['read'];
  return socket;
}
