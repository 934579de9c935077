import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

describe('loyalty-conformance list', () => {
  it('writes the catalogue as Markdown with every requirement', async () => {
    const out = join(mkdtempSync(join(tmpdir(), 'lc-list-')), 'requirements.md');
    vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    expect(await main(['list', '--format', 'md', '--out', out])).toBe(0);
    vi.restoreAllMocks();
    const text = readFileSync(out, 'utf8');
    expect(text).toMatch(/^\| CAP-NPA-8907 \| MUST \| negativePointsAdjustment, getPointsBalance \|/m);
    expect(text).toMatch(/^\| FAB-ADJ-PENDING \|/m);
    // Sources are public pages a reader can open, or the project's own choice; never a private file.
    expect(text).toMatch(
      /^\| CAP-NPA-8907 \|.*\| \[Capillary docs: Deduct points from user — API Error Codes \(8907\)\]\(https:\/\/docs\.capillarytech\.com\/reference\/deduct-points-from-user\) \|/m,
    );
    expect(text).toMatch(/^\| GEN-NO-5XX \|.*\| loyalty-conformance's own choice — /m);
    expect(text).not.toMatch(/\.txt|DESIGN/);
  });

  it('exits 2 on an unknown command', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['no-such-command'])).toBe(2);
    vi.restoreAllMocks();
  });
});

describe('usage errors', () => {
  it('refuses an unknown --format of list with exit 2 and one line naming the choices', async () => {
    const { runCli } = await import('./capture.ts');
    const { code, stdout, stderr } = await runCli(['list', '--format', 'xx']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr).toMatch(/argument 'xx' is invalid\. Allowed choices are text, md/);
  });

  it('refuses an invalid --grep regular expression with exit 2 and LC_ERR_CLI_USAGE, before any request', async () => {
    const { runCli } = await import('./capture.ts');
    const { code, stderr } = await runCli([
      'run',
      '--grep',
      '/[/',
      '--reporter',
      'json',
      '--out',
      join(tmpdir(), 'lc-grep-bad'),
    ]);
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/LC_ERR_CLI_USAGE: --grep \/\[\/ is not a valid regular expression/);
    expect(stderr).not.toMatch(/internal error|\n\s+at /);
  });
});

describe('list --format json', () => {
  it('prints the catalogue as a JSON array of requirements with their public sources', async () => {
    const { runCli } = await import('./capture.ts');
    const { code, stdout, stderr } = await runCli(['list', '--format', 'json']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    const list = JSON.parse(stdout) as Record<string, unknown>[];
    expect(list).toHaveLength(118);
    expect(list.find((r) => r.id === 'CAP-NPA-8907')).toMatchObject({
      title: expect.stringMatching(/8907/),
      level: 'MUST',
      operations: ['negativePointsAdjustment', 'getPointsBalance'],
      source: {
        document: 'capillary-npa',
        title: 'Capillary docs: Deduct points from user',
        url: 'https://docs.capillarytech.com/reference/deduct-points-from-user',
        section: 'API Error Codes (8907)',
      },
      blackBox: true,
      errorCode: 8907,
    });
    // The project's own choices have a source without a page.
    const own = list.find((r) => r.id === 'GEN-NO-5XX') as { source: Record<string, unknown> };
    expect(own.source.document).toBe('choice');
    expect(own.source.url).toBeUndefined();
  });

  it('prints --uncovered as JSON, each requirement with blackBox, whyNot and the reason', async () => {
    const { runCli } = await import('./capture.ts');
    const { code, stdout } = await runCli(['list', '--uncovered', '--format', 'json']);
    expect(code).toBe(0);
    const list = JSON.parse(stdout) as Record<string, unknown>[];
    expect(list.length).toBeGreaterThan(0);
    expect(list.find((r) => r.id === 'CAP-NPA-NO-RATE-LIMIT')).toMatchObject({
      level: 'SHOULD',
      blackBox: false,
      whyNot: expect.any(String),
      uncoveredReason: expect.stringMatching(/^not testable black-box: /),
    });
  });

  it('prints --uncovered as Markdown (not the text lines) when --format md is given', async () => {
    const { runCli } = await import('./capture.ts');
    const { code, stdout } = await runCli(['list', '--uncovered', '--format', 'md']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^# Requirements no scenario or universal check verifies\n/);
    expect(stdout).toContain('| ID | level | operations | black-box | source | title | why uncovered |');
    expect(stdout).toMatch(/\| CAP-NPA-NO-RATE-LIMIT \| SHOULD \|.*\| not testable black-box: /);
    expect(stdout).not.toContain('requirements uncovered\n');
  });
});
