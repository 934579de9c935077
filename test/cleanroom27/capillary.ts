import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { setImmediate as tick } from 'node:timers/promises';
import type { Credential, Customer, Db, Org, Points, Program } from './data.ts';
import { add, compare, type Decimal, places, rescale, sub, toText, zero } from './decimal.ts';
import { addError, applyOrRaise, CapillaryError, cast } from './ecto.ts';
import { customerBy, customerOfList } from './lookup.ts';
import { Dec, type Param, PlugError } from './plug.ts';

/**
 * The Capillary controllers of the Phoenix service. Which path each rule takes: a field the pages
 * give a code for is checked in the controller and answered in the Capillary envelope with that
 * code (status by kind: 404 not found, 422 a ledger refusal, 400 the rest); a field they give none
 * for goes through an Ecto changeset and comes back 422 `{"errors":{"field":[…]}}`.
 */

const DEDUCTION_SOURCES = [
  'INSTORE',
  'MARTJACK',
  'WECHAT',
  'FACEBOOK',
  'WEB_ENGAGE',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'ALL',
];
const UNLOCK_SOURCES = [
  'INSTORE',
  'FACEBOOK',
  'WEB_ENGAGE',
  'WECHAT',
  'MARTJACK',
  'TMALL',
  'TAOBAO',
  'JD',
  'ECOMMERCE',
  'WEBSITE',
  'LINE',
  'MOBILE_APP',
];
const REF_TYPES = [
  'bill_regular',
  'bill_promotions',
  'line_item_regular',
  'line_item_promotions',
  'customer_promotions',
];
const BALANCE_NAMES = ['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId'];

const notFound = (code: number, message: string) => new CapillaryError(404, code, message);
const refused = (code: number, message: string) => new CapillaryError(422, code, message);
const invalid = (code: number, message: string) => new CapillaryError(400, code, message);
const CUSTOMER_NOT_FOUND = () => notFound(8015, 'Customer not found for the given identifiers');

/** The AuthPlug: Basic `username:md5(password)` of a till, or a token from /v3/oauth/token/generate. */
export function authenticate(db: Db, req: IncomingMessage): Credential {
  const token = req.headers['x-cap-api-oauth-token'];
  if (typeof token === 'string' && token !== '') {
    const credential = db.tokens.get(token);
    if (credential !== undefined) return credential;
    throw new PlugError(401, 'Unauthorized');
  }
  const basic = /^Basic ([A-Za-z0-9+/=]+)$/.exec(String(req.headers.authorization ?? ''));
  const credential =
    basic === null ? undefined : db.tills.get(Buffer.from(basic[1] as string, 'base64').toString('utf8'));
  if (credential === undefined) throw new PlugError(401, 'Unauthorized');
  return credential;
}

/** POST /v3/oauth/token/generate. */
export function generateToken(db: Db, body: Record<string, unknown>): unknown {
  const app = typeof body.key === 'string' ? db.apps.get(body.key) : undefined;
  if (app === undefined || body.secret !== app.secret) throw new PlugError(401, 'Unauthorized');
  const accessToken = randomBytes(24).toString('base64url');
  db.tokens.set(accessToken, app.credential);
  return { data: { accessToken, ttlSeconds: 3600 }, errors: null };
}

/** A query param that must be one string: a list or map (`a[]=`) is not one. */
function queryString(query: Record<string, Param>, name: string): string | undefined {
  const value = query[name];
  if (value === undefined || value === '') return undefined;
  if (typeof value !== 'string') throw new ChangesetErrorFor(name);
  return value;
}

class ChangesetErrorFor extends Error {
  constructor(readonly field: string) {
    super(field);
  }
}

