/**
 * The fabric tenant, a Node/Express-style service on a server of its own under a deeper base path
 * (`/tenant-eu/api`): `application/json; charset=utf-8`, `X-Powered-By`, a weak ETag, envelope keys
 * in its own order, `data.createdAt` with the tenant's +01:00 offset. profileIds are matched
 * case-insensitively (UUIDs are). An `Idempotency-Key` header makes a replay of the same body answer
 * from a cache without adjusting again (the page defines no idempotency; without the header every
 * call adjusts). Pending points stay pending through a run; a deduction past the available points
 * is refused with 422.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { FABRIC_MEMBER, FABRIC_TOKEN } from './data.ts';
import { format, parseAmount, points } from './decimal.ts';
import { parseJson, readBody } from './wire.ts';

export const FABRIC_BASE = '/tenant-eu/api';
const TYPE = 'application/json; charset=utf-8';

/** The tenant's clock: Central European Time, written with its offset. */
function cetNow(): string {
  return `${new Date(Date.now() + 3600_000).toISOString().slice(0, -1)}+01:00`;
}

export class Fabric19 {
  private available = points('5000');
  private pending = 0n;
  private readonly replays = new Map<string, { fingerprint: string; status: number; body: string }>();
  readonly stats = { replayed: 0 };

  async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    res.setHeader('X-Powered-By', 'Express');
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const text = await readBody(req);
    if (!path.startsWith(`${FABRIC_BASE}/`))
      return this.answer(res, 404, { status: 404, message: 'Cannot find route' });
    const rest = path.slice(FABRIC_BASE.length);
    const auth = /^Bearer\s+(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!auth || auth[1] !== FABRIC_TOKEN) {
      res.setHeader('WWW-Authenticate', 'Bearer realm="loyalty", error="invalid_token"');
      return this.answer(res, 401, {
        status: 401,
        message: 'Unauthorized',
        errors: { authorization: 'A valid Bearer token is required' },
      });
    }
    const inquiry = /^\/v1\/inquire\/([^/]+)\/member-points\/?$/.exec(rest);
    if (inquiry && req.method === 'GET') return this.inquire(res, decodeURIComponent(inquiry[1] ?? ''));
    if (/^\/v1\/members\/points-adjustment\/?$/.test(rest) && req.method === 'POST') {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || key === '') return this.adjust(res, text);
      return this.idempotent(res, key, text);
    }
    return this.answer(res, 404, { status: 404, message: `Cannot ${req.method} ${path}` });
  }

  private idempotent(res: ServerResponse, key: string, text: string): void {
    const fingerprint = createHash('sha256').update(text).digest('hex');
    const seen = this.replays.get(key);
    if (!seen) {
      const { status, body } = this.adjustment(text);
      this.replays.set(key, { fingerprint, status, body: JSON.stringify(body) });
      this.answer(res, status, body);
    } else if (seen.fingerprint !== fingerprint) {
      this.answer(res, 422, {
        status: 422,
        message: 'Idempotency-Key reused with another body',
        errors: { 'idempotency-key': 'mismatch' },
      });
    } else {
      this.stats.replayed += 1;
      res.setHeader('Idempotent-Replayed', 'true');
      this.write(res, seen.status, seen.body);
    }
  }

  private adjust(res: ServerResponse, text: string): void {
    const { status, body } = this.adjustment(text);
    this.answer(res, status, body);
  }

  private adjustment(text: string): { status: number; body: Record<string, unknown> } {
    const refuse = (status: number, field: string, why: string) => ({
      status,
      body: { status, message: 'Member points not adjusted', errors: { [field]: why }, data: {} },
    });
    const body = parseJson(text);
    if (typeof body !== 'object' || body === null || Array.isArray(body) || body instanceof Error)
      return refuse(400, 'body', 'must be a JSON object');
    const b = body as Record<string, unknown>;
    if (typeof b.points !== 'number' || !Number.isFinite(b.points))
      return refuse(400, 'points', 'must be a number');
    const amount = parseAmount(b.points);
    if (!amount || amount.units === 0n) return refuse(400, 'points', 'must not be zero');
    if (amount.places > 4) return refuse(400, 'points', 'at most 4 decimal places');
    if (b.profileId !== undefined && typeof b.profileId !== 'string')
      return refuse(400, 'profileId', 'must be a string');
    if (typeof b.profileId !== 'string' || b.profileId.toUpperCase() !== FABRIC_MEMBER)
      return refuse(404, 'profileId', 'member not found');
    for (const f of ['pointType', 'billingEntity', 'reasonCode'])
      if (b[f] !== undefined && b[f] !== null && (typeof b[f] !== 'string' || b[f] === ''))
        return refuse(400, f, 'must be a non-empty string or null');
    if (b.setToPending !== undefined && typeof b.setToPending !== 'boolean')
      return refuse(400, 'setToPending', 'must be a boolean');
    const pending = b.setToPending === true;
    if (amount.units < 0n && (pending || this.available + amount.units < 0n))
      return refuse(422, 'points', 'not enough available points');
    if (pending) this.pending += amount.units;
    else this.available += amount.units;
    const magnitude = format(amount.units < 0n ? -amount.units : amount.units, 1);
    return {
      status: 200,
      body: {
        status: 200,
        data: {
          transactionCode: randomUUID(),
          createdAt: cetNow(),
          futureDate: false,
          Message: `${magnitude} points ${amount.units < 0n ? 'deducted' : 'added'}`,
          ExceptionString: '',
        },
        errors: {},
        message: 'Member points adjusted',
      },
    };
  }

  private inquire(res: ServerResponse, profileId: string): void {
    if (profileId.toUpperCase() !== FABRIC_MEMBER) {
      this.answer(res, 404, { status: 404, message: 'Member not found', errors: { profileId: 'not found' } });
      return;
    }
    const pointsBalance = {
      memberPointsPending: Number(format(this.pending, 1)),
      memberPointsAvailable: Number(format(this.available, 1)),
    };
    this.answer(res, 200, {
      status: 200,
      data: [{ pointType: 'Base', pointsBalance }],
      errors: {},
      message: 'Member points',
    });
  }

  private answer(res: ServerResponse, status: number, body: unknown): void {
    this.write(res, status, JSON.stringify(body));
  }

  private write(res: ServerResponse, status: number, text: string): void {
    res.statusCode = status;
    res.setHeader('Content-Type', TYPE);
    res.setHeader('Content-Length', Buffer.byteLength(text));
    res.setHeader(
      'ETag',
      `W/"${Buffer.byteLength(text).toString(16)}-${createHash('sha1').update(text).digest('base64').slice(0, 27)}"`,
    );
    res.end(text);
  }
}
