import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import {
  CALL_INTERVAL_MS,
  CALLS_PER_HOUR,
  CHALLENGE_TTL_MS,
} from '../../../domain/qualified/qualifiedNumber.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { QualifiedNumber, QualifiedNumberParams } from './schemas.js';

/** POST /qualifiedNumbers/{phoneNumber}:sendVoiceChallenge — calls the number with a fresh code. */
export const sendVoiceChallenge: Operation = (app, { qualified }) => {
  app.post(
    '/qualifiedNumbers/:phoneNumber(^[^:]+)::sendVoiceChallenge',
    {
      schema: {
        operationId: 'QualifiedNumberService_SendVoiceChallenge',
        tags: [TAGS.qualifiedNumbers],
        summary: 'Call the number with a code that proves its ownership',
        description: `For an ELIGIBLE number (or one whose verification is pending or failed). The code has 6 digits, is valid ${CHALLENGE_TTL_MS / 60_000} minutes and replaces any earlier one; the number becomes GLOBAL_PROCESS_STATE_VERIFICATION_PENDING. At most one call per ${CALL_INTERVAL_MS / 1000} s and ${CALLS_PER_HOUR} per hour (429 with Retry-After). Sandbox: the call is in GET /_sandbox/voiceCalls.`,
        params: QualifiedNumberParams,
        response: {
          200: QualifiedNumber,
          ...errorResponses(400, 404),
          // The surface renders it in the flat envelope; only the meaning differs from the shared 429.
          429: Type.Object({}, { description: 'The number was called too often; see Retry-After' }),
        },
      },
    },
    async (request) =>
      toWireQualifiedNumber(
        await qualified.sendVoiceChallenge(
          request.params.projectId,
          parsePathPhoneNumber(request.params.phoneNumber),
        ),
      ),
  );
};
