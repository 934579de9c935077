import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { DEFAULT_REPORTERS, REPORTERS } from '../../reporters/index.ts';
import { SUITES } from '../../suites/index.ts';
import { loadCatalogue } from '../catalogue/catalogue.ts';
import { UNIVERSAL_CHECKS } from '../checks/index.ts';
import { loadScenarios, uncoveredRequirements } from '../engine/scenario-registry.ts';
import { isToolError } from '../errors.ts';
import { DEFAULT_DIFF_FAIL_ON, type DiffCommandOptions, diffCommand } from './diff-command.ts';
import { initCommand } from './init-command.ts';
import { renderCatalogueMarkdown, renderCatalogueText } from './list-command.ts';
import { type MergeCommandOptions, mergeCommand } from './merge-command.ts';
import {
  type PactExportCommandOptions,
  type PactVerifyCommandOptions,
  pactExportCommand,
  pactVerifyCommand,
} from './pact-command.ts';
import { type PlanCommandOptions, planCommand } from './plan-command.ts';
import { type RunCommandOptions, runCommand } from './run-command.ts';
import { type ServeOptions, serveCommand } from './serve-command.ts';
import { validateCommand } from './validate-command.ts';

/** Exit codes: 0 conformant, 1 non-conformant, 2 usage, configuration or target error. */
export const EXIT = { conformant: 0, nonConformant: 1, toolError: 2 } as const;

