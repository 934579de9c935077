import { relative } from 'node:path';
import type { RunResult } from '../engine/types.ts';
import { toolError } from '../errors.ts';
import { checkExportNames, exportPacts } from '../pact/export.ts';
import { verifyPacts } from '../pact/verify.ts';
import { prepareOutFolder } from './out-file.ts';
import { createReporters, prepareReporters, reporterNames } from './reporting.ts';
import type { SelectionCliOptions, TargetCliOptions } from './shared-options.ts';

/** Options of `loyalty-conformance pact export`, as commander parses them. */
export interface PactExportCommandOptions extends TargetCliOptions, SelectionCliOptions {
  out: string;
  consumer?: string;
  provider?: string;
  family?: string[];
  profile?: string;
}

/** Options of `loyalty-conformance pact verify`, as commander parses them. */
export interface PactVerifyCommandOptions extends TargetCliOptions {
  pact: string[];
  profile?: string;
  out: string;
  reporter?: string[];
  /** As `run --allow-mutations`: a production profile that allows mutations may replay mutating interactions. */
  allowMutations?: boolean;
  /** The target's version the results are for (Pact's `providerVersion`). */
  providerVersion?: string;
  /** Its branch (Pact's `providerVersionBranch`). */
  providerBranch?: string;
  /** The Pact Broker the pacts come from and, with `publish`, the results go to. */
  brokerUrl?: string;
  /** Publish the results to the broker (never by default). */
  publish?: boolean;
}

const FAMILIES = ['capillary', 'fabric'] as const;

function families(names: string[] | undefined): (typeof FAMILIES)[number][] | undefined {
  if (!names?.length) return undefined;
  const chosen = names.flatMap((n) => n.split(',')).filter(Boolean);
  for (const name of chosen) {
    if (!(FAMILIES as readonly string[]).includes(name)) {
      throw toolError('LC_ERR_CLI_USAGE', { reason: `--family must be capillary or fabric, got "${name}"` });
    }
  }
  return chosen as (typeof FAMILIES)[number][];
}

/**
 * `pact export`: runs the suites (default: the embedded reference provider) and writes Pact V4
 * files. The consumer name comes from `--consumer` or the profile's `pact.consumer`; with neither,
 * LC_ERR_CLI_USAGE (exit 2) and no run.
 */
export async function pactExportCommand(options: PactExportCommandOptions): Promise<number> {
  const chosen = families(options.family);
  const names = {
    ...(options.consumer ? { consumer: options.consumer } : {}),
    ...(options.provider ? { provider: options.provider } : {}),
    ...(options.profile ? { profilePath: options.profile } : {}),
  };
  checkExportNames(names);
  // Before the run (15 s and more): a folder that cannot hold the files was an internal error after it.
  prepareOutFolder(options.out, 'the pact files');
  const result = await exportPacts({
    outDir: options.out,
    ...names,
    ...(chosen ? { families: chosen } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.capillaryUrl ? { capillaryUrl: options.capillaryUrl } : {}),
    ...(options.fabricUrl ? { fabricUrl: options.fabricUrl } : {}),
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.tag?.length ? { tags: options.tag } : {}),
    ...(options.requirement?.length ? { requirements: options.requirement } : {}),
  });
  for (const file of result.files) {
    process.stdout.write(
      `wrote ${file.interactions} interactions (${file.consumer} → ${file.provider}) to ${relative(process.cwd(), file.path) || file.path}\n`,
    );
  }
  if (result.run.exitCode !== 0) {
    process.stdout.write(
      `note: the run the contracts come from was not conformant (verdict ${result.run.verdict}); only scenarios that passed gave interactions\n`,
    );
  }
  return 0;
}

/** `pact verify`: verifies pact files against a target and reports the result like `run`. */
export async function pactVerifyCommand(options: PactVerifyCommandOptions): Promise<RunResult> {
  if (!options.pact?.length)
    throw toolError('LC_ERR_CLI_USAGE', { reason: 'pact verify needs --pact <file|dir>' });
  const names = reporterNames(options.reporter);
  const loaded = await prepareReporters(names);
  prepareOutFolder(options.out);
  return verifyPacts({
    pacts: options.pact,
    ...(options.profile ? { profilePath: options.profile } : {}),
    ...(options.target ? { target: options.target } : {}),
    ...(options.capillaryUrl ? { capillaryUrl: options.capillaryUrl } : {}),
    ...(options.fabricUrl ? { fabricUrl: options.fabricUrl } : {}),
    ...(options.allowMutations ? { allowMutations: true } : {}),
    ...(options.providerVersion ? { providerVersion: options.providerVersion } : {}),
    ...(options.providerBranch ? { providerBranch: options.providerBranch } : {}),
    ...(options.brokerUrl ? { brokerUrl: options.brokerUrl } : {}),
    ...(options.publish ? { publish: true } : {}),
    onProfile: (_profile, secrets) => createReporters(names, loaded, { outDir: options.out, secrets }),
  });
}
