import { mkdirSync, writeFileSync } from 'node:fs';
import { STATUS_CODES } from 'node:http';
import { join } from 'node:path';
import type { RecordedExchange } from '../src/client/exchange.ts';
import type { CheckResult, RunResult, Verdict } from '../src/engine/types.ts';
import { prepareReport, type ReportView, verdictHeadline } from './summary.ts';
import type { ReporterFactory, ReporterOptions } from './types.ts';

/**
 * HTTP Archive (HAR 1.2, http://www.softwareishard.com/blog/har-12-spec/) of the exchanges a run
 * keeps: what a support team or a browser's devtools open. Built from the scrubbed report view
 * (the client has already redacted every exchange; credential headers keep only their scheme),
 * and the serialized text is scrubbed again, as the JSON report is. Fields the format does not
 * have are custom fields, whose names start with `_` as the format requires.
 */

/** The file the HAR reporter writes in the output folder. */
export const HAR_FILE = 'exchanges.har';

/** The HAR format version written. */
export const HAR_VERSION = '1.2';

/** The protocol of every exchange: the client's undici pools speak HTTP/1.1 only. */
const HTTP_VERSION = 'HTTP/1.1';

/** The one page of a run's HAR: devtools group entries by page. */
const RUN_PAGE = 'run';

// --- the HAR 1.2 objects written ---

/** A `name`/`value` pair: a header or a query parameter. */
export interface HarPair {
  readonly name: string;
  readonly value: string;
}

/** A cookie, as a `Cookie` request header or a `Set-Cookie` response header gives it. */
export interface HarCookie extends HarPair {
  readonly path?: string;
  readonly domain?: string;
  readonly expires?: string;
  readonly httpOnly?: boolean;
  readonly secure?: boolean;
}

/** The request half of an entry. */
export interface HarRequest {
  readonly method: string;
  readonly url: string;
  readonly httpVersion: string;
  readonly cookies: readonly HarCookie[];
  readonly headers: readonly HarPair[];
  readonly queryString: readonly HarPair[];
  /** The body as sent (redacted), when there was one. */
  readonly postData?: { readonly mimeType: string; readonly text: string };
  /** Always -1: the client does not record the header bytes. */
  readonly headersSize: number;
  /** Bytes of the recorded (redacted) body text; 0 without a body. */
  readonly bodySize: number;
}

/** The response half of an entry: status 0 when there was no response. */
export interface HarResponse {
  readonly status: number;
  readonly statusText: string;
  readonly httpVersion: string;
  readonly cookies: readonly HarCookie[];
  readonly headers: readonly HarPair[];
  readonly content: {
    /** Bytes of the decoded body, or of its kept start when only that is known. */
    readonly size: number;
    readonly mimeType: string;
    /** The body as decoded text, or its start when `_truncated`. */
    readonly text?: string;
    readonly comment?: string;
    /** Custom: `text` is only the start of the body. */
    readonly _truncated?: boolean;
    /** Custom: why the body could not be taken as sent (cut, undecodable, too deep). */
    readonly _bodyIssue?: string;
  };
  readonly redirectURL: string;
  /** Always -1: the client does not record the header bytes. */
  readonly headersSize: number;
  /** Bytes on the wire when the client counted them; else those of the decoded body; -1 unknown. */
  readonly bodySize: number;
  readonly comment?: string;
  /** Custom, as Chrome's devtools write it: why there is no response (`ECONNRESET: …`). */
  readonly _error?: string;
}

/** Milliseconds of each phase; -1 for a phase the client does not time. */
export interface HarTimings {
  /** Rate-limit answers waited out before the last attempt, when there were any; else -1. */
  readonly blocked: number;
  readonly dns: number;
  readonly connect: number;
  readonly send: number;
  /** The rest of the exchange: the client times attempts as a whole, from send to body end. */
  readonly wait: number;
  readonly receive: number;
  readonly ssl: number;
  readonly comment?: string;
}

/** A check an entry is evidence of (custom field `_checks`). */
export interface HarCitation {
  readonly requirementId: string;
  readonly checkId: string;
  readonly principal: string;
  readonly verdict: Verdict;
}

