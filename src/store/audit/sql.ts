import type { AuditEntry } from '../../domain/admin/audit.js';
import { type Db, Params, whereClause } from '../db/port.js';
import type { AuditPort } from './port.js';

interface AuditRow {
  id: string;
  at: number | string;
  actor: string;
  action: string;
  resource_type: string;
  resource_id: string;
  project_id: string;
  reason: string;
  details: string | Record<string, unknown>;
}

function entryFromRow(row: AuditRow): AuditEntry {
  return {
    id: row.id,
    at: Number(row.at),
    actor: row.actor,
    action: row.action as AuditEntry['action'],
    resourceType: row.resource_type as AuditEntry['resourceType'],
    resourceId: row.resource_id,
    projectId: row.project_id,
    reason: row.reason,
    details: typeof row.details === 'string' ? JSON.parse(row.details) : row.details,
  };
}

/** Writes audit entries in the caller's transaction (beside the decision they record). */
export async function insertAudit(tx: Db, entries: readonly AuditEntry[] = []): Promise<void> {
  for (const e of entries) {
    await tx.run(
      `INSERT INTO audit_log (id, at, actor, action, resource_type, resource_id, project_id, reason, details)
       VALUES ($1, $2::bigint, $3, $4, $5, $6, $7, $8, $9::text::jsonb)`,
      [
        e.id,
        e.at,
        e.actor,
        e.action,
        e.resourceType,
        e.resourceId,
        e.projectId,
        e.reason,
        JSON.stringify(e.details),
      ],
    );
  }
}

export function auditStore(db: Db): AuditPort {
  return {
    append(entries) {
      return db.transaction((tx) => insertAudit(tx, entries));
    },
    async list(query) {
      const params = new Params();
      const conditions: string[] = [];
      if (query.projectId !== undefined) conditions.push(`project_id = ${params.add(query.projectId)}`);
      if (query.resourceType) conditions.push(`resource_type = ${params.add(query.resourceType)}`);
      if (query.resourceId) conditions.push(`resource_id = ${params.add(query.resourceId)}`);
      if (query.before) {
        conditions.push(
          `(at, id) < (${params.add(query.before.at)}::bigint, ${params.add(query.before.id)})`,
        );
      }
      const rows = await db.all<AuditRow>(
        `SELECT id, at, actor, action, resource_type, resource_id, project_id, reason, details FROM audit_log
         ${whereClause(conditions)} ORDER BY at DESC, id DESC LIMIT ${params.add(query.limit)}`,
        params.values,
      );
      return rows.map(entryFromRow);
    },
  };
}
