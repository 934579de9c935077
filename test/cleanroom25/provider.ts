import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type LoopbackServer, listenOnLoopback } from '../support/loopback-server.ts';
import { authenticate, issueToken } from './auth.ts';
import {
  type CapillaryOptions,
  negativePointsAdjustment,
  pointsBalance,
  unlockPromisedPoints,
} from './capillary.ts';
import { type Answer, ApiException, asObject, detail, parseJsonBody, render, respond } from './drf.ts';
import { adjustPoints, bearer, memberPoints, openMembers } from './fabric.ts';
import { openLedger } from './ledger.ts';

/**
 * The twenty-fifth clean room: a Django REST Framework service on PostgreSQL, reproduced in
 * TypeScript. One process serves Capillary at the root and fabric under /api (urls.py `include`).
 */
export interface Cleanroom25Options extends CapillaryOptions {}

/** What a view sees: its request, the query, and `request.data` parsed lazily (as DRF does). */
interface Request {
  readonly req: IncomingMessage;
  readonly query: URLSearchParams;
  readonly data: () => unknown;
  readonly path: string;
}
type View = (request: Request) => Answer;

/** Django's `DATA_UPLOAD_MAX_MEMORY_SIZE`: 2.5 MB. */
const BODY_LIMIT = 2_621_440;

export async function startCleanroom25Provider(options: Cleanroom25Options = {}): Promise<LoopbackServer> {
  const orgs = openLedger();
  const members = openMembers();
  const capillary =
    (view: (caller: ReturnType<typeof authenticate>, request: Request) => Answer): View =>
    (request) =>
      view(authenticate(orgs, request.req.headers), request);
  const fabric =
    (view: (request: Request) => Answer): View =>
    (request) => {
      bearer(request.req.headers);
      return view(request);
    };
  // urls.py: each APIView with its methods (OPTIONS is DRF's own).
  const urls: [RegExp, Record<string, View>][] = [
    [
      /^\/v2\/customers\/lookup\/negativePointsAdjustment\/?$/,
      { POST: capillary((caller, r) => negativePointsAdjustment(caller, r)) },
    ],
    [
      /^\/v2\/points\/unlockPromisedPoints\/?$/,
      { POST: capillary((caller, r) => unlockPromisedPoints(caller, r)) },
    ],
    [
      /^\/v2\/customers\/lookup\/points\/balance\/?$/,
      { GET: capillary((caller, r) => pointsBalance(caller, r, options)) },
    ],
    [
      /^\/v3\/oauth\/token\/generate\/?$/,
      {
        POST: (r) => {
          const body = asObject(r.data());
          const token = issueToken(orgs, body.key, body.secret);
          return token
            ? respond(200, { data: { accessToken: token, ttlSeconds: 3600 }, errors: null })
            : respond(401, {
                data: null,
                errors: [{ status: false, code: 401, message: 'Invalid key or secret' }],
              });
        },
      },
    ],
    [/^\/api\/v1\/members\/points-adjustment\/?$/, { POST: fabric((r) => adjustPoints(members, r.data())) }],
    [
      /^\/api\/v1\/inquire\/([^/]+)\/member-points\/?$/,
      { GET: fabric((r) => memberPoints(members, decodeURIComponent(r.path.split('/')[4] ?? ''))) },
    ],
  ];

  const dispatch = (req: IncomingMessage, body: string): Answer => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = urls.find(([pattern]) => pattern.test(url.pathname));
    if (!match) return respond(404, { detail: 'Not found.' });
    const methods = match[1];
    const allow = { Allow: [...Object.keys(methods), 'OPTIONS'].join(', ') };
    const method = req.method ?? 'GET';
    if (method === 'OPTIONS') return respond(200, { name: 'Loyalty', renders: ['application/json'] }, allow);
    const view = methods[method];
    try {
      if (!view) throw detail(405, `Method "${method}" not allowed.`);
      let parsed: { value: unknown } | undefined;
      const data = () => {
        parsed ??= { value: parseJsonBody(req.headers['content-type'], body) };
        return parsed.value;
      };
      const answer = view({ req, query: url.searchParams, data, path: url.pathname });
      return { ...answer, headers: { ...allow, ...answer.headers } };
    } catch (error) {
      if (error instanceof ApiException)
        return { ...error.answer, headers: { ...allow, ...error.answer.headers } };
      throw error;
    }
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= BODY_LIMIT) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > BODY_LIMIT)
        return render(
          res,
          respond(413, { detail: 'Request body exceeded settings.DATA_UPLOAD_MAX_MEMORY_SIZE.' }),
        );
      try {
        render(res, dispatch(req, Buffer.concat(chunks).toString()));
      } catch {
        // Django's handler500 with DEBUG off.
        render(res, respond(500, { detail: 'A server error occurred.' }));
      }
    });
  });
  return listenOnLoopback(server);
}
