import { readFileSync } from 'node:fs';
import { DEFAULT_REPORTERS, REPORTERS, type ReporterName } from '../../reporters/index.ts';
import { SUITES } from '../../suites/index.ts';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { UNIVERSAL_CHECKS } from '../checks/index.ts';
import { checkReachable } from '../engine/preflight.ts';
import { runConformance } from '../engine/runner.ts';
import { loadScenarios } from '../engine/scenario-registry.ts';
import { createTargetClient } from '../engine/target-client.ts';
import type { RunEvents, RunResult } from '../engine/types.ts';
import { toolError } from '../errors.ts';
import { loadProfile, type ProfileOverrides, REFERENCE_PROFILE_PATH, secretsOf } from '../profile/index.ts';
import type { Profile } from '../profile/types.ts';
import { type ReferenceServer, startReferenceServer } from '../reference/server.ts';
import { createValidators, loadDefaultSpecs, serverPathPrefix } from '../spec/index.ts';

/** Options of `loyalty-conformance run`. */
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

const packageVersion = (): string => {
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
};

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

function parseSeed(text: string | undefined): number {
  if (text === undefined) return 20261122;
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

/** Fans engine events out to several reporters. */
function fanOut(reporters: RunEvents[]): RunEvents {
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
 * Runs the suites against a profile's target, or, without one, against the embedded reference
 * provider (both orgs). Returns the run (its exitCode is the process's).
 */
export async function runCommand(options: RunCommandOptions): Promise<RunResult> {
  const seed = parseSeed(options.seed);
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const names = reporterNames(options.reporter);
  const catalogue = loadCatalogue();
  const scenarios = loadScenarios(SUITES, catalogue);
  const registry = await loadDefaultSpecs();
  const validators = createValidators(registry);

  let server: ReferenceServer | undefined;
  let profile: Profile;
  const overrides: ProfileOverrides = {};
  if (options.target) {
    overrides.capillaryBaseUrl = options.target.replace(/\/$/, '');
    overrides.fabricBaseUrl = options.target.replace(/\/$/, '') + serverPathPrefix(registry, 'fabric');
  }
  if (options.capillaryUrl) overrides.capillaryBaseUrl = options.capillaryUrl;
  if (options.fabricUrl) overrides.fabricBaseUrl = options.fabricUrl;

  try {
    if (options.profile) {
      profile = loadProfile(options.profile, { overrides });
    } else if (overrides.capillaryBaseUrl || overrides.fabricBaseUrl) {
      profile = loadProfile(REFERENCE_PROFILE_PATH, { overrides });
    } else {
      server = await startReferenceServer();
      profile = loadProfile(REFERENCE_PROFILE_PATH, {
        overrides: { capillaryBaseUrl: server.capillaryBaseUrl, fabricBaseUrl: server.fabricBaseUrl },
      });
    }
    await checkReachable(profile);
    const secrets = secretsOf(profile);
    const interactive = Boolean(process.stdout.isTTY) && !process.env.CI && !process.env.NO_COLOR;
    const reporters = names.map((name) =>
      REPORTERS[name]({
        outDir: options.out,
        write: (text) => process.stdout.write(text),
        interactive,
        secrets,
      }),
    );
    const client = createTargetClient(profile, registry, secrets);
    try {
      return await runConformance({
        profile,
        scenarios,
        catalogue,
        registry,
        validators,
        checks: UNIVERSAL_CHECKS,
        client,
        seed,
        ...(shard ? { shard } : {}),
        ...(options.grep ? { grep: options.grep } : {}),
        ...(options.tag?.length ? { tags: options.tag } : {}),
        ...(options.requirement?.length ? { requirements: options.requirement } : {}),
        ...(options.bail ? { bail: true } : {}),
        ...(options.allowMutations ? { allowMutations: true } : {}),
        events: fanOut(reporters),
        tool: { name: 'loyalty-conformance', version: packageVersion() },
        targets: {
          ...(profile.capillary ? { capillary: profile.capillary.baseUrl } : {}),
          ...(profile.fabric ? { fabric: profile.fabric.baseUrl } : {}),
        },
      });
    } finally {
      await client.close();
    }
  } finally {
    await server?.close();
  }
}
