import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UNRESPONSIVE_AFTER } from '../../src/engine/target-health.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { runCli } from '../cli/capture.ts';
import { profilePathOf } from '../faults/profiles.ts';
import { HOSTILE_MODES, startHostileTarget } from './server.ts';

/**
 * The profile's per-request timeout where no request ever gets a whole answer (the target hangs,
 * resets, answers garbage or a body that never ends): a timeout gives the outcome those modes
 * end in anyway, however early a loaded machine makes it, so it can be short.
 */
const SILENT_TIMEOUT_MS = 1000;
/**
 * Everywhere else (the target answers, or a correct provider behind the gateway does): the
 * targets run in this test process, beside the other runs of the battery and, in CI, the other
 * test worker, so an answer can be seconds late; with 1 s a correct provider behind a gateway was
 * taken for one that does not answer (proxy-flaky-503: LC_ERR_TARGET_NO_ANSWER, exit 2;
 * proxy-rate-limit-some: 8 requirements not judged) under a load of 6. No mode's verdict rests on
 * how long an answer takes, so the timeout is far from any delay a busy machine adds.
 */
const ANSWERED_TIMEOUT_MS = 20_000;
/** The modes of {@link SILENT_TIMEOUT_MS}. */
const SILENT = new Set([
  'hang',
  'reset',
  'garbage',
  'bad-chunking',
  'slow-body',
  'huge-headers',
  'set-cookie-flood',
  'truncated',
]);
/** The rate-limit wait budget: a target answering 429 forever ends the run after about this long. */
const RATE_LIMIT_WAIT_MS = 2500;
/**
 * A harness guard only (a hung run fails the test instead of the whole file): that a run stops
 * asking a target that stopped answering is asserted by counting the requests the target got,
 * which no load changes, never by the clock. Runs took 2 s on a quiet machine, over 35 s beside
 * other test runs, 124 s under a load of 10; a run waiting out every request would take hours.
 */
const GUARD_MS = 600_000;
/** The profile's concurrency: requests in flight when a streak of silence completes. */
const CONCURRENCY = 8;

const profileWith = (timeoutMs: number) =>
  profilePathOf({
    edit: (profile) => {
      profile.limits = {
        ...profile.limits,
        timeoutMs,
        concurrency: CONCURRENCY,
        retries: 0,
        rateLimitWaitMs: RATE_LIMIT_WAIT_MS,
      };
    },
  });
/**
 * proxy-dies: its first 60 answers come from a correct provider (a late one must not be taken for
 * silence, or the outcome is NO_ANSWER, not UNRESPONSIVE), then each request waits out the
 * timeout; with 20 s the streak took 61 s of the battery, with 5 s about a quarter of that.
 */
const DYING_TIMEOUT_MS = 5000;
const PROFILES = {
  silent: profileWith(SILENT_TIMEOUT_MS),
  dying: profileWith(DYING_TIMEOUT_MS),
  answered: profileWith(ANSWERED_TIMEOUT_MS),
};
const profileFor = (modeId: string) =>
  SILENT.has(modeId) ? PROFILES.silent : modeId === 'proxy-dies' ? PROFILES.dying : PROFILES.answered;

/**
 * What a run against each mode must end in: the exit code; for exit 2 the one line's code; for
 * exit 1 a text some failing check's `actual` names (the run says what was wrong), and the
 * requirements that must not pass (a login page is no acceptance, a 429 no refusal).
 */
interface Expectation {
  readonly exit: 0 | 1 | 2;
  readonly code?: string;
  /** For exit 2: what the one line must say (the answer named as it is). */
  readonly line?: RegExp;
  readonly names?: RegExp;
  readonly notPassing?: readonly string[];
  /**
   * At most this many requests reach the target: the run stops asking once it stops answering
   * (a run that waited out every request would send all of its ~900).
   */
  readonly maxRequests?: number;
  /**
   * For exit 2, the other line a run may end in: one whose unanswered requests never came
   * UNRESPONSIVE_AFTER in a row (answered ones between them, as the connections' reuse fell) goes
   * to its end, every check on them unjudged; then no requirement may fail.
   */
  readonly orUnjudged?: RegExp;
}

/**
 * Requests a run sends to a target that never answers: the first few, then the ones in flight. A
 * scenario run may have a whole burst of parallel calls in flight (suites/concurrency.ts and
 * fabric.ts send twice the profile's concurrency at once) beside one call of each other run: once
 * fault hunt 67's probes had moved proxy-dies' 60th request into a burst, 23 were (16 + 7).
 */
const STOPS_AT_ONCE = UNRESPONSIVE_AFTER + 2 * CONCURRENCY + (CONCURRENCY - 1);

