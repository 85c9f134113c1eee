import { Type } from '@sinclair/typebox';
import type { HostingRequestKind } from '../../../domain/hosting/hostingOrder.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { ProjectParams } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireHostingOrder, toWireImportHostingOrder } from '../../wire/hostingOrder.js';
import { HostingOrder, ImportHostingOrder, ImportNumbersBody, TextEnableBody } from './schemas.js';

/**
 * The operations that create hosting orders: one factory, since the five differ only in their
 * path, request kind and answer (the document's HostingOrder, ImportHostingOrder or
 * `{hostingOrderId}`).
 */
function createOperation(options: {
  path: string;
  operationId: string;
  tag: string;
  summary: string;
  description: string;
  kind: HostingRequestKind;
  answer: 'order' | 'import' | 'id';
}): Operation {
  const response =
    options.answer === 'import'
      ? ImportHostingOrder
      : options.answer === 'order'
        ? HostingOrder
        : Type.Object({ hostingOrderId: Type.String() });
  return (app, { hosting }) => {
    app.post(
      options.path,
      {
        schema: {
          operationId: options.operationId,
          tags: [options.tag],
          summary: options.summary,
          description: options.description,
          params: ProjectParams,
          body: options.kind === 'import' ? ImportNumbersBody : TextEnableBody,
          response: { 200: response, ...errorResponses(400, 404, 409) },
        },
      },
      async (request) => {
        const order = await hosting.create(request.params.projectId, options.kind, request.body);
        if (options.answer === 'id') return { hostingOrderId: order.hostingOrderId };
        return options.answer === 'import' ? toWireImportHostingOrder(order) : toWireHostingOrder(order);
      },
    );
  };
}

const TEXT_ENABLE =
  'Exactly one of directLoaInfo, resellerLoaInfo or blanketLoaInfo ({}). Numbers must be VERIFIED qualified numbers of the project (at most 500). A direct or reseller LOA is e-mailed to the authorised person for signature once the order is reviewed; a blanket LOA skips the signature.';

export const importNumbers = createOperation({
  path: '/hostingOrders::importNumbers',
  operationId: 'HostingOrderService_ImportNumbers',
  tag: TAGS.hostingOrders,
  summary: 'Import numbers through a hosting order',
  description:
    'Up to 5 US or CA numbers by default (an operator can change the project’s limit). No LOA: after review, each number goes through the OSR update, SMS platform and campaign steps, and becomes an imported number.',
  kind: 'import',
  answer: 'import',
});

export const textEnableNumbers = createOperation({
  path: '/hostingOrders::textEnableNumbers',
  operationId: 'TextEnableNumbers',
  tag: TAGS.hostingOrders,
  summary: 'Text-enable numbers through a hosting order',
  description: TEXT_ENABLE,
  kind: 'textEnable',
  answer: 'order',
});

export const textEnableTollFreeNumbers = createOperation({
  path: '/hostingOrders::textEnableTollFreeNumbers',
  operationId: 'TextEnableTollFreeNumbers',
  tag: TAGS.hostingOrders,
  summary: 'Text-enable toll-free numbers through a hosting order',
  description: `${TEXT_ENABLE} Toll-free numbers only.`,
  kind: 'textEnableTollFree',
  answer: 'order',
});

export const qualifiedTextEnableNumbers = createOperation({
  path: '/qualifiedNumbers::textEnableNumbers',
  operationId: 'QualifiedNumberService_TextEnableNumbers',
  tag: TAGS.qualifiedNumbers,
  summary: 'Text-enable qualified numbers (answers the new order’s id)',
  description: TEXT_ENABLE,
  kind: 'textEnable',
  answer: 'id',
});

export const qualifiedTextEnableTollFreeNumbers = createOperation({
  path: '/qualifiedNumbers::textEnableTollFreeNumbers',
  operationId: 'QualifiedNumbersTextEnableTollFreeNumbers',
  tag: TAGS.qualifiedNumbers,
  summary: 'Text-enable toll-free qualified numbers',
  description: `${TEXT_ENABLE} Toll-free numbers only.`,
  kind: 'textEnableTollFree',
  answer: 'order',
});
