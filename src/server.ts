import cluster from 'node:cluster';
import { runPrimary } from './cluster/primary.js';
import { serveAsClusterWorker } from './cluster/worker.js';
import { type Config, ConfigError, loadConfig } from './config.js';
import { progressLine } from './domain/inventory/progress.js';
import { serve, stopOnSignals } from './listen.js';
import { createRuntime, type Runtime } from './runtime.js';

/**
 * `npm start`: the API and the background jobs, on the embedded store unless DATABASE_URL is set;
 * in one process, or with OPEN_NUMBERS_PROCESSES > 1 the jobs here and the API in that many
 * forked processes on the same port(s) (src/cluster/).
 */
async function main() {
  const config = loadConfig();
  if (cluster.isWorker) return serveAsClusterWorker(config);
  // The first start writes the products and loads the numbers in the background once the server
  // listens (seconds): say so, phase by phase. With several processes the primary loads them; a
  // serving process loads (or waits for) a group a request needs first.
  const runtime = await createRuntime(config, undefined, (event) =>
    process.stdout.write(`${progressLine(event)}\n`),
  );
  const { log, created, startup } = runtime;
  log.info(
    {
      store: runtime.store.dialect,
      mode: config.mode,
      storeReadyMs: startup.storeMs,
      inventoryGenerated: startup.seeded,
    },
    'store ready',
  );
  if (created.credentials) {
    // Printed once, on the start that created them; only the hash is stored.
    process.stdout.write(
      `\nCreated a default project and access key (shown only now):\n` +
        `  OPEN_NUMBERS_PROJECT_ID=${created.credentials.projectId}\n` +
        `  OPEN_NUMBERS_KEY_ID=${created.credentials.keyId}\n` +
        `  OPEN_NUMBERS_KEY_SECRET=${created.credentials.keySecret}\n\n`,
    );
  }
  if (created.adminToken) {
    process.stdout.write(
      `Generated the admin token (shown only now):\n  OPEN_NUMBERS_ADMIN_TOKEN=${created.adminToken}\n\n`,
    );
  }

  if (config.processes > 1) {
    runPrimary(runtime, config, (addresses) => ready(runtime, config, addresses));
    return;
  }
  if (config.runWorkers) runtime.worker.start();
  const serving = await serve(runtime, config);
  stopOnSignals(log, serving.stop);
  ready(runtime, config, serving.addresses);
}

/** Says where to go, once the server serves, and starts the checks that wait for that. */
function ready(runtime: Runtime, config: Config, addresses: string[]) {
  const url = addresses[0];
  process.stdout.write(
    `\nOpen Numbers is ready at ${url} (API reference: ${url}/docs/, health: ${url}/healthz)\n` +
      (config.console ? `Web console: ${url}/console/ (sign in with the admin token)\n` : '') +
      '\n',
  );
  runtime.checkStoredPoliciesSoon();
  void runtime.loadInventory();
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(
      `Failed to start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
  }
  process.exit(1);
});
