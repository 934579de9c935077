/**
 * What an HTTP field value cannot carry (RFC 9110 §5.5: no CR, LF, NUL or other control
 * characters but tab; undici refuses such a header before sending anything). One test for the
 * tokens a profile declares (refused when loaded) and those a token endpoint issues.
 */
const NOT_IN_A_HEADER = /[^\t\x20-\x7e\x80-\xff]/;

/** Whether `value`, sent as a header value as is, would be refused before reaching the target. */
export function headerCannotCarry(value: string): boolean {
  return NOT_IN_A_HEADER.test(value);
}
