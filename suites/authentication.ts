import type { Exchange } from '../src/client/exchange.ts';
import { errorCodesOf, refusedAs, refusedInFabricEnvelope, ScenarioError } from '../src/engine/context.ts';
import { AFTER_REFUSAL } from '../src/engine/read-after-write.ts';
import { UNAVAILABLE_STATUSES } from '../src/engine/target-health.ts';
import type { NamedCustomer, OwnTokenRequest, ScenarioContext, Suite } from '../src/engine/types.ts';
import { isToolError } from '../src/errors.ts';
import { headerCannotCarry } from '../src/profile/header-value.ts';
import { basicCredentials } from '../src/profile/secrets.ts';
import {
  answerOf,
  balanceQuery,
  byOwnExternalId,
  defineScenario,
  judgeMemberUnchanged,
  npaQuery,
  otherProgramOf,
  otherProgramScope,
  probeEventName,
  programField,
  verifyMainUnchanged,
} from './support.ts';

const is401 = (e: Exchange) => e.response?.status === 401;

/** One call of each Capillary operation, with the given credentials. Bodies are harmless: unknown bill, 1 point. */
/** The three Capillary operations, in the order {@link capillaryCalls} sends them. */
const CAPILLARY_OPERATIONS = 3;

/**
 * Sends one call of each Capillary operation with `auth`, or only the operation at index `only`
 * (balance, deduction, unlock).
 */
function capillaryCalls(
  ctx: ScenarioContext,
  auth: 'none' | { headers: Record<string, string> },
  only?: number,
): Promise<Exchange[]> {
  const customer = ctx.customer('deductible');
  const query = npaQuery(customer);
  const calls = [
    () => ctx.call('getPointsBalance', { query: balanceQuery(ctx, customer), auth }),
    () =>
      ctx.call('negativePointsAdjustment', {
        query,
        body: { pointsToBeAdjusted: 1, programId: customer.programs[0], reasonOfReturn: 'conformance check' },
        auth,
      }),
    () =>
      ctx.call('unlockPromisedPoints', {
        query,
        body: { eventName: probeEventName(ctx), billNumber: `LC-NO-SUCH-BILL-${ctx.seed}` },
        auth,
      }),
  ];
  return Promise.all((only === undefined ? calls : [calls[only % calls.length]!]).map((call) => call()));
}

/** Codes an operation answers only after authentication (its documented API errors, not 4000). */
const postAuthCodesOf =
  ({ specs: { registry } }: ScenarioContext) =>
  (operationId: string): number[] =>
    registry.hasOperation(operationId)
      ? registry
          .getOperation(operationId)
          .errorCodes.map((e) => e.code)
          .filter((c) => c !== 4000)
      : [];

/**
 * Credentials to send, what they are, the one operation to send them to (all three when absent),
 * and statuses besides 401 and 403 that refuse them (a malformed header may be answered 400).
 */
type Attempt = readonly ['none' | { headers: Record<string, string> }, string, number?, (readonly number[])?];

/** Sends the Capillary calls with `auth` for each of `attempts`, and judges that none of them moved the deductible customer's points. */
async function capillaryRefusedUnchanged(
  ctx: ScenarioContext,
  requirement: string,
  attempts: readonly Attempt[],
): Promise<void> {
  const customer = ctx.customer('deductible');
  const before = await ctx.balance(customer, { programId: customer.programs[0] });
  const sent: Exchange[] = [];
  for (const [auth, what, only, refusedToo] of attempts) {
    const exchanges = await capillaryCalls(ctx, auth, only);
    sent.push(...exchanges);
    await judge401(ctx, requirement, exchanges, what, refusedToo);
  }
  const after = await ctx.balance(customer, { programId: customer.programs[0] }, AFTER_REFUSAL);
  verifyMainUnchanged(ctx, requirement, before, after, sent, 'after the refused calls');
}

/**
 * fabric: one adjustment sent with `auth`, its refusal judged and, when the target has the member
 * inquiry (outside the documents), that it moved no points.
 */
