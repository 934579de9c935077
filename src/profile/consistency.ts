import { dualPrimaryOf } from './dual-eligibility.ts';
import { formatPath, type PathSegment } from './field-path.ts';
import { headerCannotCarry } from './header-value.ts';
import type { CapillaryAuth, CustomerFixture, OrgProfile, Profile } from './types.ts';

/**
 * Checks what the JSON Schema cannot: that names refer to things declared elsewhere in the
 * profile (roles and bills name customers, programs are listed in `config.programs`), that base
 * URLs parse, and that the fixtures can play their parts. Runs on a schema-valid document and
 * returns one message per problem, each naming the field.
 */
export function consistencyIssues(profile: Profile): string[] {
  const issues: string[] = [];
  const report = (path: PathSegment[], problem: string) => issues.push(`${formatPath(path)}: ${problem}`);

  if (!profile.capillary && !profile.fabric) {
    report([], 'declares neither capillary nor fabric; add at least one target');
  }
  if (profile.capillary) checkUrl(profile.capillary.baseUrl, ['capillary', 'baseUrl'], report);
  if (profile.fabric) checkUrl(profile.fabric.baseUrl, ['fabric', 'baseUrl'], report);
  if (profile.fabric) checkHeaderToken(profile.fabric.auth.token, ['fabric', 'auth', 'token'], report);

  const orgIds = new Set<string>();
  profile.capillary?.orgs.forEach((org, index) => {
    const at = ['capillary', 'orgs', index];
    if (orgIds.has(org.id))
      report([...at, 'id'], `"${org.id}" is used by another org; org ids must be unique`);
    orgIds.add(org.id);
    checkOrg(org, at, report);
  });
  return issues;
}

type Report = (path: PathSegment[], problem: string) => void;

/** Why `url` is not an absolute http(s) URL without credentials, query or fragment; undefined if it is. */
export function baseUrlProblem(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return 'must be an http(s) URL, e.g. https://api.example.com';
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return `must be an http(s) URL (got scheme ${parsed.protocol})`;
  }
  if (parsed.username || parsed.password) return 'must not carry credentials; put them under auth';
  if (parsed.search || parsed.hash) return 'must not have a query or fragment';
  return undefined;
}

function checkUrl(url: string, path: PathSegment[], report: Report): void {
  const problem = baseUrlProblem(url);
  if (problem) report(path, problem);
}

/**
 * A token sent as a header value as is (fabric's Bearer, an `oauth-token`) that no request could
 * carry: most often the line break a file or a copy leaves at its end. Caught here, it is a line
 * naming the field; sent, undici refused the header and the run blamed the target
 * (`LC_ERR_TARGET_NO_ANSWER … gave no readable answer to the first request`). Never shows the value.
 */
function checkHeaderToken(token: string, path: PathSegment[], report: Report): void {
  if (headerCannotCarry(token))
    report(
      path,
      'holds a line break or another character an HTTP header cannot carry (a newline left by a file or a copy?); it is sent as a header value as is: remove it',
    );
}

