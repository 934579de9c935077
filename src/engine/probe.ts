import { setTimeout as sleep } from 'node:timers/promises';
import { isJsonContentType } from '../checks/types.ts';
import {
  describeRateLimit,
  describeRedirect,
  type Exchange,
  isRateLimited,
  requestUrlParts,
} from '../client/exchange.ts';
import type { Called } from '../client/http-client.ts';
import { toolError } from '../errors.ts';
import { dualPrimaryOf } from '../profile/dual-eligibility.ts';
import type { IdentifierName, OrgProfile, Profile } from '../profile/types.ts';
import { CONFIRM_PAUSE_MS } from './confirm-stop.ts';
import {
  BALANCE_IDENTIFIERS,
  describeAnswer,
  errorCodesOf,
  lookupIdentifier,
  memberPointsOf,
  namedCustomer,
} from './context.ts';
import type { Capabilities } from './fixtures.ts';
import type { TargetClient } from './runner.ts';
import { answeredUnavailable, UNAVAILABLE_STATUSES } from './target-health.ts';
import type { NamedCustomer } from './types.ts';

/**
 * The run's first requests, before any scenario: one authenticated request per principal that
 * changes nothing, so that a profile's wrong credentials end the run as a tool error (exit 2)
 * instead of a report full of "expected 1218, actual 401" blamed on the target; a balance read of
 * each fixture customer, so that a profile naming customers the target does not have ends the
 * same way instead of failing the unlock rules with "customer not found"; and the probe of the
 * optional fabric member inquiry (an endpoint outside the four documents).
 */

/** The balance page's code for "Customer not found for the given identifiers". */
const CUSTOMER_NOT_FOUND = 8015;

/** Statuses that say an endpoint does not exist (as opposed to refusing a request). */
const ABSENT_STATUSES = new Set([404, 405, 501]);

/** The path of the inquiry, for messages. */
export const MEMBER_INQUIRY_PATH = 'GET /v1/inquire/{profileId}/member-points';

const rejected = (principal: string, scheme: string, exchange: Exchange) =>
  toolError('LC_ERR_AUTH_REJECTED', { principal, scheme, answer: describeAnswer(exchange).slice(0, 160) });

/** The error codes the documents give an operation (its spec's `x-error-codes`). */
export type DocumentedCodes = (operationId: string) => ReadonlySet<number>;

const requestText = (exchange: Exchange) =>
  `${exchange.request.method} ${requestUrlParts(exchange.request.url).pathname}`;

/** A first answer in a line: `503 text/html: <html>Service Unavailable…`. */
const pageText = (response: Pick<NonNullable<Exchange['response']>, 'status' | 'headers' | 'bodyText'>) =>
  `${response.status} ${response.headers['content-type'] ?? 'without a content type'}: ${response.bodyText.slice(0, 80).replace(/\s+/g, ' ')}`;

/**
 * Ends the run before any scenario when the first answer of a principal shows the target is not
 * the API at all, or cannot be asked: no answer, a redirect, a page that is not JSON (a login
 * page, a gateway's error page, a wrong base URL), a 404, 405 or 501 without any code the
 * documents give the operation (a wrong base path: the framework's or gateway's JSON "no such
 * route"; a documented request to a fixture the profile declares, so the endpoint is what is
 * missing), refused credentials. Anything else the API could answer — JSON of any shape, any
 * other status, an empty refusal — goes on to be judged. (The fabric probe's refusal in a page
 * that is not JSON is first weighed by {@link checkFabricCredentials}.)
 */
