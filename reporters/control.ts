/**
 * Control characters of a target's answer, shown as `\u001b` escapes wherever a report carries
 * them: on a terminal they move the cursor, clear the screen or retitle it; XML 1.0 cannot carry
 * most of them; in HTML and Markdown they show as nothing, or as U+FFFD, hiding what was sent.
 * The Unicode bidirectional controls (U+202A-U+202E, U+2066-U+2069) too: invisible themselves,
 * they reorder the text after them on a terminal, in a browser and in a CI log, so that a quoted
 * `expected 10` could read as `01 detcepxe` or an answer's figure appear beside the wrong label.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ALL_BUT_TAB_AND_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
const ALL_BUT_TAB_AND_LINE_BREAKS =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

const asEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * C0 characters but tab and line feed, DEL, C1 and the bidirectional controls, as `\u001b`. A document (XML, HTML) keeps
 * carriage returns too (`keepCarriageReturn`); a terminal must not (it moves the cursor).
 */
export function showControls(text: string, keepCarriageReturn = false): string {
  return text.replace(keepCarriageReturn ? ALL_BUT_TAB_AND_LINE_BREAKS : ALL_BUT_TAB_AND_LF, asEscape);
}
