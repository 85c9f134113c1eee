/**
 * Runs the real server as `npm start` does (the bundle in dist/) as a child process for the
 * compatibility tests. Nothing here imports from `src/`: the tests see the service only over HTTP.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freshDatabaseUrl } from '../helpers/postgres.js';
import { compiledServerArgs, REPO_ROOT } from '../helpers/serverProcess.js';

/** The project and key the server bootstraps from its environment. */
export const CREDENTIALS = {
  projectId: 'compat-project',
  keyId: 'compat-key',
  keySecret: 'compat-secret-0123456789',
} as const;

export const ADMIN_TOKEN = 'compat-admin-token';

const BASE_ENV: Record<string, string> = {
  HOST: '127.0.0.1',
  OPEN_NUMBERS_ADMIN_TOKEN: ADMIN_TOKEN,
  OPEN_NUMBERS_PROJECT_ID: CREDENTIALS.projectId,
  OPEN_NUMBERS_KEY_ID: CREDENTIALS.keyId,
  OPEN_NUMBERS_KEY_SECRET: CREDENTIALS.keySecret,
  OPEN_NUMBERS_INVENTORY_PER_TYPE: '20',
  OPEN_NUMBERS_INVENTORY_US_LOCAL: '3000',
  OPEN_NUMBERS_PROVISIONING_DELAY_SECONDS: '2',
  OPEN_NUMBERS_WORKER_POLL_MS: '50',
  LOG_LEVEL: 'warn',
};

const START_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;
/** Output kept per process, so a failed start can show why. */
const MAX_OUTPUT_CHARS = 20_000;

export interface WaitForOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** What is being waited for, for the timeout message. */
  description?: string;
}

/**
 * Polls `condition` until it returns something other than `undefined`, `null` or `false`, and
 * returns that value. A throw counts as "not yet"; the last one is reported on timeout.
 */
export async function waitFor<T>(
  condition: () => T | undefined | null | false | Promise<T | undefined | null | false>,
  { timeoutMs = 10_000, intervalMs = 50, description = 'condition' }: WaitForOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await condition();
      if (value !== undefined && value !== null && value !== false) return value;
      lastError = undefined;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const reason = lastError instanceof Error ? `; last error: ${lastError.message}` : '';
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${description}${reason}`, {
        cause: lastError,
      });
    }
    await new Promise((done) => setTimeout(done, intervalMs));
  }
}

/** A port nobody listens on right now: bind port 0, read it, close. */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.once('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => done(port));
    });
  });
}

export interface StartOptions {
  /** Extra or overriding environment variables for this server. */
  env?: Record<string, string>;
}

export interface RunningServer {
  /** `http://127.0.0.1:<port>`; the same across restarts. */
  readonly baseUrl: string;
  readonly port: number;
  readonly dataDir: string;
  /** Everything the current process wrote to stdout and stderr (truncated). */
  output(): string;
  /** SIGTERM, then waits for the process to exit; returns its exit code. */
  stop(): Promise<number | null>;
  /** Stops (if running) and starts again on the same port and data dir; `env` overrides this run. */
  restart(env?: Record<string, string>): Promise<void>;
  /** Stops and deletes the data dir. */
  dispose(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once('exit', () => {
  // A test file that crashes must not leave servers behind.
  for (const child of running) child.kill('SIGKILL');
});

/** Starts the server on a fresh data dir and a free port, and waits for `GET /healthz` → 200. */
export async function startServer({ env = {} }: StartOptions = {}): Promise<RunningServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-compat-'));
  // With DATABASE_URL the server runs on PostgreSQL: give each server its own empty database
  // (kept across restarts) so test files do not see each other's numbers.
  const databaseUrl = process.env.DATABASE_URL ? await freshDatabaseUrl(process.env.DATABASE_URL) : undefined;
  let port = 0;
  let child: ChildProcess | undefined;
  let output = '';
  let exited: Promise<number | null> = Promise.resolve(null);
  const baseUrl = () => `http://127.0.0.1:${port}`;

  async function launch(runEnv: Record<string, string>) {
    output = '';
    const childEnv: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      ...BASE_ENV,
      PORT: String(port),
      OPEN_NUMBERS_DATA_DIR: dataDir,
      ...runEnv,
    };
    if (databaseUrl) childEnv.DATABASE_URL = databaseUrl;
    const proc = spawn(process.execPath, compiledServerArgs(), {
      cwd: REPO_ROOT,
      env: childEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = proc;
    running.add(proc);
    const keep = (chunk: Buffer) => {
      output = (output + chunk.toString('utf8')).slice(-MAX_OUTPUT_CHARS);
    };
    proc.stdout?.on('data', keep);
    proc.stderr?.on('data', keep);
    let hasExited = false;
    exited = new Promise((done) => {
      proc.once('exit', (code) => {
        hasExited = true;
        running.delete(proc);
        done(code);
      });
    });
    const healthy = waitFor(
      async () => {
        const response = await fetch(`${baseUrl()}/healthz`);
        // Another process could own the port if ours failed to bind: only our live child counts.
        return response.status === 200 && !hasExited;
      },
      { timeoutMs: START_TIMEOUT_MS, description: `GET ${baseUrl()}/healthz → 200` },
    );
    const died = exited.then((code) => {
      throw new Error(`the server exited with code ${code} during start`);
    });
    try {
      await Promise.race([healthy, died]);
    } catch (error) {
      proc.kill('SIGKILL');
      await exited;
      healthy.catch(() => {}); // settles on its own after the race is lost
      throw new StartError(output, error);
    } finally {
      died.catch(() => {});
    }
  }

  async function stop(): Promise<number | null> {
    const proc = child;
    if (!proc || proc.exitCode !== null || proc.signalCode !== null) return proc?.exitCode ?? null;
    proc.kill('SIGTERM');
    const timer = setTimeout(() => proc.kill('SIGKILL'), STOP_TIMEOUT_MS);
    try {
      return await exited;
    } finally {
      clearTimeout(timer);
      child = undefined;
    }
  }

  // A free port can be taken by someone else before the server binds it: try another one.
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    try {
      await launch(env);
      break;
    } catch (error) {
      const portTaken = error instanceof StartError && error.output.includes('EADDRINUSE');
      if (!portTaken || attempt === 3) {
        rmSync(dataDir, { recursive: true, force: true });
        throw error;
      }
    }
  }
  return {
    get baseUrl() {
      return baseUrl();
    },
    get port() {
      return port;
    },
    dataDir,
    output: () => output,
    stop,
    async restart(overrides = env) {
      await stop();
      await launch(overrides);
    },
    async dispose() {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

class StartError extends Error {
  constructor(
    readonly output: string,
    cause: unknown,
  ) {
    super(
      `The server did not start (${cause instanceof Error ? cause.message : String(cause)}).\n--- output ---\n${output}`,
      {
        cause,
      },
    );
  }
}
