import { Type } from '@sinclair/typebox';
import { toWireTime } from '../../../domain/time.js';
import type { Operation } from '../../deps.js';
import { Count } from '../../queryParams.js';
import { errorResponses, refusedInState } from '../../responses.js';
import { PathParam, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireAdminHostingOrder } from '../../wire/hostingOrder.js';

/**
 * POST /_sandbox/hostingOrders/{hostingOrderId}:advance — moves one order to its next state now:
 * SUBMITTED is approved; WAITING_FOR_LOA_SIGNATURE is signed in the authorised person's name
 * ("sandbox advance"); IN_PROGRESS runs its remaining carrier steps (→ COMPLETED or REJECTED).
 */
export const advanceHostingOrder: Operation = (app, { hosting }) => {
  app.post(
    '/hostingOrders/:hostingOrderId(^[^:]+)::advance',
    {
      schema: {
        operationId: 'SandboxService_AdvanceHostingOrder',
        tags: [TAGS.sandbox],
        summary: 'Move a hosting order to its next state at once',
        params: Type.Object({ hostingOrderId: PathParam }),
        response: {
          200: Type.Object({ hostingOrderId: Type.String(), state: Type.String() }),
          ...errorResponses(400, 404),
          ...refusedInState(),
        },
      },
    },
    async (request) => {
      const order = await hosting.advance(request.params.hostingOrderId);
      return { hostingOrderId: order.hostingOrderId, state: toWireAdminHostingOrder(order).state };
    },
  );
};

const Email = Type.Object({
  messageId: Type.String(),
  to: Type.String(),
  subject: Type.String(),
  text: Type.String(),
  links: Type.Array(Type.String()),
  state: Type.String({
    description: 'LOGGED (kept here only), PENDING, SENT or FAILED (SMTP, every attempt refused)',
  }),
  createdTime: Type.String(),
});

/** GET /_sandbox/emails?to=… — the mail log, newest first (the LOA signing links). */
export const listEmails: Operation = (app, { hosting }) => {
  app.get(
    '/emails',
    {
      schema: {
        operationId: 'SandboxService_ListEmails',
        tags: [TAGS.sandbox],
        summary: 'The mail the server sent (LOA signing links), newest first',
        querystring: Type.Object({
          to: Type.Optional(Text(320, 'Only mail to this address')),
          pageSize: Type.Optional(Count('At most this many messages (default 100, at most 1000)')),
        }),
        response: { 200: Type.Object({ emails: Type.Array(Email) }), ...errorResponses(400) },
      },
    },
    async (request) => {
      const messages = await hosting.listMail({
        to: request.query.to,
        limit: Math.min(request.query.pageSize || 100, 1000),
      });
      return {
        emails: messages.map(({ createdAt, ...m }) => ({ ...m, createdTime: toWireTime(createdAt) })),
      };
    },
  );
};

export const hostingSandboxOperations: Operation[] = [advanceHostingOrder, listEmails];
