import { AsyncLocalStorage } from 'node:async_hooks';
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import pc from 'picocolors';

/**
 * Pact's native verifier in a process of its own. The Rust core prints its progress straight to
 * file descriptor 1, coloured whatever the environment says (it reads neither `NO_COLOR` nor
 * `TERM`, and Pact JS does not pass the core's colour switch on). Run in a child process with its
 * output piped, that output can be passed on unchanged to a terminal that shows colours, or
 * without ANSI escapes where colours are off (`NO_COLOR`, a file, a CI log without colours), as
 * the console reporter decides with picocolors. Everything else stays in this process: Pact JS's
 * proxy, which calls the state handlers and the request filter, listens on loopback, and the core
 * reaches it there from the child as it would in-process.
 */

/** The options Pact JS hands its core (`pact-core` `verifyPacts`), as far as they are read here. */
type CoreOptions = Record<string, unknown>;

/** `@pact-foundation/pact-core`'s default export, the object Pact JS's `Verifier` calls. */
interface PactCore {
  verifyPacts(options: CoreOptions): Promise<string>;
}

/** What the child sends back: the verifier's JSON report (`ok`) or the text of its failure. */
interface ChildAnswer {
  readonly ok: boolean;
  readonly text: string;
}

/** Options of {@link withVerifierProcess}. */
export interface VerifierProcessOptions {
  /** Keep the verifier's ANSI colours; default: as picocolors decides for this process's stdout. */
  readonly colour?: boolean;
  /**
   * Whether the verifier may publish results. When false, `PACT_BROKER_PUBLISH_VERIFICATION_RESULTS`
   * is left out of the child's environment: Pact would otherwise publish whenever it is set.
   */
  readonly publish: boolean;
  /** Where the verifier's output goes; default this process's stdout and stderr. */
  readonly stdout?: (text: string) => void;
  readonly stderr?: (text: string) => void;
}

/** The child: loads Pact's core, runs one verification with the options it is sent, answers. */
const CHILD_SOURCE = `
const core = require(process.env.LC_PACT_CORE_PATH);
process.once('message', (options) => {
  // As Pact JS does in its own process: the core's logger at the verification's level.
  if (options.logLevel) core.logLevel(options.logLevel);
  const answer = (message) => process.send(message, () => process.disconnect());
  Promise.resolve()
    .then(() => core.verifyPacts(options))
    .then(
      (text) => answer({ ok: true, text: String(text) }),
      (error) => answer({ ok: false, text: error && error.message ? String(error.message) : String(error) }),
    );
});
`;

/** Options the child cannot receive (functions, run by Pact JS's proxy in this process). */
const IN_PROCESS_OPTIONS = ['stateHandlers', 'requestFilter', 'beforeEach', 'afterEach', 'messageProviders'];

/** ANSI escape sequences (CSI, with their parameters), as the verifier writes them. */
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;?]*[ -/]*[@-~]`, 'g');

/** Text without ANSI escape sequences. */
export const stripAnsi = (text: string) => text.replace(ANSI, '');

/** The options of the verification under way, in the asynchronous context of its `body`. */
const current = new AsyncLocalStorage<VerifierProcessOptions & { colour: boolean }>();

/** Whether Pact's core has been given the dispatcher below. */
let dispatching = false;

/**
 * Runs `body` (a verification with Pact JS's `Verifier`) with Pact's native verifier in a child
 * process. Pact JS calls its core's `verifyPacts`; on first use that method is given a dispatcher
 * which, called within `body` (found by its asynchronous context, so verifications running at the
 * same time keep their own options), sends the options to a child and answers exactly as the core
 * would (resolving with the JSON report, rejecting with an error whose message is the report),
 * and otherwise calls the core's own method.
 */
export async function withVerifierProcess<T>(
  options: VerifierProcessOptions,
  body: () => Promise<T>,
): Promise<T> {
  const { core, path } = pactCore();
  if (!dispatching) {
    const own = core.verifyPacts.bind(core);
    Object.defineProperty(core, 'verifyPacts', {
      configurable: true,
      writable: true,
      value: (coreOptions: CoreOptions) => {
        const under = current.getStore();
        return under ? runInChild(path, coreOptions, under) : own(coreOptions);
      },
    });
    dispatching = true;
  }
  return current.run({ ...options, colour: options.colour ?? pc.isColorSupported }, body);
}

/** Pact's core as Pact JS loads it (the same module instance), and the path the child loads. */
function pactCore(): { core: PactCore; path: string } {
  const fromHere = createRequire(import.meta.url);
  const fromPact = createRequire(fromHere.resolve('@pact-foundation/pact'));
  const path = fromPact.resolve('@pact-foundation/pact-core');
  return { core: fromPact(path) as PactCore, path };
}

function runInChild(
  corePath: string,
  coreOptions: CoreOptions,
  options: VerifierProcessOptions & { colour: boolean },
): Promise<string> {
  const env: NodeJS.ProcessEnv = { ...process.env, PACT_DO_NOT_TRACK: 'true', LC_PACT_CORE_PATH: corePath };
  if (!options.publish) delete env.PACT_BROKER_PUBLISH_VERIFICATION_RESULTS;
  const message = JSON.parse(
    JSON.stringify(
      Object.fromEntries(Object.entries(coreOptions).filter(([key]) => !IN_PROCESS_OPTIONS.includes(key))),
    ),
  ) as CoreOptions;
  const stdout = lineWriter(options.stdout ?? ((text) => process.stdout.write(text)), options.colour);
  const stderr = lineWriter(options.stderr ?? ((text) => process.stderr.write(text)), options.colour);
  return new Promise<string>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', CHILD_SOURCE], {
      env,
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    let answer: ChildAnswer | undefined;
    child.stdout?.on('data', (chunk: Buffer) => stdout.write(chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => stderr.write(chunk.toString('utf8')));
    child.on('message', (received) => {
      answer = received as ChildAnswer;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => {
      stdout.end();
      stderr.end();
      if (answer?.ok) resolve(answer.text);
      else if (answer) reject(new Error(answer.text));
      else
        reject(
          new Error(`the Pact verifier process ended without a report (${signal ?? `exit code ${code}`})`),
        );
    });
    child.send(message);
  });
}

/** Passes text on line by line, without ANSI escapes unless colours are on (an escape never spans lines). */
function lineWriter(write: (text: string) => void, colour: boolean) {
  let pending = '';
  return {
    write(text: string) {
      if (colour) {
        write(text);
        return;
      }
      pending += text;
      const end = pending.lastIndexOf('\n');
      if (end < 0) return;
      write(stripAnsi(pending.slice(0, end + 1)));
      pending = pending.slice(end + 1);
    },
    end() {
      if (pending) write(stripAnsi(pending));
      pending = '';
    },
  };
}
