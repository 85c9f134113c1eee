import { Type } from '@sinclair/typebox';
import { errors } from '../../../errors.js';
import type { QualifiedOrder } from '../../../store/types.js';
import type { Operation } from '../../deps.js';
import { PageOf, PageQuery, RegionCodeQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { Code, LIMITS, ProjectParams, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireQualifiedNumber } from '../../wire/qualifiedNumber.js';
import { QualifiedNumber } from './schemas.js';

const ORDER_BY: Record<string, QualifiedOrder> = {
  createdTime: 'createdTime',
  updatedTime: 'updatedTime',
  phoneNumber: 'phoneNumber',
};

/** GET /qualifiedNumbers — `states` required (repeated or comma-joined, with or without the prefix). */
export const listQualifiedNumbers: Operation = (app, { qualified }) => {
  app.get(
    '/qualifiedNumbers',
    {
      schema: {
        operationId: 'QualifiedNumberService_ListQualifiedNumbers',
        tags: [TAGS.qualifiedNumbers],
        summary: "List the project's qualified numbers in some states",
        params: ProjectParams,
        querystring: Type.Object({
          states: Type.Array(Code, {
            minItems: 1,
            maxItems: 32,
            description:
              'Required: the global process states to list, e.g. GLOBAL_PROCESS_STATE_VERIFIED (the prefix may be left out); repeated or comma-joined',
          }),
          regionCode: Type.Optional(RegionCodeQuery),
          ...PageQuery,
          orderBy: Type.Optional(
            Text(LIMITS.code, 'createdTime or updatedTime (then phone number); phone number by default'),
          ),
        }),
        response: {
          200: PageOf('qualifiedNumbers', QualifiedNumber),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const q = request.query;
      let orderBy: QualifiedOrder | undefined;
      if (q.orderBy) {
        orderBy = ORDER_BY[q.orderBy];
        if (!orderBy) {
          throw errors.fieldViolation(
            'orderBy',
            `Invalid orderBy ${q.orderBy}; use createdTime or updatedTime`,
          );
        }
      }
      const page = await qualified.list(request.params.projectId, {
        states: q.states,
        regionCode: q.regionCode?.toUpperCase(),
        pageSize: q.pageSize,
        pageToken: q.pageToken,
        orderBy,
      });
      return {
        qualifiedNumbers: page.records.map(toWireQualifiedNumber),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },
  );
};
