import { readFileSync } from 'node:fs';
import { parseEnv } from 'node:util';
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
 *
 * So is a file whose parser drops a variable it names on a line of its own: Node 20's stops for
 * good at a line with nothing before its `=` and takes a line without `=` into the next one's name
 * (`WORD\nB=2` sets "WORD\nB"), so the variables after it were left unset without a word and the
 * profile then reported them as never given.
 */
export function loadEnvFile(path: string): void {
  const preset = new Set(Object.keys(process.env));
  try {
    process.loadEnvFile(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw toolError('LC_ERR_CLI_USAGE', { reason: `--env-file ${path}: cannot be read (${reason})` });
  }
  const text = readFileSync(path, 'utf8');
  // A variable the environment sets is not checked: the file's value would not be used.
  const dropped = droppedByParser(text).find(({ key }) => !preset.has(key));
  if (dropped) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--env-file ${path} line ${dropped.line}: ${dropped.key} is not loaded: the dotenv parser stopped before it or took its name into the line above (a line above it has no = or nothing before its =): fix or remove that line`,
    });
  }
  const cut = cutByComment(text).find(({ key }) => !preset.has(key));
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

/**
 * The variables a dotenv text names at the start of a line that Node's own parser did not load
 * (never their values). A `KEY=` line inside a multi-line quoted value is part of that value.
 */
export function droppedByParser(text: string): { key: string; line: number }[] {
  const parsed = parseEnv(text);
  const values = Object.values(parsed);
  const dropped: { key: string; line: number }[] = [];
  for (const [index, line] of text.split(/\r?\n/).entries()) {
    const key = /^\s*(?:export\s+)?([\w.-]+)\s*=/.exec(line)?.[1];
    if (key === undefined || Object.hasOwn(parsed, key)) continue;
    // Inside a value (a multi-line one, or text that merely looks so): never refused.
    const named = line.slice(0, line.indexOf('=') + 1).trim();
    if (values.some((value) => value?.includes(named))) continue;
    dropped.push({ key, line: index + 1 });
  }
  return dropped;
}
