import { describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import { startReferenceServer } from '../../src/reference/server.ts';
import { VARIANTS } from '../faults/variants.ts';

/**
 * A target that reads the unlock page as the balance page (under dual eligibility a lone
 * identifier other than the primary is 8015), one of whose identifier probes is never answered
 * (the connection dropped): the probes that were answered still show a target refusing every
 * secondary alike, which only warns. Before, the unanswered probe broke "every secondary refused"
 * and the others' 8015 failed CAP-UPP-IDENTIFIER-NAMES.
 */
describe('an unlock identifier probe left unanswered', () => {
  it('leaves that probe in error and the answered secondaries warning, never failing', async () => {
    const loneSecondary = VARIANTS.find((v) => v.id === 'unlock-lone-secondary-8015')!;
    let dropped = false;
    const server = await startReferenceServer({
      ...loneSecondary.options,
      port: 0,
      hooks: {
        ...loneSecondary.options.hooks,
        reply: (operationId, reply, request) => {
          const billNumber = (request.body as { billNumber?: unknown } | undefined)?.billNumber;
          // The strict org's probe (dual eligibility): the orgs run side by side, and since fault
          // hunt 62 filters and second-program run first in this filtered run, so the lenient org's
          // probe may come first.
          const strict = Buffer.from((request.headers.authorization ?? '').replace(/^Basic /, ''), 'base64')
            .toString()
            .startsWith('till.strict:');
          if (
            !dropped &&
            strict &&
            operationId === 'unlockPromisedPoints' &&
            request.query.identifierName === 'externalId' &&
            String(billNumber).startsWith('LC-NO-SUCH-BILL-')
          ) {
            dropped = true;
            request.socket.destroy();
          }
          return reply;
        },
      },
    });
    try {
      const result = await conform({
        capillaryUrl: server.capillaryBaseUrl,
        fabricUrl: server.fabricBaseUrl,
        requirements: ['CAP-UPP-IDENTIFIER-NAMES'],
      });
      expect(dropped).toBe(true);
      const checks = result.requirements
        .find((r) => r.id === 'CAP-UPP-IDENTIFIER-NAMES')!
        .checks.filter((c) => c.principal === 'strict');
      expect(checks.filter((c) => c.verdict === 'fail')).toEqual([]);
      expect(checks.filter((c) => c.verdict === 'error')).toHaveLength(1);
      expect(checks.filter((c) => c.verdict === 'warn').length).toBeGreaterThan(0);
    } finally {
      await server.close();
    }
  });
});
