import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isToolError, type LoyaltyConformanceError } from '../../src/errors.ts';
import { loadDataset, parseDataset } from '../../src/reference/dataset.ts';
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

  it('does not modify the object it checks', () => {
    const dataset = shipped();
    delete dataset.tokenTtlSeconds;
    parseDataset(dataset);
    expect(dataset).not.toHaveProperty('tokenTtlSeconds');
  });

  it('rejects a file that is missing or not a dataset, naming the file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-dataset-'));
    const missing = join(dir, 'missing.yaml');
    expect(thrown(() => loadDataset(missing)).message).toContain(missing);
    const wrong = join(dir, 'wrong.yaml');
    writeFileSync(wrong, 'version: 2\norgs: []\nfabric: { tenants: [] }\n');
    const error = thrown(() => loadDataset(wrong));
    expect(error.details.origin).toBe(wrong);
    expect(error.details.field).toBe('/version');
  });
});