async function fabricRefusedUnchanged(
  ctx: ScenarioContext,
  requirement: string,
  body: { profileId: string; points: number },
  auth: 'none' | { headers: Record<string, string> },
  what: string,
): Promise<void> {
  const noInquiry = ctx.lacks('memberInquiry');
  const before = noInquiry ? undefined : await ctx.memberPoints(body.profileId);
  const exchange = await ctx.call('adjustMemberPoints', { body, auth });
  await judge401(ctx, requirement, [exchange], what);
  await judgeMemberUnchanged(ctx, requirement, body.profileId, before, exchange, what);
}

/** `text` with each letter's case swapped (upper to lower, lower to upper). */
const swapCase = (text: string) =>
  [...text].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join('');

const basicOf = (username: string, password: string) =>
  `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;

const judge401 = async (
  ctx: ScenarioContext,
  requirement: string,
  exchanges: Exchange[],
  what: string,
  refusedToo: readonly number[] = [],
) => {
  const codesOf = postAuthCodesOf(ctx);
  for (const exchange of exchanges) {
    // Rejected, and not by a rule that only runs once the caller is known (e.g. 82323277 "no bill").
    const leaked = errorCodesOf(exchange).filter((c) => codesOf(exchange.operationId ?? '').includes(c));
    // An authentication refusal is 401 or 403: a 429, a 503 or a 400 says nothing about the
    // credentials. fabric documents no error answer at all, and its request here is valid but for
    // the credentials: a 400 there can only be about them ("Authorization header is required"), and
    // so can a 422 (FastAPI's answer to a required `Header()` left out; variant
    // `fabric-missing-token-422`).
    // Its envelope carries the "Status code of call", so a 2xx whose envelope refuses is a refusal
    // too (FAB-AUTH-HTTP-STATUS, a SHOULD, then warns).
    // A Capillary profile that declares API errors answered with a 2xx (legacy v2: "one or more
    // requests have failed" with HTTP 200) makes a 2xx carrying the error envelope a refusal too:
    // no points page gives the status of a failed authentication (CAP-AUTH-HTTP-STATUS, a SHOULD,
    // then warns), as fabric's 2xx envelope refusal above.
    const status = exchange.response?.status;
    const refusals = exchange.family === 'fabric' ? [400, 401, 403, 422] : [401, 403, ...refusedToo];
    const refusedIn2xx =
      exchange.family !== 'fabric' &&
      status !== undefined &&
      status < 300 &&
      refusedAs(ctx.profile.apiErrorStatus, exchange);
    const rejected =
      (status !== undefined && refusals.includes(status)) ||
      refusedInFabricEnvelope(exchange) ||
      refusedIn2xx;
    ctx.verify(requirement, rejected && leaked.length === 0, {
      expected: `an authentication refusal (${refusals.join(', ')}) for ${what} on ${exchange.operationId}`,
      actual: leaked.length
        ? `answered past authentication with code ${leaked.join(', ')}: ${answerOf(exchange)}`
        : answerOf(exchange),
      exchanges: [exchange],
    });
    ctx.verify(
      requirement === 'FAB-AUTH-MISSING' || requirement === 'FAB-AUTH-WRONG'
        ? 'FAB-AUTH-HTTP-STATUS'
        : 'CAP-AUTH-HTTP-STATUS',
      is401(exchange),
      {
        expected: `401 for ${what} on ${exchange.operationId}`,
        actual: answerOf(exchange),
        exchanges: [exchange],
      },
    );
  }
};

/**
 * Judges that credentials were accepted by a balance read of the deductible customer. An answer
 * with a code the read gives only past authentication (8015: no such customer) says the
 * credentials passed and the profile's customer is wrong: the scenario cannot judge, it does not
 * fail the target's authentication.
 */
async function expectAccepted(ctx: ScenarioContext, requirement: string, exchange: Exchange): Promise<void> {
  const codesOf = postAuthCodesOf(ctx);
  const past = errorCodesOf(exchange).filter((c) => codesOf('getPointsBalance').includes(c));
  if (
    exchange.response &&
    !(exchange.response.status >= 200 && exchange.response.status < 300) &&
    past.length
  ) {
    throw new ScenarioError(
      `cannot judge the credentials: the balance read of customer ${ctx.customer('deductible').key} was answered past authentication with code ${past.join(', ')} (check the customer's identifiers in the profile): ${answerOf(exchange)}`,
      [exchange],
    );
  }
  ctx.expectSuccess(requirement, exchange);
}