const EXPECTED: Record<string, Expectation> = {
  hang: { exit: 2, code: 'LC_ERR_TARGET_NO_ANSWER', maxRequests: STOPS_AT_ONCE },
  reset: { exit: 2, code: 'LC_ERR_TARGET_NO_ANSWER' },
  garbage: { exit: 2, code: 'LC_ERR_TARGET_NO_ANSWER' },
  'bad-chunking': { exit: 2, code: 'LC_ERR_TARGET_NO_ANSWER' },
  'slow-body': { exit: 2, code: 'LC_ERR_TARGET_NO_ANSWER', maxRequests: STOPS_AT_ONCE },
  'huge-headers': {
    exit: 2,
    code: 'LC_ERR_TARGET_NO_ANSWER',
    line: /UND_ERR_HEADERS_OVERFLOW: the answer's headers passed the \d+ bytes the client reads/,
  },
  truncated: { exit: 2, code: 'LC_ERR_TARGET_NO_ANSWER' },
  'login-page': { exit: 2, code: 'LC_ERR_TARGET_NOT_API' },
  'html-500': { exit: 2, code: 'LC_ERR_TARGET_NOT_API' },
  'empty-200': { exit: 1, names: /not JSON/, notPassing: ['CAP-AUTH-BASIC', 'FAB-AUTH-BEARER'] },
  'not-found': { exit: 2, code: 'LC_ERR_TARGET_NOT_API' },
  redirect: { exit: 2, code: 'LC_ERR_TARGET_NOT_API' },
  unauthorized: { exit: 2, code: 'LC_ERR_AUTH_REJECTED' },
  'rate-limited': { exit: 2, code: 'LC_ERR_RATE_LIMITED' },
  'json-null': {
    exit: 1,
    names: /body not as documented|not JSON/,
    notPassing: ['CAP-AUTH-BASIC', 'FAB-AUTH-BEARER'],
  },
  // fabric documents no required field of its answer: there the envelope rule fails, not the Bearer.
  'wrong-shape': {
    exit: 1,
    names: /body not as documented/,
    notPassing: ['CAP-AUTH-BASIC', 'FAB-ADJ-ENVELOPE'],
  },
  'huge-body': { exit: 1, names: /over \d+ bytes, cut/, notPassing: ['CAP-AUTH-BASIC'] },
  'deep-json': { exit: 1, names: /nested deeper than 64/, notPassing: ['CAP-AUTH-BASIC'] },
  'invalid-utf8': { exit: 1, names: /UTF-8/, notPassing: ['CAP-AUTH-BASIC'] },
  'fake-gzip': { exit: 1, names: /gzip/, notPassing: ['CAP-AUTH-BASIC'] },
  // Forwards 60, then goes silent.
  'proxy-dies': { exit: 2, code: 'LC_ERR_TARGET_UNRESPONSIVE', maxRequests: 60 + STOPS_AT_ONCE },
  'proxy-429-unauthenticated': {
    exit: 2,
    code: 'LC_ERR_RATE_LIMITED',
    notPassing: ['CAP-AUTH-MISSING', 'FAB-AUTH-MISSING'],
  },
  'proxy-rate-limit-some': { exit: 0 },
  'proxy-flaky-503': { exit: 0 },
  'proxy-slow': { exit: 0 },
  'proxy-fresh-cookie': { exit: 0 },
  // Each GET that meets the end is sent again on a new connection (stale-connection.ts).
  'proxy-ends-reused-get': { exit: 0 },
  // Never a POST (a resend would be answered: exit 0); the requests that got no answer stop the run.
  'proxy-ends-reused-post': {
    exit: 2,
    code: 'LC_ERR_TARGET_UNRESPONSIVE',
    orUnjudged: /^loyalty-conformance: NOT JUDGED: \d+ requirements could not be judged \(error\)/,
  },
  // Hostile hunt 59. The page is quoted with its escapes shown, never sent to the terminal.
  'terminal-escapes': {
    exit: 2,
    code: 'LC_ERR_TARGET_NOT_API',
    line: /got 200 text\/html: \\u001b\[2J\\u001b\]0;pwned\\u0007<h1>Sign in<\/h1>\\u009b31m x y\./,
  },
  'redirect-without-location': {
    exit: 2,
    code: 'LC_ERR_TARGET_NOT_API',
    line: /got 302 without a Location header\./,
  },
  'not-modified': {
    exit: 2,
    code: 'LC_ERR_TARGET_NOT_API',
    line: /got 304 Not Modified to a request that named no cached copy\./,
  },
  // undici reads a 204 as bodiless, so the announced length reads as a cut body: named, not "no answer".
  'no-content-with-length': {
    exit: 2,
    code: 'LC_ERR_TARGET_NO_ANSWER',
    line: /gave no readable answer to the first request \(UND_ERR_RES_CONTENT_LENGTH_MISMATCH: a 204 announcing Content-Length 15: a 204 has no body/,
  },
  'error-envelope-200': {
    exit: 1,
    names: /200 with code 500/,
    notPassing: ['CAP-AUTH-BASIC', 'FAB-AUTH-BEARER'],
  },
  'top-level-array': {
    exit: 1,
    names: /expected object, got \[/,
    notPassing: ['CAP-AUTH-BASIC', 'FAB-AUTH-BEARER'],
  },
  // Named as what it is, not as JSON.stringify's null.
  'number-overflow': {
    exit: 1,
    names: /got a number past a double's range \(±1\.8e308\), read as Infinity/,
    notPassing: ['CAP-AUTH-BASIC'],
  },
  'status-599': { exit: 1, names: /^599 /m, notPassing: ['CAP-AUTH-BASIC', 'FAB-AUTH-BEARER', 'GEN-NO-5XX'] },
  'status-999': { exit: 1, names: /^999 /m, notPassing: ['CAP-AUTH-BASIC', 'FAB-AUTH-BEARER'] },
  'set-cookie-flood': {
    exit: 2,
    code: 'LC_ERR_TARGET_NO_ANSWER',
    line: /UND_ERR_HEADERS_OVERFLOW: the answer's headers passed the \d+ bytes the client reads/,
  },
  // Judged on the whole answer; its record keeps 16 KiB of text and no parsed body (readResult).
  'long-json': { exit: 1, names: /^200 with no error code/m, notPassing: ['CAP-AUTH-BASIC'] },
  'transfer-gzip': { exit: 1, names: /400 with no error code \(Transfer-Encoding gzip is not decoded/ },
  'proxy-bom': { exit: 0 },
  // Judged on what it answered: the 200s that are not JSON fail, none passes for an acceptance.
  'proxy-garbage-after-100': { exit: 1, names: /^200 \(body not JSON\) \{garb /m },
};

describe('hostile targets: never a false pass, never a blow-up', () => {
  it('has an expectation for every mode, and at least 20 modes', () => {
    expect(HOSTILE_MODES.length).toBeGreaterThanOrEqual(20);
    expect(Object.keys(EXPECTED).sort()).toEqual(HOSTILE_MODES.map((m) => m.id).sort());
  });

  // Side by side: most modes only wait (for a timeout, a Retry-After, a slow body), so running
  // them one after another kept a test worker idle for most of the battery. Each has its own
  // target, output directory and captured output.
  for (const mode of HOSTILE_MODES) {
    const expected = EXPECTED[mode.id]!;
    it.concurrent(
      `${mode.id} (${mode.description}): exit ${expected.exit}${expected.code ? ` ${expected.code}` : ''}`,
      async ({ expect }) => {
        const target = await startHostileTarget(mode);
        const out = mkdtempSync(join(tmpdir(), `lc-hostile-${mode.id}-`));
        try {
          const { code, stdout, stderr } = await runCli([
            'run',
            '--profile',
            profileFor(mode.id),
            '--target',
            target.url,
            '--reporter',
            'json',
            '--out',
            out,
          ]);
          if (expected.maxRequests !== undefined)
            expect(target.requests(), 'stops asking a silent target').toBeLessThanOrEqual(
              expected.maxRequests,
            );
          expect(`${stdout}${stderr}`).not.toMatch(/\n\s+at [\w.<]/); // no stack trace anywhere
          // No control character but the line feed: a target's escapes never reach the terminal.
          // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
          expect(`${stdout}${stderr}`).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029]/);
          expect(stderr).not.toMatch(/internal error/);
          expect(code, stderr).toBe(expected.exit);
          const readResult = () => {
            const result = JSON.parse(readFileSync(join(out, 'conformance.json'), 'utf8')) as RunResult;
            // A record keeps no parsed body beside a cut text: bodies of up to maxBodyBytes each
            // made a report past what one string holds (long-json, hostile hunt 59).
            for (const exchange of result.exchanges ?? []) {
              if (exchange.response?.truncated)
                expect(exchange.response.body, 'a truncated record').toBeUndefined();
            }
            return result;
          };
          const neverPassing = (result: RunResult) => {
            for (const id of expected.notPassing ?? []) {
              expect(result.requirements.find((r) => r.id === id)?.verdict, id).not.toBe('pass');
            }
          };
          if (expected.exit === 2) {
            expect(stderr.trim().split('\n')).toHaveLength(1);
            if (expected.orUnjudged?.test(stderr)) {
              // Seen once in four battery runs at load 10 (2026-12-06): no verdict rests on a request
              // that got no answer.
              expect(readResult().requirements.filter((r) => r.verdict === 'fail')).toEqual([]);
              return;
            }
            expect(stderr).toContain(expected.code);
            if (expected.line) expect(stderr).toMatch(expected.line);
            if (expected.notPassing) neverPassing(readResult());
            return;
          }
          expect(stderr).toBe('');
          const report = readResult();
          if (expected.exit === 0) {
            expect(report.requirements.filter((r) => r.verdict === 'fail' || r.verdict === 'error')).toEqual(
              [],
            );
            return;
          }
          const actuals = report.requirements.flatMap((r) =>
            r.checks.filter((c) => c.verdict === 'fail').map((c) => `${c.actual ?? ''} ${c.message}`),
          );
          expect(actuals.join('\n')).toMatch(expected.names!);
          neverPassing(report);
        } finally {
          await target.close();
        }
      },
      GUARD_MS,
    );
  }
});
