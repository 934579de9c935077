import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { showControls } from '../../reporters/control.ts';
import { type Catalogue, loadCatalogue } from '../catalogue/catalogue.ts';
import type { RequirementResult, RequirementSource, RunResult } from '../engine/types.ts';
import { toolError } from '../errors.ts';
import { PRECOMPILED_REPORT } from '../spec/precompiled/report.generated.ts';
import { compileSchema } from '../spec/schema-compiler.ts';
import { packageVersion } from '../version.ts';

/** The JSON Schema of the JSON report, version 1. */
export const REPORT_SCHEMA_PATH = fileURLToPath(
  new URL('../../reporters/schema/report.v1.schema.json', import.meta.url),
);

/** The report versions this tool reads. */
export const READABLE_REPORT_VERSIONS: readonly number[] = [1];

/**
 * `LC_ERR_REPORT_INVALID`, its reason's control characters shown as `\u001b` escapes: a reason
 * quotes the file (JSON.parse's message quotes its first characters, a schema error a key of it),
 * and a garbage file's escape sequences must not reach the terminal as they are.
 */
const reportInvalid = (
  values: { readonly path: string; readonly reason: string },
  options?: { readonly cause?: unknown },
) => toolError('LC_ERR_REPORT_INVALID', { ...values, reason: showControls(values.reason) }, options);

let validator: ValidateFunction | undefined;

/** The compiled report schema (once per process; precompiled at build time, kind `report`). */
export function reportValidator(): ValidateFunction {
  validator ??= compileSchema(
    'report',
    JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')),
    PRECOMPILED_REPORT,
  );
  return validator;
}

/** A schema error in one line: `/requirements/3/verdict must be equal to one of the allowed values`. */
export function describeSchemaError(errors: readonly ErrorObject[] | null | undefined): string {
  const first = errors?.[0];
  if (!first) return 'does not match the report schema';
  const detail =
    first.keyword === 'additionalProperties'
      ? ` (${String((first.params as { additionalProperty?: string }).additionalProperty)})`
      : first.keyword === 'enum'
        ? ` (${(first.params as { allowedValues?: unknown[] }).allowedValues?.join(', ')})`
        : '';
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more problem(s))` : '';
  return `${first.instancePath || '/'} ${first.message ?? 'is invalid'}${detail}${more}`;
}

/**
 * Parses a JSON report: valid JSON, a version this tool reads, valid against the report schema,
 * and every exchange a check names present. Returns it as a run result (curl lines dropped: they
 * are derived data, rendered again by the reporters). A report of an earlier version, whose
 * sources name a `file`, reads with its sources cited as this version cites them (see
 * {@link upgradeSources}; `catalogue` defaults to the shipped one, loaded only then).
 */
export function parseReport(text: string, path: string, catalogue?: Catalogue): RunResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw reportInvalid({ path, reason: `not JSON: ${(error as Error).message}` });
  }
  const version = (raw as { reportVersion?: unknown } | null)?.reportVersion;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw reportInvalid({ path, reason: 'not a JSON object' });
  }
  if (version === undefined) {
    throw reportInvalid({
      path,
      reason: 'no reportVersion: not a loyalty-conformance JSON report (conformance.json)',
    });
  }
  // A report another version wrote (a baseline from before an upgrade, or after a rollback): say
  // so, since a schema error or an unknown reportVersion alone reads like a damaged file.
  const writer = (raw as { manifest?: { tool?: { version?: unknown } } }).manifest?.tool?.version;
  const other =
    typeof writer === 'string' && writer !== packageVersion()
      ? ` (written by loyalty-conformance ${writer}; this is ${packageVersion()})`
      : '';
  if (!READABLE_REPORT_VERSIONS.includes(version as number)) {
    throw reportInvalid({
      path,
      reason: `reportVersion ${JSON.stringify(version)} is not one this tool reads (${READABLE_REPORT_VERSIONS.join(', ')})${other}`,
    });
  }
  const validate = reportValidator();
  if (!validate(raw)) {
    throw reportInvalid({
      path,
      reason: `${describeSchemaError(validate.errors)}${other}`,
    });
  }
  const document = raw as unknown as RunResult & { reportVersion: number };
  const ids = new Set(document.exchanges.map((e) => e.id));
  for (const requirement of document.requirements) {
    for (const check of requirement.checks) {
      const missing = check.exchangeIds.find((id) => !ids.has(id));
      if (missing !== undefined) {
        throw reportInvalid({
          path,
          reason: `check ${check.checkId} @${check.principal} of ${requirement.id} names exchange ${missing}, which the report does not hold`,
        });
      }
    }
  }
  const { reportVersion: _version, ...result } = document;
  return {
    ...result,
    requirements: upgradeSources(result.requirements, catalogue),
    exchanges: result.exchanges.map((exchange) => {
      const { curl: _curl, ...rest } = exchange as typeof exchange & { curl?: string };
      return rest;
    }),
  };
}

/** The title of a source an old report names by a document key this catalogue no longer has. */
const UNKNOWN_OLD_SOURCE = 'a source an earlier version of loyalty-conformance named';

/** A requirement's source as a report of an earlier version wrote it: a file name, no title or url. */
type OldSource = Partial<RequirementSource> & {
  readonly document: string;
  readonly section: string;
  readonly file?: string;
};

/**
 * Sources as this version writes them. An earlier version cited a source by `file`, the name of a
 * document the user may not have: such a source is replaced by the catalogue's citation of the
 * same requirement (its public page and section), else by the catalogue's document of the same
 * key with the report's section, else by the key and the report's section under a title that
 * says so. The file name is dropped in every case.
 */
export function upgradeSources(
  requirements: readonly RequirementResult[],
  catalogue?: Catalogue,
): RequirementResult[] {
  let known = catalogue;
  return requirements.map((requirement) => {
    const old = requirement.source as OldSource;
    if (old.file === undefined && typeof old.title === 'string') return requirement;
    known ??= loadCatalogue();
    const entry = known.get(requirement.id)?.source;
    const documentKey = entry?.document ?? old.document;
    const document = known.documents[documentKey];
    const source: RequirementSource = {
      document: documentKey,
      title: document?.title ?? old.title ?? UNKNOWN_OLD_SOURCE,
      ...(document?.url ? { url: document.url } : old.url ? { url: old.url } : {}),
      section: entry?.section ?? old.section,
    };
    return { ...requirement, source };
  });
}

/** Reads and checks a JSON report file (see {@link parseReport}). */
export function readReport(path: string): RunResult {
  if (path.trim() === '') {
    throw reportInvalid({
      path: '""',
      reason: 'an empty path (an unset variable?), not a report file',
    });
  }
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // A folder, as a CI job names a downloaded artifact: say which file it should name instead.
    const reason =
      code === 'EISDIR'
        ? `a folder, not a file: name the JSON report in it (${join(path, 'conformance.json')})`
        : code === 'ENOENT'
          ? 'cannot be read (no such file)'
          : `cannot be read (${code ?? (error as Error).message})`;
    throw reportInvalid({ path, reason }, { cause: error });
  }
  if (text.trim() === '') {
    throw reportInvalid({ path, reason: 'an empty file, not a JSON report' });
  }
  return parseReport(text, path);
}
