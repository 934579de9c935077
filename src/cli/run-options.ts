import { toolError } from '../errors.ts';

/**
 * Parsers of `run` options shared by the run itself and `run --dry-run`, kept apart from
 * `run-command.ts` so that a dry run loads neither the engine's client nor the reference provider.
 */

/** `--shard 2/4` → { index: 2, total: 4 }. */
export function parseShard(text: string): { index: number; total: number } {
  const match = /^(\d+)\/(\d+)$/.exec(text);
  const index = Number(match?.[1]);
  const total = Number(match?.[2]);
  if (!match || total < 1 || index < 1 || index > total) {
    throw toolError('LC_ERR_CLI_USAGE', { reason: `--shard must be k/n with 1 ≤ k ≤ n, got "${text}"` });
  }
  return { index, total };
}

/** `--seed n`: an integer from 0 to 2³² − 1, or undefined when not given. */
export function parseSeed(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const seed = Number(text);
  if (!Number.isInteger(seed) || seed < 0 || seed > 2 ** 32 - 1) {
    throw toolError('LC_ERR_CLI_USAGE', {
      reason: `--seed must be an integer from 0 to 4294967295, got "${text}"`,
    });
  }
  return seed;
}
