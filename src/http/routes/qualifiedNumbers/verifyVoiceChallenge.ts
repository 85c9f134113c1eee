import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import { MAX_WRONG_CODES } from '../../../domain/qualified/qualifiedNumber.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { toWireQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { QualifiedNumber, QualifiedNumberParams, VerifyBody } from './schemas.js';

/** POST /qualifiedNumbers/{phoneNumber}:verifyVoiceChallenge — checks the code the call said. */
export const verifyVoiceChallenge: Operation = (app, { qualified }) => {
  app.post(
    '/qualifiedNumbers/:phoneNumber(^[^:]+)::verifyVoiceChallenge',
    {
      schema: {
        operationId: 'QualifiedNumberService_VerifyVoiceChallenge',
        tags: [TAGS.qualifiedNumbers],
        summary: 'Prove ownership of the number with the code of the voice call',
        description: `The right code: GLOBAL_PROCESS_STATE_VERIFIED. A wrong one: 200 with GLOBAL_PROCESS_STATE_VERIFICATION_FAILED (try again); the ${MAX_WRONG_CODES}rd wrong code: GLOBAL_PROCESS_STATE_VERIFICATION_BLOCKED, for good. No challenge sent, or an expired one: 400.`,
        params: QualifiedNumberParams,
        body: VerifyBody,
        response: { 200: QualifiedNumber, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWireQualifiedNumber(
        await qualified.verifyVoiceChallenge(
          request.params.projectId,
          parsePathPhoneNumber(request.params.phoneNumber),
          request.body.code,
        ),
      ),
  );
};
