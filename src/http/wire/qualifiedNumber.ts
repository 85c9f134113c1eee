import { type QualifiedNumberRecord, STATE_PREFIX } from '../../domain/qualified/qualifiedNumber.js';
import { toWireTime } from '../../domain/time.js';

/** A qualified number on the wire: the document's `QualifiedNumber` (states with their prefix). */
export function toWireQualifiedNumber(r: QualifiedNumberRecord) {
  return {
    phoneNumber: r.phoneNumber,
    projectId: r.projectId,
    regionCode: r.regionCode,
    globalProcessState: `${STATE_PREFIX}${r.state}`,
    osrEligibility: { ...r.osrEligibility },
    ownershipVerification: { ...r.ownershipVerification },
    hostedNumber: { ...r.hostedNumber },
    createdTime: toWireTime(r.createdAt),
    updatedTime: toWireTime(r.updatedAt),
  };
}

/** What operators see besides: the eligibility decision (who, when, why) and the hosting order. */
export function toWireReviewedQualifiedNumber(r: QualifiedNumberRecord) {
  return {
    ...toWireQualifiedNumber(r),
    hostingOrderId: r.hostingOrderId,
    eligibilityReview: r.review
      ? {
          decision: r.review.decision,
          reason: r.review.reason,
          reviewer: r.review.reviewer,
          decisionTime: toWireTime(r.review.decidedAt),
        }
      : null,
    wrongCodes: r.wrongCodes,
    unblocks: (r.unblocks ?? []).map((u) => ({
      reason: u.reason,
      reviewer: u.reviewer,
      unblockTime: toWireTime(u.unblockedAt),
    })),
  };
}
