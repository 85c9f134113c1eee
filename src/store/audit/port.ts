import type { AuditEntry } from '../../domain/admin/audit.js';

/** Filters of the audit log, newest first; `before` is the keyset cursor of the previous page. */
export interface AuditQuery {
  projectId?: string;
  resourceType?: string;
  resourceId?: string;
  before?: { at: number; id: string };
  limit: number;
}

/**
 * The audit log. Decisions that change a resource write their entry in the resource's own
 * transaction (the change objects of the other ports carry `audit`); `append` is for the rest.
 */
export interface AuditPort {
  append(entries: readonly AuditEntry[]): Promise<void>;
  list(query: AuditQuery): Promise<AuditEntry[]>;
}
