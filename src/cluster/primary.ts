import cluster, { type Worker as ClusterWorker } from 'node:cluster';
import type { Config } from '../config.js';
import type { Runtime } from '../runtime.js';
import { awaitAnswer, isClusterMessage, type News, type TellMessage } from './news.js';

/**
 * Between a process's unexpected exit and its replacement: long enough for a Ctrl-C, which
 * reaches every process of the terminal's group at once, to reach the primary too.
 */
const RESTART_DELAY_MS = 200;
/** How long a process may take to finish its requests on SIGTERM before it is killed. */
const STOP_TIMEOUT_MS = 10_000;

/**
 * The primary of a server of several processes (OPEN_NUMBERS_PROCESSES > 1). `runtime` was
 * created here, so the store is migrated and seeded and the credentials printed before any process
 * is forked; this process then runs the background jobs (when OPEN_NUMBERS_WORKERS allows) and
 * serves no HTTP itself. It forks `config.processes` workers that share the port(s) (node:cluster
 * hands connections out round-robin), relays news between them (./news.ts), replaces a worker that
 * dies, and on SIGTERM/SIGINT stops them all, then itself, with exit code 0.
 * `onReady` runs once, when every first worker listens, with their addresses.
 */
export function runPrimary(runtime: Runtime, config: Config, onReady: (addresses: string[]) => void): void {
  const { log } = runtime;
  let ready = false;
  let stopping = false;
  const listening = new Set<number>();
  let nextAsk = 1;
  /** News sent to a worker and not yet confirmed: its settling function by message id … */
  const asks = new Map<number, () => void>();
  /** … and to whom, so that a worker's exit settles its own. */
  const askedOf = new Map<number, ClusterWorker>();

  function ask(worker: ClusterWorker, news: News): Promise<void> {
    const id = nextAsk++;
    askedOf.set(id, worker);
    const answered = awaitAnswer(asks, id).finally(() => askedOf.delete(id));
    if (!worker.isConnected()) asks.get(id)?.();
    else worker.send({ openNumbers: 'hear', id, news }, undefined, (error) => error && asks.get(id)?.());
    return answered;
  }

  /** Applies the news here and in every other worker, then answers the teller. */
  async function relay(teller: ClusterWorker, { id, news }: TellMessage) {
    const others = Object.values(cluster.workers ?? {}).filter(
      (worker): worker is ClusterWorker => worker !== undefined && worker !== teller,
    );
    await Promise.all([
      runtime.hear(news).catch((error) => log.error({ err: error, news }, 'applying news failed')),
      ...others.map((worker) => ask(worker, news)),
    ]);
    if (teller.isConnected()) teller.send({ openNumbers: 'told', id });
  }

  function fork() {
    const worker = cluster.fork();
    worker.on('message', (message) => {
      if (!isClusterMessage(message)) return;
      if (message.openNumbers === 'tell') void relay(worker, message);
      else if (message.openNumbers === 'heard') asks.get(message.id)?.();
      else if (message.openNumbers === 'listening') {
        listening.add(worker.id);
        if (ready) log.info({ workerPid: worker.process.pid }, 'a new server process serves');
        else if (listening.size === config.processes) {
          ready = true;
          onReady(message.addresses);
        }
      }
    });
  }

  async function shutdown(reason: string, exitCode: number) {
    if (stopping) return;
    stopping = true;
    log.info({ signal: reason }, 'shutting down');
    await Promise.all(Object.values(cluster.workers ?? {}).map((worker) => worker && stopWorker(worker)));
    await runtime.worker.stop();
    await runtime.store.close();
    process.exit(exitCode);
  }

  cluster.on('exit', (worker, code, signal) => {
    for (const [id, asked] of askedOf) if (asked === worker) asks.get(id)?.();
    listening.delete(worker.id);
    if (stopping) return;
    if (!ready) {
      // It did not come up (its own output says why); nor would its replacement.
      log.error({ workerPid: worker.process.pid, code, signal }, 'a server process failed to start');
      void shutdown('start failed', 1);
      return;
    }
    log.error({ workerPid: worker.process.pid, code, signal }, 'a server process exited; starting another');
    setTimeout(() => stopping || fork(), RESTART_DELAY_MS);
  });

  if (config.runWorkers) runtime.worker.start();
  for (let i = 0; i < config.processes; i++) fork();
  process.on('SIGINT', () => void shutdown('SIGINT', 0));
  process.on('SIGTERM', () => void shutdown('SIGTERM', 0));
}

/** SIGTERM, and SIGKILL if the worker has not exited STOP_TIMEOUT_MS later; resolves on its exit. */
function stopWorker(worker: ClusterWorker): Promise<void> {
  return new Promise((resolve) => {
    if (worker.isDead()) return resolve();
    const timer = setTimeout(() => worker.process.kill('SIGKILL'), STOP_TIMEOUT_MS);
    worker.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    worker.process.kill('SIGTERM');
  });
}
