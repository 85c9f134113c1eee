import { setImmediate as nextTurn } from 'node:timers/promises';
import { errors } from '../../errors.js';
import type { Store } from '../../store/types.js';
import { auditEntry, DEFAULT_ACTOR } from '../admin/audit.js';
import type { NumberType } from '../inventory/products.js';
import { loadPolicyFiles, PolicyValidationError, parsePolicy, policyFileNames } from './policyFile.js';

/** JSON with object keys sorted, so a document reads the same after a store reordered its keys. */
function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v).sort(([a], [b]) => (a < b ? -1 : 1)))
      : v,
  );
}

/** Operators' view of the KYC policies: the newest version of each is in force. */
export function createPoliciesService({
  store,
  now,
}: {
  store: Pick<Store, 'inventory' | 'policies'>;
  now: () => number;
}) {
  /** The shipped documents, as canonical JSON, once seedShipped has loaded them. */
  let shipped = new Set<string>();
  return {
    /** Stores the shipped policy files for every (region, type) that has no policy yet. */
    async seedShipped(): Promise<number> {
      // A file never replaces a stored policy: when every shipped pair has one (every start after
      // the first), the files are not read, and not checked (~40 ms a file).
      const stored = new Set(
        (await store.policies.listLatest()).map((p) => `${p.regionCode}-${p.numberType}.json`),
      );
      if (policyFileNames().every((name) => stored.has(name))) return 0;
      const documents = loadPolicyFiles().map((policy) => policy as unknown as Record<string, unknown>);
      shipped = new Set(documents.map(canonicalJson));
      return store.policies.seedMissing(documents, now());
    },

    /**
     * The pairs whose policy in force breaks the current upload rules (stored before input limits
     * existed): they keep working, but an operator should upload a new version. A full check costs
     * ~40 ms a policy: the server runs this once it listens, and yields between policies so that
     * requests are served meanwhile.
     */
    async storedBeforeLimits(): Promise<string[]> {
      const outdated: string[] = [];
      for (const stored of await store.policies.listLatest()) {
        // A shipped file was checked when seedShipped loaded it.
        if (shipped.has(canonicalJson(stored.document))) continue;
        await nextTurn();
        try {
          parsePolicy(stored.document);
        } catch (error) {
          if (!(error instanceof PolicyValidationError)) throw error;
          outdated.push(`${stored.regionCode} ${stored.numberType} v${stored.version}: ${error.problems[0]}`);
        }
      }
      return outdated;
    },

    async list() {
      return (await store.policies.listLatest()).map((stored) => stored.document as Record<string, unknown>);
    },

    async get(regionCode: string, numberType: string) {
      const stored = await store.policies.getLatest(regionCode.toUpperCase(), numberType.toUpperCase());
      if (!stored)
        throw errors.notFound(
          'KycPolicy',
          `${regionCode}/${numberType}`,
          `No KYC policy for ${regionCode} ${numberType}`,
        );
      return stored.document as Record<string, unknown>;
    },

    /** Adds or replaces the policy of a pair as a new version, after validating the whole document. */
    /** Stores a new version of the pair's policy; `actor` is who uploaded it, for the audit log. */
    async put(regionCode: string, numberType: string, body: Record<string, unknown>, actor = DEFAULT_ACTOR) {
      const region = regionCode.toUpperCase();
      const type = numberType.toUpperCase();
      const document = {
        ...body,
        regionCode: body.regionCode ?? region,
        numberType: body.numberType ?? type,
        version: body.version ?? 1,
      };
      if (document.regionCode !== region || document.numberType !== type) {
        throw errors.fieldViolation(
          'regionCode',
          `The document is for ${document.regionCode} ${document.numberType}, the path for ${region} ${type}`,
        );
      }
      try {
        parsePolicy(document);
      } catch (error) {
        if (!(error instanceof PolicyValidationError)) throw error;
        throw errors.invalidArgument(
          'The policy document is not valid',
          error.problems.map((problem) => ({ field: 'policy', description: problem })),
        );
      }
      if (!(await store.inventory.getProduct(region, type as NumberType))) {
        throw errors.fieldViolation(
          'numberType',
          `${region} ${type} numbers are not sold here: there is no product to order`,
        );
      }
      const at = now();
      const stored = await store.policies.putNewVersion(region, type, document, at, [
        auditEntry(at, actor, { action: 'PUT', resourceType: 'KycPolicy', resourceId: `${region}/${type}` }),
      ]);
      return stored.document as Record<string, unknown>;
    },
  };
}

export type PoliciesService = ReturnType<typeof createPoliciesService>;
