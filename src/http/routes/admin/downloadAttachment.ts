import { Type } from '@sinclair/typebox';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { AttachmentParams } from '../numberOrders/schemas.js';

/** The extension each accepted (sniffed) content type is served with. */
export const EXTENSIONS: Record<string, string> = {
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
 * The headers a stored attachment is served with: the type sniffed at upload, a file name built
 * from it, no MIME sniffing by the browser, and its document type. `inline` lets the console
 * show a PDF or an image in the page; the admin API always sends it as a download.
 */
export function attachmentHeaders(
  attachment: { fileName: string; mimeType: string; documentType: string },
  disposition: 'inline' | 'attachment' = 'attachment',
): Record<string, string> {
  return {
    'content-type': attachment.mimeType,
    'content-disposition': `${disposition}; filename="${downloadName(attachment)}"`,
    'x-content-type-options': 'nosniff',
    'x-document-type': attachment.documentType,
  };
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
      return reply.headers(attachmentHeaders(attachment)).send(content);
    },
  );
};
