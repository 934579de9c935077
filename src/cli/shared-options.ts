// Options several commands share, declared once: their commander flags and their parsed shape.
import type { Command } from 'commander';

/** `[flags, description]` of commander options that several commands share. */
type SharedOptions = readonly (readonly [flags: string, description: string])[];

/** Where a command's requests go: `run`, `pact export`, `pact verify`. */
export const TARGET_OPTIONS: SharedOptions = [
  ['--target <url>', 'base URL of the target (Capillary; fabric adds its /api prefix)'],
  ['--capillary-url <url>', 'base URL of the Capillary family'],
  ['--fabric-url <url>', 'base URL of the fabric family'],
];

/** {@link TARGET_OPTIONS} as commander parses them. */
export interface TargetCliOptions {
  target?: string;
  capillaryUrl?: string;
  fabricUrl?: string;
}

/** Which scenarios a command runs or plans: `plan`, `run`, `pact export`. */
export const SELECTION_OPTIONS: SharedOptions = [
  ['--grep <text>', 'only scenarios whose ID or title contains text (or matches /regex/)'],
  ['--tag <tags...>', 'only scenarios with one of these tags or suite names'],
  ['--requirement <ids...>', 'only scenarios verifying one of these requirement IDs'],
];

/** {@link SELECTION_OPTIONS} as commander parses them. */
export interface SelectionCliOptions {
  grep?: string;
  tag?: string[];
  requirement?: string[];
}

/** `command` with `options` added, in their order. */
export function withOptions(command: Command, options: SharedOptions): Command {
  for (const [flags, description] of options) command.option(flags, description);
  return command;
}