function judgeFirstAnswer(
  principal: string,
  scheme: string,
  { judged: exchange, recorded }: Called,
  documented: DocumentedCodes | undefined,
): void {
  // Judged as received; every word of the error quotes the recorded (redacted) form.
  const response = exchange.response;
  const shown = recorded.response ?? { status: 0, headers: {}, bodyText: '' };
  const url = requestUrlParts(exchange.request.url).origin;
  if (!response) {
    throw toolError('LC_ERR_TARGET_NO_ANSWER', {
      url,
      reason: `${recorded.error?.code ?? 'error'}: ${recorded.error?.message ?? 'no response'}`,
    });
  }
  if (response.status === 401 || response.status === 403) throw rejected(principal, scheme, recorded);
  if (isRateLimited(exchange)) {
    throw toolError('LC_ERR_RATE_LIMITED', {
      url,
      answer: describeRateLimit(recorded) ?? describeAnswer(recorded).slice(0, 120),
    });
  }
  // A gateway's 502, 503 or 504 (a 503 with Retry-After is a rate limit, above): the target is
  // down tonight, not misconfigured and not judged; whatever the page's content type.
  if (UNAVAILABLE_STATUSES.has(response.status)) {
    throw toolError('LC_ERR_TARGET_UNAVAILABLE', {
      url,
      detail: `${principal}: ${requestText(recorded)} got ${pageText(shown)} (the target, or a gateway in front of it, is down or overloaded); no scenario ran`,
    });
  }
  const redirect = response.status >= 300 && response.status < 400;
  // An empty refusal is one the API may give (fabric documents no error body, and the fabric probe
  // is a request the target must refuse); an empty 404 or 405 says the endpoint is not there.
  const emptyRefusal =
    response.bodyText === '' &&
    response.status >= 400 &&
    response.status < 500 &&
    !ABSENT_STATUSES.has(response.status);
  const notJson =
    response.body === undefined && !emptyRefusal && !isJsonContentType(response.headers['content-type']);
  // The request names a fixture the profile declares: "not found" with no documented code (the
  // balance page's 8015, say, which the fixture check then names) is the endpoint, not the fixture.
  const codes = documented && exchange.operationId ? documented(exchange.operationId) : undefined;
  const absent =
    ABSENT_STATUSES.has(response.status) &&
    codes !== undefined &&
    !errorCodesOf(exchange).some((c) => codes.has(c));
  if (redirect || notJson || absent) {
    throw toolError('LC_ERR_TARGET_NOT_API', {
      principal,
      field: principal === 'fabric' ? 'fabric.baseUrl' : 'capillary.baseUrl',
      request: requestText(exchange),
      answer: redirect
        ? shown.headers.location && shown.status !== 304
          ? `${shown.status} redirect to ${shown.headers.location} (never followed)`
          : describeRedirect(shown)
        : pageText(shown),
    });
  }
}

/**
 * A first request answered 502, 503 or 504 (not a rate limit) is asked once more after
 * {@link CONFIRM_PAUSE_MS}, as a streak is confirmed before an outage is declared: one gateway
 * timeout at the run's start is a blip, not an outage (ninth variant hunt: a 504 to the first
 * balance read of a target answering every other request ended the run, exit 2). Like the
 * probe's other requests, neither answer is judged: they are no part of the run.
 */
async function askAgainIfUnavailable(ask: () => Promise<Called>): Promise<Called> {
  const first = await ask();
  if (!answeredUnavailable(first.judged)) return first;
  await sleep(CONFIRM_PAUSE_MS);
  return ask();
}

/**
 * A balance read of the org's deductible customer with the org's `auth`. Only `auth`: a refused
 * `alternateAuth` or `restrictedAuth` is what the authentication scenarios judge (a target that
 * refuses valid Basic credentials fails CAP-AUTH-BASIC there).
 */
async function checkOrgCredentials(
  client: TargetClient,
  org: OrgProfile,
  documented: DocumentedCodes | undefined,
): Promise<BalanceRead | undefined> {
  const customer = namedCustomer(org, org.fixtures.roles.deductible);
  if (!customer) return undefined;
  // A customer without an identifier the balance lookup takes (its scenarios skip, naming what to
  // add) is still read by one it has: the target judges the credentials before the query.
  const [identifierName, identifierValue] = BALANCE_IDENTIFIERS.some((n) => customer.identifiers[n])
    ? lookupIdentifier(customer, BALANCE_IDENTIFIERS, undefined, 'use')
    : Object.entries(customer.identifiers).find(([, value]) => value)!;
  const called = await askAgainIfUnavailable(() =>
    client.call('getPointsBalance', org.id, {
      query: { identifierName, identifierValue, source: 'INSTORE' },
    }),
  );
  judgeFirstAnswer(`org ${org.id}`, `auth, ${org.auth.scheme}`, called, documented);
  return { key: customer.key, identifierName, exchange: called.judged };
}

/** A balance read of a fixture customer made before any scenario. */
interface BalanceRead {
  readonly key: string;
  readonly identifierName: string;
  readonly exchange: Exchange;
}

