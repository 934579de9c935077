import type { Exchange, RecordedExchange } from '../client/exchange.ts';
import type { SpecCoverage } from '../coverage/model.ts';
import type {
  ApiErrorStatus,
  BillFixture,
  CapillaryAuth,
  CustomerFixture,
  MemberInquirySetting,
  OrgProfile,
  Profile,
} from '../profile/types.ts';
import type { SpecRegistry, SpecValidators } from '../spec/index.ts';
import type { ReadAfter, Settle } from './read-after-write.ts';

/**
 * The engine's public types: scenarios (what suites register), verdicts, results and the events
 * reporters consume. Reporters import only this file and `client/exchange.ts`.
 */

/** pass · fail (a MUST broken) · warn (a SHOULD broken, or undocumented behaviour) · skip · error (could not judge). */
export type Verdict = 'pass' | 'fail' | 'warn' | 'skip' | 'error';

/**
 * What a scenario may need from the profile and the target, resolved per org by
 * `src/engine/fixtures.ts` (which also says what to add when one is missing): customers by role,
 * bills by shape, promotions and awards, credentials, and the optional member inquiry.
 */
export const FIXTURE_NEEDS = [
  'deductible',
  'twoPrograms',
  'secondProgram',
  'defaultProgram',
  'roundDecimals',
  'decimalsToExceed',
  'differentDecimals',
  'drainable',
  'drainableOtherProgram',
  'sharedSecondary',
  'secondaryIdentifier',
  'twoSecondaryIdentifiers',
  'anyBill',
  'billWithLineItems',
  'billLineItemIds',
  'billItemCodes',
  'billWhole',
  'billSpare',
  'billSecondProgram',
  'billRace',
  'billSecondBurst',
  'billWithLineItemsPromotion',
  'billWholePromotion',
  'billWholeOfAnother',
  'promotion',
  'pointsAward',
  'promotionOrPointsAward',
  'programNotEnrolled',
  'basicAuth',
  'oauthCredentials',
  'oauthClient',
  'restrictedAuth',
  'member',
  'memberInquiry',
] as const;
/** One of {@link FIXTURE_NEEDS}. */
export type FixtureNeed = (typeof FIXTURE_NEEDS)[number];

/** Whether a scenario applies to an org: run it, skip it (with the reason), or run it but only warn. */
export type Applicability =
  | {
      run: true;
      warnOnly?: string;
      /**
       * With `warnOnly`: the scenario probes a branch the profile leaves unknown by taking its
       * customer below zero; it runs after the other scenarios of that customer and probes.
       */
      overdraws?: boolean;
      /**
       * What the profile declares that the scenario's expectations rest on (e.g.
       * `capillary.orgs[main].config.negativeBalanceOnReturn: on`): a failure may be the profile's
       * (the target's org is set otherwise), which the reports say beside it.
       */
      premise?: string;
    }
  | { run: false; reason: string };

/** A customer fixture with the key it has in the profile. */
export interface NamedCustomer extends CustomerFixture {
  readonly key: string;
  /** The identifier the org resolves customers by (dual eligibility's primary), tried first in lookups. */
  readonly primaryIdentifier?: string;
  /** Set when the org has dual eligibility on: a lone identifier other than the primary may meet 8015. */
  readonly dualEligibility?: true;
  /** Identifier names whose value another customer of the profile has too: looked up by last. */
  readonly sharedIdentifiers?: readonly string[];
}

/** A bill fixture with its key and its customer resolved. */
export interface NamedBill extends BillFixture {
  readonly key: string;
  readonly customerFixture: NamedCustomer;
}

/** How a call authenticates: the org's default scheme, its alternate or restricted credentials, none, or explicit headers. */
export type CallAuth =
  | 'default'
  | 'alternate'
  | 'restricted'
  | 'none'
  | { readonly headers: Record<string, string> };

/** Bill roles: one with line items (filters), one unlocked whole, two spare ones (two bursts of parallel unlocks), one raced by deductions, any (rejections). */
export type BillRole =
  | 'billWithLineItems'
  | 'billWhole'
  | 'billSpare'
  | 'billSecondProgram'
  | 'billRace'
  | 'billSecondBurst'
  | 'anyBill';

