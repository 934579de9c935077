import type { Node } from 'yaml';
import { type LoyaltyConformanceError, toolError } from '../errors.ts';
import { yamlModule } from '../spec/yaml-documents.ts';
import { formatPath, type PathSegment } from './field-path.ts';
import { describeMissingVariables, type MissingVariable } from './interpolate.ts';
import { parseProfileYaml } from './parse.ts';

/**
 * `TODO` placeholders: what `init`'s template (config/staging.example.yaml) marks for the user to
 * fill in, either as a value (`billNumber: TODO-BILL-1`) or as a trailing comment
 * (`defaultProgramId: 469   # TODO`). A profile that still has one is not ready: its example
 * values would make a run judge fixtures that do not exist on the target.
 *
 * Found on the `yaml` library's concrete syntax tree (comments with their offsets) and its
 * document tree (nodes with their ranges), so quoting, flow collections and `#` inside strings
 * are read exactly as the loader reads them.
 */

/** One placeholder: where it is and which field it belongs to. */
export interface PlaceholderIssue {
  /** 1-based line in the file. */
  readonly line: number;
  /** The field, written as messages write paths: `capillary.orgs[0].config.defaultProgramId`. */
  readonly field: string;
  /** `value`: a value contains the word TODO; `comment`: the entry's line ends in a comment saying TODO. */
  readonly kind: 'value' | 'comment';
}

/**
 * How many placeholders one message lists before `(and N more)`: enough for every TODO of the
 * template `init` writes (12), with room for a user's own, so `validate` names them all at once
 * as the README says; a profile with more is cut rather than given a line without end.
 */
export const MAX_LISTED_PLACEHOLDERS = 40;

/** The word TODO, not inside a longer word (`TODO-BILL-1`, `BILL_TODO` count; `TODOS`, `MASTODON` do not). */
const TODO_WORD = /(?<![A-Za-z0-9])TODO(?![A-Za-z0-9])/;

/** A mapping entry or sequence item, by the lines it spans. */
interface Entry {
  readonly path: PathSegment[];
  readonly startLine: number;
  readonly endLine: number;
}

/**
 * Every TODO placeholder of a profile's text, in file order, at most one per line and field.
 * Full-line comments (the first non-blank character of the line is `#`) are documentation and
 * never count; only values and trailing comments do. Does not fail on placeholders: commands
 * that only want to list them call this directly; `loadProfile` with `rejectPlaceholders` fails.
 *
 * @param source names the file in a parse error.
 * @throws LC_ERR_PROFILE_PARSE when the text is not valid YAML (as `loadProfile` would).
 */
export function placeholderIssues(text: string, source: string): PlaceholderIssue[] {
  // A run against a URL re-reads the same profile every time (160 runs of one test file): its
  // issues are a function of the text and its source (named in them), so the last pair's are kept
  // (a fresh array of frozen issues per call). A text that fails to parse throws before it is kept.
  if (text !== lastText || source !== lastSource) {
    lastIssues = findPlaceholders(text, source).map((issue) => Object.freeze(issue));
    lastText = text;
    lastSource = source;
  }
  return [...lastIssues];
}

/** The text and source {@link placeholderIssues} last read, and what it found there. */
let lastText: string | undefined;
let lastSource: string | undefined;
let lastIssues: readonly PlaceholderIssue[] = [];

function findPlaceholders(text: string, source: string): PlaceholderIssue[] {
  const { Composer, isAlias, isMap, isScalar, isSeq, LineCounter, Parser } = yamlModule();
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  const documents = [...new Composer().compose(tokens)];
  if (documents.length > 1 || documents.some((document) => document.errors.length > 0)) {
    parseProfileYaml(text, source); // throws the loader's own message for this text
  }
  const root = documents[0]?.contents;
  if (!root) return [];
  const lineOf = (offset: number) => lines.linePos(offset).line;

  const entries: Entry[] = [];
  const found: (PlaceholderIssue & { offset: number })[] = [];
  const visit = (node: unknown, path: PathSegment[]) => {
    if (isAlias(node)) return;
    if (isMap(node)) {
      for (const pair of node.items) {
        const key = pair.key as Node | null;
        const value = pair.value as Node | null;
        const name = isScalar(key) ? String(key.value) : String(key);
        const start = key?.range?.[0] ?? value?.range?.[0];
        const end = value?.range?.[1] ?? key?.range?.[1];
        const at = [...path, name];
        if (start !== undefined && end !== undefined) entries.push(entry(at, start, end, lineOf));
        visit(value, at);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, index) => {
        const range = (item as Node | null)?.range;
        if (range) entries.push(entry([...path, index], range[0], range[1], lineOf));
        visit(item, [...path, index]);
      });
    } else if (isScalar(node) && typeof node.value === 'string' && TODO_WORD.test(node.value)) {
      const offset = node.range?.[0] ?? 0;
      found.push({ line: lineOf(offset), field: formatPath(path), kind: 'value', offset });
    }
  };
  visit(root, []);

  for (const comment of commentTokens(tokens)) {
    if (!TODO_WORD.test(comment.source)) continue;
    const lineStart = text.lastIndexOf('\n', comment.offset - 1) + 1;
    if (text.slice(lineStart, comment.offset).trim() === '') continue; // a full-line comment
    const line = lineOf(comment.offset);
    found.push({
      line,
      field: formatPath(entryOnLine(entries, line)?.path ?? []),
      kind: 'comment',
      offset: comment.offset,
    });
  }

  found.sort((a, b) => a.offset - b.offset);
  const seen = new Set<string>();
  const issues: PlaceholderIssue[] = [];
  for (const { line, field, kind } of found) {
    const key = `${line}\u0000${field}`;
    if (seen.has(key)) continue;
    seen.add(key);
    issues.push({ line, field, kind });
  }
  return issues;
}

