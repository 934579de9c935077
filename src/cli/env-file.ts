import { readFileSync } from 'node:fs';
import { toolError } from '../errors.ts';

/**
 * `--env-file FILE`: loads a dotenv file into `process.env` with Node's own `process.loadEnvFile`
 * (Node ≥ 20.12; no dependency), before any command reads a profile, so that `${VAR}` references
 * resolve from it. A variable already set in the environment wins: Node's loader never overrides
 * one (a CI secret beats a stale file). A file that cannot be read is a usage error naming it
 * (exit 2); values are never printed, and secrets among them are redacted like every profile secret.
 *
 * An unquoted value with a `#` right after other characters (`PASSWORD=ab#cd`) is refused too:
 * dotenv starts a comment there, so the variable would silently end before it (`ab`) and the run
 * would stop on refused credentials without saying why. `KEY=value # comment` (a space before the
 * `#`) is a comment and loads as usual.
 */
export function loadEnvFile(path: string): void {
  const preset = new Set(Object.keys(process.env));
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw toolError('LC_ERR_CLI_USAGE', { reason: `--env-file ${path}: cannot be read (${reason})` });
  }
  const cut = cutByComment(readFileSync(path, 'utf8')).find(({ key }) => !preset.has(key));
  if (cut) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--env-file ${path} line ${cut.line}: the value of ${cut.key} holds an unquoted #, where a dotenv comment starts, so it would end before it: quote the value (${cut.key}='…'), or put a space before a comment`,
    });
  }
}

/** The variables of a dotenv text whose unquoted value a `#` cuts short (never their values). */
export function cutByComment(text: string): { key: string; line: number }[] {
  const found: { key: string; line: number }[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const match = /^\s*(?:export\s+)?([\w.-]+)\s*=\s*(.*)$/.exec(line);
    if (!match || /^["'`]/.test(match[2]!)) continue;
    if (/[^\s#]#/.test(match[2]!)) found.push({ key: match[1]!, line: index + 1 });
  }
  return found;
}
