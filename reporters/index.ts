import { consoleReporter } from './console.ts';
import { htmlReporter } from './html.ts';
import { jsonReporter } from './json.ts';
import { junitReporter } from './junit.ts';
import { markdownReporter } from './markdown.ts';
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

/** Reporters of a run when none are named. */
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['console', 'json', 'junit', 'html', 'markdown'];
