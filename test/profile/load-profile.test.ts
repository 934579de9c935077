// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import YAML from 'yaml';
import {
  familiesFromTarget,
  loadProfile,
  parseProfile,
  REFERENCE_PROFILE_PATH,
} from '../../src/profile/load-profile.ts';
import { editedReference, errorOf, type ProfileEdit, STAGING_ENV } from './support.ts';

const STAGING_EXAMPLE = fileURLToPath(new URL('../../config/staging.example.yaml', import.meta.url));
const INVALID_CASES = YAML.parse(
  readFileSync(new URL('./invalid-profiles.yaml', import.meta.url), 'utf8'),
) as (ProfileEdit & { name: string; error: string })[];

describe('loadProfile', () => {
  it('loads the reference profile with both orgs, fabric and its fixtures', () => {
    const profile = loadProfile(REFERENCE_PROFILE_PATH, { env: {} });
    expect(profile.name).toBe('reference');
    expect(profile.environment).toBe('reference');
    expect(profile.capillary?.baseUrl).toBe('http://127.0.0.1:8080');
    expect(profile.fabric?.baseUrl).toBe('http://127.0.0.1:8080/api');
    expect(profile.capillary?.orgs.map((o) => [o.id, o.config.negativeBalanceOnReturn])).toEqual([
      ['strict', 'off'],
      ['lenient', 'on'],
    ]);
    const strict = profile.capillary!.orgs[0]!;
    expect(strict.fixtures.roles).toEqual({
      deductible: 'customer-1001',
      twoPrograms: 'customer-1001',
      drainable: 'customer-1005',
      drainableOtherProgram: 'customer-1008',
      sharedSecondary: ['customer-1002', 'customer-1003'],
    });
    expect(strict.fixtures.bills?.billWithLineItems).toMatchObject({
      billNumber: 'B-1001-1',
      lineItemIds: [64384, 64743],
      itemCodes: ['gd739', 'gd123'],
    });
    expect(strict.fixtures.customers['customer-1002']?.programNotEnrolled).toBe(973);
    expect(strict.fixtures.pointsAwardedId).toBe(70001);
    expect(profile.fabric?.fixtures.member.profileId).toBe('f90a1da5-c072-48b7-a9ea-eb35c5dd506b');
  });

  it('validates the staging example once its environment variables are set', () => {
    const profile = loadProfile(STAGING_EXAMPLE, { env: STAGING_ENV });
    expect(profile.environment).toBe('staging');
    expect(profile.capillary?.baseUrl).toBe('https://staging.capillary.example');
    expect(profile.capillary?.orgs[0]?.auth).toEqual({
      scheme: 'basic',
      username: 'till.staging',
      password: 'staging-password',
    });
    expect(profile.capillary?.orgs[0]?.config.negativeBalanceOnReturn).toBe('unknown');
  });

  it('reads the declared store and till of an org and the point type of the fabric tenant', () => {
    const profile = parseProfile(
      editedReference({
        set: {
          'capillary.orgs.0.fixtures.source': { storeId: 1, tillId: 2 },
          'fabric.fixtures.member.pointType': 'BASE',
        },
      }),
      't.yaml',
    );
    expect(profile.capillary?.orgs[0]?.fixtures.source).toEqual({ storeId: 1, tillId: 2 });
    expect(profile.capillary?.orgs[1]?.fixtures.source).toBeUndefined();
    expect(profile.fabric?.fixtures.member.pointType).toBe('BASE');
  });

  it('fills the documented defaults', () => {
    const profile = parseProfile(
      'name: t\nenvironment: staging\nfabric: { baseUrl: "https://f.example/api", auth: { scheme: bearer, token: x }, fixtures: { member: { profileId: m } } }\n',
      't.yaml',
    );
    expect(profile.apiErrorStatus).toBe('any-4xx');
    expect(profile.safety).toEqual({ allowMutations: true });
    expect(profile.limits).toEqual({
      timeoutMs: 10000,
      retries: 2,
      requestsPerSecond: 50,
      concurrency: 8,
      rateLimitWaitMs: 60000,
      readAfterWriteMs: 0,
      maxBodyBytes: 1048576,
    });
    expect(profile.source).toBe('t.yaml');
  });

  it('names limits.readAfterWriteMs out of range and what it expects', () => {
    for (const value of [-1, 60001, 2.5, '1s']) {
      const text = editedReference({ set: { 'limits.readAfterWriteMs': value } });
      expect(errorOf(() => parseProfile(text, 'r.yaml')).message, String(value)).toContain(
        'limits.readAfterWriteMs',
      );
    }
    const text = editedReference({ set: { 'limits.readAfterWriteMs': 2000 } });
    expect(parseProfile(text, 'r.yaml').limits.readAfterWriteMs).toBe(2000);
  });

  it('forbids mutations in production unless allowed', () => {
    const base =
      'name: t\nenvironment: production\nfabric: { baseUrl: "https://f.example/api", auth: { scheme: bearer, token: x }, fixtures: { member: { profileId: m } } }\n';
    expect(parseProfile(base, 't.yaml').safety.allowMutations).toBe(false);
    expect(parseProfile(`${base}safety: { allowMutations: true }\n`, 't.yaml').safety.allowMutations).toBe(
      true,
    );
  });

  it('accepts numbers written through variables and unquoted identifiers', () => {
    const text = editedReference({
      set: {
        'limits.timeoutMs': '${TIMEOUT}',
        apiErrorStatus: '${STATUS:-400}',
        'capillary.orgs.0.fixtures.customers.customer-1004.identifiers.mobile': 919800001004,
      },
    });
    const profile = parseProfile(text, 'r.yaml', { env: { TIMEOUT: '2500' } });
    expect(profile.limits.timeoutMs).toBe(2500);
    expect(profile.apiErrorStatus).toBe(400);
    expect(profile.capillary?.orgs[0]?.fixtures.customers['customer-1004']?.identifiers.mobile).toBe(
      '919800001004',
    );
  });

  it('removes a trailing slash from base URLs', () => {
    const text = editedReference({
      set: {
        'capillary.baseUrl': 'https://cap.example.com/',
        'fabric.baseUrl': 'https://fab.example.com/api/',
      },
    });
    const profile = parseProfile(text, 'r.yaml');
    expect(profile.capillary?.baseUrl).toBe('https://cap.example.com');
    expect(profile.fabric?.baseUrl).toBe('https://fab.example.com/api');
  });

  it('replaces base URLs with overrides', () => {
    const profile = loadProfile(REFERENCE_PROFILE_PATH, {
      env: {},
      overrides: { capillaryBaseUrl: 'http://127.0.0.1:4321/', fabricBaseUrl: 'http://127.0.0.1:4321/api' },
    });
    expect(profile.capillary?.baseUrl).toBe('http://127.0.0.1:4321');
    expect(profile.fabric?.baseUrl).toBe('http://127.0.0.1:4321/api');
  });

  it('rejects an override that is not an http(s) URL, or for a family the profile lacks', () => {
    expect(
      errorOf(() =>
        loadProfile(REFERENCE_PROFILE_PATH, { env: {}, overrides: { capillaryBaseUrl: 'localhost:80' } }),
      ).message,
    ).toContain(
      "capillary.baseUrl (the target URL given with --target or --capillary-url, not the profile's): must be an http(s) URL",
    );
    const fabricOnly = editedReference({ delete: ['capillary'] });
    expect(
      errorOf(() => parseProfile(fabricOnly, 'f.yaml', { overrides: { capillaryBaseUrl: 'http://x' } }))
        .message,
    ).toContain('a Capillary target was given but the profile has no capillary section');
  });

  it('leaves out the family a profile lacks when one --target gives every URL, and still refuses a URL given for that family', () => {
    // A Capillary-only profile run with --target (found by the profile-removal sweep: exit 2 before).
    const capillaryOnly = editedReference({ delete: ['fabric'] });
    const target = { target: 'http://127.0.0.1:4321/' };
    const overrides = {
      capillaryBaseUrl: 'http://127.0.0.1:4321',
      fabricBaseUrl: 'http://127.0.0.1:4321/api',
      fromTarget: familiesFromTarget(target),
    };
    const profile = parseProfile(capillaryOnly, 'c.yaml', { env: {}, overrides });
    expect(profile.capillary?.baseUrl).toBe('http://127.0.0.1:4321');
    expect(profile.fabric).toBeUndefined();
    // --fabric-url beside --target names the family: a profile without it is refused.
    const withFabricUrl = { ...target, fabricUrl: 'http://127.0.0.1:4321/api' };
    expect(familiesFromTarget(withFabricUrl)).toEqual(['capillary']);
    expect(
      errorOf(() =>
        parseProfile(capillaryOnly, 'c.yaml', {
          env: {},
          overrides: { ...overrides, fromTarget: familiesFromTarget(withFabricUrl) },
        }),
      ).message,
    ).toContain('a fabric target was given but the profile has no fabric section');
  });

  it('returns a deep-frozen profile', () => {
    const profile = loadProfile(REFERENCE_PROFILE_PATH, { env: {} });
    expect(Object.isFrozen(profile)).toBe(true);
    expect(Object.isFrozen(profile.capillary?.orgs[0]?.fixtures.customers['customer-1001']?.programs)).toBe(
      true,
    );
    expect(() => {
      (profile.limits as { retries: number }).retries = 5;
    }).toThrow(TypeError);
  });

  it('reports a missing file with LC_ERR_PROFILE_NOT_FOUND', () => {
    const error = errorOf(() => loadProfile('/no/such/profile.yaml'));
    expect(error.code).toBe('LC_ERR_PROFILE_NOT_FOUND');
    expect(error.message).toBe('Profile /no/such/profile.yaml cannot be read (no such file)');
  });

  it('reports invalid YAML with its line and column', () => {
    const dir = mkdtempSync(join(tmpdir(), 'lc-profile-'));
    const path = join(dir, 'bad.yaml');
    writeFileSync(path, 'name: x\nenvironment: staging\nlimits: { timeoutMs: 1\nfoo: bar\n');
    const error = errorOf(() => loadProfile(path));
    expect(error.code).toBe('LC_ERR_PROFILE_PARSE');
    expect(error.message).toMatch(/at line 4, column 1$/);
    expect(error.message).not.toContain('\n');
  });

  it('reports an empty file', () => {
    expect(errorOf(() => parseProfile('', 'empty.yaml')).message).toBe(
      'Profile empty.yaml is invalid: profile: the file is empty',
    );
  });

  it('lists at most three problems in one line', () => {
    const text = editedReference({
      set: { environment: 'x', apiErrorStatus: 1, 'limits.retries': -1, 'limits.concurrency': 0 },
    });
    const error = errorOf(() => parseProfile(text, 'r.yaml'));
    expect(error.message).toMatch(/\(and 1 more\)$/);
    expect(error.message).not.toContain('\n');
    expect(error.details.issues).toHaveLength(3);
  });
});