/**
 * `line 61 capillary.orgs[0].config.defaultProgramId, line 66 capillary.orgs[0].config.programs[0]`,
 * at most `max`, then ` (and N more)`.
 */
export function describePlaceholders(
  issues: readonly PlaceholderIssue[],
  max: number = MAX_LISTED_PLACEHOLDERS,
): string {
  const listed = issues.slice(0, max).map((issue) => `line ${issue.line} ${issue.field}`);
  const more = issues.length > max ? ` (and ${issues.length - max} more)` : '';
  return `${listed.join(', ')}${more}`;
}

/**
 * LC_ERR_PROFILE_PLACEHOLDER for a profile with placeholders; when variables are unset too, the
 * same one-line message lists them after the placeholders, so one `validate` run names every
 * thing left to fill in. `details.placeholders` and `details.missing` hold both full lists.
 */
export function placeholderError(
  source: string,
  issues: readonly PlaceholderIssue[],
  missing: readonly MissingVariable[] = [],
): LoyaltyConformanceError {
  return toolError('LC_ERR_PROFILE_PLACEHOLDER', {
    path: source,
    count: issues.length,
    noun: issues.length === 1 ? 'placeholder' : 'placeholders',
    placeholders: describePlaceholders(issues),
    unset: missing.length > 0 ? `; environment variables not set: ${describeMissingVariables(missing)}` : '',
    found: issues,
    missing,
  });
}

function entry(path: PathSegment[], start: number, end: number, lineOf: (offset: number) => number): Entry {
  // A node's value end may sit just past its last character (a newline): step back one.
  const startLine = lineOf(start);
  return { path, startLine, endLine: Math.max(startLine, lineOf(Math.max(start, end - 1))) };
}

/**
 * The entry a trailing comment on `line` annotates: the outermost entry written wholly on that
 * line (`- { id: 469 }  # TODO` is the list item, `- id: main  # TODO` is `id`); else the innermost
 * entry starting there (`bills:  # TODO` above its block); else the innermost containing it.
 */
function entryOnLine(entries: readonly Entry[], line: number): Entry | undefined {
  const starting = entries.filter((e) => e.startLine === line);
  const whole = starting.filter((e) => e.endLine === line);
  if (whole.length > 0) return pick(whole, (a, b) => a.path.length < b.path.length);
  if (starting.length > 0) return pick(starting, (a, b) => a.path.length > b.path.length);
  const containing = entries.filter((e) => e.startLine <= line && line <= e.endLine);
  return pick(containing, (a, b) => a.path.length > b.path.length);
}

/** The first entry no later one beats (document order breaks ties). */
function pick(entries: readonly Entry[], beats: (a: Entry, b: Entry) => boolean): Entry | undefined {
  let best: Entry | undefined;
  for (const candidate of entries) if (!best || beats(candidate, best)) best = candidate;
  return best;
}

/** Every comment token of the concrete syntax tree, wherever the parser put it. */
function commentTokens(tree: unknown, found: { offset: number; source: string }[] = []) {
  if (Array.isArray(tree)) {
    for (const item of tree) commentTokens(item, found);
  } else if (tree !== null && typeof tree === 'object') {
    const token = tree as { type?: unknown; offset?: unknown; source?: unknown };
    if (token.type === 'comment' && typeof token.offset === 'number' && typeof token.source === 'string') {
      found.push({ offset: token.offset, source: token.source });
    } else {
      for (const value of Object.values(tree)) commentTokens(value, found);
    }
  }
  return found;
}
