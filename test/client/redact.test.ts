import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BODY_TEXT_MAX_CHARS, requestUrlParts } from '../../src/client/exchange.ts';
import {
  derivedSecrets,
  type Exchange,
  REDACTED,
  recordExchange,
  redactExchange,
  redactJson,
  shellWord,
  toCurl,
} from '../../src/client/index.ts';

function exchange(overrides: Partial<Exchange> = {}): Exchange {
  return {
    id: 1,
    operationId: 'negativePointsAdjustment',
    family: 'capillary',
    principal: 'strict',
    request: { method: 'POST', url: 'http://127.0.0.1:8080/v2/x', headers: {} },
    startedAt: new Date(0).toISOString(),
    durationMs: 1,
    attempts: 1,
    ...overrides,
  };
}

/** Runs a curl line in bash with `curl` replaced by a function that prints its arguments. */
function curlArgs(line: string, env: Record<string, string> = {}): string[] {
  const out = execFileSync(
    'bash',
    ['--norc', '--noprofile', '-c', `curl() { printf '%s\\0' "$@"; }\n${line}`],
    {
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env },
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  return out.split('\0').slice(0, -1);
}

describe('recordExchange of a long JSON answer', () => {
  it('keeps the start of its text and leaves the parsed body out; a whole text keeps its body', () => {
    const items = Array.from({ length: 4000 }, (_, i) => ({ billNumber: `B-${i}`, pointsUnlocked: i }));
    const long = { pointsUnlocked: items };
    const answered = (body: unknown) =>
      exchange({
        response: {
          status: 200,
          headers: { 'content-type': 'application/json' },
          bodyText: JSON.stringify(body),
          body,
        },
      });
    const recorded = recordExchange(answered(long)).response!;
    expect(JSON.stringify(long).length).toBeGreaterThan(BODY_TEXT_MAX_CHARS);
    expect(recorded.bodyText).toHaveLength(BODY_TEXT_MAX_CHARS);
    expect(recorded.truncated).toBe(true);
    expect(recorded).not.toHaveProperty('body');
    const short = { pointsUnlocked: items.slice(0, 2) };
    expect(recordExchange(answered(short)).response).toMatchObject({
      body: short,
      bodyText: JSON.stringify(short),
    });
  });
});

describe('redactExchange', () => {
  it('keeps the scheme word of credentials headers and redacts the rest', () => {
    const redacted = redactExchange(
      exchange({
        request: {
          method: 'GET',
          url: 'http://127.0.0.1/v2/x',
          headers: {
            authorization: 'Basic dGlsbDpzZWNyZXQ=',
            'x-cap-api-oauth-token': 'tok-abc',
            cookie: 'session=1',
            accept: 'application/json',
          },
        },
        response: {
          status: 200,
          headers: { 'set-cookie': 'a=b', 'content-type': 'text/plain' },
          bodyText: 'ok',
        },
      }),
    );
    expect(redacted.request.headers).toEqual({
      authorization: `Basic ${REDACTED}`,
      'x-cap-api-oauth-token': REDACTED,
      cookie: REDACTED,
      accept: 'application/json',
    });
    expect(redacted.response?.headers).toEqual({ 'set-cookie': REDACTED, 'content-type': 'text/plain' });
  });

  it('redacts credential keys of JSON bodies, and the token request key', () => {
    const redacted = redactExchange(
      exchange({
        operationId: 'generateOAuthToken',
        request: {
          method: 'POST',
          url: 'http://127.0.0.1/v3/oauth/token/generate',
          headers: {},
          body: { key: 'client-key-1', secret: 'client-secret-1' },
        },
        response: {
          status: 200,
          headers: {},
          bodyText: '{"data":{"accessToken":"tok-xyz-123","ttlSeconds":3600},"errors":null}',
          body: { data: { accessToken: 'tok-xyz-123', ttlSeconds: 3600 }, errors: null },
        },
      }),
    );
    expect(redacted.request.body).toEqual({ key: REDACTED, secret: REDACTED });
    expect(redacted.response?.body).toEqual({
      data: { accessToken: REDACTED, ttlSeconds: 3600 },
      errors: null,
    });
    expect(redacted.response?.bodyText).toBe(
      `{"data":{"accessToken":"${REDACTED}","ttlSeconds":3600},"errors":null}`,
    );
  });

  it('keeps a key named key outside the token request', () => {
    const redacted = redactExchange(
      exchange({
        request: { method: 'POST', url: 'http://h/v2/x', headers: {}, body: { key: 'k', password: 'pw' } },
      }),
    );
    expect(redacted.request.body).toEqual({ key: 'k', password: REDACTED });
  });

  it('redacts every given secret wherever it appears, encoded or not', () => {
    const secret = 'canary s3cret/"x"';
    const redacted = redactExchange(
      exchange({
        request: {
          method: 'POST',
          url: `http://127.0.0.1/v2/x?q=${encodeURIComponent(secret)}`,
          headers: { 'x-echo': `a ${secret} b` },
          bodyText: JSON.stringify({ note: secret }),
        },
        response: {
          status: 400,
          headers: {},
          bodyText: JSON.stringify({ message: `bad ${secret}` }),
          body: { message: `bad ${secret}` },
        },
        error: { code: 'X', message: `failed with ${secret}` },
      }),
      [secret],
    );
    const text = JSON.stringify(redacted);
    expect(text).not.toContain('canary');
    expect(redacted.request.url).toBe(`http://127.0.0.1/v2/x?q=${REDACTED}`);
    expect(redacted.response?.body).toEqual({ message: `bad ${REDACTED}` });
  });

  it('redacts a header credential wherever else it is echoed', () => {
    const redacted = redactExchange(
      exchange({
        request: { method: 'GET', url: 'http://h/x', headers: { authorization: 'Bearer echo-me-token' } },
        response: { status: 401, headers: {}, bodyText: 'unknown token echo-me-token', body: undefined },
      }),
    );
    expect(redacted.response?.bodyText).toBe(`unknown token ${REDACTED}`);
  });

  it('learns no secret from a scheme word sent alone, which names no credential', () => {
    // The authentication scenarios send `Basic` and `Bearer ` alone on purpose; learnt as secrets,
    // they blanked the word out of every later message of the run.
    const sent = (authorization: string) =>
      derivedSecrets(
        exchange({ request: { method: 'POST', url: 'http://h/x', headers: { authorization } } }),
      );
    expect(sent('Basic')).toEqual([]);
    expect(sent('Bearer ')).toEqual([]);
    expect(sent('Bearer echo-me-token')).toContain('echo-me-token');
    expect(sent('opaque-token')).toEqual(['opaque-token']);
  });

  it('redacts credentials in the URL user info', () => {
    const redacted = redactExchange(
      exchange({ request: { method: 'GET', url: 'http://u:p@h/x', headers: {} } }),
    );
    expect(redacted.request.url).toBe(`http://${REDACTED}@h/x`);
  });

  it('does not change the exchange it is given', () => {
    const original = exchange({
      request: { method: 'GET', url: 'http://h/x', headers: { authorization: 'Bearer t' } },
    });
    redactExchange(original);
    expect(original.request.headers.authorization).toBe('Bearer t');
  });

  it('walks a body nested 100,000 levels deep without overflowing the stack', () => {
    // Built and inspected iteratively: a recursive helper here would overflow too.
    const root: Record<string, unknown> = {};
    let node = root;
    for (let depth = 0; depth < 100_000; depth++) {
      const child: Record<string, unknown> = {};
      node.next = depth % 2 === 0 ? child : [child];
      node = child;
    }
    node.token = 'deep-token-value';
    node.note = 'echo of deep-token-value';
    const redacted = redactExchange(
      exchange({
        response: { status: 200, headers: {}, bodyText: 'deep-token-value', body: root },
      }),
    );
    expect(redacted.response?.bodyText).toBe(REDACTED);
    let copy = redacted.response?.body as Record<string, unknown>;
    for (let depth = 0; depth < 100_000; depth++) {
      const next = copy.next as Record<string, unknown> | Record<string, unknown>[];
      copy = Array.isArray(next) ? (next[0] as Record<string, unknown>) : next;
    }
    expect(copy).toEqual({ token: REDACTED, note: `echo of ${REDACTED}` });
  });

  it('keeps an own __proto__ key of a body as a key', () => {
    const body = JSON.parse('{"__proto__":{"polluted":true},"a":1}') as Record<string, unknown>;
    const redacted = redactJson(body, false) as Record<string, unknown>;
    expect(Object.keys(redacted)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(redacted)).toBe(Object.prototype);
    expect((redacted as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('copies the body fields of the response and redacts its issue', () => {
    const redacted = redactExchange(
      exchange({
        response: {
          status: 200,
          headers: {},
          bodyText: '"x',
          truncated: true,
          cut: true,
          bodyBytes: 2_000_000,
          declaredBytes: 9_000_000,
          bodyIssue: 'body over 1048576 bytes, cut near s3cr3t-value',
        },
      }),
      ['s3cr3t-value'],
    );
    expect(redacted.response).toEqual({
      status: 200,
      headers: {},
      bodyText: '"x',
      truncated: true,
      cut: true,
      bodyBytes: 2_000_000,
      declaredBytes: 9_000_000,
      bodyIssue: `body over 1048576 bytes, cut near ${REDACTED}`,
    });
  });
});

describe('toCurl', () => {
  it('puts environment variables in place of credentials headers', () => {
    const line = toCurl(
      exchange({
        request: {
          method: 'GET',
          url: 'http://127.0.0.1:8080/v2/customers/lookup/points/balance?identifierName=email,mobile',
          headers: { authorization: `Basic ${REDACTED}`, accept: 'application/json' },
        },
      }),
    );
    expect(line).toContain('-H "authorization: Basic $LC_CAPILLARY_BASIC"');
    expect(curlArgs(line, { LC_CAPILLARY_BASIC: 'dTpw' })).toEqual([
      '-sS',
      '-i',
      '-X',
      'GET',
      'http://127.0.0.1:8080/v2/customers/lookup/points/balance?identifierName=email,mobile',
      '-H',
      'authorization: Basic dTpw',
      '-H',
      'accept: application/json',
    ]);
  });

  it('never prints a credential, even from an exchange that was not redacted', () => {
    const line = toCurl(
      exchange({
        operationId: 'generateOAuthToken',
        request: {
          method: 'POST',
          url: 'http://127.0.0.1/v3/oauth/token/generate',
          headers: { 'x-cap-api-oauth-token': 'raw-token-1', authorization: 'Bearer raw-bearer-2' },
          body: { key: 'raw-key-3', secret: 'raw-secret-4' },
        },
      }),
    );
    expect(line).not.toMatch(/raw-/);
    const args = curlArgs(line, {
      LC_CAPILLARY_OAUTH_TOKEN: 'T',
      LC_FABRIC_TOKEN: 'B',
      LC_CAPILLARY_OAUTH_KEY: 'K',
      LC_CAPILLARY_OAUTH_SECRET: 'S',
    });
    expect(args).toContain('x-cap-api-oauth-token: T');
    expect(args).toContain('authorization: Bearer B');
    expect(args.at(-1)).toBe('{"key":"K","secret":"S"}');
  });

  it('quotes values with single quotes, dollars and backticks so the shell passes them through', () => {
    const marker = join(tmpdir(), `lc-curl-${process.pid}-${Date.now()}`);
    const hostile = `O'Brien $(touch ${marker}) \`touch ${marker}\` $HOME "q" \\ !x`;
    const line = toCurl(
      exchange({
        request: {
          method: 'POST',
          url: `http://127.0.0.1/v2/x?name=${encodeURIComponent(hostile)}&raw='`,
          headers: { 'x-note': hostile, authorization: `Basic ${REDACTED}` },
          body: { reason: hostile, password: REDACTED },
        },
      }),
    );
    const args = curlArgs(line, { LC_CAPILLARY_BASIC: 'b64', LC_PASSWORD: 'pw' });
    expect(args).toContain(`x-note: ${hostile}`);
    expect(args).toContain(`http://127.0.0.1/v2/x?name=${encodeURIComponent(hostile)}&raw='`);
    expect(args).toContain('authorization: Basic b64');
    expect(JSON.parse(args.at(-1)!)).toEqual({ reason: hostile, password: 'pw' });
    expect(existsSync(marker)).toBe(false);
  });

  it('sends a raw body byte for byte, redacted pieces as $LC_SECRET', () => {
    const line = toCurl(
      exchange({
        request: { method: 'POST', url: 'http://h/x', headers: {}, bodyText: `{"broken": 'x' ${REDACTED}` },
      }),
    );
    expect(curlArgs(line, { LC_SECRET: 'S' }).at(-1)).toBe(`{"broken": 'x' S`);
  });

  it('redacts the secrets it is given from free text', () => {
    const line = toCurl(
      exchange({ request: { method: 'GET', url: 'http://h/x?who=sekrit-9', headers: {} } }),
      ['sekrit-9'],
    );
    expect(line).not.toContain('sekrit-9');
  });
});

describe('shellWord', () => {
  it('uses double quotes only when nothing in them would be interpreted', () => {
    expect(shellWord([{ text: 'A: ' }, { env: 'V' }])).toBe('"A: $V"');
    expect(shellWord([{ env: 'V' }, { text: 'x' }])).toBe(`"\${V}x"`);
    expect(shellWord([{ text: 'a"b ' }, { env: 'V' }])).toBe(`'a"b '"\${V}"`);
    expect(shellWord([{ text: "it's" }])).toBe(`'it'\\''s'`);
    expect(shellWord([])).toBe("''");
  });
});

describe('requestUrlParts', () => {
  it('gives origin and path of a URL, and of one a short secret made unparsable, never throwing', () => {
    expect(requestUrlParts('http://127.0.0.1:8080/v2/points/balance?x=1')).toEqual({
      origin: 'http://127.0.0.1:8080',
      pathname: '/v2/points/balance',
    });
    const redacted = 'http://[REDACTED]27.0.0.[REDACTED]:8080/v2/points/balance?x=[REDACTED]';
    expect(() => new URL(redacted)).toThrow();
    expect(requestUrlParts(redacted)).toEqual({
      origin: 'http://[REDACTED]27.0.0.[REDACTED]:8080',
      pathname: '/v2/points/balance',
    });
    expect(requestUrlParts('[REDACTED]')).toEqual({ origin: '[REDACTED]', pathname: '/' });
  });
});
