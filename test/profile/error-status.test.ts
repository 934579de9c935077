import { describe, expect, it } from 'vitest';
import {
  clientErrorStatusOpen,
  describeApiErrorStatus,
  refusedWithoutEnvelope,
  refusedWithoutJson,
  statusAllowedForErrors,
} from '../../src/profile/index.ts';
import type { ApiErrorStatus } from '../../src/profile/types.ts';

describe('describeApiErrorStatus', () => {
  it('words each form of the setting for a check’s expected value', () => {
    expect(describeApiErrorStatus('any-4xx')).toBe('a 4xx');
    expect(describeApiErrorStatus(400)).toBe('status 400');
    expect(describeApiErrorStatus([400])).toBe('status 400');
    expect(describeApiErrorStatus([400, 422])).toBe('status 400 or 422');
    expect(describeApiErrorStatus([200, 201, 400])).toBe('status 200, 201 or 400');
    expect(describeApiErrorStatus('any')).toBe('any status with an error code');
  });
});

describe('statusAllowedForErrors', () => {
  const allowed = (setting: ApiErrorStatus) =>
    [200, 201, 204, 302, 400, 401, 404, 422, 429, 499, 500, 503].filter((status) =>
      statusAllowedForErrors(setting, status),
    );

  it('any-4xx: every 4xx but 429', () => {
    expect(allowed('any-4xx')).toEqual([400, 401, 404, 422, 499]);
  });

  it('an integer: that status only', () => {
    expect(allowed(422)).toEqual([422]);
  });

  it('a list: its statuses, a 2xx included (legacy v2 reports failures with 200/201)', () => {
    expect(allowed([200, 201, 400])).toEqual([200, 201, 400]);
    expect(allowed([400, 422])).toEqual([400, 422]);
  });

  it('any: every status from 200 to 499 but 429', () => {
    expect(allowed('any')).toEqual([200, 201, 204, 302, 400, 401, 404, 422, 499]);
  });

  it('never takes a 429 or a 5xx for a refusal, even when a setting names it', () => {
    for (const setting of ['any-4xx', 'any', 429, [429, 400]] as const) {
      expect(statusAllowedForErrors(setting, 429)).toBe(false);
      expect(statusAllowedForErrors(setting, 500)).toBe(false);
    }
  });
});

describe('clientErrorStatusOpen', () => {
  it('is open when more than one 4xx is acceptable, pinned when exactly one is', () => {
    expect(clientErrorStatusOpen('any-4xx')).toBe(true);
    expect(clientErrorStatusOpen('any')).toBe(true);
    expect(clientErrorStatusOpen([400, 422])).toBe(true);
    expect(clientErrorStatusOpen(400)).toBe(false);
    expect(clientErrorStatusOpen([200, 400])).toBe(false);
    expect(clientErrorStatusOpen([400, 429])).toBe(false);
  });
});

