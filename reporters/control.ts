/**
 * Control characters of a target's answer, shown as `\u001b` escapes wherever a report carries
 * them: on a terminal they move the cursor, clear the screen or retitle it; XML 1.0 cannot carry
 * most of them; in HTML and Markdown they show as nothing, or as U+FFFD, hiding what was sent.
 */

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ALL_BUT_TAB_AND_LF = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
const ALL_BUT_TAB_AND_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;

const asEscape = (c: string) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * C0 characters but tab and line feed, DEL and C1, as `\u001b`. A document (XML, HTML) keeps
 * carriage returns too (`keepCarriageReturn`); a terminal must not (it moves the cursor).
 */
export function showControls(text: string, keepCarriageReturn = false): string {
  return text.replace(keepCarriageReturn ? ALL_BUT_TAB_AND_LINE_BREAKS : ALL_BUT_TAB_AND_LF, asEscape);
}
