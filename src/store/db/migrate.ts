import { readdirSync, readFileSync } from 'node:fs';
import type { Db } from './port.js';

/**
 * Applies the numbered migrations of a directory (`0001_init.sql`, …) that are not applied yet,
 * in one transaction under the migration lock: a second instance starting at the same time
 * waits, then finds every migration applied.
 */
export async function applyMigrations(db: Db, directory: URL): Promise<void> {
  const files = readdirSync(directory)
    .filter((f) => /^\d{4}_.*\.sql$/.test(f))
    .sort();
  await db.transaction(
    async (tx) => {
      await tx.exec(
        'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at bigint NOT NULL)',
      );
      const applied = new Set(
        (await tx.all<{ version: number }>('SELECT version FROM schema_migrations')).map((r) =>
          Number(r.version),
        ),
      );
      for (const file of files) {
        const version = Number(file.slice(0, 4));
        if (applied.has(version)) continue;
        await tx.exec(readFileSync(new URL(file, directory), 'utf8'));
        await tx.run('INSERT INTO schema_migrations (version, name, applied_at) VALUES ($1, $2, $3)', [
          version,
          file,
          Date.now(),
        ]);
      }
    },
    { lock: 'open_numbers.migrate' },
  );
}
