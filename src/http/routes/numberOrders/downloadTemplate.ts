import { Type } from '@sinclair/typebox';
import { readTemplate, TEMPLATE_ROUTE } from '../../../domain/orders/attachmentTemplates.js';
import { errors } from '../../../errors.js';
import type { Operation } from '../../deps.js';
import { errorResponses } from '../../responses.js';
import { PathParam } from '../../schemas.js';
import { TAGS } from '../../tags.js';

const File = Type.Unsafe<Buffer>({ type: 'string', format: 'binary' });

/**
 * GET /numberOrderTemplates/{fileName} — a blank form that the requirements lookup lists in an
 * attachment's `template`. No credentials: the forms are public, and a browser opens the link.
 */
export const downloadTemplate: Operation = (app) => {
  app.get(
    `${TEMPLATE_ROUTE}/:fileName`,
    {
      schema: {
        operationId: 'DownloadAttachmentTemplate',
        // Not in Sinch's document: the URLs of the lookup's `template` point here.
        tags: [TAGS.service],
        summary: 'Download an attachment template linked by lookupNumberRequirements',
        params: Type.Object({ fileName: PathParam }),
        response: {
          200: {
            description: 'The template file (RTF, PDF or text)',
            content: Object.fromEntries(
              ['application/rtf', 'application/pdf', 'text/plain'].map((type) => [type, { schema: File }]),
            ),
          },
          ...errorResponses(400, 404),
        },
      },
    },
    async (request, reply) => {
      const { fileName } = request.params;
      const template = readTemplate(fileName);
      if (!template) {
        throw errors.notFound('AttachmentTemplate', fileName, `No attachment template ${fileName}`);
      }
      return reply
        .header('content-type', template.mimeType)
        .header('x-content-type-options', 'nosniff')
        .header('content-disposition', `attachment; filename="${fileName}"`)
        .send(template.content);
    },
  );
};
