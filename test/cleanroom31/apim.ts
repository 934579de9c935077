import { randomUUID } from 'node:crypto';
import type { Reply } from './flask.ts';

/**
 * Azure API Management in front of the App Service: a `rate-limit` policy with a limit per
 * operation (`<operation name=… calls=… renewal-period="1"/>`: calls per second for each
 * operation, fixed windows, 429 with Retry-After: 1 past the limit), its request id on every
 * answer, the trace location when a caller asks for a trace, and its own 500 when the backend
 * fails or times out. The product requires no subscription key (see auth.ts).
 */
export class Gateway {
  private window = -1;
  private readonly calls = new Map<string, number>();
  /** Calls answered 429 so far (a test reads it to see the policy bit). */
  throttled = 0;

  constructor(
    private readonly callsPerSecond: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** The 429 to answer instead of forwarding, once the operation's calls this second are spent. */
  throttle(operation: string): Reply | undefined {
    const second = Math.floor(this.now() / 1000);
    if (second !== this.window) {
      this.window = second;
      this.calls.clear();
    }
    const calls = this.calls.get(operation) ?? 0;
    if (calls < this.callsPerSecond) {
      this.calls.set(operation, calls + 1);
      return undefined;
    }
    this.throttled += 1;
    return own(
      429,
      { statusCode: 429, message: 'Rate limit is exceeded. Try again in 1 seconds.' },
      { 'Retry-After': '1' },
    );
  }

  /** Forwards to the backend; an exception there (a timeout, a dropped connection) is APIM's 500. */
  async forward(backend: () => Promise<Reply>): Promise<Reply> {
    try {
      return await backend();
    } catch {
      return own(500, { statusCode: 500, message: 'Internal server error', activityId: randomUUID() });
    }
  }

  /** The headers APIM adds on the way out. */
  outbound(reply: Reply, traced: boolean): Record<string, string> {
    const id = randomUUID();
    return {
      ...reply.headers,
      'x-ms-request-id': id,
      'Request-Context': 'appId=cid-v1:31a0c1b2-5e6f-4a7b-8c9d-0e1f2a3b4c31',
      ...(traced
        ? { 'ocp-apim-trace-location': `https://apimst31.blob.core.windows.net/apiinspectorcontainer/${id}` }
        : {}),
    };
  }
}

/** An answer APIM writes itself (no backend headers). */
function own(status: number, value: object, headers: Record<string, string> = {}): Reply {
  return { status, body: JSON.stringify(value), headers: { 'Content-Type': 'application/json', ...headers } };
}