/** A call of one spec operation. */
export interface CallOptions {
  readonly query?: Record<string, string | string[] | undefined>;
  readonly pathParams?: Record<string, string>;
  readonly body?: unknown;
  /** Sent as is instead of `body` (malformed input). */
  readonly rawBody?: string;
  readonly headers?: Record<string, string>;
  readonly auth?: CallAuth;
  /**
   * Sends the lookup as it is: a deduction or unlock by a lone identifier refused with 8015 is not
   * tried again beside the org's dual-eligibility primary (see `ScenarioContext.call`).
   */
  readonly asSent?: boolean;
  /**
   * The declared customer (its profile key) the lookup names, for that retry when another declared
   * customer shares the identifier's value; without it, the retry needs a value only one holds.
   */
  readonly customerKey?: string;
}

/** A balance as read from the target, amounts parsed to numbers. */
/** A fabric member's points read through the inquiry (see `memberPointsOf`). */
export interface MemberPointsReading {
  readonly exchange: Exchange;
  /** memberPointsAvailable summed over the data[] entries. */
  readonly available: number;
  /** Each data[] entry's memberPointsAvailable, in order. */
  readonly entries: readonly number[];
  readonly total: number | undefined;
}

export interface BalanceReading {
  readonly exchange: Exchange;
  readonly entityId: unknown;
  readonly mainPoints: number;
  readonly totalPoints: number;
  readonly promisedPoints: number | undefined;
  /** Read inside promisedPointsBreakup, or at the top level where the breakup lacks it. */
  readonly delayedAccrualPoints: number | undefined;
  /** Read inside promisedPointsBreakup, or at the top level where the breakup lacks it. */
  readonly externalTriggerBasedPoints: number | undefined;
  /** Promised figures the answer gives both at the top level and inside promisedPointsBreakup. */
  readonly promisedFiguresTwice: readonly PromisedFigureTwice[];
  /** Whether the answer gives promisedPointsBreakup as an object (with or without its figures). */
  readonly promisedBreakupGiven: boolean;
}

/** One promised figure a balance answer gives at both places, as read at each. */
export interface PromisedFigureTwice {
  readonly field: 'delayedAccrualPoints' | 'externalTriggerBasedPoints';
  readonly topLevel: number;
  readonly inBreakup: number;
}

/** Expected-versus-actual of one judged statement, with the exchanges that show it. */
export interface Evidence {
  readonly expected: string;
  readonly actual: string;
  readonly exchanges?: readonly Exchange[];
  /**
   * Set when this statement is an inference the documents do not make (e.g. an empty string
   * counts as missing): a break then warns, whatever the requirement's level.
   */
  readonly inferred?: string;
  /**
   * Set when a break cannot be judged, for a reason that is a tool outcome and not the target's
   * (e.g. the target does not know a fixture the profile declares): a break is then `error`
   * (`cannot judge: …`, exit 2), never `fail` or `warn`.
   */
  readonly cannotJudge?: string;
  /**
   * Set when no count of the scenario's writes that may have been applied unseen (no answer, a
   * 503, a 200 that is no JSON) explains the break, e.g. a figure moved by more than all of them
   * could move it: a break then stays `fail`, where otherwise it is `error` after such a write.
   */
  readonly beyondUnseenWrites?: boolean;
}

/** Which balance a read asks for: one program (the given or the default one), or all programs. */
export interface BalanceOptions {
  readonly programId?: number;
  readonly fetchDataForAllPrograms?: boolean;
}

/** Which of an org's credentials sent a token request: its `auth` ('default') or its `alternateAuth`. */
export type TokenCredentials = 'default' | 'alternate';

/** A token request of the run's credentials: the exchange as received, and its body parsed (the token itself). */
export interface OwnTokenRequest {
  readonly exchange: Exchange;
  readonly json: unknown;
}

