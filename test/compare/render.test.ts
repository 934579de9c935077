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
import { conform } from '../../src/engine/conform.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { tempDir } from '../reporters/support.ts';
import { launchChromium, openRecording } from '../support/browser.ts';
import { inputs, named, withManifest, withVerdict } from './support.ts';

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
  const [context, run] = await Promise.all([launchChromium(), conform()]);
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
    expect(cell.checks[0]).toMatchObject({ checkId: 'negative-balance.over-balance-8907', verdict: 'fail' });
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
      /T2 @strict negative-balance\.over-balance-8907: expected .*; actual <\/td><\/tr><\/table><script>/,
    );
    expect(text.trimEnd().split('\n').pop()).toBe(
      `0 differences, 0 failing alike, 0 coverage differences, ${reference.requirements.length - 1} same (requirements); 1 failing on some target`.replace(
        '0 differences',
        '1 differences',
      ),
    );
  });
});
