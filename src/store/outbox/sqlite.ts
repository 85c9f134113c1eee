import type { Db } from '../db/port.js';
import { type AttemptRow, attemptFromRow, EVENT_COLUMNS, type EventRow, eventFromRow } from './rows.js';
import type { ListEvents } from './sql.js';

/** SQLite: the events, then the attempts of all of them in one statement. */
export function sqliteListEvents(db: Db): ListEvents {
  return async (where, params) => {
    const rows = await db.all<EventRow>(
      `SELECT ${EVENT_COLUMNS} FROM callback_events ${where}`,
      params.values,
    );
    if (!rows.length) return [];
    const ids = rows.map((row) => row.event_id);
    const attempts = await db.all<AttemptRow>(
      `SELECT * FROM callback_attempts WHERE event_id IN (${ids.map((_, i) => `$${i + 1}`).join(', ')}) ORDER BY id`,
      ids,
    );
    return rows.map((row) => ({
      ...eventFromRow(row),
      deliveries: attempts.filter((a) => a.event_id === row.event_id).map(attemptFromRow),
    }));
  };
}
