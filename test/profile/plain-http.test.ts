import { describe, expect, it } from 'vitest';
import { loadProfile, plainHttpCredentialWarnings, REFERENCE_PROFILE_PATH } from '../../src/profile/index.ts';

const withUrls = (capillary: string, fabric: string) =>
  loadProfile(REFERENCE_PROFILE_PATH, { overrides: { capillaryBaseUrl: capillary, fabricBaseUrl: fabric } });

describe('plainHttpCredentialWarnings', () => {
  it('warns of each family whose credentials go over plain http to another machine', () => {
    const lines = plainHttpCredentialWarnings(
      withUrls('http://staging.example.test:8080', 'http://10.1.2.3/api'),
    );
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(
      /^warning: capillary\.baseUrl is plain http:\/\/ to staging\.example\.test:8080, another machine: .*unencrypted/,
    );
    expect(lines[1]).toMatch(/^warning: fabric\.baseUrl is plain http:\/\/ to 10\.1\.2\.3/);
  });

  it('says nothing of https or of this machine (the embedded provider, serve, a tunnel)', () => {
    expect(
      plainHttpCredentialWarnings(withUrls('https://eu.api.example.test', 'https://x.example.test/api')),
    ).toEqual([]);
    for (const host of ['127.0.0.1:9', 'localhost:8080', '[::1]:8080', '127.0.0.2']) {
      expect(plainHttpCredentialWarnings(withUrls(`http://${host}`, `http://${host}/api`)), host).toEqual([]);
    }
  });
});
