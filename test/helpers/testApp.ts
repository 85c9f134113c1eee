import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { buildApp } from '../../src/app.js';
import { type Config, loadConfig } from '../../src/config.js';
import type { App } from '../../src/http/deps.js';
import { createRuntime, type Runtime } from '../../src/runtime.js';
import { checkResponsesAgainstDocument } from './contract.js';
import { freshDatabaseUrl } from './postgres.js';

export const ADMIN_TOKEN = 'test-admin-token';
export const PROJECT = { projectId: 'project-a', keyId: 'key-a', keySecret: 'secret-a' };

/** Where a test app keeps its data, so a second app can reopen it (a restart). */
export interface TestStorage {
  dataDir: string;
  databaseUrl: string | undefined;
}

export interface TestApp {
  storage: TestStorage;
  app: App;
  runtime: Runtime;
  config: Config;
  /** Basic credentials of PROJECT. */
  auth: string;
  /** A second project and key, for isolation checks. */
  other: { projectId: string; auth: string };
  /** Moves the sandbox clock and works every job that became due. */
  advance(seconds: number): Promise<void>;
  /** Stops the app; `keepData` leaves the store for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

const OTHER_PROJECT_ID = 'project-b';

async function ensureOtherProject(runtime: Runtime) {
  if (!(await runtime.store.auth.getProject(OTHER_PROJECT_ID)))
    await runtime.deps.auth.createProject(OTHER_PROJECT_ID);
  return runtime.deps.auth.createAccessKey(OTHER_PROJECT_ID);
}

export function basic(keyId: string, keySecret: string): string {
  return `Basic ${Buffer.from(`${keyId}:${keySecret}`).toString('base64')}`;
}

/**
 * The environment of a test server: a configured project, key and admin token (so tests know
 * the credentials), a small inventory (so it starts fast), and the store to use.
 */
export function testServerEnv(
  dataDir: string,
  databaseUrl: string | undefined,
  { project = PROJECT, adminToken = ADMIN_TOKEN } = {},
): Record<string, string> {
  return {
    OPEN_NUMBERS_DATA_DIR: dataDir,
    OPEN_NUMBERS_ADMIN_TOKEN: adminToken,
    OPEN_NUMBERS_PROJECT_ID: project.projectId,
    OPEN_NUMBERS_KEY_ID: project.keyId,
    OPEN_NUMBERS_KEY_SECRET: project.keySecret,
    OPEN_NUMBERS_INVENTORY_PER_TYPE: '20',
    OPEN_NUMBERS_INVENTORY_US_LOCAL: '2000',
    // One process whatever the shell says: each test that needs more sets it (cluster.test).
    OPEN_NUMBERS_PROCESSES: '1',
    ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
  };
}

/**
 * The whole app on a fresh store: embedded SQLite in a temp directory, or a fresh PostgreSQL
 * database when DATABASE_URL is set (`npm run test:pg`). A small inventory keeps it fast.
 */
export async function startTestApp(env: Record<string, string> = {}, reuse?: TestStorage): Promise<TestApp> {
  const dataDir = reuse?.dataDir ?? mkdtempSync(join(tmpdir(), 'open-numbers-test-'));
  const databaseUrl =
    reuse?.databaseUrl ??
    (process.env.DATABASE_URL ? await freshDatabaseUrl(process.env.DATABASE_URL) : undefined);
  const config = loadConfig({ ...testServerEnv(dataDir, databaseUrl), ...env });
  const runtime = await createRuntime(config, pino({ level: 'silent' }));
  const app = buildApp(runtime.deps);
  const contractViolations = checkResponsesAgainstDocument(app);
  await app.ready();
  const otherKey = await ensureOtherProject(runtime);
  return {
    storage: { dataDir, databaseUrl },
    app,
    runtime,
    config,
    auth: basic(PROJECT.keyId, PROJECT.keySecret),
    other: { projectId: OTHER_PROJECT_ID, auth: basic(otherKey.keyId, otherKey.keySecret) },
    async advance(seconds) {
      await runtime.deps.clock.advance(seconds);
      await runtime.worker.runDue();
    },
    async close(options) {
      await app.close();
      await runtime.worker.stop();
      await runtime.store.close();
      if (!options?.keepData) rmSync(dataDir, { recursive: true, force: true });
      // Any answer of this app, however a test sent the request, that its schema does not declare.
      assert.deepEqual(contractViolations, [], 'responses that do not match the OpenAPI document');
    },
  };
}