/** One exchange. */
export interface HarEntry {
  readonly pageref: string;
  /** When the first attempt was sent (ISO 8601). */
  readonly startedDateTime: string;
  /** The sum of the non-negative timings. */
  readonly time: number;
  readonly request: HarRequest;
  readonly response: HarResponse;
  readonly cache: Record<string, never>;
  readonly timings: HarTimings;
  /** The checks it evidences, in words: requirement ID, verdict, check ID and principal. */
  readonly comment: string;
  /** Custom: the exchange's `id` in the JSON report. */
  readonly _exchangeId: number;
  /** Custom: the spec operation called, when there is one. */
  readonly _operationId?: string;
  /** Custom: the org or `fabric`. */
  readonly _principal: string;
  /** Custom: requests sent (retries and resends after rate-limit answers add to it). */
  readonly _attempts: number;
  /** Custom: the checks it evidences. */
  readonly _checks: readonly HarCitation[];
  /** Custom: the request as a curl line, credentials as environment variables. */
  readonly _curl?: string;
}

/** A HAR document. */
export interface Har {
  readonly log: {
    readonly version: string;
    readonly creator: { readonly name: string; readonly version: string };
    readonly pages: readonly {
      readonly startedDateTime: string;
      readonly id: string;
      readonly title: string;
      readonly pageTimings: { readonly onContentLoad: number; readonly onLoad: number };
    }[];
    readonly entries: readonly HarEntry[];
    readonly comment: string;
  };
}

// --- rendering ---

/**
 * `exchanges.har`: every exchange the JSON report keeps (those behind non-passing checks, or with
 * `run --evidence all` every one a check cites), in its order, secrets scrubbed.
 */
export function renderHar(result: RunResult, options: Pick<ReporterOptions, 'secrets' | 'curl'>): string {
  const view = prepareReport(result, options);
  const run = view.result;
  const kept =
    run.manifest.evidence === 'all'
      ? 'every exchange a check cites'
      : 'the exchanges behind non-passing checks';
  const comment = `${run.exchanges.length} of the run's ${run.totals.exchanges} exchanges: ${kept}. Secrets redacted. Each entry's comment names the checks it evidences.`;
  return view.scrub(`${JSON.stringify(harOf(view, run.exchanges, comment), null, 2)}\n`);
}

/**
 * The HAR of one check's exchanges, compact (the HTML report inlines one per failing check), secrets
 * scrubbed; undefined when the run kept none of them.
 */
export function renderCheckHar(view: ReportView, check: CheckResult): string | undefined {
  const exchanges = check.exchangeIds.flatMap((id) => view.exchanges.get(id) ?? []);
  if (exchanges.length === 0) return undefined;
  const detail = [check.expected && `expected ${check.expected}`, check.actual && `actual ${check.actual}`]
    .filter(Boolean)
    .join('; ');
  const comment = `Evidence of ${describeCheck(check)}: ${detail || check.message}`;
  return view.scrub(JSON.stringify(harOf(view, exchanges, comment)));
}

/** A HAR document of some exchanges of a prepared (scrubbed) run. */
export function harOf(view: ReportView, exchanges: readonly RecordedExchange[], comment: string): Har {
  const run = view.result;
  const cited = citationsOf(view);
  return {
    log: {
      version: HAR_VERSION,
      creator: { name: run.manifest.tool.name, version: run.manifest.tool.version },
      pages: [
        {
          startedDateTime: run.manifest.startedAt,
          id: RUN_PAGE,
          title: `${run.manifest.tool.name}: ${run.manifest.profile.name} (${run.manifest.profile.environment}) — ${verdictHeadline(run)}`,
          pageTimings: { onContentLoad: -1, onLoad: -1 },
        },
      ],
      entries: exchanges.map((exchange) =>
        entryOf(exchange, cited.get(exchange.id) ?? [], view.curl.get(exchange.id)),
      ),
      comment,
    },
  };
}

