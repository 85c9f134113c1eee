import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { RegionCodeQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWirePrice } from '../../wire/admin.js';
import { ProductPrice } from './adminSchemas.js';

/** GET /admin/v1/prices?regionCode=&type= — every product's prices, and whether an operator set them. */
export const listPrices: Operation = (app, { admin }) => {
  app.get(
    '/prices',
    {
      schema: {
        operationId: 'AdminService_ListPrices',
        tags: [TAGS.admin],
        summary: 'List the prices of every region and type sold',
        querystring: Type.Object({
          regionCode: Type.Optional(RegionCodeQuery),
          type: Type.Optional(Type.Unsafe<string>({ ...Code, description: 'MOBILE, LOCAL or TOLL_FREE' })),
        }),
        response: { 200: Type.Object({ prices: Type.Array(ProductPrice) }), ...errorResponses(400) },
      },
    },
    async (request) => ({ prices: (await admin.listPrices(request.query)).map(toWirePrice) }),
  );
};
