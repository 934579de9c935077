import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import _addFormats from 'ajv-formats';
import type { BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Har } from '../../reporters/har.ts';
import { escapeHtml, HTML_REPORT_FILE, htmlReporter, renderHtml } from '../../reporters/html.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { launchChromium, openRecording } from '../support/browser.ts';
import { CANARY_SECRETS, faultyNpaRun, leakyRun, reporterOptions, tempDir } from './support.ts';

const addFormats = _addFormats as unknown as typeof _addFormats.default;

/** HAR 1.2's structure (the fixture `har.test.ts` validates `exchanges.har` with). */
const validateHar = (() => {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(
    JSON.parse(readFileSync(join(import.meta.dirname, 'fixtures/har-1.2.schema.json'), 'utf8')) as object,
  );
})();

let browser: BrowserContext;
let faulty: RunResult;
let reportPath: string;

beforeAll(async () => {
  const [context, run] = await Promise.all([launchChromium(), faultyNpaRun()]);
  browser = context;
  faulty = run;
  const outDir = tempDir();
  await htmlReporter(reporterOptions(outDir)).onRunEnd?.(faulty);
  reportPath = join(outDir, HTML_REPORT_FILE);
});

afterAll(async () => {
  await browser?.close();
});

/** Opens a report, recording script errors, CSP violations and any request leaving the file. */
const open = (path: string) => openRecording(browser, path);

