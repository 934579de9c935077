import type { SchemaIssue, SpecOperation } from '../spec/index.ts';

/**
 * Code the reference provider answers when a schema violation maps to no documented code (a wrong
 * type, an unsupported combination whose code no document gives). Reference-only; the suite never
 * expects it, only a 4xx.
 */
export const UNMAPPED_VALIDATION_CODE = 400;

/** Whether an issue at `where` concerns the input `on` (itself or something inside it). */
const concerns = (where: string, on: string) =>
  where === on || where.startsWith(`${on}.`) || where.startsWith(`${on}[`);

/**
 * The documented error code for the first schema issue the spec maps (`x-error-codes` entries with
 * `raisedBy: schema`), so that the provider's codes come from the spec and are never re-typed.
 */
export function errorCodeForIssues(
  operation: SpecOperation,
  issues: readonly SchemaIssue[],
): { code: number; message: string } {
  for (const issue of issues) {
    for (const entry of operation.errorCodes) {
      if (entry.raisedBy !== 'schema') continue;
      if (!entry.on.some((on) => concerns(issue.where, on))) continue;
      if (entry.keywords.length > 0 && !entry.keywords.includes(issue.keyword)) continue;
      return { code: entry.code, message: entry.message };
    }
  }
  const first = issues[0];
  return {
    code: UNMAPPED_VALIDATION_CODE,
    message: first ? `Invalid input: ${first.message}` : 'Invalid input',
  };
}
