// `npm run bench:memory`: resident memory (RSS) of a server started with the default inventory
// (~733k numbers), on its first start (which generates and loads the inventory) and on a later
// start of the same store (docs/architecture.md, "Memory at start"); then how long a restart on
// that store takes. `npm run bench:restart` (`--restart`) measures only the restart.
//
// Three measurements, the first two each on a first start and then a later one:
//   phases   one process runs the steps of `npm start` one by one from the sources (module
//            loading, migrations, inventory, services, Fastify app) and reports
//            process.memoryUsage() after each;
//   server   the real server as a child process, as `npm start` runs it (the bundle in dist/):
//            RSS (VmRSS from /proc) at "store ready", at "listening", after an idle period, and
//            the peak (VmHWM);
//   restart  the server started again and again on the existing store, from the bundle
//            (`npm start`) and from the sources through tsx (`npm run dev`), in turns: the time
//            from spawning the process to its first 200 from GET /healthz, and the CPU time the
//            process used until then (which, unlike the time, does not grow when other processes
//            share the CPUs).
//
// On SQLite (the default) every first start gets a fresh temp data dir. With DATABASE_URL set it
// runs on PostgreSQL instead: every first start gets a new database on that server (created here,
// dropped at the end), so the URL's user must be allowed to create databases.
//
// Settings (env, defaults in brackets): MEMORY_IDLE_SECONDS [10] idle time before the last
// reading; MEMORY_READY_TIMEOUT_SECONDS [300] for a server to listen; RESTART_RUNS [7] restarts
// of each kind. Linux only (/proc).

import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import {
  COMPILED_SERVER_ARGS,
  ensureBuilt,
  REPO_ROOT,
  SOURCE_SERVER_ARGS,
} from '../test/helpers/serverProcess.js';
import { processCpuMs } from './processes.js';

const IDLE_SECONDS = Number(process.env.MEMORY_IDLE_SECONDS ?? 10);
const RESTART_RUNS = Number(process.env.RESTART_RUNS ?? 7);
const restartOnly = process.argv.includes('--restart');
const READY_TIMEOUT_MS = Number(process.env.MEMORY_READY_TIMEOUT_SECONDS ?? 300) * 1000;
const MB = 1024 * 1024;

/** VmRSS and VmHWM of a process, in MB. */
function procMemory(pid: number | 'self'): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}

const fmt = (mb: number) => mb.toFixed(0).padStart(5);

// ---------------------------------------------------------------------------------------------
// `--phases`: the steps of server.ts, one at a time, in this process.

async function phases(): Promise<void> {
  const rows: string[] = [];
  let last = performance.now();
  const mark = (phase: string) => {
    const now = performance.now();
    const m = process.memoryUsage();
    rows.push(
      `  ${phase.padEnd(30)} ${fmt(procMemory('self').rss)} ${fmt(m.heapUsed / MB)} ${fmt(m.heapTotal / MB)} ${fmt(m.external / MB)} ${String(Math.round(now - last)).padStart(7)}`,
    );
    last = now;
  };
  mark('node + tsx');
  const { loadConfig } = await import('../src/config.js');
  const { createStore } = await import('../src/store/index.js');
  mark('import config, store');
  const { createRuntime, seedInventory } = await import('../src/runtime.js');
  mark('import runtime (services)');
  const { buildApp } = await import('../src/app.js');
  mark('import app (Fastify, routes)');
  const config = loadConfig();
  const store = createStore(config);
  await store.migrate();
  mark('migrations');
  const seeded = await seedInventory(store, config);
  // The numbers load in the background of a serving process; here, all of them in this phase.
  const written = await store.inventory.loadAll();
  mark(seeded || written ? 'inventory generated + loaded' : 'inventory (already loaded)');
  await store.close();
  const runtime = await createRuntime(config);
  mark('services (createRuntime)');
  const app = buildApp(runtime.deps, { loggerInstance: runtime.log });
  await app.listen({ host: config.host, port: config.port });
  mark('Fastify app listening');
  await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
  mark(`idle ${IDLE_SECONDS} s`);
  rows.push(`  ${'peak (VmHWM)'.padEnd(30)} ${fmt(procMemory('self').hwm)}`);
  await app.close();
  await runtime.store.close();
  process.stdout.write(`${rows.join('\n')}\n`);
}

// ---------------------------------------------------------------------------------------------
// Children

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

interface Started {
  proc: ChildProcess;
  output: string[];
  exited: Promise<number | null>;
}

/** Runs `node` with `args` (node options, then the script) in the repository root. */
function start(args: string[], env: NodeJS.ProcessEnv, onLine: (line: string) => void = () => {}): Started {
  const proc = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { ...process.env, LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  let pending = '';
  const take = (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      output.push(line);
      onLine(line);
    }
  };
  proc.stdout?.on('data', take);
  proc.stderr?.on('data', take);
  const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
  return { proc, output, exited };
}