/** `CAP-NPA-8907 fail (negative-balance.over-balance-8907 @strict)`. */
const describeCheck = (c: Pick<CheckResult, 'requirementId' | 'verdict' | 'checkId' | 'principal'>) =>
  `${c.requirementId} ${c.verdict} (${c.checkId} @${c.principal})`;

/** The checks citing each exchange, by exchange ID; computed once per view. */
const citationCache = new WeakMap<ReportView, ReadonlyMap<number, readonly HarCitation[]>>();

function citationsOf(view: ReportView): ReadonlyMap<number, readonly HarCitation[]> {
  const cached = citationCache.get(view);
  if (cached) return cached;
  const cited = new Map<number, HarCitation[]>();
  for (const r of view.result.requirements) {
    for (const c of r.checks) {
      const citation = {
        requirementId: c.requirementId,
        checkId: c.checkId,
        principal: c.principal,
        verdict: c.verdict,
      };
      for (const id of new Set(c.exchangeIds)) {
        const list = cited.get(id) ?? [];
        list.push(citation);
        cited.set(id, list);
      }
    }
  }
  citationCache.set(view, cited);
  return cited;
}

function entryOf(
  exchange: RecordedExchange,
  citations: readonly HarCitation[],
  curl: string | undefined,
): HarEntry {
  const timings = timingsOf(exchange);
  const time = round(
    [...Object.values(timings)]
      .filter((t): t is number => typeof t === 'number' && t >= 0)
      .reduce((a, b) => a + b, 0),
  );
  const call = `exchange #${exchange.id} ${exchange.operationId ?? exchange.request.method} @${exchange.principal}`;
  return {
    pageref: RUN_PAGE,
    startedDateTime: exchange.startedAt,
    time,
    request: requestOf(exchange),
    response: responseOf(exchange),
    cache: {},
    timings,
    comment: citations.length > 0 ? `${call}, evidence of: ${citations.map(describeCheck).join('; ')}` : call,
    _exchangeId: exchange.id,
    ...(exchange.operationId === undefined ? {} : { _operationId: exchange.operationId }),
    _principal: exchange.principal,
    _attempts: exchange.attempts,
    _checks: citations,
    ...(curl ? { _curl: curl } : {}),
  };
}

function requestOf({ request }: RecordedExchange): HarRequest {
  const text = request.bodyText ?? (request.body === undefined ? undefined : JSON.stringify(request.body));
  const mimeType = request.headers['content-type'] ?? (request.body === undefined ? '' : 'application/json');
  return {
    method: request.method,
    url: request.url,
    httpVersion: HTTP_VERSION,
    cookies: request.headers.cookie ? requestCookies(request.headers.cookie) : [],
    headers: pairs(request.headers),
    queryString: queryOf(request.url),
    ...(text === undefined ? {} : { postData: { mimeType, text } }),
    headersSize: -1,
    bodySize: text === undefined ? 0 : Buffer.byteLength(text),
  };
}

function responseOf({ response, error }: RecordedExchange): HarResponse {
  if (!response) {
    // Headers may have arrived before the body failed: their status is what the target said.
    const status = error?.status ?? 0;
    const why = `${error?.code ?? 'error'}: ${error?.message ?? 'no response'}`;
    return {
      status,
      statusText: status ? (STATUS_CODES[status] ?? '') : '',
      httpVersion: status ? HTTP_VERSION : '',
      cookies: [],
      headers: [],
      content: { size: 0, mimeType: '' },
      redirectURL: '',
      headersSize: -1,
      bodySize: -1,
      comment: `no response: ${why}`,
      _error: why,
    };
  }
  const decodedBytes = Buffer.byteLength(response.bodyText);
  const whole = !response.truncated && response.bodyIssue === undefined;
  const shown = `only the first ${response.bodyText.length} characters are kept`;
  const onWire =
    response.bodyBytes === undefined ? '' : ` (the body had ${response.bodyBytes} bytes on the wire)`;
  return {
    status: response.status,
    statusText: STATUS_CODES[response.status] ?? '',
    httpVersion: HTTP_VERSION,
    cookies: response.headers['set-cookie'] ? responseCookies(response.headers['set-cookie']) : [],
    headers: pairs(response.headers),
    content: {
      size: whole ? decodedBytes : (response.bodyBytes ?? decodedBytes),
      mimeType: response.headers['content-type'] ?? '',
      text: response.bodyText,
      ...(response.truncated ? { comment: `${shown}${onWire}`, _truncated: true } : {}),
      ...(response.bodyIssue === undefined ? {} : { _bodyIssue: response.bodyIssue }),
    },
    redirectURL: response.headers.location ?? '',
    headersSize: -1,
    // Without a Content-Encoding, the decoded body is the bytes received.
    bodySize: response.bodyBytes ?? (response.headers['content-encoding'] ? -1 : decodedBytes),
  };
}

