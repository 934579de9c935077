import type { OpenAPIV3_1 } from 'openapi-types';
import { toolError } from '../errors.ts';
import { isRecord } from './json-pointer.ts';
import { type LoadedSpecFile, loadSpecFile } from './load-spec.ts';
import { resolveRefs } from './resolve-refs.ts';

/** A JSON Schema as an OpenAPI 3.1 document carries it (after `$ref` resolution). */
export type SpecSchema = OpenAPIV3_1.SchemaObject;

/** A lowercase HTTP method, as OpenAPI path items key them. */
export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'options' | 'head' | 'patch' | 'trace';

/** The methods an OpenAPI path item may hold, in the order OpenAPI lists them. */
export const HTTP_METHODS: readonly HttpMethod[] = [
  'get',
  'put',
  'post',
  'delete',
  'options',
  'head',
  'patch',
  'trace',
];

/** One declared parameter, with OpenAPI's defaults for `style`/`explode` filled in. */
export interface SpecParameter {
  readonly name: string;
  readonly in: 'query' | 'path' | 'header' | 'cookie';
  readonly required: boolean;
  /** Absent when the parameter uses `content` instead of `schema`. */
  readonly schema?: SpecSchema;
  /** `form` for query/cookie, `simple` for path/header unless the spec says otherwise. */
  readonly style: string;
  /** Whether repeated values arrive as repeated keys (`a=1&a=2`) rather than `a=1,2`. */
  readonly explode: boolean;
  readonly description?: string;
}

/** One declared response, keyed in `SpecOperation.responses` by `'200'`, `'4XX'` or `'default'`. */
export interface SpecResponse {
  readonly description?: string;
  /** The media type the schema belongs to; absent when the response declares no body. */
  readonly contentType?: string;
  /** The body schema; absent when the response has no body or no JSON body. */
  readonly schema?: SpecSchema;
  /** `x-undocumented: true`: the documents show no such answer; the spec declares it loosely. */
  readonly undocumented?: boolean;
}

/** Where an error code's listing comes from: a seed document, or the vendor's public docs. */
export type ErrorCodeSource = 'seed' | 'vendor-docs';

/** One entry of an operation's `x-error-codes`. */
export interface SpecErrorCode {
  /** The vendor's error code (e.g. 8015), matched on; never match on message text. */
  readonly code: number;
  /** The message the documents give for it. */
  readonly message: string;
  /** The situation that produces it, in words. */
  readonly when: string;
  readonly source: ErrorCodeSource;
  /**
   * The inputs that trigger it, e.g. `['query.source']` or `['body.billNumber']`; empty when the
   * spec names none. The spec may write one input or a list; this is always a list.
   */
  readonly on: readonly string[];
  /**
   * `schema`: a request-schema violation at `on` must produce this code (so the reference provider
   * and generated negative cases derive it from the spec); `state`: it depends on the target's data
   * or configuration. Absent when the spec does not say.
   */
  readonly raisedBy?: ErrorCodeRaisedBy;
  /**
   * With `raisedBy: schema`: the schema keywords (`required`, `enum`, ...) whose violation at `on`
   * raises this code; empty means any violation there.
   */
  readonly keywords: readonly string[];
}

/** What makes a target raise an error code: a schema violation of the request, or its own state. */
export type ErrorCodeRaisedBy = 'schema' | 'state';

/** Everything the suite needs to know about one operation, derived from the spec only. */
export interface SpecOperation {
  readonly operationId: string;
  /** The API family (`capillary`, `fabric`), from the spec's `info.x-family`. */
  readonly family: string;
  readonly method: HttpMethod;
  /** The path template relative to the family's base URL, e.g. `/v1/inquire/{profileId}/member-points`. */
  readonly path: string;
  /** The spec file that declares the operation. */
  readonly specPath: string;
  readonly summary?: string;
  readonly pathParameters: readonly SpecParameter[];
  readonly queryParameters: readonly SpecParameter[];
  readonly headerParameters: readonly SpecParameter[];
  /** The `application/json` request body schema, if the operation declares one. */
  readonly requestBodySchema?: SpecSchema;
  readonly requestBodyRequired: boolean;
  /** Responses by status key: an exact code (`'200'`), a range (`'4XX'`) or `'default'`. */
  readonly responses: ReadonlyMap<string, SpecResponse>;
  /** The operation's security requirements (or the document's when the operation has none). */
  readonly security: readonly OpenAPIV3_1.SecurityRequirementObject[];
  /** The error codes the documents list for this operation. */
  readonly errorCodes: readonly SpecErrorCode[];
  /** All other `x-` keys of the operation, verbatim. */
  readonly extensions: Readonly<Record<string, unknown>>;
}

