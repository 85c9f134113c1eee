import type { AuditEntry } from '../../domain/admin/audit.js';

/** A KYC policy document as stored; the domain parses and validates it. */
export interface StoredPolicy {
  regionCode: string;
  numberType: string;
  version: number;
  document: unknown;
  createdAt: number;
}

export interface PoliciesPort {
  /** The newest version of every (region, type). */
  listLatest(): Promise<StoredPolicy[]>;
  getLatest(regionCode: string, numberType: string): Promise<StoredPolicy | undefined>;
  /**
   * Stores a new version (one above the newest; the document's `version` is set to it). From
   * then on the product needs supporting documentation (InventoryPort derives it on read).
   */
  putNewVersion(
    regionCode: string,
    numberType: string,
    document: Record<string, unknown>,
    now: number,
    /** Written with the new version; each entry's details get `version`. */
    audit?: readonly AuditEntry[],
  ): Promise<StoredPolicy>;
  /** Stores the shipped policy of every pair that has none yet. */
  seedMissing(documents: Record<string, unknown>[], now: number): Promise<number>;
}
