import { DwNumber, type DwValue, MuleError, read } from './dataweave.ts';

/**
 * APIkit for Mule 4's router, generated from the vendor's OAS 3 spec: it matches a path
 * (case-sensitive, `{param}` segments, no trailing slash) and a method, then validates the request
 * against the operation's declared parameters and body schema before the flow runs, raising
 * APIKIT:NOT_FOUND, METHOD_NOT_ALLOWED, UNSUPPORTED_MEDIA_TYPE, NOT_ACCEPTABLE or BAD_REQUEST (the
 * last naming the parameter or body field and the keyword that failed, as its message does).
 */
export interface MuleRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: Buffer;
  /** Who API Manager's policy let through (set by the policy, read by the flows). */
  readonly principal?: unknown;
}

export interface MuleResponse {
  readonly status: number;
  readonly body: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** The subset of OAS 3.0 schema the vendor's spec uses. */
export interface Schema {
  readonly type?: 'string' | 'integer' | 'number' | 'boolean' | 'array' | 'object';
  readonly enum?: readonly string[];
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly format?: 'date';
  readonly nullable?: boolean;
  readonly items?: Schema;
  readonly properties?: Readonly<Record<string, Schema>>;
  readonly required?: readonly string[];
  readonly oneOf?: readonly Schema[];
  readonly additionalProperties?: false;
}

export type QueryParam = Omit<Schema, 'required'> & { readonly required?: boolean };

/** What the flow receives: the validated query, the parsed body, the URI parameters. */
export interface Validated {
  readonly request: MuleRequest;
  readonly query: Readonly<Record<string, string | undefined>>;
  readonly body: { readonly [key: string]: DwValue };
  readonly uriParams: Readonly<Record<string, string>>;
}

export interface Operation {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryParam>>;
  readonly body?: Schema;
  readonly flow: (input: Validated) => Promise<MuleResponse>;
  /** The flow's error handler, for APIkit's validation errors and the flow's own. */
  readonly handle: (error: unknown) => MuleResponse;
}

function badRequest(location: string, field: string, keyword: string): MuleError {
  return new MuleError('APIKIT:BAD_REQUEST', `${location} '${field}': ${keyword}`, {
    location,
    field,
    keyword,
  });
}

function match(pattern: string, path: string): Record<string, string> | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const value = got[i] ?? '';
    if (segment.startsWith('{')) {
      if (value === '') return undefined;
      params[segment.slice(1, -1)] = decodeURIComponent(value);
    } else if (segment !== value) return undefined;
  }
  return params;
}

function acceptsJson(accept: string | undefined): boolean {
  if (!accept) return true;
  return accept.split(',').some((range) => {
    const [type = '', ...params] = range.split(';').map((p) => p.trim().toLowerCase());
    const q = params.find((p) => p.startsWith('q='));
    if (q && Number(q.slice(2)) === 0) return false;
    return type === '*/*' || type === 'application/*' || type === 'application/json';
  });
}

function checkQuery(
  spec: Readonly<Record<string, QueryParam>>,
  query: URLSearchParams,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, param] of Object.entries(spec)) {
    const value = query.get(name);
    if (value === null) {
      if (param.required) throw badRequest('query parameter', name, 'required');
      continue;
    }
    const keyword = scalarKeyword(param, value);
    if (keyword) throw badRequest('query parameter', name, keyword);
    out[name] = value;
  }
  return out;
}

function scalarKeyword(schema: Omit<Schema, 'required'>, value: string): string | undefined {
  if (schema.minLength !== undefined && [...value].length < schema.minLength) return 'minLength';
  if (schema.type === 'integer' && !/^-?\d+$/.test(value)) return 'type';
  if (schema.type === 'boolean' && value !== 'true' && value !== 'false') return 'type';
  if (schema.enum && !schema.enum.includes(value)) return 'enum';
  if (schema.maxLength !== undefined && [...value].length > schema.maxLength) return 'maxLength';
  if (schema.format === 'date' && !validDate(value)) return 'format';
  return undefined;
}

function validDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const date = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return date.getUTCMonth() === Number(m[2]) - 1 && date.getUTCDate() === Number(m[3]);
}