describe('oauth-token credentials', () => {
  const TOKEN = 'vault-issued-token-3c9e';
  const oauthToken = { scheme: 'oauth-token', token: '${CAP_TOKEN}' };

  it('loads a pre-issued OAuth token as auth, alternateAuth or restrictedAuth', () => {
    const placements: Record<string, Record<string, unknown>> = {
      auth: {
        'capillary.orgs.0.auth': oauthToken,
        'capillary.orgs.0.alternateAuth': { scheme: 'basic', username: 'u', password: 'p' },
      },
      alternateAuth: { 'capillary.orgs.0.alternateAuth': oauthToken },
      restrictedAuth: { 'capillary.orgs.0.restrictedAuth': oauthToken },
    };
    for (const [field, set] of Object.entries(placements)) {
      const profile = parseProfile(editedReference({ set }), 'r.yaml', { env: { CAP_TOKEN: TOKEN } });
      const org = profile.capillary!.orgs[0]! as unknown as Record<string, unknown>;
      expect(org[field], field).toEqual({ scheme: 'oauth-token', token: TOKEN });
    }
  });

  it('names an unset token variable like any other', () => {
    const text = editedReference({ set: { 'capillary.orgs.0.restrictedAuth': oauthToken } });
    const error = errorOf(() => parseProfile(text, 'r.yaml', { env: {} }));
    expect(error.code).toBe('LC_ERR_PROFILE_ENV_MISSING');
    expect(error.message).toContain('CAP_TOKEN (capillary.orgs[0].restrictedAuth.token)');
  });

  it('never repeats the token in an error about its credentials', () => {
    // The lenient org's alternateAuth is an OAuth client: both would send X-CAP-API-OAUTH-TOKEN.
    const text = editedReference({
      set: { 'capillary.orgs.1.auth': { scheme: 'oauth-token', token: TOKEN } },
    });
    const error = errorOf(() => parseProfile(text, 'r.yaml', { env: {} }));
    expect(error.message).toContain('capillary.orgs[1].alternateAuth.scheme: must differ from auth.scheme');
    expect(`${error.message}${JSON.stringify(error.details)}`).not.toContain(TOKEN);
  });
});

