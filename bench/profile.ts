// `npm run bench:profile`: where the server's CPU goes on the cheap reads (get an active number,
// a search, a page of the list), with Bearer tokens and with Basic credentials per request.
//
// Starts the bundle (dist/server.js) under `node --cpu-prof` on a small fresh inventory, rents
// 100 numbers, drives each workload with the bench's raw-socket load loops, stops the server (which
// writes the profile) and summarises the samples of each measured run alone (bench/cpuProfile.ts):
// the top functions by self and by inclusive time, and the top files or packages.
//
// Settings (env, defaults in brackets): PROFILE_SECONDS [10] per workload, PROFILE_CONNECTIONS
// [32], PROFILE_WORKLOADS [get,search,list], PROFILE_AUTH [bearer,basic], PROFILE_LOG_LEVEL [warn]
// (`info` writes a line per request), PROFILE_CPU [1] (0: no profiler, req/s only), PROFILE_TOP
// [10], PROFILE_DIR [a temp dir, kept: the .cpuprofile opens in Chrome DevTools], PROFILE_BUNDLE
// [dist/server.js, rebuilt from the sources] another bundle, e.g. a copy of the previous build.

import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatProfile, summarizeProfile } from './cpuProfile.js';
import { type Req, target } from './http.js';
import { runLoad, summarize } from './load.js';
import { processCpuMs } from './processes.js';
import { RawConnection } from './rawClient.js';
import { startOpenNumbers, stopAll, stopChild } from './servers.js';
import {
  activePagePaths,
  buildSearchRequests,
  openApi,
  rentSampled,
  type Sample,
  SEARCH_PAIRS,
  sampleInventory,
} from './workloads.js';

const env = (name: string, fallback: string) => process.env[name] || fallback;
const settings = {
  seconds: Number(env('PROFILE_SECONDS', '10')),
  connections: Number(env('PROFILE_CONNECTIONS', '32')),
  workloads: env('PROFILE_WORKLOADS', 'get,search,list').split(','),
  auth: env('PROFILE_AUTH', 'bearer,basic').split(','),
  logLevel: env('PROFILE_LOG_LEVEL', 'warn'),
  cpuProfile: env('PROFILE_CPU', '1') !== '0',
  top: Number(env('PROFILE_TOP', '10')),
  bundle: process.env.PROFILE_BUNDLE || undefined,
  dir: process.env.PROFILE_DIR || mkdtempSync(join(tmpdir(), 'open-numbers-profile-')),
};
const ADMIN_TOKEN = 'profile-admin-token-0123456789';
const WARMUP_MS = 2000;
const RENTED = 100;

const progress = (message: string) => process.stderr.write(`[profile] ${message}\n`);
const nowUs = () => Number(process.hrtime.bigint() / 1000n);

interface Run {
  name: string;
  reqPerSec: number;
  p99Ms: number;
  serverCpuPct: number;
  /** Server CPU time (user + system) per request: steadier than req/s on a shared machine. */
  cpuUsPerRequest: number;
  window: { fromUs: number; toUs: number };
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'open-numbers-profile-data-'));
  progress(
    `load average ${loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}; profiles in ${settings.dir}`,
  );
  const server = await startOpenNumbers({
    dataDir,
    inventory: { usLocal: 20_000, perType: 50 },
    credentials: { projectId: 'profile', keyId: 'profile-key', keySecret: 'profile-secret-0123456789' },
    adminToken: ADMIN_TOKEN,
    readyTimeoutMs: 300_000,
    nodeArgs: settings.cpuProfile ? ['--cpu-prof', `--cpu-prof-dir=${settings.dir}`] : [],
    logLevel: settings.logLevel,
    script: settings.bundle,
  });
  const runs: Run[] = [];
  try {
    const api = await openApi(target(server.port, 4), ADMIN_TOKEN);
    const samples: Sample[] = [];
    for (const pair of SEARCH_PAIRS) samples.push(await sampleInventory(api, pair));
    const rented = await rentSampled(api, samples, RENTED);
    const searches = buildSearchRequests(api, samples, 4000);
    const pages = (await activePagePaths(api, 20, 50)).paths;
    progress(`${rented.length} numbers rented, ${pages.length} list pages`);

    for (const auth of settings.auth) {
      const headers = auth === 'basic' ? api.basicAuth : api.auth;
      const lists: Record<string, Req[]> = {
        get: rented.map((e164) => ({
          method: 'GET',
          path: `${api.base}/activeNumbers/${encodeURIComponent(e164)}`,
          headers,
        })),
        search: searches.map((req) => ({ ...req, headers })),
        list: pages.map((path) => ({ method: 'GET', path, headers })),
      };
      for (const workload of settings.workloads) {
        const requests = lists[workload];
        if (!requests) throw new Error(`unknown workload ${workload}`);
        const name = `${workload} (${auth})`;
        const connections = Array.from(
          { length: settings.connections },
          () => new RawConnection(server.port),
        );
        const common = {
          target: api.t,
          concurrency: settings.connections,
          connections,
          next: (i: number) => requests[i % requests.length]!,
        };
        await runLoad({ ...common, durationMs: WARMUP_MS });
        const cpuBefore = processCpuMs(server.child.proc.pid) ?? Number.NaN;
        const fromUs = nowUs();
        const result = await runLoad({ ...common, durationMs: settings.seconds * 1000 });
        const toUs = nowUs();
        const cpuMs = (processCpuMs(server.child.proc.pid) ?? Number.NaN) - cpuBefore;
        for (const connection of connections) connection.close();
        const s = summarize(result.latencies, result.requests, result.errors, result.elapsedMs);
        if (s.errors > 0) progress(`${name}: ${s.errors} errors, e.g. ${result.errorSamples[0]}`);
        const run = {
          name,
          reqPerSec: s.reqPerSec,
          p99Ms: s.p99Ms,
          serverCpuPct: (cpuMs / result.elapsedMs) * 100,
          cpuUsPerRequest: (cpuMs * 1000) / result.requests,
          window: { fromUs, toUs },
        };
        runs.push(run);
        progress(
          `${name}: ${run.reqPerSec.toFixed(0)} req/s, p99 ${run.p99Ms.toFixed(2)} ms, ` +
            `server CPU ${run.serverCpuPct.toFixed(0)} % (${run.cpuUsPerRequest.toFixed(0)} µs per request), ` +
            `load average ${loadavg()[0]!.toFixed(2)}`,
        );
      }
    }
    api.t.agent.destroy();
  } finally {
    await stopChild(server.child);
    await stopAll();
    rmSync(dataDir, { recursive: true, force: true });
  }

  if (!settings.cpuProfile) return;
  const file = readdirSync(settings.dir)
    .filter((name) => name.endsWith('.cpuprofile'))
    .sort()
    .at(-1);
  if (!file) throw new Error(`no .cpuprofile in ${settings.dir}`);
  progress(`profile ${join(settings.dir, file)}; the runs' windows in runs.json`);
  writeFileSync(join(settings.dir, 'runs.json'), JSON.stringify({ profile: file, runs }, null, 1));
  for (const run of runs) {
    process.stdout.write(
      `\n## ${run.name}: ${run.reqPerSec.toFixed(0)} req/s (under the profiler), p99 ${run.p99Ms.toFixed(2)} ms\n`,
    );
    process.stdout.write(
      `${formatProfile(summarizeProfile(join(settings.dir, file), run.window, settings.top))}\n`,
    );
  }
}

main().catch(async (error) => {
  await stopAll();
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
