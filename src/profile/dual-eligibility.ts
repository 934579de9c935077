import type { OrgProfile, PrimaryIdentifierName } from './types.ts';

/**
 * The org's primary identifier when its profile declares dual eligibility on, else undefined: the
 * balance page answers 8015 to a lone identifier other than it, so lookups and their judgement
 * depend on it.
 */
export const dualPrimaryOf = (
  org: Pick<OrgProfile, 'config'> | undefined,
): PrimaryIdentifierName | undefined =>
  org?.config.dualEligibility?.enabled ? org.config.dualEligibility.primaryIdentifier : undefined;
