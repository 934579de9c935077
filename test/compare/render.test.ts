import { createHash } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { renderComparisonHtml } from '../../src/compare/html.ts';
import { renderComparisonJson } from '../../src/compare/json.ts';
import { renderComparisonMarkdown } from '../../src/compare/markdown.ts';
import { type Comparison, compareExitCode, compareReports } from '../../src/compare/model.ts';
import { renderComparisonText } from '../../src/compare/text.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { loadDefaultSpecs, operationFamiliesOf } from '../../src/spec/index.ts';
import { referenceRun, tempDir } from '../reporters/support.ts';
import { launchChromium, openRecording } from '../support/browser.ts';
import { inputs, named, withManifest, withoutPrincipal, withVerdict } from './support.ts';

/** Markup that sets window.__xss if it ever runs. */
const HOSTILE = `<img src=x onerror="window.__xss=1">|**x** [y](javascript:z) \`q\``;

let browser: BrowserContext;
let reference: RunResult;
let dir: string;
let comparison: Comparison;

/** The reference run, and a hostile one: its profile name, environment and a failing check's actual are markup. */
function hostileRun(run: RunResult): RunResult {
  const failing = withVerdict(named(run, HOSTILE), 'CAP-NPA-8907', 'strict', 'fail');
  return withManifest(
    {
      ...failing,
      requirements: failing.requirements.map((r) =>
        r.id === 'CAP-NPA-8907'
          ? {
              ...r,
              checks: r.checks.map((c) => ({
                ...c,
                actual: `</td></tr></table><script>window.__xss=2</script>`,
              })),
            }
          : r,
      ),
    },
    { profile: { name: HOSTILE, environment: `"><b>env</b>`, source: HOSTILE } },
  );
}

beforeAll(async () => {
  // The reference run the files of this test process share (a whole run of its own gave the same).
  const [context, run] = await Promise.all([launchChromium(), referenceRun()]);
  browser = context;
  reference = run;
  dir = tempDir('lc-compare-render-');
  comparison = compareReports(inputs(dir, { reference, hostile: hostileRun(reference) }), {
    outDir: dir,
    order: loadCatalogue().requirements.map((r) => r.id),
  });
});

afterAll(async () => {
  await browser?.close();
});

