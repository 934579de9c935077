import type { Exchange } from '../../src/client/exchange.ts';
import type { Called } from '../../src/client/http-client.ts';
import { recordExchange, recordHead } from '../../src/client/redact.ts';
import type { ContextHost } from '../../src/engine/context.ts';
import type { TargetClient } from '../../src/engine/runner.ts';
import type { OrgProfile, Profile } from '../../src/profile/types.ts';

/** An answered exchange of `family` (principal `tenant`), its body as JSON. */
export const fakeExchange = (
  status: number,
  body: unknown,
  id = 1,
  family: Exchange['family'] = 'capillary',
): Exchange =>
  ({
    id,
    family,
    principal: 'tenant',
    request: { method: 'POST', url: 'http://127.0.0.1/', headers: {} },
    response: { status, headers: {}, bodyText: JSON.stringify(body), body },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    attempts: 1,
  }) as Exchange;

/**
 * The engine's side of a scenario context for `org` (principal `tenant`), every call answered by
 * `call`; `more` sets the rest (a results sink, a read-after-write window).
 */
export function fakeContextHost(
  org: OrgProfile,
  call: ContextHost['call'],
  more: Partial<ContextHost> = {},
): ContextHost {
  return {
    profile: fakeProfile(),
    org,
    principal: 'tenant',
    scenarioId: 'test',
    seed: 1,
    specs: {} as ContextHost['specs'],
    levelOf: () => 'MUST',
    warnOnly: undefined,
    record: () => {},
    call,
    ...more,
  };
}

/** A profile with two orgs and a fabric section, as the engine sees it (no file, no secrets). */
export function fakeProfile(overrides: Partial<Profile> = {}): Profile {
  const org = (id: string, negative: 'on' | 'off' | 'unknown') => ({
    id,
    auth: { scheme: 'basic' as const, username: `till.${id}`, password: 'pw' },
    config: { negativeBalanceOnReturn: negative, programs: [{ id: 1, roundDecimals: 2 }] },
    fixtures: {
      customers: {
        c1: { identifiers: { mobile: '1' }, programs: [1] },
        c2: { identifiers: { mobile: '2' }, programs: [1] },
      },
      roles: { deductible: 'c1', twoPrograms: 'c1', drainable: 'c2' },
    },
  });
  return {
    name: 'fake',
    environment: 'staging',
    capillary: { baseUrl: 'http://127.0.0.1:9', orgs: [org('strict', 'off'), org('lenient', 'on')] },
    fabric: {
      baseUrl: FAKE_FABRIC_URL,
      auth: { scheme: 'bearer', token: 't' },
      fixtures: { member: { profileId: 'm' } },
    },
    apiErrorStatus: 'any-4xx',
    safety: { allowMutations: true },
    limits: { timeoutMs: 1000, retries: 0, requestsPerSecond: 0, concurrency: 4 },
    source: 'fake',
    ...overrides,
  } as Profile;
}

/** What a fake target does with a call: answer it, or let it time out. */
/** An answer: JSON `body`, or `text` that is not JSON (`body` undefined), with the client's `bodyIssue`. */
export type FakeAnswer =
  | {
      status: number;
      body: unknown;
      text?: string;
      bodyIssue?: string;
      /** Sends again after a lost connection, as the client records them. */
      lostConnectionResends?: number;
    }
  | 'timeout';

const FABRIC_OPERATIONS = new Set(['adjustMemberPoints', 'inquireMemberPoints']);
/** The fake fabric target: another origin than the Capillary one (nothing listens on either). */
export const FAKE_FABRIC_URL = 'http://127.0.0.1:10/api';

/** A client that answers every call with 200 {} (or as `answer` says) and counts calls. */
export function fakeClient(
  answer: (operationId: string) => FakeAnswer = () => ({ status: 200, body: {} }),
): TargetClient & { calls: number } {
  let id = 0;
  const client = {
    calls: 0,
    async call(operationId: string, principal: string): Promise<Called> {
      client.calls += 1;
      const answered = answer(operationId);
      const fabric = FABRIC_OPERATIONS.has(operationId);
      const base = {
        id: ++id,
        operationId,
        family: fabric ? 'fabric' : 'capillary',
        principal,
        request: {
          method: 'GET',
          url: fabric ? `${FAKE_FABRIC_URL}/x` : 'http://127.0.0.1:9/x',
          headers: {},
        },
        startedAt: new Date(0).toISOString(),
        durationMs: 1,
        attempts: 1,
      } as const;
      const both = (judged: Exchange): Called => ({
        judged,
        recorded: recordExchange(judged),
        head: recordHead(judged),
      });
      if (answered === 'timeout') {
        return both({
          ...base,
          error: { code: 'ETIMEDOUT', message: 'no complete response within 1000 ms' },
        });
      }
      const { status, body, text = JSON.stringify(body), bodyIssue, lostConnectionResends } = answered;
      return both({
        ...base,
        ...(lostConnectionResends === undefined ? {} : { lostConnectionResends }),
        response: {
          status,
          headers: { 'content-type': 'application/json' },
          bodyText: text,
          body,
          ...(bodyIssue === undefined ? {} : { bodyIssue }),
        },
      });
    },
    redact: (text: string) => text,
    async close() {},
  };
  return client;
}
