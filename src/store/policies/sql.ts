import { insertAudit } from '../audit/sql.js';
import type { Db } from '../db/port.js';
import type { PoliciesPort, StoredPolicy } from './port.js';

/** Serialises policy writes: version numbers and "seed if missing" are read-then-insert. */
const POLICIES_LOCK = 'open_numbers.policies';
const COLUMNS = 'region_code, number_type, version, document, created_at';

interface PolicyRow {
  region_code: string;
  number_type: string;
  version: number;
  document: string | Record<string, unknown>;
  created_at: number;
}

function policyFromRow(row: PolicyRow): StoredPolicy {
  return {
    regionCode: row.region_code,
    numberType: row.number_type,
    version: Number(row.version),
    document: typeof row.document === 'string' ? JSON.parse(row.document) : row.document,
    createdAt: Number(row.created_at),
  };
}

export function policiesStore(db: Db): PoliciesPort {
  return {
    async listLatest() {
      const rows = await db.all<PolicyRow>(
        `SELECT ${COLUMNS} FROM kyc_policies p
         WHERE p.version = (SELECT max(version) FROM kyc_policies q WHERE q.region_code = p.region_code AND q.number_type = p.number_type)
         ORDER BY p.region_code, p.number_type`,
      );
      return rows.map(policyFromRow);
    },
    async getLatest(regionCode, numberType) {
      const row = await db.get<PolicyRow>(
        `SELECT ${COLUMNS} FROM kyc_policies WHERE region_code = $1 AND number_type = $2 ORDER BY version DESC LIMIT 1`,
        [regionCode, numberType],
      );
      return row && policyFromRow(row);
    },
    putNewVersion(regionCode, numberType, document, now, audit = []) {
      return db.transaction(
        async (tx) => {
          // Under the lock, the newest version read is still the newest at the insert.
          const latest = await tx.get<{ v: number }>(
            'SELECT coalesce(max(version), 0) AS v FROM kyc_policies WHERE region_code = $1 AND number_type = $2',
            [regionCode, numberType],
          );
          const version = Number(latest!.v) + 1;
          const stored = { ...document, version };
          await tx.run(
            `INSERT INTO kyc_policies (region_code, number_type, version, document, created_at)
             VALUES ($1, $2, $3, $4::text::json, $5::bigint)`,
            [regionCode, numberType, version, JSON.stringify(stored), now],
          );
          await insertAudit(
            tx,
            audit.map((entry) => ({ ...entry, details: { ...entry.details, version } })),
          );
          return { regionCode, numberType, version, document: stored, createdAt: now };
        },
        { lock: POLICIES_LOCK },
      );
    },
    seedMissing(documents, now) {
      // Two processes seeding at once: the second waits, then finds every pair stored.
      return db.transaction(
        async (tx) => {
          let seeded = 0;
          for (const document of documents) {
            seeded += await tx.run(
              `INSERT INTO kyc_policies (region_code, number_type, version, document, created_at)
               SELECT $1::text, $2::text, $3::integer, $4::text::json, $5::bigint
               WHERE NOT EXISTS (SELECT 1 FROM kyc_policies WHERE region_code = $1 AND number_type = $2)`,
              [
                String(document.regionCode),
                String(document.numberType),
                Number(document.version),
                JSON.stringify(document),
                now,
              ],
            );
          }
          return seeded;
        },
        { lock: POLICIES_LOCK },
      );
    },
  };
}
