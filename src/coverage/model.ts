/**
 * Spec coverage: which of what the specs declare a run exercised. Per operation, each declared
 * response status (`received`), each documented error code (`received`, and `sent` where a
 * scenario said it expected it) and each declared parameter (`sent`). Plain data: the JSON report
 * carries it as is, and `merge` unions the shards' coverage with {@link mergeCoverage}.
 */

/** Where a declared parameter goes: a query, path or header parameter, or a top-level body property. */
export type CoverageParameterLocation = 'query' | 'path' | 'header' | 'body';

/** One response key the spec declares for an operation (`200`, `404`, `4XX`, `default`). */
export interface StatusCoverage {
  readonly status: string;
  /**
   * Some answer of the run had a status this key matches, the exact key winning over a range and
   * a range over `default` (a 404 counts for `404` when declared, else for `4XX`, else `default`).
   */
  readonly received: boolean;
}

/** One entry of the operation's `x-error-codes`. */
export interface ErrorCodeCoverage {
  readonly code: number;
  /** Some answer of the run carried it in the Capillary envelope (`errors[].code`). */
  readonly received: boolean;
  /**
   * Present (true) when a scenario judged an answer of this operation against this code
   * (`expectErrorCode`): the run asked for it. Absent means the run does not know, never "not asked".
   */
  readonly sent?: boolean;
}

/** One declared parameter or top-level request-body property. */
export interface ParameterCoverage {
  readonly name: string;
  readonly in: CoverageParameterLocation;
  /** Some request of the run carried it (whatever its value: an invalid value counts as sent). */
  readonly sent: boolean;
}

/** How much of a declared set the run exercised. */
export interface CoverageCount {
  readonly declared: number;
  /** Received (statuses and error codes) or sent (parameters). */
  readonly exercised: number;
  /**
   * `exercised ÷ declared` in percent, rounded down to one decimal (never up past a floor); 100
   * when nothing is declared.
   */
  readonly percent: number;
}

/** The two figures of coverage: responses (statuses and error codes) and parameters, apart. */
export interface CoverageTotals {
  /** Declared statuses plus documented error codes, and how many of them the run received. */
  readonly statusesAndCodes: CoverageCount;
  /** Declared parameters and body properties, and how many of them the run sent. */
  readonly parameters: CoverageCount;
}

/** The coverage of one spec operation. */
export interface OperationCoverage {
  readonly operationId: string;
  /** Upper case, e.g. `POST`. */
  readonly method: string;
  /** The path template, e.g. `/v1/inquire/{profileId}/member-points`. */
  readonly path: string;
  /**
   * Whether the operation counts towards the run's totals: false for an endpoint outside the four
   * documents (`x-outside-documents`: the fabric member inquiry, the OAuth token endpoint), which
   * is listed but judged by no document.
   */
  readonly counted: boolean;
  readonly statuses: readonly StatusCoverage[];
  readonly errorCodes: readonly ErrorCodeCoverage[];
  readonly parameters: readonly ParameterCoverage[];
  readonly totals: CoverageTotals;
}

/** What a run exercised of the specs: per operation, and totals over the counted operations. */
export interface SpecCoverage {
  /** Exchanges tallied: every exchange the scenarios made (the probe before them is not counted). */
  readonly exchanges: number;
  /** Over the operations with `counted: true`. */
  readonly totals: CoverageTotals;
  /** In the order the specs declare them. */
  readonly operations: readonly OperationCoverage[];
}

/** An operation's lists, before the totals are added. */
export type OperationCoverageLists = Omit<OperationCoverage, 'totals'>;

/** `exercised` of `declared`, with its percentage rounded down to one decimal. */
export function coverageCount(exercised: number, declared: number): CoverageCount {
  const percent = declared === 0 ? 100 : Math.floor((exercised * 1000) / declared) / 10;
  return { declared, exercised, percent };
}

/** Whether a count is below a floor in percent, compared exactly (not on the rounded percentage). */
export function belowFloor(count: CoverageCount, floorPercent: number): boolean {
  return count.exercised * 100 < floorPercent * count.declared;
}

/** `--min-coverage` judged: whether the declared statuses and error codes exercised meet the floor, and the line saying so. */
export interface CoverageGate {
  readonly floor: number;
  readonly met: boolean;
  /** e.g. `coverage 80.9% below --min-coverage 90 (34 of 42 declared statuses and error codes exercised)`. */
  readonly line: string;
}

