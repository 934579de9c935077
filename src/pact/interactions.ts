import { clientErrorStatusOpen } from '../profile/error-status.ts';
import type { OrgProfile, Profile } from '../profile/types.ts';
import { matchResponseKey, type SpecRegistry } from '../spec/index.ts';
import {
  AUTH_HEADER,
  type CredentialScheme,
  credentialsOf,
  PRINCIPAL_HEADER,
  placeholderHeader,
} from './credentials.ts';
import type { InteractionSpec } from './interaction-spec.ts';
import { bodyMatchers } from './matchers.ts';
import type { PactModule } from './pact-lib.ts';
import { billNamed, memberNamed, requestView, type SelectedCall } from './select.ts';
import { stateName, stateParams } from './states.ts';

/**
 * One selected call as a contract interaction: states by name, the request with fixture values
 * injected from provider states (`fromProviderState`) and a placeholder credential, the response
 * as matchers derived from the spec, comments naming the requirements and the scenario.
 */

/** Custom comment keys of an exported interaction. */
export const COMMENT = {
  /** Comma-separated requirement IDs the interaction evidences. */
  requirements: 'requirements',
  scenario: 'scenario',
  operationId: 'operationId',
  principal: 'principal',
} as const;

/** A Pact provider-state expression: `${key}`, replaced by the value a state handler returns. */
export const placeholder = (key: string) => `\${${key}}`;

/** Builds the interaction of a selected call. */
export function buildInteraction(
  selected: SelectedCall,
  profile: Profile,
  registry: SpecRegistry,
  pact: PactModule,
): InteractionSpec {
  const M = pact.MatchersV3;
  const { exchange, principal, auth } = selected;
  const family = exchange.family;
  const operationId = exchange.operationId as string;
  const response = exchange.response!;
  const org = profile.capillary?.orgs.find((o) => o.id === principal);

  // --- request ---
  const url = new URL(exchange.request.url);
  const base = new URL(
    (family === 'fabric' ? profile.fabric?.baseUrl : profile.capillary?.baseUrl) ?? url.origin,
  );
  const basePath = base.pathname.replace(/\/$/, '');
  const path = url.pathname.startsWith(basePath) ? url.pathname.slice(basePath.length) : url.pathname;
  const view = requestView(exchange);
  const inject = (expression: string, example: unknown) =>
    expression.includes('${') ? M.fromProviderState(expression, example) : example;

  const member = family === 'fabric' ? memberNamed(selected, profile) : undefined;
  const fixtures = (profile.fabric?.fixtures ?? {}) as Record<string, { profileId: string } | undefined>;
  const memberId = member ? fixtures[member]?.profileId : undefined;
  const pathTemplate =
    memberId && path.includes(`/${encodeURIComponent(memberId)}/`)
      ? inject(
          path.replace(`/${encodeURIComponent(memberId)}/`, `/${placeholder(`member.${member}.profileId`)}/`),
          path,
        )
      : path;

  const queryPairs = [...url.searchParams.entries()];
  const query: Record<string, unknown> = {};
  for (const [name, value] of queryPairs) {
    const template =
      name === 'identifierValue' && org ? inject(identifierExpression(view.query, org), value) : value;
    const existing = query[name];
    query[name] =
      existing === undefined ? template : [...(Array.isArray(existing) ? existing : [existing]), template];
  }

  const headers: Record<string, unknown> = { [PRINCIPAL_HEADER]: principal, [AUTH_HEADER]: auth };
  const replayHeaders: Record<string, string> = { [PRINCIPAL_HEADER]: principal, [AUTH_HEADER]: auth };
  const credentials = credentialsOf(profile, principal, auth);
  if (credentials) {
    const placeholder = placeholderHeader(credentials.scheme as CredentialScheme);
    headers[placeholder.name] = M.regex(placeholder.pattern, placeholder.example);
    replayHeaders[placeholder.name] = placeholder.example;
  }
  let body: unknown;
  if (exchange.request.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    replayHeaders['Content-Type'] = 'application/json';
    body = injectBody(exchange.request.body, selected, profile, org, inject);
  }

  // --- response ---
  const operation = registry.getOperation(operationId);
  const key = matchResponseKey(operation.responses, response.status);
  const schema = key ? operation.responses.get(key)?.schema : undefined;
  const clientError =
    response.status >= 400 && response.status < 500 && clientErrorStatusOpen(profile.apiErrorStatus);
  const contentType = response.headers['content-type'];
  const responseHeaders: Record<string, unknown> =
    contentType && /^application\/json/i.test(contentType)
      ? { 'Content-Type': M.regex('^application/json(\\s*;.*)?$', contentType) }
      : {};

  const codes = selected.errorCodes.length ? ` error ${selected.errorCodes.join(',')}` : '';
  const credentialNote =
    auth === 'default' ? '' : auth === 'none' ? ' (no credentials)' : ` (${auth} credentials)`;
  return {
    family,
    description: `${selected.scenarioId}: ${operationId} ${response.status}${codes}${credentialNote} @${principal}`,
    scenarioId: selected.scenarioId,
    operationId,
    principal,
    requirements: selected.requirements,
    states: selected.states.map((state) => ({ name: stateName(state), params: stateParams(state) })),
    request: {
      method: exchange.request.method,
      path: pathTemplate,
      query,
      headers,
      ...(body !== undefined ? { body } : {}),
    },
    response: {
      status: clientError
        ? M.matchStatus(response.status, pact.HTTPResponseStatusClass.ClientError)
        : response.status,
      headers: responseHeaders,
      ...(response.body !== undefined ? { body: bodyMatchers(response.body, schema, M) } : {}),
    },
    replay: {
      method: exchange.request.method,
      path,
      query: queryPairs,
      headers: replayHeaders,
      ...(exchange.request.body !== undefined ? { body: JSON.stringify(exchange.request.body) } : {}),
    },
  };
}

