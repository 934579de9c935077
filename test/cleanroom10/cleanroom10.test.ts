import { fileURLToPath } from 'node:url';
import { describe } from 'vitest';
import type { Verdict } from '../../src/engine/types.ts';
import { itJudgesEachReadingConformant } from '../support/no-false-verdicts.ts';
import { type Cleanroom10Options, startCleanroom10Provider } from './provider.ts';

const PROFILE = fileURLToPath(new URL('./profile.yaml', import.meta.url));

/**
 * The tenth clean-room provider, written from the four documents and DESIGN.md alone: a thin API
 * gateway in front of a legacy core whose data and HTTP forms are unusual but allowed. Identifiers
 * need URL encoding (an email with `+`, `%25`, `&` and non-ASCII letters, mobiles with a leading
 * `+`, externalIds with spaces, slashes and `&`), bill numbers and item codes carry dashes, slashes,
 * spaces and non-ASCII letters, program ids are large integers (up to 9007199254741), balances run
 * to billions kept as exact decimals (0.1 + 0.2 promised points are 0.3), error messages are in
 * German, JSON is pretty-printed with tabs, CRLF and ` :  ` with keys in an unusual order, under
 * `application/json;charset=UTF-8` with Vary, Server and Via headers; trailing slashes are accepted
 * and empty `warnings` are left out where the tables do not list them. Its second reading, with
 * balances near 10^12 in two programs and bill lines of 0.2 and 0.125 in the 3-decimal one, found a false
 * verdict: CAP-UPP-RESPONSE-SUM failed lines listing 9.325 for a rise of main points over all
 * programs read as 9.32, a difference of balances near 2 × 10^12 that a double holds to 2 decimals
 * (variant unlock-five-decimals-in-ten-billions).
 */
const READINGS: { name: string; options: Cleanroom10Options; shows: Record<string, Verdict> }[] = [
  {
    name: "string decimals, balances in the billions written as Java's BigDecimal.stripTrailingZeros() does (60 as 6E+1), entityIds past 2^53, a bill whose promised points lie in two programs, a warning of the legacy core in every successful answer, a member inquiry near a trillion points",
    options: { programsPerLine: true, legacyWarning: true, javaNumbers: true, hugeMember: true },
    shows: {
      'CAP-BAL-DUAL-MULTI': 'pass',
      'CAP-BAL-DUAL-SINGLE-PROFILE': 'pass',
      'CAP-NPA-8907': 'pass',
      'CAP-NPA-NEGATIVE-ALLOWED': 'pass',
      'CAP-UPP-RESPONSE-SUM': 'pass',
      'CAP-UPP-RESPONSE-PROGRAM': 'pass',
      'FAB-INQ-BALANCE': 'pass',
    },
  },
  {
    name: "balances near a trillion with a 3-decimal bill line, bodies gzip-encoded and chunked, strings escaped as PHP's json_encode does (\\/ and \\u00fc), balance figures padded to the program's decimals, unlock lines as numbers, warnings in the balance and unlock answers but not the deduction's, Connection: close, no member inquiry (the gateway's HTML 404)",
    options: {
      hugeBalances: true,
      programsPerLine: true,
      htmlNotFound: true,
      gzipChunked: true,
      escapedStrings: true,
      paddedNumbers: true,
      warningsEverywhere: true,
      noWarnings: true,
      connectionClose: true,
      memberInquiry: false,
    },
    shows: {
      'CAP-NPA-RESPONSE-FIELDS': 'warn', // no warnings
      'CAP-UPP-RESPONSE-SUM': 'pass', // 9.325 listed, a rise read as 9.32 near 2 × 10^12
      'CAP-BAL-DUAL-MULTI': 'pass',
      'FAB-INQ-BALANCE': 'skip',
    },
  },
];

describe('tenth clean-room provider (no false verdicts)', () => {
  itJudgesEachReadingConformant(READINGS, {
    start: startCleanroom10Provider,
    urlOf: (p) => p.url,
    profile: PROFILE,
    timeoutMs: 60_000,
  });
});
