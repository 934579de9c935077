import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_REPORTERS, REPORTER_NAMES } from '../../reporters/registry.ts';
import { DEFAULT_JUNIT_WARN_AS, JUNIT_WARN_AS } from '../../reporters/types.ts';
import { isToolError, oneLine, toolError } from '../errors.ts';
import { packageVersion } from '../version.ts';
import type { CompareCommandOptions } from './compare-command.ts';
import { DEFAULT_DIFF_FAIL_ON, DEFAULT_EVIDENCE } from './defaults.ts';
import type { DiffCommandOptions } from './diff-command.ts';
import { exitOnEarlyInterrupt } from './early-interrupt.ts';
import type { ListCommandOptions } from './list-command.ts';
import type { MergeCommandOptions } from './merge-command.ts';
import type { PactExportCommandOptions, PactVerifyCommandOptions } from './pact-command.ts';
import type { PlanCommandOptions } from './plan-command.ts';
import type { RunCommandOptions } from './run-command.ts';
import type { ServeOptions } from './serve-command.ts';
import { SELECTION_OPTIONS, TARGET_OPTIONS, withOptions } from './shared-options.ts';
import type { SpecCompatCommandOptions } from './spec-compat-command.ts';

/** `run`'s options as commander parses them: `--profile` repeatable, `--parallel-targets`. */
type RunCliOptions = Omit<RunCommandOptions, 'profile'> & {
  profile?: string[];
  parallelTargets?: boolean;
};

// Each command's module is imported inside its action: `--help` and the light commands (`list`,
// `validate`, `diff`, `compare`, `plan`) load neither ajv, nor undici, nor anything they do not use.

/** Exit codes: 0 conformant, 1 non-conformant, 2 usage, configuration or target error. */
export const EXIT = { conformant: 0, nonConformant: 1, toolError: 2 } as const;

/** The long flags `command` accepts: its own, its ancestors' (`--env-file`) and `--help`. */
function knownFlags(command: Command): Set<string> {
  const flags = new Set(['--help']);
  for (let c: Command | null = command; c; c = c.parent) {
    for (const option of c.options) if (option.long) flags.add(option.long);
  }
  return flags;
}

/**
 * What commander lets through or words by its own count: an option whose value is missing and
 * that took the next option as its value (`--baseline $LAST_REPORT --fail-on new` with the
 * variable unset reads as `--baseline=--fail-on` and a stray `new`), and arguments a command does
 * not take (commander's "too many arguments … Expected 0 arguments but got 1" names neither the
 * argument nor the option it was meant for). Each is a usage error naming what to fix.
 */
