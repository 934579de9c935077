import { planCommandLine } from '../../reporters/summary.ts';
import { SUITES } from '../../suites/index.ts';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { chooseBill, roleCustomerKey } from '../engine/fixtures.ts';
import { loadScenarios } from '../engine/scenario-registry.ts';
import {
  assertKnownRequirements,
  nothingSelected,
  type ScenarioInstance,
  type SelectionOptions,
  selectScenarios,
} from '../engine/selection.ts';
import type { FixtureNeed } from '../engine/types.ts';
import { toolError } from '../errors.ts';
import { type PlanWarning, unreadableBalances } from '../plan/plan.ts';
import { warningLines } from '../plan/render.ts';
import {
  assertRedactable,
  loadProfile,
  type ProfileOverrides,
  REFERENCE_PROFILE_PATH,
  targetOverrides,
} from '../profile/index.ts';
import type { CapillaryAuth, OrgProfile, Profile } from '../profile/types.ts';
import { loadDefaultSpecs, serverPathPrefix } from '../spec/index.ts';
import type { RunCommandOptions } from './run-command.ts';
import { parseSeed, parseShard } from './run-options.ts';

/**
 * `run --dry-run`: what `run` with the same options would do, without doing it. Loads the profile
 * as `run` does (placeholders and unset variables refused), selects the scenario runs as `run`
 * does, and prints each with the requirements it judges and the fixtures it would use, then those
 * it would skip and why. Sends no request: starts no reference provider, probes nothing, checks no
 * reachability (a capability `run` probes at its start is shown as such).
 */

/** One fixture a scenario run would use: the role or need it plays, and the profile's name for it. */
export interface DryRunFixture {
  /** The role (`deductible`, `billWhole`, …) or need (`restrictedAuth`, `memberInquiry`). */
  readonly role: string;
  /** What the profile gives for it: a customer or bill key (with the bill number), credentials' scheme. */
  readonly uses: string;
}

/** One scenario run of a dry run. */
export interface DryRunEntry {
  readonly scenarioId: string;
  readonly title: string;
  readonly principal: string;
  /** Requirement IDs it judges. */
  readonly requirements: readonly string[];
  readonly mutates: boolean;
  readonly fixtures: readonly DryRunFixture[];
  /** Set when its failures would only warn (e.g. the org's configuration is `unknown`). */
  readonly warnOnly?: string;
  /** What the profile declares that its expectations rest on (a failure may be the profile's). */
  readonly premise?: string;
  /** Requirements it would run without judging (what they need is missing), with what to add. */
  readonly notJudged?: readonly { readonly requirementId: string; readonly reason: string }[];
  /** Set when it would be skipped: why (`read-only`, `not-applicable`, `missing`) and the message. */
  readonly skip?: { readonly kind: string; readonly reason: string };
}

/** What `run --dry-run --format json` prints. */
export interface DryRun {
  readonly profile: {
    readonly name: string;
    readonly environment: string;
    readonly source: string;
    /** The `--env-file` the run would load (its path as given, never its content). */
    readonly envFile?: string;
  };
  /** Base URL per API family, or `embedded` when the run would start the reference provider. */
  readonly targets: Readonly<Record<string, string>> | 'embedded';
  readonly filters: SelectionOptions & { readonly seed?: number };
  readonly runs: readonly DryRunEntry[];
  readonly counts: { readonly runs: number; readonly wouldRun: number; readonly wouldSkip: number };
  /** What the profile declares but the run could not use, as `plan` warns of it. */
  readonly warnings: readonly PlanWarning[];
  /** Always 0: a dry run sends nothing. */
  readonly requestsSent: 0;
}

/** Where the target is, as `conform` reads `--target`, `--capillary-url` and `--fabric-url`. */
async function overridesOf(options: RunCommandOptions): Promise<ProfileOverrides | undefined> {
  if (!options.target && !options.capillaryUrl && !options.fabricUrl) return undefined;
  // The specs (for fabric's prefix) only when --target needs them.
  const fabricPrefix = options.target ? serverPathPrefix(await loadDefaultSpecs(), 'fabric') : '';
  return targetOverrides(fabricPrefix, options);
}

