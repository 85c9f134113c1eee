import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import { errors } from '../../../errors.js';
import type { ImportedOrder } from '../../../store/types.js';
import type { Operation } from '../../deps.js';
import { NumberPatternQuery, PageOf, PageQuery, RegionCodeQuery } from '../../queryParams.js';
import { errorResponses } from '../../responses.js';
import { LIMITS, ProjectParams, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireImportedNumber } from '../../wire/importedNumber.js';
import { ImportedNumber } from './schemas.js';

const ORDER_BY: Record<string, ImportedOrder> = {
  createdTime: 'createdTime',
  updatedTime: 'updatedTime',
  phoneNumber: 'phoneNumber',
};

/**
 * GET /importedNumbers — keyset pages, `totalSize` always set, `nextPageToken` "" on the last
 * page. servicePlanId and campaignId are optional filters here (docs/decisions.md).
 */
export const listImportedNumbers: Operation = (app, { imported }) => {
  app.get(
    '/importedNumbers',
    {
      schema: {
        operationId: 'ImportNumberService_ListImportedNumbers',
        tags: [TAGS.importedNumbers],
        summary: "List the project's imported numbers",
        params: ProjectParams,
        querystring: Type.Object({
          regionCode: Type.Optional(RegionCodeQuery),
          ...NumberPatternQuery,
          servicePlanId: Type.Optional(Text(LIMITS.configurationId, 'Only numbers linked to this plan')),
          campaignId: Type.Optional(Text(LIMITS.configurationId, 'Only numbers linked to this campaign')),
          ...PageQuery,
          orderBy: Type.Optional(
            Text(LIMITS.code, 'createdTime or updatedTime (then phone number); phone number by default'),
          ),
        }),
        response: {
          200: PageOf('importedNumbers', ImportedNumber),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const q = request.query;
      let orderBy: ImportedOrder | undefined;
      if (q.orderBy) {
        orderBy = ORDER_BY[q.orderBy];
        if (!orderBy)
          throw errors.fieldViolation(
            'orderBy',
            `Invalid orderBy ${q.orderBy}; use createdTime or updatedTime`,
          );
      }
      const page = await imported.list(request.params.projectId, {
        regionCode: q.regionCode?.toUpperCase(),
        pattern: parseNumberPattern(q['numberPattern.pattern'], q['numberPattern.searchPattern']),
        servicePlanId: q.servicePlanId,
        campaignId: q.campaignId,
        pageSize: q.pageSize,
        pageToken: q.pageToken,
        orderBy,
      });
      return {
        importedNumbers: page.records.map(toWireImportedNumber),
        nextPageToken: page.nextPageToken,
        totalSize: page.totalSize,
      };
    },
  );
};
