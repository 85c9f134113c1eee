import multipart from '@fastify/multipart';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type } from '@sinclair/typebox';
import { fileTypeFromBuffer } from 'file-type';
import { MAX_ATTACHMENT_BYTES, type UploadedFile } from '../../../domain/orders/ordersService.js';
import { errors } from '../../../errors.js';
import type { Operation } from '../../deps.js';
import { attachmentTooLarge, errorResponses, refusedInState } from '../../responses.js';
import { TAGS } from '../../tags.js';
import { assertStorableText } from '../../textSafety.js';
import { validatorCompiler } from '../../validation.js';
import { AttachmentParams } from './schemas.js';

/** Longer file names are refused (a file system's usual limit); the name is stored and listed. */
export const MAX_FILE_NAME_LENGTH = 255;
/** Bytes of a text part: `documentType` is at most 64 characters (policy format); longer is cut, then refused. */
const MAX_FIELD_BYTES = 1024;

/**
 * The multipart form, for the document only: the parts are read and checked by the handler
 * (the body is a stream, not an object a schema could validate).
 */
const UploadForm = Type.Object({
  file: Type.String({ format: 'binary', maxLength: MAX_ATTACHMENT_BYTES, description: 'The document' }),
  documentType: Type.Optional(
    Type.String({ maxLength: 64, description: "One of the attachment's allowedDocumentTypes" }),
  ),
});

/**
 * POST /numberOrders/{numberOrderId}/attachments/{attachmentId} — multipart parts `file` and
 * `documentType`. The MIME type is detected from the file's bytes, not taken from the client.
 * Answers 200 with no body, as Sinch's document says; the registration lists the attachment.
 */
export const uploadAttachment: Operation = (app, { orders }) => {
  app.register(async (plain) => {
    const scope = plain.withTypeProvider<TypeBoxTypeProvider>();
    await scope.register(multipart, {
      limits: { fileSize: MAX_ATTACHMENT_BYTES, fieldSize: MAX_FIELD_BYTES, files: 1, fields: 5, parts: 6 },
    });
    scope.post(
      '/numberOrders/:numberOrderId/attachments/:attachmentId',
      {
        schema: {
          operationId: 'UploadNumberOrderAttachment',
          tags: [TAGS.numberOrder],
          summary: 'Upload a supporting document',
          params: AttachmentParams,
          consumes: ['multipart/form-data'],
          body: UploadForm,
          response: {
            200: Type.Null({ description: 'Stored; the body is empty (GET …/registration lists it)' }),
            ...errorResponses(400, 404),
            ...refusedInState(),
            ...attachmentTooLarge(),
          },
        },
        validatorCompiler: (route) => (route.httpPart === 'body' ? () => true : validatorCompiler(route)),
      },
      async (request, reply) => {
        let file: UploadedFile | undefined;
        let documentType: string | undefined;
        if (!request.isMultipart())
          throw errors.unsupportedMediaType(request.headers['content-type'] ?? '', ['multipart/form-data']);
        try {
          for await (const part of request.parts()) {
            if (part.type === 'file') {
              const content = await part.toBuffer();
              if (part.fieldname === 'file') {
                const detected = await fileTypeFromBuffer(content);
                file = {
                  content,
                  fileName: part.filename,
                  declaredMimeType: part.mimetype,
                  detectedMimeType: detected?.mime,
                };
              }
            } else if (part.fieldname === 'documentType') {
              documentType = String(part.value);
            }
          }
        } catch (error) {
          // Size limits keep their own answer (413); anything else busboy throws is a malformed body.
          const code = (error as { code?: string }).code ?? '';
          if (code === 'FST_REQ_FILE_TOO_LARGE') {
            throw errors.contentTooLarge(
              'file',
              `The file is larger than ${MAX_ATTACHMENT_BYTES / (1024 * 1024)} MiB`,
            );
          }
          if (/^FST_(PARTS_LIMIT|FILES_LIMIT|FIELDS_LIMIT)$/.test(code)) {
            throw errors.contentTooLarge(
              'form',
              `The form has too many parts: send one file and documentType (${(error as Error).message})`,
            );
          }
          throw errors.invalidArgument(`Malformed multipart body: ${(error as Error).message}`);
        }
        assertStorableText({ fileName: file?.fileName, documentType });
        if (file && file.fileName.length > MAX_FILE_NAME_LENGTH) {
          throw errors.fieldViolation('file', `the file name is at most ${MAX_FILE_NAME_LENGTH} characters`);
        }
        const { projectId, numberOrderId, attachmentId } = request.params;
        await orders.uploadAttachment(projectId, numberOrderId, attachmentId, file, documentType);
        // No payload: nothing is serialized, so the body is empty and has no content type.
        return reply.code(200).send(undefined as never);
      },
    );
  });
};
