// `npm run bench -- --pg`: the bench runs again under scripts/with-postgres.sh, which starts a
// throwaway PostgreSQL server, exports its DATABASE_URL to the command and removes the server
// when the command ends (also on failure or Ctrl-C). BENCH_PG_INNER marks that inner run, so a
// DATABASE_URL of the caller's shell is never taken for the throwaway one.

import { type ChildProcess, spawn } from 'node:child_process';
import postgres from 'postgres';
import { REPO_ROOT } from '../test/helpers/serverProcess.js';
import { parentPid } from './processes.js';

const INNER = 'BENCH_PG_INNER';

/** The throwaway server's URL when this process is the inner run, else undefined. */
export function innerDatabaseUrl(): string | undefined {
  if (process.env[INNER] !== '1') return undefined;
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error(`${INNER}=1 but no DATABASE_URL: run \`npm run bench -- --pg\``);
  return url;
}

let inner: ChildProcess | undefined;

/**
 * Runs this bench (same argv, so `--pg` too) under with-postgres.sh; resolves with its exit code.
 * In a process group of its own, so that {@link stopReexec} reaches the inner bench, which stops
 * its servers, and the script, which then stops PostgreSQL.
 */
export function reexecUnderPostgres(): Promise<number> {
  const child = spawn(
    'bash',
    ['scripts/with-postgres.sh', process.execPath, '--import', 'tsx', ...process.argv.slice(1)],
    { cwd: REPO_ROOT, env: { ...process.env, [INNER]: '1' }, stdio: 'inherit', detached: true },
  );
  inner = child;
  return new Promise((resolve) => {
    child.on('error', () => resolve(1));
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : 1)));
  });
}

/** Passes a signal on to the inner run's process group and waits for the script to end. */
export async function stopReexec(signal: NodeJS.Signals): Promise<void> {
  const child = inner;
  if (!child?.pid || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    process.kill(-child.pid, signal);
  } catch {
    return; // already gone
  }
  await exited;
}

/** Numbers in the PostgreSQL store (the server does not report its inventory size). */
export async function countPostgresInventory(url: string): Promise<{ total: number; available: number }> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ total: number; available: number }[]>`
      SELECT count(*)::int AS total, (count(*) FILTER (WHERE status = 'AVAILABLE'))::int AS available
      FROM phone_numbers`;
    return row;
  } finally {
    await sql.end();
  }
}

/**
 * The PostgreSQL server's main process (the parent of every backend), for its CPU use: on
 * PostgreSQL much of a request's work is done there, outside the API processes.
 */
export async function postmasterPid(url: string): Promise<number | undefined> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [{ pid }] = await sql<{ pid: number }[]>`SELECT pg_backend_pid() AS pid`;
    return parentPid(pid);
  } catch {
    return undefined;
  } finally {
    await sql.end();
  }
}
