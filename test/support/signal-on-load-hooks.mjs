// Loader hooks of signal-on-load.mjs: the first module whose URL matches the pattern sends the
// process SIGINT as it loads, so the signal lands while the process is still loading that module.
let pattern;
let sent = false;

export function initialize(data) {
  pattern = new RegExp(data.pattern);
}

export async function load(url, context, nextLoad) {
  if (!sent && pattern.test(url)) {
    sent = true;
    process.kill(process.pid, 'SIGINT');
  }
  return nextLoad(url, context);
}
