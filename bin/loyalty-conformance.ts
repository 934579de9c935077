#!/usr/bin/env node
// The package's bin, compiled to dist/bin/loyalty-conformance.js (plain JS, no tsx).
import { main } from '../src/cli/main.ts';

process.exitCode = await main(process.argv.slice(2));
