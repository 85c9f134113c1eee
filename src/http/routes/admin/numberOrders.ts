import { Type } from '@sinclair/typebox';
import { REVIEW_DECISIONS } from '../../../domain/orders/orderState.js';
import type { Operation } from '../../deps.js';
import { nonNegativeInteger } from '../../queryValues.js';
import { Code, ErrorEnvelope, LIMITS, PathParam, Text } from '../../schemas.js';
import { AttachmentParams, NumberOrder, OrderParams, Registration } from '../numberOrders/schemas.js';

/** The extension each accepted (sniffed) content type is served with. */
const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

function downloadName(attachment: { fileName: string; mimeType: string }): string {
  const stem =
    attachment.fileName
      .replace(/\.[^.]*$/, '')
      .replace(/[^\w-]+/g, '_')
      .slice(0, 100) || 'attachment';
  return `${stem}.${EXTENSIONS[attachment.mimeType] ?? 'bin'}`;
}

/**
 * The operator's review of KYC orders: the queue (`?state=IN_REVIEW`) with registrations, the
 * uploaded files, and the decision. In sandbox mode the same decision endpoint overrides the
 * automatic review.
 */
export const adminNumberOrders: Operation = (app, { orders }) => {
  app.get(
    '/numberOrders',
    {
      schema: {
        querystring: Type.Object({
          state: Type.Optional(Code),
          projectId: Type.Optional(PathParam),
          pageSize: Type.Optional(Text(LIMITS.numberText)),
        }),
        response: {
          200: Type.Object({
            numberOrders: Type.Array(
              Type.Composite([NumberOrder, Type.Object({ registration: Registration })]),
            ),
          }),
          400: ErrorEnvelope,
        },
      },
    },
    async (request) =>
      orders.listOrders({
        state: request.query.state || undefined,
        projectId: request.query.projectId || undefined,
        limit: Math.min(nonNegativeInteger('pageSize', request.query.pageSize) || 100, 1000),
      }),
  );

  app.get(
    '/projects/:projectId/numberOrders/:numberOrderId/attachments/:attachmentId',
    {
      schema: {
        params: AttachmentParams,
      },
    },
    async (request, reply) => {
      const { projectId, numberOrderId, attachmentId } = request.params;
      const { attachment, content } = await orders.attachmentContent(projectId, numberOrderId, attachmentId);
      // The type is the one sniffed from the content at upload; the uploader's name keeps only
      // its stem, so a PDF uploaded as `poly.html` downloads as `poly.pdf`, never as a page.
      return reply
        .header('content-type', attachment.mimeType)
        .header('content-disposition', `attachment; filename="${downloadName(attachment)}"`)
        .header('x-content-type-options', 'nosniff')
        .header('x-document-type', attachment.documentType)
        .send(content);
    },
  );

  app.post(
    '/projects/:projectId/numberOrders/:numberOrderId(^[^:]+)::review',
    {
      schema: {
        params: OrderParams,
        body: Type.Object({
          decision: Type.Union(REVIEW_DECISIONS.map((d) => Type.Literal(d))),
          reason: Type.Optional(Type.String({ maxLength: 2000 })),
        }),
        response: { 200: NumberOrder, 400: ErrorEnvelope, 404: ErrorEnvelope },
      },
    },
    async (request) =>
      orders.review(
        request.params.projectId,
        request.params.numberOrderId,
        request.body.decision,
        request.body.reason ?? '',
      ),
  );
};