/** What a scenario's `run` receives. */
export interface ScenarioContext {
  readonly profile: Profile;
  /** The org the scenario runs for (Capillary scenarios); undefined for fabric scenarios. */
  readonly org: OrgProfile | undefined;
  /** Seed for anything random the scenario does (generated inputs). */
  readonly seed: number;
  /**
   * The specs the run judges by and their validators (the run's own set): what a scenario reads of
   * the documents (an operation's error codes, schemas for generated cases).
   */
  readonly specs: { readonly registry: SpecRegistry; readonly validators: SpecValidators };
  /**
   * Calls an operation; universal checks run on the exchange automatically. A deduction or unlock
   * naming a declared customer by a lone identifier its page lists, refused with 8015 in an org
   * whose dual-eligibility primary that page does not list, is sent again with the primary beside
   * it (then, if that list is refused with 8013, with the primary alone), and the first answer
   * that is neither 8015 nor 8013 is returned, else the lone refusal (`asSent` turns this off).
   */
  call(operationId: string, options?: CallOptions): Promise<Exchange>;
  /**
   * Reads a customer's balance (throws a judged `error` when the read itself fails); one program
   * (the given or the default one) unless `fetchDataForAllPrograms` is true. Under the profile's
   * `limits.readAfterWriteMs`, a read judging a write's effect passes a `Settle` (re-read until it
   * shows it); one judging that a refused call moved nothing passes `AFTER_REFUSAL` (waits out the
   * window since refused writes too); any other waits out the window since the customer's last write.
   */
  balance(
    customer: NamedCustomer,
    options?: BalanceOptions,
    after?: ReadAfter<BalanceReading>,
  ): Promise<BalanceReading>;
  /**
   * Reads `customer`'s balance with each of `options` in turn, as one reading (the one-program reads
   * around an unlock, judged together): under the window, `settle` judges them together and all are
   * read again until it shows the write; without `settle` they wait out the window, as `balance`.
   */
  balances(
    customer: NamedCustomer,
    options: readonly BalanceOptions[],
    settle?: Settle<readonly BalanceReading[]>,
  ): Promise<BalanceReading[]>;
  /**
   * Reads a fabric member's points through the inquiry endpoint: `available` summed over the
   * `data[]` entries, `entries` each entry's available points (`after` as for `balance`).
   */
  memberPoints(profileId: string, after?: ReadAfter<MemberPointsReading>): Promise<MemberPointsReading>;
  /** Resolves a customer fixture role. */
  customer(role: 'deductible' | 'twoPrograms' | 'drainable' | 'drainableOtherProgram'): NamedCustomer;
  /** The two customers that share a secondary identifier. */
  sharedSecondary(): [NamedCustomer, NamedCustomer];
  /** Resolves a bill fixture role. */
  bill(role: BillRole): NamedBill;
  /**
   * Judges one statement about a requirement: pass when `passed`, else fail (MUST) or warn
   * (SHOULD, or when the scenario runs warn-only). Returns `passed`.
   */
  verify(requirementId: string, passed: boolean, evidence: Evidence): boolean;
  /**
   * Judges an error answer: a 4xx (or the profile's pinned status) carrying `code` in the
   * Capillary envelope. Returns whether it did. `scope` says where alone the rule was judged
   * (e.g. a fixture lacking, the probe fell back to the default program): the message carries it.
   */
  expectErrorCode(requirementId: string, exchange: Exchange, code: number, scope?: string): boolean;
  /**
   * Judges a rejection without a documented code: any 4xx (or the pinned status). With
   * `inferred`, a break only warns (the rule is the suite's reading, not the document's words);
   * `scope` as for `expectErrorCode`.
   */
  expectRejected(requirementId: string, exchange: Exchange, inferred?: string, scope?: string): boolean;
  /** Judges a success: a 2xx answer. */
  expectSuccess(requirementId: string, exchange: Exchange): boolean;
  /**
   * Whether this run can judge a requirement of the scenario: false when its `requirementNeeds`
   * are missing (the engine then records it as `skip` with what to add).
   */
  judgeable(requirementId: string): boolean;
  /**
   * The latest OAuth token request the run sent for the org's `auth` ('default') or
   * `alternateAuth` (for its own calls, maybe before this scenario), or undefined when it sent
   * none: judged instead of a token request of the scenario's own. Its exchange is then cited,
   * kept, counted and checked as a call's (listeners are not told of it as a call of the scenario).
   */
  ownTokenRequest(which: TokenCredentials): OwnTokenRequest | undefined;
  /** Why the profile or the target lacks a need (and what to add), or undefined when it is met. */
  lacks(need: FixtureNeed): string | undefined;
  /** Records `skip` for one requirement (it cannot be judged here) while the others are judged. */
  notJudged(requirementId: string, reason: string): void;
  /** Stops the scenario with `skip` for all its requirements (a fixture is missing or used up). */
  skip(reason: string): never;
  /**
   * Keeps `note` on the org's declared bill `billKey` for the rest of the run. Scenarios sharing a
   * bill run one after another in their listed order (they hold its fixture), so a later one may
   * judge what an earlier one could only warn of (see {@link BillNote}).
   */
  noteOnBill(billKey: string, note: Omit<BillNote, 'scenarioId'>): void;
  /** Takes the notes kept so far on the org's bill `billKey`: each is given once. */
  takeBillNotes(billKey: string): BillNote[];
  /**
   * Counts one more of the run's `series` for the org: 1 for its first. A series is a customer's
   * deductions (named by its key: `reasonOfReturn`) or another run-wide numbering (fabric's tie
   * confirmations), so that no two bodies a run sends need be identical.
   */
  countInRun(series: string): number;
}