const credentials = (org: OrgProfile | undefined, accept: (auth: CapillaryAuth) => boolean): string => {
  const found = (['auth', 'alternateAuth', 'restrictedAuth'] as const).find((field) => {
    const auth = org?.[field];
    return auth !== undefined && accept(auth);
  });
  return found ? `${found} (${org?.[found]?.scheme})` : '(none)';
};

const billText = (org: OrgProfile | undefined, role: Parameters<typeof chooseBill>[1]) => {
  const bill = chooseBill(org, role);
  return bill ? `${bill[0]} (bill ${bill[1].billNumber}, customer ${bill[1].customer})` : '(none)';
};

const decimalsText = (org: OrgProfile | undefined) => {
  const customer = org?.fixtures.customers[roleCustomerKey(org, 'twoPrograms') ?? ''];
  return (
    org?.config.programs
      .filter((p) => customer?.programs.includes(p.id))
      .map(
        (p) =>
          `${p.id} (${p.roundDecimals === undefined ? 'decimals unknown' : `${p.roundDecimals} decimals`})`,
      )
      .join(', ') || '(none)'
  );
};

/**
 * The fixture a need resolves to, as the scenario context hands it out (see `src/engine/fixtures.ts`):
 * `[role, uses]`. Customer keys, bill keys and numbers, program IDs and credential schemes: never a
 * customer identifier or a credential.
 */
function resolveNeed(need: FixtureNeed, org: OrgProfile | undefined, profile: Profile): [string, string] {
  const customer = (role: 'deductible' | 'twoPrograms' | 'drainable' | 'drainableOtherProgram') =>
    roleCustomerKey(org, role) ?? '(none)';
  switch (need) {
    case 'deductible':
    case 'secondaryIdentifier':
    case 'twoSecondaryIdentifiers':
      return ['deductible', customer('deductible')];
    case 'twoPrograms':
    case 'secondProgram':
      return ['twoPrograms', customer('twoPrograms')];
    case 'defaultProgram':
      return ['defaultProgram', org?.config.defaultProgramId?.toString() ?? '(none)'];
    case 'roundDecimals':
    case 'decimalsToExceed':
    case 'differentDecimals':
      return ['programs', decimalsText(org)];
    case 'drainable':
      return ['drainable', customer('drainable')];
    case 'drainableOtherProgram':
      return ['drainableOtherProgram', customer('drainableOtherProgram')];
    case 'sharedSecondary':
      return ['sharedSecondary', org?.fixtures.roles.sharedSecondary?.join(', ') ?? '(none)'];
    case 'anyBill':
      return ['anyBill', billText(org, 'anyBill')];
    case 'billWithLineItems':
    case 'billLineItemIds':
    case 'billItemCodes':
    case 'billWithLineItemsPromotion':
      return ['billWithLineItems', billText(org, 'billWithLineItems')];
    case 'billWholePromotion':
    case 'billWholeOfAnother':
      return ['billWhole', billText(org, 'billWhole')];
    case 'billWhole':
    case 'billSpare':
    case 'billSecondProgram':
    case 'billRace':
    case 'billSecondBurst':
      return [need, billText(org, need)];
    case 'promotion': {
      const promotion = org?.fixtures.promotion;
      return ['promotion', promotion ? `${promotion.id} (program ${promotion.programId})` : '(none)'];
    }
    case 'pointsAward':
      return ['pointsAward', org?.fixtures.pointsAwardedId?.toString() ?? '(none)'];
    case 'promotionOrPointsAward':
      return [
        'promotionOrPointsAward',
        [
          org?.fixtures.promotion ? `promotion ${org.fixtures.promotion.id}` : undefined,
          org?.fixtures.pointsAwardedId === undefined ? undefined : `award ${org.fixtures.pointsAwardedId}`,
        ]
          .filter(Boolean)
          .join(', ') || '(none)',
      ];
    case 'programNotEnrolled': {
      const entries = Object.entries(org?.fixtures.customers ?? {});
      const deductible = org?.fixtures.roles.deductible;
      const found =
        entries.find(([key, c]) => key === deductible && c.programNotEnrolled !== undefined) ??
        entries.find(([, c]) => c.programNotEnrolled !== undefined);
      return [
        'programNotEnrolled',
        found ? `program ${found[1].programNotEnrolled} of ${found[0]}` : '(none)',
      ];
    }
    case 'basicAuth':
      return ['basicAuth', credentials(org, (a) => a.scheme === 'basic')];
    case 'oauthCredentials':
      return ['oauthCredentials', credentials(org, (a) => a.scheme !== 'basic')];
    case 'oauthClient':
      return ['oauthClient', credentials(org, (a) => a.scheme === 'oauth')];
    case 'restrictedAuth':
      return [
        'restrictedAuth',
        org?.restrictedAuth ? `restrictedAuth (${org.restrictedAuth.scheme})` : '(none)',
      ];
    case 'member':
      return ['member', profile.fabric ? 'fabric.fixtures.member' : '(none)'];
    case 'memberInquiry': {
      const declared = profile.fabric?.memberInquiry ?? 'auto';
      return [
        'memberInquiry',
        declared === 'auto'
          ? 'probed at run start (fabric.memberInquiry: auto)'
          : `fabric.memberInquiry: ${declared}`,
      ];
    }
  }
}

