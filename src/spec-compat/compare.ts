import type { Catalogue } from '../catalogue/catalogue.ts';
import type { SpecOperation, SpecRegistry } from '../spec/operations.ts';
import { type CompatFinding, type CompatSeverity, finding, SEVERITIES } from './findings.ts';
import type { TheirSpec } from './load-their-spec.ts';
import { type Matching, matchOperations } from './match.ts';
import { requirementsAtRisk } from './requirements-at-risk.ts';
import { PAIR_RULES } from './rules/index.ts';

/** What `compareSpecs` needs: their document, our specs and the requirement catalogue. */
export interface CompareSpecsInput {
  readonly theirs: TheirSpec;
  readonly ours: SpecRegistry;
  readonly catalogue: Catalogue;
  /** A path prefix their paths carry and ours do not (`/api`), removed before matching. */
  readonly pathPrefix?: string;
}

/** One of our operations in scope, and the operation of theirs that matched it (if any). */
export interface ComparedOperation {
  readonly operationId: string;
  readonly family: string;
  /** `POST /v2/points/unlockPromisedPoints` */
  readonly ours: string;
  /** Theirs as they write it, or absent when nothing of theirs matched. */
  readonly theirs?: string;
}

/** The outcome of `spec-compat`: what was compared and every finding. */
export interface CompatReport {
  /** The path or URL of their document. */
  readonly input: string;
  readonly openapi: string;
  readonly title?: string;
  readonly pathPrefix?: string;
  /** The API families compared (those their document has operations of). */
  readonly families: readonly string[];
  /** Our operations of those families, each with what matched it. */
  readonly operations: readonly ComparedOperation[];
  /** When nothing matched but their paths end with ours: the `--path-prefix` that would line them up. */
  readonly suggestedPrefix?: string;
  /** Findings by our operation (their extra operations last), then severity. */
  readonly findings: readonly CompatFinding[];
  readonly counts: Readonly<Record<CompatSeverity, number>>;
  /** No breaking finding. */
  readonly compatible: boolean;
}

/**
 * Compares a provider's document with our specs operation by operation: matches the operations,
 * runs every rule of `PAIR_RULES` on each matched pair, and reports our operations they lack and
 * theirs that are none of ours. Sends nothing, reads nothing: a pure function of its input.
 */
export function compareSpecs(input: CompareSpecsInput): CompatReport {
  const matching = matchOperations(input.ours, input.theirs.document, input.pathPrefix);
  const byOperation = new Map<string, CompatFinding[]>();
  const push = (f: CompatFinding) => {
    const key = f.operationId ?? '';
    byOperation.set(key, [...(byOperation.get(key) ?? []), f]);
  };

  for (const f of operationFindings(matching, input.catalogue)) push(f);
  for (const pair of matching.pairs) {
    const operation = label(pair.ours);
    for (const rule of PAIR_RULES) {
      rule.compare({
        pair,
        catalogue: input.catalogue,
        report: (kind, at, message, subject) =>
          push(
            finding(kind, {
              operationId: pair.ours.operationId,
              operation,
              ...(at === undefined ? {} : { at }),
              message,
              requirements: requirementsAtRisk(input.catalogue, pair.ours, subject),
            }),
          ),
      });
    }
  }

  const order = [...input.ours.operations().map((o) => o.operationId), ''];
  const findings = order.flatMap((id) =>
    (byOperation.get(id) ?? []).sort(
      (a, b) => SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity),
    ),
  );
  const counts = { breaking: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;

  const matched = new Map(matching.pairs.map((p) => [p.ours.operationId, p.theirs]));
  const operations = input.ours
    .operations()
    .filter((o) => matching.families.includes(o.family))
    .map((o) => {
      const theirs = matched.get(o.operationId);
      return {
        operationId: o.operationId,
        family: o.family,
        ours: label(o),
        ...(theirs ? { theirs: `${theirs.method.toUpperCase()} ${theirs.path}` } : {}),
      };
    });

  return {
    input: input.theirs.input,
    openapi: input.theirs.openapi,
    ...(input.theirs.title === undefined ? {} : { title: input.theirs.title }),
    ...(input.pathPrefix ? { pathPrefix: input.pathPrefix } : {}),
    families: matching.families,
    operations,
    ...(matching.suggestedPrefix === undefined ? {} : { suggestedPrefix: matching.suggestedPrefix }),
    findings,
    counts,
    compatible: counts.breaking === 0,
  };
}

/** 1 when any finding is breaking, else 0. */
export function compatExitCode(report: CompatReport): 0 | 1 {
  return report.compatible ? 0 : 1;
}

/**
 * Our operations they lack (breaking for the four documented ones; information for those outside
 * the documents, `x-outside-documents: true`) and theirs that are none of ours.
 */
function operationFindings(matching: Matching, catalogue: Catalogue): CompatFinding[] {
  const findings: CompatFinding[] = [];
  for (const ours of matching.missing) {
    const outside = ours.extensions['x-outside-documents'] === true;
    findings.push(
      finding(outside ? 'outside-operation-missing' : 'operation-missing', {
        operationId: ours.operationId,
        operation: label(ours),
        message: outside
          ? 'theirs has no such operation; it is outside the documents, so only the checks that use it are lost'
          : 'theirs has no operation with this method and path',
        requirements: requirementsAtRisk(catalogue, ours, { by: 'operation' }),
      }),
    );
  }
  for (const extra of matching.extra) {
    findings.push(
      finding('extra-operation', {
        operation: `${extra.method.toUpperCase()} ${extra.path}`,
        message: `${extra.operationId ? `operationId ${extra.operationId}: ` : ''}no operation of ours has this method and path`,
        requirements: [],
      }),
    );
  }
  return findings;
}

function label(operation: SpecOperation): string {
  return `${operation.method.toUpperCase()} ${operation.path}`;
}