export function checkArguments(command: Command): void {
  const usage = (reason: string) => toolError('LC_ERR_CLI_USAGE', { reason });
  const flags = knownFlags(command);
  for (let c: Command | null = command; c; c = c.parent) {
    for (const option of c.options) {
      if (!option.required && !option.optional) continue;
      const value: unknown = c.getOptionValue(option.attributeName());
      const taken = (Array.isArray(value) ? value : [value]).find(
        (v): v is string => typeof v === 'string' && flags.has(v.split('=')[0]!),
      );
      if (taken !== undefined) {
        throw usage(
          `${option.long} needs a value, but the next argument is the option ${taken} (an empty or unset variable? quote it: ${option.long} "$VAR")`,
        );
      }
    }
  }
  const declared = command.registeredArguments;
  if (declared.at(-1)?.variadic) return;
  const extra = command.args.slice(declared.length);
  if (extra.length === 0) return;
  const takes =
    declared.length === 0
      ? 'it takes options only, each value right after its option'
      : `it takes ${declared.map((a) => `<${a.name()}>`).join(' ')}`;
  throw usage(
    `unexpected argument${extra.length === 1 ? '' : 's'} ${extra.map((a) => JSON.stringify(a)).join(' ')} for '${command.name()}': ${takes}`,
  );
}

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('loyalty-conformance')
    .description('Conformance suite for loyalty-points REST APIs')
    .version(packageVersion())
    .exitOverride()
    // Each command's --help lists --env-file too: a user reads `run --help`, not the top level.
    .configureHelp({ showGlobalOptions: true })
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // What the parser refuses (an unknown option or command, a missing or invalid argument) is
      // a usage error like any other: one coded line, its "(Did you mean …?)" hint joined onto it.
      outputError: (text) =>
        process.stderr.write(
          `loyalty-conformance: LC_ERR_CLI_USAGE: ${oneLine(text.replace(/^error: /, ''))}\n`,
        ),
    })
    .option(
      '--env-file <file>',
      'load environment variables from a dotenv file before the profile is read (variables already set win)',
    );
  // Excess arguments are checked by `checkArguments` (before any other hook), which names them.
  program.allowExcessArguments(true);
  program.hook('preAction', (_program, command) => checkArguments(command));
  // Before any command's action, so that a profile's ${VAR} resolves from the file.
  program.hook('preAction', async () => {
    const envFile = program.opts<{ envFile?: string }>().envFile;
    if (envFile !== undefined) (await import('./env-file.ts')).loadEnvFile(envFile);
  });

  program
    .command('list')
    .description('list the requirement catalogue (or, with --uncovered, what no scenario verifies)')
    .addOption(
      new Option('--format <format>', 'text, md or json').choices(['text', 'md', 'json']).default('text'),
    )
    .option('--requirement <ids...>', 'only these requirement IDs')
    .option('--uncovered', 'only requirements no scenario or universal check verifies, with the reason')
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (options: ListCommandOptions) => {
      const { listCommand } = await import('./list-command.ts');
      setExit(await listCommand(options));
    });

  const plan = program
    .command('plan')
    .description(
      'say per requirement whether a profile lets the suite judge it, and what to add where it does not (sends no request)',
    )
    .option('--profile <file>', 'target profile (config/*.yaml); default: config/reference.yaml')
    .addOption(
      new Option('--format <format>', 'text, md or json').choices(['text', 'md', 'json']).default('text'),
    )
    .option('--out <file>', 'write to a file instead of stdout');
  withOptions(plan, SELECTION_OPTIONS)
    .option('--allow-mutations', 'plan a production run with --allow-mutations (as run would)')
    .action(async (options: PlanCommandOptions) => {
      const { planCommand } = await import('./plan-command.ts');
      setExit(await planCommand(options));
    });

  const run = program
    .command('run')
    .description(
      'run the conformance suites against a target (default: the embedded reference provider, both orgs)',
    )
    .option(
      '--profile <file>',
      'target profile (config/*.yaml); default: the embedded reference provider. Repeat it to run several targets, each into --out/<profile name>/, and compare them in --out',
      (file: string, earlier: string[] | undefined) => [...(earlier ?? []), file],
    )
    .option(
      '--parallel-targets',
      'with several --profile: run the targets at once instead of one after another',
    );
  // `run` itself, past its options (below) and the early-interrupt guard around it.
  const runAction = async ({ profile: profiles = [], parallelTargets, ...cli }: RunCliOptions) => {
    // The global --env-file (loaded by the hook above), for the hints the reports print.
    const envFile = program.opts<{ envFile?: string }>().envFile;
    const rest = envFile === undefined ? cli : { ...cli, envFile };
    if (profiles.length > 1 || parallelTargets) {
      // Several targets: each run as below into its own folder, then their comparison.
      const { runTargetsCommand } = await import('./run-command.ts');
      const outcome = await runTargetsCommand(profiles, { ...rest, parallelTargets });
      setExit(outcome.exitCode);
      return;
    }
    const options: RunCommandOptions = profiles.length === 1 ? { ...rest, profile: profiles[0] } : rest;
    if (options.dryRun) {
      // Its own module: a dry run loads neither the client nor the reference provider.
      const { dryRunCommand } = await import('./dry-run.ts');
      setExit(await dryRunCommand(options));
      return;
    }
    const { runCommand } = await import('./run-command.ts');
    const outcome = await runCommand(options);
    setExit(outcome.exitCode);
  };
  withOptions(run, [...TARGET_OPTIONS, ...SELECTION_OPTIONS])
    .option('--seed <n>', 'seed of generated inputs', undefined)
    .option('--shard <k/n>', 'run the k-th of n deterministic slices')
    .option('--bail', 'stop after the first failure')
    .option(
      '--allow-mutations',
      'let a production profile run mutating scenarios (it needs safety.allowMutations: true as well)',
    )
    .option(
      '--reporter <names...>',
      `reporters: ${REPORTER_NAMES.join(', ')} (default: ${DEFAULT_REPORTERS.join(', ')})`,
    )
    .option(
      '--out <dir>',
      'folder for report files (default: reports); - writes the JSON report to stdout, and nothing else goes there',
    )
    .option('--json', 'the JSON report on stdout and nothing else there (as --reporter json --out -)')
    .option(
      '--dry-run',
      'print the scenario runs, requirements and fixtures this run would use, and what it would skip; send no request',
    )
    .addOption(new Option('--format <format>', 'with --dry-run: text or json').choices(['text', 'json']))
    .addOption(
      new Option(
        '--evidence <which>',
        'exchanges kept in the reports: those behind non-passing checks (failures) or every one a check cites (all)',
      )
        .choices(['failures', 'all'])
        .default(DEFAULT_EVIDENCE),
    )
    .option('--baseline <report.json>', 'diff this run against an earlier JSON report (conformance.json)')
    .option(
      '--fail-on <policy>',
      "with --baseline: exit 1 on new failures only (new), on any failure (any) or never (none); default: the run's own exit code. With several --profile: as compare's (any, differences, none; default any)",
    )
    .addOption(
      new Option(
        '--junit-warn-as <kind>',
        'what a warning is in junit.xml: a passing testcase (pass; every testsuite still lists its warnings), a failure or skipped',
      )
        .choices([...JUNIT_WARN_AS])
        .default(DEFAULT_JUNIT_WARN_AS),
    )
    .option(
      '--min-coverage <percent>',
      'exit 1 when less than this percentage (0-100) of the declared statuses and error codes was exercised',
    )
    .action(async (cliOptions: RunCliOptions) => {
      // Until `run` listens for SIGINT/SIGTERM itself, a signal still gets exit 2 and one line.
      const stopListening = exitOnEarlyInterrupt();
      try {
        await runAction(cliOptions);
      } finally {
        stopListening();
      }
    });

  program
    .command('diff')
    .description(
      'compare two JSON reports: newly failing, fixed, still failing, new warnings (drift), by requirement and principal',
    )
    .argument('<old>', 'baseline JSON report (conformance.json)')
    .argument('<new>', 'current JSON report')
    .option(
      '--fail-on <policy>',
      'exit 1 on new failures only (new), on any failure (any) or never (none)',
      DEFAULT_DIFF_FAIL_ON,
    )
    .addOption(
      new Option('--format <format>', 'text, md or json').choices(['text', 'md', 'json']).default('text'),
    )
    .option('--out <file>', 'write the diff to a file instead of stdout')
    .action(async (oldPath: string, newPath: string, options: DiffCommandOptions) => {
      const { diffCommand } = await import('./diff-command.ts');
      setExit(diffCommand(oldPath, newPath, options));
    });

  program
    .command('compare')
    .description(
      'compare the JSON reports of several targets requirement by requirement, differences first: comparison.html, comparison.md and comparison.json',
    )
    .argument('<reports...>', 'JSON reports (conformance.json of each target), two or more')
    .option('--out <dir>', 'folder for comparison.html, comparison.md and comparison.json', 'reports')
    .option(
      '--fail-on <policy>',
      'exit 1 when a requirement fails on any target (any), only where targets disagree (differences), or never (none)',
      'any',
    )
    .action(async (paths: string[], options: CompareCommandOptions) => {
      const { compareCommand } = await import('./compare-command.ts');
      setExit(await compareCommand(paths, options));
    });

  program
    .command('merge')
    .description(
      'merge the JSON reports of run --shard k/n (all n of them) into one report, rendered by the reporters',
    )
    .argument('<reports...>', 'shard JSON reports (conformance.json of each shard)')
    .option(
      '--out <dir>',
      'folder for the merged report files; - (or /dev/stdout): the JSON report alone on stdout',
      'reports',
    )
    .option(
      '--reporter <names...>',
      `reporters: ${REPORTER_NAMES.join(', ')} (default: ${DEFAULT_REPORTERS.join(', ')})`,
    )
    .action(async (paths: string[], options: MergeCommandOptions) => {
      const { mergeCommand } = await import('./merge-command.ts');
      const merged = await mergeCommand(paths, options);
      setExit(merged.exitCode);
    });

  const pact = program
    .command('pact')
    .description('Pact contracts: export them from the scenario suites, verify them against a target');
  const pactExport = pact
    .command('export')
    .description(
      'run the suites (default: the embedded reference provider) and write Pact V4 files, one per API family',
    )
    .option('--out <dir>', 'folder for the pact files', 'pacts')
    .option(
      '--consumer <name>',
      "consumer name, as your Pact Broker knows it (required here or as the profile's pact.consumer)",
    )
    .option(
      '--provider <name>',
      "provider name, suffixed with the family (default: the profile's pact.provider, else capillary-loyalty, fabric-loyalty)",
    )
    .option('--family <families...>', 'only these API families (capillary, fabric)')
    .option('--profile <file>', 'target profile the interactions are recorded from');
  withOptions(pactExport, [...TARGET_OPTIONS, ...SELECTION_OPTIONS]).action(
    async (options: PactExportCommandOptions) => {
      const { pactExportCommand } = await import('./pact-command.ts');
      setExit(await pactExportCommand(options));
    },
  );
  const pactVerify = pact
    .command('verify')
    .description(
      'verify pact files against a target (default: the embedded reference provider) with the Pact verifier',
    )
    .requiredOption('--pact <paths...>', 'pact files, folders of them, or pact URLs of a Pact Broker')
    .option('--profile <file>', 'target profile (states name its fixtures; requests get its credentials)');
  withOptions(pactVerify, TARGET_OPTIONS)
    .option(
      '--reporter <names...>',
      `reporters: ${REPORTER_NAMES.join(', ')} (default: ${DEFAULT_REPORTERS.join(', ')})`,
    )
    .option('--out <dir>', 'folder for report files', 'reports/pact')
    .option('--allow-mutations', 'replay mutating interactions on a production profile that allows mutations')
    .option('--provider-version <version>', 'version of the target verified (needed by --publish)')
    .option('--provider-branch <branch>', 'branch of that version')
    .option(
      '--broker-url <url>',
      'the Pact Broker the pact URLs are from (read with PACT_BROKER_TOKEN, or PACT_BROKER_USERNAME and PACT_BROKER_PASSWORD)',
    )
    .option(
      '--publish',
      'publish the results to --broker-url (needs --provider-version, broker credentials, and --pact URLs of that broker); never by default',
    )
    .action(async (options: PactVerifyCommandOptions) => {
      const { pactVerifyCommand } = await import('./pact-command.ts');
      const result = await pactVerifyCommand(options);
      setExit(result.exitCode);
    });

  program
    .command('spec-compat')
    .description(
      "compare a provider's own OpenAPI 3.0/3.1 document with the suite's specs, operation by operation, naming the requirements each difference puts at risk (exit 1 on a breaking one)",
    )
    .argument(
      '<openapi>',
      'their OpenAPI document: a YAML or JSON file, or an http(s) URL ($refs to other files and URLs are followed)',
    )
    .option(
      '--path-prefix <prefix>',
      'a prefix their paths carry and ours do not, removed before matching (e.g. /api)',
    )
    .addOption(
      new Option('--format <format>', 'text, md or json').choices(['text', 'md', 'json']).default('text'),
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .action(async (input: string, options: SpecCompatCommandOptions) => {
      const { specCompatCommand } = await import('./spec-compat-command.ts');
      setExit(await specCompatCommand(input, options));
    });

  program
    .command('serve')
    .description('run the embedded reference provider (a mock server of the four endpoints)')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option(
      '--dataset <file>',
      "seed dataset, YAML or JSON (default: the package's own config/datasets/reference.yaml)",
    )
    .option(
      '--exit-with-parent',
      'stop (exit 0) when the process that started it dies, e.g. a test runner killed with SIGKILL',
    )
    .action(async (options: ServeOptions) => {
      const { serveCommand } = await import('./serve-command.ts');
      setExit(await serveCommand(options));
    });

  program
    .command('init')
    .description('write a commented target profile to fill in')
    .option('--out <file>', 'where to write the profile', 'config/my-target.yaml')
    .option('--force', 'overwrite an existing file')
    .action(async (options: { out: string; force?: boolean }) => {
      const { initCommand } = await import('./init-command.ts');
      setExit(initCommand(options));
    });

  program
    .command('validate')
    .description('check a target profile (YAML, environment variables, schema, fixtures)')
    .argument('<profile>', 'profile YAML file')
    .action(async (path: string) => {
      const { validateCommand } = await import('./validate-command.ts');
      setExit(validateCommand(path));
    });

  return program;
}

/** Runs the CLI and returns the process exit code; tool errors become one line on stderr. */
export async function main(argv: readonly string[]): Promise<number> {
  let exitCode: number = EXIT.conformant;
  const program = buildProgram((code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.exitCode === 0 ? EXIT.conformant : EXIT.toolError;
    }
    if (isToolError(error)) {
      process.stderr.write(`loyalty-conformance: ${error.code}: ${error.message}\n`);
      return error.exitCode;
    }
    process.stderr.write(`loyalty-conformance: internal error: ${oneLine((error as Error).message)}\n`);
    return EXIT.toolError;
  }
}