/** One loaded spec: the file's identity plus its dereferenced document. */
export interface LoadedSpec {
  readonly path: string;
  readonly family: string;
  readonly sha256: string;
  /** The document with every internal `$ref` resolved. */
  readonly document: OpenAPIV3_1.Document;
}

/** The operations of one or more specs, looked up by operationId. */
export interface SpecRegistry {
  /**
   * The operation with this id.
   * @throws LoyaltyConformanceError `LC_ERR_SPEC_OPERATION_UNKNOWN`.
   */
  getOperation(operationId: string): SpecOperation;
  /** Whether any loaded spec declares this operationId. */
  hasOperation(operationId: string): boolean;
  /** Every operation, in the order the specs declare them (files in the order given). */
  operations(): readonly SpecOperation[];
  /** The loaded specs, in the order given. */
  readonly specs: readonly LoadedSpec[];
  /** Hex sha256 of each spec file's bytes, keyed by the path it was loaded from (for report manifests). */
  readonly specHashes: Readonly<Record<string, string>>;
}

/**
 * family → its only documented operation, for the families whose documents define one (fabric's
 * adjustment; an operation marked `x-outside-documents`, like its member inquiry, does not count).
 */
export function soleOperationsOf(registry: SpecRegistry): Map<string, string> {
  const documented = new Map<string, string[]>();
  for (const operation of registry.operations()) {
    if (operation.extensions['x-outside-documents'] === true) continue;
    documented.set(operation.family, [...(documented.get(operation.family) ?? []), operation.operationId]);
  }
  return new Map(
    [...documented].flatMap(([family, ids]) =>
      ids.length === 1 ? [[family, ids[0] as string] as const] : [],
    ),
  );
}

/** operationId → API family, from the loaded specs. */
export function operationFamiliesOf(registry: SpecRegistry): Record<string, string> {
  return Object.fromEntries(registry.operations().map((o) => [o.operationId, o.family]));
}

/**
 * Loads several spec files into one registry.
 *
 * @throws LoyaltyConformanceError any `LC_ERR_SPEC_*` of loading, resolving or indexing, and
 *   `LC_ERR_SPEC_INVALID` when two specs declare the same operationId.
 */
export async function loadSpecs(paths: readonly string[]): Promise<SpecRegistry> {
  const files = await Promise.all(paths.map((path) => loadSpecFile(path)));
  return createSpecRegistry(files);
}

/** Builds a registry from already-read spec files (resolving their `$ref`s). */
export function createSpecRegistry(files: readonly LoadedSpecFile[]): SpecRegistry {
  const specs: LoadedSpec[] = [];
  const byId = new Map<string, SpecOperation>();
  const specHashes: Record<string, string> = {};

  for (const file of files) {
    const document = resolveRefs(file.document, { path: file.path });
    const family = familyOf(document, file.path);
    specs.push({ path: file.path, family, sha256: file.sha256, document });
    specHashes[file.path] = file.sha256;
    for (const operation of indexOperations(document, file.path)) {
      const existing = byId.get(operation.operationId);
      if (existing) {
        throw toolError('LC_ERR_SPEC_INVALID', {
          path: file.path,
          reason: `operationId "${operation.operationId}" is also declared in ${existing.specPath}`,
          operationId: operation.operationId,
        });
      }
      byId.set(operation.operationId, operation);
    }
  }

  const all = Object.freeze([...byId.values()]);
  return {
    getOperation(operationId) {
      const operation = byId.get(operationId);
      if (!operation) {
        throw toolError('LC_ERR_SPEC_OPERATION_UNKNOWN', { operationId, known: [...byId.keys()] });
      }
      return operation;
    },
    hasOperation: (operationId) => byId.has(operationId),
    operations: () => all,
    specs: Object.freeze(specs),
    specHashes: Object.freeze(specHashes),
  };
}

