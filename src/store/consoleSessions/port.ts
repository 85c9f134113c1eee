/** A signed-in browser of the web console. */
export interface ConsoleSession {
  /** SHA-256 (hex) of the session id; the id itself is only in the browser's cookie. */
  sessionHash: string;
  /** The name the person signed in with: the actor of everything they decide. */
  actor: string;
  /** The synchronizer token the session's state-changing forms carry. */
  csrfToken: string;
  createdAt: number;
  /** Wall-clock epoch milliseconds. */
  expiresAt: number;
}

export interface ConsoleSessionsPort {
  create(session: ConsoleSession): Promise<void>;
  /** The session with this hash, unless it has expired at `now`. */
  get(sessionHash: string, now: number): Promise<ConsoleSession | undefined>;
  delete(sessionHash: string): Promise<void>;
  /** Deletes the sessions expired at `now`; returns how many. */
  deleteExpired(now: number): Promise<number>;
}
