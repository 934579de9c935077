import { loadCatalogue } from '../catalogue/catalogue.ts';
import { toolError } from '../errors.ts';
import { loadDefaultSpecs } from '../spec/default-specs.ts';
import { type CompatReport, compareSpecs, compatExitCode } from '../spec-compat/compare.ts';
import { loadTheirSpec } from '../spec-compat/load-their-spec.ts';
import {
  compatSummaryLine,
  renderCompatJson,
  renderCompatMarkdown,
  renderCompatText,
} from '../spec-compat/render.ts';
import { writeOutFile } from './out-file.ts';

/** Options of `loyalty-conformance spec-compat`, as commander parses them. */
export interface SpecCompatCommandOptions {
  /** A path prefix their paths carry and ours do not (`/api`). */
  pathPrefix?: string;
  format: 'text' | 'md' | 'json';
  /** A file to write instead of stdout. */
  out?: string;
}

/** The renderer of each `--format`. */
export const SPEC_COMPAT_FORMATS = {
  text: renderCompatText,
  md: renderCompatMarkdown,
  json: renderCompatJson,
} as const satisfies Record<SpecCompatCommandOptions['format'], (report: CompatReport) => string>;

/**
 * `spec-compat THEIR_OPENAPI`: compares a provider's OpenAPI 3.0/3.1 document (file or URL) with
 * the suite's specs, operation by operation, and names the requirements each difference puts at
 * risk. Exit 1 when a finding is breaking, else 0; a document that cannot be read or compared is
 * a tool error (exit 2, `LC_ERR_SPEC_COMPAT_INPUT`).
 */
export async function specCompatCommand(input: string, options: SpecCompatCommandOptions): Promise<number> {
  const pathPrefix = options.pathPrefix;
  if (pathPrefix !== undefined && !/^\/[^?#\s]*$/.test(pathPrefix)) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--path-prefix must be a path starting with "/", e.g. /api; got "${pathPrefix}"`,
    });
  }
  const [theirs, ours] = await Promise.all([loadTheirSpec(input), loadDefaultSpecs()]);
  const report = compareSpecs({
    theirs,
    ours,
    catalogue: loadCatalogue(),
    ...(pathPrefix ? { pathPrefix } : {}),
  });
  const text = SPEC_COMPAT_FORMATS[options.format](report);
  if (options.out) {
    writeOutFile(options.out, text);
    process.stdout.write(`spec-compat: ${compatSummaryLine(report)}; wrote ${options.out}\n`);
  } else {
    process.stdout.write(text);
  }
  return compatExitCode(report);
}