/**
 * Lists the operations of one dereferenced document.
 *
 * @throws LoyaltyConformanceError `LC_ERR_SPEC_INVALID` for a missing `info.x-family` or
 *   operationId, a path variable without a parameter, or a malformed `x-error-codes` entry.
 */
export function indexOperations(document: OpenAPIV3_1.Document, specPath: string): SpecOperation[] {
  const family = familyOf(document, specPath);
  const operations: SpecOperation[] = [];
  for (const [path, pathItem] of Object.entries(document.paths ?? {})) {
    if (!pathItem) continue;
    // Declaration order, so listings and reports follow the spec as written.
    const methods = Object.keys(pathItem).filter((key): key is HttpMethod =>
      HTTP_METHODS.includes(key as HttpMethod),
    );
    for (const method of methods) {
      const operation = pathItem[method];
      if (!operation) continue;
      const invalid = (reason: string) =>
        toolError('LC_ERR_SPEC_INVALID', {
          path: specPath,
          reason: `${method.toUpperCase()} ${path}: ${reason}`,
        });
      if (typeof operation.operationId !== 'string' || operation.operationId === '') {
        throw invalid('the operation has no operationId');
      }
      const parameters = mergeParameters(pathItem.parameters, operation.parameters);
      const pathParameters = parameters.filter((p) => p.in === 'path');
      for (const variable of path.matchAll(/\{([^}]+)\}/g)) {
        if (!pathParameters.some((p) => p.name === variable[1])) {
          throw invalid(`path variable {${variable[1]}} has no "in: path" parameter`);
        }
      }
      const body = jsonMedia(asObject(operation.requestBody)?.content);
      const extensions: Record<string, unknown> = {};
      for (const [key, value] of Object.entries(operation)) {
        if (key.startsWith('x-') && key !== 'x-error-codes') extensions[key] = value;
      }
      operations.push({
        operationId: operation.operationId,
        family,
        method,
        path,
        specPath,
        ...(operation.summary === undefined ? {} : { summary: operation.summary }),
        pathParameters,
        queryParameters: parameters.filter((p) => p.in === 'query'),
        headerParameters: parameters.filter((p) => p.in === 'header'),
        ...(body?.schema === undefined ? {} : { requestBodySchema: body.schema }),
        requestBodyRequired: asObject(operation.requestBody)?.required === true,
        responses: responsesOf(operation.responses),
        security: operation.security ?? document.security ?? [],
        errorCodes: errorCodesOf((operation as Record<string, unknown>)['x-error-codes'], invalid),
        extensions,
      });
    }
  }
  return operations;
}

function familyOf(document: OpenAPIV3_1.Document, specPath: string): string {
  const family = (document.info as Record<string, unknown>)['x-family'];
  if (typeof family !== 'string' || family === '') {
    throw toolError('LC_ERR_SPEC_INVALID', {
      path: specPath,
      reason: 'info.x-family is missing (expected the API family, e.g. "capillary")',
    });
  }
  return family;
}

/** Operation-level parameters override path-level ones with the same name and location. */
function mergeParameters(pathLevel: unknown, operationLevel: unknown): SpecParameter[] {
  const merged = new Map<string, SpecParameter>();
  for (const raw of [...asList(pathLevel), ...asList(operationLevel)]) {
    const parameter = toParameter(raw);
    if (parameter) merged.set(`${parameter.in}:${parameter.name}`, parameter);
  }
  return [...merged.values()];
}

function toParameter(raw: unknown): SpecParameter | undefined {
  if (!isRecord(raw) || typeof raw.name !== 'string') return undefined;
  const location = raw.in;
  if (location !== 'query' && location !== 'path' && location !== 'header' && location !== 'cookie') {
    return undefined;
  }
  const style =
    typeof raw.style === 'string'
      ? raw.style
      : location === 'query' || location === 'cookie'
        ? 'form'
        : 'simple';
  return {
    name: raw.name,
    in: location,
    // Path parameters are always required, whatever the spec says.
    required: location === 'path' || raw.required === true,
    ...(isRecord(raw.schema) ? { schema: raw.schema as SpecSchema } : {}),
    style,
    explode: typeof raw.explode === 'boolean' ? raw.explode : style === 'form',
    ...(typeof raw.description === 'string' ? { description: raw.description } : {}),
  };
}

