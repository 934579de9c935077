/**
 * `npm run mutation`: the kill score of the conformance suites. Runs every suite against the
 * reference provider (it must pass with zero failures, both orgs and fabric judged) and against
 * each faulty provider of `test/faults/catalogue.ts`; a fault is caught when one of the
 * requirements it declares fails. Prints a table and the kill score, writes
 * `reports/mutation.json`, and exits 1 when the reference fails, a fault is missed, a fault is
 * caught only by requirements it does not declare, or a declared requirement does not fail.
 *
 * Options: a substring filters the faults by ID (`npm run mutation -- upp-`);
 * LC_MUTATION_CONCURRENCY sets how many faulty providers run at once (default 2).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pc from 'picocolors';
import { loadCatalogue } from '../src/catalogue/catalogue.ts';
import { FAULTS } from '../test/faults/catalogue.ts';
import { type FaultOutcome, judgeFaults, problemOf, runProvider } from '../test/faults/kill-score.ts';
import { profileFile } from '../test/faults/profiles.ts';

const REQUIRED_PRINCIPALS = ['strict', 'lenient', 'fabric'];
const concurrency = Math.max(1, Number(process.env.LC_MUTATION_CONCURRENCY ?? 2) || 2);
const filter = process.argv[2];
const faults = filter ? FAULTS.filter((f) => f.id.includes(filter)) : FAULTS;
const out = (line = '') => process.stdout.write(`${line}\n`);

const started = performance.now();
const reference = await runProvider();
const referenceProblems = [
  ...(reference.exitCode === 0 ? [] : [`exit code ${reference.exitCode}`]),
  ...(reference.failing.length ? [`failing: ${reference.failing.join(', ')}`] : []),
  ...(reference.errors.length ? [`could not judge: ${reference.errors.join(', ')}`] : []),
  ...REQUIRED_PRINCIPALS.filter((p) => !reference.principals.includes(p)).map((p) => `${p} not judged`),
];
out(
  `reference provider: ${referenceProblems.length ? pc.red(referenceProblems.join('; ')) : pc.green('0 failures')} ` +
    `(${reference.principals.join(', ')}; ${reference.seconds.toFixed(1)} s)`,
);
out(`faulty providers: ${faults.length}, ${concurrency} at a time`);
out();

const outcomes = await judgeFaults(faults, concurrency);
// The same faults under the minimal profile (one customer, one bill with two line items per org):
// what a staging org with little to spare still catches, and what more each missed fault needs.
const minimal = await judgeFaults(faults, concurrency, undefined, profileFile('minimal.yaml'));
const wallSeconds = (performance.now() - started) / 1000;

// --- the table ---
const idWidth = Math.max(...faults.map((f) => f.id.length), 5);
out(`${'fault'.padEnd(idWidth)}  caught  ${'seconds'.padStart(7)}  failing requirements (* = declared)`);
for (const o of outcomes) {
  const problem = problemOf(o);
  const failing = o.failing.map((id) => (o.fault.catches.includes(id) ? pc.bold(`${id}*`) : id)).join(' ');
  const caught = o.caught ? pc.green('yes   ') : pc.red('NO    ');
  out(
    `${o.fault.id.padEnd(idWidth)}  ${caught}  ${o.seconds.toFixed(1).padStart(7)}  ${failing || '—'}` +
      (problem ? pc.red(`  ← ${problem}`) : ''),
  );
}

// --- coverage: suites broken, MUST requirements no fault fails ---
const catalogue = loadCatalogue();
const failedAnywhere = new Set(outcomes.flatMap((o) => o.failing));
const suites = [...new Set(faults.map((f) => f.family))].filter((f) => f !== 'universal').sort();
const brokenBy = Object.fromEntries(
  suites.map((suite) => [
    suite,
    outcomes.filter((o) => o.failingSuites.includes(suite)).map((o) => o.fault.id),
  ]),
);
const uncoveredMust = catalogue.requirements
  .filter((r) => r.level === 'MUST' && r.blackBox && !failedAnywhere.has(r.id))
  .map((r) => r.id);
const caught = outcomes.filter((o) => o.caught).length;
const percent = faults.length ? (100 * caught) / faults.length : 0;
const problems = outcomes.flatMap((o) => {
  const problem = problemOf(o);
  return problem ? [{ fault: o.fault.id, problem }] : [];
});

out();
out(
  `suites broken by at least one fault: ${suites.filter((s) => brokenBy[s]?.length).length}/${suites.length}`,
);
for (const suite of suites.filter((s) => !brokenBy[s]?.length)) out(pc.red(`  ${suite}: no fault fails it`));
out(`MUST requirements no fault fails (${uncoveredMust.length}): ${uncoveredMust.join(', ') || '—'}`);
out();
out(pc.bold(`kill score: ${caught}/${faults.length} (${percent.toFixed(0)}%)`));
const minimalCaught = minimal.filter((o) => o.caught).length;
const minimalPercent = faults.length ? (100 * minimalCaught) / faults.length : 0;
out(
  pc.bold(
    `kill score under the minimal profile (test/faults/profiles/minimal.yaml): ${minimalCaught}/${faults.length} (${minimalPercent.toFixed(0)}%)`,
  ),
);
/** Why the minimal profile misses a fault: the skip reasons of its declared requirements. */
const minimalMisses = minimal
  .filter((o) => !o.caught)
  .map((o) => ({
    id: o.fault.id,
    needs: [
      ...new Set(
        o.fault.catches.map(
          (id) =>
            o.skipReasons[id] ??
            (o.crash ? `not judged: ${o.crash.split('\n')[0]}` : `${id} ${o.verdicts[id] ?? 'not judged'}`),
        ),
      ),
    ],
  }));
