import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { conform } from '../../src/engine/conform.ts';
import { isToolError } from '../../src/errors.ts';
import type { Reply } from '../../src/reference/envelopes.ts';
import { type ReferenceServer, startReferenceServer } from '../../src/reference/server.ts';
import { type ProfileSource, profilePathOf } from '../faults/profiles.ts';

/**
 * The fabric probe's refused adjustment answered 400 `text/html`: the API may refuse so (the page
 * documents the 200 answer only), and so does a wrong fabric base URL (nginx's HTML 400 for plain
 * HTTP sent to its HTTPS port). The read of the member inquiry's path tells them apart: a service
 * routes it elsewhere (404, 405, 501, or JSON), a wrong base URL answers it the same page.
 */

const NGINX_400 =
  '<html>\r\n<head><title>400 The plain HTTP request was sent to HTTPS port</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n<center>The plain HTTP request was sent to HTTPS port</center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

const html = (status: number, text: string): Reply => ({
  status,
  body: undefined,
  headers: { 'content-type': 'text/html; charset=utf-8' },
  rawBody: text,
});

let reference: ReferenceServer;
/** Every fabric adjustment answered HTML 400, the valid one too; the inquiry's path Express's 404. */
let broken: ReferenceServer;
/** A wrong fabric base URL: nginx's HTML 400 to every request, whatever its method and path. */
let wrong: Server;
let wrongUrl: string;
/** HTML 400 to every POST, nginx's HTML 503 to every GET (its upstream down for the inquiry's path). */
let down: Server;
let downUrl: string;
/** An Express app refusing in text/html, its single-page app's page (200) at any other GET path. */
let spa: ReferenceServer;

beforeAll(async () => {
  reference = await startReferenceServer({ port: 0 });
  broken = await startReferenceServer({
    port: 0,
    hooks: {
      reply: (operationId, reply) =>
        operationId === 'adjustMemberPoints'
          ? html(400, 'points is required')
          : operationId === 'inquireMemberPoints'
            ? html(404, 'Cannot GET')
            : reply,
    },
  });
  spa = await startReferenceServer({
    port: 0,
    hooks: {
      intercept: (operationId) =>
        operationId === 'inquireMemberPoints' ? html(200, '<!doctype html><div id="root"></div>') : undefined,
      reply: (operationId, reply) =>
        operationId === 'adjustMemberPoints' && reply.status >= 400 ? html(400, 'points is required') : reply,
    },
  });
  wrong = createServer((request, response) => {
    request.resume();
    response.writeHead(400, { 'content-type': 'text/html' }).end(NGINX_400);
  });
  await new Promise<void>((resolve) => wrong.listen(0, '127.0.0.1', resolve));
  wrongUrl = `http://127.0.0.1:${(wrong.address() as AddressInfo).port}`;
  down = createServer((request, response) => {
    request.resume();
    const get = request.method === 'GET';
    response
      .writeHead(get ? 503 : 400, { 'content-type': 'text/html' })
      .end(
        get ? '<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>' : 'points is required',
      );
  });
  await new Promise<void>((resolve) => down.listen(0, '127.0.0.1', resolve));
  downUrl = `http://127.0.0.1:${(down.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await reference.close();
  await broken.close();
  await spa.close();
  await new Promise<void>((resolve) => wrong.close(() => resolve()));
  await new Promise<void>((resolve) => down.close(() => resolve()));
});

const failure = (options: Parameters<typeof conform>[0]) =>
  conform(options).then(
    () => undefined,
    (error: unknown) => error,
  );

const inquiry = (memberInquiry: false | 'auto'): ProfileSource => ({
  edit: (profile) => Object.assign(profile.fabric, { memberInquiry }),
});

/** A run of `server`'s fabric API filtered to `requirement`. */
const judged = (server: ReferenceServer, memberInquiry: false | 'auto', requirement: string) =>
  conform({
    capillaryUrl: server.capillaryBaseUrl,
    fabricUrl: server.fabricBaseUrl,
    profilePath: profilePathOf(inquiry(memberInquiry)),
    requirements: [requirement],
  });

describe('the fabric probe: an adjustment refused in HTML', () => {
  for (const memberInquiry of [false, 'auto'] as const) {
    it(`a wrong fabric base URL answering HTML 400 to every request ends the run in one line (memberInquiry: ${memberInquiry})`, async () => {
      const error = await failure({
        capillaryUrl: reference.capillaryBaseUrl,
        fabricUrl: wrongUrl,
        profilePath: profilePathOf(inquiry(memberInquiry)),
      });
      expect(isToolError(error, 'LC_ERR_TARGET_NOT_API')).toBe(true);
      const message = (error as Error).message;
      expect(message).not.toContain('\n');
      expect(message).toMatch(
        /fabric: POST \/v1\/members\/points-adjustment got 400 text\/html: .*Check fabric\.baseUrl/,
      );
    });
  }

  it('a target whose valid adjustment is refused in HTML too, and whose router answers the inquiry 404, is judged (memberInquiry: false)', async () => {
    const result = await judged(broken, false, 'FAB-ADJ-ADD');
    expect(result.exitCode).toBe(1);
    expect(result.requirements.find((r) => r.id === 'FAB-ADJ-ADD')?.verdict).toBe('fail');
  });

  for (const memberInquiry of [false, 'auto'] as const) {
    it(`a target refusing in HTML whose inquiry path is its app's page (200) is judged (memberInquiry: ${memberInquiry}; variant hunt 52)`, async () => {
      const result = await judged(spa, memberInquiry, 'FAB-ADJ-POINTS-REQUIRED');
      expect(result.exitCode).toBe(0);
      expect(result.requirements.find((r) => r.id === 'FAB-ADJ-POINTS-REQUIRED')?.verdict).toBe('pass');
    });
  }

  it('an inquiry path still unavailable when asked again stops the run as unavailable, not as not the API (variant hunt 22)', async () => {
    const error = await failure({
      capillaryUrl: reference.capillaryBaseUrl,
      fabricUrl: downUrl,
      profilePath: profilePathOf(inquiry(false)),
    });
    expect(isToolError(error, 'LC_ERR_TARGET_UNAVAILABLE')).toBe(true);
  });
});
