import { Type } from '@sinclair/typebox';
import { parseNumberPattern } from '../../../domain/numbers/patterns.js';
import type { Operation } from '../../deps.js';
import { CAPABILITIES, enumList, enumValue, NUMBER_TYPE_VALUES } from '../../queryValues.js';
import {
  CallbackUrl,
  Code,
  CodeList,
  errorResponses,
  LIMITS,
  NumberPatternBody,
  PathParam,
  ProjectParams,
  SmsConfigurationRequest,
  VoiceConfigurationRequest,
} from '../../schemas.js';
import { NumberOrder } from './schemas.js';

/** POST /numberOrders:createNumberOrder — reserves the number for 48 hours. */
export const createNumberOrder: Operation = (app, { orders }) => {
  app.post(
    '/numberOrders::createNumberOrder',
    {
      schema: {
        operationId: 'CreateNumberOrder',
        params: ProjectParams,
        body: Type.Object({
          regionCode: Type.Optional(Code),
          numberType: Type.Optional(Code),
          smsConfiguration: Type.Optional(SmsConfigurationRequest),
          voiceConfiguration: Type.Optional(VoiceConfigurationRequest),
          callbackUrl: Type.Optional(CallbackUrl),
          numberOrderOption: Type.Optional(
            Type.Object({
              phoneNumbers: Type.Optional(Type.Array(PathParam, { maxItems: LIMITS.phoneNumbers })),
            }),
          ),
          quantityOrderOption: Type.Optional(
            Type.Object({
              numberPattern: Type.Optional(NumberPatternBody),
              requestedQuantity: Type.Optional(Type.Integer()),
              sequential: Type.Optional(Type.Boolean()),
              capabilities: Type.Optional(CodeList),
            }),
          ),
        }),
        response: { 200: NumberOrder, ...errorResponses },
      },
    },
    async (request) => {
      const body = request.body;
      const quantity = body.quantityOrderOption;
      return orders.createOrder(request.params.projectId, {
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
    },
  );
};
