import type { OrgConfigManifest } from '../engine/types.ts';
import type { ComparedTarget, Comparison } from './model.ts';

/**
 * The words every rendering of a comparison shares: a target's manifest as labelled facts, its
 * verdict in words. Plain text; each renderer escapes it for its format.
 */

/** `NON-CONFORMANT`, `NOT JUDGED` or `CONFORMANT`, as the run's own reports say it. */
export function targetHeadline(target: ComparedTarget): string {
  if (target.stopped) return 'NOT JUDGED';
  if (target.verdict === 'fail') return 'NON-CONFORMANT';
  if (target.exitCode === 2) return 'NOT JUDGED';
  return 'CONFORMANT';
}

/** `negativeBalanceOnReturn off; default program 469; programs 469 (2 decimals), 973 (3 decimals); dual eligibility on (primary mobile)` */
export function orgConfigText(config: OrgConfigManifest): string {
  const programs = config.programs
    .map(
      (p) =>
        `${p.id} (${p.roundDecimals === undefined ? 'decimals unknown' : `${p.roundDecimals} decimals`})`,
    )
    .join(', ');
  const dual = config.dualEligibility?.enabled
    ? `on (primary ${config.dualEligibility.primaryIdentifier ?? 'unknown'})`
    : 'off';
  return [
    `negativeBalanceOnReturn ${config.negativeBalanceOnReturn}`,
    config.defaultProgramId !== undefined ? `default program ${config.defaultProgramId}` : '',
    programs ? `programs ${programs}` : '',
    `dual eligibility ${dual}`,
  ]
    .filter(Boolean)
    .join('; ');
}

/** A fact of a target's header: what it is, and its value as text. */
export interface TargetFact {
  readonly name: string;
  readonly value: string;
}

/**
 * A target's manifest as the header of its column: profile, environment and source, base URLs,
 * each org's configuration, the error status, fabric's member inquiry, suite version, spec
 * hashes, start, seed and verdict.
 */
export function targetFacts(target: ComparedTarget): TargetFact[] {
  const facts: TargetFact[] = [
    { name: 'profile', value: `${target.profile.name} (environment ${target.profile.environment})` },
    { name: 'profile source', value: target.profile.source },
    ...Object.entries(target.targets).map(([family, url]) => ({ name: `${family} base URL`, value: url })),
  ];
  for (const org of target.orgs) {
    const config = target.orgConfig?.[org];
    facts.push({ name: `org ${org}`, value: config ? orgConfigText(config) : 'configuration not recorded' });
  }
  if (target.apiErrorStatus !== undefined) {
    const status = target.apiErrorStatus;
    facts.push({ name: 'apiErrorStatus', value: Array.isArray(status) ? status.join(', ') : String(status) });
  }
  if (target.memberInquiry) {
    const { declared, present } = target.memberInquiry;
    const probed = present === undefined ? 'not probed' : present ? 'present' : 'absent';
    facts.push({ name: 'fabric member inquiry', value: `${String(declared)} (probed: ${probed})` });
  }
  facts.push(
    { name: 'suite version', value: target.suiteVersion },
    {
      name: 'spec hashes',
      value: Object.entries(target.specHashes)
        .map(([file, hash]) => `${file} ${hash.slice(0, 12)}`)
        .join(', '),
    },
    { name: 'started', value: target.startedAt },
    { name: 'seed', value: String(target.seed) },
    ...(target.shard ? [{ name: 'shard', value: `${target.shard.index}/${target.shard.total}` }] : []),
    {
      name: 'verdict',
      value: `${targetHeadline(target)}${target.stopped ? ` (${target.stopped.code})` : ''}`,
    },
  );
  return facts;
}

/** The overall headline of a comparison: how many requirements differ, how many fail. */
export function comparisonHeadline(comparison: Comparison): string {
  const { difference } = comparison.counts;
  const differ =
    difference === 0 ? 'no differences' : `${difference} difference${difference === 1 ? '' : 's'}`;
  const fails = comparison.failing === 0 ? 'no failures' : `${comparison.failing} failing on some target`;
  return `${differ}, ${fails}`;
}
