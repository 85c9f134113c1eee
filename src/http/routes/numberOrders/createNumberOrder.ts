import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import { enumList, enumValue } from '../../bodyValues.js';
import type { Operation } from '../../deps.js';
import { CAPABILITIES, NUMBER_TYPE_VALUES } from '../../queryParams.js';
import { errorResponses, refusedInState } from '../../responses.js';
import {
  CallbackUrl,
  Code,
  CodeList,
  LIMITS,
  NumberPatternBody,
  OrderVoiceConfigurationRequest,
  PathParam,
  ProjectParams,
  SmsConfigurationRequest,
} from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireOrder } from '../../wire/numberOrder.js';
import { NumberOrder } from './schemas.js';

/** POST /numberOrders:createNumberOrder — reserves the number for 48 hours. */
export const createNumberOrder: Operation = (app, { orders, clock }) => {
  app.post(
    '/numberOrders::createNumberOrder',
    {
      schema: {
        operationId: 'CreateNumberOrder',
        tags: [TAGS.numberOrder],
        summary: 'Order a number, reserving it for 48 hours',
        params: ProjectParams,
        body: Type.Object({
          regionCode: Code,
          numberType: Code,
          smsConfiguration: Type.Optional(SmsConfigurationRequest),
          voiceConfiguration: Type.Optional(OrderVoiceConfigurationRequest),
          callbackUrl: Type.Optional(CallbackUrl),
          numberOrderOption: Type.Optional(
            Type.Object({
              phoneNumbers: Type.Optional(Type.Array(PathParam, { maxItems: LIMITS.phoneNumbers })),
            }),
          ),
          quantityOrderOption: Type.Optional(
            Type.Object({
              numberPattern: Type.Optional(NumberPatternBody),
              requestedQuantity: Type.Integer(),
              sequential: Type.Optional(Type.Boolean()),
              capabilities: Type.Optional(CodeList),
            }),
          ),
        }),
        response: { 200: NumberOrder, ...errorResponses(400, 404), ...refusedInState() },
      },
    },
    async (request) => {
      const body = request.body;
      const quantity = body.quantityOrderOption;
      const created = await orders.createOrder(request.params.projectId, {
        ...body,
        numberType: enumValue('numberType', body.numberType, NUMBER_TYPE_VALUES),
        quantityOrderOption: quantity && {
          ...quantity,
          numberPattern: parseNumberPattern(
            quantity.numberPattern?.pattern,
            quantity.numberPattern?.searchPattern,
            'quantityOrderOption.numberPattern',
          ),
          capabilities: enumList('quantityOrderOption.capabilities', quantity.capabilities, CAPABILITIES),
        },
      });
      return toWireOrder(created, clock.now());
    },
  );
};
