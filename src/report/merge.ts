import type { Catalogue } from '../catalogue/catalogue.ts';
import type { RecordedExchange } from '../client/exchange.ts';
import { mergeCoverage } from '../coverage/model.ts';
import { mergeOwnRefusals } from '../engine/own-refusals.ts';
import type { CheckResult, RequirementResult, RunResult, ShardManifest, Verdict } from '../engine/types.ts';
import { aggregateRequirements, exitCodeOf, worstVerdict } from '../engine/verdicts.ts';
import { toolError } from '../errors.ts';

/** A shard report and where it came from (for messages). */
export interface ShardReport {
  readonly path: string;
  readonly result: RunResult;
}

/** `held on 12 exchange(s)`: how the engine words a folded universal pass. */
const HELD_ON = /^(.*): held on \d+ exchange\(s\)$/;

/**
 * Merges the reports of `run --shard k/n` (k = 1..n, each once) into the report of one run with
 * the same verdicts as an unsharded run: requirement verdicts are aggregated again, with the
 * engine's own aggregation, from the union of the shards' check results.
 *
 * - universal checks' folded passes (one per check and principal per shard) fold again into one,
 *   their occurrences summed;
 * - exchanges are renumbered (each process numbers from 1), identical ones kept once, and the
 *   checks' exchange IDs follow;
 * - the manifest spans the shards (earliest start, latest end) and lists them in `shards`;
 * - spec coverage is the union of the shards' (received or sent in any shard), absent unless
 *   every shard reports it (a shard of an earlier version would make the union fall short).
 *
 * Shards must agree on what was run: suite version, profile, seed, specs and filters.
 */
export function mergeShardReports(shards: readonly ShardReport[], catalogue: Catalogue): RunResult {
  const ordered = checkCompatible(shards);
  const first = ordered[0]!.result;

  // --- exchanges: renumber, de-duplicate ---
  const exchanges: RecordedExchange[] = [];
  const byContent = new Map<string, number>();
  const idMaps = ordered.map(({ result }) => {
    const map = new Map<number, number>();
    for (const exchange of result.exchanges) {
      const { id: _id, ...content } = exchange;
      const key = JSON.stringify(content);
      let id = byContent.get(key);
      if (id === undefined) {
        id = exchanges.length + 1;
        byContent.set(key, id);
        exchanges.push({ ...exchange, id });
      }
      map.set(exchange.id, id);
    }
    return map;
  });

  // --- check results: the union, exchange IDs renumbered, universal passes folded ---
  const checks: CheckResult[] = [];
  const folded = new Map<string, { check: CheckResult; occurrences: number }>();
  ordered.forEach(({ result, path }, index) => {
    const idMap = idMaps[index]!;
    for (const requirement of result.requirements) {
      for (const check of requirement.checks) {
        if (!catalogue.get(check.requirementId)) {
          throw toolError('LC_ERR_MERGE_INCOMPATIBLE', {
            reason: `${path} judges requirement ${check.requirementId}, which this suite's catalogue does not have`,
          });
        }
        const renumbered: CheckResult = {
          ...check,
          exchangeIds: check.exchangeIds.map((id) => idMap.get(id) ?? id),
        };
        if (check.verdict === 'pass' && check.occurrences !== undefined) {
          const key = `${check.requirementId}\u0000${check.checkId}\u0000${check.principal}`;
          const seen = folded.get(key);
          if (seen) {
            seen.occurrences += check.occurrences;
            continue;
          }
          folded.set(key, { check: renumbered, occurrences: check.occurrences });
          continue;
        }
        checks.push(renumbered);
      }
    }
  });
  // The engine lists folded universal passes after every other result; so does the merge.
  for (const { check, occurrences } of folded.values()) {
    const held = HELD_ON.exec(check.message);
    checks.push({
      ...check,
      occurrences,
      message: held ? `${held[1]}: held on ${occurrences} exchange(s)` : check.message,
    });
  }

  const requirements = aggregateRequirements(catalogue, checks);
  const totals: Record<Verdict, number> = { pass: 0, fail: 0, warn: 0, skip: 0, error: 0 };
  for (const check of checks) totals[check.verdict] += 1;

  const startedAt = ordered.map((s) => s.result.manifest.startedAt).sort()[0]!;
  const finishedAt = ordered
    .map((s) => s.result.manifest.finishedAt)
    .sort()
    .at(-1)!;
  const shardList: ShardManifest[] = ordered.map(({ result }) => ({
    index: result.manifest.shard!.index,
    total: result.manifest.shard!.total,
    startedAt: result.manifest.startedAt,
    finishedAt: result.manifest.finishedAt,
    durationMs: result.manifest.durationMs,
    targets: result.manifest.targets,
    exchanges: result.totals.exchanges,
  }));
  const { shard: _shard, ...manifest } = first.manifest;
  // An incomplete shard leaves the merged report incomplete: say which shard, as the run said why.
  const incomplete = ordered.filter(({ result }) => result.stopped);
  const firstStop = incomplete[0]?.result;
  const stopped = firstStop?.stopped && {
    code: firstStop.stopped.code,
    message: `shard ${firstStop.manifest.shard!.index}/${firstStop.manifest.shard!.total}: ${firstStop.stopped.message}${incomplete.length > 1 ? ` (and ${incomplete.length - 1} more incomplete shard(s))` : ''}`,
  };
  const notJudgeable = mergeNotJudgeable(
    ordered.map((s) => s.result),
    requirements,
  );
  const coverages = ordered.flatMap((s) => (s.result.coverage ? [s.result.coverage] : []));
  const coverage = coverages.length === ordered.length ? mergeCoverage(coverages) : undefined;
  const ownCredentialsRefused = mergeOwnRefusals(ordered.map((s) => s.result.ownCredentialsRefused));

  return {
    manifest: {
      ...manifest,
      startedAt,
      finishedAt,
      durationMs: Date.parse(finishedAt) - Date.parse(startedAt),
      scenarioIds: interleave(ordered.map((s) => s.result.manifest.scenarioIds)),
      shards: shardList,
    },
    verdict: worstVerdict(requirements.map((r) => r.verdict).filter((v) => v !== 'skip')),
    exitCode: stopped ? 2 : exitCodeOf(requirements),
    ...(stopped ? { stopped } : {}),
    ...(notJudgeable.length ? { notJudgeable } : {}),
    requirements,
    scenarios: ordered
      .flatMap((s) => s.result.scenarios)
      .sort((a, b) => a.scenarioId.localeCompare(b.scenarioId) || a.principal.localeCompare(b.principal)),
    exchanges,
    totals: {
      exchanges: ordered.reduce((n, s) => n + s.result.totals.exchanges, 0),
      checks: totals,
    },
    ...(ownCredentialsRefused ? { ownCredentialsRefused } : {}),
    ...(coverage ? { coverage } : {}),
  };
}