/**
 * Sends, with the org's alternate credentials, an unlock of an unknown bill and a deduction for an
 * unknown customer (harmless: neither names anything to move), and judges that the credentials
 * passed on both operations the points pages open to Basic and OAuth alike: no 401. A 403 may be the
 * credentials' access group (the deduction needs the Points group), so only a 401 fails.
 */
async function acceptedOnEveryOperation(ctx: ScenarioContext, requirement: string): Promise<void> {
  const customer = ctx.customer('deductible');
  const calls = [
    await ctx.call('unlockPromisedPoints', {
      query: npaQuery(customer),
      body: { eventName: probeEventName(ctx), billNumber: `LC-NO-SUCH-BILL-${ctx.seed}` },
      auth: 'alternate',
    }),
    await ctx.call('negativePointsAdjustment', {
      query: { ...npaQuery(customer), identifierValue: `LC-NO-SUCH-CUSTOMER-${ctx.seed}` },
      body: { pointsToBeAdjusted: 1, programId: customer.programs[0], reasonOfReturn: 'conformance check' },
      auth: 'alternate',
    }),
  ];
  for (const exchange of calls)
    ctx.verify(requirement, exchange.response?.status !== 401, {
      expected: `the credentials accepted on ${exchange.operationId} (an answer past authentication, not 401)`,
      actual: answerOf(exchange),
      exchanges: [exchange],
    });
}

/** The org's OAuth client (key and secret) and which of its credentials it is, if it has one. */
function oauthClientOf(ctx: ScenarioContext) {
  if (ctx.org?.auth.scheme === 'oauth') return { client: ctx.org.auth, which: 'default' as const };
  if (ctx.org?.alternateAuth?.scheme === 'oauth')
    return { client: ctx.org.alternateAuth, which: 'alternate' as const };
  return undefined;
}

/**
 * The token answer CAP-AUTH-TOKEN-GENERATE judges: the run's own token request for the org's OAuth
 * client (a target may issue one token per client per minute: a second request of the scenario's
 * own would meet its 429), or, when the run sent none (the org's calls go with another scheme), one
 * request of the scenario's own. Undefined when the requirement is not judged here.
 */
async function tokenAnswer(ctx: ScenarioContext): Promise<OwnTokenRequest | undefined> {
  const oauth = oauthClientOf(ctx);
  if (!oauth || !ctx.judgeable('CAP-AUTH-TOKEN-GENERATE')) return undefined;
  const own = ctx.ownTokenRequest(oauth.which);
  if (own) return own;
  const exchange = await ctx.call('generateOAuthToken', {
    body: { key: oauth.client.key, secret: oauth.client.secret },
    auth: 'none',
  });
  return { exchange, json: exchange.response?.body };
}

/**
 * Whether a token answer without a token is the target's to judge (see docs/choices.md): any
 * answer but a refusal of the key and secret (401, 403: the profile's credentials), a rate limit
 * or an unavailable target (429, 502-504: tool outcomes).
 */
const judgedTokenAnswer = (exchange: Exchange): boolean => {
  const status = exchange.response?.status;
  return (
    status !== undefined &&
    status !== 401 &&
    status !== 403 &&
    status !== 429 &&
    !UNAVAILABLE_STATUSES.has(status)
  );
};

/** CAP-AUTH-TOKEN-GENERATE on one token answer (the body as received: the evidence shows it redacted). */
function judgeTokenAnswer(ctx: ScenarioContext, { exchange, json }: OwnTokenRequest): void {
  const answer = json as
    | { data?: { accessToken?: unknown; ttlSeconds?: unknown }; errors?: unknown }
    | undefined;
  const accessToken = answer?.data?.accessToken;
  const ttl = answer?.data?.ttlSeconds;
  const errors = answer?.errors;
  ctx.verify(
    'CAP-AUTH-TOKEN-GENERATE',
    exchange.response?.status === 200 &&
      typeof accessToken === 'string' &&
      accessToken.length > 0 &&
      // Sent in X-CAP-API-OAUTH-TOKEN as issued: a control character makes it a token no request
      // can carry (the run then has none to send, LC_ERR_AUTH_TOKEN), not a token issued.
      !headerCannotCarry(accessToken) &&
      Number.isInteger(ttl) &&
      (ttl as number) > 0 &&
      (errors == null || (Array.isArray(errors) && errors.length === 0)),
    {
      expected:
        '200 with data.accessToken (non-empty, no character an HTTP header cannot carry), data.ttlSeconds (a positive integer), no errors',
      actual: answerOf(exchange),
      exchanges: [exchange],
    },
  );
}

