import { insertAudit } from '../audit/sql.js';
import { type Db, Params } from '../db/port.js';
import { listedActiveNumbers } from '../db/projectCounts.js';
import type { AccessKeyInfo, AuthPort } from './port.js';

interface KeyRow {
  key_id: string;
  project_id: string;
  created_at: number | string;
  revoked_at: number | string | null;
}

const KEY_COLUMNS = 'key_id, project_id, created_at, revoked_at';

function keyFromRow(row: KeyRow): AccessKeyInfo {
  return {
    keyId: row.key_id,
    projectId: row.project_id,
    createdAt: Number(row.created_at),
    revokedAt: row.revoked_at === null ? null : Number(row.revoked_at),
  };
}

interface ProjectRow {
  project_id: string;
  created_at: number | string;
  access_keys: number | string;
  active_access_keys: number | string;
  active_numbers: number | string;
}

export function authStore(db: Db): AuthPort {
  return {
    createProject(project, audit = []) {
      return db.transaction(async (tx) => {
        const changed = await tx.run(
          'INSERT INTO projects (project_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
          [project.projectId, project.createdAt],
        );
        if (changed === 1) await insertAudit(tx, audit);
        return changed === 1;
      });
    },
    async getProject(projectId) {
      const row = await db.get<{ project_id: string; created_at: number }>(
        'SELECT project_id, created_at FROM projects WHERE project_id = $1',
        [projectId],
      );
      return row && { projectId: row.project_id, createdAt: Number(row.created_at) };
    },
    async listProjects(query) {
      const params = new Params([query.now]);
      const after = query.after
        ? `WHERE (p.created_at, p.project_id) > (${params.add(query.after.at)}::bigint, ${params.add(query.after.projectId)})`
        : '';
      // Counted per project of the page, keys along ix_access_keys_project, numbers from the
      // maintained count (projectCounts.ts), so a page costs its projects' keys, not the tables'.
      const rows = await db.all<ProjectRow>(
        `SELECT p.project_id, p.created_at,
           (SELECT count(*) FROM access_keys k WHERE k.project_id = p.project_id) AS access_keys,
           (SELECT count(*) FROM access_keys k WHERE k.project_id = p.project_id AND k.revoked_at IS NULL)
             AS active_access_keys,
           ${listedActiveNumbers('p.project_id', '$1')} AS active_numbers
         FROM projects p ${after} ORDER BY p.created_at, p.project_id LIMIT ${params.add(query.limit)}`,
        params.values,
      );
      return rows.map((row) => ({
        projectId: row.project_id,
        createdAt: Number(row.created_at),
        accessKeys: Number(row.access_keys),
        activeAccessKeys: Number(row.active_access_keys),
        activeNumbers: Number(row.active_numbers),
      }));
    },
    createAccessKey(key, audit = []) {
      return db.transaction(async (tx) => {
        const changed = await tx.run(
          `INSERT INTO access_keys (key_id, project_id, secret_hash, created_at) VALUES ($1, $2, $3, $4)
           ON CONFLICT DO NOTHING`,
          [key.keyId, key.projectId, key.secretHash, key.createdAt],
        );
        if (changed === 1) await insertAudit(tx, audit);
        return changed === 1;
      });
    },
    async getAccessKey(keyId) {
      const row = await db.get<KeyRow & { secret_hash: string }>(
        `SELECT ${KEY_COLUMNS}, secret_hash FROM access_keys WHERE key_id = $1`,
        [keyId],
      );
      return row && { ...keyFromRow(row), secretHash: row.secret_hash };
    },
    async listAccessKeys(projectId) {
      const rows = await db.all<KeyRow>(
        `SELECT ${KEY_COLUMNS} FROM access_keys WHERE project_id = $1 ORDER BY created_at, key_id`,
        [projectId],
      );
      return rows.map(keyFromRow);
    },
    revokeAccessKey(projectId, keyId, at, audit) {
      return db.transaction(async (tx) => {
        const changed = await tx.run(
          `UPDATE access_keys SET revoked_at = $3::bigint
           WHERE key_id = $1 AND project_id = $2 AND revoked_at IS NULL`,
          [keyId, projectId, at],
        );
        if (changed === 1) await insertAudit(tx, audit);
        const row = await tx.get<KeyRow>(
          `SELECT ${KEY_COLUMNS} FROM access_keys WHERE key_id = $1 AND project_id = $2`,
          [keyId, projectId],
        );
        return row && keyFromRow(row);
      });
    },
  };
}
