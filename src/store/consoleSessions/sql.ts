import type { Db } from '../db/port.js';
import type { ConsoleSession, ConsoleSessionsPort } from './port.js';

interface SessionRow {
  session_hash: string;
  actor: string;
  csrf_token: string;
  created_at: number | string;
  expires_at: number | string;
}

export function consoleSessionsStore(db: Db): ConsoleSessionsPort {
  return {
    async create(s) {
      await db.run(
        `INSERT INTO console_sessions (session_hash, actor, csrf_token, created_at, expires_at)
         VALUES ($1, $2, $3, $4::bigint, $5::bigint)`,
        [s.sessionHash, s.actor, s.csrfToken, s.createdAt, s.expiresAt],
      );
    },
    async get(sessionHash, now) {
      const row = await db.get<SessionRow>(
        `SELECT session_hash, actor, csrf_token, created_at, expires_at FROM console_sessions
         WHERE session_hash = $1 AND expires_at > $2::bigint`,
        [sessionHash, now],
      );
      if (!row) return undefined;
      return {
        sessionHash: row.session_hash,
        actor: row.actor,
        csrfToken: row.csrf_token,
        createdAt: Number(row.created_at),
        expiresAt: Number(row.expires_at),
      } satisfies ConsoleSession;
    },
    async delete(sessionHash) {
      await db.run('DELETE FROM console_sessions WHERE session_hash = $1', [sessionHash]);
    },
    deleteExpired(now) {
      return db.run('DELETE FROM console_sessions WHERE expires_at <= $1::bigint', [now]);
    },
  };
}
