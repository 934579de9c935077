import { consoleMode } from '../../reporters/console.ts';
import { DEFAULT_REPORTERS, REPORTERS, type ReporterName } from '../../reporters/index.ts';
import { toCurl } from '../client/redact.ts';
import type { RunEvents } from '../engine/types.ts';
import { toolError } from '../errors.ts';

/** Reporter names from `--reporter a b` or `--reporter a,b`; the defaults when none is named. */
export function reporterNames(
  names: readonly string[] | undefined,
  defaults: readonly ReporterName[] = DEFAULT_REPORTERS,
): ReporterName[] {
  const chosen = names?.length ? names.flatMap((n) => n.split(',')).filter(Boolean) : [...defaults];
  for (const name of chosen) {
    if (!(name in REPORTERS)) {
      throw toolError('LC_ERR_CLI_USAGE', {
        reason: `unknown reporter "${name}" (known: ${Object.keys(REPORTERS).join(', ')})`,
      });
    }
  }
  return [...new Set(chosen)] as ReporterName[];
}

/** Fans engine events out to several reporters, in order. */
export function fanOut(reporters: readonly RunEvents[]): RunEvents {
  return {
    onRunStart: (info) => {
      for (const r of reporters) r.onRunStart?.(info);
    },
    onScenarioStart: (info) => {
      for (const r of reporters) r.onScenarioStart?.(info);
    },
    onCheckResult: (result) => {
      for (const r of reporters) r.onCheckResult?.(result);
    },
    onScenarioEnd: (result) => {
      for (const r of reporters) r.onScenarioEnd?.(result);
    },
    onRunEnd: async (result) => {
      for (const r of reporters) await r.onRunEnd?.(result);
    },
  };
}

/**
 * Builds the named reporters for stdout and an output folder: live progress and colours decided
 * from the terminal and the environment (CI, NO_COLOR), curl lines from the client's `toCurl`.
 */
export function createReporters(
  names: readonly ReporterName[],
  options: { readonly outDir: string; readonly secrets: readonly string[] },
): RunEvents {
  const mode = consoleMode(process.stdout.isTTY, process.env);
  return fanOut(
    names.map((name) =>
      REPORTERS[name]({
        outDir: options.outDir,
        write: (text) => process.stdout.write(text),
        interactive: mode.interactive,
        color: mode.color,
        secrets: options.secrets,
        curl: (exchange) => toCurl(exchange, options.secrets),
      }),
    ),
  );
}