for (const miss of minimalMisses) out(`  ${miss.id.padEnd(idWidth)}  ${miss.needs.join('; ')}`);
out(`wall time: ${wallSeconds.toFixed(1)} s`);

// --- the machine-readable report ---
const row = (o: FaultOutcome) => ({
  id: o.fault.id,
  family: o.fault.family,
  description: o.fault.description,
  catches: o.fault.catches,
  caught: o.caught,
  failing: o.failing,
  undeclaredFailing: o.failing.filter((id) => !o.fault.catches.includes(id)),
  declaredNotFailing: o.declaredNotFailing,
  errors: o.errors,
  failingSuites: o.failingSuites,
  seconds: Number(o.seconds.toFixed(2)),
  ...(problemOf(o) ? { problem: problemOf(o) } : {}),
});
mkdirSync('reports', { recursive: true });
const reportPath = join('reports', 'mutation.json');
writeFileSync(
  reportPath,
  `${JSON.stringify(
    {
      generatedAt: new Date().toISOString(),
      wallSeconds: Number(wallSeconds.toFixed(2)),
      concurrency,
      ...(filter ? { filter } : {}),
      reference: {
        exitCode: reference.exitCode,
        failing: reference.failing,
        errors: reference.errors,
        principals: reference.principals,
        seconds: Number(reference.seconds.toFixed(2)),
        problems: referenceProblems,
      },
      killScore: { caught, total: faults.length, percent: Number(percent.toFixed(1)) },
      minimalProfile: {
        profile: 'test/faults/profiles/minimal.yaml',
        caught: minimalCaught,
        total: faults.length,
        percent: Number(minimalPercent.toFixed(1)),
        missed: minimalMisses,
      },
      faults: outcomes.map(row),
      suitesBrokenBy: brokenBy,
      uncoveredMustRequirements: uncoveredMust,
      problems,
    },
    null,
    2,
  )}\n`,
);
out(`report: ${reportPath}`);

if (referenceProblems.length > 0 || problems.length > 0) {
  out(
    pc.red(
      `\n${referenceProblems.length ? 'the reference provider fails; ' : ''}${problems.length} fault(s) with problems`,
    ),
  );
  process.exitCode = 1;
}
