import { DEFAULT_REPORTERS, REPORTERS, type ReporterName } from '../../reporters/index.ts';
import { conform } from '../engine/conform.ts';
import type { RunEvents, RunResult } from '../engine/types.ts';
import { toolError } from '../errors.ts';

/** Options of `loyalty-conformance run`, as commander parses them. */
export interface RunCommandOptions {
  profile?: string;
  target?: string;
  capillaryUrl?: string;
  fabricUrl?: string;
  grep?: string;
  tag?: string[];
  requirement?: string[];
  seed?: string;
  shard?: string;
  bail?: boolean;
  allowMutations?: boolean;
  out: string;
  reporter?: string[];
}

/** `--shard 2/4` → { index: 2, total: 4 }. */
export function parseShard(text: string): { index: number; total: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) {
    throw toolError('LC_ERR_CLI_USAGE', { reason: `--shard must be k/n with 1 ≤ k ≤ n, got "${text}"` });
  }
  return { index, total };
}

function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--seed must be an integer from 0 to 4294967295, got "${text}"`,
    });
  }
  return seed;
}

function reporterNames(names: string[] | undefined): ReporterName[] {
  const chosen = names?.length ? names.flatMap((n) => n.split(',')) : [...DEFAULT_REPORTERS];
  for (const name of chosen) {
    if (!(name in REPORTERS)) {
      throw toolError('LC_ERR_CLI_USAGE', {
        reason: `unknown reporter "${name}" (known: ${Object.keys(REPORTERS).join(', ')})`,
      });
    }
  }
  return chosen as ReporterName[];
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

/** `run`: the suites against a target (default: the embedded reference provider), with reports. */
export async function runCommand(options: RunCommandOptions): Promise<RunResult> {
  const seed = parseSeed(options.seed);
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const names = reporterNames(options.reporter);
  const interactive = Boolean(process.stdout.isTTY) && !process.env.CI && !process.env.NO_COLOR;
  return conform({
    ...(options.profile ? { profilePath: options.profile } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.capillaryUrl ? { capillaryUrl: options.capillaryUrl } : {}),
    ...(options.fabricUrl ? { fabricUrl: options.fabricUrl } : {}),
    ...(seed === undefined ? {} : { seed }),
    ...(shard ? { shard } : {}),
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.tag?.length ? { tags: options.tag } : {}),
    ...(options.requirement?.length ? { requirements: options.requirement } : {}),
    ...(options.bail ? { bail: true } : {}),
    ...(options.allowMutations ? { allowMutations: true } : {}),
    onProfile: (_profile, secrets) =>
      fanOut(
        names.map((name) =>
          REPORTERS[name]({
            outDir: options.out,
            write: (text) => process.stdout.write(text),
            interactive,
            secrets,
          }),
        ),
      ),
  });
}
