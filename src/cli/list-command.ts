import { type Catalogue, OWN_CHOICE_DOCUMENT, type Requirement } from '../catalogue/catalogue.ts';

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
