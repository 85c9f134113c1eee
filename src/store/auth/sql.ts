import type { Db } from '../db/port.js';
import type { AuthPort } from './port.js';

interface KeyRow {
  key_id: string;
  project_id: string;
  secret_hash: string;
  created_at: number;
}

export function authStore(db: Db): AuthPort {
  return {
    async createProject(project) {
      const changed = await db.run(
        'INSERT INTO projects (project_id, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING',
        [project.projectId, project.createdAt],
      );
      return changed === 1;
    },
    async getProject(projectId) {
      const row = await db.get<{ project_id: string; created_at: number }>(
        'SELECT project_id, created_at FROM projects WHERE project_id = $1',
        [projectId],
      );
      return row && { projectId: row.project_id, createdAt: Number(row.created_at) };
    },
    async createAccessKey(key) {
      const changed = await db.run(
        `INSERT INTO access_keys (key_id, project_id, secret_hash, created_at) VALUES ($1, $2, $3, $4)
         ON CONFLICT DO NOTHING`,
        [key.keyId, key.projectId, key.secretHash, key.createdAt],
      );
      return changed === 1;
    },
    async getAccessKey(keyId) {
      const row = await db.get<KeyRow>(
        'SELECT key_id, project_id, secret_hash, created_at FROM access_keys WHERE key_id = $1',
        [keyId],
      );
      return (
        row && {
          keyId: row.key_id,
          projectId: row.project_id,
          secretHash: row.secret_hash,
          createdAt: Number(row.created_at),
        }
      );
    },
  };
}
