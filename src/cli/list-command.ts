import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import {
  type Catalogue,
  loadCatalogue,
  OWN_CHOICE_DOCUMENT,
  type Requirement,
} from '../catalogue/catalogue.ts';

/** Options of `loyalty-conformance list`, as commander parses them. */
export interface ListCommandOptions {
  format: string;
  requirement?: string[];
  uncovered?: boolean;
  out?: string;
}

/**
 * `list`: the requirement catalogue as text or Markdown, or (`--uncovered`) what no scenario or
 * universal check verifies, which loads the suites (only then).
 */
export async function listCommand(options: ListCommandOptions): Promise<number> {
  const catalogue = loadCatalogue();
  const wanted = options.requirement ? new Set(options.requirement) : undefined;
  let text: string;
  let count: number;
  if (options.uncovered) {
    const [{ SUITES }, { UNIVERSAL_CHECKS }, { loadScenarios, uncoveredRequirements }] = await Promise.all([
      import('../../suites/index.ts'),
      import('../checks/index.ts'),
      import('../engine/scenario-registry.ts'),
    ]);
    const scenarios = loadScenarios(SUITES, catalogue);
    const uncovered = uncoveredRequirements(
      catalogue,
      scenarios,
      UNIVERSAL_CHECKS.map((c) => c.requirementId),
    ).filter((u) => !wanted || wanted.has(u.id));
    count = uncovered.length;
    text = `${uncovered.map((u) => `${u.id.padEnd(34)} ${u.reason}`).join('\n')}\n${count} of ${catalogue.requirements.length} requirements uncovered\n`;
  } else {
    const requirements = catalogue.requirements.filter((r) => !wanted || wanted.has(r.id));
    count = requirements.length;
    text =
      options.format === 'md'
        ? renderCatalogueMarkdown(catalogue, requirements)
        : renderCatalogueText(requirements);
  }
  if (options.out) {
    mkdirSync(dirname(options.out), { recursive: true });
    writeFileSync(options.out, text);
    process.stdout.write(`wrote ${count} requirements to ${options.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** The requirement catalogue as a Markdown table, grouped by operation family, for people and PRs. */
export function renderCatalogueMarkdown(catalogue: Catalogue, requirements = catalogue.requirements): string {
  const lines = [
    '# Requirement catalogue',
    '',
    `${requirements.length} requirements (${count(requirements, 'MUST')} MUST, ${count(requirements, 'SHOULD')} SHOULD).`,
    '',
    '| ID | level | operations | black-box | source | title |',
    '|---|---|---|---|---|---|',
  ];
  for (const r of requirements) {
    const blackBox = r.blackBox ? 'yes' : `no: ${r.whyNot ?? ''}`;
    lines.push(
      `| ${r.id} | ${r.level} | ${r.operations.join(', ')} | ${cell(blackBox)} | ${sourceMarkdown(catalogue, r)} | ${cell(r.title)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * A requirement's source in words: `title — section`, or `loyalty-conformance's own choice —
 * section`; with the public page when the source has one.
 */
export function sourceOf(
  catalogue: Catalogue,
  r: Requirement,
): { readonly text: string; readonly url?: string } {
  const document = catalogue.documents[r.source.document];
  const name =
    r.source.document === OWN_CHOICE_DOCUMENT
      ? "loyalty-conformance's own choice"
      : (document?.title ?? r.source.document);
  const text = `${name} — ${r.source.section}`;
  return document?.url ? { text, url: document.url } : { text };
}

/** The source as a Markdown link `[title — section](url)`, plain text for an own choice. */
const sourceMarkdown = (catalogue: Catalogue, r: Requirement): string => {
  const { text, url } = sourceOf(catalogue, r);
  const words = cell(text).replace(/[[\]]/g, '\\$&');
  return url ? `[${words}](${url})` : words;
};

/** One plain line per requirement, for terminals and grep. */
export function renderCatalogueText(requirements: readonly Requirement[]): string {
  return `${requirements.map((r) => `${r.id.padEnd(34)} ${r.level.padEnd(6)} ${r.title}`).join('\n')}\n`;
}

const count = (requirements: readonly Requirement[], level: Requirement['level']) =>
  requirements.filter((r) => r.level === level).length;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
