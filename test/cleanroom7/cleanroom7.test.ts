import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom7Options, startCleanroom7Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The same profile with API errors answered HTTP 200 in the error envelope (apiErrorStatus: any),
 * as a user of the second reading would write it; nothing else differs.
 */
const PROFILE_ERRORS_IN_200 = join(mkdtempSync(join(tmpdir(), 'lc-cleanroom7-')), 'profile-200.yaml');
writeFileSync(
  PROFILE_ERRORS_IN_200,
  readFileSync(PROFILE, 'utf8').replace(/^apiErrorStatus: .*$/m, 'apiErrorStatus: any'),
);

/**
 * The seventh clean-room provider, written from the four documents and DESIGN.md alone, with its
 * effort on the unlock: bills whose promised points sit on the bill, on line items (an item code
 * shared by three lines over two programs) and on a promotion; a bill partly unlocked before the
 * run; eventLogId as an array, a number or digits; USERGROUP2 groups; answers as the example lists
 * them (a bill line per program, item lines, promotion lines); externalTriggerBasedPoints read as
 * the points unlocks have converted so far. The second reading flips every choice it can at once:
 * lineItemIds and itemCodes together as a union, one line per line item, each bill line carrying
 * the bill's total in its program (promotions included), amounts as JSON numbers, balances rounded
 * down to whole numbers (the balance table's int) and without promisedPoints (the table lists
 * none), API errors in HTTP 200, and the bills of org `credit` all unlocked before the run (a
 * rerun on an earlier run's bills), refused with an "already unlocked" code of its own (82323290)
 * before their eventName and eventLogId are checked.
 */
const READINGS: {
  name: string;
  options: Cleanroom7Options;
  shows: Record<string, Verdict>;
  profile?: string;
}[] = [
  {
    name: 'its own reading (errors 400/403/404/409 by kind, string decimals, a line per item code, externalTriggerBasedPoints as points converted)',
    options: { externalTriggerAsConverted: true },
    shows: {
      'CAP-UPP-MOVE': 'pass',
      'CAP-UPP-FILTER-ITEM-CODES': 'pass', // sku-b: three lines, two programs
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass',
      'CAP-UPP-RESPONSE-PROGRAM': 'pass',
      'CAP-UPP-RESPONSE-PROMOTION': 'pass',
      'CAP-UPP-ONCE-ERROR': 'pass', // bob's bill partly unlocked before the run, then the rest
      'CAP-UPP-82323282': 'pass',
      'CAP-UPP-3918': 'pass',
      'CAP-UPP-CONCURRENT-ONCE': 'pass',
      'CAP-BAL-DUAL-MULTI': 'pass', // email primary in org credit
      'CAP-NPA-8907': 'pass',
    },
  },
  {
    name: 'errors in HTTP 200, whole-number balances without promisedPoints, numeric amounts, bill lines carrying the bill\'s total, a line per line item, an own "already unlocked" code, org credit\'s bills used up before the run',
    options: {
      combineFilters: 'union',
      linePerLineItem: true,
      numericAmounts: true,
      errorsWithStatus200: true,
      wholeBalances: true,
      alreadyUnlockedCode: 82323290,
      spentOrgs: ['credit'],
      spentCheckedFirst: true,
      billLineTotal: true,
      omitPromisedPoints: true,
    },
    profile: PROFILE_ERRORS_IN_200,
    shows: {
      'CAP-UPP-MOVE': 'warn', // credit's used-up bills: 82323290 may be "already unlocked"
      'CAP-UPP-3918': 'warn',
      'CAP-UPP-82323272': 'warn',
      'CAP-UPP-82323282': 'warn', // ledger's second unlocks answer 82323290
      'CAP-UPP-ONCE-ERROR': 'pass',
      'CAP-UPP-FILTER-LINE-ITEMS': 'pass', // ledger
      'CAP-UPP-RESPONSE-SUM': 'warn', // bill totals, read through whole-number balances
      'CAP-NPA-8907': 'pass',
    },
  },
];

describe('seventh clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom7Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
