import { Type } from '@sinclair/typebox';
import { parsePathPhoneNumber } from '../../../domain/numbers/phoneNumbers.js';
import { toWireTime } from '../../../domain/time.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { LIMITS, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';

/** GET /_sandbox/voiceCalls?phoneNumber=… — the voice challenges "called", newest first, with their code. */
export const listVoiceCalls: Operation = (app, { qualified }) => {
  app.get(
    '/voiceCalls',
    {
      schema: {
        operationId: 'SandboxService_ListVoiceCalls',
        tags: [TAGS.sandbox],
        summary: 'The voice challenge calls made to a number, with the code each said',
        querystring: Type.Object({
          phoneNumber: Text(LIMITS.pathParam, 'The number called (E.164)'),
        }),
        response: {
          200: Type.Object({
            voiceCalls: Type.Array(
              Type.Object({
                phoneNumber: Type.String(),
                projectId: Type.String(),
                code: Type.String({ description: 'What the call said' }),
                createTime: Type.String(),
                expireTime: Type.String(),
              }),
            ),
          }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const calls = await qualified.voiceCalls(parsePathPhoneNumber(request.query.phoneNumber));
      return {
        voiceCalls: calls.map((c) => ({
          phoneNumber: c.phoneNumber,
          projectId: c.projectId,
          code: c.code,
          createTime: toWireTime(c.createdAt),
          expireTime: toWireTime(c.expireAt),
        })),
      };
    },
  );
};
