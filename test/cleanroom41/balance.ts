import {
  apexMethod,
  type Context,
  caller,
  customerNotFound,
  enumParam,
  findCustomers,
  ok,
} from './capillary.ts';
import { Decimal } from './decimal.ts';
import { ApexException, VendorException } from './errors.ts';
import type { RestRequest } from './platform.ts';

export interface BalanceOptions {
  /** Dual eligibility on in these orgs, with the primary identifier named. */
  readonly dualPrimary?: Readonly<Record<string, string>>;
}

const SOURCES = new Set([
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
  'MOBILE_APP',
  'ALL',
]);
const IDENTIFIERS = new Set(['mobile', 'email', 'externalId', 'id', 'cuid']);

/** GET /v2/customers/lookup/points/balance (@HttpGet of PointsBalance). */
export function balanceMethod(ctx: Context, options: BalanceOptions) {
  return apexMethod(ctx, async (req: RestRequest) => {
    const { org } = caller(ctx, req, false);
    if (!enumParam(ctx, SOURCES, req.params.get('source') ?? ''))
      throw new VendorException(8003, 'Invalid source', 400);
    // String.split(','): names and values paired by position.
    const names = (req.params.get('identifierName') ?? '')
      .split(',')
      .map((n) => enumParam(ctx, IDENTIFIERS, n) ?? n);
    const values = (req.params.get('identifierValue') ?? '').split(',');
    if (names.some((n) => !IDENTIFIERS.has(n)))
      throw new VendorException(8013, 'Lookup,Invalid identifier passed', 400);
    if (names.length !== values.length) throw customerNotFound();
    const primary = options.dualPrimary?.[org.id];
    // Dual eligibility off: the first pair decides; on: only the org's primary identifier does.
    const at = primary === undefined ? 0 : names.indexOf(primary);
    const name = names[at];
    const value = values[at];
    if (name === undefined || value === undefined || value === '') throw customerNotFound();
    const [customer] = findCustomers(ctx, org.id, name, value);
    if (!customer) throw customerNotFound();

    const all = (req.params.get('fetchDataForAllPrograms') ?? '').toLowerCase() === 'true';
    const programText = req.params.get('programId');
    let programs = [...customer.ledgers.keys()];
    if (!all) {
      const programId = programText === undefined ? org.defaultProgramId : Number(programText);
      if (programText !== undefined && !/^-?\d+$/.test(programText))
        throw new ApexException('System.TypeException', `Invalid integer: ${programText}`);
      if (!customer.ledgers.has(programId))
        throw new VendorException(1218, 'Customer not enrolled in program', 400);
      programs = [programId];
    }
    let main = Decimal.valueOf('0.000');
    let delayed = Decimal.valueOf('0.000');
    let external = Decimal.valueOf('0.000');
    for (const id of programs) {
      const ledger = customer.ledgers.get(id);
      if (!ledger) continue;
      main = main.add(ledger.main);
      delayed = delayed.add(ledger.delayed);
      external = external.add(ledger.external);
    }
    const promised = delayed.add(external);
    return ok(ctx, {
      entityId: customer.id,
      entityType: 'CUSTOMER',
      totalPoints: main.add(promised),
      mainPoints: main,
      promisedPoints: promised,
      promisedPointsBreakup: { delayedAccrualPoints: delayed, externalTriggerBasedPoints: external },
      warnings: [],
    });
  });
}
