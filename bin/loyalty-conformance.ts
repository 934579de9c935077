#!/usr/bin/env node
// The package's bin, compiled to dist/bin/loyalty-conformance.js (plain JS, no tsx).
import { ignoreClosedStdout } from '../src/cli/closed-stdout.ts';
import { main } from '../src/cli/main.ts';
import { tuneCliMemory } from '../src/cli/memory-tuning.ts';

// Only this process, which the bin owns: a program importing the library keeps its V8 settings.
tuneCliMemory();
// Every command, not only a JSON report on stdout: `list --format json | head` must not end in a
// stack trace. The bin's own process only: a program importing the library keeps its stdout as is.
ignoreClosedStdout();
process.exitCode = await main(process.argv.slice(2));
