import { isRecord } from '../spec/json-pointer.ts';
import { HTTP_METHODS, type HttpMethod, type SpecOperation } from '../spec/operations.ts';

/**
 * One operation as the comparison reads it, the same shape for ours (from the spec registry) and
 * theirs (from any OpenAPI 3.x document, read leniently: no operationId, `x-family` or path
 * parameter declaration is demanded of a provider's document).
 */
export interface OperationView {
  readonly method: HttpMethod;
  /** The path template as the document writes it. */
  readonly path: string;
  readonly operationId?: string;
  /** Path, query, header and cookie parameters (path-level ones merged in). */
  readonly parameters: readonly ParameterView[];
  /** Absent when the operation declares no request body. */
  readonly requestBody?: { readonly required: boolean; readonly schema?: unknown };
  /** Responses by status key: `'200'`, `'4XX'` (upper case) or `'default'`. */
  readonly responses: ReadonlyMap<string, ResponseView>;
  /** The operation object itself, for what only words or extensions say (error codes). */
  readonly raw: Readonly<Record<string, unknown>>;
}

/** One parameter: where it goes, whether it is required, and its schema. */
export interface ParameterView {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required: boolean;
  /** The parameter's `schema` (or the schema of its `content`); absent when it has none. */
  readonly schema?: unknown;
}

/** One response: its JSON body schema, when it declares one. */
export interface ResponseView {
  readonly schema?: unknown;
}

/**
 * Headers OpenAPI says a parameter definition may not describe (`Accept`, `Content-Type`,
 * `Authorization`): declared or not, they say nothing about the operation's contract.
 */
const IGNORED_HEADERS = new Set(['accept', 'content-type', 'authorization']);

/** Our operation, from the registry. */
export function viewOfOurs(operation: SpecOperation): OperationView {
  const body =
    operation.requestBodySchema !== undefined || operation.requestBodyRequired
      ? {
          required: operation.requestBodyRequired,
          ...(operation.requestBodySchema === undefined ? {} : { schema: operation.requestBodySchema }),
        }
      : undefined;
  const responses = new Map<string, ResponseView>();
  for (const [status, response] of operation.responses) {
    responses.set(status, response.schema === undefined ? {} : { schema: response.schema });
  }
  return {
    method: operation.method,
    path: operation.path,
    operationId: operation.operationId,
    parameters: [...operation.pathParameters, ...operation.queryParameters, ...operation.headerParameters]
      .filter((p) => !(p.in === 'header' && IGNORED_HEADERS.has(p.name.toLowerCase())))
      .map((p) => ({
        name: p.name,
        in: p.in,
        required: p.required,
        ...(p.schema === undefined ? {} : { schema: p.schema }),
      })),
    ...(body === undefined ? {} : { requestBody: body }),
    responses,
    raw: {},
  };
}

/** Every operation of a provider's dereferenced document, in the order it declares them. */
export function viewsOfTheirs(document: Readonly<Record<string, unknown>>): OperationView[] {
  const views: OperationView[] = [];
  const paths = isRecord(document.paths) ? document.paths : {};
  for (const [path, pathItem] of Object.entries(paths)) {
    if (!isRecord(pathItem)) continue;
    for (const method of Object.keys(pathItem)) {
      if (!HTTP_METHODS.includes(method as HttpMethod)) continue;
      const operation = pathItem[method];
      if (!isRecord(operation)) continue;
      views.push(viewOfTheirOperation(method as HttpMethod, path, pathItem, operation));
    }
  }
  return views;
}

function viewOfTheirOperation(
  method: HttpMethod,
  path: string,
  pathItem: Record<string, unknown>,
  operation: Record<string, unknown>,
): OperationView {
  const parameters = new Map<string, ParameterView>();
  for (const raw of [...asList(pathItem.parameters), ...asList(operation.parameters)]) {
    const parameter = toParameter(raw);
    if (parameter) parameters.set(`${parameter.in}:${parameterKey(parameter)}`, parameter);
  }
  const requestBody = isRecord(operation.requestBody) ? operation.requestBody : undefined;
  const bodySchema = requestBody ? jsonSchemaOf(requestBody.content) : undefined;
  const responses = new Map<string, ResponseView>();
  for (const [status, raw] of Object.entries(isRecord(operation.responses) ? operation.responses : {})) {
    if (!isRecord(raw)) continue;
    const schema = jsonSchemaOf(raw.content);
    responses.set(statusKey(status), schema === undefined ? {} : { schema });
  }
  return {
    method,
    path,
    ...(typeof operation.operationId === 'string' ? { operationId: operation.operationId } : {}),
    parameters: [...parameters.values()],
    ...(requestBody
      ? {
          requestBody: {
            required: requestBody.required === true,
            ...(bodySchema === undefined ? {} : { schema: bodySchema }),
          },
        }
      : {}),
    responses,
    raw: operation,
  };
}

/** `'default'`, or the status in upper case (`4xx` → `4XX`). */
export function statusKey(status: string): string {
  return status.toLowerCase() === 'default' ? 'default' : status.toUpperCase();
}

/** Header names compare without case; other names as written. */
export function parameterKey(parameter: Pick<ParameterView, 'name' | 'in'>): string {
  return parameter.in === 'header' ? parameter.name.toLowerCase() : parameter.name;
}

function toParameter(raw: unknown): ParameterView | undefined {
  if (!isRecord(raw) || typeof raw.name !== 'string') return undefined;
  const location = raw.in;
  if (location !== 'query' && location !== 'path' && location !== 'header' && location !== 'cookie') {
    return undefined;
  }
  if (location === 'header' && IGNORED_HEADERS.has(raw.name.toLowerCase())) return undefined;
  const schema = isRecord(raw.schema) ? raw.schema : jsonSchemaOf(raw.content);
  return {
    name: raw.name,
    in: location,
    required: location === 'path' || raw.required === true,
    ...(schema === undefined ? {} : { schema }),
  };
}

/**
 * The schema of a `content` map's JSON media type: `application/json` itself, else any JSON type
 * (`application/problem+json`, `application/json; charset=utf-8`), else none.
 */
function jsonSchemaOf(content: unknown): unknown {
  if (!isRecord(content)) return undefined;
  const types = Object.keys(content);
  const isJson = (t: string) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(t);
  const chosen = types.find((t) => t.toLowerCase() === 'application/json') ?? types.find(isJson);
  const media = chosen === undefined ? undefined : content[chosen];
  return isRecord(media) && isRecord(media.schema) ? media.schema : undefined;
}

/**
 * The path part of a document's first server URL, variables filled with their defaults:
 * `https://{host}/api` → `/api`, `/loyalty/` → `/loyalty`, none → ``.
 */
export function serverPathOf(document: Readonly<Record<string, unknown>>): string {
  const servers = Array.isArray(document.servers) ? document.servers : [];
  const server = servers[0];
  if (!isRecord(server) || typeof server.url !== 'string') return '';
  const variables = isRecord(server.variables) ? server.variables : {};
  const url = server.url.replace(/\{([^}]+)\}/g, (whole, name: string) => {
    const variable = variables[name];
    return isRecord(variable) && typeof variable.default === 'string' ? variable.default : whole;
  });
  const path = url.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/\/+$/, '');
  if (path === '' || path.startsWith('{')) return '';
  return path.startsWith('/') ? path : `/${path}`;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
