import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import { ApexException } from './errors.ts';

/** `RestContext.request`: what an Apex REST method sees. */
export interface RestRequest {
  readonly httpMethod: string;
  readonly requestURI: string;
  /**
   * `params`: a `Map<String, String>`, names case-sensitive; a repeated query parameter keeps its
   * first value (the servlet's getParameter under the platform).
   */
  readonly params: ReadonlyMap<string, string>;
  /** `headers`, read by the vendor case-insensitively (its helper lower-cases the names). */
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** `requestBody.toString()`. */
  readonly requestBody: string;
}

/** `RestContext.response`: the status and the Blob body the class sets. */
export interface RestResponse {
  readonly statusCode: number;
  readonly responseBody: string;
}

export type ApexMethod = (req: RestRequest) => Promise<RestResponse>;

/** An `@RestResource(urlMapping=…)` class: its mapping (a trailing `*` for a wildcard) and HTTP methods. */
export interface RestResource {
  readonly urlMapping: string;
  readonly methods: Readonly<Record<string, ApexMethod>>;
  /**
   * The platform's own session check before the class runs (a connected app's OAuth access token
   * as the Bearer): a request without a valid one never reaches Apex.
   */
  readonly session?: (authorization: string | undefined) => boolean;
}

export interface SiteOptions {
  /** Which value of a repeated query parameter `params` keeps (default `first`). */
  readonly repeatedParam?: 'first' | 'last';
}

const APEX_REST = '/services/apexrest';
const JSON_TYPE = 'application/json;charset=UTF-8';

/** The platform's own error bodies: a JSON array of errorCode and message, never the vendor's envelope. */
function platformError(status: number, errorCode: string, message: string): RestResponse {
  return { statusCode: status, responseBody: JSON.stringify([{ errorCode, message }]) };
}

/** URL mappings are case-sensitive; a wildcard mapping matches what follows its prefix. */
function matches(mapping: string, path: string): boolean {
  return mapping.endsWith('/*') ? path.startsWith(mapping.slice(0, -1)) : mapping === path;
}

/**
 * A Salesforce Site's domain serving the org's Apex REST classes at /services/apexrest to the site's
 * guest user (so no session: the classes check the vendor's own credentials). What reaches no class
 * is answered by the platform: 404 NOT_FOUND for an unmapped URL, 405 METHOD_NOT_ALLOWED for a
 * method the class lacks, 500 APEX_ERROR for an exception a class lets escape.
 */
export async function startSite(
  resources: readonly RestResource[],
  options: SiteOptions = {},
): Promise<LoopbackServer & { apexUrl: string }> {
  const server = createServer((incoming: IncomingMessage, outgoing: ServerResponse) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', async () => {
      const answer = await dispatch(resources, options, incoming, Buffer.concat(chunks).toString('utf8'));
      const body = Buffer.from(answer.responseBody, 'utf8');
      outgoing.writeHead(answer.statusCode, {
        'content-type': JSON_TYPE,
        'content-length': String(body.length),
        // What every Site response carries, whatever the class set.
        'cache-control': 'no-cache,must-revalidate,max-age=0,no-store,private',
        'x-content-type-options': 'nosniff',
        'x-robots-tag': 'none',
        'set-cookie': `BrowserId=${randomBytes(16).toString('base64url')}; Path=/; SameSite=None; Secure; HttpOnly`,
      });
      outgoing.end(body);
    });
  });
  const started = await listenOnLoopback(server);
  return { ...started, apexUrl: `${started.url}${APEX_REST}` };
}

async function dispatch(
  resources: readonly RestResource[],
  options: SiteOptions,
  incoming: IncomingMessage,
  body: string,
) {
  const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
  const method = incoming.method ?? 'GET';
  if (!url.pathname.startsWith(`${APEX_REST}/`))
    return platformError(404, 'NOT_FOUND', 'The requested resource does not exist');
  const path = url.pathname.slice(APEX_REST.length);
  const resource = resources.find((r) => matches(r.urlMapping, path));
  if (!resource) return platformError(404, 'NOT_FOUND', 'Could not find a match for URL');
  if (resource.session && !resource.session(incoming.headers.authorization))
    return {
      statusCode: 401,
      responseBody: JSON.stringify([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]),
    };
  const apex = resource.methods[method];
  if (!apex)
    return platformError(
      405,
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${method}' not allowed. Allowed are ${Object.keys(resource.methods).join(',')}`,
    );
  const params = new Map<string, string>();
  for (const [name, value] of url.searchParams)
    if (!params.has(name) || options.repeatedParam === 'last') params.set(name, value);
  const headers: Record<string, string | undefined> = {};
  for (const [name, value] of Object.entries(incoming.headers))
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  try {
    return await apex({ httpMethod: method, requestURI: path, params, headers, requestBody: body });
  } catch (error) {
    const type = error instanceof ApexException ? error.type : 'System.UnexpectedException';
    return platformError(500, 'APEX_ERROR', `${type}: ${(error as Error).message}`);
  }
}
