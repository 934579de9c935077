import { beforeAll, describe, expect, it } from 'vitest';
import { consoleReporter } from '../../reporters/console.ts';
import { renderJsonReport } from '../../reporters/json.ts';
import { renderMarkdown } from '../../reporters/markdown.ts';
import { conform } from '../../src/engine/conform.ts';
import type { RunResult } from '../../src/engine/types.ts';
import { fabricReply } from '../../src/reference/envelopes.ts';
import { type ReferenceServerOptions, startReferenceServer } from '../../src/reference/server.ts';
import { parseReport } from '../../src/report/load-report.ts';
import { reporterOptions, tempDir } from '../reporters/support.ts';
import { idsWith, loadWorld, MINIMAL_PROFILE, type PlanWorld, planOf, REFERENCE_PROFILE } from './support.ts';

/** A run of a profile against a fresh embedded reference provider, with the console reporter's output. */
async function runProfile(
  profilePath: string,
  server: ReferenceServerOptions = {},
): Promise<{ result: RunResult; console: string }> {
  const reference = await startReferenceServer({ ...server, port: 0 });
  const options = reporterOptions(tempDir('lc-plan-run-'));
  try {
    const result = await conform({
      profilePath,
      capillaryUrl: reference.capillaryBaseUrl,
      fabricUrl: reference.fabricBaseUrl,
      events: consoleReporter(options),
    });
    return { result, console: options.lines.join('') };
  } finally {
    await reference.close();
  }
}

const LINE =
  /^(\d+) requirement\(s\) not judgeable with this profile \(run loyalty-conformance plan --profile (.+) for what to add\)$/m;

let world: PlanWorld;
beforeAll(async () => {
  world = await loadWorld();
});

describe('a run counts what its profile cannot judge', () => {
  it('lists the rules the minimal profile cannot judge, as plan does, and says so in every summary', async () => {
    const { result, console } = await runProfile(MINIMAL_PROFILE);
    const notJudgeable = result.notJudgeable ?? [];
    // The embedded provider has the member inquiry: what the plan left to the probe is judged.
    expect(notJudgeable.map((r) => r.id).sort()).toEqual(
      idsWith(planOf(world, MINIMAL_PROFILE), 'not-judgeable').sort(),
    );
    expect(notJudgeable).toHaveLength(11);
    expect(notJudgeable.find((r) => r.id === 'CAP-UPP-CONCURRENT-ONCE')).toEqual({
      id: 'CAP-UPP-CONCURRENT-ONCE',
      principals: ['strict', 'lenient'],
      add: ['a third bill in fixtures.bills (billSpare)'],
    });
    // Each is a skip in the run, never a pass.
    for (const { id } of notJudgeable) {
      expect(result.requirements.find((r) => r.id === id)?.verdict, id).toBe('skip');
    }
    expect(console.match(LINE)?.slice(1)).toEqual(['11', MINIMAL_PROFILE]);
    expect(renderMarkdown(result)).toContain(
      `11 requirement(s) not judgeable with this profile (run loyalty-conformance plan --profile ${MINIMAL_PROFILE} for what to add)`,
    );
    // The JSON report carries the list and still validates against its schema when read back.
    const json = renderJsonReport(result, reporterOptions(tempDir()));
    expect(parseReport(json, 'conformance.json').notJudgeable).toEqual(notJudgeable);
  });

  it('counts what plan counts for the reference profile: nothing, and prints no line', async () => {
    const { result, console } = await runProfile(REFERENCE_PROFILE);
    expect(result.notJudgeable).toEqual([]);
    expect(result.notJudgeable).toHaveLength(planOf(world, REFERENCE_PROFILE).totals['not-judgeable']);
    expect(console).toMatch(/CONFORMANT: /);
    expect(console).not.toMatch(/not judgeable with this profile/);
    expect(renderMarkdown(result)).not.toMatch(/not judgeable with this profile/);
  });

  it('counts the rules plan left to the probe when the target has no member inquiry', async () => {
    const { result, console } = await runProfile(REFERENCE_PROFILE, {
      handlers: {
        inquireMemberPoints: () => fabricReply(404, 'Not Found', null, { message: 'no such route' }),
      },
    });
    const probed = idsWith(planOf(world, REFERENCE_PROFILE), 'judgeable-if-probed');
    expect(probed).toHaveLength(3);
    expect((result.notJudgeable ?? []).map((r) => r.id).sort()).toEqual([...probed].sort());
    expect(result.notJudgeable?.[0]?.principals).toEqual(['fabric']);
    expect(result.notJudgeable?.[0]?.add).toEqual([
      expect.stringMatching(/^a target with GET \/v1\/inquire\//),
    ]);
    expect(console.match(LINE)?.[1]).toBe('3');
  });
});
