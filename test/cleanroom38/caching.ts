import type { MuleRequest, MuleResponse } from './apikit.ts';

/**
 * API Manager's HTTP Caching policy on the GET operations (the points balance, fabric's member
 * inquiry): a 200 is kept for `ttlMs` under the request URI and the caller's credentials (the
 * vendor's key, not the policy's default of the path alone, which would mix customers), so a read
 * right after a write may show the balance before it until the entry expires.
 */
export class HttpCaching {
  private readonly entries = new Map<string, { response: MuleResponse; expires: number }>();

  constructor(private readonly ttlMs: number) {}

  async serve(request: MuleRequest, next: () => Promise<MuleResponse>): Promise<MuleResponse> {
    if (request.method !== 'GET' || this.ttlMs <= 0) return next();
    const key = [
      request.path,
      request.query.toString(),
      request.headers.authorization ?? '',
      request.headers['x-cap-api-oauth-token'] ?? '',
    ].join('\n');
    const now = Date.now();
    const hit = this.entries.get(key);
    if (hit && hit.expires > now) return hit.response;
    const response = await next();
    if (response.status === 200) this.entries.set(key, { response, expires: now + this.ttlMs });
    return response;
  }
}