function responsesOf(responses: OpenAPIV3_1.ResponsesObject | undefined): Map<string, SpecResponse> {
  const map = new Map<string, SpecResponse>();
  for (const [status, raw] of Object.entries(responses ?? {})) {
    const response = asObject(raw);
    if (!response) continue;
    const media = jsonMedia(response.content);
    map.set(status.toUpperCase() === 'DEFAULT' ? 'default' : status.toUpperCase(), {
      ...(typeof response.description === 'string' ? { description: response.description } : {}),
      ...(media ? { contentType: media.contentType } : {}),
      ...(media?.schema === undefined ? {} : { schema: media.schema }),
      ...((response as Record<string, unknown>)['x-undocumented'] === true ? { undocumented: true } : {}),
    });
  }
  return map;
}

/**
 * Picks the JSON media type of a `content` map: `application/json` itself, else any JSON type
 * (`application/problem+json`, `application/json; charset=utf-8`), else the first one declared
 * (whose schema the JSON validators then do not get).
 */
function jsonMedia(content: unknown): { contentType: string; schema?: SpecSchema } | undefined {
  if (!isRecord(content)) return undefined;
  const types = Object.keys(content);
  const isJson = (t: string) => /^application\/([\w.-]+\+)?json\s*(;|$)/i.test(t);
  const chosen = types.find((t) => t.toLowerCase() === 'application/json') ?? types.find(isJson) ?? types[0];
  if (chosen === undefined) return undefined;
  const media = content[chosen];
  const schema = isJson(chosen) && isRecord(media) && isRecord(media.schema) ? media.schema : undefined;
  return schema ? { contentType: chosen, schema: schema as SpecSchema } : { contentType: chosen };
}

function errorCodesOf(raw: unknown, invalid: (reason: string) => Error): SpecErrorCode[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw invalid('x-error-codes must be a list');
  return raw.map((entry: unknown, i) => {
    const at = `x-error-codes[${i}]`;
    if (!isRecord(entry)) throw invalid(`${at} must be a mapping`);
    const { code, message, when, source, on, raisedBy, keywords = [] } = entry;
    if (typeof code !== 'number' || !Number.isInteger(code)) throw invalid(`${at}.code must be an integer`);
    if (typeof message !== 'string') throw invalid(`${at}.message must be a string`);
    if (typeof when !== 'string') throw invalid(`${at}.when must be a string`);
    if (source !== 'seed' && source !== 'vendor-docs') {
      throw invalid(`${at}.source must be "seed" or "vendor-docs", found ${JSON.stringify(source)}`);
    }
    const inputs = on === undefined ? [] : Array.isArray(on) ? on : [on];
    if (!inputs.every((input): input is string => typeof input === 'string')) {
      throw invalid(`${at}.on must be a string or a list of strings`);
    }
    if (raisedBy !== undefined && raisedBy !== 'schema' && raisedBy !== 'state') {
      throw invalid(`${at}.raisedBy must be "schema" or "state", found ${JSON.stringify(raisedBy)}`);
    }
    if (!Array.isArray(keywords) || !keywords.every((k): k is string => typeof k === 'string')) {
      throw invalid(`${at}.keywords must be a list of schema keywords`);
    }
    return {
      code,
      message,
      when,
      source,
      on: inputs,
      keywords,
      ...(raisedBy === undefined ? {} : { raisedBy }),
    };
  });
}

/** After `$ref` resolution no Reference Objects remain, so the union narrows to the object form. */
function asObject<T>(
  value: T | OpenAPIV3_1.ReferenceObject | undefined,
): Exclude<T, OpenAPIV3_1.ReferenceObject> | undefined {
  return isRecord(value) && !('$ref' in value)
    ? (value as Exclude<T, OpenAPIV3_1.ReferenceObject>)
    : undefined;
}

function asList(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}
