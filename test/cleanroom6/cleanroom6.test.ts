import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import { itJudgesEachReadingConformant, type Reading } from '../support/no-false-verdicts.ts';
import { type Cleanroom6Options, type Cleanroom6Provider, startCleanroom6Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));
const MINIMAL_PROFILE = fileURLToPath(new URL('./profile-minimal.yaml', import.meta.url));

/**
 * The sixth clean-room provider, written from the four documents and DESIGN.md alone: each page's
 * own lists of identifier names and sources read strictly (a deduction by externalId or mobile
 * only, `ALL` a deduction source and `MOBILE_APP` an unlock source), cuid as the primary
 * identifier under dual eligibility in one org, API errors answered 404/409/422 by kind,
 * `Connection: close`, `ETag`, `Cache-Control: no-store` and `X-Request-Id` on every answer,
 * programs with 3, 0, 2 and 1 round decimals, fabric pending points that stay pending through the
 * run and fabric deductions past the available points refused. The second reading's limit is 75
 * requests a second (40 until 2026-12-05: its run waited on the limit itself, 10–12 s, for 17 429s;
 * at 75 it takes 6 s and meets 19–20); a run that met none is skipped with its pace
 * (test/support/no-false-verdicts.ts).
 */
const READINGS: Reading<Cleanroom6Options, Cleanroom6Provider>[] = [
  {
    name: 'its own reading',
    options: {},
    shows: {
      // org family: cuid decides; two customers share a mobile
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-NON-PRIMARY': 'pass',
      'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass',
      // family's generated balance cases start from a lookup by cuid, a name outside the spec's
      // examples: a valid programId (0) is no longer sent as invalid. Warns: a word for programId
      // read as not passed, a word for fetchDataForAllPrograms read as false.
      'GEN-INVALID-REJECTED': 'warn',
      'CAP-NPA-8907': 'pass', // ledger, with 409
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass', // credit
      'CAP-NPA-DECIMALS-PROGRAM': 'pass', // 3 and 0 round decimals
      'CAP-UPP-ONCE-ERROR': 'pass', // 82323282 with 409
      'CAP-UPP-RESPONSE-PROMOTION': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'CAP-AUTH-OAUTH': 'pass',
      'CAP-AUTH-ACCESS-GROUP': 'pass',
      'FAB-ADJ-PENDING': 'pass', // pending points never turn active during the run
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    name: 'the least profile the schema allows (pre-issued OAuth token, configuration unknown, one customer, no bills), bursts past 75 requests a second answered 429 with Retry-After: 1',
    options: { rateLimitPerSecond: 75 },
    profile: MINIMAL_PROFILE,
    shows: {
      'CAP-NPA-8907': 'pass', // negativeBalanceOnReturn unknown, judged as if off: the org is off
      'CAP-NPA-DECIMALS-PROGRAM': 'skip',
      'CAP-UPP-MOVE': 'skip',
      'CAP-UPP-ONCE': 'skip',
      'CAP-BAL-DUAL-MULTI': 'skip',
      'CAP-AUTH-TOKEN-GENERATE': 'skip',
      'CAP-AUTH-ACCESS-GROUP': 'skip',
      'FAB-ADJ-ADD': 'pass',
    },
    gateway: { refused: (provider) => provider.throttled(), limit: '75 requests in any one second' },
  },
];

describe('sixth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom6Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
