import { describe, expect, it } from 'vitest';
import { loadCatalogue } from '../../src/catalogue/catalogue.ts';
import { UNIVERSAL_CHECKS } from '../../src/checks/index.ts';
import type { Called } from '../../src/client/http-client.ts';
import {
  NOT_JUDGED_INTERRUPTED,
  NOT_RUN_INTERRUPTED,
  RunInterrupted,
  type TargetClient,
} from '../../src/engine/runner.ts';
import { loadScenarios } from '../../src/engine/scenario-registry.ts';
import type { Scenario, Suite } from '../../src/engine/types.ts';
import { isToolError } from '../../src/errors.ts';
import { runWithFakes } from './fake-run.ts';
import { FAKE_FABRIC_URL, type FakeAnswer, fakeClient, fakeProfile } from './fakes.ts';

const catalogue = loadCatalogue();

/**
 * How long the interrupt tests' client holds a call (within the test timeout). "At once" is told
 * from "waited the call out" by half of it: far above any delay a loaded machine adds to a run
 * of milliseconds (the bound was 2 s), far below the wait itself.
 */
const HOLD_MS = 10_000;

const scenario = (overrides: Partial<Scenario> & Pick<Scenario, 'id' | 'run'>): Scenario => ({
  title: overrides.id,
  requirements: ['CAP-NPA-ARITHMETIC'],
  fixtures: [],
  family: 'capillary',
  tags: [],
  mutates: false,
  ...overrides,
});

const run = runWithFakes;

/** One scenario expecting code 8015 from one read, answered `answer`, judged with GEN-NO-5XX's check too. */
const expecting8015 = (answer: FakeAnswer) =>
  run(
    [
      scenario({
        id: 's.expects-8015',
        run: async (ctx) => {
          const exchange = await ctx.call('getPointsBalance', {});
          ctx.expectErrorCode('CAP-NPA-ARITHMETIC', exchange, 8015);
        },
      }),
    ],
    {
      client: fakeClient(() => answer),
      checks: UNIVERSAL_CHECKS.filter((c) => c.requirementId === 'GEN-NO-5XX'),
    },
  );

describe('loadScenarios', () => {
  const suite = (scenarios: Scenario[]): Suite => ({ name: 's', description: '', scenarios });
  const noop = async () => {};

  it('rejects a scenario naming an unknown requirement at load time', () => {
    const error = (() => {
      try {
        loadScenarios([suite([scenario({ id: 's.a', run: noop, requirements: ['CAP-NOPE-1'] })])], catalogue);
      } catch (e) {
        return e;
      }
    })();
    expect(isToolError(error, 'LC_ERR_SCENARIO_INVALID')).toBe(true);
    expect((error as Error).message).toMatch(/CAP-NOPE-1/);
  });

  it('rejects an unknown fixture, a duplicate ID and an ID outside its suite', () => {
    expect(() =>
      loadScenarios([suite([scenario({ id: 's.a', run: noop, fixtures: ['nope' as never] })])], catalogue),
    ).toThrow(/fixture "nope"/);
    expect(() =>
      loadScenarios(
        [suite([scenario({ id: 's.a', run: noop }), scenario({ id: 's.a', run: noop })])],
        catalogue,
      ),
    ).toThrow(/used twice/);
    expect(() => loadScenarios([suite([scenario({ id: 'other.a', run: noop })])], catalogue)).toThrow(
      /must start with/,
    );
  });
});

