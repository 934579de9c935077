// `node --import ./test/support/signal-on-load.mjs ...` with LC_SIGNAL_ON_LOAD=<regex>: SIGINT
// reaches the process while it loads the first module whose URL matches (a moment no timer can
// pick on a loaded machine). Used by test/cli/interrupt.test.ts.
import { register } from 'node:module';

const pattern = process.env.LC_SIGNAL_ON_LOAD;
if (pattern) register('./signal-on-load-hooks.mjs', import.meta.url, { data: { pattern } });
