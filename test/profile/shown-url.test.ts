import { describe, expect, it } from 'vitest';
import { maskUserInfo, shownUrl } from '../../src/profile/shown-url.ts';

describe('URLs as the suite shows them', () => {
  it('masks or removes user-info up to its last @, parsed or not', () => {
    expect(maskUserInfo('http://u:p@h:1/x?q=1', '[REDACTED]')).toBe('http://[REDACTED]@h:1/x?q=1');
    expect(maskUserInfo('https://u:s3cret@a.example/v2', '')).toBe('https://a.example/v2');
    // The WHATWG parser takes the last @ of the authority: no part of the password may stay.
    expect(maskUserInfo('http://user:p@ss@host/', '***')).toBe('http://***@host/');
    expect(maskUserInfo('http://host/a@b', '***')).toBe('http://host/a@b');
    expect(maskUserInfo('http://us er:pw@ho st/', '***')).toBe('http://***@ho st/');
    expect(maskUserInfo('http://host/', '***')).toBe('http://host/');
  });

  it('shows a URL in a message without credentials, query or fragment', () => {
    expect(shownUrl('http://user:secret-pw@127.0.0.1:9')).toBe('http://***@127.0.0.1:9/');
    expect(shownUrl('http://127.0.0.1:9/v2?apikey=k#frag')).toBe('http://127.0.0.1:9/v2?…#…');
    expect(shownUrl('http://127.0.0.1:9/v2#k')).toBe('http://127.0.0.1:9/v2#…');
    // Not a URL the parser reads: masked as written.
    expect(shownUrl('ht tp://u:pw@x/?k')).toBe('ht tp://***@x/?…');
  });
});