describe('runConformance', () => {
  it('runs scenarios sharing a customer one after another and others in parallel', async () => {
    let inFlight = 0;
    let maxShared = 0;
    let maxAll = 0;
    const sharedActive = { n: 0 };
    const slow = (shared: boolean) => async () => {
      inFlight += 1;
      if (shared) sharedActive.n += 1;
      maxAll = Math.max(maxAll, inFlight);
      maxShared = Math.max(maxShared, sharedActive.n);
      await new Promise((r) => setTimeout(r, 5));
      if (shared) sharedActive.n -= 1;
      inFlight -= 1;
      throw new Error('judged nothing on purpose');
    };
    const scenarios = [
      ...[1, 2, 3].map((i) => scenario({ id: `s.shared${i}`, fixtures: ['deductible'], run: slow(true) })),
      ...[1, 2, 3].map((i) => scenario({ id: `s.free${i}`, run: slow(false) })),
    ];
    // One org only, so "shared" really is one customer.
    const profile = fakeProfile();
    const single = { ...profile, capillary: { ...profile.capillary!, orgs: [profile.capillary!.orgs[0]!] } };
    await run(scenarios, { profile: single, parallelism: 4 });
    expect(maxShared).toBe(1);
    expect(maxAll).toBeGreaterThan(1);
  });

  it('turns a broken MUST into fail, a broken SHOULD into warn, and a skip into skip', async () => {
    const result = await run([
      scenario({
        id: 's.judge',
        requirements: ['CAP-NPA-ARITHMETIC', 'GEN-STATUS-DECLARED'],
        run: async (ctx) => {
          ctx.verify('CAP-NPA-ARITHMETIC', false, { expected: 'x', actual: 'y' });
          ctx.verify('GEN-STATUS-DECLARED', false, { expected: 'x', actual: 'y' });
        },
      }),
      scenario({ id: 's.skip', requirements: ['CAP-NPA-8907'], run: async (ctx) => ctx.skip('not today') }),
    ]);
    const verdict = (id: string) => result.requirements.find((r) => r.id === id)?.verdict;
    expect(verdict('CAP-NPA-ARITHMETIC')).toBe('fail');
    expect(verdict('GEN-STATUS-DECLARED')).toBe('warn');
    expect(verdict('CAP-NPA-8907')).toBe('skip');
    expect(result.exitCode).toBe(1);
  });

  it('only warns where the profile leaves the configuration unknown or the rule is inferred', async () => {
    const profile = fakeProfile();
    const unknownOrg = {
      ...profile.capillary!.orgs[0]!,
      config: { ...profile.capillary!.orgs[0]!.config, negativeBalanceOnReturn: 'unknown' as const },
    };
    const result = await run(
      [
        scenario({
          id: 's.config',
          appliesTo: (org) =>
            org.config.negativeBalanceOnReturn === 'unknown'
              ? { run: true, warnOnly: 'config unknown' }
              : { run: true },
          run: async (ctx) => {
            ctx.verify('CAP-NPA-ARITHMETIC', false, { expected: 'x', actual: 'y' });
            ctx.verify('CAP-NPA-8907', false, {
              expected: 'x',
              actual: 'y',
              inferred: 'the documents are silent',
            });
          },
          requirements: ['CAP-NPA-ARITHMETIC', 'CAP-NPA-8907'],
        }),
      ],
      { profile: { ...profile, capillary: { ...profile.capillary!, orgs: [unknownOrg] } } },
    );
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.verdict).toBe('warn');
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-8907')?.verdict).toBe('warn');
    expect(result.exitCode).toBe(0);
    // Each warning says why it is not a failure, in a field of its own (reporters show it as `why warn:`).
    const checkOf = (id: string) => result.requirements.find((r) => r.id === id)?.checks[0];
    expect(checkOf('CAP-NPA-ARITHMETIC')).toMatchObject({ note: 'config unknown', expected: 'x' });
    expect(checkOf('CAP-NPA-ARITHMETIC')?.message).toBe('config unknown: expected x');
    expect(checkOf('CAP-NPA-8907')?.note).toBe('config unknown');
  });

  it('gives a failure no note, an inferred rule its reason, and a check it cannot judge why', async () => {
    const broken = [
      ['CAP-NPA-ARITHMETIC', {}],
      ['CAP-NPA-8907', { inferred: 'the documents are silent' }],
      ['CAP-NPA-8015', { cannotJudge: 'the read failed' }],
    ] as const;
    const result = await run([
      scenario({
        id: 's.notes',
        run: async (ctx) => {
          for (const [id, why] of broken) ctx.verify(id, false, { expected: 'x', actual: 'y', ...why });
        },
        requirements: broken.map(([id]) => id),
      }),
    ]);
    const checkOf = (id: string) => result.requirements.find((r) => r.id === id)?.checks[0];
    expect(checkOf('CAP-NPA-ARITHMETIC')).toMatchObject({ verdict: 'fail', message: 'expected x' });
    expect(checkOf('CAP-NPA-ARITHMETIC')).not.toHaveProperty('note');
    expect(checkOf('CAP-NPA-8907')).toMatchObject({ verdict: 'warn', note: 'the documents are silent' });
    expect(checkOf('CAP-NPA-8015')).toMatchObject({
      verdict: 'error',
      note: 'cannot judge: the read failed',
    });
  });

  it("records the profile declaration a scenario's expectations rest on (Applicability.premise), never on a skip", async () => {
    const premise = 'capillary.orgs[strict].config.negativeBalanceOnReturn: off';
    const result = await run([
      scenario({
        id: 's.premise',
        appliesTo: () => ({ run: true, premise }),
        run: async (ctx) => {
          ctx.verify('CAP-NPA-8907', false, { expected: 'x', actual: 'y' });
        },
        requirements: ['CAP-NPA-8907'],
      }),
      scenario({
        id: 's.premise-skipped',
        appliesTo: () => ({ run: true, premise }),
        run: async (ctx) => ctx.skip('not today'),
        requirements: ['CAP-NPA-8907'],
      }),
      scenario({ id: 's.none', run: async () => {}, requirements: ['CAP-NPA-8907'] }),
    ]);
    const premiseOf = (id: string) => result.scenarios.find((s) => s.scenarioId === id)?.premise;
    expect(premiseOf('s.premise')).toBe(premise);
    expect(premiseOf('s.premise-skipped')).toBeUndefined();
    expect(premiseOf('s.none')).toBeUndefined();
  });

  it('reports an error, not a pass, for a scenario that throws or judges nothing', async () => {
    const result = await run([
      scenario({ id: 's.throws', run: async () => Promise.reject(new Error('boom')) }),
      scenario({ id: 's.silent', requirements: ['CAP-NPA-8907'], run: async () => {} }),
    ]);
    expect(result.scenarios.every((s) => s.verdict === 'error')).toBe(true);
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.verdict).toBe('error');
    expect(result.exitCode).toBe(2);
  });

  it('judges a check whose evidence got no response as error, never fail', async () => {
    const result = await expecting8015('timeout');
    const check = result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.checks[0];
    expect(check?.verdict).toBe('error');
    expect(check?.message).toMatch(/cannot judge: no response \(ETIMEDOUT: /);
    expect(result.exitCode).toBe(2);
  });

  it.each<{ lost: string; write: FakeAnswer; note: RegExp }>([
    {
      // The connection closed after the target booked the deduction, say.
      lost: 'got no response',
      write: 'timeout',
      note: /^cannot judge: an earlier negativePointsAdjustment of this scenario got no response \(ETIMEDOUT: .*\), so it may have been applied$/,
    },
    {
      // The client sends a POST again after a reset on a reused connection before any answer (an
      // idle close racing it); a target that booked it and then reset the connection gets it twice.
      lost: 'was resent after a lost connection',
      write: { status: 200, body: {}, lostConnectionResends: 1 },
      note: /^cannot judge: an earlier negativePointsAdjustment of this scenario was sent again after its connection was lost before any answer \(then answered 200 \{\}\), so it may have been applied twice$/,
    },
  ])(
    "judges a later failure of a scenario whose write $lost as error, another scenario's as ever",
    async ({ write, note }) => {
      // Then a read that differs from what the suite expected: the difference may be that deduction.
      const readAfter = (id: string, writes: boolean) =>
        scenario({
          id,
          run: async (ctx) => {
            if (writes) await ctx.call('negativePointsAdjustment', { body: { pointsToBeAdjusted: 1 } });
            const read = await ctx.call('getPointsBalance', {});
            ctx.verify('CAP-NPA-ARITHMETIC', false, {
              expected: 'mainPoints 10',
              actual: 'mainPoints 9',
              exchanges: [read],
            });
          },
        });
      const result = await run([readAfter('s.after-lost-write', true), readAfter('s.read-only', false)], {
        client: fakeClient((operationId) =>
          operationId === 'negativePointsAdjustment' ? write : { status: 200, body: { mainPoints: 9 } },
        ),
      });
      const checks = result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.checks ?? [];
      const of = (id: string) => checks.find((c) => c.checkId === id);
      expect(of('s.after-lost-write')?.verdict).toBe('error');
      expect(of('s.after-lost-write')?.note).toMatch(note);
      expect(of('s.after-lost-write')?.exchangeIds).toHaveLength(2);
      expect(of('s.read-only')?.verdict).toBe('fail');
    },
  );

  it.each([502, 503, 504])(
    'judges a check whose evidence was answered %i (the target or its gateway down) as error, and GEN-NO-5XX as failing',
    async (status) => {
      const result = await expecting8015({ status, body: { message: 'Service Unavailable' } });
      const check = result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.checks[0];
      expect(check?.verdict).toBe('error');
      expect(check?.note).toMatch(new RegExp(`^cannot judge: ${status} `));
      expect(result.requirements.find((r) => r.id === 'GEN-NO-5XX')?.verdict).toBe('fail');
      expect(result.exitCode).toBe(1);
    },
  );

  it('judges a check whose evidence was answered 500 as failing: the target crashed on the request', async () => {
    const result = await expecting8015({ status: 500, body: { message: 'Internal Server Error' } });
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.checks[0]?.verdict).toBe('fail');
    expect(result.exitCode).toBe(1);
  });

  it('names an error code answered as a string as it came, not as no code at all', async () => {
    const result = await expecting8015({ status: 400, body: { errors: [{ status: false, code: '8015' }] } });
    const check = result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.checks[0];
    expect(check?.verdict).toBe('fail');
    expect(check?.actual).toBe('400 with code "8015" (a string, not a number)');
  });

  it.each([
    [
      { text: '{"errors":[{"code":8015}]}<!-- cache -->' },
      '400 with no error code (body not JSON: {"errors":[{"code":8015}]}<!-- cache -->)',
    ],
    [
      { text: '\u001f\ufffd\b', bodyIssue: 'invalid UTF-8: the body is not UTF-8 text' },
      '400 with no error code (invalid UTF-8: the body is not UTF-8 text)',
    ],
    [{ text: '' }, '400 with no error code'],
  ])('says why a body that is not JSON names no code (%j)', async (answer, actual) => {
    const result = await expecting8015({ status: 400, body: undefined, ...answer });
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.checks[0]?.actual).toBe(actual);
  });

  it('stops asking an origin after 5 unanswered requests in a row, and goes on with another origin', async () => {
    const client = fakeClient((operationId) =>
      operationId === 'getPointsBalance' ? 'timeout' : { status: 200, body: {} },
    );
    const asks = (id: string, operationId: string) =>
      scenario({
        id,
        run: async (ctx) => {
          for (let i = 0; i < 10; i += 1) await ctx.call(operationId, {});
          ctx.verify('CAP-NPA-ARITHMETIC', true, { expected: 'x', actual: 'x' });
        },
      });
    const result = await run(
      [
        asks('s.balance-1', 'getPointsBalance'),
        asks('s.balance-2', 'getPointsBalance'),
        { ...asks('s.fabric', 'inquireMemberPoints'), family: 'fabric' },
      ],
      { client, parallelism: 1, targets: { capillary: 'http://127.0.0.1:9', fabric: FAKE_FABRIC_URL } },
    );
    // 5 capillary requests before the stop (the rest of both balance scenarios is never sent), 10 fabric.
    expect(client.calls).toBe(5 + 10);
    expect(result.stopped?.code).toBe('LC_ERR_TARGET_UNRESPONSIVE');
    expect(result.stopped?.message).toMatch(
      /Target http:\/\/127\.0\.0\.1:9 stopped answering: 5 requests in a row/,
    );
    expect(result.scenarios.find((s) => s.scenarioId === 's.balance-2')?.reason).toMatch(/^not run: /);
    expect(result.scenarios.find((s) => s.scenarioId === 's.fabric')?.verdict).toBe('pass');
    expect(result.exitCode).toBe(2);
  });

  it('skips mutating scenarios on a production profile unless both the profile and the flag allow them', async () => {
    const mutating = scenario({
      id: 's.mutates',
      mutates: true,
      run: async (ctx) => {
        await ctx.call('getPointsBalance');
        ctx.verify('CAP-NPA-ARITHMETIC', true, { expected: 'x', actual: 'x' });
      },
    });
    const production = (allowMutations: boolean) =>
      fakeProfile({ environment: 'production', safety: { allowMutations } });
    const reasons = async (profile: ReturnType<typeof fakeProfile>, allowMutations: boolean) => {
      const client = fakeClient();
      const result = await run([mutating], { profile, client, allowMutations });
      expect(client.calls).toBe(0);
      expect(result.scenarios.every((s) => s.verdict === 'skip')).toBe(true);
      return [...new Set(result.scenarios.map((s) => s.reason))];
    };
    expect(await reasons(production(false), false)).toEqual([
      'production profile: mutating scenario not run: safety.allowMutations: true in the profile and --allow-mutations are missing',
    ]);
    expect(await reasons(production(true), false)).toEqual([
      'production profile: mutating scenario not run: --allow-mutations is missing (safety.allowMutations: true alone is not enough)',
    ]);
    expect(await reasons(production(false), true)).toEqual([
      'production profile: mutating scenario not run: safety.allowMutations: true in the profile is missing (--allow-mutations alone is not enough)',
    ]);
    const client = fakeClient();
    const allowed = await run([mutating], { profile: production(true), client, allowMutations: true });
    expect(client.calls).toBe(2);
    expect(allowed.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.verdict).toBe('pass');
  });

  it('runs no mutating scenario in any environment when safety.allowMutations is false', async () => {
    const client = fakeClient();
    const reading = scenario({
      id: 's.reads',
      run: async (ctx) => {
        await ctx.call('getPointsBalance');
        ctx.verify('CAP-NPA-ARITHMETIC', true, { expected: 'x', actual: 'x' });
      },
    });
    const mutating = scenario({
      id: 's.mutates',
      mutates: true,
      requirements: ['CAP-NPA-8907'],
      run: reading.run,
    });
    const result = await run([reading, mutating], {
      profile: fakeProfile({ environment: 'staging', safety: { allowMutations: false } }),
      client,
      allowMutations: true,
    });
    expect(client.calls).toBe(2); // the read-only scenario, for each org
    const skipped = result.scenarios.filter((s) => s.scenarioId === 's.mutates');
    expect(skipped.map((s) => [s.verdict, s.reason])).toEqual([
      ['skip', 'safety.allowMutations is false: mutating scenario not run'],
      ['skip', 'safety.allowMutations is false: mutating scenario not run'],
    ]);
  });

  it('ends an interrupted run at once: runs cut short and runs never started are error, none fail', async () => {
    const controller = new AbortController();
    let started = 0;
    // Holds every call for HOLD_MS unless the signal aborts it; the second call interrupts the run.
    const client: TargetClient = {
      call(operationId, principal, _options, signal) {
        started += 1;
        if (started === 2) setTimeout(() => controller.abort(new RunInterrupted('SIGINT')), 10);
        return new Promise<Called>((resolve, reject) => {
          const timer = setTimeout(() => resolve(fakeClient().call(operationId, principal, {})), HOLD_MS);
          signal?.addEventListener('abort', () => {
            clearTimeout(timer);
            reject(signal.reason);
          });
        });
      },
      redact: (text) => text,
      close: async () => {},
    };
    const later = (id: string) =>
      scenario({ id, run: async (ctx) => void (await ctx.call('getPointsBalance')) });
    const t0 = performance.now();
    const result = await run(
      [
        scenario({
          id: 's.quick',
          requirements: ['CAP-NPA-8907'],
          run: async (ctx) => void ctx.verify('CAP-NPA-8907', true, { expected: 'x', actual: 'x' }),
        }),
        scenario({
          id: 's.cut',
          run: async (ctx) => {
            // A broken rule seen before the interrupt: the run was cut short, so it is not judged.
            ctx.verify('CAP-NPA-ARITHMETIC', false, { expected: 'x', actual: 'y' });
            await ctx.call('getPointsBalance');
          },
        }),
        later('s.later1'),
        later('s.later2'),
        later('s.later3'),
      ],
      { client, parallelism: 2, signal: controller.signal },
    );
    expect(performance.now() - t0, 'did not wait out the held calls').toBeLessThan(HOLD_MS / 2);
    const reasons = Object.fromEntries(
      result.scenarios.map((s) => [`${s.scenarioId}@${s.principal}`, `${s.verdict}: ${s.reason ?? ''}`]),
    );
    expect(reasons).toEqual({
      's.quick@strict': 'pass: ',
      's.quick@lenient': 'pass: ',
      's.cut@strict': `error: ${NOT_JUDGED_INTERRUPTED}`,
      's.cut@lenient': `error: ${NOT_JUDGED_INTERRUPTED}`,
      ...Object.fromEntries(
        ['s.later1', 's.later2', 's.later3'].flatMap((id) =>
          ['strict', 'lenient'].map((org) => [`${id}@${org}`, `error: ${NOT_RUN_INTERRUPTED}`]),
        ),
      ),
    });
    expect(started).toBe(2);
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-ARITHMETIC')?.verdict).toBe('error');
    expect(result.requirements.find((r) => r.id === 'CAP-NPA-8907')?.verdict).toBe('pass');
    expect(result.requirements.some((r) => r.verdict === 'fail')).toBe(false);
    expect(result.stopped).toEqual({
      code: 'LC_ERR_RUN_INTERRUPTED',
      message: 'interrupted by SIGINT after 2 of 10 scenario runs',
    });
    expect(result.exitCode).toBe(2);
  });

  it('ends an interrupted run at once even when the client does not heed the signal', async () => {
    const controller = new AbortController();
    const deaf: TargetClient = {
      call: (operationId, principal) =>
        new Promise<Called>((resolve) => {
          setTimeout(() => resolve(fakeClient().call(operationId, principal, {})), HOLD_MS).unref();
        }),
      redact: (text) => text,
      close: async () => {},
    };
    setTimeout(() => controller.abort(new RunInterrupted('SIGTERM')), 20);
    const t0 = performance.now();
    const result = await run(
      [
        scenario({
          id: 's.held',
          family: 'fabric',
          run: async (ctx) => void (await ctx.call('inquireMemberPoints')),
        }),
      ],
      { client: deaf, signal: controller.signal },
    );
    expect(performance.now() - t0, 'did not wait out the deaf call').toBeLessThan(HOLD_MS / 2);
    expect(result.scenarios.map((s) => s.reason)).toEqual([NOT_JUDGED_INTERRUPTED]);
    expect(result.stopped?.message).toBe('interrupted by SIGTERM after 0 of 1 scenario runs');
  });

  it('leaves a run whole when the interrupt comes after its last scenario run', async () => {
    const controller = new AbortController();
    const result = await run(
      [
        scenario({
          id: 's.last',
          family: 'fabric', // one principal: the abort comes after the run's only scenario run
          run: async (ctx) => {
            ctx.verify('CAP-NPA-ARITHMETIC', true, { expected: 'x', actual: 'x' });
            controller.abort(new RunInterrupted('SIGTERM'));
          },
        }),
      ],
      { signal: controller.signal, parallelism: 1 },
    );
    expect(result.stopped).toBeUndefined();
    expect(result.exitCode).toBe(0);
  });

  it('selects by grep, tag and requirement, and shards deterministically into disjoint parts', async () => {
    const ids = Array.from({ length: 7 }, (_, i) => `s.n${i}`);
    const scenarios = ids.map((id, i) =>
      scenario({
        id,
        tags: i % 2 ? ['odd'] : ['even'],
        run: async (ctx) => void ctx.verify('CAP-NPA-ARITHMETIC', true, { expected: '', actual: '' }),
      }),
    );
    const picked = async (extra: Parameters<typeof run>[1]) =>
      [...new Set((await run(scenarios, extra)).scenarios.map((s) => s.scenarioId))].sort();
    expect(await picked({ grep: 'n3' })).toEqual(['s.n3']);
    expect(await picked({ grep: '/n[12]$/' })).toEqual(['s.n1', 's.n2']);
    expect(await picked({ tags: ['odd'] })).toEqual(['s.n1', 's.n3', 's.n5']);
    expect(await picked({ requirements: ['CAP-NPA-8907'] })).toEqual([]);
    const shards = await Promise.all([1, 2, 3].map((index) => picked({ shard: { index, total: 3 } })));
    expect(shards.flat().sort()).toEqual([...ids].sort());
    expect(new Set(shards.flat()).size).toBe(ids.length);
    expect(await picked({ shard: { index: 2, total: 3 } })).toEqual(shards[1]);
  });
});
