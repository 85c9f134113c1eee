import { loadConfig } from '../config.js';
import { createRuntime } from '../runtime.js';

/**
 * `npm run worker`: background jobs only, for scale-out on PostgreSQL. Run any number of these
 * beside API processes started with OPEN_NUMBERS_WORKERS=false; jobs are claimed with SKIP LOCKED.
 */
const runtime = await createRuntime(loadConfig());
runtime.worker.start();
runtime.log.info({ store: runtime.store.dialect }, 'worker started');
runtime.checkStoredPoliciesSoon();
const stop = async () => {
  await runtime.worker.stop();
  await runtime.store.close();
  process.exit(0);
};
process.on('SIGINT', () => void stop());
process.on('SIGTERM', () => void stop());
