import type { Catalogue } from '../../catalogue/catalogue.ts';
import type { CompatFindingKind } from '../findings.ts';
import type { MatchedOperation } from '../match.ts';
import type { RiskSubject } from '../requirements-at-risk.ts';

/** What a rule is given for one of our operations and the provider's operation that matched it. */
export interface PairContext {
  readonly pair: MatchedOperation;
  readonly catalogue: Catalogue;
  /**
   * Records a finding about this operation; the requirements at risk are derived from `subject`
   * (see `requirementsAtRisk`).
   */
  readonly report: (
    kind: CompatFindingKind,
    at: string | undefined,
    message: string,
    subject: RiskSubject,
  ) => void;
}

/** One comparison rule: a part of an operation (parameters, body, responses, ...) compared. */
export interface PairRule {
  /** Stable name, e.g. `parameters`. */
  readonly id: string;
  /** What the rule compares, in words. */
  readonly compares: string;
  /** Compares the pair and reports through `context.report`. */
  compare(context: PairContext): void;
}
