import { beforeAll, describe, expect, it } from 'vitest';
import { formatConsoleSummary } from '../../reporters/console.ts';
import { renderHtml } from '../../reporters/html.ts';
import { renderJsonReport } from '../../reporters/json.ts';
import { renderJunit } from '../../reporters/junit.ts';
import { markdownSource, renderMarkdown } from '../../reporters/markdown.ts';
import { documentReference } from '../../reporters/summary.ts';
import { loadCatalogue, OWN_CHOICE_DOCUMENT } from '../../src/catalogue/catalogue.ts';
import { renderCatalogueMarkdown } from '../../src/cli/list-command.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { diffReports, renderDiffMarkdown, renderDiffText } from '../../src/report/diff.ts';
import { faultyNpaRun, reporterOptions, tempDir } from './support.ts';

/**
 * Reports cite what a user can open: the vendor's public page and its section, or the project's
 * own choice. Never a file of the project's private folder.
 */

/** Names of files only the project's authors have (its private shared folder). */
const PRIVATE_FILES = [
  'capillary-negative-points-adjustment.txt',
  'capillary-unlock-promised-points.txt',
  'capillary-points-balance.txt',
  'fabric-points-adjustment.txt',
  'DESIGN.md',
];

/** What a citation must not mention: a file, the design notes, the seed documents, the shared folder. */
const PRIVATE_MENTION = /\.txt|\.md\b|design|seed|shared\//i;

const NPA_PAGE = 'https://docs.capillarytech.com/reference/deduct-points-from-user';

const catalogue = loadCatalogue();

describe('the catalogue cites public sources', () => {
  it('gives every document a public https page, except the own choice, which has none', () => {
    for (const [key, document] of Object.entries(catalogue.documents)) {
      if (key === OWN_CHOICE_DOCUMENT) expect(document.url, key).toBeUndefined();
      else
        expect(document.url, key).toMatch(/^https:\/\/(docs\.capillarytech\.com|developer\.fabric\.inc)\//);
    }
    expect(catalogue.documents[OWN_CHOICE_DOCUMENT]?.title).toBe(
      "loyalty-conformance's own choice (no public source)",
    );
  });

  it('makes every requirement cite a document with a url, or the own choice', () => {
    const bad = catalogue.requirements
      .filter((r) => {
        const document = catalogue.documents[r.source.document];
        return !document || (r.source.document !== OWN_CHOICE_DOCUMENT && !document.url);
      })
      .map((r) => `${r.id} → ${r.source.document}`);
    expect(bad).toEqual([]);
  });

  it('names no private file, design note, seed or shared folder in a section or title', () => {
    const texts = [
      ...Object.entries(catalogue.documents).map(([key, d]) => [`documents.${key}.title`, d.title]),
      ...catalogue.requirements.flatMap((r) => [
        [`${r.id} section`, r.source.section],
        [`${r.id} title`, r.title],
      ]),
    ];
    const mentions = texts.filter(([, text]) => PRIVATE_MENTION.test(text ?? '')).map(([where]) => where);
    expect(mentions).toEqual([]);
  });
});

describe('every reporter cites public sources', () => {
  let run: RunResult;
  const outputs = new Map<string, string>();

  beforeAll(async () => {
    run = await faultyNpaRun();
    const options = reporterOptions(tempDir());
    // A baseline in which everything passed: the diff lists the failures as newly failing.
    const baseline: RunResult = {
      ...run,
      requirements: run.requirements.map((r) => ({
        ...r,
        verdict: 'pass',
        checks: r.checks.map((c) => ({ ...c, verdict: 'pass' })),
      })),
    };
    const diff = diffReports(baseline, run);
    outputs.set('console', formatConsoleSummary(run));
    outputs.set('json', renderJsonReport(run, options));
    outputs.set('junit', renderJunit(run, options));
    outputs.set('html', renderHtml(run, options));
    outputs.set('markdown', renderMarkdown(run));
    outputs.set('diff text', renderDiffText(diff));
    outputs.set('diff markdown', renderDiffMarkdown(diff));
    outputs.set('list --format md', renderCatalogueMarkdown(catalogue));
  }, 60_000);

  it.each(['console', 'json', 'junit', 'html', 'markdown', 'diff text', 'diff markdown', 'list --format md'])(
    '%s names no private file',
    (name) => {
      const text = outputs.get(name) ?? '';
      expect(text.length).toBeGreaterThan(100);
      for (const file of PRIVATE_FILES) expect(text, `${name} names ${file}`).not.toContain(file);
    },
  );

  it.each(['console', 'json', 'junit', 'html', 'markdown', 'diff text', 'list --format md'])(
    '%s cites the public page of negativePointsAdjustment',
    (name) => {
      expect(outputs.get(name)).toContain(NPA_PAGE);
    },
  );

  it('links the public page in HTML (a link with no referrer, not an asset)', () => {
    const html = outputs.get('html') ?? '';
    expect(html).toContain(
      `<a href="${NPA_PAGE}" rel="noreferrer" target="_blank">Capillary docs: Deduct points from user — API Error Codes (8907)</a>`,
    );
    expect(html).not.toMatch(/<(?:link|img|iframe)\b|\bsrc=|@import|url\(/i);
  });

  it('writes the source in the JSON report as document, title, url and section, never a file', () => {
    const report = JSON.parse(outputs.get('json') ?? '{}') as {
      requirements: { id: string; source: Record<string, unknown> }[];
    };
    const npa = report.requirements.find((r) => r.id === 'CAP-NPA-8907');
    expect(npa?.source).toEqual({
      document: 'capillary-npa',
      title: 'Capillary docs: Deduct points from user',
      url: NPA_PAGE,
      section: 'API Error Codes (8907)',
    });
    expect(report.requirements.filter((r) => 'file' in r.source)).toEqual([]);
  });

  it("words the project's own choice as such, with no link", () => {
    const own = run.requirements.find((r) => r.id === 'GEN-NO-5XX');
    expect(own?.source).toMatchObject({ document: OWN_CHOICE_DOCUMENT });
    expect(own?.source.url).toBeUndefined();
    if (!own) return;
    expect(documentReference(own)).toBe(`loyalty-conformance's own choice — ${own.source.section}`);
    expect(markdownSource(own)).toBe(`loyalty-conformance's own choice — ${own.source.section}`);
    expect(outputs.get('list --format md')).toMatch(
      /^\| GEN-NO-5XX \| \w+ \| .* \| loyalty-conformance's own choice — universal check/m,
    );
  });
});
