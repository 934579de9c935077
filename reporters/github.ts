import { isAbsolute, join, relative } from 'node:path';
import type { RequirementResult, RunResult } from '../src/engine/types.ts';
import { REPORTER_FILES, type ReporterName } from './registry.ts';
import { documentReference, planCommand, prepareReport, problems } from './summary.ts';
import type { ReporterFactory, ReporterOptions } from './types.ts';

/**
 * GitHub Actions workflow commands (annotations) for a run: one `::error` per failing requirement
 * (or requirement that could not be judged), one `::warning` per warning requirement, and
 * `::notice` lines for the profile and what was left out. Written to stdout only when
 * `GITHUB_ACTIONS=true`, so that it can be a default reporter everywhere.
 */

/** Annotations of one kind GitHub shows per step (errors, warnings and notices each). */
export const ANNOTATIONS_PER_KIND = 10;

/** Characters of an expected or actual value in an annotation; the reports have all of it. */
const VALUE_SHOWN = 300;

/** Check IDs named in an annotation; the rest are counted. */
const CHECK_IDS_SHOWN = 5;

/** Requirements named in the not-judgeable notice; the rest are counted. */
const NOT_JUDGEABLE_SHOWN = 10;

/** Workflow-command data: `%`, CR and LF escaped (GitHub's rules), other control characters shown. */
export function escapeData(text: string): string {
  return visible(text).replaceAll('%', '%25').replaceAll('\r', '%0D').replaceAll('\n', '%0A');
}

/** A workflow-command property (`title`, `file`): data escaping, plus `:` and `,`. */
export function escapeProperty(text: string): string {
  return escapeData(text).replaceAll(':', '%3A').replaceAll(',', '%2C');
}

/**
 * C0 (but CR and LF), DEL and C1 characters, and the Unicode line separators, as `\u{…}`: text
 * from a target must not move the log's cursor, colour it, or start a line of its own.
 */
