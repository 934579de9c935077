import type { RecordedExchange } from '../src/client/exchange.ts';
import type { CoverageGate } from '../src/coverage/model.ts';
import type { RunEvents, RunResult } from '../src/engine/types.ts';
import type { ReporterName } from './registry.ts';

/** What every reporter factory receives. */
export interface ReporterOptions {
  /** Folder file reporters write into. */
  readonly outDir: string;
  /** Where line output goes (console reporter). */
  readonly write: (text: string) => void;
  /** Live progress allowed: the output is a terminal and not a CI log (console reporter). */
  readonly interactive: boolean;
  /** Colours allowed: the output is a terminal and `NO_COLOR` is not set (console reporter). */
  readonly color?: boolean;
  /**
   * Secrets to keep out of any output, as a last line of defence: exchanges arrive redacted, and
   * every reporter still removes these (and their URL-encoded and JSON-escaped forms) from the
   * data before formatting it and from the text it writes.
   */
  readonly secrets: readonly string[];
  /**
   * A `curl` command line repeating an exchange's request without its secrets. Injected by the
   * caller (the CLI uses the client's `toCurl`), so that reporters depend on result types only.
   */
  readonly curl: (exchange: RecordedExchange) => string;
  /**
   * What a `warn` becomes in `junit.xml` (JUnit reporter; default {@link DEFAULT_JUNIT_WARN_AS}):
   * `pass` (a passing testcase; every testsuite still counts its warnings in a `warnings` property
   * and lists them in its `<system-out>`), `failure` (`<failure type="warning">`) or `skipped`
   * (`<skipped message="warning: …">`). `run --junit-warn-as` sets it.
   */
  readonly junitWarnAs?: JunitWarnAs;
  /**
   * The reporters of this run (`--reporter`), so that a reporter pointing at another's output
   * (the github reporter naming `junit.xml`, `report.html`) names only what the run writes.
   * Unknown (undefined): none is named.
   */
  readonly reporters?: readonly ReporterName[];
  /**
   * `run --min-coverage`: whether a run met the floor, and the line saying so (undefined for a run
   * it does not apply to: one that could not be judged). The reports say it (JUnit: a testcase
   * `--min-coverage` that passes or fails; summary.md and report.html: a line under the heading),
   * so that no report of a job that exits 1 on the gate reads as green. Unset: no gate.
   */
  readonly coverageGate?: (run: RunResult) => CoverageGate | undefined;
}

/** What a `warn` may become in `junit.xml`, as `run --junit-warn-as` takes it. */
export const JUNIT_WARN_AS = ['pass', 'failure', 'skipped'] as const;

/** One of {@link JUNIT_WARN_AS}. */
export type JunitWarnAs = (typeof JUNIT_WARN_AS)[number];

/**
 * `pass`: a conformant run with warnings keeps a CI gate on the JUnit results green, and the
 * warnings stay visible in each testsuite's `warnings` property and `<system-out>`.
 */
export const DEFAULT_JUNIT_WARN_AS: JunitWarnAs = 'pass';

/** A reporter is a set of optional engine event hooks. */
export type Reporter = RunEvents;

/** Builds a reporter. */
export type ReporterFactory = (options: ReporterOptions) => Reporter;
