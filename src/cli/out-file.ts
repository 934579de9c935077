// Writing where `--out` points: a usage error naming the flag when the path cannot be written,
// never an internal error. No dependency beyond node:fs, so the light commands can load it.
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { toolError } from '../errors.ts';

/** What a file-system error means for an `--out` path: `EISDIR: it is a folder`. */
function fsReason(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  const words: Record<string, string> = {
    EISDIR: 'it is a folder',
    ENOENT: 'a folder of the path cannot be created there',
    ENOTDIR: 'a part of the path is a file, not a folder',
    EEXIST: 'a part of the path is a file, not a folder',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
  };
  if (code === undefined) return (error as Error).message.split('\n')[0] ?? 'unknown error';
  const word = words[code];
  return word === undefined ? code : `${code}: ${word}`;
}

/**
 * Creates a folder and its missing parents, one at a time. Not `mkdirSync(path, { recursive: true })`:
 * Node 20's loops for ever (a process at full CPU, never an error) where `mkdir` answers ENOENT
 * under a folder that exists, as /proc and /sys do (`--out /proc/reports`).
 */
export function makeFolder(path: string): void {
  const parent = dirname(path);
  if (parent !== path && !existsSync(parent)) makeFolder(parent);
  try {
    mkdirSync(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST' && statSync(path).isDirectory()) return;
    throw error;
  }
}

/**
 * `--out <file>` of `list`, `plan`, `diff`, `spec-compat` and `init`: writes `text` there, creating
 * its folder. A path that cannot be written (a folder, under a file, no permission) is
 * `LC_ERR_CLI_USAGE` naming it (exit 2, one line).
 */
export function writeOutFile(path: string, text: string): void {
  try {
    makeFolder(dirname(path));
    writeFileSync(path, text);
  } catch (error) {
    throw toolError(
      'LC_ERR_CLI_USAGE',
      { reason: `--out ${path} cannot be written (${fsReason(error)})` },
      { cause: error },
    );
  }
}

/**
 * `--out <folder>` of `run`, `merge`, `compare` and `pact export`/`verify`: creates the folder and checks it can be
 * written, so that a path that cannot hold the reports ends the command with `LC_ERR_CLI_USAGE`
 * (exit 2, one line) before the run, not with an internal error after it.
 */
export function prepareOutFolder(out: string, what = 'the reports'): void {
  try {
    makeFolder(out);
    accessSync(out, constants.W_OK);
  } catch (error) {
    throw toolError(
      'LC_ERR_CLI_USAGE',
      { reason: `--out ${out} cannot hold ${what} (${fsReason(error)})` },
      { cause: error },
    );
  }
}
