import { describe, expect, it } from 'vitest';
import { fabricReply, type Reply } from '../../src/reference/envelopes.ts';
import type { HookRequest } from '../../src/reference/server.ts';
import { compose, type Member } from './compose.ts';
import { conformant, runComposed } from './compose-runs.ts';
import { VARIANTS } from './variants.ts';

const variant = (id: string): Member => {
  const found = VARIANTS.find((v) => v.id === id);
  if (!found) throw new Error(`no variant ${id}`);
  return found;
};

/** A member whose reply hook appends `mark` to the answer's `trail`, to see the order of the chain. */
const marking = (id: string, mark: string): Member => ({
  id,
  options: {
    hooks: {
      reply: (_op, reply) => ({
        ...reply,
        body: { trail: `${(reply.body as { trail?: string }).trail ?? ''}${mark}` },
      }),
    },
  },
});

describe('composed correct variants', () => {
  it('composes two fabric variants (a handler, a reply hook) into one conformant target, scoped as they are', async () => {
    const run = await runComposed([
      variant('fabric-inquiry-whole-points'),
      variant('fabric-success-nulls-omitted'),
    ]);
    expect(run.notComposable).toBeUndefined();
    expect(run.failing).toEqual([]);
    expect(run.errors).toEqual([]);
    expect(conformant(run)).toBe(true);
  }, 20_000);

  it('does not compose two handlers of one operation, two ledgers, or a member with a file profile', () => {
    const handled = (id: string): Member => ({
      id,
      options: { handlers: { adjustMemberPoints: () => fabricReply(200, 'ok', {}) } },
    });
    expect(compose([handled('a'), handled('b')])).toMatchObject({
      composable: false,
      reason: expect.stringContaining('adjustMemberPoints'),
    });
    const ledger = (id: string): Member => ({
      id,
      options: {
        createLedger: () => {
          throw new Error('not built');
        },
      },
    });
    expect(compose([ledger('a'), ledger('b')])).toMatchObject({
      composable: false,
      reason: expect.stringContaining('two ledgers'),
    });
    const file: Member = { id: 'f', options: {}, profile: { file: 'minimal.yaml' } };
    const edit: Member = { id: 'e', options: {}, profile: { edit: () => {} } };
    expect(compose([file, edit]).composable).toBe(false);
    expect(compose([file, handled('a')]).composable).toBe(false);
    expect(compose([edit, handled('a')]).composable).toBe(true);
  });

  it('chains reply hooks in the order given, a transport variant last', async () => {
    const composition = compose([marking('transport-x', 'T'), marking('a', 'A'), marking('b', 'B')]);
    if (!composition.composable) throw new Error(composition.reason);
    const reply = composition.variant.options.hooks?.reply;
    const answer: Reply = await reply!(
      'getPointsBalance',
      { status: 200, body: {} } as Reply,
      {} as HookRequest,
    );
    expect(answer.body).toEqual({ trail: 'ABT' });
  });

  it('answers with the first intercepting member, the later ones not asked', async () => {
    let asked = 0;
    const intercepting = (id: string, status: number | undefined): Member => ({
      id,
      options: {
        hooks: {
          intercept: () => {
            asked++;
            return status ? ({ status, body: {} } as Reply) : undefined;
          },
        },
      },
    });
    const composition = compose([
      intercepting('a', undefined),
      intercepting('b', 503),
      intercepting('c', 429),
    ]);
    if (!composition.composable) throw new Error(composition.reason);
    const answer = await composition.variant.options.hooks?.intercept?.(
      'getPointsBalance',
      {} as HookRequest,
    );
    expect(answer?.status).toBe(503);
    expect(asked).toBe(2);
  });
});
