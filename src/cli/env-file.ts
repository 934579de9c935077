import { toolError } from '../errors.ts';

/**
 * `--env-file FILE`: loads a dotenv file into `process.env` with Node's own `process.loadEnvFile`
 * (Node ≥ 20.12; no dependency), before any command reads a profile, so that `${VAR}` references
 * resolve from it. A variable already set in the environment wins: Node's loader never overrides
 * one (a CI secret beats a stale file). A file that cannot be read is a usage error naming it
 * (exit 2); values are never printed, and secrets among them are redacted like every profile secret.
 */
export function loadEnvFile(path: string): void {
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw toolError('LC_ERR_CLI_USAGE', { reason: `--env-file ${path}: cannot be read (${reason})` });
  }
}
