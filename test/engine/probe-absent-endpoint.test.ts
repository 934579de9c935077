import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import { isToolError } from '../../src/errors.ts';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';

/**
 * A base URL with a wrong path: the target's framework answers its own JSON 404 to every documented
 * request. That is a profile mistake (exit 2 before any scenario), never a report full of failures
 * blamed on the target (15 fails and 70 errors for a wrong capillary.baseUrl, 7 fabric fails for
 * a wrong fabric.baseUrl, before).
 */

let reference: ReferenceServer;
/** Answers every request 404 with the balance page's "customer not found" (8015) in the envelope. */
let notFound: Server;
let notFoundUrl: string;

beforeAll(async () => {
  reference = await startReferenceServer({ port: 0 });
  notFound = createServer((_request, response) => {
    response
      .writeHead(404, { 'content-type': 'application/json' })
      .end(
        '{"errors":[{"status":false,"code":8015,"message":"Customer not found for the given identifiers"}]}',
      );
  });
  await new Promise<void>((resolve) => notFound.listen(0, '127.0.0.1', resolve));
  notFoundUrl = `http://127.0.0.1:${(notFound.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await reference.close();
  await new Promise<void>((resolve) => notFound.close(() => resolve()));
});

const failure = (options: Parameters<typeof conform>[0]) =>
  conform(options).then(
    () => undefined,
    (error: unknown) => error,
  );

describe('the first answers: a documented endpoint answered 404 without a documented code', () => {
  it('a wrong capillary base path ends the run as LC_ERR_TARGET_NOT_API naming the org and the request', async () => {
    const error = await failure({ target: `${reference.url}/wrong`, fabricUrl: `${reference.url}/api` });
    expect(isToolError(error, 'LC_ERR_TARGET_NOT_API')).toBe(true);
    expect((error as Error).message).toMatch(
      /org strict: GET \/wrong\/v2\/customers\/lookup\/points\/balance got 404.*\. Check capillary\.baseUrl \(or --target\)/,
    );
  });

  it('a wrong fabric base path ends the run as LC_ERR_TARGET_NOT_API naming fabric and the request', async () => {
    const error = await failure({ target: reference.url, fabricUrl: `${reference.url}/wrong` });
    expect(isToolError(error, 'LC_ERR_TARGET_NOT_API')).toBe(true);
    expect((error as Error).message).toMatch(
      /fabric: POST \/wrong\/v1\/members\/points-adjustment got 404.*\. Check fabric\.baseUrl \(or --target\)/,
    );
  });

  it('a 404 carrying a documented code is the API answering: the fixture check names the customer', async () => {
    const error = await failure({ target: notFoundUrl });
    expect(isToolError(error, 'LC_ERR_PROFILE_FIXTURE_UNKNOWN')).toBe(true);
  });
});
