import { describe, expect, it } from 'vitest';
import { isLoopbackHost } from '../src/loopback.ts';

describe('isLoopbackHost', () => {
  it('knows 127.0.0.0/8, ::1 (bare or as a URL hostname writes it) and localhost', () => {
    for (const host of ['127.0.0.1', '127.5.6.7', '::1', '[::1]', 'localhost']) {
      expect(isLoopbackHost(host), host).toBe(true);
    }
  });

  it('does not take a host that only looks like one', () => {
    for (const host of [
      '128.0.0.1',
      '0.0.0.0',
      '127.0.0.1.example.com',
      'localhost.example',
      '::',
      'example.com',
    ]) {
      expect(isLoopbackHost(host), host).toBe(false);
    }
  });
});
