import { Type } from '@sinclair/typebox';
import { MAX_BATCH, QUALIFIED_STATES, STATE_PREFIX } from '../../../domain/qualified/qualifiedNumber.js';
import { LIMITS, StringEnum, Text } from '../../schemas.js';

/** Wire schemas of the Qualified Numbers operations (their document's facts, our words). */

const STEP_STATES = ['DONE', 'FAILED', 'IN_PROGRESS', 'WAITING', 'STATE_UNSPECIFIED'] as const;

const Detail = (description: string) =>
  Type.Object(
    {
      status: StringEnum(STEP_STATES),
      error: Type.String({ description: '"" unless the step failed' }),
    },
    { description },
  );

export const QualifiedNumber = Type.Object(
  {
    phoneNumber: Type.String(),
    projectId: Type.String(),
    regionCode: StringEnum(['US', 'CA']),
    globalProcessState: StringEnum(QUALIFIED_STATES.map((s) => `${STATE_PREFIX}${s}`)),
    osrEligibility: Detail(
      'The eligibility check (the invoices): IN_PROGRESS, then DONE or FAILED with the reason',
    ),
    ownershipVerification: Detail(
      'The voice challenge: WAITING, IN_PROGRESS once called, DONE when verified, FAILED after a wrong code',
    ),
    hostedNumber: Type.Object(
      {
        status: Type.Unsafe<0 | 1 | 2>({
          type: 'integer',
          enum: [0, 1, 2],
          description: '0 not hosted (yet), 1 hosted, 2 hosting failed',
        }),
        error: Type.String(),
      },
      { description: 'The hosting of the number by a hosting order' },
    ),
    createdTime: Type.String(),
    updatedTime: Type.String(),
  },
  { description: 'A number on its way to being hosted: eligibility, ownership, hosting' },
);

export const AddNumbersBody = Type.Object({
  phoneNumbers: Type.Array(Text(LIMITS.code, 'E.164, a US or CA number'), {
    maxItems: MAX_BATCH,
    description: `The numbers to qualify, at most ${MAX_BATCH}, each once`,
  }),
});

export const VerifyBody = Type.Object({
  code: Text(LIMITS.code, 'The code the voice call said'),
});

export const QualifiedNumberParams = Type.Object({
  projectId: Text(LIMITS.pathParam),
  phoneNumber: Text(LIMITS.pathParam),
});
