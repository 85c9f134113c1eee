import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { HostingOrderParams } from './schemas.js';

export const PdfFile = {
  description: 'The LOA as a PDF; X-Loa-Signed says whether it is the signed one',
  content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};

/** Sends an LOA as a download: never rendered in place, never sniffed. */
export function sendPdf<R>(
  reply: { header(name: string, value: string): unknown; send(payload: Buffer): R },
  hostingOrderId: string,
  loa: { pdf: Buffer; signed: boolean },
) {
  reply.header('content-type', 'application/pdf');
  reply.header(
    'content-disposition',
    `attachment; filename="loa-${hostingOrderId.replace(/[^\w-]/g, '_')}${loa.signed ? '-signed' : ''}.pdf"`,
  );
  reply.header('x-content-type-options', 'nosniff');
  reply.header('x-loa-signed', String(loa.signed));
  return reply.send(loa.pdf);
}

/**
 * GET /hostingOrders/{hostingOrderId}/loa — an Open Numbers extension: the order's Letter of
 * Authorization (signed once signed). Direct and reseller text-enable orders have one from
 * their review on; imports and blanket-LOA orders have none (404).
 */
export const downloadLoa: Operation = (app, { hosting }) => {
  app.get(
    '/hostingOrders/:hostingOrderId/loa',
    {
      schema: {
        operationId: 'OpenNumbers_DownloadHostingOrderLoa',
        tags: [TAGS.hostingOrdersExtension],
        summary: 'Download the Letter of Authorization of a hosting order (Open Numbers extension)',
        params: HostingOrderParams,
        response: { 200: PdfFile, ...errorResponses(404) },
      },
    },
    async (request, reply) => {
      const { projectId, hostingOrderId } = request.params;
      return sendPdf(reply, hostingOrderId, await hosting.loa(projectId, hostingOrderId));
    },
  );
};
