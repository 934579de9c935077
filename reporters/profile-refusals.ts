import type { RunResult } from '../src/engine/types.ts';

/**
 * The one line the console summary and summary.md print when calls sent with the profile's own
 * credentials were refused (`RunResult.ownCredentialsRefused`), else undefined. A target refusing
 * valid credentials and credentials that may read but not write look the same from outside, so
 * the verdicts stand (exit 1) and this line says which the user should rule out first. `text`
 * makes the names safe for the output (terminal escapes, Markdown); no credential is named.
 */
export function ownCredentialsRefusedLine(
  result: RunResult,
  text: (value: string) => string = (value) => value,
): string | undefined {
  const refused = result.ownCredentialsRefused;
  if (!refused || refused.calls === 0) return undefined;
  const operations = refused.operations.map((o) => `${o.operationId} (${o.calls})`).join(', ');
  const principals = refused.principals.map((p) => (p === 'fabric' ? 'fabric' : `org ${p}`)).join(', ');
  const calls = refused.calls === 1 ? '1 call' : `${refused.calls} calls`;
  const were = refused.calls === 1 ? 'was' : 'were';
  return text(
    `${calls} sent with the profile's own credentials (${principals}) ${were} refused (${refused.statuses.join('/')}) on ${operations}: if the till may read but not write (Capillary's Points access group) or the token lacks a scope, fix the profile; the failures that cite them may be the profile's, not the target's`,
  );
}
