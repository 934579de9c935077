import { type Exchange, isRateLimited } from '../client/exchange.ts';
import type { SpecOperation, SpecRegistry, SpecSchema } from '../spec/operations.ts';
import { matchResponseKey } from '../spec/validators.ts';
import {
  buildCoverage,
  type CoverageParameterLocation,
  type OperationCoverageLists,
  type SpecCoverage,
} from './model.ts';

/**
 * The coverage tally of one run: fed each exchange of the run once (the runner does it as each
 * call returns), it records which declared statuses, error codes and parameters the run exercised.
 * Each exchange costs a few map look-ups and one pass over its own query keys, body keys and
 * error entries: nothing grows with the run, and once every parameter of an operation has been
 * sent its requests are no longer parsed.
 */
export interface CoverageTally {
  /** Records one exchange: its request's parameters, its answer's status and error codes. */
  observe(exchange: Exchange): void;
  /**
   * Records that a scenario judged this exchange against a documented error code (it asked for
   * it): the code's `sent`. Codes the operation does not document are ignored.
   */
  expected(exchange: Exchange, code: number): void;
  /** The coverage so far. */
  result(): SpecCoverage;
}

/** One operation's flags, indexed as its declared lists are. */
interface OperationTally {
  readonly operation: SpecOperation;
  readonly statusKeys: readonly string[];
  readonly received: Set<string>;
  readonly parameters: readonly { readonly name: string; readonly in: CoverageParameterLocation }[];
  readonly sent: boolean[];
  /** Declared parameters not sent yet: at 0, requests are no longer parsed. */
  unsent: number;
  readonly query: ReadonlyMap<string, number>;
  readonly body: ReadonlyMap<string, number>;
  /** Declared header parameters as `[lower-case name, index]`. */
  readonly headers: readonly (readonly [string, number])[];
  /** Matches the path template at the end of a URL's path, one group per path parameter. */
  readonly path: RegExp | undefined;
  readonly pathIndexes: readonly number[];
  readonly codes: ReadonlyMap<number, number>;
  readonly codeReceived: boolean[];
  readonly codeSent: boolean[];
}

/** Top-level property names a request-body schema declares (its own, and those of its allOf/anyOf/oneOf members). */
export function bodyProperties(schema: SpecSchema | undefined): string[] {
  if (!schema || typeof schema !== 'object') return [];
  const names = new Set<string>(Object.keys(schema.properties ?? {}));
  for (const member of [...(schema.allOf ?? []), ...(schema.anyOf ?? []), ...(schema.oneOf ?? [])]) {
    if (member && typeof member === 'object' && 'properties' in member) {
      for (const name of Object.keys(member.properties ?? {})) names.add(name);
    }
  }
  return [...names];
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A RegExp matching the path template at the end of a URL's path, capturing each `{variable}`. */
function pathPattern(template: string): { pattern: RegExp; names: string[] } | undefined {
  const names: string[] = [];
  const source = template
    .split(/(\{[^}]+\})/)
    .map((part) => {
      const variable = /^\{([^}]+)\}$/.exec(part);
      if (!variable) return escapeRegExp(part);
      names.push(variable[1]!);
      return '([^/?#]*)';
    })
    .join('');
  return names.length > 0 ? { pattern: new RegExp(`${source}/?(?:[?#]|$)`), names } : undefined;
}

function tallyOf(operation: SpecOperation): OperationTally {
  const parameters: { name: string; in: CoverageParameterLocation }[] = [
    ...operation.pathParameters.map((p) => ({ name: p.name, in: 'path' as const })),
    ...operation.queryParameters.map((p) => ({ name: p.name, in: 'query' as const })),
    ...operation.headerParameters.map((p) => ({ name: p.name, in: 'header' as const })),
    ...bodyProperties(operation.requestBodySchema).map((name) => ({ name, in: 'body' as const })),
  ];
  const indexes = (location: CoverageParameterLocation) =>
    new Map(parameters.flatMap((p, i) => (p.in === location ? [[p.name, i] as const] : [])));
  const path = pathPattern(operation.path);
  const pathIndexes = indexes('path');
  return {
    operation,
    statusKeys: [...operation.responses.keys()],
    received: new Set(),
    parameters,
    sent: parameters.map(() => false),
    unsent: parameters.length,
    query: indexes('query'),
    body: indexes('body'),
    headers: [...indexes('header')].map(([name, i]) => [name.toLowerCase(), i] as const),
    path: path?.pattern,
    pathIndexes: path ? path.names.map((name) => pathIndexes.get(name) ?? -1) : [],
    codes: new Map(operation.errorCodes.map((c, i) => [c.code, i])),
    codeReceived: operation.errorCodes.map(() => false),
    codeSent: operation.errorCodes.map(() => false),
  };
}

