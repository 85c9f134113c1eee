// `npm run bench:processes`: the same server with OPEN_NUMBERS_PROCESSES=1 and =2 (src/cluster/),
// alternately (1, 2, 1, 2 …) so that the machine's other load weighs on both alike, on one small
// inventory: req/s and p99 of GET an active number, of a search mix and of rentAny; the CPU the
// server (all its processes) and this load generator used; the start time until every process
// listens; the RSS of all the server's processes; the load average around each run.
//
// BENCH_ROUNDS (2), BENCH_SECONDS (8), BENCH_CONNECTIONS (32), BENCH_PROCESSES ("1,2").

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Req, type Res, sleep, target } from './http.js';
import { type LoadResult, runLoad, summarize } from './load.js';
import { processCpuMs } from './processes.js';
import { RawConnection } from './rawClient.js';
import { type OpenNumbers, startOpenNumbers, stopChild } from './servers.js';
import {
  buildSearchRequests,
  openApi,
  rentAnyRequest,
  rentSampled,
  SEARCH_PAIRS,
  sampleInventory,
} from './workloads.js';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const COUNTS = (process.env.BENCH_PROCESSES ?? '1,2').split(',').map(Number);
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-bench-processes-'));
const options = {
  dataDir,
  inventory: { usLocal: 50_000, perType: 50 },
  credentials: { projectId: 'bench', keyId: 'bench-key', keySecret: 'bench-secret' },
  adminToken: ADMIN_TOKEN,
  readyTimeoutMs: 300_000,
};

/** RSS (MB) of a process and its children, from /proc. */
function treeRssMb(pid: number): number {
  const rss = (p: number) =>
    Number(/^VmRSS:\s+(\d+)/m.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1]) / 1024;
  const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(' ').filter(Boolean);
  return rss(pid) + children.reduce((sum, child) => sum + rss(Number(child)), 0);
}

const load1 = () => loadavg()[0]!.toFixed(2);

/** Rents per round, as the warm-up and the measured run of rentAny may take (the inventory is kept). */
const RENT_CAP = 3000;

async function measure(
  server: OpenNumbers,
  next: (i: number) => Req,
  { check, maxRequests }: { check?: (res: Res) => boolean; maxRequests?: number } = {},
) {
  const t = target(server.port, 1);
  const connections = Array.from({ length: CONNECTIONS }, () => new RawConnection(server.port));
  const common = { target: t, concurrency: CONNECTIONS, connections, next, check };
  await runLoad({ ...common, durationMs: 2000, maxRequests: maxRequests && maxRequests / 10 });
  const loadBefore = load1();
  const clientBefore = process.cpuUsage();
  const serverBefore = processCpuMs(server.child.proc.pid)!;
  const result: LoadResult = await runLoad({ ...common, durationMs: SECONDS * 1000, maxRequests });
  const client = process.cpuUsage(clientBefore);
  const serverMs = processCpuMs(server.child.proc.pid)! - serverBefore;
  for (const connection of connections) connection.close();
  t.agent.destroy();
  const s = summarize(result.latencies, result.requests, result.errors, result.elapsedMs);
  return {
    reqPerSec: Math.round(s.reqPerSec),
    p99Ms: Number(s.p99Ms.toFixed(1)),
    errors: s.errors,
    serverCpuPct: Math.round((serverMs / result.elapsedMs) * 100),
    clientCpuPct: Math.round(((client.user + client.system) / 1000 / result.elapsedMs) * 100),
    load: `${loadBefore}→${load1()}`,
  };
}

async function round(processes: number) {
  const server = await startOpenNumbers({ ...options, processes });
  try {
    const api = await openApi(target(server.port, 4), ADMIN_TOKEN);
    const samples = await Promise.all(SEARCH_PAIRS.map((pair) => sampleInventory(api, pair)));
    const [active] = await rentSampled(api, samples, 1);
    const get: Req = {
      method: 'GET',
      path: `${api.base}/activeNumbers/${encodeURIComponent(active!)}`,
      headers: api.auth,
    };
    const searches = buildSearchRequests(api, samples, 2000);
    const rentAny = rentAnyRequest(api);
    const seen = new Set<string>();
    const distinct = (res: Res) => {
      const phoneNumber = res.status === 200 && (JSON.parse(res.body) as { phoneNumber: string }).phoneNumber;
      if (!phoneNumber || seen.has(phoneNumber)) return false;
      seen.add(phoneNumber);
      return true;
    };
    const rows = {
      processes,
      readyMs: Math.round(server.readyMs),
      getActive: await measure(server, () => get),
      search: await measure(server, (i) => searches[i % searches.length]!),
      rentAny: await measure(server, () => rentAny, { check: distinct, maxRequests: RENT_CAP }),
      rssMb: Math.round(treeRssMb(server.child.proc.pid!)),
    };
    const stopping = performance.now();
    await stopChild(server.child);
    return { ...rows, stopMs: Math.round(performance.now() - stopping), exitCode: server.child.exitCode };
  } finally {
    await stopChild(server.child);
  }
}

try {
  // The first start generates the inventory; every measured start finds it.
  await stopChild((await startOpenNumbers(options)).child);
  const results = [];
  for (let r = 0; r < ROUNDS; r++) {
    for (const processes of COUNTS) {
      const result = await round(processes);
      console.log(JSON.stringify(result));
      results.push(result);
      await sleep(1000);
    }
  }
  console.log(
    `load average at the end: ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
} finally {
  rmSync(dataDir, { recursive: true, force: true });
}