/** `${customer.customer-1002.email},${customer.customer-1002.mobile}` for the fixtures a lookup names. */
function identifierExpression(query: URLSearchParams, org: OrgProfile): string {
  const names = (query.get('identifierName') ?? '').split(',');
  const values = (query.get('identifierValue') ?? '').split(',');
  return values
    .map((value, index) => {
      const name = names[index] ?? '';
      const match = Object.entries(org.fixtures.customers).find(
        ([, c]) => value !== '' && c.identifiers[name as keyof typeof c.identifiers] === value,
      );
      return match ? placeholder(`customer.${match[0]}.${name}`) : value;
    })
    .join(',');
}

/** Top-level body fields that name a fixture, as expressions the states provide. */
function injectBody(
  body: unknown,
  selected: SelectedCall,
  profile: Profile,
  org: OrgProfile | undefined,
  inject: (expression: string, example: unknown) => unknown,
): unknown {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return body;
  const fields = body as Record<string, unknown>;
  const view = requestView(selected.exchange);
  const bill = org ? billNamed(view, org) : undefined;
  const billFixture = bill ? org?.fixtures.bills?.[bill] : undefined;
  const promotion = org?.fixtures.promotion;
  const member = memberNamed(selected, profile);
  const expressions: Record<string, string | undefined> = {
    billNumber:
      billFixture && fields.billNumber === billFixture.billNumber
        ? placeholder(`bill.${bill}.billNumber`)
        : undefined,
    eventLogId:
      billFixture?.eventLogId !== undefined && fields.eventLogId === billFixture.eventLogId
        ? placeholder(`bill.${bill}.eventLogId`)
        : undefined,
    promotionId:
      promotion && fields.promotionId === promotion.id ? placeholder('org.promotion.id') : undefined,
    promotionIdentifier:
      promotion && fields.promotionIdentifier === promotion.identifier
        ? placeholder('org.promotion.identifier')
        : undefined,
    pointsAwardedId:
      org?.fixtures.pointsAwardedId !== undefined && fields.pointsAwardedId === org.fixtures.pointsAwardedId
        ? placeholder('org.pointsAwardedId')
        : undefined,
    profileId:
      member && selected.exchange.family === 'fabric' ? placeholder(`member.${member}.profileId`) : undefined,
  };
  return Object.fromEntries(
    Object.entries(fields).map(([key, value]) => {
      const expression = expressions[key];
      return [key, expression ? inject(expression, value) : value];
    }),
  );
}