/**
 * An answer about a declared bill that its scenario could only warn of, because it is right only
 * when the bill has nothing left (a rerun): wrong if the bill still had its points then, which a
 * later scenario of the same run shows by unlocking points of the bill.
 */
export interface BillNote {
  readonly requirementId: string;
  /** The answer the requirement asks for, had the bill its points. */
  readonly expected: string;
  readonly exchange: Exchange;
  /** The scenario that sent it. */
  readonly scenarioId: string;
}

/** One registered scenario: a business rule exercised against a target. */
export interface Scenario {
  /** Stable ID `<suite>.<name>`, e.g. `negative-balance.over-balance-8907`. */
  readonly id: string;
  readonly title: string;
  /** Requirement IDs this scenario verifies (must exist in the catalogue). */
  readonly requirements: readonly string[];
  /**
   * What it cannot run without (must be known): when one is missing for an org, the scenario is
   * skipped there with what to add. Scenarios sharing a fixture run one after another.
   */
  readonly fixtures: readonly FixtureNeed[];
  /**
   * What single requirements need beyond `fixtures`: when one is missing, the scenario still runs,
   * that requirement is `skip` with what to add, and `ctx.judgeable(id)` is false for it.
   */
  readonly requirementNeeds?: Readonly<Partial<Record<string, readonly FixtureNeed[]>>>;
  readonly family: 'capillary' | 'fabric';
  /**
   * `false` for a scenario that reads no fixture customer's balance through the suite's balance
   * lookup (`ctx.balance`, `balanceIdentifier`): it reads none, or picks the identifiers of its
   * lookups itself (dual eligibility, identifier names, generated cases). The others (the default)
   * are skipped, with what to add, for an org where the balance of one of their customers cannot
   * be read (e.g. under dual eligibility it lacks the primary identifier): the selection says so
   * up front, so `plan` and `run --dry-run` show what the run would skip.
   */
  readonly usesBalanceLookup?: false;
  readonly tags: readonly string[];
  /** Whether it changes the target's state (a production profile runs none unless allowed). */
  readonly mutates: boolean;
  /** Decides per org; default: run. */
  readonly appliesTo?: (org: OrgProfile, profile: Profile) => Applicability;
  readonly run: (context: ScenarioContext) => Promise<void>;
}

/** A suite: one rule family, one file in `suites/`. */
export interface Suite {
  readonly name: string;
  readonly description: string;
  readonly scenarios: readonly Scenario[];
}

/** The verdict of one check on one requirement. */
export interface CheckResult {
  readonly requirementId: string;
  /** The scenario ID, or the universal check's ID (`universal.no-5xx`). */
  readonly checkId: string;
  /** The org ID, or `fabric`. */
  readonly principal: string;
  readonly verdict: Verdict;
  readonly message: string;
  readonly expected?: string;
  readonly actual?: string;
  /**
   * Why a scenario check warns rather than fails (the documents are silent, or the expectation is
   * inferred), or why it could not be judged: what `message` says before its expectation. Absent on
   * a pass, a plain failure, a SHOULD's warning (its level is the reason), universal checks, and in
   * reports of earlier versions.
   */
  readonly note?: string;
  /** IDs of the exchanges that show it (in `RunResult.exchanges`). */
  readonly exchangeIds: readonly number[];
  /** How many times this same check passed before being folded into one result (universal checks). */
  readonly occurrences?: number;
}

/**
 * The public source of a requirement: the vendor's page and its section, or (document `choice`,
 * no `url`) the project's own choice and why. Never a file a user does not have.
 */
export interface RequirementSource {
  /** The catalogue's document key, e.g. `capillary-npa`; `choice` for the project's own choice. */
  readonly document: string;
  /** The page's name, e.g. `Capillary docs: Deduct points from user`. */
  readonly title: string;
  /** The public page; absent for the project's own choice. */
  readonly url?: string;
  /** The part of the page the rule comes from (heading, table, row), or why the project chose it. */
  readonly section: string;
}

/** The verdict of one requirement over all its checks and orgs. */
export interface RequirementResult {
  readonly id: string;
  readonly title: string;
  readonly level: 'MUST' | 'SHOULD';
  readonly operations: readonly string[];
  /** Where the rule comes from, as a user can look it up (see {@link RequirementSource}). */
  readonly source: RequirementSource;
  readonly verdict: Verdict;
  readonly counts: Readonly<Record<Verdict, number>>;
  readonly checks: readonly CheckResult[];
  /** Why no check covers it (catalogue `blackBox: false`, or no scenario yet). */
  readonly uncoveredReason?: string;
}

