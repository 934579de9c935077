import { request } from 'node:http';

/** An answer as it came: status, headers (node's lower-cased record) and the body as text. */
export interface RawAnswer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/**
 * One request with node:http, past the suite's own client, for a clean room's test to look at the
 * wire itself (headers, framing, a body the suite would judge first).
 */
export function rawRequest(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<RawAnswer>((resolve, reject) => {
    const req = request(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => {
        text += chunk.toString();
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The header names of a POST's answer as they came on the wire, in order (their case kept). */
export function rawHeaderNames(
  url: string,
  headers: Record<string, string>,
  body: string,
): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.rawHeaders.filter((_, i) => i % 2 === 0)));
    });
    req.on('error', reject);
    req.end(body);
  });
}