describe('fabric.memberInquiry', () => {
  it('defaults to auto', () => {
    expect(loadProfile(REFERENCE_PROFILE_PATH, { env: {} }).fabric?.memberInquiry).toBe('auto');
  });

  it('keeps auto, and true and false as booleans (also written through a variable)', () => {
    for (const [value, expected] of [
      ['auto', 'auto'],
      [true, true],
      [false, false],
      ['${INQUIRY}', false],
    ] as const) {
      const text = editedReference({ set: { 'fabric.memberInquiry': value } });
      expect(parseProfile(text, 'r.yaml', { env: { INQUIRY: 'false' } }).fabric?.memberInquiry).toBe(
        expected,
      );
    }
  });
});

describe('apiErrorStatus', () => {
  it('accepts any-4xx, any, one 4xx, and a list of statuses from 200 to 499', () => {
    for (const value of ['any-4xx', 'any', 422, [400, 422], [200, 400], [201, 200, 400]]) {
      const profile = parseProfile(editedReference({ set: { apiErrorStatus: value } }), 'r.yaml');
      expect(profile.apiErrorStatus).toEqual(value);
    }
  });

  it('reads listed statuses written as strings as integers', () => {
    const text = editedReference({ set: { apiErrorStatus: ['400', '${SECOND}'] } });
    expect(parseProfile(text, 'r.yaml', { env: { SECOND: '422' } }).apiErrorStatus).toEqual([400, 422]);
  });
});

describe('profile validation errors', () => {
  for (const testCase of INVALID_CASES) {
    it(`names the field for ${testCase.name}`, () => {
      const error = errorOf(() => parseProfile(editedReference(testCase), 'case.yaml', { env: {} }));
      expect(error.code).toBe('LC_ERR_PROFILE_INVALID');
      expect(error.message).toContain(testCase.error);
      expect(error.message).not.toContain('\n');
    });
  }
});
