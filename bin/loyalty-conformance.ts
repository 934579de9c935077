#!/usr/bin/env node
// The package's bin, compiled to dist/bin/loyalty-conformance.js (plain JS, no tsx).
import { main } from '../src/cli/main.ts';
import { tuneCliMemory } from '../src/cli/memory-tuning.ts';

// Only this process, which the bin owns: a program importing the library keeps its V8 settings.
tuneCliMemory();
process.exitCode = await main(process.argv.slice(2));
