import { consoleReporter } from './console.ts';
import { githubReporter } from './github.ts';
import { HAR_FILE, harReporter } from './har.ts';
import { HTML_REPORT_FILE, htmlReporter } from './html.ts';
import { JSON_REPORT_FILE, jsonReporter } from './json.ts';
import { JUNIT_FILE, junitReporter } from './junit.ts';
import { MARKDOWN_FILE, markdownReporter } from './markdown.ts';
import type { REPORTER_FILES, ReporterName } from './registry.ts';
import type { ReporterFactory } from './types.ts';

export {
  DEFAULT_REPORTERS,
  loadReporters,
  REPORTER_FILES,
  REPORTER_LOADERS,
  REPORTER_NAMES,
  type ReporterName,
} from './registry.ts';
export type { Reporter, ReporterFactory, ReporterOptions } from './types.ts';

/**
 * Every reporter, loaded (tests, programmatic use). The registry is `registry.ts`, which loads a
 * reporter only when it is named; this map must hold exactly its names.
 */
export const REPORTERS = {
  // --- line output ---
  console: consoleReporter,
  github: githubReporter,
  // --- files, written once at the end of the run ---
  json: jsonReporter,
  junit: junitReporter,
  html: htmlReporter,
  markdown: markdownReporter,
  har: harReporter,
} as const satisfies Record<ReporterName, ReporterFactory>;

/** Each file reporter's own name for its file: what {@link REPORTER_FILES} must list. */
export const REPORTER_FILE_CONSTANTS = {
  console: [],
  github: [],
  json: [JSON_REPORT_FILE],
  junit: [JUNIT_FILE],
  html: [HTML_REPORT_FILE],
  markdown: [MARKDOWN_FILE],
  har: [HAR_FILE],
} as const satisfies typeof REPORTER_FILES;
