import { beforeAll, describe, expect, it } from 'vitest';
import { type Catalogue, loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { loadDefaultSpecs } from '../../src/spec/default-specs.ts';
import type { SpecRegistry } from '../../src/spec/operations.ts';
import { compareSpecs } from '../../src/spec-compat/compare.ts';
import type { TheirSpec } from '../../src/spec-compat/load-their-spec.ts';
import { normalizePath } from '../../src/spec-compat/match.ts';
import { normalizeOpenApi30 } from '../../src/spec-compat/normalize-30.ts';
import { requirementsAtRisk } from '../../src/spec-compat/requirements-at-risk.ts';
import { enumOf, typesLost, typesOf } from '../../src/spec-compat/schema-view.ts';
import { modulesLoadedBy } from '../support/modules-loaded.ts';
import type { EditableDocument } from './support.ts';

let ours: SpecRegistry;
let catalogue: Catalogue;
beforeAll(async () => {
  ours = await loadDefaultSpecs();
  catalogue = loadCatalogue();
});

/** Our own (resolved) document of one family, to change into a provider's. */
function ourDocument(family: string): EditableDocument {
  const spec = ours.specs.find((s) => s.family === family);
  return structuredClone(spec?.document) as unknown as EditableDocument;
}

function compare(document: Record<string, unknown>, openapi = '3.1.0', pathPrefix?: string) {
  const theirs: TheirSpec = { input: 'theirs.yaml', openapi, document };
  return compareSpecs({ theirs, ours, catalogue, ...(pathPrefix ? { pathPrefix } : {}) });
}

const kinds = (report: ReturnType<typeof compare>) =>
  report.findings.map((f) => `${f.kind} ${f.operationId ?? f.operation} ${f.at ?? ''}`.trim());

describe('normalizeOpenApi30', () => {
  it('rewrites nullable and boolean exclusive bounds into their 3.1 meaning', () => {
    const doc = normalizeOpenApi30({
      a: { type: 'string', nullable: true, enum: ['x'] },
      b: { type: 'number', minimum: 0, exclusiveMinimum: true, maximum: 9, exclusiveMaximum: false },
      c: { nullable: true, oneOf: [{ type: 'string' }] },
      d: { type: 'integer', nullable: false },
    });
    expect(doc).toEqual({
      a: { type: ['string', 'null'], enum: ['x', null] },
      b: { type: 'number', exclusiveMinimum: 0, maximum: 9 },
      c: { oneOf: [{ type: 'string' }, { type: 'null' }] },
      d: { type: 'integer' },
    });
  });

  it('leaves examples and extensions alone and keeps shared objects shared', () => {
    const shared = { type: 'string', nullable: true };
    const doc = normalizeOpenApi30({
      example: { nullable: true },
      'x-note': { exclusiveMinimum: true },
      p: shared,
      q: shared,
    }) as Record<string, unknown>;
    expect(doc.example).toEqual({ nullable: true });
    expect(doc['x-note']).toEqual({ exclusiveMinimum: true });
    expect(doc.p).toBe(doc.q);
  });
});

describe('schema-view', () => {
  it('reads oneOf as a union and counts integer as a kind of number', () => {
    const amount = { oneOf: [{ type: 'number' }, { type: 'string' }] };
    expect([...(typesOf(amount) ?? [])]).toEqual(['number', 'string']);
    expect(typesLost(typesOf(amount), typesOf({ type: 'number' }))).toEqual(['string']);
    expect(typesLost(typesOf({ type: 'integer' }), typesOf({ type: 'number' }))).toEqual([]);
    expect(typesLost(typesOf({ type: 'number' }), typesOf({ type: 'integer' }))).toEqual(['number']);
  });

  it('reads a nullable enum as its values plus null', () => {
    const values = enumOf({ oneOf: [{ enum: ['A', 'B'] }, { type: 'null' }] });
    expect([...(values?.values() ?? [])]).toEqual(['A', 'B', null]);
  });
});

describe('requirementsAtRisk', () => {
  it('maps a field by the ID that spells it and by the error codes raised on it', () => {
    const npa = ours.getOperation('negativePointsAdjustment');
    expect(
      requirementsAtRisk(catalogue, npa, { by: 'field', name: 'source', input: 'query.source' }),
    ).toEqual(['CAP-NPA-8003', 'CAP-NPA-SOURCE-VALUES']);
  });

  it('maps a camelCase field by the title or rule that names it', () => {
    const npa = ours.getOperation('negativePointsAdjustment');
    const ids = requirementsAtRisk(catalogue, npa, { by: 'field', name: 'pointsAvailable' });
    expect(ids).toEqual(
      expect.arrayContaining(['CAP-NPA-POINTS-AVAILABLE', 'CAP-NPA-POINTS-AVAILABLE-FORMAT']),
    );
  });

  it('does not map a plain word through the prose of every rule', () => {
    const adjust = ours.getOperation('adjustMemberPoints');
    expect(
      requirementsAtRisk(catalogue, adjust, { by: 'field', name: 'points', input: 'body.points' }),
    ).toEqual(['FAB-ADJ-POINTS-REQUIRED']);
  });

  it('maps an error code by errorCode, and adds a universal requirement only for operations it lists', () => {
    const npa = ours.getOperation('negativePointsAdjustment');
    // CAP-NPA-8907 has the code as errorCode; the others cite it in their rule (CAP-NPA-1218's
    // check warns when 8907 answers first; CAP-BAL-LEDGER's race of a deduction and an unlock
    // reads a deduction refused with 8907 as one that took nothing).
    expect(requirementsAtRisk(catalogue, npa, { by: 'error-code', codes: [8907] })).toEqual([
      'CAP-NPA-8907',
      'CAP-NPA-1218',
      'CAP-NPA-EXACT-BALANCE',
      'CAP-NPA-CONCURRENT-NO-OVERDRAW',
      'CAP-BAL-LEDGER',
    ]);
    const adjust = ours.getOperation('adjustMemberPoints');
    expect(
      requirementsAtRisk(catalogue, adjust, { by: 'field', name: '', universal: ['GEN-ERROR-ENVELOPE'] }),
    ).toEqual([]);
  });
});

describe('matching', () => {
  it('ignores path parameter names and trailing slashes', () => {
    expect(normalizePath('/v1/inquire/{id}/member-points/')).toBe(
      normalizePath('/v1/inquire/{profileId}/member-points'),
    );
  });

  it('compares only the families their document has operations of', () => {
    const report = compare(ourDocument('fabric'));
    expect(report.families).toEqual(['fabric']);
    expect(report.findings).toEqual([]);
  });
});

describe('compareSpecs', () => {
  it('reads a 3.0 exclusive minimum as ours only once normalized (regression: the 3.0 dialect)', () => {
    const doc = ourDocument('capillary');
    const body =
      doc.paths['/v2/customers/lookup/negativePointsAdjustment'].post.requestBody.content['application/json']
        .schema;
    body.properties.pointsToBeAdjusted.oneOf[0] = { type: 'number', minimum: 0, exclusiveMinimum: true };
    doc.openapi = '3.0.3';
    expect(kinds(compare(doc, '3.0.3'))).toEqual([
      'range-widened negativePointsAdjustment body.pointsToBeAdjusted',
    ]);
    expect(kinds(compare(normalizeOpenApi30(doc) as Record<string, unknown>, '3.0.3'))).toEqual([]);
  });

  it('reports a judged response field they lack at its nested place, naming the requirement that reads it', () => {
    const doc = ourDocument('fabric');
    const inquire = doc.paths['/v1/inquire/{profileId}/member-points'].get;
    const item = inquire.responses['200'].content['application/json'].schema.allOf[1].properties.data.items;
    delete item.properties.pointsBalance.properties.memberPointsAvailable;
    item.properties.pointsBalance.required = [];
    const report = compare(doc);
    expect(kinds(report)).toEqual([
      'response-field-missing inquireMemberPoints response 200 data[].pointsBalance.memberPointsAvailable',
    ]);
    expect(report.findings[0]?.requirements).toEqual(
      expect.arrayContaining(['FAB-INQ-BALANCE', 'GEN-BODY-SCHEMA']),
    );
  });

  it('merges one finding shared by several statuses, and reports statuses declared differently', () => {
    const doc = ourDocument('capillary');
    const balance = doc.paths['/v2/customers/lookup/points/balance'].get;
    const envelope = {
      type: 'object',
      properties: { code: { type: 'integer' }, message: { type: 'string' } },
    };
    balance.responses = {
      '200': balance.responses['200'],
      '4XX': { description: 'error', content: { 'application/json': { schema: envelope } } },
      '500': { description: 'oops' },
    };
    const report = compare(doc);
    expect(kinds(report)).toEqual([
      'response-field-missing getPointsBalance response 400,401,403,404,4XX errors',
      'status-differs getPointsBalance responses',
      'response-field-extra getPointsBalance response 400,401,403,404,4XX code',
      'response-field-extra getPointsBalance response 400,401,403,404,4XX message',
    ]);
    const status = report.findings.find((f) => f.kind === 'status-differs');
    expect(status?.message).toContain('theirs adds 500');
    expect(status?.requirements).toEqual(expect.arrayContaining(['GEN-NO-5XX', 'GEN-STATUS-DECLARED']));
  });

  it('reports extra operations and a required parameter ours does not have', () => {
    const doc = ourDocument('capillary');
    doc.paths['/health'] = { get: { responses: { '200': { description: 'ok' } } } };
    doc.paths['/v2/points/unlockPromisedPoints'].post.parameters.push({
      name: 'X-Tenant',
      in: 'header',
      required: true,
      schema: { type: 'string' },
    });
    expect(kinds(compare(doc))).toEqual([
      'required-narrowed unlockPromisedPoints header.X-Tenant',
      'extra-operation GET /health',
    ]);
  });
});

describe('spec-compat start-up', () => {
  it('loads the $ref resolver only for spec-compat, and neither ajv nor undici for a file', () => {
    expect(
      modulesLoadedBy(['--help']).modules.filter((m) => /spec-compat|json-schema-ref-parser/.test(m)),
    ).toEqual([]);
    const { modules } = modulesLoadedBy(['spec-compat', 'specs/fabric-loyalty.v1.yaml']);
    expect(modules.some((m) => m.includes('node_modules/@apidevtools/json-schema-ref-parser/'))).toBe(true);
    expect(modules.filter((m) => /node_modules\/(ajv|undici)\//.test(m))).toEqual([]);
  });
});
