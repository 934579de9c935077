import {
  type Catalogue,
  loadCatalogue,
  OWN_CHOICE_DOCUMENT,
  type Requirement,
} from '../catalogue/catalogue.ts';
import { writeOutFile } from './out-file.ts';

/** Options of `loyalty-conformance list`, as commander parses them. */
export interface ListCommandOptions {
  /** `text` (default), `md` or `json`. */
  format: string;
  requirement?: string[];
  uncovered?: boolean;
  out?: string;
}

/**
 * `list`: the requirement catalogue as text, Markdown or JSON, or (`--uncovered`) what no scenario
 * or universal check verifies, which loads the suites (only then).
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
    if (options.format === 'json' || options.format === 'md') {
      const reasons = new Map(uncovered.map((u) => [u.id, u.reason]));
      const requirements = catalogue.requirements.filter((r) => reasons.has(r.id));
      // `md` is a format of `list` like any other: it must not fall back to text under --uncovered.
      text =
        options.format === 'json'
          ? renderCatalogueJson(catalogue, requirements, reasons)
          : renderCatalogueMarkdown(catalogue, requirements, reasons);
    } else {
      text = `${uncovered.map((u) => `${u.id.padEnd(34)} ${u.reason}`).join('\n')}\n${count} of ${catalogue.requirements.length} requirements uncovered\n`;
    }
  } else {
    const requirements = catalogue.requirements.filter((r) => !wanted || wanted.has(r.id));
    count = requirements.length;
    text =
      options.format === 'json'
        ? renderCatalogueJson(catalogue, requirements)
        : options.format === 'md'
          ? renderCatalogueMarkdown(catalogue, requirements)
          : renderCatalogueText(requirements);
  }
  if (options.out) {
    writeOutFile(options.out, text);
    process.stdout.write(`wrote ${count} requirements to ${options.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return 0;
}

/** One requirement as `list --format json` gives it: the catalogue entry with its source cited. */
export interface CatalogueEntryJson {
  readonly id: string;
  readonly title: string;
  readonly level: Requirement['level'];
  readonly operations: readonly string[];
  /** The public page and section, as `conformance.json` cites it (`document: choice`, no `url`: the project's own choice). */
  readonly source: {
    readonly document: string;
    readonly title: string;
    readonly url?: string;
    readonly section: string;
  };
  /** The rule, paraphrased. */
  readonly rule: string;
  readonly tags: readonly string[];
  readonly errorCode?: number;
  readonly appliesWhen?: string;
  /** false when no black-box test can judge it; `whyNot` then says why. */
  readonly blackBox: boolean;
  readonly whyNot?: string;
  /** With `--uncovered`: why no scenario or universal check verifies it. */
  readonly uncoveredReason?: string;
}

/**
 * The requirements as a JSON array (one {@link CatalogueEntryJson} each, catalogue order), for
 * scripts; with `uncovered`, each carries the reason no check verifies it.
 */
export function renderCatalogueJson(
  catalogue: Catalogue,
  requirements: readonly Requirement[],
  uncovered?: ReadonlyMap<string, string>,
): string {
  const entries = requirements.map((r): CatalogueEntryJson => {
    const document = catalogue.documents[r.source.document];
    const reason = uncovered?.get(r.id);
    return {
      id: r.id,
      title: r.title,
      level: r.level,
      operations: r.operations,
      source: {
        document: r.source.document,
        // As the run's reports cite it (conformance.json), so both can be joined on it.
        title: document?.title ?? r.source.document,
        ...(document?.url ? { url: document.url } : {}),
        section: r.source.section,
      },
      rule: r.rule,
      tags: r.tags,
      ...(r.errorCode !== undefined ? { errorCode: r.errorCode } : {}),
      ...(r.appliesWhen !== undefined ? { appliesWhen: r.appliesWhen } : {}),
      blackBox: r.blackBox,
      ...(r.whyNot !== undefined ? { whyNot: r.whyNot } : {}),
      ...(reason !== undefined ? { uncoveredReason: reason } : {}),
    };
  });
  return `${JSON.stringify(entries, null, 2)}\n`;
}

/** The requirement catalogue as a Markdown table, grouped by operation family, for people and PRs. */
export function renderCatalogueMarkdown(
  catalogue: Catalogue,
  requirements = catalogue.requirements,
  uncovered?: ReadonlyMap<string, string>,
): string {
  const lines = [
    uncovered ? '# Requirements no scenario or universal check verifies' : '# Requirement catalogue',
    '',
    `${requirements.length}${uncovered ? ` of ${catalogue.requirements.length}` : ''} requirements (${count(requirements, 'MUST')} MUST, ${count(requirements, 'SHOULD')} SHOULD).`,
    '',
    `| ID | level | operations | black-box | source | title |${uncovered ? ' why uncovered |' : ''}`,
    `|---|---|---|---|---|---|${uncovered ? '---|' : ''}`,
  ];
  for (const r of requirements) {
    const blackBox = r.blackBox ? 'yes' : `no: ${r.whyNot ?? ''}`;
    const reason = uncovered ? ` ${cell(uncovered.get(r.id) ?? '')} |` : '';
    lines.push(
      `| ${r.id} | ${r.level} | ${r.operations.join(', ')} | ${cell(blackBox)} | ${sourceMarkdown(catalogue, r)} | ${cell(r.title)} |${reason}`,
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
