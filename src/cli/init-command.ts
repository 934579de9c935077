import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { toolError } from '../errors.ts';
import { placeholderIssues } from '../profile/placeholders.ts';
import { PROFILE_SCHEMA_PATH } from '../profile/schema.ts';
import { writeOutFile } from './out-file.ts';

/** The commented example `init` copies (`config/staging.example.yaml`). */
export const PROFILE_TEMPLATE_PATH = fileURLToPath(
  new URL('../../config/staging.example.yaml', import.meta.url),
);

/** Options of `loyalty-conformance init`. */
export interface InitOptions {
  /** Where to write the profile. */
  out: string;
  /** Overwrite an existing file. */
  force?: boolean;
}

/**
 * Writes a commented profile template to fill in. Refuses to overwrite an existing file without
 * `force` (LC_ERR_INIT_OUT_EXISTS, exit 2).
 */
export function initCommand(options: InitOptions): number {
  if (existsSync(options.out) && !options.force) {
    throw toolError('LC_ERR_INIT_OUT_EXISTS', { path: options.out });
  }
  const template = profileTemplate(options.out);
  writeOutFile(options.out, template);
  const todos = placeholderIssues(template, options.out).length;
  process.stdout.write(
    `wrote ${options.out}: fill in its ${todos} TODO placeholders, set the environment variables it names, then run loyalty-conformance validate ${options.out} (it lists what is left)\n`,
  );
  return 0;
}

/**
 * The example profile adapted to where it is written: the editor's `$schema` line points at this
 * package's schema from the new file's folder, `name` is the file's base name, and the header's
 * `validate` line names the file.
 */
export function profileTemplate(out: string): string {
  const schema = relative(dirname(resolve(out)), PROFILE_SCHEMA_PATH)
    .split(sep)
    .join('/');
  const name = basename(out, extname(out)).replace(/[^A-Za-z0-9_.-]/g, '-') || 'my-target';
  return (
    readFileSync(PROFILE_TEMPLATE_PATH, 'utf8')
      .replace(
        /^# yaml-language-server: \$schema=.*$/m,
        `# yaml-language-server: $schema=${schema.startsWith('.') ? schema : `./${schema}`}`,
      )
      .replace(/^name: .*$/m, `name: ${name}`)
      // The header's own validate line names this file, as the line `init` prints does.
      .replace(/^#( +loyalty-conformance validate ).*$/m, (_line, command: string) => `#${command}${out}`)
  );
}
