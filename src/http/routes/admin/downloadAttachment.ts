import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { AttachmentParams } from '../numberOrders/schemas.js';

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

const File = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/** GET /admin/v1/projects/{projectId}/numberOrders/{numberOrderId}/attachments/{attachmentId} — the file. */
export const downloadAttachment: Operation = (app, { orders }) => {
  app.get(
    '/projects/:projectId/numberOrders/:numberOrderId/attachments/:attachmentId',
    {
      schema: {
        operationId: 'AdminService_DownloadNumberOrderAttachment',
        tags: [TAGS.admin],
        summary: 'Download a supporting document',
        params: AttachmentParams,
        response: {
          200: {
            description: 'The file, with the type sniffed at upload; X-Document-Type names its role',
            content: Object.fromEntries(Object.keys(EXTENSIONS).map((type) => [type, { schema: File }])),
          },
          ...errorResponses(400, 404),
        },
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
};