/**
 * What the merged run could not judge: a requirement × principal a shard could not judge, unless
 * another shard judged it (each shard's list covers only its own scenarios).
 */
function mergeNotJudgeable(
  shards: readonly RunResult[],
  requirements: readonly RequirementResult[],
): NonNullable<RunResult['notJudgeable']> {
  const judged = new Set(
    requirements.flatMap((r) =>
      r.checks.filter((c) => c.verdict !== 'skip').map((c) => `${r.id}@${c.principal}`),
    ),
  );
  const merged = new Map<string, { principals: Set<string>; add: Set<string> }>();
  for (const entry of shards.flatMap((s) => s.notJudgeable ?? [])) {
    const principals = entry.principals.filter((p) => !judged.has(`${entry.id}@${p}`));
    if (principals.length === 0) continue;
    const into = merged.get(entry.id) ?? { principals: new Set<string>(), add: new Set<string>() };
    for (const p of principals) into.principals.add(p);
    for (const a of entry.add) into.add.add(a);
    merged.set(entry.id, into);
  }
  return [...merged].map(([id, { principals, add }]) => ({ id, principals: [...principals], add: [...add] }));
}

/** Checks that the reports are the shards 1..n of one run; returns them in shard order. */
function checkCompatible(shards: readonly ShardReport[]): ShardReport[] {
  const fail = (reason: string) => toolError('LC_ERR_MERGE_INCOMPATIBLE', { reason });
  if (shards.length === 0) throw fail('no shard report given');
  for (const { path, result } of shards) {
    if (!result.manifest.shard) {
      throw fail(`${path} is not a shard report (no manifest.shard; it was not run with --shard k/n)`);
    }
  }
  const ordered = [...shards].sort((a, b) => a.result.manifest.shard!.index - b.result.manifest.shard!.index);
  const first = ordered[0]!;
  const total = first.result.manifest.shard!.total;
  const seen = new Map<number, string>();
  for (const { path, result } of ordered) {
    const m = result.manifest;
    const f = first.result.manifest;
    if (m.shard!.total !== total) {
      throw fail(`${path} is shard ${m.shard!.index}/${m.shard!.total}, ${first.path} is of ${total}`);
    }
    const previous = seen.get(m.shard!.index);
    if (previous) throw fail(`${previous} and ${path} are both shard ${m.shard!.index}/${total}`);
    seen.set(m.shard!.index, path);
    const differs = (what: string, a: unknown, b: unknown) => {
      if (JSON.stringify(a) !== JSON.stringify(b)) {
        throw fail(
          `${path} and ${first.path} differ in ${what} (${JSON.stringify(b)} vs ${JSON.stringify(a)})`,
        );
      }
    };
    differs('suite version', f.tool.version, m.tool.version);
    differs('profile', f.profile.name, m.profile.name);
    differs('seed', f.seed, m.seed);
    differs('filters', f.filters, m.filters);
    differs('orgs', f.orgs, m.orgs);
    differs('spec hashes', Object.values(f.specHashes).sort(), Object.values(m.specHashes).sort());
  }
  const missing = Array.from({ length: total }, (_, i) => i + 1).filter((i) => !seen.has(i));
  if (missing.length > 0) throw fail(`shard(s) ${missing.map((i) => `${i}/${total}`).join(', ')} missing`);
  return ordered;
}

/** Round-robin union of the shards' scenario lists: the registry order of an unsharded run. */
function interleave(lists: readonly (readonly string[])[]): string[] {
  const out: string[] = [];
  const longest = Math.max(0, ...lists.map((l) => l.length));
  for (let i = 0; i < longest; i += 1) {
    for (const list of lists) {
      const id = list[i];
      if (id !== undefined && !out.includes(id)) out.push(id);
    }
  }
  return out;
}
