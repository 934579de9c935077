/**
 * The shape of an exported interaction, apart from the code that builds it (interactions.ts): the
 * package's declarations reach this type through `PactExportResult`, and it must not reach
 * `@pact-foundation/pact`'s types, an optional peer dependency a consumer may not have installed.
 */

import type { NamedState } from './states.ts';

/** An interaction ready to be written (with the consumer DSL) and replayed (to its mock server). */
export interface InteractionSpec {
  readonly family: 'capillary' | 'fabric';
  readonly description: string;
  readonly scenarioId: string;
  readonly operationId: string;
  readonly principal: string;
  readonly requirements: readonly string[];
  readonly states: readonly NamedState[];
  /** The request template (values or Pact matchers). */
  readonly request: {
    readonly method: string;
    readonly path: unknown;
    readonly query: Record<string, unknown>;
    readonly headers: Record<string, unknown>;
    readonly body?: unknown;
  };
  /** The response template. */
  readonly response: {
    readonly status: unknown;
    readonly headers: Record<string, unknown>;
    readonly body?: unknown;
  };
  /** The request as recorded (credentials as placeholders), to replay against the mock server. */
  readonly replay: {
    readonly method: string;
    readonly path: string;
    readonly query: readonly [string, string][];
    readonly headers: Readonly<Record<string, string>>;
    readonly body?: string;
  };
}