describe('HTML reporter', () => {
  it('shows the failure count and reveals a failing requirement evidence on click', async () => {
    const { page, problems } = await open(reportPath);
    const failing = faulty.requirements.filter((r) => r.verdict === 'fail');
    expect(failing.length).toBeGreaterThan(5);
    expect(await page.textContent('#verdict')).toBe('NON-CONFORMANT');
    expect(await page.textContent('#count-fail')).toBe(String(failing.length));

    const row = page.locator('tr.req[data-id="CAP-NPA-8907"]');
    const detail = page.locator(`#${await row.getAttribute('aria-controls')}`);
    expect(await detail.isVisible()).toBe(false);
    await row.click();
    expect(await detail.isVisible()).toBe(true);
    expect(await row.getAttribute('aria-expanded')).toBe('true');
    const curl = (await detail.locator('.curl-line').first().textContent()) ?? '';
    expect(curl).toMatch(
      /^curl -sS -i -X POST 'http:\/\/127\.0\.0\.1:\d+\/v2\/customers\/lookup\/negativePointsAdjustment/,
    );
    expect(curl).toContain('"authorization: Basic $LC_CAPILLARY_BASIC"');
    const evidence = (await detail.textContent()) ?? '';
    expect(evidence).toContain('a 4xx with error code 8907');
    expect(evidence).toContain('200 with no error code');
    expect(evidence).toContain('Capillary docs: Deduct points from user — API Error Codes (8907)');
    const source = detail.locator('p.source a');
    expect(await source.getAttribute('href')).toBe(
      'https://docs.capillarytech.com/reference/deduct-points-from-user',
    );
    expect(await source.getAttribute('rel')).toBe('noreferrer');
    expect(evidence).not.toContain('.txt');
    expect(evidence).toContain('authorization: Basic [REDACTED]');

    const screenshot = join(tempDir('lc-shot-'), 'report.png');
    await page.screenshot({ path: screenshot });
    expect(statSync(screenshot).size).toBeGreaterThan(20_000);
    await row.click();
    expect(await detail.isVisible()).toBe(false);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('filters the requirement matrix by verdict and by endpoint', async () => {
    const { page, problems } = await open(reportPath);
    const total = faulty.requirements.length;
    const failing = faulty.requirements.filter((r) => r.verdict === 'fail').length;
    expect(await page.textContent('#shown')).toBe(`${total} of ${total} requirements shown`);
    for (const verdict of ['error', 'warn', 'pass', 'skip']) await page.uncheck(`input[value=${verdict}]`);
    expect(await page.locator('tr.req:visible').count()).toBe(failing);
    expect(await page.locator('tr.req:visible[data-verdict=fail]').count()).toBe(failing);

    await page.check('input[value=pass]');
    await page.selectOption('#endpoint', 'adjustMemberPoints');
    const fabric = faulty.requirements.filter(
      (r) => (r.verdict === 'fail' || r.verdict === 'pass') && r.operations.includes('adjustMemberPoints'),
    );
    expect(await page.locator('tr.req:visible').count()).toBe(fabric.length);
    for (const ops of await page
      .locator('tr.req:visible')
      .evaluateAll((rows) => rows.map((r) => r.getAttribute('data-ops')))) {
      expect(ops?.split(' ')).toContain('adjustMemberPoints');
    }
    expect(problems).toEqual([]);
    await page.close();
  });

  it('is one self-contained file: no external asset, script and style locked by a CSP', () => {
    const html = readFileSync(reportPath, 'utf8');
    expect(html).not.toMatch(/<(?:link|img|iframe)\b|\bsrc=|@import|url\(/i);
    expect(html).toMatch(
      /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'sha256-/,
    );
  });

  it('escapes hostile values from the target: no script runs, the markup shows as text', async () => {
    const dir = tempDir();
    const path = join(dir, 'hostile.html');
    writeFileSync(path, renderHtml(leakyRun(), reporterOptions(dir, CANARY_SECRETS)));
    const { page, problems } = await open(path);
    await page.locator('tr.req[data-id="CAP-NPA-8907"]').click();
    // The hostile markup sets window.__xss if it ever runs.
    expect(await page.evaluate('typeof window.__xss')).toBe('undefined');
    expect(await page.locator('img').count()).toBe(0);
    expect(await page.locator('tr.req[data-id="CAP-NPA-8907"]').textContent()).toContain(
      '<img src=x onerror=',
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it("offers a failing check's exchanges as a HAR download, inline, that the browser saves", async () => {
    const { page, problems } = await open(reportPath);
    const failing = faulty.requirements.flatMap((r) => r.checks).filter((c) => c.verdict === 'fail');
    const withEvidence = failing.filter((c) => c.exchangeIds.length > 0);
    expect(withEvidence.length).toBeGreaterThan(5);
    // One link per failing check with exchanges, none for any other verdict.
    expect(await page.locator('a.har').count()).toBe(withEvidence.length);

    const row = page.locator('tr.req[data-id="CAP-NPA-8907"]');
    await row.click();
    const link = page.locator(`#${await row.getAttribute('aria-controls')} a.har`).first();
    expect(await link.isVisible()).toBe(true);
    expect(await link.textContent()).toBe('download HAR');
    const check = withEvidence.find((c) => c.requirementId === 'CAP-NPA-8907')!;
    const file = `CAP-NPA-8907-${check.checkId}-${check.principal}.har`;
    expect(await link.getAttribute('download')).toBe(file);
    const href = (await link.getAttribute('href')) ?? '';
    expect(href).toMatch(/^data:application\/json;base64,[A-Za-z0-9+/]+=*$/);
    const har = JSON.parse(Buffer.from(href.slice(href.indexOf(',') + 1), 'base64').toString('utf8')) as Har;
    expect(validateHar(har), JSON.stringify(validateHar.errors)).toBe(true);
    expect(har.log.comment).toContain(`Evidence of CAP-NPA-8907 fail (${check.checkId} @${check.principal})`);
    const exchanges = check.exchangeIds.map((id) => faulty.exchanges.find((e) => e.id === id)!);
    const line = (method: string, url: string, status: number) => `${method} ${url} → ${status}`;
    expect(har.log.entries.map((e) => line(e.request.method, e.request.url, e.response.status))).toEqual(
      exchanges.map((e) => line(e.request.method, e.request.url, e.response?.status ?? 0)),
    );
    for (const entry of har.log.entries) expect(entry.comment).toContain('CAP-NPA-8907 fail');

    // A download, not a fetch: the page's CSP (default-src 'none') lets the browser save it.
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    expect(download.suggestedFilename()).toBe(file);
    expect(JSON.parse(readFileSync((await download.path())!, 'utf8'))).toEqual(har);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("shows the profile's declaration a failure rests on next to its expected and actual", () => {
    const run = leakyRun();
    const premise = 'capillary.orgs[strict].config.negativeBalanceOnReturn: off';
    const options = reporterOptions(tempDir());
    expect(renderHtml(run, options)).not.toContain('<dt>premise</dt>');
    const html = renderHtml({ ...run, scenarios: run.scenarios.map((s) => ({ ...s, premise })) }, options);
    expect(html).toMatch(
      /<dt>actual<\/dt><dd>[^<]*<\/dd><dt>premise<\/dt><dd>the profile declares capillary\.orgs\[strict\]\.config\.negativeBalanceOnReturn: off<\/dd><\/dl>/,
    );
    // A premise of another principal's run of the scenario is not this failure's.
    const other = { ...run, scenarios: run.scenarios.map((s) => ({ ...s, principal: 'lenient', premise })) };
    expect(renderHtml(other, options)).not.toContain('<dt>premise</dt>');
  });

  it('escapes every character that could open markup or leave an attribute', () => {
    expect(escapeHtml(`<a href="x" onclick='y'>&</a>`)).toBe(
      '&#60;a href=&#34;x&#34; onclick=&#39;y&#39;&#62;&#38;&#60;/a&#62;',
    );
  });

  it('shows control characters of an answer as escapes, keeping tabs and line breaks', () => {
    expect(escapeHtml('a\u0000b\u001b[31mRED\u001b[0m\u007f\tx\r\ny')).toBe(
      'a\\u0000b\\u001b[31mRED\\u001b[0m\\u007f\tx\r\ny',
    );
  });
});