/** One selected scenario run, its fixtures resolved (each role once, in the scenario's order). */
function entryOf(instance: ScenarioInstance, profile: Profile): DryRunEntry {
  const { scenario, principal, org } = instance;
  const needs = [
    ...scenario.fixtures,
    ...Object.values(scenario.requirementNeeds ?? {}).flatMap((n) => n ?? []),
  ];
  const fixtures = new Map<string, string>();
  for (const need of needs) {
    const [role, uses] = resolveNeed(need, org, profile);
    if (!fixtures.has(role)) fixtures.set(role, uses);
  }
  const notJudged = [...instance.unjudgeable].map(([requirementId, missing]) => ({
    requirementId,
    reason: missing.map((m) => `${m.reason} (add: ${m.add})`).join('; '),
  }));
  return {
    scenarioId: scenario.id,
    title: scenario.title,
    principal,
    requirements: scenario.requirements,
    mutates: scenario.mutates,
    fixtures: [...fixtures].map(([role, uses]) => ({ role, uses })),
    ...(instance.warnOnly ? { warnOnly: instance.warnOnly } : {}),
    ...(instance.premise ? { premise: instance.premise } : {}),
    ...(notJudged.length > 0 && !instance.skipReason ? { notJudged } : {}),
    ...(instance.skipReason
      ? { skip: { kind: instance.skipKind ?? 'skip', reason: instance.skipReason } }
      : {}),
  };
}

/** Builds the dry run of `run` with these options (reads files only). */
export async function planDryRun(options: RunCommandOptions): Promise<DryRun> {
  const seed = parseSeed(options.seed);
  const shard = options.shard ? parseShard(options.shard) : undefined;
  const catalogue = loadCatalogue();
  assertKnownRequirements(options.requirement, catalogue);
  const scenarios = loadScenarios(SUITES, catalogue);
  const overrides = await overridesOf(options);
  // As `run`: a profile or target URL is loaded with placeholders refused; without either, the
  // reference profile, whose base URLs the embedded provider would replace.
  const profile =
    options.profile || overrides
      ? loadProfile(options.profile ?? REFERENCE_PROFILE_PATH, {
          ...(overrides ? { overrides } : {}),
          rejectPlaceholders: true,
        })
      : loadProfile(REFERENCE_PROFILE_PATH);
  assertRedactable(profile);
  const selection: SelectionOptions = {
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.tag?.length ? { tags: options.tag } : {}),
    ...(options.requirement?.length ? { requirements: options.requirement } : {}),
    ...(shard ? { shard } : {}),
    ...(options.allowMutations ? { allowMutations: true } : {}),
  };
  const instances = selectScenarios(scenarios, profile, selection);
  if (instances.length === 0) throw nothingSelected(selection, scenarios, profile);
  const runs = instances.map((instance) => entryOf(instance, profile));
  const wouldSkip = runs.filter((r) => r.skip).length;
  return {
    profile: {
      name: profile.name,
      environment: profile.environment,
      source: profile.source,
      ...(options.envFile === undefined ? {} : { envFile: options.envFile }),
    },
    targets:
      options.profile || overrides
        ? {
            ...(profile.capillary ? { capillary: profile.capillary.baseUrl } : {}),
            ...(profile.fabric ? { fabric: profile.fabric.baseUrl } : {}),
          }
        : 'embedded',
    filters: { ...selection, ...(seed === undefined ? {} : { seed }) },
    runs,
    counts: { runs: runs.length, wouldRun: runs.length - wouldSkip, wouldSkip },
    warnings: unreadableBalances(profile),
    requestsSent: 0,
  };
}

