// Child processes under test: the bare node:http baseline and the real Open Numbers server.
// Both run in their own process so neither shares the load generator's event loop (nor each other's).

import { type ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { compiledServerArgs, REPO_ROOT } from '../test/helpers/serverProcess.js';
import { freePort, HOST, send, sleep, target } from './http.js';

export interface Child {
  name: string;
  proc: ChildProcess;
  /** The last lines the child printed, shown when it fails. */
  output: () => string[];
  exited: Promise<number | null>;
  exitCode?: number | null;
}

const OUTPUT_LINES = 60;
const running = new Set<Child>();
// Last resort if the bench dies without cleaning up: never leave a server holding a port or the data dir.
process.on('exit', () => {
  for (const child of running) child.proc.kill('SIGKILL');
});

/**
 * Runs `node` with `args` (node options, then the script) in the repository root. Its output is
 * kept in memory, or written to `logFile` when given: a server that logs every request (Prism)
 * would otherwise cost the load generator's process CPU to read it.
 */
export function spawnChild(name: string, args: string[], env: NodeJS.ProcessEnv, logFile?: string): Child {
  const log = logFile === undefined ? undefined : openSync(logFile, 'a');
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env,
    stdio: log === undefined ? ['ignore', 'pipe', 'pipe'] : ['ignore', log, log],
  });
  if (log !== undefined) closeSync(log); // the child holds its own copy
  const kept: string[] = [];
  const output =
    logFile === undefined
      ? () => kept
      : () => {
          try {
            return readFileSync(logFile, 'utf8')
              .split('\n')
              .filter((line) => line.trim() !== '')
              .slice(-OUTPUT_LINES);
          } catch {
            return [];
          }
        };
  const child: Child = { name, proc, output, exited: Promise.resolve(null) };
  const keep = (chunk: Buffer) => {
    for (const line of chunk.toString('utf8').split('\n')) {
      if (line.trim() === '') continue;
      kept.push(line);
      if (kept.length > OUTPUT_LINES) kept.shift();
    }
  };
  proc.stdout?.on('data', keep);
  proc.stderr?.on('data', keep);
  child.exited = new Promise((resolve) => {
    proc.on('exit', (code, signal) => {
      child.exitCode = code ?? (signal ? -1 : null);
      running.delete(child);
      resolve(child.exitCode);
    });
  });
  running.add(child);
  return child;
}

/** SIGTERM (the server finishes in-flight requests and closes its store), SIGKILL if it hangs. */
export async function stopChild(child: Child, timeoutMs = 15_000): Promise<void> {
  if (child.exitCode !== undefined) return;
  child.proc.kill('SIGTERM');
  const stopped = await Promise.race([child.exited.then(() => true), sleep(timeoutMs).then(() => false)]);
  if (!stopped) {
    child.proc.kill('SIGKILL');
    await child.exited;
  }
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((child) => stopChild(child)));
}

function failure(child: Child, message: string): Error {
  return new Error(`${child.name}: ${message}\n--- last output ---\n${child.output().join('\n')}`);
}

export interface Baseline {
  child: Child;
  port: number;
  bodyBytes: number;
}

/** Waits until the child prints a line matching `pattern`; stops it and throws if it does not. */
export async function waitForLine(
  child: Child,
  pattern: RegExp,
  timeoutMs: number,
): Promise<RegExpExecArray> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    for (const line of child.output()) {
      const match = pattern.exec(line);
      if (match) return match;
    }
    if (child.exitCode !== undefined) throw failure(child, `exited with ${child.exitCode}`);
    await sleep(50);
  }
  await stopChild(child);
  throw failure(child, `printed no line matching ${pattern} within ${Math.round(timeoutMs / 1000)} s`);
}

export async function startBaseline(): Promise<Baseline> {
  const child = spawnChild('baseline', ['--import', 'tsx', 'bench/baselineServer.ts'], process.env);
  const [, port, bytes] = await waitForLine(child, /^PORT=(\d+) BODY_BYTES=(\d+)/, 30_000);
  return { child, port: Number(port), bodyBytes: Number(bytes) };
}

