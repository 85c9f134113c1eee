import type { Command } from 'commander';
import { contextOf } from '../../context.js';
import { usageError } from '../../errors.js';
import { documentTypeFor, readAttachmentFile, typeProblem } from '../../order/attachmentFile.js';
import { getOrder, uploadAttachment } from '../../order/orderSteps.js';
import { lookupRequirements } from '../../order/requirements.js';
import type { Io } from '../../output.js';

/** `order attach <orderId> <attachmentId> <file>`: step 5 for one document, its type checked first. */
export function registerOrderAttach(order: Command, io: Io): void {
  order
    .command('attach')
    .summary('step 5: upload one document, its type checked first')
    .description(
      'step 5: upload one document of an order (multipart POST …/attachments/{attachmentId}); the file type ' +
        '(by its content) must be one the requirements allow, or nothing is uploaded',
    )
    .argument('<orderId>', 'the order (idNumberOrder)')
    .argument('<attachmentId>', 'which document, an id from: open-numbers order requirements')
    .argument('<file>', 'the file (PDF, JPEG, PNG, … as the requirements allow)')
    .option('--document-type <type>', 'what the document is, e.g. PASSPORT (needed when several are allowed)')
    .addHelpText(
      'after',
      `
Example:
  open-numbers order attach 01jc… 59ff3a51-1635-4123-89f0-15d9c65230d0 passport.pdf --document-type PASSPORT`,
    )
    .action(
      async (
        orderId: string,
        attachmentId: string,
        path: string,
        options: { documentType?: string },
        command: Command,
      ) => {
        const { client, out } = contextOf(io, command);
        const file = await readAttachmentFile(path, io.cwd);
        const order = await getOrder(client, orderId);
        const requirements = await lookupRequirements(client, order.regionCode, order.numberType);
        const attachment = requirements.attachments.find((a) => a.id === attachmentId);
        if (!attachment)
          throw usageError(
            `${order.regionCode} ${order.numberType} has no attachment "${attachmentId}"; see: open-numbers order requirements --region ${order.regionCode} --type ${order.numberType}`,
          );
        const problem = typeProblem(file, attachment);
        if (problem) throw usageError(`${problem}; nothing was uploaded`);
        const documentType = documentTypeFor(attachment, options.documentType);
        const uploaded = await uploadAttachment(
          client,
          orderId,
          attachment,
          file,
          documentType,
          'open-numbers order create … (a new order)',
        );
        out.result(uploaded, () => [
          `Uploaded "${attachment.title}" to order ${orderId}: ${file.fileName} (${file.mimeType}${documentType ? `, ${documentType}` : ''}).`,
        ]);
      },
    );
}
