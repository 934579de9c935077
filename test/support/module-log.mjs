// `node --import ./test/support/module-log.mjs ...`: records every module the process loads into
// the file named by LC_MODULE_LOG, one URL a line: ES modules (and the CommonJS entry points they
// import) as the loader hook sees them, and at exit every CommonJS module in require's cache
// (what `createRequire` loads never passes the hook). Read by test/support/modules-loaded.ts.
import { appendFileSync } from 'node:fs';
import { createRequire, register } from 'node:module';
import { pathToFileURL } from 'node:url';

const log = process.env.LC_MODULE_LOG;
if (log) {
  register('./module-log-hooks.mjs', import.meta.url, { data: { log } });
  const cache = createRequire(import.meta.url).cache;
  process.on('exit', () => {
    const lines = Object.keys(cache).map((path) => `${pathToFileURL(path).href}\n`);
    appendFileSync(log, lines.join(''));
  });
}
