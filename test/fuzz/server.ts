import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { compiledServerArgs, REPO_ROOT } from '../helpers/serverProcess.js';
import { testServerEnv } from '../helpers/testApp.js';

export const ADMIN_TOKEN = 'fuzz-admin-token';
export const PROJECT = { projectId: 'fuzz-project', keyId: 'fuzz-key', keySecret: 'fuzz-secret' };

/**
 * The real server in its own process, as `npm start` runs it (the bundle in dist/): the fuzzer
 * then measures what a client would see, and RSS is the server's alone.
 */
export interface ServerProcess {
  port: number;
  pid: number;
  /** RSS in MB now, from /proc. */
  rssMb(): number;
  /** Lines the server logged at error level or above (level ≥ 50), capped. */
  errorLogs: string[];
  /** Set when the process ended before `stop()`. */
  exited(): string | undefined;
  stop(): Promise<void>;
}

export async function startServer(databaseUrl: string | undefined): Promise<ServerProcess> {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-fuzz-'));
  const env: NodeJS.ProcessEnv = {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    HOST: '127.0.0.1',
    PORT: '0',
    LOG_LEVEL: 'warn',
    ...testServerEnv(dataDir, databaseUrl, { project: PROJECT, adminToken: ADMIN_TOKEN }),
  };
  const child: ChildProcess = spawn(process.execPath, compiledServerArgs(), {
    cwd: REPO_ROOT,
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const errorLogs: string[] = [];
  let exitReason: string | undefined;
  let stopping = false;
  const output: string[] = [];
  const exitPromise = new Promise<void>((done) => {
    child.on('exit', (code, signal) => {
      if (!stopping) exitReason = `server exited (code ${code}, signal ${signal})`;
      done();
    });
  });
  // The numbers load in the background once the server listens; fuzzing starts after them, so
  // the 1 s bound measures the requests, not a group's first load.
  let inventoryReady!: () => void;
  const inventoryLoaded = new Promise<void>((done) => {
    inventoryReady = done;
  });
  const port = await new Promise<number>((done, fail) => {
    const timer = setTimeout(
      () => fail(new Error(`server did not listen within 120 s:\n${output.join('\n')}`)),
      120_000,
    );
    const onLine = (line: string) => {
      if (output.length < 200) output.push(line);
      if (line.startsWith('Inventory ready: ')) inventoryReady();
      // LOG_LEVEL=warn hides Fastify's "listening" line; the port comes from a fresh probe below.
      try {
        const entry = JSON.parse(line);
        if (entry.level >= 50 && errorLogs.length < 50) errorLogs.push(line.slice(0, 2000));
      } catch {}
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.on('exit', () => {
      clearTimeout(timer);
      fail(new Error(`server exited during start:\n${output.join('\n')}`));
    });
    const poll = setInterval(() => {
      const listening = listeningPort(child.pid!);
      if (listening) {
        clearInterval(poll);
        clearTimeout(timer);
        done(listening);
      }
    }, 100);
  });
  await Promise.race([inventoryLoaded, exitPromise]);
  const pid = child.pid!;
  return {
    port,
    pid,
    errorLogs,
    rssMb: () => rssMb(pid),
    exited: () => exitReason,
    async stop() {
      stopping = true;
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exitPromise;
        clearTimeout(killer);
      }
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export function rssMb(pid: number): number {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return Math.round(kb / 1024);
  } catch {
    return 0;
  }
}

/**
 * The TCP port the process listens on, from /proc/net/tcp and the process's socket inodes: PORT=0
 * lets the kernel pick a free port, so no other process can take it between choosing and binding.
 */
function listeningPort(pid: number): number | undefined {
  let inodes: Set<string>;
  try {
    inodes = new Set(
      readdirSync(`/proc/${pid}/fd`)
        .map((fd) => {
          try {
            return /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`))?.[1];
          } catch {
            return undefined;
          }
        })
        .filter((inode): inode is string => !!inode),
    );
  } catch {
    return undefined;
  }
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table = '';
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    for (const line of table.split('\n').slice(1)) {
      const cols = line.trim().split(/\s+/);
      // st 0A = LISTEN; column 9 is the inode.
      if (cols[3] === '0A' && inodes.has(cols[9] ?? '')) return Number.parseInt(cols[1]!.split(':')[1]!, 16);
    }
  }
  return undefined;
}