/** The `--min-coverage` gate of a run's coverage; undefined without a floor or without coverage. */
export function coverageGate(
  coverage: SpecCoverage | undefined,
  floor: number | undefined,
): CoverageGate | undefined {
  const count = coverage?.totals.statusesAndCodes;
  if (floor === undefined || !count) return undefined;
  const met = !belowFloor(count, floor);
  return {
    floor,
    met,
    line: `coverage ${count.percent}% ${met ? 'meets' : 'below'} --min-coverage ${floor} (${count.exercised} of ${count.declared} declared statuses and error codes exercised)`,
  };
}

const countOf = <T>(items: readonly T[], exercised: (item: T) => boolean) =>
  items.reduce((n, item) => n + (exercised(item) ? 1 : 0), 0);

/** The totals of one operation's lists. */
function operationTotals(lists: OperationCoverageLists): CoverageTotals {
  const received = countOf(lists.statuses, (s) => s.received) + countOf(lists.errorCodes, (c) => c.received);
  return {
    statusesAndCodes: coverageCount(received, lists.statuses.length + lists.errorCodes.length),
    parameters: coverageCount(
      countOf(lists.parameters, (p) => p.sent),
      lists.parameters.length,
    ),
  };
}

/** Coverage from per-operation lists: each operation's totals, and the run's over the counted ones. */
export function buildCoverage(exchanges: number, lists: readonly OperationCoverageLists[]): SpecCoverage {
  const operations = lists.map((l): OperationCoverage => ({ ...l, totals: operationTotals(l) }));
  const counted = operations.filter((o) => o.counted);
  const sum = (pick: (t: CoverageTotals) => CoverageCount, field: 'declared' | 'exercised') =>
    counted.reduce((n, o) => n + pick(o.totals)[field], 0);
  const total = (pick: (t: CoverageTotals) => CoverageCount) =>
    coverageCount(sum(pick, 'exercised'), sum(pick, 'declared'));
  return {
    exchanges,
    totals: { statusesAndCodes: total((t) => t.statusesAndCodes), parameters: total((t) => t.parameters) },
    operations,
  };
}

/**
 * The union of several runs' coverage (the shards of one run): an item is received or sent when
 * it is in any of them; items and operations in the order they first appear; exchanges summed.
 */
export function mergeCoverage(coverages: readonly SpecCoverage[]): SpecCoverage {
  const merged = new Map<
    string,
    {
      lists: Omit<OperationCoverageLists, 'statuses' | 'errorCodes' | 'parameters'>;
      statuses: Map<string, StatusCoverage>;
      errorCodes: Map<number, ErrorCodeCoverage>;
      parameters: Map<string, ParameterCoverage>;
    }
  >();
  for (const coverage of coverages) {
    for (const { statuses, errorCodes, parameters, totals: _totals, ...lists } of coverage.operations) {
      let into = merged.get(lists.operationId);
      if (!into) {
        into = { lists, statuses: new Map(), errorCodes: new Map(), parameters: new Map() };
        merged.set(lists.operationId, into);
      }
      for (const s of statuses) {
        const seen = into.statuses.get(s.status);
        into.statuses.set(s.status, { status: s.status, received: s.received || seen?.received === true });
      }
      for (const c of errorCodes) {
        const seen = into.errorCodes.get(c.code);
        const sent = c.sent === true || seen?.sent === true;
        into.errorCodes.set(c.code, {
          code: c.code,
          received: c.received || seen?.received === true,
          ...(sent ? { sent } : {}),
        });
      }
      for (const p of parameters) {
        const key = `${p.in}\u0000${p.name}`;
        const seen = into.parameters.get(key);
        into.parameters.set(key, { name: p.name, in: p.in, sent: p.sent || seen?.sent === true });
      }
    }
  }
  return buildCoverage(
    coverages.reduce((n, c) => n + c.exchanges, 0),
    [...merged.values()].map((m) => ({
      ...m.lists,
      statuses: [...m.statuses.values()],
      errorCodes: [...m.errorCodes.values()],
      parameters: [...m.parameters.values()],
    })),
  );
}