const visible = (text: string) =>
  // biome-ignore lint/suspicious/noControlCharactersInRegex: matching control characters is the point
  text.replace(/[\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g, (c) => {
    return `\\u{${c.codePointAt(0)!.toString(16)}}`;
  });

/** One workflow command: `::<command> <properties>::<message>`. */
export interface Annotation {
  readonly command: 'error' | 'warning' | 'notice';
  readonly title: string;
  readonly message: string;
  /** A file of the repository the annotation points at (the profile), relative to the workspace. */
  readonly file?: string;
}

/** The line of an annotation, escaped. */
export function formatAnnotation(a: Annotation): string {
  const properties = [
    ...(a.file === undefined ? [] : [`file=${escapeProperty(a.file)}`]),
    `title=${escapeProperty(a.title)}`,
  ].join(',');
  return `::${a.command} ${properties}::${escapeData(a.message)}\n`;
}

/** What {@link renderAnnotations} needs besides the run. */
export interface AnnotationOptions
  extends Pick<ReporterOptions, 'secrets' | 'curl'>,
    Partial<Pick<ReporterOptions, 'reporters' | 'outDir'>> {
  /**
   * The repository's folder (`GITHUB_WORKSPACE`): the profile is named relative to it, and not
   * named at all when it lies outside (GitHub annotates files of the repository only).
   */
  readonly workspace: string;
}

/**
 * The annotations of a run, most important first and at most {@link ANNOTATIONS_PER_KIND} of each
 * kind, as workflow-command lines:
 * - errors: an incomplete run (`LC_ERR_*` stop; `file=` the profile unless interrupted), then
 *   failing requirements (more principals and checks first), then those that could not be judged;
 * - warnings: warning requirements (MUST before SHOULD, then more principals and checks);
 * - notices: the requirements this profile cannot judge (`file=` the profile), and how many
 *   errors and warnings were left out (the reports list them all).
 * Where they point at other reports, they name only those of `options.reporters` (by path).
 */
export function renderAnnotations(result: RunResult, options: AnnotationOptions): string {
  const view = prepareReport(result, options);
  const listing = listingFiles(options);
  const run = view.result;
  const profile = profileFile(run.manifest.profile.source, options.workspace);
  const errors: Annotation[] = [];
  if (run.stopped) {
    errors.push({
      command: 'error',
      title: `${run.stopped.code}: the run is incomplete`,
      message: `${run.stopped.message}\nThe reports are written and say what was not run.`,
      // An interrupt is nobody's configuration; a silent or rate-limiting target is the profile's
      // base URL or limits.
      ...(profile && run.stopped.code !== 'LC_ERR_RUN_INTERRUPTED' ? { file: profile } : {}),
    });
  }
  errors.push(
    ...ranked(run.requirements, 'fail').map((r) => requirementAnnotation(r, 'error', 'fails', listing)),
  );
  errors.push(
    ...ranked(run.requirements, 'error').map((r) => {
      const a = requirementAnnotation(r, 'error', 'could not be judged', listing);
      const byProfile = problems(r).some((c) => /\bprofile\b/i.test(c.message));
      return byProfile && profile ? { ...a, file: profile } : a;
    }),
  );
  const warnings = ranked(run.requirements, 'warn').map((r) =>
    requirementAnnotation(r, 'warning', 'warns', listing),
  );

  const notices: Annotation[] = [];
  const notJudgeable = run.notJudgeable ?? [];
  if (notJudgeable.length > 0) {
    const lines = notJudgeable
      .slice(0, NOT_JUDGEABLE_SHOWN)
      .map((n) => `${n.id} (${n.principals.join(', ')}): add ${n.add.join(' or ')}`);
    if (notJudgeable.length > NOT_JUDGEABLE_SHOWN) {
      lines.push(`… ${notJudgeable.length - NOT_JUDGEABLE_SHOWN} more`);
    }
    notices.push({
      command: 'notice',
      title: `${notJudgeable.length} requirement(s) not judgeable with this profile`,
      message: `${lines.join('\n')}\n${planCommand(run, profile)} says what to add.`,
      ...(profile ? { file: profile } : {}),
    });
  }
  const leftErrors = Math.max(0, errors.length - ANNOTATIONS_PER_KIND);
  const leftWarnings = Math.max(0, warnings.length - ANNOTATIONS_PER_KIND);
  if (leftErrors + leftWarnings > 0) {
    // Only what this run shows: a summary (console log or step summary) and the files it wrote.
    const summary = options.reporters?.some((name) => name === 'console' || name === 'markdown');
    const places = [...(summary ? ["the run's summary"] : []), ...listing];
    const see = places.length > 0 ? `: see ${orList(places)}` : '';
    notices.push({
      command: 'notice',
      title: 'More problems than GitHub annotates',
      message: `${leftErrors} more error(s) and ${leftWarnings} more warning(s) are not annotated (GitHub shows ${ANNOTATIONS_PER_KIND} of each per step)${see}.`,
    });
  }
  const lines = [
    ...errors.slice(0, ANNOTATIONS_PER_KIND),
    ...warnings.slice(0, ANNOTATIONS_PER_KIND),
    ...notices,
  ]
    // Secrets are removed before escaping too: `%` or `,` in a secret would hide it from a scrub
    // of the escaped line.
    .map((a) => formatAnnotation({ ...a, title: view.scrub(a.title), message: view.scrub(a.message) }));
  return view.scrub(lines.join(''));
}

/** The requirements with a verdict, most important first: more principals, then more checks. */
function ranked(requirements: readonly RequirementResult[], verdict: 'fail' | 'warn' | 'error') {
  const weight = (r: RequirementResult) => {
    const checks = problems(r);
    return {
      must: r.level === 'MUST' ? 1 : 0,
      principals: new Set(checks.map((c) => c.principal)).size,
      checks: checks.length,
    };
  };
  return requirements
    .filter((r) => r.verdict === verdict)
    .map((r) => ({ r, w: weight(r) }))
    .sort((a, b) => b.w.must - a.w.must || b.w.principals - a.w.principals || b.w.checks - a.w.checks)
    .map(({ r }) => r);
}

/** The reports that list every check of a problem, in the order annotations name them. */
const LISTING_REPORTERS = ['junit', 'html'] as const satisfies readonly ReporterName[];

/** The files of {@link LISTING_REPORTERS} this run writes, by path (as the CLI's `wrote …` line names them). */
function listingFiles(options: Pick<AnnotationOptions, 'reporters' | 'outDir'>): string[] {
  const chosen = options.reporters ?? [];
  return LISTING_REPORTERS.filter((name) => chosen.includes(name)).flatMap((name) =>
    REPORTER_FILES[name].map((file) => (options.outDir === undefined ? file : join(options.outDir, file))),
  );
}

/** `a`, `a or b`, `a, b or c`. */
const orList = (items: readonly string[]) =>
  items.length > 1 ? `${items.slice(0, -1).join(', ')} or ${items.at(-1)}` : (items[0] ?? '');

function requirementAnnotation(
  r: RequirementResult,
  command: 'error' | 'warning',
  says: string,
  listing: readonly string[],
): Annotation {
  const checks = problems(r);
  const first = checks[0];
  const lines = [r.title];
  if (first) {
    lines.push(
      first.expected !== undefined || first.actual !== undefined
        ? `expected ${cut(first.expected ?? '-')}; actual ${cut(first.actual ?? '-')}`
        : cut(first.message),
    );
  }
  const principals = [...new Set(checks.map((c) => c.principal))];
  const checkIds = [...new Set(checks.map((c) => c.checkId))];
  const more = checkIds.length > CHECK_IDS_SHOWN ? ` and ${checkIds.length - CHECK_IDS_SHOWN} more` : '';
  lines.push(
    `principal(s): ${principals.join(', ')}; check(s): ${checkIds.slice(0, CHECK_IDS_SHOWN).join(', ')}${more}`,
  );
  if (checks.length > 1) {
    const where =
      listing.length > 0 ? `; ${listing.join(' and ')} list${listing.length > 1 ? '' : 's'} each` : '';
    lines.push(`${checks.length} checks${where}`);
  }
  lines.push(`document: ${documentReference(r)}`);
  return { command, title: `${r.id} (${r.level}) ${says}`, message: lines.join('\n') };
}

const cut = (text: string) => (text.length > VALUE_SHOWN ? `${text.slice(0, VALUE_SHOWN)}…` : text);

/** The profile's path relative to the workspace, with `/`; undefined when it lies outside. */
function profileFile(source: string, workspace: string): string | undefined {
  if (!source) return undefined;
  const path = relative(workspace, source);
  if (path === '' || path.startsWith('..') || isAbsolute(path)) return undefined;
  return path.split('\\').join('/');
}

/** Writes the annotations at the end of the run, under GitHub Actions only (`GITHUB_ACTIONS=true`). */
export const githubReporter: ReporterFactory = (options) => ({
  onRunEnd(result) {
    if (process.env.GITHUB_ACTIONS !== 'true') return;
    const workspace = process.env.GITHUB_WORKSPACE || process.cwd();
    options.write(renderAnnotations(result, { ...options, workspace }));
  },
});
