// The HTTP floor of `npm run bench`: a raw undici Pool loop against the embedded reference
// provider, as many requests as the main job makes, in a mix like its own. `measureRawLoop` runs
// it in the caller's process; run as a script it runs in a fresh process (as the main job's client
// and provider are): `node scripts/raw-loop.mjs <package root> <module extension> <requests>`, the
// root holding src/ (compiled `.js`, e.g. dist, or the `.ts` sources under `node --import
// tsx/esm`). Prints {"coldMs","warmMs","peakMiB"}: milliseconds per request of a first and a
// second pass, and the process's peak RSS. Like the bin, the fresh process applies the CLI's V8
// settings first (src/cli/memory-tuning.ts; none with LC_V8_DEFAULTS=1), and it loads undici's parts
// as the client does (src/client/undici.ts), so that its peak RSS is the floor of the main job's.
import { pathToFileURL } from 'node:url';

/**
 * Starts the provider, sends `count` requests twice (cold, then warm) and stops it.
 * @param suite `startReferenceServer`, `loadProfile`, `REFERENCE_PROFILE_PATH`, `authFromProfile` and
 *   `undici` (src/client/undici.ts).
 */
export async function measureRawLoop(suite, count) {
  const { startReferenceServer, loadProfile, REFERENCE_PROFILE_PATH, authFromProfile, undici } = suite;
  const { Pool, request } = undici();
  const server = await startReferenceServer();
  const profile = loadProfile(REFERENCE_PROFILE_PATH, {
    overrides: { capillaryBaseUrl: server.capillaryBaseUrl, fabricBaseUrl: server.fabricBaseUrl },
  });
  const org = profile.capillary.orgs[0];
  const noTokens = { requestOAuthToken: () => Promise.reject(new Error('Basic credentials only')) };
  const capillaryAuth = await authFromProfile(org.auth).headers(noTokens);
  const fabricAuth = await authFromProfile(profile.fabric.auth).headers(noTokens);
  const mobile = Object.values(org.fixtures.customers)[0].identifiers.mobile;
  const profileId = profile.fabric.fixtures.member.profileId;
  const base = { accept: 'application/json', 'user-agent': 'loyalty-conformance-bench' };
  const fabricPath = new URL(server.fabricBaseUrl).pathname.replace(/\/$/, '');
  const query = `identifierName=mobile&identifierValue=${mobile}&source=INSTORE`;
  // A mix like the main job's: balance reads, deductions, a refused read, fabric member inquiries.
  const mix = [
    {
      method: 'GET',
      path: `/v2/customers/lookup/points/balance?${query}`,
      headers: { ...base, ...capillaryAuth },
    },
    {
      method: 'POST',
      path: `/v2/customers/lookup/negativePointsAdjustment?${query}`,
      headers: { ...base, ...capillaryAuth, 'content-type': 'application/json' },
      body: JSON.stringify({
        pointsToBeAdjusted: '1.5',
        programId: org.config.defaultProgramId,
        reasonOfReturn: 'bench',
      }),
    },
    {
      method: 'GET',
      path: '/v2/customers/lookup/points/balance?identifierName=mobile&identifierValue=0&source=INSTORE',
      headers: { ...base, ...capillaryAuth },
    },
    {
      method: 'GET',
      path: `${fabricPath}/v1/inquire/${encodeURIComponent(profileId)}/member-points`,
      headers: { ...base, ...fabricAuth },
    },
  ];
  // 8 connections (the reference profile's limits.concurrency), 4 loops at once (the engine runs
  // 4 scenarios at a time).
  const pool = new Pool(server.url, { connections: profile.limits.concurrency || null });
  const pass = async () => {
    let next = 0;
    const started = performance.now();
    const loop = async () => {
      while (next < count) {
        const { method, path, headers, body } = mix[next++ % mix.length];
        const response = await request.call(pool, { method, path, headers, body: body ?? null });
        await response.body.text();
      }
    };
    await Promise.all([loop(), loop(), loop(), loop()]);
    return (performance.now() - started) / count;
  };
  try {
    const coldMs = await pass();
    const warmMs = await pass();
    return { coldMs, warmMs };
  } finally {
    await pool.close();
    await server.close();
  }
}

if (process.argv[1] && pathToFileURL(process.argv[1]).href === import.meta.url) {
  const [root = 'dist', ext = 'js', count = '800'] = process.argv.slice(2);
  const load = (path) => import(pathToFileURL(`${root}/${path}.${ext}`).href);
  (await load('src/cli/memory-tuning')).tuneCliMemory();
  const suite = {
    ...(await load('src/reference/server')),
    ...(await load('src/profile/index')),
    ...(await load('src/client/auth')),
    ...(await load('src/client/undici')),
  };
  const result = await measureRawLoop(suite, Number(count));
  process.stdout.write(`${JSON.stringify({ ...result, peakMiB: process.resourceUsage().maxRSS / 1024 })}\n`);
}
