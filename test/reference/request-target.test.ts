import { describe, expect, it } from 'vitest';
import { requestTarget } from '../../src/reference/http.ts';

/** What the provider read before: the URL parser's path and query. */
const byUrl = (target: string) => {
  const url = new URL(target, 'http://reference.invalid');
  return { pathname: url.pathname, query: [...url.searchParams] };
};

describe('requestTarget', () => {
  it('gives the path and query the URL parser gives, for plain and hostile targets alike', () => {
    const targets = [
      '/',
      '/v2/customers/lookup/points/balance?identifierName=mobile&identifierValue=919999999999',
      '/v2/customers/lookup/points/balance?identifierName=email,mobile&source=INSTORE',
      '/api/v1/inquire/abc-123/member-points',
      '/x?a=1&a=2&b=&c',
      '/x?q=a+b%20c%2Cd',
      '/x?q="quoted"&r=\'single\'&s=<t>&u=`v`{w}|^',
      '/x?q=%zz&r=%',
      '/x?a=1?b=2',
      '/x?',
      '/x?#frag',
      '/x?a=1#frag',
      '/a/./b',
      '/a/../b',
      '/a/..',
      '/a/.',
      '/a/%2e%2e/b',
      '/a/%41',
      '//host/path',
      '/a//b',
      '/a\\b',
      '/a b',
      '/ä?é=ü',
      '/a?x=é',
      'http://other.example/path?x=1',
      '*',
      '/a\tb?c=\nd',
      "/a'b(c)*d!e$f;g=h:i@j,k+l~m",
    ];
    for (const target of targets) {
      const got = requestTarget(target);
      expect({ pathname: got.pathname, query: [...got.searchParams] }, target).toEqual(byUrl(target));
    }
  });
});
