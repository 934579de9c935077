import { consoleReporter } from './console.ts';
import { jsonReporter } from './json.ts';
import { markdownReporter } from './markdown.ts';
import type { ReporterFactory } from './types.ts';

export type { Reporter, ReporterFactory, ReporterOptions } from './types.ts';

/** The one registration point of reporters: its key is the name `--reporter` takes. */
export const REPORTERS = {
  console: consoleReporter,
  json: jsonReporter,
  markdown: markdownReporter,
} as const satisfies Record<string, ReporterFactory>;

/** A reporter name. */
export type ReporterName = keyof typeof REPORTERS;

/** Reporters of a run when none are named. */
export const DEFAULT_REPORTERS: readonly ReporterName[] = ['console', 'json', 'markdown'];
