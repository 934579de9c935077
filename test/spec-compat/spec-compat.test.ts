import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import YAML from 'yaml';
import type { CompatReport } from '../../src/spec-compat/compare.ts';
import type { CompatFinding } from '../../src/spec-compat/findings.ts';
import { runCli } from '../cli/capture.ts';
import type { EditableDocument } from './support.ts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CAPILLARY = join(ROOT, 'specs/capillary-points.v2.yaml');
const FABRIC = join(ROOT, 'specs/fabric-loyalty.v1.yaml');
const FIXTURES = join(ROOT, 'test/spec-compat/fixtures');
const OPENAPI_30 = join(FIXTURES, 'openapi-3.0/openapi.yaml');

type JsonReport = CompatReport & { exitCode: number };

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'lc-spec-compat-'));
});

/** Writes a changed copy of one of our specs (as a provider's document) and returns its path. */
function copyOf(spec: string, name: string, change: (doc: EditableDocument) => void): string {
  const doc = YAML.parse(readFileSync(spec, 'utf8'));
  change(doc);
  const path = join(dir, name);
  writeFileSync(path, YAML.stringify(doc));
  return path;
}

async function compatJson(args: string[]): Promise<{ code: number; report: JsonReport; stderr: string }> {
  const run = await runCli(['spec-compat', ...args, '--format', 'json']);
  expect(run.stderr).toBe('');
  return { code: run.code, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
}

const kindsOf = (findings: readonly CompatFinding[]) =>
  findings.map((f) => `${f.severity} ${f.kind} ${f.operationId ?? f.operation}${f.at ? ` ${f.at}` : ''}`);

describe('spec-compat on our own specs', () => {
  it('finds nothing in the Capillary spec compared with itself (exit 0)', async () => {
    const run = await runCli(['spec-compat', CAPILLARY]);
    expect(run.code).toBe(0);
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('compared capillary: 4 of our 4 operations matched');
    expect(run.stdout).toContain('COMPATIBLE: 0 breaking, 0 warnings, 0 info');
  });

  it('finds nothing in the fabric spec compared with itself (exit 0)', async () => {
    const { code, report } = await compatJson([FABRIC]);
    expect(code).toBe(0);
    expect(report.findings).toEqual([]);
    expect(report.families).toEqual(['fabric']);
    expect(report.operations.every((o) => o.theirs !== undefined)).toBe(true);
  });

  it('matches fabric paths written under /api, with --path-prefix and with their server URL, and {id} for {profileId}', async () => {
    const underApi = copyOf(FABRIC, 'fabric-under-api.yaml', (doc) => {
      doc.servers = [{ url: 'https://loyalty.example.com' }];
      doc.paths = Object.fromEntries(
        Object.entries(doc.paths).map(([path, item]) => [`/api${path.replace('{profileId}', '{id}')}`, item]),
      );
      doc.paths['/api/v1/inquire/{id}/member-points'].get.parameters[0].name = 'id';
    });
    for (const args of [[underApi, '--path-prefix', '/api'], [underApi]]) {
      const { code, report } = await compatJson(args);
      expect(code, args.join(' ')).toBe(0);
      expect(report.findings).toEqual([]);
      expect(report.operations.find((o) => o.operationId === 'inquireMemberPoints')?.theirs).toBe(
        'GET /api/v1/inquire/{id}/member-points',
      );
    }
  });

  it('suggests the --path-prefix when no path matches but theirs end with ours', async () => {
    const prefixed = copyOf(CAPILLARY, 'capillary-prefixed.yaml', (doc) => {
      doc.paths = Object.fromEntries(Object.entries(doc.paths).map(([p, item]) => [`/loyalty${p}`, item]));
    });
    const run = await runCli(['spec-compat', prefixed]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('try --path-prefix /loyalty');
    const fixed = await compatJson([prefixed, '--path-prefix', '/loyalty']);
    expect(fixed.code).toBe(0);
    expect(fixed.report.findings).toEqual([]);
  });
});

describe('spec-compat on a narrowed copy', () => {
  let narrowed: string;
  beforeAll(() => {
    narrowed = copyOf(CAPILLARY, 'narrowed.yaml', (doc) => {
      // `source` without WEBSITE, and 8013 left out of a list of codes the document still gives.
      const sources = doc.components.schemas.NpaSource;
      sources.enum = sources.enum.filter((s: string) => s !== 'WEBSITE');
      const npa = doc.paths['/v2/customers/lookup/negativePointsAdjustment'].post;
      npa['x-error-codes'] = npa['x-error-codes'].filter((c: { code: number }) => c.code !== 8013);
    });
  });

  it('reports the dropped source value and the missing error code, each with its requirements (exit 1)', async () => {
    const { code, report } = await compatJson([narrowed]);
    expect(code).toBe(1);
    expect(report.compatible).toBe(false);
    expect(report.counts).toEqual({ breaking: 2, warning: 0, info: 0 });
    const source = report.findings.find((f) => f.kind === 'enum-narrowed');
    expect(source).toMatchObject({
      severity: 'breaking',
      operationId: 'negativePointsAdjustment',
      at: 'query.source',
      requirements: ['CAP-NPA-8003', 'CAP-NPA-SOURCE-VALUES'],
    });
    expect(source?.message).toContain('theirs drops WEBSITE');
    expect(report.findings.find((f) => f.kind === 'error-code-missing')).toMatchObject({
      severity: 'breaking',
      operationId: 'negativePointsAdjustment',
      at: 'error 8013',
      // SOURCE-VALUES reads an 8013 as the name refused in a source since variant hunt 38.
      requirements: ['CAP-NPA-8013', 'CAP-NPA-SOURCE-VALUES'],
    });
  });

  it('prints each finding with the requirements it puts at risk', async () => {
    const run = await runCli(['spec-compat', narrowed]);
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('NOT COMPATIBLE: 2 breaking, 0 warnings, 0 info');
    expect(run.stdout).toMatch(/breaking +enum-narrowed +query\.source: theirs drops WEBSITE/);
    expect(run.stdout).toMatch(/at risk: +CAP-NPA-8003, CAP-NPA-SOURCE-VALUES/);
    expect(run.stdout).toMatch(/breaking +error-code-missing +error 8013: /);
  });

  it('writes Markdown to --out and one summary line on stdout', async () => {
    const out = join(dir, 'reports/compat.md');
    const run = await runCli(['spec-compat', narrowed, '--format', 'md', '--out', out]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe(`spec-compat: NOT COMPATIBLE: 2 breaking, 0 warnings, 0 info; wrote ${out}\n`);
    const md = readFileSync(out, 'utf8');
    expect(md).toContain('| breaking | `enum-narrowed` | negativePointsAdjustment | query.source |');
    expect(md).toContain('CAP-NPA-8003, CAP-NPA-SOURCE-VALUES |');
  });

  it('only warns about codes nowhere in an operation whose document lists no codes (exit 0)', async () => {
    const silent = copyOf(CAPILLARY, 'no-codes.yaml', (doc) => {
      const npa = doc.paths['/v2/customers/lookup/negativePointsAdjustment'].post;
      for (const key of ['x-error-codes', 'x-org-config', 'x-contradictions', 'x-undocumented-errors']) {
        delete npa[key];
      }
      npa.description = 'Deducts points from a customer.';
    });
    const { code, report } = await compatJson([silent]);
    expect(code).toBe(0);
    expect(kindsOf(report.findings)).toEqual([
      'warning error-code-unmentioned negativePointsAdjustment errors',
    ]);
    const [warning] = report.findings;
    // Still mentioned: 8015 by the error responses' example, 8906 and 8887 by body field descriptions.
    expect(warning?.message).toMatch(
      /^8003, 8013, 8907, 8888, 8874, 8877, 9975, 8882, 4000, 1218 are nowhere/,
    );
    expect(warning?.requirements).toEqual(
      expect.arrayContaining(['CAP-NPA-8003', 'CAP-NPA-8882', 'CAP-NPA-1218']),
    );
  });

  it('breaks on an amount they take only as a number, naming the string-form requirement', async () => {
    const numberOnly = copyOf(CAPILLARY, 'number-only.yaml', (doc) => {
      doc.components.schemas.NegativePointsAdjustmentRequest.properties.pointsToBeAdjusted = {
        type: 'number',
        exclusiveMinimum: 0,
      };
    });
    const { code, report } = await compatJson([numberOnly]);
    expect(code).toBe(1);
    expect(kindsOf(report.findings)).toEqual([
      'breaking type-narrowed negativePointsAdjustment body.pointsToBeAdjusted',
    ]);
    expect(report.findings[0]?.requirements).toEqual(
      expect.arrayContaining(['CAP-NPA-AMOUNT-STRING', 'CAP-NPA-8906', 'CAP-NPA-8888']),
    );
  });
});

describe('spec-compat on an OpenAPI 3.0 document split into two files', () => {
  const expected = [
    'warning type-widened negativePointsAdjustment body.programId',
    'breaking operation-missing unlockPromisedPoints',
    'breaking operation-missing getPointsBalance',
    'info outside-operation-missing generateOAuthToken',
    'info outside-operation-missing inquireMemberPoints',
  ];

  it('follows the relative $ref, reads nullable and boolean exclusiveMinimum the 3.0 way', async () => {
    const { code, report } = await compatJson([OPENAPI_30]);
    expect(code).toBe(1);
    expect(report.openapi).toBe('3.0.3');
    expect(report.families).toEqual(['capillary', 'fabric']);
    expect(report.operations.filter((o) => o.theirs).map((o) => o.operationId)).toEqual([
      'negativePointsAdjustment',
      'adjustMemberPoints',
    ]);
    // No range finding on pointsToBeAdjusted (minimum 0 + exclusiveMinimum true = ours > 0) and no
    // type finding on fabric's nullable strings.
    expect(kindsOf(report.findings)).toEqual(expected);
    expect(report.findings[0]?.message).toBe('theirs accepts integer | null, ours only integer');
    expect(report.findings[0]?.requirements).toEqual(
      expect.arrayContaining(['CAP-NPA-8887', 'CAP-NPA-1218', 'GEN-INVALID-REJECTED']),
    );
  });

  describe('from a URL', () => {
    let server: Server;
    let base: string;
    const requested: string[] = [];
    beforeAll(async () => {
      server = createServer(async (request, response) => {
        requested.push(request.url ?? '');
        try {
          const body = await readFile(join(FIXTURES, (request.url ?? '/').replace(/^\/+/, '')));
          response.writeHead(200, { 'content-type': 'application/yaml' }).end(body);
        } catch {
          response.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        }
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('reads the document and the file it refers to over http, with the same findings', async () => {
      const url = `${base}/openapi-3.0/openapi.yaml`;
      const { code, report } = await compatJson([url]);
      expect(code).toBe(1);
      expect(report.input).toBe(url);
      expect(kindsOf(report.findings)).toEqual(expected);
      expect(requested).toEqual(
        expect.arrayContaining(['/openapi-3.0/openapi.yaml', '/openapi-3.0/components.yaml']),
      );
    });

    it('does not read a local file a document from a URL points to (exit 2)', async () => {
      const run = await runCli(['spec-compat', `${base}/broken/refers-to-file.yaml`]);
      expect(run.code).toBe(2);
      expect(run.stdout).toBe('');
      expect(run.stderr).toMatch(
        /^loyalty-conformance: LC_ERR_SPEC_COMPAT_INPUT: Cannot compare http:\/\/127\.0\.0\.1:\d+\/broken\/refers-to-file\.yaml: .*"file:\/\/\/etc\/hostname": a document read from a URL does not read local files\n$/,
      );
    });

    it('names a $ref by ftp in a document from a URL, and that only http(s) is followed (exit 2)', async () => {
      const run = await runCli(['spec-compat', `${base}/broken/ftp-ref.yaml`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(
        /^loyalty-conformance: LC_ERR_SPEC_COMPAT_INPUT: Cannot compare http:\/\/127\.0\.0\.1:\d+\/broken\/ftp-ref\.yaml: \$ref "ftp:\/\/example\.com\/components\.yaml#\/components\/schemas\/Unlock" at #\/paths\/.*\/schema is not followed: a document read from a URL follows only http\(s\) URLs\n$/,
      );
    });

    it('is a tool error for a URL that answers 404 (exit 2, one line)', async () => {
      const run = await runCli(['spec-compat', `${base}/nope.yaml`]);
      expect(run.code).toBe(2);
      expect(run.stderr).toMatch(/^loyalty-conformance: LC_ERR_SPEC_COMPAT_INPUT: .*404.*\n$/);
    });
  });
});

describe('spec-compat on a recursive schema', () => {
  it('compares a schema that refers to itself without looping', async () => {
    const { code, report } = await compatJson([join(FIXTURES, 'recursive.yaml')]);
    expect(code).toBe(1);
    expect(kindsOf(report.findings)).toEqual(
      expect.arrayContaining([
        'breaking response-type-mismatch unlockPromisedPoints response 200 pointsUnlocked[].pointsUnlocked',
        'info response-field-extra unlockPromisedPoints response 200 children',
      ]),
    );
  });
});

describe('spec-compat on a broken input', () => {
  const broken = (name: string) => join(FIXTURES, 'broken', name);
  const cases: [string, string, RegExp][] = [
    ['a file that does not exist', join(FIXTURES, 'broken/nope.yaml'), /ENOENT|no such file/],
    ['a file that is not YAML', broken('not-yaml.yaml'), /Error parsing .*not-yaml\.yaml/],
    [
      'a Swagger 2.0 document',
      broken('swagger-2.yaml'),
      /it is Swagger 2\.0; convert it to OpenAPI 3\.0 or 3\.1 first/,
    ],
    [
      'a document that is no OpenAPI',
      broken('not-openapi.yaml'),
      /expected "openapi: 3\.0\.x" or "3\.1\.x", found "4\.0\.0"/,
    ],
    ['a $ref to a missing file', broken('missing-file-ref.yaml'), /no-such-components\.yaml/],
    [
      'a $ref to a missing pointer',
      broken('missing-pointer-ref.yaml'),
      /Missing \$ref pointer "#\/components\/schemas\/Nope"/,
    ],
    [
      'an empty file',
      broken('empty.yaml'),
      /empty\.yaml: the document is empty: it is not an OpenAPI document$/,
    ],
    [
      'a path item that is not an object',
      broken('path-item-not-object.yaml'),
      /: paths\["\/a"\] is 5, not a path item object$/,
    ],
    [
      'a $ref by ftp',
      broken('ftp-ref.yaml'),
      /: \$ref "ftp:\/\/example\.com\/components\.yaml#\/components\/schemas\/Unlock" at #\/paths\/~1v2~1points~1unlockPromisedPoints\/post\/requestBody\/content\/application~1json\/schema is not followed: only local files and http\(s\) URLs are$/,
    ],
    [
      'a document given by an ftp URL',
      'ftp://example.com/openapi.yaml',
      /: only local files and http\(s\) URLs are read$/,
    ],
  ];

  it.each(cases)('exits 2 with one line, no stack, for %s', async (_name, path, reason) => {
    const run = await runCli(['spec-compat', path]);
    expect(run.code).toBe(2);
    expect(run.stdout).toBe('');
    const lines = run.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^loyalty-conformance: LC_ERR_SPEC_COMPAT_INPUT: Cannot compare /);
    expect(lines[0]).toMatch(reason);
    expect(run.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses a --path-prefix that is not a path (exit 2)', async () => {
    const run = await runCli(['spec-compat', CAPILLARY, '--path-prefix', 'api']);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^loyalty-conformance: LC_ERR_CLI_USAGE: --path-prefix must be a path/);
  });
});
