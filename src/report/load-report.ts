import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { ErrorObject, ValidateFunction } from 'ajv';
import { Ajv2020 } from 'ajv/dist/2020.js';
import _addFormats from 'ajv-formats';
import type { RunResult } from '../engine/types.ts';
import { toolError } from '../errors.ts';

// ajv-formats is CommonJS with a default export; under NodeNext the default import is the module object.
const addFormats = _addFormats as unknown as typeof _addFormats.default;

/** The JSON Schema of the JSON report, version 1. */
export const REPORT_SCHEMA_PATH = fileURLToPath(
  new URL('../../reporters/schema/report.v1.schema.json', import.meta.url),
);

/** The report versions this tool reads. */
export const READABLE_REPORT_VERSIONS: readonly number[] = [1];

let validator: ValidateFunction | undefined;

/** The compiled report schema (compiled once per process). */
export function reportValidator(): ValidateFunction {
  if (!validator) {
    const ajv = new Ajv2020({ allErrors: true, strict: true });
    addFormats(ajv);
    validator = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, 'utf8')) as object);
  }
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
 * are derived data, rendered again by the reporters).
 */
export function parseReport(text: string, path: string): RunResult {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw toolError('LC_ERR_REPORT_INVALID', { path, reason: `not JSON: ${(error as Error).message}` });
  }
  const version = (raw as { reportVersion?: unknown } | null)?.reportVersion;
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    throw toolError('LC_ERR_REPORT_INVALID', { path, reason: 'not a JSON object' });
  }
  if (version === undefined) {
    throw toolError('LC_ERR_REPORT_INVALID', {
      path,
      reason: 'no reportVersion: not a loyalty-conformance JSON report (conformance.json)',
    });
  }
  if (!READABLE_REPORT_VERSIONS.includes(version as number)) {
    throw toolError('LC_ERR_REPORT_INVALID', {
      path,
      reason: `reportVersion ${JSON.stringify(version)} is not one this tool reads (${READABLE_REPORT_VERSIONS.join(', ')})`,
    });
  }
  const validate = reportValidator();
  if (!validate(raw)) {
    throw toolError('LC_ERR_REPORT_INVALID', { path, reason: describeSchemaError(validate.errors) });
  }
  const document = raw as unknown as RunResult & { reportVersion: number };
  const ids = new Set(document.exchanges.map((e) => e.id));
  for (const requirement of document.requirements) {
    for (const check of requirement.checks) {
      const missing = check.exchangeIds.find((id) => !ids.has(id));
      if (missing !== undefined) {
        throw toolError('LC_ERR_REPORT_INVALID', {
          path,
          reason: `check ${check.checkId} @${check.principal} of ${requirement.id} names exchange ${missing}, which the report does not hold`,
        });
      }
    }
  }
  const { reportVersion: _version, ...result } = document;
  return {
    ...result,
    exchanges: result.exchanges.map((exchange) => {
      const { curl: _curl, ...rest } = exchange as typeof exchange & { curl?: string };
      return rest;
    }),
  };
}

/** Reads and checks a JSON report file (see {@link parseReport}). */
export function readReport(path: string): RunResult {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    throw toolError(
      'LC_ERR_REPORT_INVALID',
      { path, reason: `cannot be read (${reason})` },
      { cause: error },
    );
  }
  return parseReport(text, path);
}
