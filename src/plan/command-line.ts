/** A path as one shell word: as it is when it needs no quoting, else in single quotes. */
const shellWord = (text: string): string =>
  /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replaceAll("'", `'\\''`)}'`;

/**
 * `loyalty-conformance plan --profile <profile>`, with `--env-file <file>` when the run was given
 * one: the command a hint tells the user to paste, which without the env file would stop on the
 * profile's unset variables. Shared by the reports' hints and the dry run's, so they cannot differ.
 */
export function planCommandLine(profile: string, envFile?: string): string {
  return `loyalty-conformance plan --profile ${shellWord(profile)}${envFile === undefined ? '' : ` --env-file ${shellWord(envFile)}`}`;
}
