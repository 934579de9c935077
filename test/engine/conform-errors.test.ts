import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ConformOptions, conform } from '../../src/engine/conform.ts';
import { isToolError } from '../../src/errors.ts';

/** A target that refuses every request with a pretty-printed (multi-line) JSON body. */
let server: Server;
let url: string;
const REFUSAL = '{\n  "errors": [\n    { "code": 401, "message": "bad credentials" }\n  ]\n}';

beforeAll(async () => {
  server = createServer((_request, response) => {
    response.writeHead(401, { 'content-type': 'application/json' }).end(REFUSAL);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('conform', () => {
  it('rejects with a tool error whose message is one line when the target quotes lines', async () => {
    const error = await conform({ target: url }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isToolError(error, 'LC_ERR_AUTH_REJECTED')).toBe(true);
    if (!isToolError(error)) return;
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain('401 { "errors": [ { "code": 401');
    // The structured field keeps the answer as it came.
    expect(error.details.answer).toContain('\n  "errors": [\n');
  });
});

describe('conform options', () => {
  it('refuses an option it does not read instead of judging the embedded reference provider', async () => {
    // From plain JavaScript, the CLI's spelling `profile` once ran the embedded reference provider
    // and resolved with exit code 0, as if the caller's own target were conformant.
    const options = { profile: 'config/staging.yaml', tag: ['smoke'] } as unknown as ConformOptions;
    const error = await conform(options).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(isToolError(error, 'LC_ERR_CLI_USAGE')).toBe(true);
    if (!isToolError(error)) return;
    expect(error.exitCode).toBe(2);
    expect(error.message).toMatch(
      /^conform\(\): unknown options profile \(did you mean profilePath\?\), tag \(did you mean tags\?\); it reads .*profilePath/,
    );
    expect(error.message).not.toMatch(/[\r\n]/);
  });

  it('names a lone unknown option without a suggestion when none is near', async () => {
    const error = await conform({ targetUrl: url } as unknown as ConformOptions).catch((e: unknown) => e);
    expect(isToolError(error, 'LC_ERR_CLI_USAGE')).toBe(true);
    expect((error as Error).message).toContain('unknown option targetUrl;');
  });
});
