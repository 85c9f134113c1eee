/**
 * `npm run test:fuzz`: malformed requests derived from the app's own routes, over real HTTP on
 * 127.0.0.1, against the real server process on each store. Fails on any 5xx, any error answer
 * that is not the API's JSON envelope, any answer slower than 1 s, and any /healthz ping slower
 * than 1 s while the fuzzing runs.
 *
 *   FUZZ_SEED            replays a run (printed at start)
 *   FUZZ_REQUESTS        requests per store (default 3000)
 *   FUZZ_TIME_BUDGET_S   seconds of fuzzing per store at most (default 60)
 *   FUZZ_CONCURRENCY     requests in flight (default 4)
 *   FUZZ_STORES          embedded,postgres (default: postgres too when DATABASE_URL is set)
 *
 * The last line is `fuzz: N passed, M failed`; the exit code is 1 when anything failed.
 */
import { freshDatabaseUrl } from '../helpers/postgres.js';
import { check, SLOW_MS } from './checks.js';
import { setUp } from './fixtures.js';
import { startHealthzPinger } from './healthz.js';
import { nextCase } from './mutations.js';
import { Prng, seedFromEnv } from './prng.js';
import { exchange } from './rawHttp.js';
import { type Failure, printFailures, printStore, type StoreResult } from './report.js';
import { enumerateRoutes, type Route } from './routes.js';
import { startServer } from './server.js';

const log = (line: string) => process.stdout.write(`${line}\n`);

function positiveInt(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1)
    throw new Error(`${name} must be a positive integer, got "${raw}"`);
  return value;
}

/** How long a request may take before we stop waiting: past SLOW_MS it has failed anyway. */
const GIVE_UP_MS = 8000;

