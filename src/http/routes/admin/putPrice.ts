import { Type } from '@sinclair/typebox';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { Code, PathParam } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWirePrice } from '../../wire/admin.js';
import { ProductPrice } from './adminSchemas.js';

const Amount = (description: string) => Type.String({ maxLength: 32, description });

/**
 * PUT /admin/v1/prices/{regionCode}/{type} — the product's prices from now on: searches, rentals
 * and new number orders use them; rented numbers and existing orders keep theirs.
 */
export const putPrice: Operation = (app, { admin }) => {
  app.put(
    '/prices/:regionCode/:type',
    {
      schema: {
        operationId: 'AdminService_PutPrice',
        tags: [TAGS.admin],
        summary: 'Set the setup and monthly price of a region and number type',
        params: Type.Object({ regionCode: PathParam, type: PathParam }),
        headers: ActorHeaders,
        body: Type.Object(
          {
            setupPrice: Amount('A decimal string, e.g. "1.50"'),
            monthlyPrice: Amount('A decimal string, e.g. "0.75"'),
            currencyCode: Type.Unsafe<string>({ ...Code, description: 'ISO 4217, e.g. USD' }),
          },
          { required: ['setupPrice', 'monthlyPrice', 'currencyCode'] },
        ),
        response: { 200: ProductPrice, ...errorResponses(400, 404) },
      },
    },
    async (request) =>
      toWirePrice(
        await admin.setPrice(request.params.regionCode, request.params.type, request.body, actorOf(request)),
      ),
  );
};
