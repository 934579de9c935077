import { fileURLToPath } from 'node:url';
import { loadSpecs, type SpecRegistry } from './operations.ts';

/** The specs that ship with the suite, one per API family. */
export const DEFAULT_SPEC_PATHS: readonly string[] = [
  fileURLToPath(new URL('../../specs/capillary-points.v2.yaml', import.meta.url)),
  fileURLToPath(new URL('../../specs/fabric-loyalty.v1.yaml', import.meta.url)),
];

let shipped: Promise<SpecRegistry> | undefined;

/** The shipped specs, loaded once per process (they never change while it runs). */
export function loadDefaultSpecs(): Promise<SpecRegistry> {
  shipped ??= loadSpecs(DEFAULT_SPEC_PATHS);
  return shipped;
}

/**
 * The path prefix of a family's first server URL (`https://{host}/api` → `/api`), i.e. what a
 * family's base URL adds in front of the spec's paths.
 */
export function serverPathPrefix(registry: SpecRegistry, family: string): string {
  const spec = registry.specs.find((s) => s.family === family);
  const url = spec?.document.servers?.[0]?.url ?? '';
  const path = url.replace(/^[a-z]+:\/\/[^/]*/i, '');
  return path.replace(/\/$/, '');
}
