import { describe, expect, it } from 'vitest';
import { createServeLog } from '../../src/cli/serve-log.ts';

/** A stdout stand-in whose queue grows with what is written until `drain()`. */
function unreadStream() {
  const written: string[] = [];
  let queued = 0;
  return {
    written,
    get writableLength() {
      return queued;
    },
    write(text: string) {
      written.push(text);
      queued += text.length;
      return true;
    },
    drain() {
      queued = 0;
    },
  };
}

describe('serve log', () => {
  it('writes one timestamped line per request while stdout is read', () => {
    const stream = unreadStream();
    const log = createServeLog(stream, 1_000);
    log('GET /v2/customers/lookup/points/balance 200 1.2ms');
    expect(stream.written).toHaveLength(1);
    expect(stream.written[0]).toMatch(
      /^\d{4}-\d\d-\d\dT\S+ GET \/v2\/customers\/lookup\/points\/balance 200 1\.2ms\n$/,
    );
  });

  it('drops lines past the queue bound while nobody reads, and says how many once the reader catches up', () => {
    const stream = unreadStream();
    const log = createServeLog(stream, 200);
    for (let i = 0; i < 50; i++) log(`POST /x 200 ${i}ms`);
    const kept = stream.written.length;
    expect(kept).toBeLessThan(10);
    expect(stream.writableLength).toBeLessThan(200 + 60);
    stream.drain();
    log('GET /y 200 1ms');
    expect(stream.written.at(-2)).toContain(`${50 - kept} log lines dropped: stdout was not read`);
    expect(stream.written.at(-1)).toContain('GET /y 200 1ms');
  });
});
