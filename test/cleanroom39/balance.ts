import type { CapillaryAuth } from './auth.ts';
import {
  type CapillaryCommon,
  capillaryHandler,
  DEDUCTION_SOURCES,
  type ErrorStatus,
  fail,
  json,
  lookup,
  UNLOCK_SOURCES,
} from './capillary.ts';
import type { CustomerRow, OrgRow } from './data.ts';
import type { Database, Ledger } from './db.ts';
import { OraNumber } from './number.ts';
import { bind, type Handler, type OrdsRequest } from './ords.ts';

export interface BalanceOptions extends CapillaryCommon {
  /** Dual eligibility on, per org id: the identifier that decides a lookup. */
  readonly dualPrimary?: Readonly<Record<string, string>>;
}

const IDENTIFIERS = new Set(['mobile', 'email', 'externalId', 'id', 'cuid', 'primaryUserId']);
const SOURCES = new Set([...DEDUCTION_SOURCES, ...UNLOCK_SOURCES]);

/**
 * `GET v2/customers/lookup/points/balance`: one SELECT over the customer's ledger rows, summed over
 * all programs when `fetchDataForAllPrograms` is true, else the named or the default program; with
 * dual eligibility, the comma-separated names and values paired in order and the primary's value
 * looked up. Figures written as JSON_OBJECT writes NUMBER; read from the standby where Data Guard is.
 */
export function balanceHandler(
  db: Database,
  auth: CapillaryAuth,
  options: BalanceOptions,
  standby: boolean,
): Handler {
  const mapping = options.errorStatus;
  return capillaryHandler(auth, async ({ org }, request) => {
    const source = bind(request, 'source');
    if (source === null || !SOURCES.has(source)) fail(8003, 'Invalid source', mapping);
    const customer = resolve(org, request, options.dualPrimary?.[org.id], mapping);
    const all = (bind(request, 'fetchDataForAllPrograms') ?? '').toLowerCase() === 'true';
    const named = bind(request, 'programId');
    let ledgers: Ledger[];
    if (all) {
      ledgers = Object.keys(customer.ledgers).flatMap(
        (p) => db.ledger(customer.id, Number(p), standby) ?? [],
      );
    } else {
      const programId = named === null ? org.defaultProgramId : Number(OraNumber.parse(named).toJson());
      const ledger = db.ledger(customer.id, programId, standby);
      if (!ledger) fail(1218, `customer is not enrolled in program ${programId}`, mapping);
      ledgers = [ledger];
    }
    const sum = (pick: (l: Ledger) => OraNumber) => ledgers.reduce((t, l) => t.plus(pick(l)), OraNumber.ZERO);
    const main = sum((l) => l.main);
    const delayed = sum((l) => l.delayed);
    const external = sum((l) => l.external);
    const promised = delayed.plus(external);
    return json(200, {
      entityId: OraNumber.of(BigInt(customer.id), 0),
      entityType: 'CUSTOMER',
      totalPoints: main.plus(promised),
      mainPoints: main,
      promisedPoints: promised,
      promisedPointsBreakup: { delayedAccrualPoints: delayed, externalTriggerBasedPoints: external },
      warnings: [],
    });
  });
}

/** The customer the identifiers name, or 8015 (8013 for a name the lookup does not take). */
function resolve(
  org: OrgRow,
  request: OrdsRequest,
  primary: string | undefined,
  mapping: ErrorStatus | undefined,
): CustomerRow {
  const names = bind(request, 'identifierName');
  const values = bind(request, 'identifierValue');
  if (primary === undefined) {
    if (names === null || !IDENTIFIERS.has(names)) fail(8013, 'Lookup,Invalid identifier passed', mapping);
    return lookup(org, names, values) ?? fail(8015, 'Customer not found for the given identifiers', mapping);
  }
  const nameList = (names ?? '').split(',').map((n) => n.trim());
  const valueList = (values ?? '').split(',').map((v) => v.trim());
  const at = nameList.indexOf(primary);
  const customer =
    nameList.length === valueList.length && at >= 0 ? lookup(org, primary, valueList[at] || null) : undefined;
  return customer ?? fail(8015, 'Customer not found for the given identifiers', mapping);
}
