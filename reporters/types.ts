import type { RunEvents } from '../src/engine/types.ts';

/** What every reporter factory receives. */
export interface ReporterOptions {
  /** Folder file reporters write into. */
  readonly outDir: string;
  /** Where line output goes (console reporter). */
  readonly write: (text: string) => void;
  /** Colours and live progress allowed (a TTY, not CI, no NO_COLOR). */
  readonly interactive: boolean;
  /** Secrets to keep out of any output, as a last line of defence. */
  readonly secrets: readonly string[];
}

/** A reporter is a set of optional engine event hooks. */
export type Reporter = RunEvents;

/** Builds a reporter. */
export type ReporterFactory = (options: ReporterOptions) => Reporter;
