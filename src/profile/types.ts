/**
 * A target profile: what the suite may not guess about a target, declared per target
 * (`config/*.yaml`, validated by `config/profile.schema.json`). Secrets come from `${ENV_VAR}`
 * references, interpolated at load time and never written back out.
 *
 * `loadProfile` returns these objects deep-frozen: to point a profile at another server, pass
 * `overrides` to `loadProfile` instead of assigning `baseUrl`.
 */

/** `reference` (the embedded provider), `staging`, or `production` (read-only unless allowed). */
export type Environment = 'reference' | 'staging' | 'production';

/**
 * Capillary credentials of one org: Basic with a till, an OAuth client (key and secret exchanged
 * for a token at `POST /v3/oauth/token/generate`), or `oauth-token`: a token issued elsewhere
 * (e.g. kept in a vault by a team whose client secret the suite must not hold), sent as is in
 * `X-CAP-API-OAUTH-TOKEN`; the token endpoint is never called for it.
 */
export type CapillaryAuth =
  | { scheme: 'basic'; username: string; password: string }
  | { scheme: 'oauth'; key: string; secret: string }
  | { scheme: 'oauth-token'; token: string };

/** Identifier types a customer can be looked up by (the `identifierName` of a request). */
export type IdentifierName = 'mobile' | 'email' | 'externalId' | 'id' | 'cuid' | 'primaryUserId';

/** Identifiers that can be an org's primary identifier under dual eligibility. */
export type PrimaryIdentifierName = Exclude<IdentifierName, 'id'>;

/** A customer the suite may read and deduct from. Identifiers as the org knows them. */
export interface CustomerFixture {
  /** At least one identifier. */
  identifiers: Partial<Record<IdentifierName, string>>;
  /** Programs the customer is enrolled in; the first is used when a scenario needs one. */
  programs: number[];
  /**
   * A program of the org (listed in `config.programs`) this customer is not enrolled in, for the
   * 1218 scenario (fixture need `programNotEnrolled`). Per customer rather than per org because
   * it is a fact about one customer; resolve it from the `deductible` customer first, else from
   * the first customer that declares it.
   */
  programNotEnrolled?: number;
}

/** A bill with promised points that a scenario may unlock (irreversible: consumed by a run). */
export interface BillFixture {
  /** Key of `customers`. */
  customer: string;
  billNumber: string;
  eventName: string;
  eventLogId?: number;
  /** Line items / item codes carrying promised points, for the filter scenarios. */
  lineItemIds?: number[];
  itemCodes?: string[];
  /**
   * The bill carries promised points of a promotion, which move when it is unlocked whole: an
   * unlock answer then has a promotion's line to judge (CAP-UPP-RESPONSE-PROMOTION).
   */
  promotionPoints?: boolean;
  /**
   * The store and till where the bill was issued (the unlock table's sourceStoreId and
   * sourceTillId, "where the transaction occurred"): the bill's unlock carries them, and a refusal
   * that the same unlock without them does not meet fails CAP-UPP-MOVE. Per bill, unlike
   * `fixtures.source` (a store of the org), since a target may look a bill up by its store.
   */
  source?: { storeId: number; tillId: number };
}

/** One Capillary org: credentials, configuration and fixtures. */
export interface OrgProfile {
  /** A name for reports, e.g. `strict`; unique within the profile. */
  id: string;
  auth: CapillaryAuth;
  /** A second scheme for the same org, so both auth schemes are exercised (optional; differs from `auth`). */
  alternateAuth?: CapillaryAuth;
  /** Valid credentials of the org lacking the Points access group (optional; for CAP-AUTH-ACCESS-GROUP). */
  restrictedAuth?: CapillaryAuth;
  config: {
    /** ALLOW_NEGATIVE_BALANCE_ON_RETURN. `unknown`: the scenarios of both branches warn instead of fail. */
    negativeBalanceOnReturn: 'on' | 'off' | 'unknown';
    /** The program used when no programId is passed (listed in `programs`). */
    defaultProgramId?: number;
    /** Round decimals per program (error 8906); `roundDecimals` absent when unknown. */
    programs: { id: number; roundDecimals?: number }[];
    /** `primaryIdentifier` is present whenever `enabled` is true. */
    dualEligibility?: { enabled: boolean; primaryIdentifier?: PrimaryIdentifierName };
  };
  fixtures: {
    /** Named customers; roles and bills name keys of this map. */
    customers: Record<string, CustomerFixture>;
    /** Role → customer key (checked at load time). */
    roles: {
      /** Has points in its first program; deductions of a few points are fine. */
      deductible: string;
      /** Enrolled in two programs with different round decimals (has at least two `programs`). */
      twoPrograms?: string;
      /** May be drained by the concurrency scenario (reference/staging only). */
      drainable?: string;
      /** May be deducted to zero in its first program other than the org's default (exact balance there). */
      drainableOtherProgram?: string;
      /** Two different customers sharing the value of a non-primary identifier (dual eligibility). */
      sharedSecondary?: [string, string];
    };
    /**
     * Bills by name. Scenarios ask for `billWithLineItems` (has `lineItemIds` or `itemCodes`,
     * unlocked by filter) and `billWhole` (unlocked as a whole); other names are kept for later use.
     */
    bills?: Record<string, BillFixture>;
    /** A promotion of the org (its program listed in `config.programs`). */
    promotion?: { id: number; identifier: string; programId: number };
    /** A points award of the `deductible` customer (another customer's award fails with 8877). */
    pointsAwardedId?: number;
    /**
     * A store and one of its tills the org knows and the credentials may name as an unlock's source
     * (their own till, where a till may name only itself), sent on the unlock's source fields
     * instead of the example's 1122 and 323 (whose refusal only warns). Per org, not per bill: the check unlocks a
     * bill no target has, so the pair is a fact about the org, not about a declared bill.
     */
    source?: { storeId: number; tillId: number };
  };
}

