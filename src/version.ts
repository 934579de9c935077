import { readFileSync } from 'node:fs';

/**
 * The package's version (`loyalty-conformance --version`). From src/ it is the root package.json;
 * from the build's dist/src/ it is dist/package.json, which the build writes with the same version.
 */
export function packageVersion(): string {
  return (
    JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }
  ).version;
}
