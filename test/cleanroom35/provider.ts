import { createServer } from 'node:http';
import { listenOnLoopback } from '../support/loopback-server.ts';
import { CapillaryGuard, SanctumGuard } from './auth.ts';
import { CapillaryControllers, type CapillaryHabits } from './capillary.ts';
import { FABRIC_TOKEN, seed } from './data.ts';
import { FabricControllers } from './fabric.ts';
import {
  type AppRequest,
  cleanInput,
  type HttpAnswer,
  httpError,
  parseInput,
  parseQuery,
  Router,
} from './laravel.ts';
import { RowLocks } from './mysql.ts';
import { ThrottleApi } from './throttle.ts';

export interface Cleanroom35Options extends CapillaryHabits {
  /** Dual eligibility on in heron with this primary identifier (an org setting in the orgs table). */
  readonly dualPrimary?: string;
  /** Whether routes/api.php routes fabric's member inquiry. */
  readonly inquiry?: boolean;
  /** `throttle:api` as Limit::perSecond(n) by IP; without it the api limiter is Limit::none(). */
  readonly throttlePerSecond?: number;
}

export interface Cleanroom35Provider {
  readonly url: string;
  /** 429s throttle:api answered. */
  refused(): number;
  close(): Promise<void>;
}

/** nginx's client_max_body_size 1m: its own HTML page, before PHP sees the request. */
const CLIENT_MAX_BODY = 1024 * 1024;
const NGINX_413 =
  '<html>\r\n<head><title>413 Request Entity Too Large</title></head>\r\n<body>\r\n<center><h1>413 Request Entity Too Large</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';

/** php-fpm's `pm = static`, `pm.max_children = 5`: a sixth request waits in the listen backlog. */
const FPM_MAX_CHILDREN = 5;

class FpmPool {
  private busy = 0;
  private readonly backlog: (() => void)[] = [];

  constructor(private readonly children: number) {}

  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.busy >= this.children) await new Promise<void>((resolve) => this.backlog.push(resolve));
    else this.busy += 1;
    try {
      return await work();
    } finally {
      const next = this.backlog.shift();
      if (next) next();
      else this.busy -= 1;
    }
  }
}

/** rawurldecode(): a malformed escape stays as it is. */
function rawUrlDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}

const NGINX_HEADER_BUFFER = 8192;
const NGINX_414 =
  '<html>\r\n<head><title>414 Request-URI Too Large</title></head>\r\n<body>\r\n<center><h1>414 Request-URI Too Large</h1></center>\r\n<hr><center>nginx/1.24.0</center>\r\n</body>\r\n</html>\r\n';

function routes(options: Cleanroom35Options): { router: Router; throttle?: ThrottleApi } {
  const { orgs, members } = seed();
  const heron = orgs.find((o) => o.slug === 'heron');
  if (heron && options.dualPrimary) heron.dualPrimary = options.dualPrimary;
  const locks = new RowLocks();
  const guard = new CapillaryGuard(orgs);
  const capillary = new CapillaryControllers(guard, locks, options);
  const fabric = new FabricControllers(new SanctumGuard([FABRIC_TOKEN]), members, locks);
  const router = new Router()
    .add('POST', '/v3/oauth/token/generate', (req) => guard.generate(req))
    .add('POST', '/v2/customers/lookup/negativePointsAdjustment', (req) =>
      capillary.negativePointsAdjustment(req),
    )
    .add('POST', '/v2/points/unlockPromisedPoints', (req) => capillary.unlockPromisedPoints(req))
    .add('GET', '/v2/customers/lookup/points/balance', (req) => capillary.pointsBalance(req))
    .add('POST', '/api/v1/members/points-adjustment', (req) => fabric.adjust(req));
  if (options.inquiry)
    router.add('GET', '/api/v1/inquire/{profileId}/member-points', (req, params) =>
      fabric.inquire(req, params),
    );
  const throttle = options.throttlePerSecond ? new ThrottleApi(options.throttlePerSecond, 1) : undefined;
  return { router, throttle };
}

/**
 * The thirty-fifth clean room as one Node server: nginx (body limit, its Server header) passing
 * every request to php-fpm's five workers, where Laravel's kernel runs the global middleware, throttle:api when
 * configured, and the router. Capillary at the root, fabric under /api.
 */
export async function startCleanroom35Provider(
  options: Cleanroom35Options = {},
): Promise<Cleanroom35Provider> {
  const { router, throttle } = routes(options);
  const pool = new FpmPool(FPM_MAX_CHILDREN);
  const handle = async (req: AppRequest): Promise<HttpAnswer> => {
    const limited = throttle?.hit(req.ip);
    if (limited && 'refusal' in limited) return limited.refusal;
    // The handler's report-and-render: anything thrown is a 500 `Server Error` (APP_DEBUG=false).
    const answer = await router.dispatch(req).catch(() => httpError(500, 'Server Error'));
    return limited ? { ...answer, headers: { ...answer.headers, ...limited.headers } } : answer;
  };
  const server = createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    let size = 0;
    incoming.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= CLIENT_MAX_BODY) chunks.push(chunk);
    });
    incoming.on('end', async () => {
      const nginx = { Server: 'nginx/1.24.0' };
      // large_client_header_buffers 4 8k: a request line past one buffer is nginx's 414.
      if (`${incoming.method} ${incoming.url} HTTP/1.1`.length > NGINX_HEADER_BUFFER) {
        outgoing.writeHead(414, { ...nginx, 'Content-Type': 'text/html', Connection: 'close' });
        outgoing.end(NGINX_414);
        return;
      }
      if (size > CLIENT_MAX_BODY) {
        outgoing.writeHead(413, { ...nginx, 'Content-Type': 'text/html', Connection: 'close' });
        outgoing.end(NGINX_413);
        return;
      }
      const url = new URL(incoming.url ?? '/', 'http://127.0.0.1');
      const headers: Record<string, string | undefined> = {};
      for (const [name, value] of Object.entries(incoming.headers))
        headers[name] = Array.isArray(value) ? value.join(', ') : value;
      const path = rawUrlDecode(url.pathname).replace(/\/+$/, '') || '/';
      // fabric keeps "" (its page's minimum length 1): exempt from ConvertEmptyStringsToNull.
      const emptyToNull = !path.startsWith('/api/');
      const req: AppRequest = {
        method: (incoming.method ?? 'GET').toUpperCase(),
        path,
        rawPath: url.pathname.replace(/^\/+|\/+$/g, ''),
        headers,
        query: cleanInput(parseQuery(url.searchParams), emptyToNull) as Record<string, unknown>,
        input: cleanInput(parseInput(headers['content-type'], Buffer.concat(chunks)), emptyToNull) as Record<
          string,
          unknown
        >,
        ip: incoming.socket.remoteAddress ?? '127.0.0.1',
      };
      const answer = await pool.run(() => handle(req));
      outgoing.writeHead(answer.status, { ...nginx, 'X-Powered-By': 'PHP/8.3.14', ...answer.headers });
      outgoing.end(req.method === 'HEAD' ? undefined : answer.body);
    });
  });
  const listening = await listenOnLoopback(server);
  return { url: listening.url, refused: () => throttle?.refused ?? 0, close: listening.close };
}
