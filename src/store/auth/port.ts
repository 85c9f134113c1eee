import type { AuditEntry } from '../../domain/admin/audit.js';

export interface Project {
  projectId: string;
  createdAt: number;
}
export interface AccessKey {
  keyId: string;
  projectId: string;
  secretHash: string;
  createdAt: number;
  /** When the key was revoked; null while it works. */
  revokedAt: number | null;
}
/** A key as it is listed: never its secret, nor the secret's hash. */
export type AccessKeyInfo = Omit<AccessKey, 'secretHash'>;

/** A project with what the operator's list shows of it. */
export interface ProjectSummary extends Project {
  accessKeys: number;
  activeAccessKeys: number;
  /** Rented numbers, counting released ones until their expireAt (as GET activeNumbers lists them). */
  activeNumbers: number;
}

export interface ProjectListQuery {
  /** Keyset cursor: the last project of the previous page (created_at, project_id order). */
  after?: { at: number; projectId: string };
  limit: number;
  /** For the active-number count: released numbers past their expireAt are gone. */
  now: number;
}

export interface AuthPort {
  /** Creates the project (and writes `audit` with it); returns false when it already exists. */
  createProject(project: Project, audit?: readonly AuditEntry[]): Promise<boolean>;
  getProject(projectId: string): Promise<Project | undefined>;
  /** Oldest first. */
  listProjects(query: ProjectListQuery): Promise<ProjectSummary[]>;
  /** Creates the key (and writes `audit` with it); returns false when the key id already exists. */
  createAccessKey(key: Omit<AccessKey, 'revokedAt'>, audit?: readonly AuditEntry[]): Promise<boolean>;
  getAccessKey(keyId: string): Promise<AccessKey | undefined>;
  /** The project's keys, oldest first. */
  listAccessKeys(projectId: string): Promise<AccessKeyInfo[]>;
  /**
   * Revokes the project's key at `at` and writes `audit`, unless it is revoked already (then it
   * is returned as it is, nothing written); undefined when the project has no such key.
   */
  revokeAccessKey(
    projectId: string,
    keyId: string,
    at: number,
    audit: readonly AuditEntry[],
  ): Promise<AccessKeyInfo | undefined>;
}
