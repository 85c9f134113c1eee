/**
 * What the processes of one server (OPEN_NUMBERS_PROCESSES > 1) tell each other, and the messages
 * that carry it over node:cluster's IPC channel. Only changes a process would otherwise notice
 * late travel this way: state read from the store on every request needs no news.
 */

/** A change one process made that the others must honour before it is answered. */
export type News = { kind: 'clockAdvanced' } | { kind: 'keyRevoked'; keyId: string };

/** The other processes of this server, as one process sees them. */
export interface Siblings {
  /** Tells every other process; resolves once each has applied it (or a time limit passed). */
  tell(news: News): Promise<void>;
}

/** A server of one process has nobody to tell. */
export const ALONE: Siblings = { tell: async () => {} };

/**
 * How long a teller waits for the others. Applying news is a settings read at most (~0.1 ms);
 * only a stuck or dying process takes longer, and then the 1 s refresh of every process still
 * brings the change (docs/decisions.md, "Several processes on one port").
 */
export const TELL_TIMEOUT_MS = 5000;

/** Worker → primary: news to pass on; answered with `told` and the same id. */
export interface TellMessage {
  openNumbers: 'tell';
  id: number;
  news: News;
}
/** Primary → worker: apply this news; answered with `heard` and the same id. */
export interface HearMessage {
  openNumbers: 'hear';
  id: number;
  news: News;
}
/** The answers: `heard` (worker → primary), `told` (primary → the teller). */
export interface DoneMessage {
  openNumbers: 'heard' | 'told';
  id: number;
}
/** Worker → primary: it listens, at these addresses. */
export interface ListeningMessage {
  openNumbers: 'listening';
  addresses: string[];
}

export type ClusterMessage = TellMessage | HearMessage | DoneMessage | ListeningMessage;

/** Whether an IPC message is one of ours (a dependency could send its own). */
export function isClusterMessage(message: unknown): message is ClusterMessage {
  return (
    typeof message === 'object' &&
    message !== null &&
    typeof (message as { openNumbers?: unknown }).openNumbers === 'string'
  );
}

/**
 * Waits for the answer to message `id`: settled when `pending.get(id)` is called (the answer came,
 * or the addressee is gone), or after TELL_TIMEOUT_MS, with `onTimeout` called first.
 */
export function awaitAnswer(
  pending: Map<number, () => void>,
  id: number,
  onTimeout: () => void = () => {},
): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      onTimeout();
      done();
    }, TELL_TIMEOUT_MS);
    function done() {
      clearTimeout(timer);
      pending.delete(id);
      resolve();
    }
    pending.set(id, done);
  });
}
