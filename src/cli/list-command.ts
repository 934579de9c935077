import type { Catalogue, Requirement } from '../catalogue/catalogue.ts';

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
    const doc = catalogue.documents[r.source.document]?.file ?? r.source.document;
    const blackBox = r.blackBox ? 'yes' : `no: ${r.whyNot ?? ''}`;
    lines.push(
      `| ${r.id} | ${r.level} | ${r.operations.join(', ')} | ${cell(blackBox)} | ${cell(`${doc} — ${r.source.section}`)} | ${cell(r.title)} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}

/** One plain line per requirement, for terminals and grep. */
export function renderCatalogueText(requirements: readonly Requirement[]): string {
  return `${requirements.map((r) => `${r.id.padEnd(34)} ${r.level.padEnd(6)} ${r.title}`).join('\n')}\n`;
}

const count = (requirements: readonly Requirement[], level: Requirement['level']) =>
  requirements.filter((r) => r.level === level).length;
const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ');