/** Query strings cast as the changeset casts them; a list where a string belongs is invalid. */
function queryParams(
  query: Record<string, Param>,
  names: readonly string[],
): Record<string, string | undefined> {
  const errors: Record<string, string[]> = {};
  const out: Record<string, string | undefined> = {};
  for (const name of names) {
    try {
      out[name] = queryString(query, name);
    } catch (e) {
      if (!(e instanceof ChangesetErrorFor)) throw e;
      addError(errors, name, 'is invalid');
    }
  }
  applyOrRaise({ changes: {}, errors });
  return out;
}

const orgOf = (db: Db, credential: Credential): Org => db.orgs.get(credential.org) as Org;
const programOf = (org: Org, id: number): Program | undefined => org.programs.find((p) => p.id === id);

/** The gap between Repo.get and Repo.update: another request may change the row meanwhile. */
const roundTrip = () => tick();

/**
 * Repo.update with `optimistic_lock(:lock_version)`: the change is applied only if the row's version
 * is still the one read; Ecto.StaleEntryError is retried once with a fresh read, then answered 409.
 */
async function updateWithLock<T>(customer: Customer, change: () => T): Promise<T> {
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const version = customer.lockVersion;
    await roundTrip();
    if (customer.lockVersion !== version) continue;
    const result = change();
    customer.lockVersion += 1;
    return result;
  }
  throw new PlugError(409, 'Conflict');
}

/** POST /v2/customers/lookup/negativePointsAdjustment. */
export async function negativePointsAdjustment(
  db: Db,
  credential: Credential,
  query: Record<string, Param>,
  body: Record<string, unknown>,
): Promise<unknown> {
  if (!credential.points) throw new PlugError(403, 'Forbidden');
  const q = queryParams(query, ['identifierName', 'identifierValue', 'source']);
  if (q.identifierName !== 'mobile' && q.identifierName !== 'externalId')
    throw invalid(8013, 'Lookup,Invalid identifier passed');
  if (q.source === undefined || !DEDUCTION_SOURCES.includes(q.source)) throw invalid(8003, 'Invalid source');
  const c = cast(body, {
    pointsToBeAdjusted: 'decimal',
    programId: 'integer',
    reasonOfReturn: 'string',
    pointsAwardedId: 'integer',
    promotionId: 'integer',
    promotionIdentifier: 'string',
    pointsAwardedRefType: 'string',
  });
  const amount = c.changes.pointsToBeAdjusted as Decimal | undefined;
  if (amount === undefined && c.errors.pointsToBeAdjusted === undefined)
    addError(c.errors, 'pointsToBeAdjusted', "can't be blank");
  if (amount !== undefined && compare(amount, zero(0)) < 0)
    addError(c.errors, 'pointsToBeAdjusted', 'must be greater than 0');
  const reason = c.changes.reasonOfReturn as string | undefined;
  if (reason !== undefined && [...reason].length > 50)
    addError(c.errors, 'reasonOfReturn', 'should be at most 50 character(s)');
  if (c.changes.promotionId !== undefined && c.changes.promotionIdentifier !== undefined)
    addError(c.errors, 'promotionId', 'cannot be given together with promotionIdentifier');
  const params = applyOrRaise(c);
  if (reason === undefined) throw invalid(8882, 'reason of return is missing');
  if (params.promotionIdentifier !== undefined && params.programId === undefined)
    throw invalid(8887, 'programId is required with promotionIdentifier');
  if (params.pointsAwardedRefType !== undefined && !REF_TYPES.includes(params.pointsAwardedRefType as string))
    throw invalid(9975, 'invalid pointsAwardedRefType');

  const org = orgOf(db, credential);
  const customer =
    q.identifierValue === undefined ? undefined : customerBy(db, org.id, q.identifierName, q.identifierValue);
  if (customer === undefined) throw CUSTOMER_NOT_FOUND();
  const promotion = org.promotions.find((p) =>
    params.promotionId !== undefined
      ? p.id === params.promotionId
      : p.identifier === params.promotionIdentifier,
  );
  if (
    (params.promotionId !== undefined || params.promotionIdentifier !== undefined) &&
    promotion === undefined
  )
    throw invalid(8874, 'invalid promotion id');
  const programId = (params.programId as number | undefined) ?? promotion?.programId ?? org.defaultProgramId;
  const program = programOf(org, programId);
  const points = customer.points.get(programId);
  if (program === undefined || points === undefined)
    throw refused(1218, `customer is not enrolled in program ${programId}`);
  if (params.pointsAwardedId !== undefined && !customer.awards.includes(params.pointsAwardedId as number))
    throw invalid(8877, 'invalid pointsAwardedId');
  const deduct = amount as Decimal;
  if (places(deduct) > program.roundDecimals)
    throw invalid(
      8906,
      `decimal places passed: ${places(deduct)} is greater than the configured round decimals: ${program.roundDecimals} for programId: ${program.id}`,
    );
  if (compare(deduct, zero(0)) === 0) throw invalid(8888, 'points cannot be zero');
  const available = await updateWithLock(customer, () => {
    const left = rescale(sub(points.main, deduct), program.roundDecimals);
    if (!org.negativeBalanceOnReturn && compare(left, zero(0)) < 0)
      throw refused(
        8907,
        `points to be deducted ${toText(deduct)} is greater than available points for program and NegativeBalanceOnReturn config is disabled for org.`,
      );
    points.main = left;
    return left;
  });
  return {
    status: 'success',
    pointsAvailable: new Dec(available),
    message: 'points deducted successfully for the user ',
    warnings: [],
  };
}

