import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { MARKDOWN_FILE, markdownCell, markdownReporter, renderMarkdown } from '../../reporters/markdown.ts';
import { leakyRun, reporterOptions, tempDir } from './support.ts';

afterEach(() => {
  vi.unstubAllEnvs();
});

describe('Markdown reporter', () => {
  it('summarises the run for a pull request: verdict, counts, problems first with document and evidence', () => {
    const text = renderMarkdown(leakyRun());
    expect(text).toMatch(/^## Loyalty API conformance: ❌ Non-conformant\n/);
    expect(text).toContain('| 6 | 1 | 1 | 1 | 1 | 2 | 2 | 1.0 s |');
    const rows = text.split('\n').filter((line) => /^\| (fail|error|warn) \|/.test(line));
    expect(rows.map((r) => r.split(' | ')[0])).toEqual(['| fail', '| error', '| warn']);
    expect(rows[0]).toContain(
      '| [Capillary docs: Deduct points from user — API Error Codes](https://docs.capillarytech.com/reference/deduct-points-from-user) |',
    );
    expect(rows[0]).toContain('a 4xx with error code 8907');
    expect(text).toContain('| negativePointsAdjustment | 1 | 1 | 1 | 1 | 2 |');
  });

  it("says in a note why a warning is not a failure: the check's own reason, else the SHOULD level", () => {
    const run = leakyRun();
    const rowOf = (text: string, id: string) => text.split('\n').find((line) => line.includes(`**${id}**`))!;
    expect(rowOf(renderMarkdown(run), 'GEN-UNDOCUMENTED-FIELDS')).toMatch(
      / \| a SHOULD requirement: a break warns, never fails \|$/,
    );
    const note = 'the documents do not say how concurrent requests may be refused';
    const requirements = run.requirements.map((r) =>
      r.id === 'GEN-UNDOCUMENTED-FIELDS'
        ? { ...r, checks: r.checks.map((c) => ({ ...c, message: `${note}: expected ${c.expected}`, note })) }
        : r,
    );
    expect(rowOf(renderMarkdown({ ...run, requirements }), 'GEN-UNDOCUMENTED-FIELDS')).toMatch(
      new RegExp(` \\| ${note} \\|$`),
    );
    // A failure's note is the profile's declaration it rests on, when one.
    expect(rowOf(renderMarkdown(run), 'CAP-NPA-8907')).toMatch(/ \| {2}\|$/);
  });

  it('says which failures rest on what the profile declares, only when some do', () => {
    const run = leakyRun();
    expect(renderMarkdown(run)).not.toContain('rest on what the profile declares');
    const premise = 'capillary.orgs[strict].config.negativeBalanceOnReturn: off';
    const text = renderMarkdown({ ...run, scenarios: run.scenarios.map((s) => ({ ...s, premise })) });
    expect(text).toContain(
      `1 of 1 failed requirement(s) rest on what the profile declares: **CAP-NPA-8907** (the profile declares ${markdownCell(premise)}). If the target's org is set otherwise, the profile is wrong, not the target`,
    );
  });

  it('says how many requirements the profile cannot judge, under the counts, only when some', () => {
    const notJudgeable = [
      { id: 'CAP-NPA-1218', principals: ['strict'], add: ['programNotEnrolled on a customer'] },
    ];
    const lines = renderMarkdown({ ...leakyRun(), notJudgeable }).split('\n');
    const at = lines.indexOf(
      '1 requirement(s) not judgeable with this profile (run loyalty-conformance plan --profile canary.yaml for what to add)',
    );
    expect(at).toBeGreaterThan(lines.indexOf('| 6 | 1 | 1 | 1 | 1 | 2 | 2 | 1.0 s |'));
    expect(renderMarkdown(leakyRun())).not.toContain('not judgeable');
  });

  it('shows 30 problem rows and counts the rest, naming no report the run may not have written', () => {
    const run = leakyRun();
    const failing = Array.from({ length: 32 }, (_, i) => ({ ...run.requirements[0]!, id: `GEN-FAIL-${i}` }));
    const text = renderMarkdown({ ...run, requirements: failing });
    expect(text.split('\n').filter((line) => line.startsWith('| fail |'))).toHaveLength(30);
    expect(text).toContain('\n… and 2 more.\n');
  });

  it('lists the skipped requirements with why, folded, so a run that judged less says so', () => {
    const text = renderMarkdown(leakyRun());
    expect(text).toContain('<details><summary>⏭️ 2 requirements skipped: why</summary>');
    expect(text).toMatch(
      /^\| \*\*CAP-NPA-NEGATIVE-ALLOWED\*\* .* \| negative balance is off for this org \|$/m,
    );
    expect(text).toMatch(/^\| \*\*CAP-NPA-NO-RATE-LIMIT\*\* .* \| not testable black-box: rate limits \|$/m);
    const passing = leakyRun().requirements.filter((r) => r.verdict !== 'skip');
    expect(renderMarkdown({ ...leakyRun(), requirements: passing })).not.toContain('skipped: why');
  });

  it('neutralises markup, pipes and line breaks of hostile values', () => {
    expect(markdownCell('a|b\n<img src=x>`code`')).toBe("a\\|b &lt;img src=x&gt;'code'");
    expect(renderMarkdown(leakyRun())).not.toContain('<img');
  });

  it('keeps a hostile answer on its row in $GITHUB_STEP_SUMMARY: no control character, link, image or split cell', () => {
    const hostile = `\\|]]>\u0000\u0007\u001b[31mRED\u001b[0m ![x](https://evil.example/t.png) [click](https://evil.example) **bold**\r\n${'A'.repeat(200_000)}`;
    const run = leakyRun();
    const [first, ...rest] = run.requirements;
    const checks = first!.checks.map((c) => ({ ...c, actual: hostile, message: hostile }));
    const text = renderMarkdown({ ...run, requirements: [{ ...first!, checks }, ...rest] });
    // biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is the point
    expect(text).not.toMatch(/[\u0000-\u0008\u000b-\u001f\u007f]/);
    expect(text).not.toMatch(/(?<!\\)\]\(https:\/\/evil/);
    expect(text.length).toBeLessThan(20_000);
    const row = text.split('\n').find((line) => line.includes('RED'))!;
    expect(row).toContain('\\u001b\\[31mRED');
    // Seven cells: eight pipes that are not escaped (an escaped backslash before one does not escape it).
    expect(row.replace(/\\[\\|]/g, '').split('|')).toHaveLength(9);
    expect(markdownCell('a\\|b')).toBe('a\\\\\\|b');
  });

  it('writes summary.md only, when GITHUB_STEP_SUMMARY is not set', async () => {
    vi.stubEnv('GITHUB_STEP_SUMMARY', '');
    const dir = tempDir();
    await markdownReporter(reporterOptions(dir)).onRunEnd?.(leakyRun());
    expect(readFileSync(join(dir, MARKDOWN_FILE), 'utf8')).toMatch(/^## Loyalty API conformance/);
  });

  it('also appends the summary to $GITHUB_STEP_SUMMARY, keeping what earlier steps wrote', async () => {
    const dir = tempDir();
    const stepSummary = join(dir, 'step-summary.md');
    writeFileSync(stepSummary, '# earlier step\n');
    vi.stubEnv('GITHUB_STEP_SUMMARY', stepSummary);
    await markdownReporter(reporterOptions(join(dir, 'out'))).onRunEnd?.(leakyRun());
    const written = readFileSync(join(dir, 'out', MARKDOWN_FILE), 'utf8');
    expect(readFileSync(stepSummary, 'utf8')).toBe(`# earlier step\n${written}\n`);
    expect(existsSync(join(dir, 'out', MARKDOWN_FILE))).toBe(true);
  });
});
