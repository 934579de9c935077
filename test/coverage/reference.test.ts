import { beforeAll, describe, expect, it } from 'vitest';
import { renderHtml } from '../../reporters/html.ts';
import { renderJsonReport } from '../../reporters/json.ts';
import { renderMarkdown } from '../../reporters/markdown.ts';
import type { OperationCoverage, SpecCoverage } from '../../src/coverage/index.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { parseReport } from '../../src/report/load-report.ts';
import { leakyRun, referenceRun, reporterOptions, tempDir } from '../reporters/support.ts';

let reference: RunResult;
let coverage: SpecCoverage;

beforeAll(async () => {
  // The reference run the files of this test process share (a whole run of its own gave the same).
  reference = await referenceRun();
  coverage = reference.coverage!;
});

const operation = (id: string): OperationCoverage => coverage.operations.find((o) => o.operationId === id)!;
const notReceived = (o: OperationCoverage) => [
  ...o.statuses.filter((s) => !s.received).map((s) => s.status),
  ...o.errorCodes.filter((c) => !c.received).map((c) => c.code),
];

describe('spec coverage of the reference run', () => {
  it('tallies every exchange of the scenarios, the probe aside', () => {
    expect(reference.exitCode).toBe(0);
    expect(coverage.exchanges).toBe(reference.totals.exchanges);
  });

  it('exercises 34 of the 42 declared statuses and error codes of the four documents, and every parameter', () => {
    expect(coverage.totals).toEqual({
      statusesAndCodes: { declared: 42, exercised: 34, percent: 80.9 },
      parameters: { declared: 35, exercised: 35, percent: 100 },
    });
    expect(
      Object.fromEntries(
        coverage.operations.map((o) => [
          o.operationId,
          `${o.counted ? '' : '(not counted) '}${o.totals.statusesAndCodes.exercised}/${o.totals.statusesAndCodes.declared}`,
        ]),
      ),
    ).toEqual({
      negativePointsAdjustment: '17/19',
      unlockPromisedPoints: '11/14',
      getPointsBalance: '4/7',
      generateOAuthToken: '(not counted) 1/4',
      adjustMemberPoints: '2/2',
      inquireMemberPoints: '(not counted) 1/2',
    });
  });

  it('receives every documented error code, 8907 (with its 400) and 1645 among them', () => {
    const npa = operation('negativePointsAdjustment');
    expect(npa.errorCodes.find((c) => c.code === 8907)).toEqual({ code: 8907, received: true, sent: true });
    expect(npa.statuses.find((s) => s.status === '400')?.received).toBe(true);
    expect(operation('unlockPromisedPoints').errorCodes.find((c) => c.code === 1645)).toEqual({
      code: 1645,
      received: true,
      sent: true,
    });
    expect(coverage.operations.flatMap((o) => o.errorCodes.filter((c) => !c.received))).toEqual([]);
  });

  it('knows each code was asked for where a scenario judged it with expectErrorCode: all but 4000', () => {
    // The restricted-credentials scenario accepts any refusal (the profile's error status, 401 or 403):
    // it never asks for 4000 by its code.
    const unasked = coverage.operations.flatMap((o) =>
      o.errorCodes.filter((c) => !c.sent).map((c) => `${o.operationId} ${c.code}`),
    );
    expect(unasked).toEqual(['negativePointsAdjustment 4000']);
  });

  it('cannot exercise 404 and 4XX on Capillary, 403 where no access group is missing, nor the errors of the endpoints outside the documents', () => {
    // The reference answers "not found" errors (8015, 82323277) with 400 and every other 4xx with
    // 400, 401 or 403, each declared exactly, so neither 404 nor the 4XX range is ever the key of an
    // answer; only the deduction needs an access group the restricted credentials lack (403, 4000).
    expect(Object.fromEntries(coverage.operations.map((o) => [o.operationId, notReceived(o)]))).toEqual({
      negativePointsAdjustment: ['404', '4XX'],
      unlockPromisedPoints: ['403', '404', '4XX'],
      getPointsBalance: ['403', '404', '4XX'],
      generateOAuthToken: ['400', '401', '4XX'],
      adjustMemberPoints: [],
      inquireMemberPoints: ['4XX'],
    });
    expect(coverage.operations.flatMap((o) => o.statuses.map((s) => s.status))).not.toContain('default');
  });

  it('goes into conformance.json, valid against the report schema', () => {
    const back = parseReport(renderJsonReport(reference, reporterOptions(tempDir())), 'conformance.json');
    expect(back.coverage).toEqual(coverage);
  });
});

