import type { FailOn } from '../report/diff.ts';

/**
 * Option defaults the CLI shows in `--help`, kept apart from the commands so that building the
 * program loads no command module.
 */

/** The default `--fail-on` of `diff`: a regression gate, failing only on what newly fails. */
export const DEFAULT_DIFF_FAIL_ON: FailOn = 'new';

/** `run --evidence` default: keep only the exchanges behind non-passing checks. */
export const DEFAULT_EVIDENCE = 'failures';
