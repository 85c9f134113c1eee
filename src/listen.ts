import type { FastifyBaseLogger } from 'fastify';
import { buildApp } from './app.js';
import type { Config } from './config.js';
import { compileAhead } from './http/compileLater.js';
import type { App, HttpDeps } from './http/deps.js';
import type { Runtime } from './runtime.js';

export interface Listening {
  /** The main app (every surface) and, when OPEN_NUMBERS_IMPORTED_PORT is set, the Imported Numbers app. */
  apps: App[];
  /** Where each app listens, in the same order. */
  addresses: string[];
  /** Stops accepting and finishes in-flight requests, on every port. */
  close(): Promise<void>;
}

/**
 * Listens on PORT with every surface and, when `importedPort` is set, on that port with the
 * Imported Numbers API alone at its root (`/v1/projects/…`, as on Sinch's own host, for clients
 * that cannot take a base path). Both apps share the runtime: one store, clock and worker.
 */
export async function listen(
  deps: HttpDeps,
  config: Pick<Config, 'host' | 'port' | 'importedPort'>,
  log?: FastifyBaseLogger,
): Promise<Listening> {
  const options = log ? { loggerInstance: log } : {};
  const ports: Array<[App, number]> = [[buildApp(deps, options), config.port]];
  if (config.importedPort !== undefined)
    ports.push([buildApp(deps, options, 'imported'), config.importedPort]);
  const addresses: string[] = [];
  try {
    for (const [app, port] of ports) {
      addresses.push(await app.listen({ host: config.host, port }));
    }
  } catch (error) {
    await Promise.all(ports.map(([app]) => app.close()));
    throw error;
  }
  // Route schemas compile on first use; compile them now that the port is open (./http/compileLater.ts).
  void compileAhead().then((failed) => {
    for (const error of failed) log?.error({ err: error }, 'a route schema does not compile');
  });
  const apps = ports.map(([app]) => app);
  return { apps, addresses, close: async () => void (await Promise.all(apps.map((app) => app.close()))) };
}

/** A process serving the runtime: where it listens, and how it stops. */
export interface Serving {
  addresses: string[];
  /** Finishes in-flight requests, stops the job worker and closes the store. */
  stop(): Promise<void>;
}

/**
 * Serves the runtime on its port(s) ({@link listen}) and re-reads the sandbox clock every second,
 * which another process sharing the store may have advanced (the job worker re-reads it on every
 * poll). Used by a server of one process and by each process of a cluster (src/cluster/).
 */
export async function serve(runtime: Runtime, config: Config): Promise<Serving> {
  const clockRefresh = setInterval(() => void runtime.deps.clock.refresh().catch(() => {}), 1000);
  clockRefresh.unref();
  const servers = await listen(runtime.deps, config, runtime.log);
  return {
    addresses: servers.addresses,
    async stop() {
      clearInterval(clockRefresh);
      await servers.close(); // finishes in-flight requests, on every port
      await runtime.worker.stop();
      await runtime.store.close();
    },
  };
}

/** On SIGINT or SIGTERM (the first one): logs it, runs `stop`, exits with 0. */
export function stopOnSignals(log: FastifyBaseLogger, stop: () => Promise<void>): void {
  let stopping = false;
  const shutdown = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void shutdown('SIGINT'));
  process.on('SIGTERM', () => void shutdown('SIGTERM'));
}
