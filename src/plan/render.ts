import type {
  Plan,
  PlanNeed,
  PlanWarning,
  PrincipalPlan,
  PrincipalStatus,
  RequirementPlan,
  RequirementStatus,
} from './plan.ts';

/** A plan as text, Markdown or JSON: pure functions from the plan to the text `plan` prints. */

// --- shared wording ---

const STATUS_WORDS: Record<RequirementStatus, string> = {
  judgeable: 'judgeable',
  'judgeable-if-probed': 'judgeable if probed',
  'not-judgeable': 'not judgeable',
  'not-applicable': 'not applicable',
  'read-only': 'read-only',
  untestable: 'untestable',
  uncovered: 'uncovered',
};

/** `strict: not applicable (negativeBalanceOnReturn is on for this org)` */
function principalText(p: PrincipalPlan): string {
  if (p.status === 'judgeable-if-probed') return `${p.principal}: judgeable ${p.reason ?? ''}`.trimEnd();
  const why = p.reason && p.status !== 'judgeable' ? ` (${p.reason})` : '';
  return `${p.principal}: ${STATUS_WORDS[p.status]}${why}`;
}

/** A requirement's status in words: per principal, or why no profile helps. */
function statusText(r: RequirementPlan): string {
  if (r.principals.length === 0) return `${STATUS_WORDS[r.status]}${r.reason ? `: ${r.reason}` : ''}`;
  return r.principals.map(principalText).join(' · ');
}

/**
 * `N of M requirements judgeable with this profile (K only if the target has the fabric member
 * inquiry); X not judgeable; Y not applicable; Z untestable`, with read-only and uncovered counts
 * when there are any.
 */
export function planSummaryLine(plan: Plan): string {
  const t = plan.totals;
  const probed = t['judgeable-if-probed'];
  const parts = [
    `${t.judgeable + probed} of ${plan.requirements.length} requirements judgeable with this profile${probed > 0 ? ` (${probed} only if the target has the fabric member inquiry)` : ''}`,
    `${t['not-judgeable']} not judgeable`,
    `${t['not-applicable']} not applicable`,
    ...(t['read-only'] > 0 ? [`${t['read-only']} read-only (safety: no mutations)`] : []),
    `${t.untestable} untestable`,
    ...(t.uncovered > 0 ? [`${t.uncovered} uncovered`] : []),
  ];
  return parts.join('; ');
}

/** What to add, grouped: each cheapest fix once, with the requirement@principal pairs it unlocks. */
export interface AddGroup {
  /** The needs of the cheapest fix, all of them needed together. */
  readonly add: readonly string[];
  /** The requirements it unlocks, each with its principals and the other ways to unlock them. */
  readonly requirements: readonly {
    readonly id: string;
    readonly principals: readonly string[];
    /** Other fixes that would do instead, each a list of needs. */
    readonly alternatives: readonly (readonly string[])[];
  }[];
}

const addsOf = (option: readonly PlanNeed[]) => option.map((n) => n.add);

/**
 * The not-judgeable requirement@principal pairs grouped by their cheapest fix, the fixes that
 * unlock most first (ties in catalogue order).
 */
export function groupByAdd(plan: Plan): AddGroup[] {
  type Entry = { id: string; principals: string[]; alternatives: string[][] };
  const groups = new Map<string, { add: string[]; requirements: Map<string, Entry> }>();
  for (const r of plan.requirements) {
    for (const p of r.principals) {
      if (p.status !== 'not-judgeable') continue;
      const [cheapest = [], ...others] = p.options;
      const add = addsOf(cheapest);
      const key = add.join('\u0000');
      const group = groups.get(key) ?? { add, requirements: new Map<string, Entry>() };
      groups.set(key, group);
      // Principals share a line when they also share the other ways to unlock the requirement.
      const alternatives = others.map(addsOf);
      const entryKey = JSON.stringify([r.id, alternatives]);
      const entry = group.requirements.get(entryKey) ?? { id: r.id, principals: [], alternatives };
      entry.principals.push(p.principal);
      group.requirements.set(entryKey, entry);
    }
  }
  return [...groups.values()]
    .map((g) => ({ add: g.add, requirements: [...g.requirements.values()] }))
    .sort((a, b) => b.requirements.length - a.requirements.length);
}

const pairCount = (plan: Plan, status: PrincipalStatus) =>
  plan.requirements.reduce((n, r) => n + r.principals.filter((p) => p.status === status).length, 0);

