import { SUITES } from '../../suites/index.ts';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { UNIVERSAL_CHECKS } from '../checks/index.ts';
import { loadScenarios } from '../engine/scenario-registry.ts';
import { assertKnownRequirements, nothingSelected, type SelectionOptions } from '../engine/selection.ts';
import { type Plan, planRequirements } from '../plan/plan.ts';
import { renderPlanJson, renderPlanMarkdown, renderPlanText } from '../plan/render.ts';
import { loadProfile, REFERENCE_PROFILE_PATH } from '../profile/index.ts';
import { loadDefaultSpecs, operationFamiliesOf } from '../spec/index.ts';
import { writeOutFile } from './out-file.ts';
import type { SelectionCliOptions } from './shared-options.ts';

/** Options of `loyalty-conformance plan`, as commander parses them. */
export interface PlanCommandOptions extends SelectionCliOptions {
  /** The target profile; default `config/reference.yaml`. */
  profile?: string;
  format: 'text' | 'md' | 'json';
  /** As `run --allow-mutations`: a production profile that consents may plan mutating scenarios. */
  allowMutations?: boolean;
  /** A file to write instead of stdout. */
  out?: string;
}

/** The renderer of each `--format`. */
export const PLAN_FORMATS = {
  text: renderPlanText,
  md: renderPlanMarkdown,
  json: renderPlanJson,
} as const satisfies Record<PlanCommandOptions['format'], (plan: Plan) => string>;

/**
 * `plan`: per requirement, whether the profile lets the suite judge it and what to add where it
 * does not. Reads the profile, the catalogue, the suites and the specs; sends no request. Exit 0:
 * a plan is a report, not a verdict. A bad profile or filter is a tool error (exit 2).
 */
export async function planCommand(options: PlanCommandOptions): Promise<number> {
  const catalogue = loadCatalogue();
  assertKnownRequirements(options.requirement, catalogue);
  const scenarios = loadScenarios(SUITES, catalogue);
  const profile = loadProfile(options.profile ?? REFERENCE_PROFILE_PATH);
  const selection: SelectionOptions = {
    ...(options.grep ? { grep: options.grep } : {}),
    ...(options.tag?.length ? { tags: options.tag } : {}),
    ...(options.requirement?.length ? { requirements: options.requirement } : {}),
    ...(options.allowMutations ? { allowMutations: true } : {}),
  };
  const plan = planRequirements({
    catalogue,
    scenarios,
    profile,
    universalRequirementIds: UNIVERSAL_CHECKS.map((c) => c.requirementId),
    selection,
    operationFamilies: operationFamiliesOf(await loadDefaultSpecs()),
  });
  if (plan.requirements.length === 0) throw nothingSelected(selection, scenarios, profile);
  const text = PLAN_FORMATS[options.format](plan);
  if (options.out) {
    writeOutFile(options.out, text);
    process.stdout.write(`wrote the plan of ${plan.requirements.length} requirements to ${options.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}