/**
 * Whether the target serves fabric's member-points inquiry (`GET /v1/inquire/{profileId}/member-points`),
 * which none of the four documents describes: `auto` lets the run find out once (404, 405 or 501
 * → absent), `true`/`false` state it, so a target without it gets skips instead of failures.
 */
export type MemberInquirySetting = 'auto' | boolean;

/**
 * TLS of one API family's connections (`capillary.tls`, `fabric.tls`). `ca`, `cert` and `key` are
 * each a file path (relative to the profile's folder) or the PEM text itself (starting with
 * `-----BEGIN`, e.g. from `${ENV}`), read when the run connects. `ca` is trusted besides Node's
 * default CAs (and `NODE_EXTRA_CA_CERTS`); `cert` + `key` (+ `passphrase` for an encrypted key)
 * are the client certificate of mutual TLS. The key and the passphrase are secrets.
 */
export interface TlsSettings {
  ca?: string;
  cert?: string;
  key?: string;
  passphrase?: string;
}

/** fabric: base URL, Bearer token and member fixtures. */
export interface FabricProfile {
  /** Includes `/api`; no trailing slash. */
  baseUrl: string;
  /** TLS of the fabric connections: an extra CA, a client certificate. */
  tls?: TlsSettings;
  auth: { scheme: 'bearer'; token: string };
  /** Always present after loading (schema default `auto`). */
  memberInquiry: MemberInquirySetting;
  /**
   * `billingEntity`: one the tenant knows, sent on the judged addition when declared. `reasonCode`
   * and `pointType`: ones the tenant knows, sent in the example's body instead of its 7502 and Base
   * (whose refusal only warns).
   */
  fixtures: {
    member: { profileId: string; billingEntity?: string; reasonCode?: string; pointType?: string };
  };
}

/**
 * The HTTP status(es) a target uses for API errors. `any-4xx`: any 4xx but 429 (the documents
 * leave it open); an integer or a list pins them; `any`: the envelope's error code is judged
 * whatever the status, because the legacy Capillary v2 documents answer 200/201 for "one or
 * more requests have failed". Interpret it with `statusAllowedForErrors`, never by comparing.
 */
export type ApiErrorStatus = number | readonly number[] | 'any-4xx' | 'any';

/** The whole profile after interpolation and defaults. At least one of `capillary`, `fabric` is present. */
export interface Profile {
  name: string;
  environment: Environment;
  /** `baseUrl` has no trailing slash. */
  capillary?: {
    baseUrl: string;
    orgs: OrgProfile[];
    /** TLS of the Capillary connections: an extra CA, a client certificate. */
    tls?: TlsSettings;
  };
  fabric?: FabricProfile;
  /** The HTTP status the target uses for API errors; `any-4xx` when the documents leave it open. */
  apiErrorStatus: ApiErrorStatus;
  /** Names written into exported pacts (`pact export`); `--consumer`/`--provider` win over them. */
  pact?: {
    /** The consumer of the exported pacts, as the team's Pact Broker knows it. */
    consumer?: string;
    /** Stem of the provider names, suffixed with the API family (`acme-capillary`). */
    provider?: string;
  };
  /** `allowMutations` defaults to false for `production`, true otherwise. */
  safety: { allowMutations: boolean };
  limits: {
    /** Per request, default 10000. */
    timeoutMs: number;
    /** Retries of idempotent reads (GET) after a network error or 503; mutations are never retried. Default 2. */
    retries: number;
    /** Over the whole run; 0 means unlimited. Default 50. */
    requestsPerSecond: number;
    /** Requests in flight at once, default 8. */
    concurrency: number;
    /**
     * Milliseconds the whole run may spend waiting out the target's rate limits (429, or 503
     * with `Retry-After`, after which any request is resent), counted in wall-clock time; 0:
     * never wait. When it is spent, a rate-limited exchange is returned as it is and the checks
     * that depend on it are `error`, never `fail`. Default 60000. Optional only for profiles
     * built in code: loading a profile always fills it.
     */
    rateLimitWaitMs?: number;
    /**
     * Milliseconds after an acknowledged write during which the target's reads may not show it yet
     * (a read replica's lag; the documents are silent). 0: reads show every write at once. See
     * `src/engine/read-after-write.ts`. Default 0. Optional only for profiles built in code:
     * loading a profile always fills it.
     */
    readAfterWriteMs?: number;
    /**
     * Bytes of one response body the client reads (at least 1024); past it the body is cut and
     * never parsed, so a target streaming without end costs bounded memory. Default 1048576
     * (1 MiB). Optional only for profiles built in code: loading a profile always fills it.
     */
    maxBodyBytes?: number;
  };
  /** Where it was loaded from (for messages). */
  source: string;
}
