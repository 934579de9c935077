import { type Catalogue, loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { UNIVERSAL_CHECKS } from '../../src/checks/index.ts';
import { loadScenarios } from '../../src/engine/scenario-registry.ts';
import type { Scenario } from '../../src/engine/types.ts';
import { type Plan, type PlanInput, planRequirements } from '../../src/plan/plan.ts';
import { loadProfile, parseProfile } from '../../src/profile/load-profile.ts';
import type { Profile } from '../../src/profile/types.ts';
import { loadDefaultSpecs, operationFamiliesOf } from '../../src/spec/index.ts';
import { SUITES } from '../../suites/index.ts';
import { editedReference, type ProfileEdit } from '../profile/support.ts';

/** The profile with the fewest fixtures a staging org usually has to spare (one customer, one bill per org). */
export const MINIMAL_PROFILE = 'test/faults/profiles/minimal.yaml';
export const REFERENCE_PROFILE = 'config/reference.yaml';

/** What a plan reads, loaded once per test file. */
export interface PlanWorld {
  readonly catalogue: Catalogue;
  readonly scenarios: readonly Scenario[];
  readonly operationFamilies: Readonly<Record<string, string>>;
}

export async function loadWorld(): Promise<PlanWorld> {
  const catalogue = loadCatalogue();
  return {
    catalogue,
    scenarios: loadScenarios(SUITES, catalogue),
    operationFamilies: operationFamiliesOf(await loadDefaultSpecs()),
  };
}

/** The plan of a profile (a file, or an edit of the reference profile) with the shipped suites. */
export function planOf(world: PlanWorld, profile: string | Profile, extra: Partial<PlanInput> = {}): Plan {
  return planRequirements({
    catalogue: world.catalogue,
    scenarios: world.scenarios,
    profile: typeof profile === 'string' ? loadProfile(profile) : profile,
    universalRequirementIds: UNIVERSAL_CHECKS.map((c) => c.requirementId),
    operationFamilies: world.operationFamilies,
    ...extra,
  });
}

/** The reference profile with one edit (see test/profile/support.ts). */
export const editedProfile = (edit: ProfileEdit): Profile =>
  parseProfile(editedReference(edit), 'edited-reference.yaml');

/** One requirement of a plan (fails the test when the plan lacks it). */
export function entry(plan: Plan, id: string) {
  const found = plan.requirements.find((r) => r.id === id);
  if (!found) throw new Error(`the plan has no ${id}`);
  return found;
}

/** `principal → status` of one requirement. */
export function statuses(plan: Plan, id: string): Record<string, string> {
  return Object.fromEntries(entry(plan, id).principals.map((p) => [p.principal, p.status]));
}

/** The IDs of a plan's requirements with this status. */
export const idsWith = (plan: Plan, status: string): string[] =>
  plan.requirements.filter((r) => r.status === status).map((r) => r.id);

/** The unlock rules one bill with two line items judges (the minimal profile's promise). */
export const ONE_BILL_UNLOCK_RULES = [
  'CAP-UPP-MOVE',
  'CAP-UPP-ONCE',
  'CAP-UPP-82323282',
  'CAP-UPP-FILTER-LINE-ITEMS',
  'CAP-UPP-FILTER-ITEM-CODES',
  'CAP-UPP-3918',
  'CAP-UPP-82323272',
] as const;

/** A scenario of `CAP-NPA-ARITHMETIC` needing only `fixtures`, for plans over made-up suites. */
export const arithmeticScenario = (id: string, fixtures: Scenario['fixtures']): Scenario => ({
  id: `negative-balance.${id}`,
  title: id,
  requirements: ['CAP-NPA-ARITHMETIC'],
  fixtures,
  family: 'capillary',
  tags: [],
  mutates: true,
  run: async () => {},
});