/**
 * The identifier by which a correct target must find `customer` alone: under dual eligibility only
 * the org's primary identifier (the balance page answers 8015 to a lone other one), else the first
 * of the balance page's identifiers it has. Never one another fixture customer shares (a lookup
 * by it may name two customers). Undefined when there is none such.
 */
function soleIdentifierOf(customer: NamedCustomer, org: OrgProfile): IdentifierName | undefined {
  const primary = dualPrimaryOf(org);
  const names: readonly IdentifierName[] = primary ? [primary] : BALANCE_IDENTIFIERS;
  return names.find(
    (name) =>
      (BALANCE_IDENTIFIERS as readonly string[]).includes(name) &&
      customer.identifiers[name] &&
      !customer.sharedIdentifiers?.includes(name),
  );
}

/**
 * Reads the balance of each fixture customer by an identifier a correct target must find it by
 * alone, and ends the run when the target answers the balance page's "customer not found": the
 * profile describes another environment, or a customer that was deleted. Any other answer, an
 * error included, goes on to be judged by the scenarios.
 */
async function checkFixtureCustomers(
  client: TargetClient,
  org: OrgProfile,
  credentialsRead: BalanceRead | undefined,
): Promise<void> {
  for (const key of Object.keys(org.fixtures.customers)) {
    const customer = namedCustomer(org, key)!;
    const identifierName = soleIdentifierOf(customer, org);
    if (!identifierName) continue;
    const identifierValue = customer.identifiers[identifierName]!;
    // The credentials' read is this very read when it named the customer by the same identifier.
    const exchange =
      credentialsRead?.key === key && credentialsRead.identifierName === identifierName
        ? credentialsRead.exchange
        : (
            await client.call('getPointsBalance', org.id, {
              query: { identifierName, identifierValue, source: 'INSTORE' },
            })
          ).judged;
    if (!errorCodesOf(exchange).includes(CUSTOMER_NOT_FOUND)) continue;
    // Names the identifier, never its value: a mobile or an email is a person's.
    throw toolError('LC_ERR_PROFILE_FIXTURE_UNKNOWN', {
      org: org.id,
      customer: key,
      identifier: identifierName,
      status: exchange.response?.status ?? 0,
      code: CUSTOMER_NOT_FOUND,
    });
  }
}

/**
 * A refusal in a page that is not JSON: a 4xx other than 401, 403 and the absent statuses, with a
 * body neither JSON nor empty, as a framework's `res.status(400).send(message)` writes. The fabric
 * page documents the 200 answer only, so the API may refuse so (GEN-CONTENT-TYPE only warns); and
 * so does a wrong base URL (nginx's HTML 400 for plain HTTP sent to its HTTPS port).
 */
function refusedInPage(exchange: Exchange): boolean {
  const response = exchange.response;
  if (!response || isRateLimited(exchange) || response.body !== undefined || response.bodyText === '')
    return false;
  const { status } = response;
  return (
    status >= 400 &&
    status < 500 &&
    status !== 401 &&
    status !== 403 &&
    !ABSENT_STATUSES.has(status) &&
    !isJsonContentType(response.headers['content-type'])
  );
}

/**
 * Whether a read of the member inquiry's path shows a service routing requests, as a wrong base
 * URL does not: 404, 405 or 501 (no such route, whatever the page's type), 401 or 403 (that route
 * guarded apart, whatever the page's type: the adjustment, with the same token, got past auth to
 * its own refusal; variant hunt 22: a gateway's HTML 403 there stopped a correct tenant), a 2xx
 * page (a catch-all route's, a single-page app's fallback for any GET, beside the adjustment's 4xx
 * page: variant hunt 52, an Express app refusing in text and serving its app stopped a correct
 * tenant, memberInquiry false as well), or JSON at any other status but a redirect or 502-504. A
 * wrong base URL gives the same page to every request.
 */
function answeredByRouter(exchange: Exchange | undefined): boolean {
  const response = exchange?.response;
  if (!response || (response.status >= 300 && response.status < 400)) return false;
  if (UNAVAILABLE_STATUSES.has(response.status)) return false;
  return (
    ABSENT_STATUSES.has(response.status) ||
    response.status === 401 ||
    response.status === 403 ||
    response.status < 300 ||
    response.body !== undefined ||
    isJsonContentType(response.headers['content-type'])
  );
}

