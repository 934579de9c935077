import { toolError } from '../errors.ts';
import { FAIL_ON, type FailOn } from '../report/diff.ts';

/** `--fail-on new|any|none` (`diff`, `run --baseline`). */
export function parseFailOn(text: string): FailOn {
  if (!(FAIL_ON as readonly string[]).includes(text)) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--fail-on must be one of ${FAIL_ON.join(', ')}, got "${text}"`,
    });
  }
  return text as FailOn;
}