const children = new Set<ChildProcess>();
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
});

async function runPhases(env: NodeJS.ProcessEnv, label: string): Promise<void> {
  const child = start(['--import', 'tsx', fileURLToPath(import.meta.url), '--phases'], {
    ...env,
    LOG_LEVEL: 'warn',
  });
  children.add(child.proc);
  const code = await child.exited;
  children.delete(child.proc);
  const table = child.output.filter((line) => line.startsWith('  '));
  if (code !== 0) throw new Error(`phases (${label}) exited with ${code}:\n${child.output.join('\n')}`);
  process.stdout.write(
    `\nphases, ${label}: MB, and ms since the previous phase\n` +
      `  ${'phase'.padEnd(30)}   rss  heap heapT   ext      ms\n${table.join('\n')}\n`,
  );
}

interface ServerRun {
  label: string;
  storeReadyRss?: number;
  listeningRss?: number;
  idleRss?: number;
  peakRss?: number;
  listeningMs?: number;
  storeReadyMs?: number;
}

async function runServer(env: NodeJS.ProcessEnv, label: string): Promise<ServerRun> {
  const run: ServerRun = { label };
  const started = performance.now();
  let listening!: () => void;
  const isListening = new Promise<void>((resolve) => {
    listening = resolve;
  });
  const child = start(COMPILED_SERVER_ARGS, env, (line) => {
    if (!line.startsWith('{')) return;
    let entry: { msg?: string; storeReadyMs?: number };
    try {
      entry = JSON.parse(line);
    } catch {
      return;
    }
    if (entry.msg === 'store ready') {
      run.storeReadyRss = procMemory(child.proc.pid!).rss;
      run.storeReadyMs = entry.storeReadyMs;
    } else if (entry.msg?.startsWith('Server listening')) {
      run.listeningRss = procMemory(child.proc.pid!).rss;
      run.listeningMs = Math.round(performance.now() - started);
      listening();
    }
  });
  children.add(child.proc);
  try {
    const outcome = await Promise.race([
      isListening.then(() => 'listening' as const),
      child.exited.then(() => 'exited' as const),
      new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), READY_TIMEOUT_MS).unref()),
    ]);
    if (outcome !== 'listening') {
      throw new Error(
        `server (${label}) ${outcome} before listening:\n${child.output.slice(-30).join('\n')}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, IDLE_SECONDS * 1000));
    const memory = procMemory(child.proc.pid!);
    run.idleRss = memory.rss;
    run.peakRss = memory.hwm;
    return run;
  } finally {
    await stop(child);
  }
}

/** SIGTERM (the server closes its store), SIGKILL if it hangs. */
async function stop(child: Started): Promise<void> {
  child.proc.kill('SIGTERM');
  const stopped = await Promise.race([
    child.exited.then(() => true),
    new Promise<boolean>((resolve) => setTimeout(() => resolve(false), 15_000).unref()),
  ]);
  if (!stopped) child.proc.kill('SIGKILL');
  await child.exited;
  children.delete(child.proc);
}

// ---------------------------------------------------------------------------------------------
// Restart time

interface Restart {
  /** From spawning the process to its first 200 from GET /healthz. */
  wallMs: number;
  /** CPU time (user + system, all threads) the process had used by then. */
  cpuMs: number;
}

/** One start on an existing store, until /healthz answers 200; then stops it. */
async function timeRestart(args: string[], env: NodeJS.ProcessEnv): Promise<Restart> {
  const url = `http://127.0.0.1:${env.PORT}/healthz`;
  const started = performance.now();
  const child = start(args, { ...env, LOG_LEVEL: 'warn' });
  children.add(child.proc);
  let exited = false;
  void child.exited.then(() => {
    exited = true;
  });
  try {
    for (;;) {
      if (exited) throw new Error(`the server exited during start:\n${child.output.slice(-30).join('\n')}`);
      if (performance.now() - started > READY_TIMEOUT_MS)
        throw new Error('the server did not answer /healthz');
      const status = await fetch(url).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const wallMs = performance.now() - started;
    return { wallMs, cpuMs: processCpuMs(child.proc.pid) ?? Number.NaN };
  } finally {
    await stop(child);
  }
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
};

/** RESTART_RUNS starts of each kind on an existing store, in turns, then the table. */
async function runRestarts(env: NodeJS.ProcessEnv): Promise<void> {
  await fetch('http://127.0.0.1:1/').catch(() => {}); // loads fetch before anything is timed
  const kinds = [
    { label: 'compiled: npm start (dist/)', args: COMPILED_SERVER_ARGS },
    { label: 'tsx: src/server.ts', args: SOURCE_SERVER_ARGS },
  ];
  const runs = kinds.map(() => [] as Restart[]);
  for (let i = 0; i < RESTART_RUNS; i++) {
    for (const [k, kind] of kinds.entries()) {
      runs[k]!.push(await timeRestart(kind.args, { ...env, PORT: String(await freePort()) }));
    }
  }
  const ms = (value: number) => String(Math.round(value)).padStart(8);
  process.stdout.write(
    `\nrestart on an existing store: spawn → GET /healthz 200, ${RESTART_RUNS} runs each, in turns; ` +
      `load average ${loadavg()[0]!.toFixed(1)} on ${availableParallelism()} CPUs\n` +
      `  ${'server'.padEnd(30)} ${'min ms'.padStart(8)} ${'median'.padStart(8)} ${'CPU ms'.padStart(8)}\n` +
      kinds
        .map((kind, k) => {
          const r = runs[k]!;
          return `  ${kind.label.padEnd(30)} ${ms(Math.min(...r.map((x) => x.wallMs)))} ${ms(median(r.map((x) => x.wallMs)))} ${ms(median(r.map((x) => x.cpuMs)))}`;
        })
        .join('\n') +
      '\n  (CPU ms: the median CPU time the process used until then; the times grow with the load)\n',
  );
}

/** A fresh store for a first start: a temp data dir, or a new PostgreSQL database. */
interface FreshStore {
  env: NodeJS.ProcessEnv;
  drop(): Promise<void>;
}

async function freshStore(name: string): Promise<FreshStore> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const dir = mkdtempSync(join(tmpdir(), `open-numbers-memory-${name}-`));
    return {
      env: { OPEN_NUMBERS_DATA_DIR: dir, DATABASE_URL: '' },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  }
  const database = `open_numbers_memory_${process.pid}_${name}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE ${database}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${database}`;
  return {
    env: { DATABASE_URL: url.toString() },
    drop: async () => {
      const sql = postgres(base, { max: 1, onnotice: () => {} });
      await sql.unsafe(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      await sql.end();
    },
  };
}

async function main(): Promise<void> {
  const store = process.env.DATABASE_URL ? 'PostgreSQL' : 'SQLite';
  ensureBuilt(); // dist/ from the current sources, before anything is timed
  process.stdout.write(
    restartOnly
      ? `Restart time, default inventory, ${store}, node ${process.version}\n`
      : `Start memory, default inventory, ${store}, node ${process.version}, idle ${IDLE_SECONDS} s\n`,
  );
  // The inventory settings of the environment would change what is measured.
  const base: NodeJS.ProcessEnv = {
    OPEN_NUMBERS_INVENTORY_PER_TYPE: '',
    OPEN_NUMBERS_INVENTORY_US_LOCAL: '',
  };
  const stores: FreshStore[] = [];
  try {
    if (!restartOnly) {
      const forPhases = await freshStore('phases');
      stores.push(forPhases);
      const phasesEnv = { ...base, ...forPhases.env, PORT: String(await freePort()) };
      await runPhases(phasesEnv, 'first start');
      await runPhases({ ...phasesEnv, PORT: String(await freePort()) }, 'later start');
    }

    const forServer = await freshStore('server');
    stores.push(forServer);
    if (restartOnly) {
      // The first start generates the store the restarts open.
      await timeRestart(COMPILED_SERVER_ARGS, { ...base, ...forServer.env, PORT: String(await freePort()) });
      await runRestarts({ ...base, ...forServer.env });
      return;
    }
    const runs: ServerRun[] = [];
    for (const label of ['first start', 'later start']) {
      runs.push(await runServer({ ...base, ...forServer.env, PORT: String(await freePort()) }, label));
    }
    const cell = (mb: number | undefined) => (mb === undefined ? '    ?' : fmt(mb));
    process.stdout.write(
      `\nserver (npm start: dist/server.js): RSS in MB\n` +
        `  ${'start'.padEnd(12)} ${'store ready'.padStart(11)} ${'listening'.padStart(9)} ${`idle ${IDLE_SECONDS} s`.padStart(9)} ${'peak'.padStart(5)}  ${'store ready ms'.padStart(14)} ${'listening ms'.padStart(12)}\n` +
        runs
          .map(
            (r) =>
              `  ${r.label.padEnd(12)} ${cell(r.storeReadyRss).padStart(11)} ${cell(r.listeningRss).padStart(9)} ${cell(r.idleRss).padStart(9)} ${cell(r.peakRss)}  ${String(r.storeReadyMs ?? '?').padStart(14)} ${String(r.listeningMs ?? '?').padStart(12)}`,
          )
          .join('\n') +
        '\n',
    );
    await runRestarts({ ...base, ...forServer.env });
  } finally {
    for (const s of stores) await s.drop().catch(() => {});
  }
}

if (process.argv.includes('--phases')) {
  await phases();
} else {
  await main();
}