async function fuzzStore(store: string, routes: Route[], seed: number): Promise<StoreResult> {
  const requests = positiveInt('FUZZ_REQUESTS', 3000);
  const budgetMs = positiveInt('FUZZ_TIME_BUDGET_S', 60) * 1000;
  const concurrency = positiveInt('FUZZ_CONCURRENCY', 4);
  const databaseUrl = store === 'postgres' ? await freshDatabaseUrl(process.env.DATABASE_URL!) : undefined;
  const server = await startServer(databaseUrl);
  const rss = { start: server.rssMb(), peak: 0, end: 0 };
  rss.peak = rss.start;
  const sampler = setInterval(() => {
    rss.peak = Math.max(rss.peak, server.rssMb());
  }, 200);
  const result: StoreResult = {
    store,
    sent: 0,
    passed: 0,
    failedRequests: 0,
    statuses: {},
    fiveHundreds: 0,
    nonEnvelope: 0,
    slowest: { ms: 0, label: '' },
    healthz: { pings: 0, slowest: 0, slow: [] },
    rss,
    seconds: 0,
    failures: [],
    serverErrorLogs: server.errorLogs,
    warnings: [],
  };
  let pinger: ReturnType<typeof startHealthzPinger> | undefined;
  try {
    const fixtures = await setUp(server.port);
    result.warnings = fixtures.warnings;
    log(`${store}: server pid ${server.pid} on 127.0.0.1:${server.port}, RSS ${rss.start} MB; fuzzing…`);
    pinger = startHealthzPinger(server.port, 50, SLOW_MS);
    const fine = new Map<string, number>();
    const coarseSlow = new Map<string, number>();
    const quenched = (key: string, coarse: string) =>
      (fine.get(key) ?? 0) >= 3 || (coarseSlow.get(coarse) ?? 0) >= 2;
    const started = performance.now();
    let next = 0;
    const worker = async () => {
      while (next < requests && performance.now() - started < budgetMs && !server.exited()) {
        const index = next++;
        // One PRNG per request: request i is the same whatever order the answers came in.
        const rng = new Prng((seed + Math.imul(index + 1, 0x9e3779b1)) >>> 0);
        const fuzzCase = nextCase(routes, fixtures, rng, quenched);
        const answer = await exchange(server.port, fuzzCase.request, GIVE_UP_MS);
        result.sent++;
        const status = String(answer.response?.status ?? 'none');
        result.statuses[status] = (result.statuses[status] ?? 0) + 1;
        if (answer.ms > result.slowest.ms)
          result.slowest = {
            ms: answer.ms,
            label: `${fuzzCase.routeKey} ${fuzzCase.mutations.join('+') || 'valid'}`,
          };
        const verdict = check(answer, {
          oauth: fuzzCase.oauth,
          head: fuzzCase.request.method === 'HEAD',
          answerOptional: fuzzCase.answerOptional,
          target: fuzzCase.request.target,
        });
        if (!verdict.failures.length) {
          result.passed++;
          continue;
        }
        result.failedRequests++;
        fine.set(fuzzCase.quenchKey, (fine.get(fuzzCase.quenchKey) ?? 0) + 1);
        for (const failure of verdict.failures) {
          if (failure.kind === '5xx') result.fiveHundreds++;
          if (failure.kind === 'non-envelope') result.nonEnvelope++;
          if (failure.kind === 'slow' || failure.kind === 'no-answer')
            coarseSlow.set(fuzzCase.coarseKey, (coarseSlow.get(fuzzCase.coarseKey) ?? 0) + 1);
          result.failures.push({ store, index, ...failure, fuzzCase, exchange: answer });
        }
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
    result.seconds = (performance.now() - started) / 1000;
    result.healthz = await pinger.stop();
    pinger = undefined;
    markCollateral(result.failures);
    // Idle for a moment, so "end" is the resting size, not the last request's garbage.
    await new Promise((r) => setTimeout(r, 1000));
    rss.end = server.rssMb();
  } finally {
    // Also when the fuzzer itself threw: a live pinger thread would keep this process running.
    await pinger?.stop().catch(() => {});
    clearInterval(sampler);
    result.serverExit = server.exited();
    await server.stop();
  }
  return result;
}

/** Slow answers that ran inside a slower answer's time were most likely queued behind it. */
function markCollateral(failures: Failure[]) {
  const slow = failures.filter((f) => f.kind === 'slow');
  for (const f of slow) {
    const start = f.exchange.startedAt;
    const end = start + f.exchange.ms;
    const culprit = slow.find(
      (g) =>
        g !== f &&
        g.exchange.ms > f.exchange.ms &&
        g.exchange.startedAt <= start &&
        g.exchange.startedAt + g.exchange.ms >= end - SLOW_MS / 2,
    );
    if (culprit) f.collateralOf = culprit.index;
  }
}

async function main() {
  const seed = seedFromEnv();
  const stores = (process.env.FUZZ_STORES || (process.env.DATABASE_URL ? 'embedded,postgres' : 'embedded'))
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  for (const store of stores) {
    if (store !== 'embedded' && store !== 'postgres')
      throw new Error(`unknown store "${store}" in FUZZ_STORES`);
    if (store === 'postgres' && !process.env.DATABASE_URL)
      throw new Error(
        'FUZZ_STORES includes postgres but DATABASE_URL is not set (use scripts/with-postgres.sh)',
      );
  }
  log(`fuzz: seed ${seed} (FUZZ_SEED=${seed} replays it), stores ${stores.join(', ')}`);
  const routes = await enumerateRoutes('sandbox');
  log(`fuzz: ${routes.length} operations from the app's routes`);

  const results: StoreResult[] = [];
  for (const store of stores) results.push(await fuzzStore(store, routes, seed));

  let passed = 0;
  let failed = 0;
  const failures: Failure[] = [];
  for (const result of results) {
    passed += result.passed;
    failed += result.failedRequests + result.healthz.slow.length + (result.serverExit ? 1 : 0);
    failures.push(...result.failures);
  }
  printFailures(failures, log);
  for (const result of results) {
    for (const ping of result.healthz.slow.slice(0, 5))
      log(
        `✗ ${result.store} · /healthz answered in ${ping.ms} ms at +${ping.atMs} ms${ping.error ? ` (${ping.error})` : ''}`,
      );
  }
  for (const result of results) printStore(result, log);
  log('');
  log(`fuzz: ${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main()
  .catch((error) => {
    process.stderr.write(
      `fuzz: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    log('fuzz: 0 passed, 1 failed');
    process.exitCode = 1;
  })
  .finally(() => {
    // Bounded whatever happens: nothing left behind may keep the run alive.
    setTimeout(() => process.exit(), 2000).unref();
  });