/** What a run was: enough to reproduce it, never a secret. */
export interface RunManifest {
  readonly tool: { readonly name: string; readonly version: string };
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly profile: {
    readonly name: string;
    readonly environment: string;
    readonly source: string;
    /**
     * The dotenv file the run's environment was loaded from (`--env-file`, as given), so that a
     * hint repeating the run's command (`plan --profile … --env-file …`) can be pasted. Never its content.
     */
    readonly envFile?: string;
  };
  readonly targets: Readonly<Record<string, string>>;
  readonly orgs: readonly string[];
  readonly specHashes: Readonly<Record<string, string>>;
  readonly seed: number;
  readonly shard?: { readonly index: number; readonly total: number };
  /** Set on a report merged from shard reports (`loyalty-conformance merge`): one entry per shard. */
  readonly shards?: readonly ShardManifest[];
  readonly filters: {
    readonly grep?: string;
    readonly tags?: readonly string[];
    readonly requirements?: readonly string[];
  };
  readonly scenarioIds: readonly string[];
  /**
   * Which exchanges the result keeps: those behind non-passing checks (`failures`; passing checks
   * then name none) or every one a check cites (`all`). Absent in reports of earlier versions.
   */
  readonly evidence?: EvidenceKept;
  /** The profile's `apiErrorStatus`: the status(es) the target uses for API errors. Absent in earlier reports. */
  readonly apiErrorStatus?: ApiErrorStatus;
  /** Each org's configuration as the profile declares it, by org ID. Absent in earlier reports. */
  readonly orgConfig?: Readonly<Record<string, OrgConfigManifest>>;
  /** The fabric section's settings: the member inquiry as declared, and as probed. Absent without fabric. */
  readonly fabric?: { readonly memberInquiry: MemberInquiryManifest };
  /**
   * The fixtures the profile declares, by name only (customer and bill keys, roles, credential
   * schemes): never identifiers, bill numbers or credentials. Absent in earlier reports.
   */
  readonly fixtures?: FixturesManifest;
  /** The target's optional capabilities as probed before the first scenario. Absent when not probed. */
  readonly capabilities?: {
    readonly memberInquiry: { readonly present: boolean; readonly reason: string };
  };
}

/** One org's `config` in the manifest (what decides which rules apply to it). */
export interface OrgConfigManifest {
  readonly negativeBalanceOnReturn: OrgProfile['config']['negativeBalanceOnReturn'];
  readonly defaultProgramId?: number;
  readonly programs: readonly { readonly id: number; readonly roundDecimals?: number }[];
  readonly dualEligibility?: { readonly enabled: boolean; readonly primaryIdentifier?: string };
}

/** The member inquiry in the manifest: the profile's setting, and whether the probe found it. */
export interface MemberInquiryManifest {
  /** `fabric.memberInquiry` in the profile: `auto`, `true` or `false`. */
  readonly declared: MemberInquirySetting;
  /** What the run went by (the probe's result); absent when the run ended before the probe. */
  readonly present?: boolean;
}

/** The credential schemes of an org (`basic`, `oauth`, `oauth-token`), never the credentials. */
export interface CredentialSchemesManifest {
  readonly auth: CapillaryAuth['scheme'];
  readonly alternateAuth?: CapillaryAuth['scheme'];
  readonly restrictedAuth?: CapillaryAuth['scheme'];
}

/** One org's fixtures in the manifest, by the keys the profile gives them. */
export interface OrgFixturesManifest {
  /** Keys of `fixtures.customers`. */
  readonly customers: readonly string[];
  /** Role → customer key(s), as declared. */
  readonly roles: Readonly<Record<string, string | readonly string[]>>;
  /** Keys of `fixtures.bills`. */
  readonly bills: readonly string[];
  /** Whether a promotion is declared (`fixtures.promotion`). */
  readonly promotion: boolean;
  /** Whether a points award is declared (`fixtures.pointsAwardedId`). */
  readonly pointsAward: boolean;
  readonly credentials: CredentialSchemesManifest;
}

/** The profile's fixtures in the manifest: per org, and fabric's member. */
export interface FixturesManifest {
  readonly orgs: Readonly<Record<string, OrgFixturesManifest>>;
  /** Present with a fabric section: its member fixture is declared. */
  readonly fabric?: { readonly member: boolean };
}

