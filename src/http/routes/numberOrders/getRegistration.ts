import type { Operation } from '../../deps.js';
import { errorResponses } from '../../schemas.js';
import { OrderParams, Registration } from './schemas.js';

/** GET /numberOrders/{numberOrderId}/registration. */
export const getRegistration: Operation = (app, { orders }) => {
  app.get(
    '/numberOrders/:numberOrderId/registration',
    {
      schema: {
        operationId: 'GetNumberOrderRegistration',
        params: OrderParams,
        response: { 200: Registration, ...errorResponses },
      },
    },
    async (request) => orders.getRegistration(request.params.projectId, request.params.numberOrderId),
  );
};
