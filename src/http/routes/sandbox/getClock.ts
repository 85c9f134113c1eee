import { toWireTime } from '../../../domain/time.js';
import type { Operation } from '../../deps.js';
import { TAGS } from '../../tags.js';
import { Now } from './schemas.js';

/** GET /_sandbox/clock — the time every rule of this server reads. */
export const getClock: Operation = (app, { clock }) => {
  app.get(
    '/clock',
    {
      schema: {
        operationId: 'SandboxService_GetClock',
        tags: [TAGS.sandbox],
        summary: 'Read the sandbox clock',
        response: { 200: Now },
      },
    },
    async () => ({ now: toWireTime(clock.now()) }),
  );
};
