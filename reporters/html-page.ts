import { createHash } from 'node:crypto';
import { showControls } from './control.ts';

/** Escapes text for HTML content and double-quoted attribute values: every value of a target is hostile. */
export function escapeHtml(text: string): string {
  return showControls(
    text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`),
    true,
  );
}

const sha256 = (text: string) => `sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}`;

/** What a self-contained page holds: its own style, optionally its own script, nothing fetched. */
export interface SelfContainedPage {
  /** Plain text (escaped here). */
  readonly title: string;
  readonly style: string;
  readonly script?: string;
  /** Allows `data:` images (inline SVG icons). */
  readonly dataImages?: boolean;
  /** The body's HTML, already escaped. */
  readonly body: string;
}

/**
 * A whole HTML document that runs and loads nothing but its own inline style and script: a
 * Content-Security-Policy admits exactly those by hash, so a hostile value that slipped past the
 * escaping still cannot run. Shared by the run report and the comparison.
 */
export function selfContainedPage(page: SelfContainedPage): string {
  const csp = [
    "default-src 'none'",
    `style-src '${sha256(page.style)}'`,
    ...(page.script !== undefined ? [`script-src '${sha256(page.script)}'`] : []),
    ...(page.dataImages ? ['img-src data:'] : []),
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(page.title)}</title>
<style>${page.style}</style>
</head>
<body>
${page.body}
${page.script !== undefined ? `<script>${page.script}</script>\n` : ''}</body>
</html>
`;
}