export interface OpenNumbersOptions {
  dataDir: string;
  inventory: { usLocal: number; perType: number };
  credentials: { projectId: string; keyId: string; keySecret: string };
  adminToken: string;
  readyTimeoutMs: number;
  /** PostgreSQL instead of the embedded store in dataDir. */
  databaseUrl?: string;
  /** OPEN_NUMBERS_PROCESSES; else the shell's, else 1. */
  processes?: number;
  /** More settings for the server (e.g. OPEN_NUMBERS_MODE). */
  env?: Record<string, string>;
  /** Node options before the script, e.g. `--cpu-prof` (bench/profile.ts). */
  nodeArgs?: string[];
  /** LOG_LEVEL of the server; `warn` unless set (no line per request). */
  logLevel?: string;
  /** Another bundle than dist/server.js, e.g. a copy of an earlier build to compare with. */
  script?: string;
}

export interface OpenNumbers {
  child: Child;
  port: number;
  /** From spawn to the first 200 from /healthz: process start, migrations, seeding, listen. */
  readyMs: number;
}

/** Server settings that change how it serves, not which store it serves: taken from the shell. */
const PASSED_THROUGH = new Set(['OPEN_NUMBERS_PROCESSES']);

function serverEnv(options: OpenNumbersOptions, port: number): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  // Inherit the basics (PATH, HOME, ...) but none of the caller's server settings: a DATABASE_URL
  // or OPEN_NUMBERS_* in the shell must not redirect the benchmark to another store.
  for (const [key, value] of Object.entries(process.env)) {
    if (!/^(OPEN_NUMBERS_|DATABASE_URL$|PORT$|HOST$|LOG_LEVEL$)/.test(key) || PASSED_THROUGH.has(key))
      env[key] = value;
  }
  return {
    ...env,
    HOST,
    PORT: String(port),
    LOG_LEVEL: options.logLevel ?? 'warn',
    OPEN_NUMBERS_DATA_DIR: options.dataDir,
    OPEN_NUMBERS_INVENTORY_US_LOCAL: String(options.inventory.usLocal),
    OPEN_NUMBERS_INVENTORY_PER_TYPE: String(options.inventory.perType),
    OPEN_NUMBERS_ADMIN_TOKEN: options.adminToken,
    OPEN_NUMBERS_PROJECT_ID: options.credentials.projectId,
    OPEN_NUMBERS_KEY_ID: options.credentials.keyId,
    OPEN_NUMBERS_KEY_SECRET: options.credentials.keySecret,
    OPEN_NUMBERS_WORKERS: 'true',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    OPEN_NUMBERS_PROCESSES: String(options.processes ?? process.env.OPEN_NUMBERS_PROCESSES ?? 1),
    ...options.env,
  };
}

/**
 * Waits until the server prints a line starting with `prefix` (e.g. `Inventory ready: `, the end
 * of a fresh store's background load); resolves with the milliseconds waited.
 */
export async function waitForOutput(child: Child, prefix: string, timeoutMs: number): Promise<number> {
  const started = performance.now();
  while (!child.output().some((line) => line.startsWith(prefix))) {
    if (child.exitCode !== undefined)
      throw failure(child, `exited with ${child.exitCode} before "${prefix}"`);
    if (performance.now() - started > timeoutMs)
      throw failure(child, `no "${prefix}" within ${Math.round(timeoutMs / 1000)} s`);
    await sleep(100);
  }
  return performance.now() - started;
}

/**
 * Starts the server as `npm start` does (the bundle in dist/) and waits until it answers /healthz
 * and, with several processes, until it said it is ready (every process listens).
 */
export async function startOpenNumbers(options: OpenNumbersOptions): Promise<OpenNumbers> {
  const port = await freePort();
  // Builds dist/ first, outside the time measured.
  const server = options.script ? ['--enable-source-maps', options.script] : compiledServerArgs();
  const args = [...(options.nodeArgs ?? []), ...server];
  const started = performance.now();
  const child = spawnChild('open-numbers', args, serverEnv(options, port));
  const probe = target(port, 1);
  const deadline = started + options.readyTimeoutMs;
  try {
    while (performance.now() < deadline) {
      if (child.exitCode !== undefined) throw failure(child, `exited with ${child.exitCode} before ready`);
      const res = await send(probe, { method: 'GET', path: '/healthz' }, 2_000).catch(() => undefined);
      const allListen =
        (options.processes ?? 1) === 1 ||
        child.output().some((line) => line.startsWith('Open Numbers is ready'));
      if (res?.status === 200 && allListen) return { child, port, readyMs: performance.now() - started };
      await sleep(50);
    }
    throw failure(child, `not ready within ${Math.round(options.readyTimeoutMs / 1000)} s`);
  } catch (error) {
    await stopChild(child);
    throw error;
  } finally {
    probe.agent.destroy();
  }
}
