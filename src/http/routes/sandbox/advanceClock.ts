import { Type } from '@sinclair/typebox';
import { toWireTime } from '../../../domain/time.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { Now } from './schemas.js';

/** POST /_sandbox/clock:advance {"seconds": n} — jobs that become due run as they would have. */
export const advanceClock: Operation = (app, { clock }) => {
  app.post(
    '/clock::advance',
    {
      schema: {
        operationId: 'SandboxService_AdvanceClock',
        tags: [TAGS.sandbox],
        summary: 'Move the sandbox clock forward',
        body: Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 10 * 365 * 24 * 3600 }) }),
        response: { 200: Now, ...errorResponses(400) },
      },
    },
    async (request) => ({ now: toWireTime(await clock.advance(request.body.seconds)) }),
  );
};
