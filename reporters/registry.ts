import type { ReporterFactory } from './types.ts';

/**
 * The reporters by name, without loading them: each is imported only when a run names it (the
 * JUnit writer's XML library, for one, is not loaded by `run --reporter json`). Its key is the
 * name `--reporter` takes; `index.ts` holds the same reporters loaded, typed by these names.
 */
export const REPORTER_LOADERS = {
  // --- line output ---
  console: async () => (await import('./console.ts')).consoleReporter,
  // GitHub Actions annotations: writes nothing unless GITHUB_ACTIONS=true.
  github: async () => (await import('./github.ts')).githubReporter,
  // --- files, written once at the end of the run ---
  json: async () => (await import('./json.ts')).jsonReporter,
  junit: async () => (await import('./junit.ts')).junitReporter,
  html: async () => (await import('./html.ts')).htmlReporter,
  markdown: async () => (await import('./markdown.ts')).markdownReporter,
  har: async () => (await import('./har.ts')).harReporter,
} as const satisfies Record<string, () => Promise<ReporterFactory>>;

/** A reporter name. */
export type ReporterName = keyof typeof REPORTER_LOADERS;

/** Every reporter name, in registry order. */
export const REPORTER_NAMES = Object.keys(REPORTER_LOADERS) as ReporterName[];

/**
 * The files each reporter writes in the output folder (none for line output): `run` removes those
 * of the selected reporters when it starts, so that a report of an earlier run never stays beside
 * one of this run (e.g. after an interrupt). Typed by the registry: a new reporter must say.
 */
export const REPORTER_FILES = {
  console: [],
  github: [],
  json: ['conformance.json'],
  junit: ['junit.xml'],
  html: ['report.html'],
  markdown: ['summary.md'],
  har: ['exchanges.har'],
} as const satisfies Record<ReporterName, readonly string[]>;

/** Reporters of a run when none are named. */
export const DEFAULT_REPORTERS: readonly ReporterName[] = [
  'console',
  'github',
  'json',
  'junit',
  'html',
  'markdown',
  'har',
];

/** The factories of the named reporters, each module loaded once. */
export function loadReporters(
  names: readonly ReporterName[],
): Promise<Readonly<Partial<Record<ReporterName, ReporterFactory>>>> {
  return Promise.all(names.map(async (name) => [name, await REPORTER_LOADERS[name]()] as const)).then(
    (entries) => Object.fromEntries(entries),
  );
}
