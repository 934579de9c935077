import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { conform } from '../../src/engine/conform.ts';

describe('generated suite', () => {
  it('covers under GEN-INVALID-REJECTED exactly the operations it sends invalid cases to, not the member inquiry it reads', async () => {
    const result = await conform({ tags: ['generated'], evidence: 'all' });
    expect(result.exitCode).toBe(0);
    const requirement = result.requirements.find((r) => r.id === 'GEN-INVALID-REJECTED');
    const cited = new Set(requirement?.checks.flatMap((c) => c.exchangeIds));
    // The reference provider refuses every generated case: the refusals are the cases sent.
    const sentTo = new Set(
      result.exchanges
        .filter((e) => cited.has(e.id) && (e.response?.status ?? 0) >= 400)
        .map((e) => e.operationId),
    );
    const claimed = loadCatalogue().get('GEN-INVALID-REJECTED')?.operations;
    expect([...sentTo].sort()).toEqual([...(claimed ?? [])].sort());
    expect(claimed).not.toContain('inquireMemberPoints');
  });
});
