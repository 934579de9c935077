#!/usr/bin/env node
// Runs the CLI from the TypeScript sources through tsx (a devDependency), so that a clone needs no
// build for `npm run conformance`, the tests and the bench. Not shipped: the package's bin is
// bin/loyalty-conformance.ts compiled to dist/bin/loyalty-conformance.js (plain JS, no tsx).
import { register } from 'tsx/esm/api';

register();
await import('./loyalty-conformance.ts');
