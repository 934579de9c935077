/**
 * Reading a response body from a target that may be hostile: bounded in bytes (read up to the cap
 * by the answer handler, answer-handler.ts; decoded here within it),
 * decoded from its `Content-Encoding` and from UTF-8 with each failure named, and parsed as JSON
 * only when its nesting depth, measured without recursion, stays within {@link MAX_JSON_DEPTH}.
 * Nothing a target sends can make the client allocate more than about twice the cap or overflow
 * the stack.
 */

import {
  createBrotliDecompress,
  createGunzip,
  createInflate,
  createInflateRaw,
  constants as zlibConstants,
} from 'node:zlib';
import { BYTE_ORDER_MARK, CUT_BODY_DECODED_BYTES, MAX_JSON_DEPTH } from './exchange.ts';

/** What was read of one body. */
export interface ReadBody {
  /** The decoded text, whole or up to the cap: the caller keeps only its start as evidence. */
  text: string;
  /** The parsed JSON, when the body was read whole, decoded cleanly and not too deep. */
  json: unknown;
  /** Why the body cannot be taken as sent (see `RecordedResponse.bodyIssue`). */
  issue?: string;
  /** Reading stopped at the cap. */
  cut: boolean;
  /** Bytes received on the wire. */
  bytes: number;
  /** The declared `content-length`, if any. */
  declared?: number;
}

/** A body read that failed part way (the connection closed, the deadline passed). */
export class BodyReadError extends Error {
  constructor(
    cause: unknown,
    /** Bytes received before the failure. */
    readonly bytes: number,
    /** The declared `content-length`, if any. */
    readonly declared: number | undefined,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
    this.name = 'BodyReadError';
  }
}

/** Encodings the client decodes, as their `Content-Encoding` tokens. */
const DECODERS = {
  gzip: 'gzip',
  'x-gzip': 'gzip',
  deflate: 'deflate',
  br: 'br',
} as const;

type Decoder = (typeof DECODERS)[keyof typeof DECODERS];

/** A body's bytes as received, up to the cap (collected by the answer handler). */
export interface RawBody {
  readonly data: Buffer;
  /** Bytes received on the wire. */
  readonly bytes: number;
  /** Reading stopped at the cap. */
  readonly cut: boolean;
}

/**
 * Decodes, decompresses and parses a body's bytes already read up to `maxBytes` (the answer
 * handler cut them there and closed the connection).
 */
export async function decodeResponseBody(
  raw: RawBody,
  headers: Readonly<Record<string, string>>,
  maxBytes: number,
): Promise<ReadBody> {
  const declared = declaredLength(headers['content-length']);
  const encodings = contentEncodings(headers['content-encoding']);
  const base = { bytes: raw.bytes, ...(declared !== undefined ? { declared } : {}) };
  const cutIssue = () =>
    `body over ${maxBytes} bytes, cut${declared !== undefined ? ` (content-length ${declared})` : ''}`;

  // The raw bytes, unparsed, with why they cannot be read (a cut body is named as cut).
  const undecoded = (why: string): ReadBody => ({
    ...base,
    text: lossy(raw.data, raw.cut),
    json: undefined,
    cut: raw.cut,
    issue: raw.cut ? cutIssue() : why,
  });
  // undici takes the chunked framing off and hands any other transfer coding on as the body's bytes.
  const transfer = transferCodings(headers['transfer-encoding']);
  if (transfer.length > 0) {
    return undecoded(
      `Transfer-Encoding ${transfer.join(', ')} is not decoded: the client's requests send no TE header, which a server must have before it applies a transfer coding but chunked (RFC 9112 §7.4)`,
    );
  }
  const unknown = encodings.find((encoding) => !(encoding in DECODERS));
  if (unknown !== undefined) {
    return undecoded(
      `Content-Encoding ${unknown} is not one the client decodes (${Object.keys(DECODERS).join(', ')})`,
    );
  }

  let data = raw.data;
  let cut = raw.cut;
  // Applied in the reverse order of the header: the last encoding listed was applied last.
  for (const encoding of [...encodings].reverse()) {
    if (data.length === 0) break;
    const decoded = await decode(DECODERS[encoding as keyof typeof DECODERS], data, maxBytes, cut);
    if (decoded.error !== undefined) {
      return {
        ...base,
        text: lossy(raw.cut ? raw.data.subarray(0, CUT_BODY_DECODED_BYTES) : raw.data, raw.cut),
        json: undefined,
        cut,
        issue: cut
          ? cutIssue()
          : `Content-Encoding ${encoding} but the body is not ${encoding} (${oneLine(decoded.error)})`,
      };
    }
    data = decoded.data;
    cut ||= decoded.over;
  }

  // Only the start of a cut body is ever shown: decoding (and later redacting) all of it would
  // cost megabytes per exchange against a target streaming huge answers.
  if (cut) {
    const start = data.subarray(0, CUT_BODY_DECODED_BYTES);
    return { ...base, text: lossy(start, true), json: undefined, cut: true, issue: cutIssue() };
  }

  let text: string;
  try {
    strictUtf8 ??= new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    text = strictUtf8.decode(data);
  } catch {
    return {
      ...base,
      text: lossy(data, false),
      json: undefined,
      cut: false,
      issue: 'invalid UTF-8: the body is not UTF-8 text (shown with U+FFFD in place of the bad bytes)',
    };
  }
  if (jsonDepthExceeds(text, MAX_JSON_DEPTH)) {
    return {
      ...base,
      text,
      json: undefined,
      cut: false,
      issue: `JSON nested deeper than ${MAX_JSON_DEPTH} levels: not parsed`,
    };
  }
  return { ...base, text, json: parseJson(text), cut: false };
}

