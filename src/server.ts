import { ConfigError, loadConfig } from './config.js';
import { progressLine } from './domain/inventory/progress.js';
import { listen } from './listen.js';
import { createRuntime } from './runtime.js';

/** `npm start`: the API and the workers in one process, on the embedded store unless DATABASE_URL is set. */
async function main() {
  const config = loadConfig();
  // The first start writes the products and loads the numbers in the background once the server
  // listens (seconds): say so, phase by phase.
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

  if (config.runWorkers) runtime.worker.start();
  // Another process sharing the database may advance the sandbox clock; workers re-read it on
  // every poll, API-only processes here.
  const clockRefresh = setInterval(() => void runtime.deps.clock.refresh().catch(() => {}), 1000);
  clockRefresh.unref();
  const servers = await listen(runtime.deps, config, log);
  const url = servers.addresses[0];
  process.stdout.write(
    `\nOpen Numbers is ready at ${url} (API reference: ${url}/docs/, health: ${url}/healthz)\n` +
      (config.console ? `Web console: ${url}/console/ (sign in with the admin token)\n` : '') +
      '\n',
  );
  runtime.checkStoredPoliciesSoon();
  void runtime.loadInventory();

  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    clearInterval(clockRefresh);
    await servers.close(); // finishes in-flight requests, on every port
    await runtime.worker.stop();
    await runtime.store.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
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
