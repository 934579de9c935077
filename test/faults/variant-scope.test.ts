import { describe, expect, it } from 'vitest';
import type { ApiFamily } from '../../src/client/exchange.ts';
import { conform } from '../../src/engine/conform.ts';
import { HANDLERS, type OperationId } from '../../src/reference/handlers/index.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { loadDefaultSpecs } from '../../src/spec/default-specs.ts';
import { SUITES } from '../../suites/index.ts';
import { declaringMember, oauthFirst, profileFile, profilePathOf } from './profiles.ts';
import { familyHooks, OPERATION_FAMILY, runVariant, scopeOf, suitesOf } from './variant-scope.ts';
import { VARIANTS } from './variants.ts';

describe('scoped variant runs', () => {
  it('places every operation in the family its spec gives', async () => {
    const registry = await loadDefaultSpecs();
    for (const op of Object.keys(OPERATION_FAMILY) as OperationId[]) {
      expect(OPERATION_FAMILY[op], op).toBe(registry.getOperation(op).family);
    }
  });

  // The scope's premise: a scenario sends requests of its declared family only, so the scenarios
  // left out of a family's scoped run send none of that family's requests. Under the reference
  // profile and the minimal one (whose skips and fallbacks take other paths).
  it.each([
    ['the reference profile', undefined],
    ['the minimal profile', profileFile('minimal.yaml')],
  ] as const)(
    'on the reference under %s, every scenario sends requests of its declared family only',
    async (_name, profile) => {
      const server = await startReferenceServer({ port: 0 });
      const sent = new Map<string, Set<ApiFamily>>();
      try {
        const result = await conform({
          capillaryUrl: server.capillaryBaseUrl,
          fabricUrl: server.fabricBaseUrl,
          ...(profile ? { profilePath: profilePathOf(profile) } : {}),
          events: {
            onExchange: (exchange, scenarioId) => {
              sent.set(scenarioId, (sent.get(scenarioId) ?? new Set()).add(exchange.family));
            },
          },
        });
        expect(result.exitCode).toBe(0);
      } finally {
        await server.close();
      }
      const declared = new Map(SUITES.flatMap((s) => s.scenarios.map((x) => [x.id, x.family] as const)));
      const strays = [...sent].flatMap(([id, families]) =>
        [...families]
          .filter((f) => f !== declared.get(id))
          .map((f) => `${id} (${declared.get(id)}) sent ${f}`),
      );
      expect(strays).toEqual([]);
      for (const family of ['capillary', 'fabric'] as const) {
        const kept = new Set(suitesOf(family).flatMap((s) => s.scenarios.map((x) => x.id)));
        expect([...sent].filter(([id, f]) => f.has(family) && !kept.has(id))).toEqual([]);
        expect(kept.size, family).toBeGreaterThan(0);
      }
    },
  );

  it('family hooks see only their family: another family passes them by untouched', async () => {
    const seen: string[] = [];
    const hooks = familyHooks('fabric', {
      reply: (op, reply) => {
        seen.push(op);
        return { ...reply, status: 418 };
      },
      intercept: (op) => {
        seen.push(`intercept ${op}`);
        return undefined;
      },
    });
    const answer = { status: 200, body: {} };
    const request = {} as Parameters<NonNullable<typeof hooks.reply>>[2];
    expect(await hooks.reply!('getPointsBalance', answer, request)).toBe(answer);
    expect(hooks.intercept!('negativePointsAdjustment', request)).toBeUndefined();
    expect((await hooks.reply!('adjustMemberPoints', answer, request)).status).toBe(418);
    expect(seen).toEqual(['adjustMemberPoints']);
  });

  it('derives a scope from what a variant overrides, and none where it cannot tell', () => {
    const fabricHandler = { adjustMemberPoints: HANDLERS.adjustMemberPoints };
    expect(scopeOf({ options: { handlers: fabricHandler } })).toBe('fabric');
    expect(scopeOf({ options: { handlers: { getPointsBalance: HANDLERS.getPointsBalance } } })).toBe(
      'capillary',
    );
    expect(
      scopeOf({ options: { handlers: fabricHandler }, profile: declaringMember({ reasonCode: 'X' }) }),
    ).toBe('fabric');
    // Both families, hooks made otherwise, a ledger built, a profile section beyond the two: whole.
    expect(
      scopeOf({ options: { handlers: { ...fabricHandler, getPointsBalance: HANDLERS.getPointsBalance } } }),
    ).toBeUndefined();
    expect(scopeOf({ options: { handlers: fabricHandler }, profile: oauthFirst })).toBeUndefined();
    expect(scopeOf({ options: { hooks: { reply: (_op, reply) => reply } } })).toBeUndefined();
    expect(scopeOf({ options: { hooks: familyHooks('fabric', { reply: (_op, reply) => reply }) } })).toBe(
      'fabric',
    );
    expect(
      scopeOf({ options: { handlers: fabricHandler, createLedger: () => undefined as never } }),
    ).toBeUndefined();
    expect(
      scopeOf({ options: {}, profile: { edit: (p) => Object.assign(p, { limits: { timeoutMs: 1 } }) } }),
    ).toBeUndefined();
    expect(scopeOf({ options: {} })).toBeUndefined();
  });

  it("fails a scoped variant whose handler reaches the other family's state", async () => {
    // A fabric handler that also reads a Capillary customer's balance: its run is scoped to fabric
    // by its handler's operation, and the trespass is named.
    const run = await runVariant({
      options: {
        handlers: {
          adjustMemberPoints: (context) => {
            context.ledger.balance(context.principal, {
              identifierName: 'mobile',
              identifierValue: '0',
            } as never);
            return HANDLERS.adjustMemberPoints(context);
          },
        },
      },
    });
    expect(run.scope).toBe('fabric');
    expect(run.trespasses).toEqual(['balance (fabric variant)']);
  });

  it('classifies every variant (those appended later too): a scope, or a whole run', () => {
    const scopes = VARIANTS.map((v) => scopeOf(v));
    expect(scopes.filter((s) => s === 'fabric').length).toBeGreaterThan(0);
    expect(scopes.filter((s) => s === 'capillary').length).toBeGreaterThan(0);
  });
});
