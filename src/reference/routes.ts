import type { HttpMethod, SpecOperation, SpecRegistry } from '../spec/index.ts';
import { serverPathPrefix } from '../spec/index.ts';

/** One served operation: its spec entry and the pattern of its full path on this server. */
export interface Route {
  readonly operation: SpecOperation;
  readonly family: 'capillary' | 'fabric';
  readonly pattern: RegExp;
  readonly paramNames: readonly string[];
}

/** A request matched to a route, or why it matched none. */
export type RouteMatch =
  | { kind: 'found'; route: Route; pathParams: Record<string, string> }
  | { kind: 'method-not-allowed'; family: Route['family']; allowed: string[] }
  | { kind: 'not-found'; family: Route['family'] };

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Routes of every operation of the specs, with each family's server prefix (fabric: `/api`). */
export function buildRoutes(registry: SpecRegistry): Route[] {
  return registry.operations().map((operation) => {
    const family = operation.family === 'fabric' ? 'fabric' : 'capillary';
    const full = serverPathPrefix(registry, operation.family) + operation.path;
    const paramNames: string[] = [];
    const source = full
      .split(/(\{[^}]+\})/)
      .map((part) => {
        const param = /^\{([^}]+)\}$/.exec(part);
        if (!param) return escapeRegExp(part);
        paramNames.push(param[1]!);
        return '([^/]+)';
      })
      .join('');
    return { operation, family, pattern: new RegExp(`^${source}/?$`), paramNames };
  });
}

/** Matches a method and path against the routes. */
export function matchRoute(
  routes: readonly Route[],
  fabricPrefix: string,
  method: string,
  pathname: string,
): RouteMatch {
  const family = fabricPrefix && pathname.startsWith(`${fabricPrefix}/`) ? 'fabric' : 'capillary';
  const allowed: string[] = [];
  for (const route of routes) {
    const m = route.pattern.exec(pathname);
    if (!m) continue;
    if (route.operation.method !== (method.toLowerCase() as HttpMethod)) {
      allowed.push(route.operation.method.toUpperCase());
      continue;
    }
    const pathParams: Record<string, string> = {};
    try {
      route.paramNames.forEach((name, i) => {
        pathParams[name] = decodeURIComponent(m[i + 1]!);
      });
    } catch {
      // A malformed percent-encoding (`%E0%A4%A`) names no resource: 404, never a 500.
      return { kind: 'not-found', family };
    }
    return { kind: 'found', route, pathParams };
  }
  return allowed.length > 0 ? { kind: 'method-not-allowed', family, allowed } : { kind: 'not-found', family };
}
