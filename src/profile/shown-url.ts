/**
 * URLs as the suite writes them out: a credential written into a URL (`https://user:pass@host`)
 * is never shown. One helper for every place that shows a URL: recorded request URLs and curl
 * lines (`[REDACTED]@`), the baseline diff (user-info removed), messages about a URL given on the
 * command line (`***@`, query and fragment hidden). Works on the text as written, so a URL that does
 * not parse is masked too, and the rest of the URL is shown exactly as given.
 */

/**
 * The user-info of an absolute URL (up to the last `@` before the path, query or fragment, as the
 * WHATWG parser reads `http://user:p@ss@host`; a `\` ends the authority as it does for http(s))
 * replaced by `mark` and an `@`, or removed when `mark` is empty. A URL without user-info is
 * returned as is.
 */
export function maskUserInfo(url: string, mark: string): string {
  // Any text before the `//`, not only a valid scheme: a URL that does not parse is masked too.
  // Without an `@` there is nothing to mask (every recorded URL goes through here).
  if (!url.includes('@')) return url;
  return url.replace(/^([^/?#@]*\/\/)[^/?#\\]*@/, mark === '' ? '$1' : `$1${mark}@`);
}

/**
 * `url` as a message may show it: a user name and password become `***`, a query `?…` and a
 * fragment `#…` (either may hold a key). A URL with any of them that parses is shown as the
 * parser reads it (`http://127.0.0.1:9/`), the host the message is about; any other as given.
 */
export function shownUrl(url: string): string {
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed && !parsed.username && !parsed.password && !parsed.search && !parsed.hash) return url;
  const masked = maskUserInfo(parsed?.href ?? url, '***');
  const start = masked.search(/[?#]/);
  if (start < 0) return masked;
  const rest = masked.slice(start);
  return `${masked.slice(0, start)}${rest.startsWith('?') ? '?…' : ''}${rest.includes('#') ? '#…' : ''}`;
}
