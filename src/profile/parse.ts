import { readFileSync } from 'node:fs';
import YAML from 'yaml';
import { toolError } from '../errors.ts';

/**
 * Reads a profile file. @throws LC_ERR_PROFILE_NOT_FOUND when it cannot be read.
 */
export function readProfileText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason =
      code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (code ?? 'unreadable');
    throw toolError('LC_ERR_PROFILE_NOT_FOUND', { path, reason }, { cause: error });
  }
}

/**
 * Parses profile YAML into plain data.
 *
 * @throws LC_ERR_PROFILE_PARSE naming line and column. Only the first line of the YAML library's
 *   message is kept: the lines after it quote the file, which may hold a literal secret.
 */
export function parseProfileYaml(text: string, source: string): unknown {
  const document = YAML.parseDocument(text, { prettyErrors: true });
  const error = document.errors[0];
  if (error) {
    const reason = (error.message.split('\n')[0] ?? error.code).replace(/:$/, '');
    // No `cause`: the library's error quotes the file too.
    throw toolError('LC_ERR_PROFILE_PARSE', {
      path: source,
      reason,
      line: error.linePos?.[0]?.line,
      column: error.linePos?.[0]?.col,
    });
  }
  return document.toJS();
}