describe('refusedWithoutEnvelope', () => {
  it("is a 4xx JSON object reporting no code (a framework's own refusal), never a 429, a 2xx or an envelope", () => {
    const detail = { detail: [{ type: 'greater_than', loc: ['body', 'pointsToBeAdjusted'] }] };
    expect(refusedWithoutEnvelope(422, detail)).toBe(true);
    expect(refusedWithoutEnvelope(400, {})).toBe(true);
    expect(refusedWithoutEnvelope(429, detail)).toBe(false);
    expect(refusedWithoutEnvelope(200, detail)).toBe(false);
    expect(refusedWithoutEnvelope(500, detail)).toBe(false);
    expect(refusedWithoutEnvelope(400, { errors: [{ code: '8015' }] })).toBe(false);
    // errors null, empty or only messages reports no code either (third variant hunt: Capillary's
    // own token envelope writes errors null when there is none); the envelope's items must have one.
    expect(refusedWithoutEnvelope(400, { errors: null, message: 'Invalid request body' })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: [], message: 'Invalid request body' })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: ['points must be positive'] })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: ['x', { code: 8015 }] })).toBe(false);
    // A list whose items are in a shape of their own, naming no code (JSON:API, express-validator),
    // reports none; an item with a `code` member of any type, or the envelope's boolean `status`,
    // is the envelope's item, judged as such.
    expect(refusedWithoutEnvelope(400, { errors: [{ message: 'no code' }] })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: [{ status: false, message: 'no code' }] })).toBe(false);
    const jsonApi = {
      errors: [{ status: '400', title: 'Invalid Attribute', source: { pointer: '/points' } }],
    };
    expect(refusedWithoutEnvelope(400, jsonApi)).toBe(true);
    const expressValidator = { errors: [{ type: 'field', value: -5, msg: 'Invalid value', path: 'points' }] };
    expect(refusedWithoutEnvelope(400, expressValidator)).toBe(true);
    // A `code` that is null or a name (Zod's issues, Spring's binding errors) is no code of the
    // envelope's numeric kind (ninth variant hunt); an integer or a digit string is one.
    expect(refusedWithoutEnvelope(400, { errors: [{ message: 'x' }, { code: 'NotNull' }] })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: [{ code: 'too_small', path: ['points'] }] })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: [{ code: null, message: 'x' }] })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: [{ code: ' 8015 ', message: 'x' }] })).toBe(false);
    expect(refusedWithoutEnvelope(400, { errors: [{ code: 400, message: 'x' }] })).toBe(false);
    expect(refusedWithoutEnvelope(400, { errors: [{ status: false, code: null }] })).toBe(false);
    expect(refusedWithoutEnvelope(400, { errors: [{ status: false, code: 'NotNull' }] })).toBe(false);
    // One message as `errors` reports no code either (seventh variant hunt: it failed both checks).
    expect(refusedWithoutEnvelope(400, { errors: 'points must be positive' })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: 8015 })).toBe(false);
    // ASP.NET Core's validation problem details: `errors` a map of messages per member (clean room 21).
    const problem = {
      type: 'https://tools.ietf.org/html/rfc9110#section-15.5.1',
      status: 400,
      errors: { points: ['x'] },
    };
    expect(refusedWithoutEnvelope(400, problem)).toBe(true);
    // An empty map beside a message: the fabric-style `{status, message, errors:{}}` (ninth variant hunt).
    expect(refusedWithoutEnvelope(400, { status: 'ERROR', message: 'x', errors: {} })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: { code: 8015 } })).toBe(false);
    // Phoenix's ErrorJSON: `errors` a map of one message (clean room 27); a `code` member is a code.
    expect(refusedWithoutEnvelope(409, { errors: { detail: 'Conflict' } })).toBe(true);
    expect(refusedWithoutEnvelope(422, { errors: { points: ['is invalid'], detail: 'x' } })).toBe(true);
    expect(refusedWithoutEnvelope(400, { errors: { code: '8015', message: 'x' } })).toBe(false);
    expect(refusedWithoutEnvelope(400, { errors: { detail: 8015 } })).toBe(false);
    expect(refusedWithoutEnvelope(400, { errors: { points: [8015] } })).toBe(false);
    // An embedded schema's map in a map (Ecto, DRF's nested serializers), and a bare list of messages
    // (Rails' `errors.full_messages`): messages alone (seventh variant hunt); a code anywhere is one.
    expect(refusedWithoutEnvelope(422, { errors: { customer: { email: ["can't be blank"] } } })).toBe(true);
    expect(refusedWithoutEnvelope(422, { errors: { customer: { code: 8015 } } })).toBe(false);
    // A map's member is read as a list's item: Mongoose's validator errors name no code (ninth hunt).
    const mongoose = { points: { name: 'ValidatorError', kind: 'min', value: -5, properties: { min: 1 } } };
    expect(refusedWithoutEnvelope(400, { errors: mongoose, name: 'ValidationError' })).toBe(true);
    expect(refusedWithoutEnvelope(422, { errors: { a: { status: false, message: 'x' } } })).toBe(false);
    expect(refusedWithoutEnvelope(422, { errors: { a: 'x', b: 8015 } })).toBe(false);
    expect(refusedWithoutEnvelope(422, ['Points must be greater than 0'])).toBe(true);
    // JSON's nothing reports no code, as an empty body does (variant hunt 20: Rails' `render json:
    // nil`, Go encoding a nil pointer or slice); a 2xx or a 429 so is still no refusal.
    expect(refusedWithoutEnvelope(422, [])).toBe(true);
    expect(refusedWithoutEnvelope(400, null)).toBe(true);
    expect(refusedWithoutEnvelope(400, '')).toBe(true);
    expect(refusedWithoutEnvelope(200, null)).toBe(false);
    expect(refusedWithoutEnvelope(429, null)).toBe(false);
    expect(refusedWithoutEnvelope(422, ['x', 8015])).toBe(false);
    expect(refusedWithoutEnvelope(400, [detail])).toBe(true);
    expect(refusedWithoutEnvelope(400, [{ status: false, message: 'x' }])).toBe(false);
    expect(refusedWithoutEnvelope(400, undefined)).toBe(false);
    // One message as a JSON string: ASP.NET Core's BadRequest("…") for a client accepting JSON (variant hunt 19).
    expect(refusedWithoutEnvelope(400, 'pointsToBeAdjusted must be greater than 0')).toBe(true);
    expect(refusedWithoutEnvelope(200, 'ok')).toBe(false);
  });
});

