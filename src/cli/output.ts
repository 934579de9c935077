// Where a command's reports go: `--out <folder>`, or the JSON report alone on stdout (`--out -`,
// `--out /dev/stdout`, `--json`). Shared by `run` and `merge`, without the engine.
import { statSync } from 'node:fs';
import { JSON_TO_STDOUT } from '../../reporters/json.ts';
import { toolError } from '../errors.ts';

/** The folder `run` and `merge` write their reports into when `--out` is not given. */
export const DEFAULT_OUT_DIR = 'reports';

/** Where `run` or `merge` writes: a folder, or (`toStdout`) the JSON report on stdout. */
export interface RunOutput {
  /** The folder, or `-` with `toStdout`. */
  readonly out: string;
  readonly toStdout: boolean;
}

/**
 * `--out` and `--json`: `--out -`, `--out /dev/stdout` and `--json` send the JSON report to stdout
 * (then nothing else goes there); any other `--out` must be a folder or not exist yet. A file
 * there (or `--json` with a folder) is a usage error, before anything runs.
 */
export function resolveOutput(options: { readonly out?: string; readonly json?: boolean }): RunOutput {
  const stdout = (path: string | undefined) => path === JSON_TO_STDOUT || path === '/dev/stdout';
  if (options.json) {
    if (options.out !== undefined && !stdout(options.out)) {
      throw toolError('LC_ERR_CLI_USAGE', {
        reason: `--json writes the JSON report to stdout and takes no --out folder (got --out ${options.out}); for a file: --reporter json --out ${options.out}`,
      });
    }
    return { out: JSON_TO_STDOUT, toStdout: true };
  }
  const out = options.out ?? DEFAULT_OUT_DIR;
  if (stdout(out)) return { out: JSON_TO_STDOUT, toStdout: true };
  let isFolder = true;
  try {
    isFolder = statSync(out).isDirectory();
  } catch {
    // Not there yet: the reporters create it.
  }
  if (!isFolder) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--out ${out} is a file, not a folder (for the JSON report on stdout: --out - or --json)`,
    });
  }
  return { out, toStdout: false };
}
