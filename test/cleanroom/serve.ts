/**
 * Starts the clean-room provider and prints its base URL (for a manual `run --target`).
 * CLEANROOM_OPTIONS may hold a JSON object of CleanroomOptions (another reading of the documents).
 */
import { type CleanroomOptions, startCleanroomProvider } from './provider.ts';

const options = JSON.parse(process.env.CLEANROOM_OPTIONS ?? '{}') as CleanroomOptions;
const provider = await startCleanroomProvider(options);
process.stdout.write(`${provider.url}\n`);
process.on('SIGTERM', () => {
  void provider.close().then(() => process.exit(0));
});