describe('spec coverage in the Markdown summary', () => {
  it('gives the run figures, then one line per operation with its percentage and what it did not exercise', () => {
    const lines = renderMarkdown(reference).split('\n');
    const at = lines.indexOf(
      '### Spec coverage: 80.9% of declared statuses and error codes exercised (34 of 42); parameters sent 100% (35 of 35)',
    );
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 2, at + 8)).toEqual([
      '- `negativePointsAdjustment`: 89.4% (17 of 19) — not exercised: statuses 404, 4XX',
      '- `unlockPromisedPoints`: 78.5% (11 of 14) — not exercised: statuses 403, 404, 4XX',
      '- `getPointsBalance`: 57.1% (4 of 7) — not exercised: statuses 403, 404, 4XX',
      '- `generateOAuthToken` (outside the four documents, not counted): 25% (1 of 4) — not exercised: statuses 400, 401, 4XX',
      '- `adjustMemberPoints`: 100% (2 of 2)',
      '- `inquireMemberPoints` (outside the four documents, not counted): 50% (1 of 2) — not exercised: status 4XX',
    ]);
  });

  it('has no coverage section for a report without coverage (earlier versions)', () => {
    expect(renderMarkdown(leakyRun())).not.toContain('Spec coverage');
  });
});

/** A coverage whose names carry markup, as a hand-edited report could. */
const hostileCoverage: SpecCoverage = {
  exchanges: 1,
  totals: {
    statusesAndCodes: { declared: 2, exercised: 1, percent: 50 },
    parameters: { declared: 1, exercised: 0, percent: 0 },
  },
  operations: [
    {
      operationId: '<img src=x onerror="window.__xss=1">',
      method: 'POST',
      path: '/v1/<b>bold</b>',
      counted: true,
      statuses: [
        { status: '200', received: true },
        { status: '<i>4XX</i>', received: false },
      ],
      errorCodes: [],
      parameters: [{ name: '<script>alert(1)</script>', in: 'query', sent: false }],
      totals: {
        statusesAndCodes: { declared: 2, exercised: 1, percent: 50 },
        parameters: { declared: 1, exercised: 0, percent: 0 },
      },
    },
  ],
};

describe('spec coverage in the HTML report', () => {
  it('has a section with the figures and, per operation, a table of what was exercised', () => {
    const html = renderHtml(reference, reporterOptions(tempDir()));
    const start = html.indexOf('<section id="coverage"');
    const section = html.slice(start, html.indexOf('</section>', start));
    expect(section).toContain(
      '80.9% of the declared statuses and error codes exercised (34 of 42); parameters sent 100% (35 of 35)',
    );
    expect(section.match(/<details class="coverage" data-op="/g)).toHaveLength(6);
    const npa = section.slice(section.indexOf('data-op="negativePointsAdjustment"'));
    expect(npa).toMatch(
      /<b>89\.4%<\/b> \(17 of 19\); parameters 100% \(10 of 10\); not exercised: 404, 4XX<\/summary>/,
    );
    expect(npa).toContain(
      '<td>error code</td><td><code>8907</code></td><td class="v-pass">received (asked for)</td>',
    );
    expect(npa).toContain('<td>status</td><td><code>404</code></td><td class="none">not received</td>');
    expect(section).toContain('(outside the four documents, not counted)');
  });

  it('escapes every name and adds no script, style or asset (the CSP stays as it was)', () => {
    const plain = renderHtml(leakyRun(), reporterOptions(tempDir()));
    const html = renderHtml({ ...leakyRun(), coverage: hostileCoverage }, reporterOptions(tempDir()));
    expect(plain).not.toContain('id="coverage"');
    expect(html).toContain('id="coverage"');
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('<b>bold</b>');
    expect(html).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    const csp = (page: string) => /http-equiv="Content-Security-Policy" content="([^"]+)"/.exec(page)?.[1];
    expect(csp(html)).toBe(csp(plain));
    expect(html.match(/<script/g)).toHaveLength(1);
    expect(html).not.toMatch(/ style=/);
  });
});