/**
 * An adjustment the target must refuse (no points): it shows whether the Bearer token is accepted.
 * Its refusal in a page that is not JSON is not decisive alone: the read of the member inquiry's
 * path (`inquiry`, asked already under `auto`, else asked now: a GET, no write) tells the API,
 * which routes that read elsewhere, from a wrong base URL answering both the same (docs/choices.md).
 */
async function checkFabricCredentials(
  client: TargetClient,
  profileId: string,
  documented: DocumentedCodes | undefined,
  inquiry?: Called,
): Promise<void> {
  const called = await askAgainIfUnavailable(() =>
    client.call('adjustMemberPoints', 'fabric', { body: { profileId } }),
  );
  if (refusedInPage(called.judged)) {
    const read =
      inquiry ??
      (await askAgainIfUnavailable(() =>
        client.call('inquireMemberPoints', 'fabric', { pathParams: { profileId } }),
      ));
    if (answeredByRouter(read.judged)) return;
    // Down or throttled at the inquiry's path (asked again once): it tells nothing of the base URL,
    // so the stop says so (variant hunt 22: nginx's HTML 503 there stopped a correct tenant as
    // not the API).
    if (isRateLimited(read.judged) || answeredUnavailable(read.judged))
      judgeFirstAnswer('fabric', 'auth, bearer', read, documented);
  }
  judgeFirstAnswer('fabric', 'auth, bearer', called, documented);
}

/** Whether the fabric member inquiry is there: declared in the profile, or probed once (`auto`). */
async function probeMemberInquiry(
  client: TargetClient,
  profile: Profile,
  documented: DocumentedCodes | undefined,
): Promise<Capabilities['memberInquiry']> {
  const fabric = profile.fabric;
  if (!fabric) return { present: false, reason: 'the profile has no fabric section' };
  const profileId = fabric.fixtures.member.profileId;
  const declared = fabric.memberInquiry ?? 'auto';
  if (declared === false) {
    await checkFabricCredentials(client, profileId, documented);
    return { present: false, reason: 'fabric.memberInquiry is false in the profile' };
  }
  const called = await askAgainIfUnavailable(() =>
    client.call('inquireMemberPoints', 'fabric', { pathParams: { profileId } }),
  );
  const inquiry = called.judged;
  if (declared === true) {
    judgeFirstAnswer('fabric', 'auth, bearer', called, documented);
    return { present: true, reason: 'fabric.memberInquiry is true in the profile' };
  }
  const status = inquiry.response?.status;
  if (status !== undefined && status >= 200 && status < 300 && memberPointsOf(inquiry) !== undefined) {
    return { present: true, reason: `${MEMBER_INQUIRY_PATH} answered ${status}` };
  }
  // Not there, or not usable with the token the documented endpoint accepts: either way the
  // inquiry cannot serve as evidence, and the credentials are judged on the documented endpoint.
  await checkFabricCredentials(client, profileId, documented, called);
  const why =
    status !== undefined && ABSENT_STATUSES.has(status)
      ? `${MEMBER_INQUIRY_PATH} answered ${status}`
      : `${MEMBER_INQUIRY_PATH} gave no readable data[].pointsBalance.memberPointsAvailable (${describeAnswer(called.recorded).slice(0, 80)})`;
  return { present: false, reason: why };
}

/**
 * Checks every principal's credentials and fixture customers and probes the optional capabilities.
 * Throws `LC_ERR_AUTH_REJECTED` when a principal's credentials are refused (401/403),
 * `LC_ERR_PROFILE_FIXTURE_UNKNOWN` when the target does not know a fixture customer.
 */
export async function probeTarget(
  client: TargetClient,
  profile: Profile,
  documented?: DocumentedCodes,
): Promise<Capabilities> {
  const orgs = profile.capillary?.orgs ?? [];
  // Every org's credentials first: a wrong password is the likelier mistake, and the one to name.
  const credentialsReads: (BalanceRead | undefined)[] = [];
  for (const org of orgs) credentialsReads.push(await checkOrgCredentials(client, org, documented));
  for (const [index, org] of orgs.entries())
    await checkFixtureCustomers(client, org, credentialsReads[index]);
  return { memberInquiry: await probeMemberInquiry(client, profile, documented) };
}
