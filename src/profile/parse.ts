import { readFileSync } from 'node:fs';
import type { CST, Document, LineCounter } from 'yaml';
import { isToolError, toolError } from '../errors.ts';
import { shippedDocument, yamlModule } from '../spec/yaml-documents.ts';

/**
 * Collections nested deeper than this are refused before the document is composed. A profile's
 * deepest field is about eight levels down; the YAML library composes recursively, and a document
 * nested 100,000 deep would exhaust the stack (and can crash V8 outright instead of throwing).
 */
export const MAX_PROFILE_DEPTH = 64;

/**
 * Alias expansions allowed when the document becomes plain data: a "billion laughs" document of
 * nested aliases is refused instead of expanding to millions of nodes.
 */
export const MAX_PROFILE_ALIAS_COUNT = 100;

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

/** A line and column, 1-based. */
interface Position {
  readonly line: number;
  readonly col: number;
}

const FIRST_CHARACTER: Position = { line: 1, col: 1 };

/**
 * Parses profile YAML into plain data.
 *
 * @throws LC_ERR_PROFILE_PARSE naming line and column (line 1, column 1 when the failure has no
 *   place of its own), for every failure: invalid YAML, collections nested deeper than
 *   {@link MAX_PROFILE_DEPTH}, aliases expanding past {@link MAX_PROFILE_ALIAS_COUNT}, and
 *   anything else the YAML library throws. Only the first line of the library's message is kept:
 *   the lines after it quote the file, which may hold a literal secret.
 */
export function parseProfileYaml(text: string, source: string): unknown {
  const fail = (reason: string, at: Position) =>
    // No `cause`: the library's error quotes the file too.
    toolError('LC_ERR_PROFILE_PARSE', {
      path: source,
      reason: `${reason} at line ${at.line}, column ${at.col}`,
      line: at.line,
      column: at.col,
    });
  // The shipped profile (config/reference.yaml) comes parsed from the build; yaml is loaded for others.
  const shipped = shippedDocument(text);
  if (shipped !== undefined) return shipped;
  const YAML = yamlModule();
  try {
    const tooDeep = tooDeepAt(text);
    if (tooDeep) throw fail(`nested too deeply (more than ${MAX_PROFILE_DEPTH} levels)`, tooDeep);

    const lineCounter = new YAML.LineCounter();
    const document = YAML.parseDocument(text, { prettyErrors: true, lineCounter });
    const error = document.errors[0];
    if (error) {
      const first = (error.message.split('\n')[0] ?? error.code).replace(
        / at line \d+, column \d+:?$|:$/,
        '',
      );
      const reason = error.code === 'RESOURCE_EXHAUSTION' ? `nested too deeply (${first})` : first;
      const at = error.linePos?.[0] ?? FIRST_CHARACTER;
      throw fail(`${reason}${unquotedReferenceHint(text, at)}`, at);
    }
    try {
      return document.toJS({ maxAliasCount: MAX_PROFILE_ALIAS_COUNT });
    } catch (toJsError) {
      if (toJsError instanceof ReferenceError && /alias/i.test(toJsError.message)) {
        throw fail(
          `too many aliases (expanding them exceeds ${MAX_PROFILE_ALIAS_COUNT} nodes: an alias bomb?)`,
          firstAliasAt(document, lineCounter),
        );
      }
      throw toJsError;
    }
  } catch (error) {
    if (isToolError(error)) throw error;
    // Belt and braces: the depth check above should keep the parser's recursion shallow.
    if (error instanceof RangeError && /call stack/i.test(error.message))
      throw fail('nested too deeply (the YAML parser ran out of stack)', FIRST_CHARACTER);
    const message = error instanceof Error ? error.message : String(error);
    throw fail(
      `the YAML parser failed: ${(message.split('\n')[0] ?? '').replace(/:$/, '')}`,
      FIRST_CHARACTER,
    );
  }
}

/**
 * `${VAR}` unquoted inside a flow mapping (`auth: { scheme: basic, password: ${PW} }`, the
 * shipped profile's style with a variable put in) is a YAML error the library names by its
 * `{`: the line of the error carrying one gets how to write it.
 */
function unquotedReferenceHint(text: string, at: Position): string {
  const line = text.split(/\r?\n/)[at.line - 1] ?? '';
  return /\{.*(?<!["'$])\$\{/.test(line)
    ? // biome-ignore lint/suspicious/noTemplateCurlyInString: the profile's ${VAR} syntax, shown
      ' (a ${VAR} inside { … } must be quoted: password: "${VAR}", or write the mapping one key per line)'
    : '';
}

/**
 * Where the first collection nested deeper than {@link MAX_PROFILE_DEPTH} starts, or undefined.
 * Walks the library's concrete syntax tree, which it builds without recursion, with a stack of
 * its own: the depth is known before anything recursive touches the document.
 */
function tooDeepAt(text: string): Position | undefined {
  const { LineCounter, Parser } = yamlModule();
  const lineCounter = new LineCounter();
  const pending: [CST.Token | null | undefined, number][] = [];
  for (const token of new Parser(lineCounter.addNewLine).parse(text)) pending.push([token, 0]);
  while (pending.length > 0) {
    const [token, depth] = pending.pop()!;
    if (!token) continue;
    if (token.type === 'document') {
      pending.push([token.value, depth]);
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > MAX_PROFILE_DEPTH) return lineCounter.linePos(token.offset);
      for (const item of token.items) {
        pending.push([item.key, depth + 1]);
        pending.push([item.value, depth + 1]);
      }
    }
  }
  return undefined;
}

/** Where the document's first alias is: where an alias bomb starts going off. */
function firstAliasAt(document: Document, lineCounter: LineCounter): Position {
  let offset: number | undefined;
  const YAML = yamlModule();
  YAML.visit(document, {
    Alias(_, node) {
      offset = node.range?.[0];
      return YAML.visit.BREAK;
    },
  });
  return offset === undefined ? FIRST_CHARACTER : lineCounter.linePos(offset);
}
