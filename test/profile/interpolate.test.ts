// biome-ignore-all lint/suspicious/noTemplateCurlyInString: these strings are profile text with ${VAR} references.
import { describe, expect, it } from 'vitest';
import { interpolate, interpolateCollecting } from '../../src/profile/interpolate.ts';
import { parseProfile } from '../../src/profile/load-profile.ts';
import { editedReference, errorOf } from './support.ts';

describe('interpolate', () => {
  it('replaces a set variable, also inside a longer string', () => {
    expect(interpolate({ a: '${HOST}', b: 'https://${HOST}/api' }, { HOST: 'h.example' }, 'p.yaml')).toEqual({
      a: 'h.example',
      b: 'https://h.example/api',
    });
  });

  it('uses the default when the variable is unset or empty', () => {
    const document = { a: '${A:-one}', b: '${B:-two}', c: '${C:-}' };
    expect(interpolate(document, { B: '' }, 'p.yaml')).toEqual({ a: 'one', b: 'two', c: '' });
  });

  it('prefers a set variable over the default', () => {
    expect(interpolate({ a: '${A:-one}' }, { A: 'set' }, 'p.yaml')).toEqual({ a: 'set' });
  });

  it('leaves keys, numbers and text without references alone', () => {
    const document = { '${KEY}': 1, list: [true, null, 'plain $ text'] };
    expect(interpolate(document, {}, 'p.yaml')).toEqual(document);
  });

  it('writes a literal ${ for $${', () => {
    expect(interpolate({ a: 'cost $${NOT_A_VAR}' }, {}, 'p.yaml')).toEqual({ a: 'cost ${NOT_A_VAR}' });
  });

  it('names the variable and the field when a variable without default is unset', () => {
    const error = errorOf(() =>
      interpolate({ capillary: { orgs: [{ auth: { password: '${CAP_PW}' } }] } }, {}, 'p.yaml'),
    );
    expect(error.code).toBe('LC_ERR_PROFILE_ENV_MISSING');
    expect(error.message).toBe(
      `Profile p.yaml: environment variables not set: CAP_PW (capillary.orgs[0].auth.password); set them, or load a dotenv file with --env-file FILE`,
    );
    expect(error.details).toMatchObject({ variable: 'CAP_PW', field: 'capillary.orgs[0].auth.password' });
  });

  it('lists every unset variable in the details', () => {
    const error = errorOf(() => interpolate({ a: '${X}', b: ['${Y}'] }, {}, 'p.yaml'));
    expect(error.details.missing).toEqual([
      { variable: 'X', field: 'a' },
      { variable: 'Y', field: 'b[0]' },
    ]);
  });

  it('names every unset variable in the one message, each once with all the fields using it', () => {
    const document = { a: '${X}', b: ['${Y}', 'at ${X}'], c: { d: '${Z:-fine}', e: '${W}' } };
    const error = errorOf(() => interpolate(document, { W: 'set' }, 'p.yaml'));
    expect(error.code).toBe('LC_ERR_PROFILE_ENV_MISSING');
    expect(error.message).toBe(
      'Profile p.yaml: environment variables not set: X (a, b[1]), Y (b[0]); set them, or load a dotenv file with --env-file FILE',
    );
    expect(error.message).not.toContain('\n');
  });

  it('collects unset variables without failing when asked to', () => {
    const { document, missing } = interpolateCollecting({ a: '${X}', b: 'k${Y:-v}' }, {}, 'p.yaml');
    expect(document).toEqual({ a: '', b: 'kv' });
    expect(missing).toEqual([{ variable: 'X', field: 'a' }]);
  });

  it('rejects a malformed reference without quoting it', () => {
    for (const text of ['${1ABC}', '${A-b}', 'x ${UNCLOSED']) {
      const error = errorOf(() => interpolate({ secret: text }, {}, 'p.yaml'));
      expect(error.code).toBe('LC_ERR_PROFILE_INVALID');
      expect(error.message).toContain('secret: malformed variable reference');
      expect(error.message).not.toContain(text);
    }
  });

  it('runs before validation when a profile loads', () => {
    const text = editedReference({ set: { 'capillary.orgs.1.auth.password': '${LENIENT_PW}' } });
    expect(errorOf(() => parseProfile(text, 'r.yaml', { env: {} })).message).toContain(
      'environment variables not set: LENIENT_PW (capillary.orgs[1].auth.password)',
    );
    const profile = parseProfile(text, 'r.yaml', { env: { LENIENT_PW: 'from-env' } });
    expect(profile.capillary?.orgs[1]?.auth).toMatchObject({ password: 'from-env' });
  });
});