/** POST /v2/points/unlockPromisedPoints. */
export function unlockPromisedPoints(
  db: Db,
  credential: Credential,
  query: Record<string, Param>,
  body: Record<string, unknown>,
): unknown {
  const q = queryParams(query, ['identifierName', 'identifierValue', 'source', 'type']);
  if (q.identifierName === undefined || q.identifierValue === undefined || q.source === undefined)
    throw invalid(82323284, 'identifierName, identifierValue, or source cannot be empty.');
  if (!UNLOCK_SOURCES.includes(q.source)) applyOrRaise({ changes: {}, errors: { source: ['is invalid'] } });
  if (q.type === 'USERGROUP2') throw invalid(1645, 'Group details passed are not valid.');
  if (q.type !== undefined && q.type !== 'CUSTOMER') throw invalid(82323276, 'Entity type invalid.');
  if (!['mobile', 'id', 'externalId', 'cuid', 'primaryUserId'].includes(q.identifierName))
    throw invalid(8013, 'Lookup,Invalid identifier passed');
  const eventLogIds = Array.isArray(body.eventLogId)
    ? body.eventLogId
    : body.eventLogId === undefined
      ? undefined
      : [body.eventLogId];
  const c = cast(
    { ...body, eventLogId: eventLogIds },
    {
      eventName: 'string',
      billNumber: 'id',
      eventLogId: 'integers',
      lineItemIds: 'integers',
      itemCodes: 'strings',
      billDate: 'date',
      sourceStoreId: 'integer',
      sourceTillId: 'integer',
      sourceTilId: 'integer',
      sourceProgramId: 'integer',
    },
  );
  const params = applyOrRaise(c);
  if (params.billNumber === undefined) throw invalid(82323271, 'Bill number missing.');
  if (params.eventName === undefined) throw invalid(82323272, 'Event name not found.');
  const org = orgOf(db, credential);
  const customer = customerBy(db, org.id, q.identifierName, q.identifierValue);
  if (customer === undefined) throw CUSTOMER_NOT_FOUND();
  const bill = db.bills.find((b) => b.customerId === customer.id && b.billNumber === params.billNumber);
  if (bill === undefined) throw notFound(82323277, 'No bill found for given bill number.');
  if (bill.eventName !== params.eventName) throw invalid(82323272, 'Event name not found.');
  const logs = params.eventLogId as number[] | undefined;
  if (logs !== undefined && !logs.includes(bill.eventLogId))
    throw notFound(3918, 'Error unlocking points: no eventLog found for given eventLogId.');
  const lineItemIds = params.lineItemIds as number[] | undefined;
  const itemCodes = params.itemCodes as string[] | undefined;
  const filtered = (lineItemIds?.length ?? 0) + (itemCodes?.length ?? 0) > 0;
  const lines = bill.lines.filter(
    (l) =>
      !l.unlocked &&
      (!filtered ||
        (l.lineItemId !== undefined && (lineItemIds ?? []).includes(l.lineItemId)) ||
        (l.itemCode !== undefined && (itemCodes ?? []).includes(l.itemCode))),
  );
  if (lines.length === 0) throw refused(82323282, 'No promise points found to unlock.');
  // One transaction, no await inside: parallel unlocks of the bill find its lines taken.
  for (const l of lines) {
    const points = customer.points.get(l.programId) as Points;
    points.delayed = sub(points.delayed, l.points);
    points.main = add(points.main, l.points);
    l.unlocked = true;
  }
  customer.lockVersion += 1;
  return {
    pointsUnlocked: lines.map((l) => {
      const promotion = org.promotions.find((p) => p.id === l.promotionId);
      return {
        billNumber: bill.billNumber,
        pointsUnlocked: new Dec(l.points),
        programId: l.programId,
        ...(l.itemCode === undefined ? {} : { itemCode: l.itemCode }),
        ...(promotion === undefined
          ? {}
          : {
              promotionId: promotion.id,
              promotionIdentifier: promotion.identifier,
              promotionName: promotion.name,
            }),
      };
    }),
    warnings: [],
  };
}

