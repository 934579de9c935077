import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SUITES } from '../../suites/index.ts';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { type ConformOptions, conform } from '../engine/conform.ts';
import { loadScenarios } from '../engine/scenario-registry.ts';
import type { RunEvents, RunResult, Verdict } from '../engine/types.ts';
import { toolError } from '../errors.ts';
import type { Profile } from '../profile/types.ts';
import { loadDefaultSpecs } from '../spec/index.ts';
import type { InteractionSpec } from './interaction-spec.ts';
import { buildInteraction } from './interactions.ts';
import { loadPact } from './pact-lib.ts';
import { type RecordedCall, selectCalls } from './select.ts';
import { writePact } from './write-pact.ts';

/** Options of {@link exportPacts}: where the run goes (as for `run`) and where the pacts go. */
export interface PactExportOptions
  extends Pick<
    ConformOptions,
    | 'profilePath'
    | 'target'
    | 'capillaryUrl'
    | 'fabricUrl'
    | 'seed'
    | 'grep'
    | 'tags'
    | 'requirements'
    | 'suites'
  > {
  /** Folder of the pact files; default `pacts`. */
  readonly outDir?: string;
  /**
   * Consumer name, as the team's Pact Broker knows it; else the profile's `pact.consumer`. One of
   * them is required: there is no default, a made-up consumer would only clutter a broker.
   */
  readonly consumer?: string | undefined;
  /**
   * Provider name; else the profile's `pact.provider`. Default: one provider per API family,
   * `capillary-loyalty` and `fabric-loyalty`; a name given is suffixed with the family
   * (`acme-capillary`).
   */
  readonly provider?: string | undefined;
  /** Only these API families; default both. */
  readonly families?: readonly ('capillary' | 'fabric')[];
  /** Receives engine events of the conformance run the interactions come from. */
  readonly events?: RunEvents;
}

/** One written pact file. */
export interface PactFileSummary {
  readonly path: string;
  readonly family: 'capillary' | 'fabric';
  readonly consumer: string;
  readonly provider: string;
  readonly interactions: number;
}

/** What {@link exportPacts} did. */
export interface PactExportResult {
  readonly files: readonly PactFileSummary[];
  readonly interactions: readonly InteractionSpec[];
  /** The conformance run the interactions come from. */
  readonly run: RunResult;
}

/** Default provider names, per family. */
export const DEFAULT_PROVIDERS = { capillary: 'capillary-loyalty', fabric: 'fabric-loyalty' } as const;

/**
 * The checks of {@link exportPacts} that need no run: the names given, and that a consumer name can
 * come from somewhere (the CLI makes them before it prepares `--out`, so that it creates nothing).
 */
export function checkExportNames(
  options: Pick<PactExportOptions, 'consumer' | 'provider' | 'profilePath'>,
): void {
  checkName('--consumer', options.consumer);
  checkName('--provider', options.provider);
  // Only a profile can name the consumer besides the option: without either, fail before the run.
  if (!options.consumer && !options.profilePath) throw consumerMissing();
}

/**
 * Runs the scenario suites against a target (default: the embedded reference provider), keeps a
 * representative set of its exchanges and writes them as Pact V4 contracts, one file per API
 * family, each interaction replayed once against Pact's mock server as Pact's consumer DSL
 * requires. Only exchanges of scenarios that passed (or only warned) become interactions.
 */
