import type { OrgProfile, Profile } from '../profile/types.ts';
import type { Capabilities } from './fixtures.ts';
import type { OrgConfigManifest, OrgFixturesManifest, RunManifest } from './types.ts';

/**
 * What a run's manifest records of the profile's configuration and fixtures, so that a diff of
 * two reports can say what changed besides the target: each org's `config`, fabric's member
 * inquiry (declared and probed), the fixtures by name and the probed capabilities. Names only:
 * customer identifiers, bill numbers and credentials stay out (a report travels further than a
 * profile).
 */
export type ConfigurationManifest = Pick<
  RunManifest,
  'apiErrorStatus' | 'orgConfig' | 'fabric' | 'fixtures' | 'capabilities'
>;

/** One org's `config`, copied field by field (the profile is frozen; the report is plain JSON). */
function orgConfigOf(org: OrgProfile): OrgConfigManifest {
  const { negativeBalanceOnReturn, defaultProgramId, programs, dualEligibility } = org.config;
  return {
    negativeBalanceOnReturn,
    ...(defaultProgramId !== undefined ? { defaultProgramId } : {}),
    programs: programs.map((p) => ({
      id: p.id,
      ...(p.roundDecimals !== undefined ? { roundDecimals: p.roundDecimals } : {}),
    })),
    ...(dualEligibility
      ? {
          dualEligibility: {
            enabled: dualEligibility.enabled,
            ...(dualEligibility.primaryIdentifier
              ? { primaryIdentifier: dualEligibility.primaryIdentifier }
              : {}),
          },
        }
      : {}),
  };
}

/** One org's fixtures by key, with its credential schemes. */
function orgFixturesOf(org: OrgProfile): OrgFixturesManifest {
  const { customers, roles, bills, promotion, pointsAwardedId } = org.fixtures;
  return {
    customers: Object.keys(customers),
    roles: Object.fromEntries(
      Object.entries(roles)
        .filter(([, value]) => value !== undefined)
        .map(([role, value]) => [role, Array.isArray(value) ? [...value] : (value as string)]),
    ),
    bills: Object.keys(bills ?? {}),
    promotion: promotion !== undefined,
    pointsAward: pointsAwardedId !== undefined,
    credentials: {
      auth: org.auth.scheme,
      ...(org.alternateAuth ? { alternateAuth: org.alternateAuth.scheme } : {}),
      ...(org.restrictedAuth ? { restrictedAuth: org.restrictedAuth.scheme } : {}),
    },
  };
}

/** The manifest's record of the profile's configuration, with the capabilities probed (if any). */
export function configurationManifest(
  profile: Profile,
  capabilities: Capabilities | undefined,
): ConfigurationManifest {
  const orgs = profile.capillary?.orgs ?? [];
  const fabric = profile.fabric;
  return {
    apiErrorStatus: Array.isArray(profile.apiErrorStatus)
      ? [...profile.apiErrorStatus]
      : profile.apiErrorStatus,
    orgConfig: Object.fromEntries(orgs.map((org) => [org.id, orgConfigOf(org)])),
    ...(fabric
      ? {
          fabric: {
            memberInquiry: {
              declared: fabric.memberInquiry ?? 'auto',
              ...(capabilities ? { present: capabilities.memberInquiry.present } : {}),
            },
          },
        }
      : {}),
    fixtures: {
      orgs: Object.fromEntries(orgs.map((org) => [org.id, orgFixturesOf(org)])),
      ...(fabric ? { fabric: { member: Boolean(fabric.fixtures.member.profileId) } } : {}),
    },
    ...(capabilities
      ? {
          capabilities: {
            memberInquiry: {
              present: capabilities.memberInquiry.present,
              reason: capabilities.memberInquiry.reason,
            },
          },
        }
      : {}),
  };
}
