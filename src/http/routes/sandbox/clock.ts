import { Type } from '@sinclair/typebox';
import { toWireTime } from '../../../domain/time.js';
import type { Operation } from '../../deps.js';
import { ErrorEnvelope } from '../../schemas.js';

const Now = Type.Object({ now: Type.String() });

/** GET /_sandbox/clock and POST /_sandbox/clock:advance {"seconds": n}. */
export const sandboxClock: Operation = (app, { clock }) => {
  app.get('/clock', { schema: { response: { 200: Now } } }, async () => ({ now: toWireTime(clock.now()) }));
  app.post(
    '/clock::advance',
    {
      schema: {
        body: Type.Object({ seconds: Type.Number({ minimum: 0, maximum: 10 * 365 * 24 * 3600 }) }),
        response: { 200: Now, 400: ErrorEnvelope },
      },
    },
    async (request) => ({ now: toWireTime(await clock.advance(request.body.seconds)) }),
  );
};