export async function exportPacts(options: PactExportOptions = {}): Promise<PactExportResult> {
  // Before the run: without Pact installed, fail at once rather than after the whole run.
  const pact = await loadPact('pact export');
  checkExportNames(options);
  let names: { consumer: string; provider: string | undefined } | undefined;
  const catalogue = loadCatalogue();
  const registry = await loadDefaultSpecs();
  const scenarioRequirements = new Map(
    loadScenarios(options.suites ?? SUITES, catalogue).map((s) => [s.id, s.requirements]),
  );
  const calls: RecordedCall[] = [];
  const citations = new Map<number, Set<string>>();
  const verdicts = new Map<string, Verdict>();
  let profile: Profile | undefined;
  const outer = options.events;
  // conform() refuses options it does not read: pass it the run's, not the export's own.
  const {
    outDir: _outDir,
    consumer: _consumer,
    provider: _provider,
    families: _families,
    ...runOptions
  } = options;
  const run = await conform({
    ...runOptions,
    onProfile: (loaded) => {
      profile = loaded;
      names = pactNames(options, loaded);
      return {
        ...outer,
        onExchange(exchange, scenarioId, principal, call, meta) {
          calls.push({
            exchange,
            scenarioId,
            principal,
            call,
            ...(meta ? { concurrent: meta.concurrent } : {}),
          });
          outer?.onExchange?.(exchange, scenarioId, principal, call, meta);
        },
        onCheckResult(result) {
          if (!result.checkId.startsWith('universal.')) {
            for (const id of result.exchangeIds) {
              const set = citations.get(id) ?? new Set<string>();
              set.add(result.requirementId);
              citations.set(id, set);
            }
          }
          outer?.onCheckResult?.(result);
        },
        onScenarioEnd(result) {
          verdicts.set(`${result.scenarioId}@${result.principal}`, result.verdict);
          outer?.onScenarioEnd?.(result);
        },
      };
    },
  });
  if (!profile || !names) throw toolError('LC_ERR_PACT_EXPORT', { reason: 'the run loaded no profile' });

  const selected = selectCalls({ calls, citations, verdicts, scenarioRequirements, catalogue, profile });
  const families = new Set(options.families ?? ['capillary', 'fabric']);
  const loaded = profile;
  const interactions = selected
    .filter((s) => families.has(s.exchange.family))
    .map((s) => buildInteraction(s, loaded, registry, pact));
  if (interactions.length === 0) {
    throw toolError('LC_ERR_PACT_EXPORT', {
      reason: `the run produced no exchange to export (run verdict ${run.verdict}; only scenarios that pass become interactions)`,
    });
  }

  const outDir = resolve(options.outDir ?? 'pacts');
  mkdirSync(outDir, { recursive: true });
  const { consumer } = names;
  const files: PactFileSummary[] = [];
  for (const family of ['capillary', 'fabric'] as const) {
    const own = interactions.filter((i) => i.family === family);
    if (own.length === 0) continue;
    const provider = names.provider ? `${names.provider}-${family}` : DEFAULT_PROVIDERS[family];
    const path = join(outDir, `${consumer}-${provider}.json`);
    // Pact merges into an existing file; an export replaces it.
    rmSync(path, { force: true });
    await writePact(pact, { consumer, provider, dir: outDir }, own);
    canonicalise(path);
    files.push({ path, family, consumer, provider, interactions: own.length });
  }
  return { files, interactions, run };
}

/** The consumer and provider stem of a run's pacts: the options first, then the profile's `pact` section. */
function pactNames(
  options: PactExportOptions,
  profile: Profile,
): { consumer: string; provider: string | undefined } {
  const consumer = options.consumer || profile.pact?.consumer;
  if (!consumer) throw consumerMissing();
  return { consumer, provider: options.provider || profile.pact?.provider || undefined };
}

function consumerMissing() {
  return toolError('LC_ERR_CLI_USAGE', {
    reason: 'pact export needs a consumer name: --consumer <name> or pact.consumer in the profile',
  });
}

/** A consumer or provider name becomes part of a file name: no path separators, no blank. */
function checkName(option: string, name: string | undefined): void {
  if (name === undefined) return;
  if (name.trim() === '' || /[/\\]/.test(name) || name !== name.trim()) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `${option} must be a name without slashes or surrounding spaces, got "${name}"`,
    });
  }
}

/**
 * Rewrites a pact file as a function of its interactions alone, so that two exports of the same
 * run are byte-identical (and a broker sees no new pact version): interactions in order of their
 * description, every object's keys in code-unit order, and metadata that says only the Pact
 * specification (the versions of Pact's libraries, written by Pact, would change the contract's
 * content with every upgrade of Pact).
 */
export function canonicalise(path: string): void {
  const document = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  const interactions = Array.isArray(document.interactions) ? [...document.interactions] : [];
  interactions.sort((a, b) => {
    const x = String((a as { description?: unknown }).description);
    const y = String((b as { description?: unknown }).description);
    return x < y ? -1 : x > y ? 1 : 0;
  });
  const metadata = (document.metadata ?? {}) as { pactSpecification?: { version?: unknown } };
  const canonical = {
    ...document,
    interactions,
    metadata: { pactSpecification: { version: String(metadata.pactSpecification?.version ?? '4.0') } },
  };
  writeFileSync(path, `${JSON.stringify(sortKeys(canonical), null, 2)}\n`);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries.map(([key, item]) => [key, sortKeys(item)]));
}
