import { Type } from '@sinclair/typebox';
import { QualifiedNumber } from '../qualifiedNumbers/schemas.js';

/** A qualified number as operators see it: with the eligibility decision's audit. */
export const ReviewedQualifiedNumber = Type.Composite([
  QualifiedNumber,
  Type.Object({
    hostingOrderId: Type.String({ description: 'The hosting order that claimed it, "" before' }),
    eligibilityReview: Type.Union([
      Type.Object({
        decision: Type.String(),
        reason: Type.String(),
        reviewer: Type.String({ description: 'The operator, or "sandbox" for the automatic decision' }),
        decisionTime: Type.String(),
      }),
      Type.Null(),
    ]),
    wrongCodes: Type.Integer({ description: 'Wrong voice challenge codes so far (3 block the number)' }),
    unblocks: Type.Array(
      Type.Object({ reason: Type.String(), reviewer: Type.String(), unblockTime: Type.String() }),
      { description: 'Verification blocks lifted by operators, oldest first' },
    ),
  }),
]);
