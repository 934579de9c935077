import { defineConformanceTests } from '../src/vitest.ts';

// The conformance scenarios registered as vitest tests, against the embedded reference provider:
// every scenario that applies passes (the others are reported as skipped).
defineConformanceTests();
