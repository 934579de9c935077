/**
 * Writing one pact file: each interaction declared with Pact's V4 consumer DSL and its recorded
 * request replayed against Pact's mock server. Its own module, not exported from the package: its
 * signature names Pact's types, which a consumer without the optional Pact must not need.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Client, type Dispatcher } from 'undici';
import { toolError } from '../errors.ts';
import type { InteractionSpec } from './interaction-spec.ts';
import { COMMENT } from './interactions.ts';
import type { PactModule } from './pact-lib.ts';

/**
 * How long each attempt at an interaction waits, after its replay is answered, before Pact verifies
 * it. Pact's mock server (pact-core 19, @pact-foundation/pact 16.3 and later) records a match on a
 * task of its own after answering (pact-foundation/pact-core-mock-server#13): under CPU load the
 * verification can run first and report the answered request as "expected but not received". The
 * first attempt waits nothing; each retry gives that task longer. A failed attempt writes nothing,
 * so retrying is clean. Three attempts without a wait failed in a row once, beside a full test run.
 */
const REPLAY_SETTLE_MS = [0, 20, 100, 500, 2000] as const;

/** Writes interactions with Pact's V4 consumer DSL, replaying each against its mock server. */
export async function writePact(
  pact: PactModule,
  names: { consumer: string; provider: string; dir: string },
  interactions: readonly InteractionSpec[],
): Promise<void> {
  const consumerPact = new pact.PactV4({ ...names, logLevel: 'error' });
  for (const spec of interactions) {
    for (const [attempt, settleMs] of REPLAY_SETTLE_MS.entries()) {
      try {
        await recordInteraction(consumerPact, spec, settleMs);
        break;
      } catch (error) {
        const raced = /expected but not received/.test((error as Error).message);
        if (raced && attempt < REPLAY_SETTLE_MS.length - 1) continue;
        throw toolError(
          'LC_ERR_PACT_EXPORT',
          { reason: `interaction "${spec.description}" did not replay: ${(error as Error).message}` },
          { cause: error },
        );
      }
    }
  }
}

/** Declares one interaction and replays its request against a fresh mock server. */
async function recordInteraction(
  consumerPact: InstanceType<PactModule['PactV4']>,
  spec: InteractionSpec,
  settleMs: number,
): Promise<void> {
  let builder = consumerPact.addInteraction();
  for (const state of spec.states) builder = builder.given(state.name, state.params as never);
  await builder
    .uponReceiving(spec.description)
    .testName(spec.scenarioId)
    .comment({ key: COMMENT.requirements, value: spec.requirements.join(',') })
    .comment({ key: COMMENT.scenario, value: spec.scenarioId })
    .comment({ key: COMMENT.operationId, value: spec.operationId })
    .comment({ key: COMMENT.principal, value: spec.principal })
    .withRequest(spec.request.method, spec.request.path as string, (request) => {
      request.query(spec.request.query as never).headers(spec.request.headers as never);
      if (spec.request.body !== undefined) request.jsonBody(spec.request.body);
    })
    .willRespondWith(spec.response.status as number, (response) => {
      response.headers(spec.response.headers as never);
      if (spec.response.body !== undefined) response.jsonBody(spec.response.body);
    })
    .executeTest(async (mockServer) => {
      await replay(mockServer.url, spec);
      if (settleMs > 0) await sleep(settleMs);
    });
}

/**
 * Sends the recorded request to Pact's mock server (which records the interaction), on a
 * connection of its own: mock servers come and go on random ports, a pooled one could be stale.
 */
async function replay(baseUrl: string, spec: InteractionSpec): Promise<void> {
  const { method, path, query, headers, body } = spec.replay;
  const search = query.length ? `?${new URLSearchParams([...query]).toString()}` : '';
  const client = new Client(baseUrl);
  try {
    const response = await client.request({
      method: method as Dispatcher.HttpMethod,
      path: `${path}${search}`,
      headers,
      ...(body !== undefined ? { body } : {}),
    });
    await response.body.dump();
  } finally {
    await client.close();
  }
}