const markSent = (tally: OperationTally, index: number | undefined) => {
  if (index === undefined || index < 0 || tally.sent[index]) return;
  tally.sent[index] = true;
  tally.unsent -= 1;
};

/** The keys of a JSON object body: the value sent, or a raw body text that parses as one. */
function bodyKeys(request: Exchange['request']): string[] {
  let body = request.body;
  if (body === undefined && request.bodyText !== undefined && request.bodyText.trimStart().startsWith('{')) {
    try {
      body = JSON.parse(request.bodyText);
    } catch {
      return [];
    }
  }
  return body !== null && typeof body === 'object' && !Array.isArray(body) ? Object.keys(body) : [];
}

function observeRequest(tally: OperationTally, request: Exchange['request']): void {
  const { url } = request;
  const queryAt = url.indexOf('?');
  if (tally.query.size > 0 && queryAt >= 0) {
    const hashAt = url.indexOf('#', queryAt);
    const query = new URLSearchParams(url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt));
    for (const name of query.keys()) markSent(tally, tally.query.get(name));
  }
  if (tally.path) {
    const match = tally.path.exec(queryAt >= 0 ? url.slice(0, queryAt) : url);
    tally.pathIndexes.forEach((index, group) => {
      if (match?.[group + 1]) markSent(tally, index);
    });
  }
  for (const [name, index] of tally.headers) {
    if (request.headers[name] !== undefined) markSent(tally, index);
  }
  if (tally.body.size > 0) {
    for (const name of bodyKeys(request)) markSent(tally, tally.body.get(name));
  }
}

/**
 * A tally over the registry's operations. Exchanges of operations it does not know (none of the
 * specs declares them) are ignored.
 */
export function createCoverageTally(registry: SpecRegistry): CoverageTally {
  const byId = new Map(registry.operations().map((o) => [o.operationId, tallyOf(o)]));
  let exchanges = 0;
  return {
    observe(exchange) {
      const tally = exchange.operationId === undefined ? undefined : byId.get(exchange.operationId);
      if (!tally) return;
      exchanges += 1;
      if (tally.unsent > 0) observeRequest(tally, exchange.request);
      const response = exchange.response;
      // A rate-limit answer turned the request away for load: it says nothing of the operation.
      if (!response || response.status === 429 || isRateLimited(exchange)) return;
      const key = matchResponseKey(tally.operation.responses, response.status);
      if (key !== undefined) tally.received.add(key);
      const errors = (response.body as { errors?: unknown } | null | undefined)?.errors;
      if (!Array.isArray(errors) || tally.codes.size === 0) return;
      for (const error of errors) {
        const code = (error as { code?: unknown } | null)?.code;
        const index = typeof code === 'number' ? tally.codes.get(code) : undefined;
        if (index !== undefined) tally.codeReceived[index] = true;
      }
    },

    expected(exchange, code) {
      const tally = exchange.operationId === undefined ? undefined : byId.get(exchange.operationId);
      const index = tally?.codes.get(code);
      if (tally && index !== undefined) tally.codeSent[index] = true;
    },

    result() {
      const lists = [...byId.values()].map(
        (t): OperationCoverageLists => ({
          operationId: t.operation.operationId,
          method: t.operation.method.toUpperCase(),
          path: t.operation.path,
          counted: t.operation.extensions['x-outside-documents'] !== true,
          statuses: t.statusKeys.map((status) => ({ status, received: t.received.has(status) })),
          errorCodes: t.operation.errorCodes.map((c, i) => ({
            code: c.code,
            received: t.codeReceived[i] === true,
            ...(t.codeSent[i] ? { sent: true } : {}),
          })),
          parameters: t.parameters.map((p, i) => ({ name: p.name, in: p.in, sent: t.sent[i] === true })),
        }),
      );
      return buildCoverage(exchanges, lists);
    },
  };
}