describe('refusedWithoutJson', () => {
  it('is a 4xx text/plain or HTML message or an empty body (axum, Express, Flask, ASP.NET Core), never JSON, a 2xx, a 5xx or a 429', () => {
    const text = (status: number, contentType: string, bodyText: string, body?: unknown) => ({
      status,
      headers: { 'content-type': contentType },
      bodyText,
      ...(body === undefined ? {} : { body }),
    });
    const axum =
      'Failed to deserialize the JSON body into the target type: missing field `points` at line 1 column 9';
    expect(refusedWithoutJson(text(422, 'text/plain; charset=utf-8', axum))).toBe(true);
    expect(
      refusedWithoutJson(
        text(415, 'text/plain; charset=utf-8', 'Expected request with `Content-Type: application/json`'),
      ),
    ).toBe(true);
    expect(refusedWithoutJson(text(429, 'text/plain', axum))).toBe(false);
    expect(refusedWithoutJson(text(200, 'text/plain', axum))).toBe(false);
    expect(refusedWithoutJson(text(500, 'text/plain', axum))).toBe(false);
    // Express's res.send, Flask's abort(400), nginx's page (variant hunt 19); a 200 page is no refusal.
    expect(refusedWithoutJson(text(400, 'text/html; charset=utf-8', 'points is required'))).toBe(true);
    expect(refusedWithoutJson(text(200, 'text/html', '<html>login</html>'))).toBe(false);
    // No body at all: ASP.NET Core minimal APIs in production, Rails' head :bad_request.
    expect(refusedWithoutJson(text(400, 'text/plain', ''))).toBe(true);
    expect(refusedWithoutJson(text(422, '', ''))).toBe(true);
    // Text with no Content-Type at all (Node's bare http module, variant hunt 21); a 200 so is no refusal.
    const bare = (status: number) => ({
      status,
      headers: {},
      bodyText: 'pointsToBeAdjusted must be a number',
    });
    expect(refusedWithoutJson(bare(400))).toBe(true);
    expect(refusedWithoutJson(bare(200))).toBe(false);
    expect(refusedWithoutJson(bare(429))).toBe(false);
    // A JSON object or list with no media type is JSON all the same: judged as the body it is.
    const bareJson = {
      status: 400,
      headers: {},
      bodyText: '{"errors":[{"code":8015}]}',
      body: { errors: [{ code: 8015 }] },
    };
    expect(refusedWithoutJson(bareJson)).toBe(false);
    expect(refusedWithoutJson({ status: 400, headers: {}, bodyText: '[]', body: [] })).toBe(false);
    // An empty body is no JSON whatever its media type; a JSON scalar declared as JSON is JSON.
    expect(refusedWithoutJson(text(400, 'application/json', ''))).toBe(true);
    expect(refusedWithoutJson(text(200, 'application/json', ''))).toBe(false);
    expect(refusedWithoutJson(text(400, 'application/json', '"bad"', 'bad'))).toBe(false);
    // Some other media type is not a framework's message: judged as before.
    expect(refusedWithoutJson(text(400, 'application/xml', '<error/>'))).toBe(false);
    // JSON text sent as text/plain is JSON to the client: judged as the body it is.
    expect(refusedWithoutJson(text(400, 'text/plain', '{"errors":[]}', { errors: [] }))).toBe(false);
    // A message that happens to read as a JSON scalar is a message (Go's http.Error(w, "400", 400)).
    expect(refusedWithoutJson(text(400, 'text/plain; charset=utf-8', '400\n', 400))).toBe(true);
    expect(refusedWithoutJson(text(400, 'text/html', 'null', null))).toBe(true);
    expect(refusedWithoutJson(text(400, 'application/json', '400', 400))).toBe(false);
    expect(refusedWithoutJson(text(400, 'text/plain', '[]', []))).toBe(false);
    expect(refusedWithoutJson(undefined)).toBe(false);
  });
});
