import type { PairRule } from './types.ts';

/**
 * The response status codes declared: ours that theirs does not cover, theirs that ours does not.
 * A status is covered by the same key, by its range (`4XX` covers 401), by `default`, and a range
 * by any exact status of its class (their 400 stands for our `4XX`).
 */
export const statusesRule: PairRule = {
  id: 'statuses',
  compares: 'the response status codes each side declares',
  compare(context) {
    const ours = [...context.pair.oursView.responses.keys()];
    const theirs = [...context.pair.theirs.responses.keys()];
    const missing = ours.filter((s) => !covered(s, theirs));
    const extra = theirs.filter((s) => !covered(s, ours));
    if (missing.length === 0 && extra.length === 0) return;
    const parts = [
      ...(missing.length > 0 ? [`theirs does not declare ${missing.join(', ')}`] : []),
      ...(extra.length > 0 ? [`theirs adds ${extra.join(', ')}, which ours does not declare`] : []),
    ];
    context.report(
      'status-differs',
      'responses',
      `${parts.join('; ')} (ours: ${ours.join(', ')}; theirs: ${theirs.join(', ') || 'none'})`,
      {
        by: 'status',
        statuses: [...missing, ...extra],
        universal: extra.length > 0 ? ['GEN-STATUS-DECLARED'] : [],
      },
    );
  },
};

function covered(status: string, by: readonly string[]): boolean {
  if (by.includes(status) || by.includes('default')) return true;
  if (/^\d{3}$/.test(status)) return by.includes(`${status[0]}XX`);
  if (/^\dXX$/.test(status)) return by.some((s) => /^\d{3}$/.test(s) && s[0] === status[0]);
  return false;
}
