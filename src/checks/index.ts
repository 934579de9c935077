import type { UniversalCheck } from './types.ts';
import { bodySchema } from './universal/body-schema.ts';
import { contentType } from './universal/content-type.ts';
import { errorCodeKnown } from './universal/error-code-known.ts';
import { errorEnvelope } from './universal/error-envelope.ts';
import { no5xx } from './universal/no-5xx.ts';
import { statusDeclared } from './universal/status-declared.ts';
import { undocumentedFields } from './universal/undocumented-fields.ts';

export type { CheckContext, CheckOutcome, UniversalCheck } from './types.ts';

/** The one registry of universal checks: each runs on every exchange. Its id is its report label. */
export const UNIVERSAL_CHECKS: readonly UniversalCheck[] = [
  // --- transport ---
  no5xx,
  contentType,
  // --- the spec's contract ---
  statusDeclared,
  bodySchema,
  // --- Capillary errors ---
  errorEnvelope,
  errorCodeKnown,
  // --- drift (warn only) ---
  undocumentedFields,
];