function checkOrg(org: OrgProfile, at: PathSegment[], report: Report): void {
  const { config, fixtures } = org;
  for (const key of ['auth', 'alternateAuth', 'restrictedAuth'] as const) {
    const auth = org[key];
    if (auth?.scheme === 'oauth-token') checkHeaderToken(auth.token, [...at, key, 'token'], report);
  }
  const programIds = new Set<number>();
  config.programs.forEach((program, index) => {
    if (programIds.has(program.id)) {
      report([...at, 'config', 'programs', index, 'id'], `program ${program.id} is listed twice`);
    }
    programIds.add(program.id);
  });
  const requireProgram = (id: number, path: PathSegment[]) => {
    if (!programIds.has(id)) report(path, `program ${id} is not listed in config.programs`);
  };
  if (config.defaultProgramId !== undefined)
    requireProgram(config.defaultProgramId, [...at, 'config', 'defaultProgramId']);
  if (org.alternateAuth && org.alternateAuth.scheme === org.auth.scheme) {
    report([...at, 'alternateAuth', 'scheme'], `must differ from auth.scheme ("${org.auth.scheme}")`);
  } else if (org.alternateAuth && wireScheme(org.alternateAuth) === wireScheme(org.auth)) {
    report(
      [...at, 'alternateAuth', 'scheme'],
      `must differ from auth.scheme ("${org.auth.scheme}"): "${org.alternateAuth.scheme}" and "${org.auth.scheme}" both send X-CAP-API-OAUTH-TOKEN`,
    );
  }

  const customersAt = [...at, 'fixtures', 'customers'];
  for (const [key, customer] of Object.entries(fixtures.customers)) {
    customer.programs.forEach((id, index) => {
      requireProgram(id, [...customersAt, key, 'programs', index]);
    });
    if (customer.programNotEnrolled !== undefined) {
      const path = [...customersAt, key, 'programNotEnrolled'];
      requireProgram(customer.programNotEnrolled, path);
      if (customer.programs.includes(customer.programNotEnrolled)) {
        report(path, `the customer is enrolled in program ${customer.programNotEnrolled} (see its programs)`);
      }
    }
  }

  const customerNamed = (name: string, path: PathSegment[]): CustomerFixture | undefined => {
    const customer = Object.hasOwn(fixtures.customers, name) ? fixtures.customers[name] : undefined;
    if (!customer) {
      report(
        path,
        `names no customer ("${name}"); customers are: ${Object.keys(fixtures.customers).join(', ')}`,
      );
    }
    return customer;
  };
  const rolesAt = [...at, 'fixtures', 'roles'];
  const { roles } = fixtures;
  customerNamed(roles.deductible, [...rolesAt, 'deductible']);
  if (roles.drainable !== undefined) customerNamed(roles.drainable, [...rolesAt, 'drainable']);
  if (roles.drainableOtherProgram !== undefined)
    customerNamed(roles.drainableOtherProgram, [...rolesAt, 'drainableOtherProgram']);
  if (roles.twoPrograms !== undefined) {
    const customer = customerNamed(roles.twoPrograms, [...rolesAt, 'twoPrograms']);
    if (customer && customer.programs.length < 2) {
      report([...rolesAt, 'twoPrograms'], `"${roles.twoPrograms}" is enrolled in fewer than two programs`);
    }
  }
  if (roles.sharedSecondary !== undefined) checkSharedSecondary(org, rolesAt, customerNamed, report);

  for (const [key, bill] of Object.entries(fixtures.bills ?? {})) {
    const billAt = [...at, 'fixtures', 'bills', key];
    customerNamed(bill.customer, [...billAt, 'customer']);
    if (bill.eventLogId !== undefined) checkExactInteger(bill.eventLogId, [...billAt, 'eventLogId'], report);
    bill.lineItemIds?.forEach((id, index) => {
      checkExactInteger(id, [...billAt, 'lineItemIds', index], report);
    });
    if (bill.source) checkStoreAndTill(bill.source, [...billAt, 'source'], report);
  }
  if (fixtures.promotion)
    checkExactInteger(fixtures.promotion.id, [...at, 'fixtures', 'promotion', 'id'], report);
  if (fixtures.pointsAwardedId !== undefined)
    checkExactInteger(fixtures.pointsAwardedId, [...at, 'fixtures', 'pointsAwardedId'], report);
  if (fixtures.source) checkStoreAndTill(fixtures.source, [...at, 'fixtures', 'source'], report);
  const withItems = fixtures.bills?.billWithLineItems;
  if (withItems && !withItems.lineItemIds?.length && !withItems.itemCodes?.length) {
    report([...at, 'fixtures', 'bills', 'billWithLineItems'], 'must list lineItemIds or itemCodes');
  }
  if (fixtures.promotion)
    requireProgram(fixtures.promotion.programId, [...at, 'fixtures', 'promotion', 'programId']);
}

/**
 * An ID the suite sends as a JSON number must be one a JavaScript number holds exactly: the
 * documents type line items `Long`, but a YAML integer past 2^53 − 1 is read rounded
 * (9007199254740993 as 9007199254740992), and the suite would send another line item than the
 * target's and misjudge what it unlocked.
 */
function checkExactInteger(value: number, path: PathSegment[], report: Report): void {
  if (Number.isInteger(value) && !Number.isSafeInteger(value)) {
    report(
      path,
      `${value} is past 2^53 − 1 (9007199254740991): it cannot be sent exactly (a number written there is read rounded), so the suite would name another ID than the target's; leave it out or give one at most 9007199254740991`,
    );
  }
}

/** A store and till (the org's `fixtures.source`, a bill's `source`): both are sent as numbers. */
function checkStoreAndTill(
  source: { storeId: number; tillId: number },
  path: PathSegment[],
  report: Report,
): void {
  checkExactInteger(source.storeId, [...path, 'storeId'], report);
  checkExactInteger(source.tillId, [...path, 'tillId'], report);
}

/**
 * What the target sees of a scheme: `alternateAuth` exists to exercise the other header, and a
 * pre-issued token travels in the same `X-CAP-API-OAUTH-TOKEN` as one the suite obtains itself.
 */
function wireScheme(auth: CapillaryAuth): 'basic' | 'oauth' {
  return auth.scheme === 'basic' ? 'basic' : 'oauth';
}

/** Two different customers that share a non-primary identifier value and both carry the primary one. */
function checkSharedSecondary(
  org: OrgProfile,
  rolesAt: PathSegment[],
  customerNamed: (name: string, path: PathSegment[]) => CustomerFixture | undefined,
  report: Report,
): void {
  const [firstName, secondName] = org.fixtures.roles.sharedSecondary!;
  const path = [...rolesAt, 'sharedSecondary'];
  const first = customerNamed(firstName, [...path, 0]);
  const second = customerNamed(secondName, [...path, 1]);
  if (!first || !second) return;
  if (firstName === secondName) {
    report(path, 'must name two different customers');
    return;
  }
  const primary = dualPrimaryOf(org);
  const shared = (Object.keys(first.identifiers) as (keyof CustomerFixture['identifiers'])[]).filter(
    (name) => name !== primary && first.identifiers[name] === second.identifiers[name],
  );
  if (shared.length === 0) {
    report(path, `"${firstName}" and "${secondName}" share no identifier value other than the primary one`);
  }
  if (primary) {
    for (const [name, customer] of [
      [firstName, first],
      [secondName, second],
    ] as const) {
      if (customer.identifiers[primary] === undefined) {
        report(path, `"${name}" has no ${primary} identifier (the org's primary identifier)`);
      }
    }
  }
}