/** The dry run for people: the runs first, then the skips, then one line of counts. */
export function renderDryRunText(dry: DryRun): string {
  const targets =
    dry.targets === 'embedded'
      ? 'the embedded reference provider (started by the run)'
      : Object.entries(dry.targets)
          .map(([family, url]) => `${family} ${url}`)
          .join(', ');
  const lines = [
    `Dry run: profile ${dry.profile.name} (${dry.profile.environment}, ${dry.profile.source}); target: ${targets}`,
    '',
    `Would run (${dry.counts.wouldRun})`,
  ];
  if (dry.counts.wouldRun === 0) lines.push('  (none)');
  for (const run of dry.runs.filter((r) => !r.skip)) {
    lines.push(`  ${run.scenarioId} @${run.principal}${run.mutates ? ' (mutates)' : ''}`);
    lines.push(`    judges:   ${run.requirements.join(', ')}`);
    lines.push(`    fixtures: ${run.fixtures.map((f) => `${f.role}: ${f.uses}`).join('; ') || '(none)'}`);
    if (run.warnOnly) lines.push(`    warn only: ${run.warnOnly}`);
    if (run.premise) lines.push(`    rests on: ${run.premise}`);
    for (const n of run.notJudged ?? []) lines.push(`    not judged: ${n.requirementId}: ${n.reason}`);
  }
  const skipped = dry.runs.filter((r) => r.skip);
  if (skipped.length > 0) {
    lines.push('', `Would be skipped (${skipped.length})`);
    for (const run of skipped) {
      lines.push(`  ${run.scenarioId} @${run.principal}: ${run.skip?.reason}`);
    }
  }
  lines.push(
    ...warningLines(dry.warnings),
    '',
    `${dry.counts.runs} scenario runs: ${dry.counts.wouldRun} would run, ${dry.counts.wouldSkip} would be skipped; no request sent`,
  );
  if (dry.counts.wouldRun === 0) {
    lines.push(
      `every selected scenario run would be skipped: run would exit 2 (LC_ERR_NOTHING_SELECTED); see ${planCommandLine(dry.profile.source, dry.profile.envFile)}`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * `run --dry-run [--format text|json]` (`--json` for JSON too): prints the dry run on stdout, exit
 * 0. Report options (`--reporter`, `--out`, `--evidence`, `--baseline`, `--fail-on`, `--bail`) do
 * not apply; a bad profile or a selection of nothing is a tool error as for `run` (exit 2).
 */
export async function dryRunCommand(options: RunCommandOptions): Promise<number> {
  const format = options.format ?? (options.json ? 'json' : 'text');
  if (format !== 'text' && format !== 'json') {
    throw toolError('LC_ERR_CLI_USAGE', { reason: `--format must be text or json, got "${format}"` });
  }
  const dry = await planDryRun(options);
  process.stdout.write(format === 'json' ? `${JSON.stringify(dry, null, 2)}\n` : renderDryRunText(dry));
  return 0;
}