describe('comparison.html', () => {
  it('is one self-contained file: no external asset, no script, its style pinned by a CSP hash', () => {
    const html = renderComparisonHtml(
      compareReports(inputs(dir, { a: reference, b: reference }), { outDir: dir }),
    );
    expect(html).not.toMatch(/<(?:link|img|iframe|script)\b|\bsrc=|@import|url\(/i);
    const style = /<style>([\s\S]*?)<\/style>/.exec(html)![1]!;
    const hash = createHash('sha256').update(style, 'utf8').digest('base64');
    expect(html).toContain(
      `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-${hash}'; base-uri 'none'; form-action 'none'">`,
    );
  });

  it('escapes a hostile profile name and check text: no script runs, the markup shows as text', async () => {
    const html = renderComparisonHtml(comparison);
    expect(html).not.toMatch(/<(?:img|script)\b|<b>env/);
    const path = join(dir, 'hostile.html');
    writeFileSync(path, html);
    const { page, problems } = await openRecording(browser, path);
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(await page.locator('img, script, b:text("env")').count()).toBe(0);
    expect(await page.locator('[data-testid=target]').nth(1).locator('h3').textContent()).toBe(
      `T2 ${HOSTILE} ("><b>env</b>)`,
    );
    const first = page.locator('tr.req').first();
    expect(await first.getAttribute('data-id')).toBe('CAP-NPA-8907');
    expect(await first.getAttribute('data-kind')).toBe('difference');
    expect(await first.locator('details.why').textContent()).toContain('<script>window.__xss=2</script>');
    expect(await page.locator('[data-testid=count-difference]').textContent()).toBe('1');
    expect(problems).toEqual([]);
    await page.close();
  });

  it('links each verdict to the target report, and shows an absent one as a dash', () => {
    const html = renderComparisonHtml(comparison);
    expect(html).toContain(
      '<a href="reference/conformance.json" title="CAP-NPA-8907 @strict in the conformance.json of reference (reference)">pass</a>',
    );
    expect(html).toContain('<td class="c v-none"><span title="no check for this principal">—</span></td>');
  });
});

describe('comparison.md', () => {
  it('escapes hostile text: no raw markup, no pipe that splits a table cell, no link it did not make', () => {
    const md = renderComparisonMarkdown(comparison);
    expect(md).not.toMatch(/<(?:img|script|b)\b/);
    expect(md).toContain('&lt;script&gt;window.\\_\\_xss=2&lt;/script&gt;');
    expect(md).toContain(
      '**T2 · &lt;img src=x onerror="window.\\_\\_xss=1"&gt;\\|\\*\\*x\\*\\* \\[y\\](javascript:z) \'q\' (',
    );
    expect(md).not.toMatch(/(?<!\\)\]\(javascript:/);
    for (const line of md.split('\n').filter((l) => l.startsWith('| **CAP-NPA-8907**'))) {
      expect(line.split(/(?<!\\)\|/).length - 2).toBe(1 + comparison.columns.length + 1);
    }
  });

  it('shows the differences first, with relative links to the evidence and the definition', () => {
    const md = renderComparisonMarkdown(comparison);
    expect(md.indexOf('### Differences (1)')).toBeGreaterThan(0);
    expect(md.indexOf('### Differences (1)')).toBeLessThan(
      md.indexOf('<details><summary>Same on every target'),
    );
    expect(md).toContain('[❌ fail](hostile/conformance.json)');
    expect(md).toContain(
      'A **difference** is a requirement two targets both judged (pass, fail, warn or error)',
    );
  });
});

describe('comparison.json', () => {
  it('holds the check and exchange IDs behind each cell, the notes, the policy and the exit code', () => {
    const noted = compareReports(
      inputs(dir, {
        a: reference,
        b: withManifest(reference, { tool: { name: 'loyalty-conformance', version: '9.9.9' } }),
      }),
      { outDir: dir },
    );
    const document = JSON.parse(
      renderComparisonJson(noted, 'differences', compareExitCode(noted, 'differences')),
    );
    expect(document).toMatchObject({ comparisonVersion: 1, failOn: 'differences', exitCode: 0 });
    expect(document.notes[0]).toMatch(/^the reports come from different suite versions: 0\.1\.0 \(/);
    const json = JSON.parse(renderComparisonJson(comparison, 'any', 1));
    const row = json.rows[0];
    expect(row.id).toBe('CAP-NPA-8907');
    const cell = row.cells.find(
      (c: { column: number }) =>
        json.columns[c.column].target === 1 && json.columns[c.column].principal === 'strict',
    );
    expect(cell.verdict).toBe('fail');
    expect(cell.checks[0]).toMatchObject({
      checkId: 'negative-balance.exact-balance-other-program',
      verdict: 'fail',
    });
    expect(Array.isArray(cell.checks[0].exchangeIds)).toBe(true);
    const absent = row.cells.find((c: { column: number }) => json.columns[c.column].principal === 'fabric');
    expect(absent.verdict).toBeNull();
  });
});

describe('comparison text', () => {
  it('prints the targets, the differences with their evidence, and the counts', () => {
    const text = renderComparisonText(comparison);
    expect(text).toMatch(/^Comparison of 2 targets: 1 difference, 1 failing on some target\n/);
    expect(text).toContain('Differences (1): a requirement two targets both judged');
    expect(text).toContain('  CAP-NPA-8907 [MUST]');
    expect(text).toMatch(
      /T2 @strict negative-balance\.exact-balance-other-program: expected .*; actual <\/td><\/tr><\/table><script>/,
    );
    expect(text.trimEnd().split('\n').pop()).toBe(
      `0 differences, 0 failing alike, 0 coverage differences, ${reference.requirements.length - 1} same (requirements); 1 failing on some target`.replace(
        '0 differences',
        '1 differences',
      ),
    );
  });
});

describe('a requirement that cannot apply to a column', () => {
  it('shows n/a (not a dash, which means not run there) in the text, Markdown, HTML and JSON alike', async () => {
    // CAP-NPA-8907 is a Capillary rule: n/a @fabric. Its @strict checks are left out of the second
    // report (a filter, a shard): a dash there, as before.
    const cells = compareReports(
      inputs(dir, { a: reference, b: withoutPrincipal(reference, 'CAP-NPA-8907', 'strict') }),
      {
        outDir: dir,
        order: loadCatalogue().requirements.map((r) => r.id),
        operationFamilies: operationFamiliesOf(await loadDefaultSpecs()),
      },
    );
    const row = cells.rows.find((r) => r.id === 'CAP-NPA-8907')!;
    expect(row.kind).toBe('coverage');
    const at = (target: number, principal: string) =>
      row.cells[cells.columns.findIndex((c) => c.target === target && c.principal === principal)]!;
    expect(at(0, 'fabric')).toMatchObject({
      verdict: undefined,
      notApplicable: 'a capillary requirement: it does not apply to @fabric (fabric)',
    });
    expect(at(1, 'strict').verdict).toBeUndefined();
    expect(at(1, 'strict').notApplicable).toBeUndefined();
    // A fabric rule is n/a in the org columns; a rule of every family applies everywhere.
    const fabricRow = cells.rows.find((r) => r.id === 'FAB-ADJ-ADD')!;
    expect(fabricRow.cells.filter((c) => c.notApplicable).length).toBe(
      cells.columns.filter((c) => c.principal !== 'fabric').length,
    );
    expect(
      cells.rows
        .find(
          (r) => r.operations.includes('adjustMemberPoints') && r.operations.includes('unlockPromisedPoints'),
        )
        ?.cells.some((c) => c.notApplicable),
    ).toBe(false);

    expect(renderComparisonText(cells)).toContain(
      'T1 @strict pass · T1 @lenient skip · T1 @fabric n/a · T2 @strict — · T2 @lenient skip · T2 @fabric n/a',
    );
    const mdLine = renderComparisonMarkdown(cells)
      .split('\n')
      .find((l) => l.startsWith('| **CAP-NPA-8907**'))!;
    expect(
      mdLine
        .split(/(?<!\\)\|/)
        .map((c) => c.trim())
        .slice(2, 8),
    ).toEqual([
      '[✅ pass](a/conformance.json)',
      '[⏭️ skip](a/conformance.json)',
      'n/a',
      '—',
      '[⏭️ skip](b/conformance.json)',
      'n/a',
    ]);
    const html = renderComparisonHtml(cells);
    expect(html).toContain(
      '<td class="c v-na"><span title="a capillary requirement: it does not apply to @fabric (fabric)">n/a</span></td>',
    );
    expect(html).toContain(
      '<td class="c v-none first"><span title="no check for this principal">—</span></td>',
    );
    const json = JSON.parse(renderComparisonJson(cells, 'any', 0));
    const jsonRow = json.rows.find((r: { id: string }) => r.id === 'CAP-NPA-8907');
    expect(jsonRow.cells[2]).toMatchObject({
      verdict: null,
      notApplicable: expect.stringMatching(/^a capillary/),
    });
    expect(jsonRow.cells[3].verdict).toBeNull();
    expect(jsonRow.cells[3].notApplicable).toBeUndefined();
  });
});
