import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { type Dataset, loadDataset, parseDataset } from '../../src/reference/dataset.ts';
import { DEFAULT_DATASET_PATH } from '../../src/reference/server.ts';

/** The error `fn` throws (failing when it throws none). */
function thrown(fn: () => unknown): LoyaltyConformanceError {
  try {
    fn();
  } catch (error) {
    expect(isToolError(error, 'LC_ERR_DATASET_INVALID'), String(error)).toBe(true);
    return error as LoyaltyConformanceError;
  }
  throw new Error('expected LC_ERR_DATASET_INVALID');
}

const shipped = () =>
  loadDataset(DEFAULT_DATASET_PATH) as unknown as Record<string, unknown> & {
    orgs: Record<string, unknown>[];
  };

describe('dataset loader', () => {
  it('loads the shipped dataset with two orgs and one fabric tenant', () => {
    const dataset = loadDataset(DEFAULT_DATASET_PATH);
    expect(dataset.orgs.map((o) => [o.id, o.allowNegativeBalanceOnReturn])).toEqual([
      ['strict', false],
      ['lenient', true],
    ]);
    expect(dataset.fabric.tenants).toHaveLength(1);
    expect(dataset.tokenTtlSeconds).toBe(3600);
  });

  it('fills the default token TTL', () => {
    const dataset = shipped();
    delete dataset.tokenTtlSeconds;
    expect(parseDataset(dataset).tokenTtlSeconds).toBe(3600);
  });

  it("takes a consumer's minimal dataset (one org, one till, one customer): no fabric, no OAuth client, dual eligibility off", () => {
    const dataset = parseDataset({
      version: 1,
      orgs: [
        {
          id: 'shop',
          name: 'Shop',
          allowNegativeBalanceOnReturn: false,
          defaultProgramId: 1,
          programs: [{ id: 1, name: 'Points', roundDecimals: 2 }],
          credentials: { tills: [{ username: 'till.shop', password: 'shop-secret' }] },
          customers: [{ id: 7, identifiers: { mobile: '15550007' }, programs: [1], mainPoints: { 1: 10 } }],
        },
      ],
    });
    expect(dataset.fabric).toEqual({ tenants: [] });
    expect(dataset.orgs[0]?.credentials.oauthClients).toEqual([]);
    expect(dataset.orgs[0]?.dualEligibility).toEqual({ enabled: false, primaryIdentifier: 'mobile' });
  });

  it('rejects a wrong field with LC_ERR_DATASET_INVALID naming the field and the problem', () => {
    const dataset = shipped();
    dataset.orgs[1]!.allowNegativeBalanceOnReturn = 'yes';
    const error = thrown(() => parseDataset(dataset, 'test dataset'));
    expect(error.details).toMatchObject({
      origin: 'test dataset',
      field: '/orgs/1/allowNegativeBalanceOnReturn',
      problem: 'must be boolean',
    });
    expect(error.message).toBe(
      'Reference dataset test dataset is invalid at /orgs/1/allowNegativeBalanceOnReturn: must be boolean',
    );
    expect(error.exitCode).toBe(2);
  });

  it('names parseDataset() as the origin of an object it was given', () => {
    expect(thrown(() => parseDataset({ version: 1, orgs: [{ id: 'x' }] })).message).toBe(
      "Reference dataset given to parseDataset() is invalid at /orgs/0: must have required property 'name'",
    );
  });

  it('names a missing required field', () => {
    const dataset = shipped();
    delete dataset.orgs[0]!.defaultProgramId;
    const error = thrown(() => parseDataset(dataset));
    expect(error.details.field).toBe('/orgs/0');
    expect(String(error.details.problem)).toContain('defaultProgramId');
  });

  it('names an unknown top-level field', () => {
    const error = thrown(() => parseDataset({ ...shipped(), extra: true }));
    expect(String(error.details.problem)).toContain('additional properties');
  });

  it('rejects round decimals above what the ledger keeps', () => {
    const dataset = shipped();
    (dataset.orgs[0]!.programs as { roundDecimals: number }[])[0]!.roundDecimals = 7;
    expect(thrown(() => parseDataset(dataset)).details.field).toBe('/orgs/0/programs/0/roundDecimals');
  });

  it('rejects references that name nothing and IDs used twice, naming the field', () => {
    const cases: [(d: Dataset) => void, string, string][] = [
      [(d) => (d.orgs[1]!.id = 'strict'), '/orgs/1/id', 'org id strict is used twice'],
      [
        (d) => (d.orgs[0]!.programs[1]!.id = 469),
        '/orgs/0/programs/1/id',
        'program id 469 is used twice in org strict',
      ],
      [
        (d) => (d.orgs[0]!.defaultProgramId = 7),
        '/orgs/0/defaultProgramId',
        "program 7 is not one of the org's programs (469, 973)",
      ],
      [
        (d) => (d.orgs[0]!.promotions![0]!.programId = 7),
        '/orgs/0/promotions/0/programId',
        "program 7 is not one of the org's programs (469, 973)",
      ],
      [
        (d) => (d.orgs[1]!.customers[2]!.id = 2001),
        '/orgs/1/customers/2/id',
        'customer id 2001 is used twice in org lenient',
      ],
      [
        (d) => d.orgs[0]!.customers[0]!.programs.push(12),
        '/orgs/0/customers/0/programs/2',
        "program 12 is not one of the org's programs (469, 973)",
      ],
      [
        (d) => (d.orgs[0]!.customers[0]!.mainPoints['12'] = 5),
        '/orgs/0/customers/0/mainPoints/12',
        "program 12 is not one of the org's programs (469, 973)",
      ],
      [
        (d) => (d.orgs[0]!.customers[0]!.bills![0]!.promised[0]!.programId = 12),
        '/orgs/0/customers/0/bills/0/promised/0/programId',
        "program 12 is not one of the org's programs (469, 973)",
      ],
      [
        (d) => (d.orgs[0]!.userGroups![0]!.primaryCustomerId = 4242),
        '/orgs/0/userGroups/0/primaryCustomerId',
        'no customer of org strict has id 4242',
      ],
    ];
    for (const [edit, field, problem] of cases) {
      const dataset = structuredClone(loadDataset(DEFAULT_DATASET_PATH));
      edit(dataset);
      const error = thrown(() => parseDataset(dataset, 'edited'));
      expect(error.details, field).toMatchObject({ origin: 'edited', field, problem });
    }
  });

  it('does not modify the object it checks', () => {
    const dataset = shipped();
    delete dataset.tokenTtlSeconds;
    parseDataset(dataset);
    expect(dataset).not.toHaveProperty('tokenTtlSeconds');
  });

  it('rejects a file that is missing or not a dataset, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-dataset-'));
    const missing = join(dir, 'missing.yaml');
    expect(thrown(() => loadDataset(missing)).message).toBe(
      `Reference dataset ${missing} is invalid at /: file not readable (no such file)`,
    );
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(wrong, 'version: 2\norgs: []\nfabric: { tenants: [] }\n');
    const error = thrown(() => loadDataset(wrong));
    expect(error.details.origin).toBe(wrong);
    expect(error.details.field).toBe('/version');
  });
});
