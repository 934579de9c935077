/**
 * Composed correct variants: two (or more) variants merged into one provider, as the variant pair
 * hunts run them. Each variant alone is a correct target; their composition shows false verdicts no
 * single variant shows (a display hook over another's ledger, a refusal code beside a pinned
 * status). A composition that fails is a lead, not a verdict: whether one real target could behave
 * like it is judged by hand, and a false verdict is then written as one variant of variants.ts.
 *
 * The rules, unchanged since variant hunt 54 (written down here so that a hunt no longer rewrites
 * them): handlers merged, two overriding one operation not composable; hooks chained (`intercept`
 * the first answer, `authenticate` and `validate` in turn, `reply` in turn, each awaited) with a
 * `transport-*` variant's hooks last, since it changes the wire the others' answers go out on; one
 * `createLedger` at most; profile edits applied in turn, a member with a `file` profile composing with nothing.
 */
import type { ApiFamily } from '../../src/client/exchange.ts';
import type { Reply } from '../../src/reference/envelopes.ts';
import type { ReferenceHooks } from '../../src/reference/server.ts';
import type { FaultOptions } from './catalogue.ts';
import type { ProfileSource } from './profiles.ts';
import { familyHooks, type Scopable, scopeOf } from './variant-scope.ts';

/** What of a variant a composition reads: its id (for the hook order), options, profile. */
export interface Member {
  readonly id: string;
  readonly options: FaultOptions;
  readonly profile?: ProfileSource;
}

/** A composition of members, ready for `runVariant`, or why the members do not compose. */
export type Composition =
  | { readonly composable: true; readonly ids: readonly string[]; readonly variant: Scopable }
  | { readonly composable: false; readonly ids: readonly string[]; readonly reason: string };

/** Whether a member changes the wire (its hooks go after every other member's). */
const isTransport = (id: string) => id.startsWith('transport-');

/** `hooks` of each member called in turn, as one target layering them would. */
function chainHooks(all: readonly ReferenceHooks[]): ReferenceHooks {
  const intercepts = all.flatMap((h) => (h.intercept ? [h.intercept] : []));
  const authenticates = all.flatMap((h) => (h.authenticate ? [h.authenticate] : []));
  const validates = all.flatMap((h) => (h.validate ? [h.validate] : []));
  const replies = all.flatMap((h) => (h.reply ? [h.reply] : []));
  return {
    ...(intercepts.length > 0 && {
      // The first layer answering in front of the provider answers: the later ones never see it.
      // Synchronous, as the hook is: an intercept returning a promise has taken the request.
      intercept: (op, request) => {
        for (const intercept of intercepts) {
          const answer = intercept(op, request);
          if (answer) return answer;
        }
        return undefined;
      },
    }),
    ...(authenticates.length > 0 && {
      authenticate: (op, result, headers) => authenticates.reduce((r, auth) => auth(op, r, headers), result),
    }),
    ...(validates.length > 0 && {
      validate: (op, validation) => validates.reduce((v, validate) => validate(op, v), validation),
    }),
    ...(replies.length > 0 && {
      reply: async (op, answer, request) => {
        let current: Reply = answer;
        for (const reply of replies) current = await reply(op, current, request);
        return current;
      },
    }),
  };
}

/**
 * The one family every member's hooks are confined to, when each member that has hooks is scoped
 * to it (the chain is then confined too, and a run may be scoped as a single variant's is).
 */
function hooksFamily(hooked: readonly ReferenceHooks[]): ApiFamily | undefined {
  const families = new Set(hooked.map((hooks) => scopeOf({ options: { hooks } })));
  const [family] = [...families];
  return families.size === 1 ? family : undefined;
}

/**
 * Composes `members` into one provider. Reads each member's `options` once: an entry's options may
 * be a getter making its closures' state anew on each read, so compose anew for each run, and never
 * run one member in two runs at once.
 */
export function compose(members: readonly Member[]): Composition {
  const ids = members.map((m) => m.id);
  const not = (reason: string): Composition => ({ composable: false, ids, reason });
  // Transport members last, the others in the order given (a stable sort).
  const ordered = [...members]
    .sort((a, b) => Number(isTransport(a.id)) - Number(isTransport(b.id)))
    .map((member) => ({ member, options: member.options }));

  const handlers: NonNullable<FaultOptions['handlers']> = {};
  for (const { member, options } of ordered) {
    for (const [op, handler] of Object.entries(options.handlers ?? {})) {
      if (op in handlers) return not(`two handlers of ${op} (${member.id})`);
      Object.assign(handlers, { [op]: handler });
    }
  }
  const ledgers = ordered.filter((m) => m.options.createLedger);
  if (ledgers.length > 1) return not(`two ledgers (${ledgers.map((m) => m.member.id).join(', ')})`);
  const profiles = ordered.flatMap((m) => (m.member.profile ? [m.member.profile] : []));
  // A profile file describes a whole other target (the minimal profile): no other member's
  // behaviour is described by it, so it composes with nothing.
  if (members.length > 1 && profiles.some((p) => 'file' in p)) return not('a file profile');

  const hooked = ordered.flatMap((m) => (m.options.hooks ? [m.options.hooks] : []));
  const chained = hooked.length === 1 ? hooked[0]! : chainHooks(hooked);
  const family = hooked.length > 1 ? hooksFamily(hooked) : undefined;
  const hooks = family ? familyHooks(family, chained) : chained;
  const profile: ProfileSource | undefined =
    profiles.length <= 1
      ? profiles[0]
      : {
          edit: (document) => {
            for (const p of profiles) if ('edit' in p) p.edit(document);
          },
        };
  const createLedger = ledgers[0]?.options.createLedger;
  const options: FaultOptions = {
    ...(Object.keys(handlers).length > 0 && { handlers }),
    ...(hooked.length > 0 && { hooks }),
    ...(createLedger && { createLedger }),
  };
  return { composable: true, ids, variant: { options, ...(profile && { profile }) } };
}
