import { describe, expect, it } from 'vitest';
import { createScrubber } from '../../reporters/summary.ts';

/**
 * The reports' scrubber skips its two patterns where they cannot match (a text shorter than every
 * secret form; no `://` followed by a user part and `@`): it must still give exactly what the
 * patterns alone give, on any text.
 */

const SECRETS = ['s3cret-pass', 'tok/en+with?specials', 'quote"back\\slash', 'pw'];

/** The scrubber before the shortcuts: both patterns tried on every text. */
function patternsAlone(secrets: readonly string[]): (text: string) => string {
  const forms = new Set<string>();
  for (const secret of secrets) {
    if (secret.length < 4) continue;
    forms.add(secret);
    forms.add(encodeURIComponent(secret));
    forms.add(JSON.stringify(secret).slice(1, -1));
  }
  const ordered = [...forms].sort((a, b) => b.length - a.length);
  const pattern = new RegExp(ordered.map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'g');
  const userInfo = /\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s"'<>]+@/gi;
  return (text) => text.replace(pattern, '[REDACTED]').replace(userInfo, '$1[REDACTED]@');
}

/** Texts made of the pieces the shortcuts look for, from a fixed seed (the same texts every run). */
function texts(count: number): string[] {
  const pieces = [
    '://',
    ':/',
    '@',
    '/',
    '?',
    '#',
    ' ',
    '\n',
    '"',
    "'",
    '<',
    '>',
    'http',
    'HTTPS',
    'x',
    'user:pw',
    '9',
    '\u00a0',
    '\u2028',
    's3cret-pass',
    's3cret-pas',
    encodeURIComponent('tok/en+with?specials'),
    'quote\\"back\\\\slash',
  ];
  let state = 20261205;
  const next = () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 8;
  };
  return Array.from({ length: count }, () =>
    Array.from({ length: next() % 12 }, () => pieces[next() % pieces.length]).join(''),
  );
}

describe('createScrubber', () => {
  const scrubber = createScrubber(SECRETS);
  const reference = patternsAlone(SECRETS);

  it('gives what both patterns alone give, on 5,000 texts of URL and secret fragments', () => {
    const differing = texts(5000).filter((text) => scrubber(text) !== reference(text));
    expect(differing).toEqual([]);
  });

  it('removes credentials from a URL that follows one without them', () => {
    const text = 'see http://host/a and ftp://user:pw@files.example/x, then mailto://@nobody';
    expect(scrubber(text)).toBe(
      'see http://host/a and ftp://[REDACTED]@files.example/x, then mailto://@nobody',
    );
    expect(scrubber('a:///b://c@d')).toBe('a:///b://[REDACTED]@d');
  });

  it('redacts a text exactly as long as the shortest secret form, and leaves shorter ones', () => {
    expect(scrubber('s3cret-pass')).toBe('[REDACTED]');
    expect(scrubber('s3cret-pas')).toBe('s3cret-pas');
    expect(scrubber('pw')).toBe('pw');
  });

  it('keeps every text as it is without secrets, but for credentials in URLs', () => {
    const none = createScrubber([]);
    expect(none('s3cret-pass')).toBe('s3cret-pass');
    expect(none('https://u:p@h/')).toBe('https://[REDACTED]@h/');
  });
});
