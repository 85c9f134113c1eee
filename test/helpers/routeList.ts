import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RouteOptions } from 'fastify';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { loadConfig } from '../../src/config.js';
import type { App } from '../../src/http/deps.js';
import { createRuntime } from '../../src/runtime.js';

export interface AppWithRoutes {
  app: App;
  /** Every route the app registered, as Fastify saw it; the automatic HEAD twins left out. */
  routes: RouteOptions[];
  close(): Promise<void>;
}

/**
 * The whole app, loaded, on a throwaway store with a one-number inventory, and the list of its
 * routes. The `onRoute` hook is added before the surfaces load (they register at `ready()`), so
 * a new operation is in the list without anyone listing it.
 */
export async function appWithRoutes(): Promise<AppWithRoutes> {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-routes-'));
  const config = loadConfig({
    OPEN_NUMBERS_DATA_DIR: dataDir,
    OPEN_NUMBERS_ADMIN_TOKEN: 'route-list-admin-token',
    OPEN_NUMBERS_INVENTORY_PER_TYPE: '1',
    OPEN_NUMBERS_INVENTORY_US_LOCAL: '1',
  });
  const runtime = await createRuntime(config, pino({ level: 'silent' }));
  const app = buildApp(runtime.deps);
  const routes: RouteOptions[] = [];
  app.addHook('onRoute', (route: RouteOptions) => {
    if (route.method !== 'HEAD') routes.push(route);
  });
  await app.ready();
  return {
    app,
    routes,
    async close() {
      await app.close();
      await runtime.worker.stop();
      await runtime.store.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
