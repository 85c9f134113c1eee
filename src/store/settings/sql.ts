import type { Db } from '../db/port.js';
import type { SettingsPort } from './port.js';

const GET = 'SELECT value FROM settings WHERE key = $1';

export function settingsStore(db: Db): SettingsPort {
  return {
    async get(key) {
      return (await db.get<{ value: string }>(GET, [key]))?.value;
    },
    async getOrInit(key, value) {
      // Two statements: on PostgreSQL the SELECT's snapshot sees a row another process inserted meanwhile.
      await db.run('INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING', [
        key,
        value,
      ]);
      return (await db.get<{ value: string }>(GET, [key]))!.value;
    },
    async set(key, value) {
      await db.run(
        'INSERT INTO settings (key, value) VALUES ($1, $2) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
        [key, value],
      );
    },
  };
}