function buildProgram(setExit: (code: number) => void): Command {
  const program = new Command('loyalty-conformance')
    .description('Conformance suite for loyalty-points REST APIs')
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });

  program
    .command('list')
    .description('list the requirement catalogue (or, with --uncovered, what no scenario verifies)')
    .addOption(new Option('--format <format>', 'text or md').choices(['text', 'md']).default('text'))
    .option('--requirement <ids...>', 'only these requirement IDs')
    .option('--uncovered', 'only requirements no scenario or universal check verifies, with the reason')
    .option('--out <file>', 'write to a file instead of stdout')
    .action((options: { format: string; requirement?: string[]; uncovered?: boolean; out?: string }) => {
      const catalogue = loadCatalogue();
      const wanted = options.requirement ? new Set(options.requirement) : undefined;
      let text: string;
      let count: number;
      if (options.uncovered) {
        const scenarios = loadScenarios(SUITES, catalogue);
        const uncovered = uncoveredRequirements(
          catalogue,
          scenarios,
          UNIVERSAL_CHECKS.map((c) => c.requirementId),
        ).filter((u) => !wanted || wanted.has(u.id));
        count = uncovered.length;
        text = `${uncovered.map((u) => `${u.id.padEnd(34)} ${u.reason}`).join('\n')}\n${count} of ${catalogue.requirements.length} requirements uncovered\n`;
      } else {
        const requirements = catalogue.requirements.filter((r) => !wanted || wanted.has(r.id));
        count = requirements.length;
        text =
          options.format === 'md'
            ? renderCatalogueMarkdown(catalogue, requirements)
            : renderCatalogueText(requirements);
      }
      if (options.out) {
        mkdirSync(dirname(options.out), { recursive: true });
        writeFileSync(options.out, text);
        process.stdout.write(`wrote ${count} requirements to ${options.out}\n`);
      } else {
        process.stdout.write(text);
      }
      setExit(EXIT.conformant);
    });

  program
    .command('plan')
    .description(
      'say per requirement whether a profile lets the suite judge it, and what to add where it does not (sends no request)',
    )
    .option('--profile <file>', 'target profile (config/*.yaml); default: config/reference.yaml')
    .addOption(
      new Option('--format <format>', 'text, md or json').choices(['text', 'md', 'json']).default('text'),
    )
    .option('--out <file>', 'write to a file instead of stdout')
    .option('--grep <text>', 'only scenarios whose ID or title contains text (or matches /regex/)')
    .option('--tag <tags...>', 'only scenarios with one of these tags or suite names')
    .option('--requirement <ids...>', 'only scenarios verifying one of these requirement IDs')
    .option('--allow-mutations', 'plan a production run with --allow-mutations (as run would)')
    .action(async (options: PlanCommandOptions) => {
      setExit(await planCommand(options));
    });

  program
    .command('run')
    .description(
      'run the conformance suites against a target (default: the embedded reference provider, both orgs)',
    )
    .option('--profile <file>', 'target profile (config/*.yaml); default: the embedded reference provider')
    .option('--target <url>', 'base URL of the target (Capillary; fabric adds its /api prefix)')
    .option('--capillary-url <url>', 'base URL of the Capillary family')
    .option('--fabric-url <url>', 'base URL of the fabric family')
    .option('--grep <text>', 'only scenarios whose ID or title contains text (or matches /regex/)')
    .option('--tag <tags...>', 'only scenarios with one of these tags or suite names')
    .option('--requirement <ids...>', 'only scenarios verifying one of these requirement IDs')
    .option('--seed <n>', 'seed of generated inputs', undefined)
    .option('--shard <k/n>', 'run the k-th of n deterministic slices')
    .option('--bail', 'stop after the first failure')
    .option(
      '--allow-mutations',
      'let a production profile run mutating scenarios (it needs safety.allowMutations: true as well)',
    )
    .option(
      '--reporter <names...>',
      `reporters: ${Object.keys(REPORTERS).join(', ')} (default: ${DEFAULT_REPORTERS.join(', ')})`,
    )
    .option('--out <dir>', 'folder for report files', 'reports')
    .option('--baseline <report.json>', 'diff this run against an earlier JSON report (conformance.json)')
    .option(
      '--fail-on <policy>',
      "with --baseline: exit 1 on new failures only (new), on any failure (any) or never (none); default: the run's own exit code",
    )
    .action(async (options: RunCommandOptions) => {
      const outcome = await runCommand(options);
      setExit(outcome.exitCode);
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
    .action((oldPath: string, newPath: string, options: DiffCommandOptions) => {
      setExit(diffCommand(oldPath, newPath, options));
    });

  program
    .command('merge')
    .description(
      'merge the JSON reports of run --shard k/n (all n of them) into one report, rendered by the reporters',
    )
    .argument('<reports...>', 'shard JSON reports (conformance.json of each shard)')
    .option('--out <dir>', 'folder for the merged report files', 'reports')
    .option(
      '--reporter <names...>',
      `reporters: ${Object.keys(REPORTERS).join(', ')} (default: ${DEFAULT_REPORTERS.join(', ')})`,
    )
    .action(async (paths: string[], options: MergeCommandOptions) => {
      const merged = await mergeCommand(paths, options);
      setExit(merged.exitCode);
    });

  const pact = program
    .command('pact')
    .description('Pact contracts: export them from the scenario suites, verify them against a target');
  pact
    .command('export')
    .description(
      'run the suites (default: the embedded reference provider) and write Pact V4 files, one per API family',
    )
    .option('--out <dir>', 'folder for the pact files', 'pacts')
    .option('--consumer <name>', 'consumer name', 'loyalty-conformance')
    .option(
      '--provider <name>',
      'provider name, suffixed with the family (default: capillary-loyalty, fabric-loyalty)',
    )
    .option('--family <families...>', 'only these API families (capillary, fabric)')
    .option('--profile <file>', 'target profile the interactions are recorded from')
    .option('--target <url>', 'base URL of the target (Capillary; fabric adds its /api prefix)')
    .option('--capillary-url <url>', 'base URL of the Capillary family')
    .option('--fabric-url <url>', 'base URL of the fabric family')
    .option('--grep <text>', 'only scenarios whose ID or title contains text (or matches /regex/)')
    .option('--tag <tags...>', 'only scenarios with one of these tags or suite names')
    .option('--requirement <ids...>', 'only scenarios verifying one of these requirement IDs')
    .action(async (options: PactExportCommandOptions) => {
      setExit(await pactExportCommand(options));
    });
  pact
    .command('verify')
    .description(
      'verify pact files against a target (default: the embedded reference provider) with the Pact verifier',
    )
    .requiredOption('--pact <paths...>', 'pact files or folders of them')
    .option('--profile <file>', 'target profile (states name its fixtures; requests get its credentials)')
    .option('--target <url>', 'base URL of the target (Capillary; fabric adds its /api prefix)')
    .option('--capillary-url <url>', 'base URL of the Capillary family')
    .option('--fabric-url <url>', 'base URL of the fabric family')
    .option(
      '--reporter <names...>',
      `reporters: ${Object.keys(REPORTERS).join(', ')} (default: ${DEFAULT_REPORTERS.join(', ')})`,
    )
    .option('--out <dir>', 'folder for report files', 'reports/pact')
    .action(async (options: PactVerifyCommandOptions) => {
      const result = await pactVerifyCommand(options);
      setExit(result.exitCode);
    });

  program
    .command('serve')
    .description('run the embedded reference provider (a mock server of the four endpoints)')
    .option('--port <port>', 'port to listen on', '8080')
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .option('--dataset <file>', 'seed dataset YAML (default: config/datasets/reference.yaml)')
    .action(async (options: ServeOptions) => {
      setExit(await serveCommand(options));
    });

  program
    .command('init')
    .description('write a commented target profile to fill in')
    .option('--out <file>', 'where to write the profile', 'config/my-target.yaml')
    .option('--force', 'overwrite an existing file')
    .action((options: { out: string; force?: boolean }) => {
      setExit(initCommand(options));
    });

  program
    .command('validate')
    .description('check a target profile (YAML, environment variables, schema, fixtures)')
    .argument('<profile>', 'profile YAML file')
    .action((path: string) => {
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
    process.stderr.write(`loyalty-conformance: internal error: ${(error as Error).message}\n`);
    return EXIT.toolError;
  }
}
