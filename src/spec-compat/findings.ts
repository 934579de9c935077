/**
 * The kinds of finding `spec-compat` reports, each with its one severity. `breaking`: a client or
 * a conformance run following our specs (the documents) would meet a contract the provider's
 * document rules out; `warning`: the provider's document says less or accepts more than ours, so
 * some requirements may not be judged as written; `info`: a difference that breaks nothing.
 */

/** How bad a finding is; any `breaking` one makes the command exit 1. */
export type CompatSeverity = 'breaking' | 'warning' | 'info';

/** One kind of finding: its severity and what it means, as the README and `--format md` say it. */
export interface FindingKindDefinition {
  readonly severity: CompatSeverity;
  readonly meaning: string;
}

/** Every kind of finding, grouped by severity. */
export const FINDING_KINDS = {
  // --- breaking ---
  'operation-missing': {
    severity: 'breaking',
    meaning: 'one of the four documented operations has no operation of theirs with its method and path',
  },
  'required-narrowed': {
    severity: 'breaking',
    meaning:
      'they require a parameter, body property or body that our spec makes optional (or does not have)',
  },
  'request-field-missing': {
    severity: 'breaking',
    meaning:
      'a parameter or body property our spec requires is not declared by them (or they reject undeclared properties)',
  },
  'enum-narrowed': {
    severity: 'breaking',
    meaning: 'a request enum of theirs drops documented values (or restricts a field ours leaves open)',
  },
  'type-narrowed': {
    severity: 'breaking',
    meaning:
      'a request field of theirs accepts fewer types than ours (number only, where ours takes number or string)',
  },
  'range-narrowed': {
    severity: 'breaking',
    meaning: 'a request field of theirs has a stricter minimum, maximum or length than ours',
  },
  'response-field-missing': {
    severity: 'breaking',
    meaning:
      'a response field we judge (required by our schema, or read by a requirement) is not declared by them',
  },
  'response-type-mismatch': {
    severity: 'breaking',
    meaning: 'a response field we judge is typed by them with none of the types ours admits',
  },
  'error-code-missing': {
    severity: 'breaking',
    meaning:
      'an error code of our x-error-codes is nowhere in their operation, though their document lists codes for it',
  },
  // --- warning ---
  'error-code-unmentioned': {
    severity: 'warning',
    meaning:
      'error codes of our x-error-codes are nowhere in their operation, which lists no codes (OpenAPI rarely does); one finding per operation',
  },
  'request-field-undeclared': {
    severity: 'warning',
    meaning: 'an optional documented parameter or body property is not declared by them',
  },
  'required-widened': {
    severity: 'warning',
    meaning:
      'they make optional what our spec requires: a requirement that a missing field is rejected may fail',
  },
  'type-widened': {
    severity: 'warning',
    meaning: 'a request field of theirs accepts types ours rejects',
  },
  'enum-widened': {
    severity: 'warning',
    meaning: 'a request field of theirs accepts values outside our enum',
  },
  'range-widened': {
    severity: 'warning',
    meaning: 'a request field of theirs has a looser minimum, maximum or length than ours',
  },
  'response-type-wider': {
    severity: 'warning',
    meaning: 'a response field we judge may carry, by their document, a type ours does not admit',
  },
  'response-enum-wider': {
    severity: 'warning',
    meaning: 'a response field we judge may carry, by their document, a value outside our enum',
  },
  'status-differs': {
    severity: 'warning',
    meaning: 'the operation declares other response status codes than ours',
  },
  // --- info ---
  'outside-operation-missing': {
    severity: 'info',
    meaning:
      'an operation outside the four documents (x-outside-documents) is not theirs; the suite can do without it',
  },
  'extra-operation': {
    severity: 'info',
    meaning: 'an operation of theirs that is none of ours',
  },
  'extra-optional-field': {
    severity: 'info',
    meaning: 'an optional parameter or body property of theirs that our spec does not have',
  },
  'response-field-extra': {
    severity: 'info',
    meaning: 'a top-level response field of theirs that our spec does not have (reported as drift by a run)',
  },
  'error-code-extra': {
    severity: 'info',
    meaning: 'an error code their document lists that our x-error-codes does not have',
  },
} as const satisfies Record<string, FindingKindDefinition>;

/** A kind of finding (`enum-narrowed`, ...). */
export type CompatFindingKind = keyof typeof FINDING_KINDS;

/** One difference between their document and ours. */
export interface CompatFinding {
  readonly kind: CompatFindingKind;
  readonly severity: CompatSeverity;
  /** Our operationId; absent for an operation of theirs that is none of ours. */
  readonly operationId?: string;
  /** `POST /v2/points/unlockPromisedPoints` (ours, or theirs for an extra operation). */
  readonly operation: string;
  /**
   * What inside the operation: `query.source`, `body.pointsToBeAdjusted`,
   * `response 200 data[].pointsBalance.memberPointsAvailable`, `error 8907`, `responses`.
   */
  readonly at?: string;
  /** One sentence: what differs, ours against theirs. */
  readonly message: string;
  /** The requirement IDs this puts at risk (see `requirementsAtRisk`); may be empty. */
  readonly requirements: readonly string[];
}

/** Builds a finding with its kind's severity. */
export function finding(
  kind: CompatFindingKind,
  fields: Omit<CompatFinding, 'kind' | 'severity'>,
): CompatFinding {
  return { kind, severity: FINDING_KINDS[kind].severity, ...fields };
}

/** The severities in the order reports list them. */
export const SEVERITIES: readonly CompatSeverity[] = ['breaking', 'warning', 'info'];