/** GET /v2/customers/lookup/points/balance. */
export function pointsBalance(db: Db, credential: Credential, query: Record<string, Param>): unknown {
  const q = queryParams(query, [
    'identifierName',
    'identifierValue',
    'source',
    'programId',
    'fetchDataForAllPrograms',
  ]);
  const c = cast(q, {
    identifierName: 'string',
    identifierValue: 'string',
    source: 'string',
    programId: 'integer',
    fetchDataForAllPrograms: 'boolean',
  });
  for (const field of ['identifierName', 'identifierValue', 'source'])
    if (c.changes[field] === undefined && c.errors[field] === undefined)
      addError(c.errors, field, "can't be blank");
  if (
    typeof c.changes.source === 'string' &&
    !UNLOCK_SOURCES.includes(c.changes.source) &&
    !DEDUCTION_SOURCES.includes(c.changes.source)
  )
    addError(c.errors, 'source', 'is invalid');
  const params = applyOrRaise(c);
  const org = orgOf(db, credential);
  const names = (params.identifierName as string).split(',');
  if (!names.every((n) => BALANCE_NAMES.includes(n))) throw CUSTOMER_NOT_FOUND();
  const customer = customerOfList(db, org, names, (params.identifierValue as string).split(','));
  if (customer === undefined) throw CUSTOMER_NOT_FOUND();
  const ids =
    params.fetchDataForAllPrograms === true
      ? [...customer.points.keys()]
      : [(params.programId as number | undefined) ?? org.defaultProgramId];
  let main = zero(0);
  let delayed = zero(0);
  let external = zero(0);
  for (const id of ids) {
    const scale = programOf(org, id)?.roundDecimals ?? 0;
    const p = customer.points.get(id) ?? { main: zero(scale), delayed: zero(scale), external: zero(scale) };
    main = add(main, p.main);
    delayed = add(delayed, p.delayed);
    external = add(external, p.external);
  }
  const promised = add(delayed, external);
  return {
    entityId: customer.id,
    entityType: 'CUSTOMER',
    mainPoints: new Dec(main),
    promisedPoints: new Dec(promised),
    promisedPointsBreakup: {
      delayedAccrualPoints: new Dec(delayed),
      externalTriggerBasedPoints: new Dec(external),
    },
    totalPoints: new Dec(add(main, promised)),
    warnings: [],
  };
}