/** Which exchanges a run keeps as evidence (see {@link RunManifest.evidence}). */
export type EvidenceKept = 'failures' | 'all';

/** One shard of a merged report: which slice it was and when and where it ran. */
export interface ShardManifest {
  readonly index: number;
  readonly total: number;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly durationMs: number;
  readonly targets: Readonly<Record<string, string>>;
  /** Exchanges the shard made (its `totals.exchanges`). */
  readonly exchanges: number;
}

/** The outcome of a run. */
export interface RunResult {
  readonly manifest: RunManifest;
  readonly verdict: Verdict;
  /** 0 conformant, 1 non-conformant, 2 the suite could not judge. */
  readonly exitCode: 0 | 1 | 2;
  /** Set when the run stopped asking a target that no longer answered (exit code 2). */
  readonly stopped?: { readonly code: string; readonly message: string };
  readonly requirements: readonly RequirementResult[];
  readonly scenarios: readonly ScenarioResult[];
  /**
   * The exchanges checks cite, recorded (redacted): those of non-passing checks, or with
   * `evidence: 'all'` those of every check.
   */
  readonly exchanges: readonly RecordedExchange[];
  readonly totals: { readonly exchanges: number; readonly checks: Readonly<Record<Verdict, number>> };
  /**
   * Requirements of the run's selection that this profile, with the target's probed capabilities,
   * cannot judge for any principal: the principals and what to add (cheapest first). See
   * `loyalty-conformance plan`.
   */
  readonly notJudgeable?: readonly {
    readonly id: string;
    readonly principals: readonly string[];
    readonly add: readonly string[];
  }[];
  /**
   * Calls sent with the profile's own credentials (a principal's default `auth`, not the wrong,
   * missing or restricted ones a scenario sends to be refused) that the target answered 401 or 403,
   * counted over those a failing (or unjudged) result cites: a till outside the Points access group
   * or a token without write scope looks, from outside, like a target refusing valid credentials,
   * so the reports say so beside the verdicts (which stay as judged). Absent when there are none,
   * and in reports of earlier versions.
   */
  readonly ownCredentialsRefused?: OwnCredentialsRefused;
  /**
   * What the run exercised of the specs: per operation, each declared status and documented error
   * code received, each declared parameter sent, and the totals (see `src/coverage`). Tallied from
   * every exchange of the scenarios. Absent in reports of earlier versions.
   */
  readonly coverage?: SpecCoverage;
}

/** See {@link RunResult.ownCredentialsRefused}. */
export interface OwnCredentialsRefused {
  /** Distinct exchanges. */
  readonly calls: number;
  /** The statuses they got (401, 403), ascending. */
  readonly statuses: readonly number[];
  /** The principals (org IDs, `fabric`) that sent them, sorted. */
  readonly principals: readonly string[];
  /** Per operation, most refused first. */
  readonly operations: readonly { readonly operationId: string; readonly calls: number }[];
}

/** One scenario run for one org. */
export interface ScenarioResult {
  readonly scenarioId: string;
  readonly title: string;
  readonly principal: string;
  readonly verdict: Verdict;
  readonly durationMs: number;
  readonly reason?: string;
  /** What the profile declares that its expectations rest on (`Applicability.premise`). */
  readonly premise?: string;
  /**
   * Requests the scenario run sent, when it sent any: a skip after one met the target's state (a
   * bill unlocked before this run), a skip before any, what the profile declares or lacks.
   */
  readonly requests?: number;
}

/** Events in the order the engine emits them. Reporters implement the hooks they need. */
export interface RunEvents {
  onRunStart?(info: { readonly scenarioCount: number; readonly manifest: Partial<RunManifest> }): void;
  onScenarioStart?(info: { readonly scenarioId: string; readonly principal: string }): void;
  onCheckResult?(result: CheckResult): void;
  /**
   * Every exchange a scenario made (balance reads included), as recorded (redacted), with the
   * scenario, the principal it ran for and the call as the scenario made it (e.g. Pact export).
   */
  onExchange?(
    exchange: RecordedExchange,
    scenarioId: string,
    principal: string,
    call: CallOptions,
    /** `concurrent`: another call of the same scenario run was in flight during this one. */
    meta?: { readonly concurrent: boolean },
  ): void;
  onScenarioEnd?(result: ScenarioResult): void;
  onRunEnd?(result: RunResult): void | Promise<void>;
}
