import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import _addFormats from 'ajv-formats';
import { beforeAll, describe, expect, it } from 'vitest';
import { JSON_REPORT_VERSION, renderJsonReport } from '../../reporters/json.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { isToolError } from '../../src/errors.ts';
import { parseReport, REPORT_SCHEMA_PATH } from '../../src/report/load-report.ts';
import { CANARY_SECRETS, faultyNpaRun, leakyRun, reporterOptions, tempDir } from './support.ts';

const addFormats = _addFormats as unknown as typeof _addFormats.default;

/** The shipped schema compiled the way any consumer would: ajv, draft 2020-12, with formats. */
function compileSchema() {
  const ajv = new Ajv2020({ allErrors: true, strict: true });
  addFormats(ajv);
  return ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object);
}

let faulty: RunResult;
let text: string;

beforeAll(async () => {
  faulty = await faultyNpaRun();
  text = renderJsonReport(faulty, reporterOptions(tempDir()));
});

describe('JSON report', () => {
  it('validates against report.v1.schema.json for a real run against a faulty provider', () => {
    const validate = compileSchema();
    const document = JSON.parse(text) as Record<string, unknown>;
    const valid = validate(document);
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
    expect(document.reportVersion).toBe(JSON_REPORT_VERSION);
    expect(faulty.requirements.some((r) => r.verdict === 'fail')).toBe(true);
  });

  it('carries the run manifest: suite version, spec hashes, profile, targets, seed and timings', () => {
    const { manifest } = JSON.parse(text) as { manifest: Record<string, unknown> };
    expect(manifest).toMatchObject({
      tool: { name: 'loyalty-conformance', version: expect.any(String) },
      profile: { name: 'reference', environment: 'reference' },
      targets: { capillary: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+$/) },
      seed: expect.any(Number),
      startedAt: expect.any(String),
      durationMs: expect.any(Number),
    });
    expect(Object.values(manifest.specHashes as object)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]),
    );
  });

  it('gives every failing check its redacted exchanges, each with a curl line', () => {
    const document = JSON.parse(text) as {
      requirements: { verdict: string; checks: { verdict: string; exchangeIds: number[] }[] }[];
      exchanges: { id: number; curl: string; request: { headers: Record<string, string> } }[];
    };
    const byId = new Map(document.exchanges.map((e) => [e.id, e]));
    const failing = document.requirements.flatMap((r) => r.checks.filter((c) => c.verdict === 'fail'));
    expect(failing.length).toBeGreaterThan(5);
    for (const check of failing) {
      for (const id of check.exchangeIds) {
        const exchange = byId.get(id);
        expect(exchange?.curl).toMatch(/^curl -sS -i -X (GET|POST) '/);
        expect(exchange?.request.headers.authorization ?? 'Basic [REDACTED]').toMatch(/\[REDACTED\]$/);
      }
    }
    expect(text).toContain('$LC_CAPILLARY_BASIC');
  });

  it('validates for a run with every verdict and hostile values', () => {
    const validate = compileSchema();
    const document = JSON.parse(renderJsonReport(leakyRun(), reporterOptions(tempDir(), CANARY_SECRETS)));
    expect(validate(document), JSON.stringify(validate.errors)).toBe(true);
  });

  it('reads back as the same run (diff and merge read what run writes)', () => {
    const back = parseReport(text, 'conformance.json');
    expect(back.requirements.map((r) => [r.id, r.verdict])).toEqual(
      faulty.requirements.map((r) => [r.id, r.verdict]),
    );
    expect(back.exchanges).toHaveLength(faulty.exchanges.length);
    expect(back.exchanges[0]).not.toHaveProperty('curl');
  });

  it('reads a report of the previous version, whose sources name private files, citing public pages', () => {
    // What the previous version wrote: `file` instead of title and url, and a `design` document.
    const OLD_FILES: Record<string, string> = {
      'capillary-npa': 'capillary-negative-points-adjustment.txt',
      'capillary-upp': 'capillary-unlock-promised-points.txt',
      'capillary-bal': 'capillary-points-balance.txt',
      'fabric-adj': 'fabric-points-adjustment.txt',
    };
    const document = JSON.parse(text) as {
      requirements: { id: string; source: Record<string, unknown> }[];
    };
    for (const r of document.requirements) {
      const key = String(r.source.document);
      r.source = OLD_FILES[key]
        ? { document: key, file: OLD_FILES[key], section: r.source.section }
        : { document: 'design', file: 'DESIGN.md', section: 'Architecture: Universal checks (DESIGN.md)' };
    }
    document.requirements.push({
      ...document.requirements[0]!,
      id: 'CAP-NPA-RETIRED',
      source: { document: 'design', file: 'DESIGN.md', section: 'Capillary auth (confirmed)' },
    });
    const old = JSON.stringify(document);
    expect(compileSchema()(JSON.parse(old)), 'the schema accepts the deprecated shape').toBe(true);

    const back = parseReport(old, 'baseline.json');
    const npa = back.requirements.find((r) => r.id === 'CAP-NPA-8907');
    expect(npa?.source).toEqual({
      document: 'capillary-npa',
      title: 'Capillary docs: Deduct points from user',
      url: 'https://docs.capillarytech.com/reference/deduct-points-from-user',
      section: 'API Error Codes (8907)',
    });
    const own = back.requirements.find((r) => r.id === 'GEN-NO-5XX');
    expect(own?.source).toMatchObject({ document: 'choice' });
    expect(own?.source.section).not.toMatch(/DESIGN/);
    // A requirement the catalogue no longer has keeps its section, never the file name.
    expect(back.requirements.at(-1)?.source).toEqual({
      document: 'design',
      title: 'a source an earlier version of loyalty-conformance named',
      section: 'Capillary auth (confirmed)',
    });
    expect(JSON.stringify(back.requirements)).not.toMatch(/\.txt|DESIGN\.md|"file"/);
    expect(back.requirements).toHaveLength(document.requirements.length);
  });

  it('refuses a source with neither a title nor a file', () => {
    const document = JSON.parse(text) as { requirements: { source: Record<string, unknown> }[] };
    document.requirements[0]!.source = { document: 'capillary-npa', section: 'API Error Codes' };
    expect(() => parseReport(JSON.stringify(document), 'r.json')).toThrow(/\/requirements\/0\/source must/);
  });

  it.each([
    ['not JSON', '{"reportVersion": 1,', /not JSON/],
    ['not a report', '{"hello": "world"}', /no reportVersion/],
    ['of another version', '{"reportVersion": 2}', /reportVersion 2 is not one this tool reads/],
    ['missing its manifest', '{"reportVersion": 1}', /\/ must have required property 'manifest'/],
  ])('refuses a file %s with LC_ERR_REPORT_INVALID', (_what, input, reason) => {
    try {
      parseReport(input, 'old.json');
      expect.unreachable();
    } catch (error) {
      expect(isToolError(error, 'LC_ERR_REPORT_INVALID')).toBe(true);
      expect((error as Error).message).toMatch(/^Report old\.json is invalid: /);
      expect((error as Error).message).toMatch(reason);
    }
  });

  it("shows the control characters a refused file's reason quotes as escapes", () => {
    // JSON.parse quotes the file's first characters; a schema error names a key of it.
    const garbage = '\u0001\u001b[2J\u0007\u009bx{';
    const report = JSON.parse(text) as Record<string, unknown>;
    const cases = [garbage, JSON.stringify({ ...report, '\u001b]0;title\u0007': 1 })];
    for (const input of cases) {
      try {
        parseReport(input, 'garbage.json');
        expect.unreachable();
      } catch (error) {
        expect(isToolError(error, 'LC_ERR_REPORT_INVALID')).toBe(true);
        const message = (error as Error).message;
        // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
        expect(message).not.toMatch(/[\u0000-\u001f\u007f-\u009f]/);
        expect(message).toContain('\\u001b');
      }
    }
  });

  it('refuses a report with a bad verdict, naming where', () => {
    const document = JSON.parse(text) as { requirements: { verdict: string }[] };
    document.requirements[3]!.verdict = 'maybe';
    expect(() => parseReport(JSON.stringify(document), 'r.json')).toThrow(
      /\/requirements\/3\/verdict must be equal/,
    );
  });

  it('refuses a report whose check names an exchange it does not hold', () => {
    const document = JSON.parse(text) as { exchanges: unknown[] };
    document.exchanges = [];
    expect(() => parseReport(JSON.stringify(document), 'r.json')).toThrow(
      /names exchange \d+, which the report/,
    );
  });
});