/**
 * The client times an exchange as a whole (first send to end of last attempt): all of it is
 * `wait`, except the time spent waiting out rate-limit answers, which is `blocked`.
 */
function timingsOf(exchange: RecordedExchange): HarTimings {
  const waited = Math.min(exchange.rateLimitWaitMs ?? 0, exchange.durationMs);
  const resends = exchange.rateLimitRetries ?? 0;
  const renewed = exchange.refusedTokenResends ?? 0;
  return {
    blocked: waited > 0 ? round(waited) : -1,
    dns: -1,
    connect: -1,
    send: 0,
    wait: round(Math.max(0, exchange.durationMs - waited)),
    receive: 0,
    ssl: -1,
    ...(exchange.attempts > 1
      ? {
          comment: `${exchange.attempts} attempts${resends ? ` (${resends} after rate-limit answers, waited out in blocked)` : ''}${renewed ? ` (${renewed} with a new OAuth token after a 401 to the one before)` : ''}; wait covers them all`,
        }
      : {}),
  };
}

/** Milliseconds to a tenth, as the client records them. */
const round = (ms: number) => Math.round(ms * 10) / 10;

const pairs = (headers: Readonly<Record<string, string>>): HarPair[] =>
  Object.entries(headers).map(([name, value]) => ({ name, value }));

function queryOf(url: string): HarPair[] {
  const start = url.indexOf('?');
  if (start < 0) return [];
  const search = url.slice(start + 1).split('#')[0] ?? '';
  return [...new URLSearchParams(search)].map(([name, value]) => ({ name, value }));
}

/** `a=1; b=2` → two cookies. */
function requestCookies(header: string): HarCookie[] {
  return header
    .split(/;\s*/)
    .filter(Boolean)
    .map((pair) => nameValue(pair));
}

/**
 * Set-Cookie values joined with `, ` by the client: split only before a `name=` (an `Expires` date
 * has a comma too), then read each cookie's attributes.
 */
function responseCookies(header: string): HarCookie[] {
  return header.split(/,\s*(?=[^;,=\s]+=)/).map((cookie) => {
    const [first = '', ...attributes] = cookie.split(/;\s*/);
    const out: { -readonly [K in keyof HarCookie]: HarCookie[K] } = nameValue(first);
    for (const attribute of attributes) {
      const { name, value } = nameValue(attribute);
      const key = name.toLowerCase();
      if (key === 'path') out.path = value;
      else if (key === 'domain') out.domain = value;
      else if (key === 'httponly') out.httpOnly = true;
      else if (key === 'secure') out.secure = true;
      else if (key === 'expires') {
        const date = new Date(value);
        if (!Number.isNaN(date.getTime())) out.expires = date.toISOString();
      }
    }
    return out;
  });
}

const nameValue = (pair: string): HarCookie => {
  const at = pair.indexOf('=');
  return at < 0
    ? { name: pair.trim(), value: '' }
    : { name: pair.slice(0, at).trim(), value: pair.slice(at + 1).trim() };
};

/** Writes `exchanges.har` at the end of the run. */
export const harReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    mkdirSync(options.outDir, { recursive: true });
    writeFileSync(join(options.outDir, HAR_FILE), renderHar(result, options));
  },
});
