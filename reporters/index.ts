import { consoleReporter } from './console.ts';
import { HTML_REPORT_FILE, htmlReporter } from './html.ts';
import { JSON_REPORT_FILE, jsonReporter } from './json.ts';
import { JUNIT_FILE, junitReporter } from './junit.ts';
import { MARKDOWN_FILE, markdownReporter } from './markdown.ts';
import type { ReporterFactory } from './types.ts';

export type { Reporter, ReporterFactory, ReporterOptions } from './types.ts';

/** The one registration point of reporters: its key is the name `--reporter` takes. */
export const REPORTERS = {
  // --- line output ---
  console: consoleReporter,
  // --- files, written once at the end of the run ---
  json: jsonReporter,
  junit: junitReporter,
  html: htmlReporter,
  markdown: markdownReporter,
} as const satisfies Record<string, ReporterFactory>;

/** A reporter name. */
export type ReporterName = keyof typeof REPORTERS;

/**
 * The files each reporter writes in the output folder (none for line output): `run` removes those
 * of the selected reporters when it starts, so that a report of an earlier run never stays beside
 * one of this run (e.g. after an interrupt). Typed by the registry: a new reporter must say.
 */
export const REPORTER_FILES = {
  console: [],
  json: [JSON_REPORT_FILE],
  junit: [JUNIT_FILE],
  html: [HTML_REPORT_FILE],
  markdown: [MARKDOWN_FILE],
} as const satisfies Record<ReporterName, readonly string[]>;

/** Reporters of a run when none are named. */
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['console', 'json', 'junit', 'html', 'markdown'];