/** UTF-8 decoding that fails on a bad byte (stateless: one per process, made on first use). */
let strictUtf8: InstanceType<typeof TextDecoder> | undefined;

/**
 * Decodes `input` with zlib, stopping once the output passes `max` bytes (a few kilobytes of
 * gzip can expand to gigabytes). `partial`: the input is only the start of a stream (cut), so
 * its missing end is no error.
 */
function decode(
  decoder: Decoder,
  input: Buffer,
  max: number,
  partial: boolean,
): Promise<{ data: Buffer; over: boolean; error?: unknown }> {
  const flush = partial
    ? decoder === 'br'
      ? { finishFlush: zlibConstants.BROTLI_OPERATION_FLUSH }
      : { finishFlush: zlibConstants.Z_SYNC_FLUSH }
    : {};
  const stream =
    decoder === 'gzip'
      ? createGunzip(flush)
      : decoder === 'br'
        ? createBrotliDecompress(flush)
        : isZlibHeader(input)
          ? createInflate(flush)
          : createInflateRaw(flush);
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: { over: boolean; error?: unknown }) => {
      if (settled) return;
      settled = true;
      const data = Buffer.concat(chunks, Math.min(size, max));
      resolve({ data: data.subarray(0, max), ...result });
    };
    stream.on('data', (chunk: Buffer) => {
      if (settled) return;
      chunks.push(chunk);
      size += chunk.length;
      if (size > max) {
        settle({ over: true });
        stream.destroy();
      }
    });
    stream.on('error', (error) => settle({ over: false, error }));
    stream.on('end', () => settle({ over: false }));
    stream.end(input);
  });
}

/**
 * Whether JSON text nests arrays and objects deeper than `max`, counted without recursion and
 * without parsing (brackets inside strings do not count). Invalid JSON is measured the same way.
 */
export function jsonDepthExceeds(text: string, max: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      // A backslash escapes the next character (`\"` does not end the string).
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b || c === 0x7b) {
      depth += 1;
      if (depth > max) return true;
    } else if (c === 0x5d || c === 0x7d) {
      depth -= 1;
    }
  }
  return false;
}

/** `deflate` is zlib-wrapped by the standard and raw from some servers: the first two bytes tell. */
function isZlibHeader(input: Buffer): boolean {
  const [cmf, flg] = [input[0], input[1]];
  return cmf !== undefined && flg !== undefined && (cmf & 0x0f) === 8 && ((cmf << 8) | flg) % 31 === 0;
}

/**
 * The JSON value of a body, undefined when it is not JSON. A leading byte order mark is skipped: a
 * sender must not add one, but a parser may ignore it (RFC 8259 §8.1); the text keeps it, so a
 * check can still name it.
 */
function parseJson(text: string): unknown {
  const json = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  if (json.trim() === '') return undefined;
  try {
    return JSON.parse(json);
  } catch {
    return undefined;
  }
}

/** UTF-8 with U+FFFD for bad bytes; a cut body's last, incomplete character is dropped. */
function lossy(data: Buffer, cut: boolean): string {
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  return cut ? decoder.decode(data, { stream: true }) : decoder.decode(data);
}

export function declaredLength(value: string | undefined): number | undefined {
  if (value === undefined || !/^\s*\d+\s*$/.test(value)) return undefined;
  const length = Number(value);
  return Number.isSafeInteger(length) ? length : undefined;
}

/** `gzip, br` → `['gzip', 'br']`, lower case, without `identity`. */
function contentEncodings(value: string | undefined): string[] {
  if (value === undefined) return [];
  return value
    .split(',')
    .map((token) => token.trim().toLowerCase())
    .filter((token) => token !== '' && token !== 'identity');
}

/** `gzip, chunked` → `['gzip']`: the transfer codings besides the chunked framing. */
const transferCodings = (value: string | undefined): string[] =>
  contentEncodings(value).filter((token) => token !== 'chunked');

function oneLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/\s+/g, ' ').trim();
}
