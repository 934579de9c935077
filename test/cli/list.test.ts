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
  });

  it('exits 2 on an unknown command', async () => {
    vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    expect(await main(['no-such-command'])).toBe(2);
    vi.restoreAllMocks();
  });
});
