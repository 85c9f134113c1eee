import pino, { type Logger } from 'pino';
import type { Config } from '../config.js';
import { serve, stopOnSignals } from '../listen.js';
import { createRuntime } from '../runtime.js';
import { awaitAnswer, type ClusterMessage, isClusterMessage, type News, type Siblings } from './news.js';

/** A cluster worker's line to the primary: news both ways, and the word that it listens. */
interface PrimaryLink extends Siblings {
  /**
   * Applies the news that arrives from now on with `hear`. News that came before was answered
   * without being applied: the caller reads the state afresh after calling this.
   */
  hearWith(hear: (news: News) => Promise<void>): void;
  listening(addresses: string[]): void;
}

function send(message: ClusterMessage): Promise<boolean> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve(false);
    process.send(message, undefined, {}, (error: Error | null) => resolve(!error));
  });
}

function linkToPrimary(log: Logger): PrimaryLink {
  let nextId = 1;
  const waiting = new Map<number, () => void>();
  let hear: ((news: News) => Promise<void>) | undefined;
  process.on('message', (message) => {
    if (!isClusterMessage(message)) return;
    if (message.openNumbers === 'told') waiting.get(message.id)?.();
    else if (message.openNumbers === 'hear') {
      const { id, news } = message;
      const applied = hear ? hear(news) : Promise.resolve();
      void applied
        .catch((error) => log.error({ err: error, news }, 'applying news from another process failed'))
        .then(() => send({ openNumbers: 'heard', id }));
    }
  });
  return {
    tell(news) {
      const id = nextId++;
      // The change is stored already: a silent primary delays the answer, it does not fail it
      // (the other processes re-read the clock within a second; see news.ts).
      const answered = awaitAnswer(waiting, id, () =>
        log.warn({ news }, 'the other server processes did not confirm a change in time'),
      );
      void send({ openNumbers: 'tell', id, news }).then((sent) => sent || waiting.get(id)?.());
      return answered;
    },
    hearWith(handler) {
      hear = handler;
    },
    listening(addresses) {
      void send({ openNumbers: 'listening', addresses });
    },
  };
}

/**
 * One serving process of a cluster (src/cluster/primary.ts forked it): the store is migrated and
 * seeded, and the credentials printed, by the primary already. It serves HTTP only; the primary
 * runs the background jobs. Stops on SIGTERM/SIGINT (the primary sends SIGTERM), and with the
 * primary (node:cluster exits a worker whose primary is gone).
 */
export async function serveAsClusterWorker(config: Config): Promise<void> {
  const log = pino({ level: config.logLevel });
  const primary = linkToPrimary(log);
  const runtime = await createRuntime({ ...config, runWorkers: false }, log, undefined, {
    siblings: primary,
    quiet: true,
  });
  primary.hearWith(runtime.hear);
  // An advance told while the runtime was being built was answered unapplied: read it now.
  await runtime.deps.clock.refresh();
  const serving = await serve(runtime, config);
  stopOnSignals(log, serving.stop);
  primary.listening(serving.addresses);
}
