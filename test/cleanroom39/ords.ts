import { randomUUID } from 'node:crypto';

/** A request as ORDS hands it to a handler. */
export interface OrdsRequest {
  readonly method: string;
  readonly path: string;
  readonly query: URLSearchParams;
  readonly headers: Readonly<Record<string, string | undefined>>;
  /** `:body_text`: the payload as text (ORDS reads it once). */
  readonly bodyText: string;
  /** URI template parameters, e.g. `:profileId`. */
  readonly params: Readonly<Record<string, string>>;
}

/** What a handler leaves behind: `:status_code`, the mime header and what `htp.p` printed. */
export interface OrdsResponse {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export type Handler = (request: OrdsRequest) => Promise<OrdsResponse>;

/**
 * `:name` as ORDS binds a query parameter into the PL/SQL block: by its exact, case-sensitive
 * name, the first of repeated ones, and into a VARCHAR2, where Oracle's empty string is NULL.
 */
export function bind(request: OrdsRequest, name: string): string | null {
  const value = request.query.get(name);
  return value === null || value === '' ? null : value;
}

interface Template {
  readonly pattern: RegExp;
  readonly names: readonly string[];
  readonly handlers: Map<string, Handler>;
}

/**
 * An ORDS REST module: URI templates with their handlers, ORDS' own 404 and 405 pages for what no
 * template or method matches, and its 555 page ("User Defined Resource Error") for an exception a
 * handler lets out — the vendor's handlers catch theirs, so only a bug of the vendor's reaches it.
 */
export class OrdsModule {
  private readonly templates: Template[] = [];

  define(uriTemplate: string, method: string, handler: Handler): this {
    const names: string[] = [];
    const source = uriTemplate.replace(/:([A-Za-z]+)/g, (_, name: string) => {
      names.push(name);
      return '([^/]+)';
    });
    let template = this.templates.find((t) => t.pattern.source === `^${source}$`);
    if (!template) {
      template = { pattern: new RegExp(`^${source}$`), names, handlers: new Map() };
      this.templates.push(template);
    }
    template.handlers.set(method, handler);
    return this;
  }

  /** Undefined when no template of the module matches the path. */
  async serve(request: Omit<OrdsRequest, 'params'>): Promise<OrdsResponse | undefined> {
    for (const template of this.templates) {
      const match = template.pattern.exec(request.path);
      if (!match) continue;
      const handler = template.handlers.get(request.method);
      if (!handler) return ordsErrorPage(405, request.headers.accept);
      const params: Record<string, string> = {};
      template.names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] ?? '');
      });
      try {
        return await handler({ ...request, params });
      } catch {
        return ordsErrorPage(555, request.headers.accept);
      }
    }
    return undefined;
  }
}

const ORDS_ERRORS: Record<number, [string, string]> = {
  404: ['NotFound', 'Not Found'],
  405: ['MethodNotAllowed', 'Method Not Allowed'],
  555: ['UserDefinedResourceError', 'User Defined Resource Error'],
};

/** ORDS 24's error page: problem+json, or HTML for a browser that asks for it. */
export function ordsErrorPage(status: number, accept: string | undefined): OrdsResponse {
  const [code, title] = ORDS_ERRORS[status] ?? ['InternalServerError', 'Internal Server Error'];
  if (accept && /text\/html/.test(accept) && !/json/.test(accept))
    return {
      status,
      contentType: 'text/html',
      body: `<!DOCTYPE html><html><head><title>${title}</title></head><body><h1>${status} - ${title}</h1></body></html>`,
    };
  return {
    status,
    contentType: 'application/problem+json',
    body: JSON.stringify({
      code,
      message: title,
      type: `tag:oracle.com,2020:error/${code}`,
      instance: `tag:oracle.com,2020:ecid/${randomUUID().replace(/-/g, '').slice(0, 22)}`,
    }),
  };
}
