import { AsyncLocalStorage } from 'node:async_hooks';
import { type MockInstance, vi } from 'vitest';
import { main } from '../../src/cli/main.ts';

interface Captured {
  stdout: string;
  stderr: string;
}

/**
 * Which run a write belongs to. Concurrent tests (the hostile battery runs its targets side by
 * side, since most of them only wait) each capture their own output: one spy per stream for all
 * of them, routing each write to the run whose asynchronous context made it.
 */
const current = new AsyncLocalStorage<Captured>();
const running = new Set<Captured>();
let spies: { out: MockInstance; err: MockInstance } | undefined;

/** The run a write belongs to; a write outside every context (a signal handler's) goes to the only run. */
function ownerOfWrite(): Captured | undefined {
  const store = current.getStore();
  if (store || running.size !== 1) return store;
  return running.values().next().value;
}

function spyOn(stream: NodeJS.WriteStream, key: keyof Captured): MockInstance {
  const write = stream.write.bind(stream);
  return vi.spyOn(stream, 'write').mockImplementation(((chunk: string | Uint8Array, ...rest: never[]) => {
    const captured = ownerOfWrite();
    if (!captured) return write(chunk, ...rest);
    captured[key] += String(chunk);
    return true;
  }) as typeof stream.write);
}

/** Runs the CLI with stdout and stderr captured; safe to call from concurrent tests. */
export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const captured: Captured = { stdout: '', stderr: '' };
  spies ??= { out: spyOn(process.stdout, 'stdout'), err: spyOn(process.stderr, 'stderr') };
  running.add(captured);
  try {
    const code = await current.run(captured, () => main(argv));
    return { code, ...captured };
  } finally {
    running.delete(captured);
    if (running.size === 0) {
      spies.out.mockRestore();
      spies.err.mockRestore();
      spies = undefined;
    }
  }
}

/**
 * `run` against a fresh reference provider built with `server` (a faulty one: `handlers`, `hooks`),
 * its base URLs given on the command line before `args`; the provider is closed afterwards.
 */
export async function runCliAgainst(
  server: import('../../src/reference/server.ts').ReferenceServerOptions,
  args: string[],
): Promise<{ code: number; stdout: string; stderr: string }> {
  const { startReferenceServer } = await import('../../src/reference/server.ts');
  const target = await startReferenceServer(server);
  try {
    return await runCli([
      'run',
      '--capillary-url',
      target.capillaryBaseUrl,
      '--fabric-url',
      target.fabricBaseUrl,
      ...args,
    ]);
  } finally {
    await target.close();
  }
}
