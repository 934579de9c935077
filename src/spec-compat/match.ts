import type { SpecOperation, SpecRegistry } from '../spec/operations.ts';
import { type OperationView, serverPathOf, viewOfOurs, viewsOfTheirs } from './operation-view.ts';

/** One of our operations and the provider's operation that matched it. */
export interface MatchedOperation {
  readonly ours: SpecOperation;
  readonly oursView: OperationView;
  readonly theirs: OperationView;
}

/** How the provider's operations line up with ours. */
export interface Matching {
  /** Matched pairs, in the order our specs declare the operations. */
  readonly pairs: readonly MatchedOperation[];
  /** Our operations of the families in scope that nothing of theirs matched. */
  readonly missing: readonly SpecOperation[];
  /** Their operations that match none of ours. */
  readonly extra: readonly OperationView[];
  /**
   * The API families compared: those with at least one matched operation (a document covering
   * only fabric is not blamed for lacking Capillary), or every family when nothing matched.
   */
  readonly families: readonly string[];
  /** When nothing matched but their paths end with ours: the `--path-prefix` that would line them up. */
  readonly suggestedPrefix?: string;
}

/**
 * Matches their operations to ours by method and path. A path compares
 * - with `pathPrefix` removed from the front of theirs (`--path-prefix /api`);
 * - as written, and with its document's server URL path in front (fabric's `https://{host}/api`
 *   makes `/v1/members/points-adjustment` match their `/api/v1/members/points-adjustment`);
 * - with path parameter names ignored (`/v1/inquire/{id}/member-points` matches
 *   `/v1/inquire/{profileId}/member-points`), trailing slashes too.
 */
export function matchOperations(
  registry: SpecRegistry,
  document: Readonly<Record<string, unknown>>,
  pathPrefix: string | undefined,
): Matching {
  const theirServer = serverPathOf(document);
  const theirViews = viewsOfTheirs(document);
  const theirKeys = theirViews.map((view) => {
    const keys = new Set<string>();
    for (const full of [view.path, `${theirServer}${view.path}`]) {
      keys.add(`${view.method} ${normalizePath(stripPrefix(full, pathPrefix))}`);
    }
    return keys;
  });

  const pairs: MatchedOperation[] = [];
  const unmatched: SpecOperation[] = [];
  const taken = new Set<number>();
  for (const spec of registry.specs) {
    const ourServer = serverPathOf(spec.document as unknown as Record<string, unknown>);
    for (const ours of registry.operations().filter((o) => o.specPath === spec.path)) {
      const ourKeys = [ours.path, `${ourServer}${ours.path}`].map(
        (p) => `${ours.method} ${normalizePath(p)}`,
      );
      const index = theirKeys.findIndex((keys, i) => !taken.has(i) && ourKeys.some((key) => keys.has(key)));
      const theirs = theirViews[index];
      if (index < 0 || theirs === undefined) {
        unmatched.push(ours);
        continue;
      }
      taken.add(index);
      pairs.push({ ours, oursView: viewOfOurs(ours), theirs });
    }
  }

  const matchedFamilies = new Set(pairs.map((p) => p.ours.family));
  const families =
    matchedFamilies.size > 0
      ? [...matchedFamilies]
      : [...new Set(registry.operations().map((o) => o.family))];
  const suggestedPrefix =
    pairs.length === 0 ? suggestPrefix(registry.operations(), theirViews, theirServer) : undefined;
  return {
    pairs,
    missing: unmatched.filter((o) => families.includes(o.family)),
    extra: theirViews.filter((_, i) => !taken.has(i)),
    families,
    ...(suggestedPrefix === undefined ? {} : { suggestedPrefix }),
  };
}

/** `/api/v1/x` with prefix `/api` → `/v1/x`; a path outside the prefix stays as it is. */
function stripPrefix(path: string, prefix: string | undefined): string {
  if (!prefix) return path;
  const p = prefix.replace(/\/+$/, '');
  if (p === '') return path;
  if (path === p) return '/';
  return path.startsWith(`${p}/`) ? path.slice(p.length) : path;
}

/** Collapses `//`, drops a trailing `/`, and writes every `{name}` as `{}`. */
export function normalizePath(path: string): string {
  const collapsed = `/${path}`.replace(/\/{2,}/g, '/').replace(/\{[^}]*\}/g, '{}');
  return collapsed.length > 1 ? collapsed.replace(/\/+$/, '') : collapsed;
}

function suggestPrefix(
  ours: readonly SpecOperation[],
  theirs: readonly OperationView[],
  theirServer: string,
): string | undefined {
  for (const view of theirs) {
    const path = normalizePath(`${theirServer}${view.path}`);
    for (const op of ours) {
      const own = normalizePath(op.path);
      if (view.method === op.method && path.endsWith(own) && path.length > own.length) {
        return path.slice(0, path.length - own.length);
      }
    }
  }
  return undefined;
}
