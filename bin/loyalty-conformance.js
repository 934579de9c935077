#!/usr/bin/env node
// The clone's bin (not shipped; the package's bin is bin/loyalty-conformance.ts compiled to
// dist/bin/loyalty-conformance.js). It runs that compiled bin when dist/ was built from the sources
// as they are now (`npm ci` builds it through `prepare`), and the TypeScript sources through tsx (a
// devDependency) when any source is newer or LC_FROM_SOURCE=1: `npm run conformance`, the tests and
// the bench then need no build step and never run a stale one.
import { fileURLToPath } from 'node:url';
import { isBuildFresh } from '../scripts/build-inputs.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
if (process.env.LC_FROM_SOURCE !== '1' && isBuildFresh(root)) {
  await import('../dist/bin/loyalty-conformance.js');
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('./loyalty-conformance.ts');
}