/** Authentication of both families: the documented schemes work, missing or wrong credentials get 401. */
export const authenticationSuite: Suite = {
  name: 'authentication',
  description:
    'Capillary Basic (md5 password) and OAuth token, fabric Bearer; missing and wrong credentials rejected',
  scenarios: [
    defineScenario({
      id: 'authentication.capillary-basic',
      title: 'Basic with username:md5(password) is accepted',
      requirements: ['CAP-AUTH-BASIC'],
      fixtures: ['deductible', 'basicAuth'],
      family: 'capillary',
      tags: ['auth'],
      mutates: false,
      async run(ctx) {
        const exchange = await ctx.call('getPointsBalance', {
          query: balanceQuery(ctx, ctx.customer('deductible')),
          auth: ctx.org?.auth.scheme === 'basic' ? 'default' : 'alternate',
        });
        await expectAccepted(ctx, 'CAP-AUTH-BASIC', exchange);
      },
    }),

    defineScenario({
      id: 'authentication.capillary-oauth',
      title:
        'an OAuth token (from /v3/oauth/token/generate, or pre-issued) is accepted in X-CAP-API-OAUTH-TOKEN',
      requirements: ['CAP-AUTH-OAUTH', 'CAP-AUTH-TOKEN-GENERATE'],
      fixtures: ['deductible', 'oauthCredentials'],
      requirementNeeds: { 'CAP-AUTH-TOKEN-GENERATE': ['oauthClient'] },
      family: 'capillary',
      tags: ['auth'],
      mutates: false,
      async run(ctx) {
        const scheme = ctx.org?.auth.scheme;
        let exchange: Exchange | undefined;
        let noToken: unknown;
        try {
          exchange = await ctx.call('getPointsBalance', {
            query: balanceQuery(ctx, ctx.customer('deductible')),
            auth: scheme === 'oauth' || scheme === 'oauth-token' ? 'default' : 'alternate',
          });
        } catch (error) {
          if (!isToolError(error, 'LC_ERR_AUTH_TOKEN')) throw error;
          noToken = error;
        }
        // After the call: the token it was sent with came from the run's own token request.
        const token = await tokenAnswer(ctx);
        // No token, and the token endpoint's answer is not the target's to judge (no answer, a
        // refusal of the profile's key and secret, a rate limit): a tool outcome (exit 2).
        if (!exchange && !(token && judgedTokenAnswer(token.exchange))) throw noToken;
        if (token) judgeTokenAnswer(ctx, token);
        if (exchange) return expectAccepted(ctx, 'CAP-AUTH-OAUTH', exchange);
        ctx.notJudged(
          'CAP-AUTH-OAUTH',
          'no OAuth token could be obtained: the token endpoint answered without one',
        );
      },
    }),

    defineScenario({
      id: 'authentication.capillary-oauth-operations',
      title: 'an OAuth token is accepted on unlocks and deductions too, not only on balance reads',
      requirements: ['CAP-AUTH-OAUTH'],
      fixtures: ['deductible', 'oauthCredentials'],
      family: 'capillary',
      tags: ['auth', 'oauth'],
      // Harmless (an unknown bill, an unknown customer), but POST requests all the same.
      mutates: true,
      // Decided up front, so that plan and run --dry-run show the skip.
      appliesTo: (org) =>
        org.auth.scheme === 'oauth' || org.auth.scheme === 'oauth-token'
          ? { run: false, reason: "OAuth is the org's auth: every call of the run is sent with it" }
          : { run: true },
      async run(ctx) {
        try {
          await acceptedOnEveryOperation(ctx, 'CAP-AUTH-OAUTH');
        } catch (error) {
          // No token to send: authentication.capillary-oauth reports why, once.
          if (isToolError(error, 'LC_ERR_AUTH_TOKEN')) ctx.skip('no OAuth token could be obtained');
          throw error;
        }
      },
    }),

    defineScenario({
      id: 'authentication.capillary-basic-operations',
      title: 'Basic credentials are accepted on unlocks and deductions too, not only on balance reads',
      requirements: ['CAP-AUTH-BASIC'],
      fixtures: ['deductible', 'basicAuth'],
      family: 'capillary',
      tags: ['auth'],
      // Harmless (an unknown bill, an unknown customer), but POST requests all the same.
      mutates: true,
      appliesTo: (org) =>
        org.auth.scheme === 'basic'
          ? { run: false, reason: "Basic is the org's auth: every call of the run is sent with it" }
          : { run: true },
      async run(ctx) {
        await acceptedOnEveryOperation(ctx, 'CAP-AUTH-BASIC');
      },
    }),

    defineScenario({
      id: 'authentication.capillary-missing',
      title: 'every Capillary operation without credentials is rejected with 401',
      requirements: ['CAP-AUTH-MISSING', 'CAP-AUTH-HTTP-STATUS'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['auth'],
      mutates: true,
      async run(ctx) {
        await capillaryRefusedUnchanged(ctx, 'CAP-AUTH-MISSING', [
          ['none', 'no credentials'],
          // The scheme word without credentials carries none either (as fabric's `Bearer` alone): a
          // target skipping authentication when the header names nothing after Basic lets it
          // through (fault auth-basic-without-credentials-passes). Sent to the deduction only, the
          // call that moves points; a 400 refuses a malformed header as well as a 401 does.
          [{ headers: { authorization: 'Basic' } }, 'the word Basic without credentials', 1, [400]],
        ]);
      },
    }),

    defineScenario({
      id: 'authentication.capillary-wrong',
      title:
        'a wrong Basic password, the plain password instead of its md5, an empty password and an unknown OAuth token are rejected with 401',
      requirements: ['CAP-AUTH-WRONG', 'CAP-AUTH-HTTP-STATUS'],
      fixtures: ['deductible'],
      family: 'capillary',
      tags: ['auth'],
      mutates: true,
      async run(ctx) {
        const basic = [ctx.org?.auth, ctx.org?.alternateAuth].find((a) => a?.scheme === 'basic');
        const user = basic?.scheme === 'basic' ? basic.username : 'conformance';
        // Each failed attempt naming the run's till goes to one operation, in turn, so that each
        // operation meets one and the till meets at most four: a target may lock a till after a few
        // failures (ASP.NET Identity's default is 5; no document rules a lockout out), and the run,
        // on a user's staging till too, goes on with it. Attempts naming no till go to all three.
        // A username that names no declared till ('conformance') locks nothing: all three.
        let turn = 0;
        const once = () => (basic?.scheme === 'basic' ? turn++ % CAPILLARY_OPERATIONS : undefined);
        const attempts: Attempt[] = [
          // md5 of a password nobody has: the header is well-formed, the credentials are not.
          [
            { headers: { authorization: basicOf(user, '00000000000000000000000000000000') } },
            'a wrong password',
            once(),
          ],
          [{ headers: { 'x-cap-api-oauth-token': `lc-invalid-${ctx.seed}` } }, 'an unknown token'],
          // No password at all: never the md5 hex digest of one (32 characters, even for "").
          [{ headers: { authorization: basicOf(user, '') } }, 'an empty password', once()],
          // The OAuth header present but empty: no token is no credential.
          [{ headers: { 'x-cap-api-oauth-token': '' } }, 'an empty OAuth token'],
        ];
        // The documented credential is the md5 hex digest: the till's password as typed is not it.
        if (basic?.scheme === 'basic') {
          attempts.push([
            { headers: { authorization: basicOf(basic.username, basic.password) } },
            'the plain password instead of its md5',
            once(),
          ]);
          // Another till's password (its md5) is no password of this till: a target that checks the
          // digest against every till's, not the username's own, lets it through.
          const other = [ctx.org?.auth, ctx.org?.alternateAuth, ctx.org?.restrictedAuth].find(
            (a) => a?.scheme === 'basic' && a.password !== basic.password,
          );
          if (other?.scheme === 'basic')
            attempts.push([
              { headers: { authorization: `Basic ${basicCredentials(basic.username, other.password)}` } },
              "another till's password (its md5)",
              once(),
            ]);
        }
        await capillaryRefusedUnchanged(ctx, 'CAP-AUTH-WRONG', attempts);
      },
    }),

    defineScenario({
      id: 'authentication.fabric',
      title: 'fabric accepts its Bearer token and rejects a missing or wrong one with 401',
      requirements: ['FAB-AUTH-BEARER', 'FAB-AUTH-MISSING', 'FAB-AUTH-WRONG', 'FAB-AUTH-HTTP-STATUS'],
      fixtures: ['member'],
      family: 'fabric',
      tags: ['auth', 'fabric'],
      mutates: true,
      async run(ctx) {
        // Judged on the documented adjustment alone: the member inquiry is outside the documents.
        const profileId = ctx.profile.fabric?.fixtures.member.profileId ?? ctx.skip('no fabric member');
        // An amount no other adjustment of the run sends without strings: a tenant keying duplicates
        // on the parsed adjustment (a null string as an absent one) took fabric.validation's +1 of
        // nulls for this +1 (variant fabric-duplicates-keyed-on-the-command).
        const body = { profileId, points: 6 };
        ctx.expectSuccess('FAB-AUTH-BEARER', await ctx.call('adjustMemberPoints', { body }));
        await fabricRefusedUnchanged(ctx, 'FAB-AUTH-MISSING', body, 'none', 'no token');
        // Credentials that are not the token: a target that reads the token whatever the scheme
        // word says is not judged here, one that lets any non-Bearer header through is.
        const basic = { headers: { authorization: basicOf(profileId, `lc-invalid-${ctx.seed}`) } };
        await fabricRefusedUnchanged(
          ctx,
          'FAB-AUTH-MISSING',
          body,
          basic,
          'a Basic header instead of Bearer',
        );
        // "Bearer <token>": the scheme word without a token carries no credential.
        const bare = { headers: { authorization: 'Bearer ' } };
        await fabricRefusedUnchanged(ctx, 'FAB-AUTH-MISSING', body, bare, 'Bearer without a token');
        // An Authorization header present but empty carries no token either, and the header is
        // required whatever points says: sent on a deduction, it meets a target checking the header
        // only when it names a scheme (fault auth-fabric-empty-authorization-passes) and one
        // authenticating its additions only (fault auth-fabric-deduction-unauthenticated).
        await fabricRefusedUnchanged(
          ctx,
          'FAB-AUTH-MISSING',
          { profileId, points: -6 },
          { headers: { authorization: '' } },
          'an empty Authorization header on a deduction',
        );
        // A token never issued: the profile's token without its last character where it has two or
        // more (an unrelated token otherwise). A target comparing no further than the presented
        // token's length (the issued token starts with it) lets it through, and any target taking an
        // unrelated token takes it too (fault auth-fabric-token-truncated-accepted). The character
        // dropped is one carrying data: a base64 token's trailing `=` is padding, and a tenant
        // decoding the token with padding optional reads the same key without it (variant
        // fabric-base64-token-padding-optional).
        const token = ctx.profile.fabric?.auth.token;
        const unpadded = token?.replace(/=+$/, '');
        const truncated = unpadded && unpadded.length > 1 ? unpadded.slice(0, -1) : undefined;
        const wrong = { headers: { authorization: `Bearer ${truncated ?? `lc-invalid-${ctx.seed}`}` } };
        const what = !truncated
          ? 'a wrong token'
          : unpadded === token
            ? 'the token without its last character'
            : 'the token without its padding and last data character';
        await fabricRefusedUnchanged(ctx, 'FAB-AUTH-WRONG', body, wrong, what);
        // "<token> is your auth token": the token with one character more was never issued either.
        // A target comparing no further than the issued token's length (a prefix test, strncmp)
        // lets it through (fault auth-fabric-token-prefix-accepted). Sent on a deduction, as the
        // empty header above: the token is checked whatever points says, and a target may check
        // only that a deduction presents one (fault auth-fabric-wrong-token-taken-on-deductions).
        if (token) {
          const longer = { headers: { authorization: `Bearer ${token}0` } };
          await fabricRefusedUnchanged(
            ctx,
            'FAB-AUTH-WRONG',
            { profileId, points: -6 },
            longer,
            'the token with a 0 appended, on a deduction',
          );
        }
        // Nor was the token with its letters' case swapped: a target looking tokens up under a
        // case-insensitive collation (MySQL's default) lets it through (fault
        // auth-fabric-token-case-insensitive). Sent only for a token mixing upper- and lower-case
        // letters, whose issuer tells them apart: a token written in one case may be of a form read
        // ignoring case, hex (a UUID is case-insensitive on input, RFC 9562: variant
        // fabric-uuid-token-compared-as-uuid), a ULID or Crockford base32 (variant
        // fabric-ulid-token-read-ignoring-case), RFC 4648 base32 in lower case (variant
        // fabric-base32-token-lower-case).
        const swapped = token && /[a-z]/.test(token) && /[A-Z]/.test(token) ? swapCase(token) : undefined;
        if (swapped) {
          const other = { headers: { authorization: `Bearer ${swapped}` } };
          await fabricRefusedUnchanged(
            ctx,
            'FAB-AUTH-WRONG',
            body,
            other,
            "the token with its letters' case swapped",
          );
        }
      },
    }),
    defineScenario({
      id: 'authentication.capillary-access-group',
      title: 'valid credentials without the Points access group cannot deduct',
      requirements: ['CAP-AUTH-ACCESS-GROUP'],
      fixtures: ['deductible', 'restrictedAuth'],
      family: 'capillary',
      tags: ['auth'],
      mutates: true,
      async run(ctx) {
        const customer = ctx.customer('deductible');
        // Twice: a target that caches the credentials' first authorisation without their groups
        // refuses the first deduction and lets the second through. The second names no programId
        // (optional on the page: the org's default program): a target checking the group where it
        // resolves a named program lets it through (fault auth-access-group-checked-with-program-only).
        // The first names the customer by its own externalId, in its program that is not the
        // default where it has one: a target may check the group on its mobile lookup path only,
        // or against the default program's grants only (fault hunt 61).
        await deductRestricted(ctx, customer, 'first', otherProgramOf(ctx, customer) ?? customer.programs[0]);
        await deductRestricted(ctx, customer, 'second', undefined);
      },
    }),
  ],
};

/**
 * One deduction with the profile's restricted credentials: naming `programId` and the customer by
 * its own externalId ({@link byOwnExternalId}), or, without one, naming no program (then read in
 * the org's default program where the customer has it) and the customer by its usual identifier:
 * refused, and the balance unchanged.
 */
async function deductRestricted(
  ctx: ScenarioContext,
  customer: NamedCustomer,
  attempt: string,
  programId: number | undefined,
): Promise<void> {
  const fallback = ctx.org?.config.defaultProgramId;
  const read =
    programId ??
    (fallback === undefined || !customer.programs.includes(fallback) ? customer.programs[0] : fallback);
  const before = await ctx.balance(customer, { programId: read });
  const send = (query: Record<string, string>) =>
    ctx.call('negativePointsAdjustment', {
      query,
      body: { pointsToBeAdjusted: 1, ...programField(programId), reasonOfReturn: 'conformance check' },
      auth: 'restricted',
    });
  const exchange =
    programId === undefined ? await send(npaQuery(customer)) : await byOwnExternalId(customer, send);
  const scope = programId === undefined ? undefined : otherProgramScope(ctx, customer, programId);
  // Refused as an API error (the profile's error status) or as an authorisation error (403/4000).
  const status = exchange.response?.status;
  ctx.verify(
    'CAP-AUTH-ACCESS-GROUP',
    refusedAs(ctx.profile.apiErrorStatus, exchange) || status === 401 || status === 403,
    {
      expected: `a refusal (the profile's error status, or 401/403)${scope ? ` (${scope})` : ''}`,
      actual: answerOf(exchange),
      exchanges: [exchange],
    },
  );
  const after = await ctx.balance(customer, { programId: read }, AFTER_REFUSAL);
  verifyMainUnchanged(
    ctx,
    'CAP-AUTH-ACCESS-GROUP',
    before,
    after,
    [exchange],
    `after the ${attempt} attempt`,
  );
}
