import { Type } from '@sinclair/typebox';
import {
  HOSTING_ORDER_STATES,
  type HostingOrderState,
  MAX_IMPORT_LIMIT,
} from '../../../domain/hosting/hostingOrder.js';
import { ActorHeaders, actorOf } from '../../actor.js';
import type { Operation } from '../../deps.js';
import { Count } from '../../queryParams.js';
import { errorResponses, refusedInState } from '../../responses.js';
import { PathParam, StringEnum, Text } from '../../schemas.js';
import { TAGS } from '../../tags.js';
import { toWireAdminHostingOrder } from '../../wire/hostingOrder.js';
import { PdfFile, sendPdf } from '../hostingOrders/downloadLoa.js';
import { HostingOrder, HostingOrderParams } from '../hostingOrders/schemas.js';

/** An order as the operator sees it: with its LOA kind and audit (review, signature, rejection). */
const AdminHostingOrder = Type.Composite([
  HostingOrder,
  Type.Object({
    loa: StringEnum(['DIRECT', 'RESELLER', 'BLANKET', 'NONE']),
    tollFree: Type.Boolean(),
    rejectionReason: Type.String(),
    review: Type.Union([
      Type.Object({
        decision: StringEnum(['APPROVED', 'REJECTED']),
        reviewer: Type.String(),
        reason: Type.String(),
        at: Type.String(),
      }),
      Type.Null(),
    ]),
    signature: Type.Union([
      Type.Object({ fullName: Type.String(), ip: Type.String(), at: Type.String(), via: Type.String() }),
      Type.Null(),
    ]),
  }),
]);

/** GET /admin/v1/hostingOrders?state=SUBMITTED — the review queue (oldest first), every project. */
export const listHostingOrdersForReview: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders',
    {
      schema: {
        operationId: 'AdminService_ListHostingOrders',
        tags: [TAGS.admin],
        summary: 'List hosting orders of every project (the review queue), with their audit',
        querystring: Type.Object({
          state: Type.Optional(StringEnum(HOSTING_ORDER_STATES)),
          projectId: Type.Optional(PathParam),
          pageSize: Type.Optional(Count('At most this many orders (default 100, at most 1000)')),
        }),
        response: {
          200: Type.Object({ hostingOrders: Type.Array(AdminHostingOrder) }),
          ...errorResponses(400),
        },
      },
    },
    async (request) => {
      const found = await hosting.listForReview({
        state: request.query.state as HostingOrderState | undefined,
        projectId: request.query.projectId,
        limit: Math.min(request.query.pageSize || 100, 1000),
      });
      return { hostingOrders: found.map(toWireAdminHostingOrder) };
    },
  );
};

/**
 * POST /admin/v1/projects/{projectId}/hostingOrders/{hostingOrderId}:review — APPROVE moves a
 * SUBMITTED order on (to the signature, or to the carrier work); REJECT (reason required) ends a
 * SUBMITTED or WAITING_FOR_LOA_SIGNATURE order. Reviewer, time and reason are kept on the order.
 */
export const reviewHostingOrder: Operation = (app, { hosting }) => {
  app.post(
    '/projects/:projectId/hostingOrders/:hostingOrderId(^[^:]+)::review',
    {
      schema: {
        operationId: 'AdminService_ReviewHostingOrder',
        tags: [TAGS.admin],
        summary: 'Approve or reject a hosting order',
        params: HostingOrderParams,
        headers: ActorHeaders,
        body: Type.Object({
          decision: StringEnum(['APPROVE', 'REJECT'] as const),
          reason: Type.Optional(Text(2000, 'Required to reject')),
          reviewer: Type.Optional(
            Text(
              256,
              'Who decides (kept in the audit); X-Open-Numbers-Actor, else "admin-token", by default',
            ),
          ),
        }),
        response: { 200: AdminHostingOrder, ...errorResponses(400, 404), ...refusedInState() },
      },
    },
    async (request) => {
      const { projectId, hostingOrderId } = request.params;
      const order = await hosting.review(
        projectId,
        hostingOrderId,
        request.body.decision,
        request.body.reason ?? '',
        actorOf(request, request.body.reviewer),
      );
      return toWireAdminHostingOrder(order);
    },
  );
};

/** GET /admin/v1/hostingOrders/{hostingOrderId}/loa — the LOA (signed once signed). */
export const downloadHostingOrderLoa: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders/:hostingOrderId/loa',
    {
      schema: {
        operationId: 'AdminService_DownloadHostingOrderLoa',
        tags: [TAGS.admin],
        summary: 'Download the Letter of Authorization of any hosting order',
        params: Type.Object({ hostingOrderId: PathParam }),
        response: { 200: PdfFile, ...errorResponses(404) },
      },
    },
    async (request, reply) =>
      sendPdf(reply, request.params.hostingOrderId, await hosting.adminLoa(request.params.hostingOrderId)),
  );
};

const Settings = Type.Object({ projectId: Type.String(), importNumbersLimit: Type.Integer() });

/** PUT /admin/v1/projects/{projectId}/hostingOrderSettings — the project's :importNumbers limit. */
export const putHostingOrderSettings: Operation = (app, { hosting }) => {
  app.put(
    '/projects/:projectId/hostingOrderSettings',
    {
      schema: {
        operationId: 'AdminService_PutHostingOrderSettings',
        tags: [TAGS.admin],
        summary: 'Set how many numbers one hostingOrders:importNumbers request of the project may carry',
        params: Type.Object({ projectId: PathParam }),
        body: Type.Object(
          {
            importNumbersLimit: Type.Integer({
              minimum: 1,
              maximum: MAX_IMPORT_LIMIT,
              description: 'Default 5',
            }),
          },
          { required: ['importNumbersLimit'] },
        ),
        response: { 200: Settings, ...errorResponses(400, 404) },
      },
    },
    async (request) => hosting.setImportLimit(request.params.projectId, request.body.importNumbersLimit),
  );
};

/** GET /admin/v1/projects/{projectId}/hostingOrderSettings. */
export const getHostingOrderSettings: Operation = (app, { hosting }) => {
  app.get(
    '/projects/:projectId/hostingOrderSettings',
    {
      schema: {
        operationId: 'AdminService_GetHostingOrderSettings',
        tags: [TAGS.admin],
        summary: "A project's hosting order settings",
        params: Type.Object({ projectId: PathParam }),
        response: { 200: Settings, ...errorResponses(404) },
      },
    },
    async (request) => hosting.getSettings(request.params.projectId),
  );
};

export const hostingAdminOperations: Operation[] = [
  listHostingOrdersForReview,
  reviewHostingOrder,
  downloadHostingOrderLoa,
  putHostingOrderSettings,
  getHostingOrderSettings,
];
