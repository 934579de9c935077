import type { Catalogue, Requirement } from '../catalogue/catalogue.ts';
import type { SpecOperation } from '../spec/operations.ts';

/**
 * Which catalogue requirements a finding puts at risk. Only requirements whose `operations` list
 * the operation are candidates; of those, by what the finding is about:
 * - an operation (it is missing): every candidate;
 * - a field (`query.source`, `body.pointsToBeAdjusted`, a response field): the candidates that
 *   name it — their ID's suffix begins with it as words (`source` → `CAP-NPA-SOURCE-VALUES`,
 *   `pointsAvailable` → `CAP-NPA-POINTS-AVAILABLE-FORMAT`), or, for a camelCase name no prose
 *   uses, their title or rule text contains it — plus those whose `errorCode` is raised on that
 *   input by the operation's
 *   `x-error-codes` (`8003` is raised `on: query.source` → `CAP-NPA-8003`);
 * - error codes: the candidates with one of them as `errorCode`, or whose rule text cites one;
 * - status codes: the candidates whose rule text cites one of them.
 * A kind of finding may add the universal requirement it concerns (`GEN-BODY-SCHEMA` for a
 * response field, `GEN-INVALID-REJECTED` for a request that accepts more), when that requirement
 * lists the operation. IDs come back in catalogue order.
 */
export type RiskSubject =
  | { readonly by: 'operation' }
  | {
      readonly by: 'field';
      /** The field's own name (the last segment of `data[].pointsBalance.memberPointsAvailable`). */
      readonly name: string;
      /** Where the operation's `x-error-codes` would name it (`query.source`, `body.programId`). */
      readonly input?: string;
      readonly universal?: readonly string[];
    }
  | { readonly by: 'error-code'; readonly codes: readonly number[] }
  | { readonly by: 'status'; readonly statuses: readonly string[]; readonly universal?: readonly string[] };

/** The requirement IDs at risk, in catalogue order. */
export function requirementsAtRisk(
  catalogue: Catalogue,
  operation: SpecOperation,
  subject: RiskSubject,
): string[] {
  const candidates = catalogue.requirements.filter((r) => r.operations.includes(operation.operationId));
  const picked = new Set<string>();
  const pick = (r: Requirement) => picked.add(r.id);

  switch (subject.by) {
    case 'operation':
      for (const r of candidates) pick(r);
      break;
    case 'field': {
      const codes = new Set(
        subject.input === undefined
          ? []
          : operation.errorCodes.filter((c) => c.on.includes(subject.input as string)).map((c) => c.code),
      );
      for (const r of candidates) {
        if (idNames(r.id, subject.name) || ruleNames(`${r.title}\n${r.rule}`, subject.name)) pick(r);
        else if (r.errorCode !== undefined && codes.has(r.errorCode)) pick(r);
      }
      break;
    }
    case 'error-code':
      for (const r of candidates) {
        const code = subject.codes.find((c) => r.errorCode === c || citesNumber(r.rule, String(c)));
        if (code !== undefined) pick(r);
      }
      break;
    case 'status':
      for (const r of candidates) {
        if (subject.statuses.some((s) => /^\d{3}$/.test(s) && citesNumber(r.rule, s))) pick(r);
      }
      break;
  }
  for (const id of 'universal' in subject ? (subject.universal ?? []) : []) {
    const r = catalogue.get(id);
    if (r && (r.operations.length === 0 || r.operations.includes(operation.operationId))) pick(r);
  }
  return catalogue.requirements.filter((r) => picked.has(r.id)).map((r) => r.id);
}

/**
 * An ID names a field when its suffix (after `<FAMILY>-<AREA>-`, or `GEN-`) begins with the field's name as
 * words, singular or plural: `CAP-NPA-SOURCE-VALUES` names `source`, `CAP-NPA-IDENTIFIER-NAMES`
 * names `identifierName`; `CAP-UPP-BILL-NUMBER-TYPES` does not name `type`.
 */
function idNames(id: string, name: string): boolean {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .toUpperCase();
  if (words === '') return false;
  // Universal IDs have no family: `GEN-CONTENT-TYPE` is area GEN, suffix CONTENT-TYPE.
  const suffix = id
    .split('-')
    .slice(id.startsWith('GEN-') ? 1 : 2)
    .join('-');
  return new RegExp(`^${escapeRegExp(words)}S?(-|$)`).test(suffix);
}

/**
 * A title or rule names a field when it contains it as a word and the name is an identifier no prose uses
 * (`pointsToBeAdjusted`, `billNumber`, `X_ID`): a plain word such as `points` or `status` is in
 * every rule, so it counts only through the ID.
 */
function ruleNames(rule: string, name: string): boolean {
  if (!/[A-Z0-9_]/.test(name)) return false;
  return new RegExp(`(?<![A-Za-z0-9_])${escapeRegExp(name)}(?![A-Za-z0-9_])`).test(rule);
}

function citesNumber(rule: string, number: string): boolean {
  return new RegExp(`(?<![0-9])${number}(?![0-9])`).test(rule);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