/** The first violation of `schema` by `value` at `path`, as the JSON schema validator reports it. */
function violation(schema: Schema, value: DwValue, path: string): [string, string] | undefined {
  if (schema.oneOf) {
    const passing = schema.oneOf.filter((s) => violation(s, value, path) === undefined).length;
    return passing === 1 ? undefined : [path, 'oneOf'];
  }
  if (value === null) return schema.nullable || schema.type === undefined ? undefined : [path, 'type'];
  switch (schema.type) {
    case 'string':
      if (typeof value !== 'string') return [path, 'type'];
      return keywordAt(scalarKeyword(schema, value), path);
    case 'integer':
      return value instanceof DwNumber && /^-?\d+$/.test(value.text) ? undefined : [path, 'type'];
    case 'number':
      return value instanceof DwNumber ? undefined : [path, 'type'];
    case 'boolean':
      return typeof value === 'boolean' ? undefined : [path, 'type'];
    case 'array':
      if (!Array.isArray(value)) return [path, 'type'];
      for (const [i, item] of value.entries()) {
        const found = schema.items && violation(schema.items, item, `${path}[${i}]`);
        if (found) return found;
      }
      return undefined;
    case 'object': {
      if (typeof value !== 'object' || Array.isArray(value) || value instanceof DwNumber)
        return [path, 'type'];
      if (schema.additionalProperties === false)
        for (const name of Object.keys(value))
          if (!(name in (schema.properties ?? {})))
            return [path ? `${path}.${name}` : name, 'additionalProperties'];
      for (const name of schema.required ?? [])
        if (!(name in value)) return [path ? `${path}.${name}` : name, 'required'];
      for (const [name, property] of Object.entries(schema.properties ?? {})) {
        const field = value[name];
        const found =
          field === undefined ? undefined : violation(property, field, path ? `${path}.${name}` : name);
        if (found) return found;
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

function keywordAt(keyword: string | undefined, path: string): [string, string] | undefined {
  return keyword ? [path, keyword] : undefined;
}

/** The router: the operation for a request, its input validated, or the APIkit error. */
export interface ApikitOptions {
  /** APIkit's `queryParamsStrictValidation`: a query parameter the spec does not declare is a BAD_REQUEST. */
  readonly strictQuery?: boolean;
  /** The vendor's spec closing its request bodies (`additionalProperties: false`). */
  readonly strictBody?: boolean;
}

export class ApikitRouter {
  private readonly operations: readonly Operation[];

  constructor(
    operations: readonly Operation[],
    private readonly options: ApikitOptions = {},
  ) {
    this.operations = options.strictBody
      ? operations.map((o) => (o.body ? { ...o, body: { ...o.body, additionalProperties: false } } : o))
      : operations;
  }

  /** The operation's answer; APIKIT:NOT_FOUND or METHOD_NOT_ALLOWED thrown for the app's handler. */
  route(request: MuleRequest): () => Promise<MuleResponse> {
    const found = this.operations
      .map((operation) => ({ operation, params: match(operation.path, request.path) }))
      .filter((candidate) => candidate.params !== undefined);
    if (found.length === 0) throw new MuleError('APIKIT:NOT_FOUND', 'Resource not found');
    const hit = found.find((candidate) => candidate.operation.method === request.method);
    if (!hit) throw new MuleError('APIKIT:METHOD_NOT_ALLOWED', 'Method not allowed');
    const { operation } = hit;
    return async () => {
      try {
        return await operation.flow(this.validate(operation, request, hit.params ?? {}));
      } catch (error) {
        return operation.handle(error);
      }
    };
  }

  private validate(operation: Operation, request: MuleRequest, uriParams: Record<string, string>): Validated {
    if (!acceptsJson(request.headers.accept)) throw new MuleError('APIKIT:NOT_ACCEPTABLE', 'Not acceptable');
    let body: { [key: string]: DwValue } = {};
    if (operation.body) {
      const mediaType = (request.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase();
      if (mediaType !== 'application/json')
        throw new MuleError('APIKIT:UNSUPPORTED_MEDIA_TYPE', 'Unsupported media type');
    }
    if (this.options.strictQuery)
      for (const name of request.query.keys())
        if (!operation.query?.[name]) throw badRequest('query parameter', name, 'undeclared');
    const query = checkQuery(operation.query ?? {}, request.query);
    if (operation.body) {
      const parsed = read(request.body.toString('utf8'));
      if (parsed === undefined) throw badRequest('body', '', 'json');
      const found = violation(operation.body, parsed, '');
      if (found) throw badRequest('body', found[0], found[1]);
      body = parsed as { [key: string]: DwValue };
    }
    return { request, query, body, uriParams };
  }
}
