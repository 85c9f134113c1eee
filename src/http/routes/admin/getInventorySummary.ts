import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { RegionCodeQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireInventoryCount } from '../../wire/admin.js';
import { InventoryCount } from './adminSchemas.js';

/** GET /admin/v1/inventory?regionCode=&type= — per region and type: available, reserved, active. */
export const getInventorySummary: Operation = (app, { admin }) => {
  app.get(
    '/inventory',
    {
      schema: {
        operationId: 'AdminService_GetInventorySummary',
        tags: [TAGS.admin],
        summary: 'Count the inventory per region and type: available, reserved and active numbers',
        querystring: Type.Object({
          regionCode: Type.Optional(RegionCodeQuery),
          type: Type.Optional(Type.Unsafe<string>({ ...Code, description: 'MOBILE, LOCAL or TOLL_FREE' })),
        }),
        response: { 200: Type.Object({ inventory: Type.Array(InventoryCount) }), ...errorResponses(400) },
      },
    },
    async (request) => ({
      inventory: (await admin.inventorySummary(request.query)).map(toWireInventoryCount),
    }),
  );
};