/** `strict: customer c-1 declares no mobile, …: its balance cannot be read, so the scenarios that read it skip (add: …)` */
export const warningText = (w: PlanWarning) =>
  `${w.principal}: ${w.reason}, so the scenarios that read it skip (add: ${w.add})`;

/** The text section of the warnings (`plan`, `run --dry-run`), a blank line first; none without any. */
export const warningLines = (warnings: readonly PlanWarning[]): string[] =>
  warnings.length > 0
    ? ['', `Warnings (${warnings.length})`, ...warnings.map((w) => `  ${warningText(w)}`)]
    : [];

const addLabel = (add: readonly string[]) =>
  add.length > 0 ? add.join(' + ') : 'nothing the suite can name';

// --- text ---

/**
 * One line per requirement (`CAP-NPA-8907  MUST  strict: judgeable · lenient: not applicable
 * (…)`), then what to add grouped by fix, then the summary line.
 */
export function renderPlanText(plan: Plan): string {
  const width = Math.max(10, ...plan.requirements.map((r) => r.id.length)) + 2;
  const lines = [
    `Plan of profile ${plan.profile.name} (${plan.profile.source}): what the suite can judge; no request sent`,
    '',
    ...plan.requirements.map((r) => `${r.id.padEnd(width)}${r.level.padEnd(8)}${statusText(r)}`),
  ];
  const probed = plan.requirements.filter((r) => r.status === 'judgeable-if-probed');
  if (probed.length > 0) {
    lines.push(
      '',
      `Judgeable only if the target has the fabric member inquiry, probed at run start (${probed.length})`,
      ...probed.map((r) => `  ${r.id}`),
    );
  }
  const groups = groupByAdd(plan);
  if (groups.length > 0) {
    lines.push(
      '',
      `Not judgeable with this profile (${pairCount(plan, 'not-judgeable')} requirement@principal)`,
    );
    for (const group of groups) {
      lines.push(`  add ${addLabel(group.add)}`);
      for (const r of group.requirements) {
        const or = r.alternatives.map((a) => ` (or add ${addLabel(a)})`).join('');
        lines.push(`    ${r.id} ${r.principals.map((p) => `@${p}`).join(' ')}${or}`);
      }
    }
  }
  lines.push(...warningLines(plan.warnings), '', planSummaryLine(plan));
  return `${lines.join('\n')}\n`;
}

// --- Markdown ---

const cell = (text: string) => text.replaceAll('|', '\\|').replace(/\s*\n\s*/g, ' ');

/** A Markdown report: the summary, a table of every requirement, and what to add grouped by fix. */
export function renderPlanMarkdown(plan: Plan): string {
  const lines = [
    `# Plan: what profile ${cell(plan.profile.name)} lets the suite judge`,
    '',
    `${planSummaryLine(plan)}. No request was sent.`,
    '',
    '| requirement | level | status | per principal | to add |',
    '|---|---|---|---|---|',
  ];
  for (const r of plan.requirements) {
    const perPrincipal =
      r.principals.length > 0 ? r.principals.map(principalText).join('; ') : (r.reason ?? '');
    const add = [...new Set(r.principals.filter((p) => p.status === 'not-judgeable').flatMap((p) => p.add))];
    lines.push(
      `| ${r.id} | ${r.level} | ${STATUS_WORDS[r.status]} | ${cell(perPrincipal)} | ${cell(add.join('; '))} |`,
    );
  }
  const groups = groupByAdd(plan);
  if (groups.length > 0) {
    lines.push(
      '',
      `## Not judgeable with this profile (${pairCount(plan, 'not-judgeable')} requirement@principal)`,
      '',
      '| add | unlocks |',
      '|---|---|',
    );
    for (const group of groups) {
      const unlocks = group.requirements.map((r) => `${r.id} ${r.principals.map((p) => `@${p}`).join(' ')}`);
      lines.push(`| ${cell(addLabel(group.add))} | ${cell(unlocks.join(', '))} |`);
    }
  }
  if (plan.warnings.length > 0) {
    lines.push('', '## Warnings', '', ...plan.warnings.map((w) => `- ${warningText(w)}`));
  }
  return `${lines.join('\n')}\n`;
}

// --- JSON ---

/** The plan as JSON (its types are the format). */
export function renderPlanJson(plan: Plan): string {
  return `${JSON.stringify(plan, null, 2)}\n`;
}
