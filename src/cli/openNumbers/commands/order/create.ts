import type { Command } from 'commander';
import type { Json } from '../../client.js';
import { contextOf } from '../../context.js';
import { CliError, usageError } from '../../errors.js';
import {
  type AttachmentFile,
  documentTypeFor,
  readAttachmentFile,
  typeProblem,
} from '../../order/attachmentFile.js';
import {
  attachSpec,
  type ConfigurationFlags,
  configurationFrom,
  e164,
  quantity,
  readRegistrationFile,
} from '../../order/orderInput.js';
import {
  type CreateRequest,
  createOrder,
  putRegistration,
  STEPS,
  StepError,
  submitOrder,
  uploadAttachment,
} from '../../order/orderSteps.js';
import { numbersOf, timeLeft } from '../../order/orderText.js';
import {
  assertSold,
  lookupRequirements,
  numberType,
  type RequiredAttachment,
  type Requirements,
  regionCode,
  requirementsSummary,
} from '../../order/requirements.js';
import type { Io } from '../../output.js';
import { type WaitFlags, waitAndReport, waitTiming, withWaitOptions } from './waiting.js';

interface CreateFlags extends ConfigurationFlags, WaitFlags {
  region: string;
  type: string;
  number?: string;
  quantity?: string;
  pattern?: string;
  searchPattern?: string;
  capability?: string[];
  callbackUrl?: string;
  registration?: string;
  attach: string[];
  submit?: boolean;
}

interface Upload {
  attachment: RequiredAttachment;
  file: AttachmentFile;
  documentType: string | undefined;
}

const collect = (value: string, previous: string[]) => [...previous, value];

/**
 * `order create`: steps 1 and 3 to 6 of seed 000 in one run, checked as far as possible before
 * anything is reserved (flags, files, the requirements' attachment ids, file types, what submit
 * needs). Each step's failure names the step and the next thing to do.
 */
export function registerOrderCreate(order: Command, io: Io): void {
  withWaitOptions(
    order
      .command('create')
      .summary('all steps without questions (--submit --wait)')
      .description(
        'order numbers without questions: requirements, create (48 h reservation), registration, ' +
          'attachments, and with --submit the submission; --wait waits for the review',
      )
      .requiredOption('--region <code>', 'region code, e.g. AU')
      .requiredOption('--type <type>', 'MOBILE, LOCAL or TOLL_FREE')
      .option('--number <e164>', 'the number to order (E.164, e.g. +61411111112)')
      .option('--quantity <n>', 'or: how many numbers (1–100) matching the criteria below')
      .option('--pattern <digits>', 'with --quantity: numbers starting with these digits (e.g. +1201)')
      .option('--search-pattern <where>', 'with --pattern: START (default), CONTAINS or END')
      .option('--capability <capability...>', 'with --quantity: SMS and/or VOICE')
      .option('--sms-service-plan <id>', 'SMS: the service plan id')
      .option('--sms-campaign <id>', 'SMS: the 10DLC campaign id (US)')
      .option('--voice-type <type>', 'voice: RTC (with --app-id), EST (--trunk-id) or FAX (--service-id)')
      .option('--app-id <id>', 'voice RTC: the Voice app id')
      .option('--trunk-id <id>', 'voice EST: the Elastic SIP trunk id')
      .option('--service-id <id>', 'voice FAX: the Fax service id')
      .option('--callback-url <url>', 'where the order state callbacks go')
      .option(
        '--registration <file>',
        'registration data, JSON (data itself, {data} or {requestDetails: {data}})',
      )
      .option(
        '--attach <id[:TYPE]=file>',
        'a document: attachment id from the requirements, document type (needed when several are allowed), file; repeatable',
        collect,
        [],
      )
      .option('--submit', 'submit the order for review once registration and documents are in'),
  )
    .addHelpText(
      'after',
      `
Examples:
  # AU MOBILE: a registration, no documents
  open-numbers order create --region AU --type MOBILE --number +61411111112 \\
      --sms-service-plan 1dez6a8300774283a4256aa756a11111 --registration reg.json --submit --wait
  # DE LOCAL: documents too (ids: open-numbers order requirements --region DE --type LOCAL)
  open-numbers order create --region DE --type LOCAL --number +492584096 --voice-type RTC --app-id my-app \\
      --registration de.json --attach 59ff3a51-1635-4123-89f0-15d9c65230d0:PASSPORT=passport.pdf \\
      --attach 07e5f888-0ac6-47a5-9c40-bf09da1fde50:UTILITY_BILL=bill.png --submit --wait --wait-timeout 15m
  # no KYC: three US numbers at once
  open-numbers order create --region US --type LOCAL --quantity 3 --sms-service-plan 1dez… --submit --wait

Exit codes: 0 created (or with --wait: COMPLETED), 1 a step was refused, or REJECTED/BLOCKED/more
information requested, 2 bad flags or files (nothing sent), 3 outcome unknown or still in review.`,
    )
    .action(async (flags: CreateFlags, command: Command) => {
      const context = contextOf(io, command);
      const { client, out } = context;

      // Everything that can be checked without the server, before anything is sent.
      const region = regionCode(flags.region);
      const type = numberType(flags.type);
      const request = orderRequest(flags, region, type);
      const registration =
        flags.registration === undefined ? undefined : await readRegistrationFile(flags.registration, io.cwd);
      const specs = flags.attach.map(attachSpec);
      const files = await Promise.all(specs.map((s) => readAttachmentFile(s.file, io.cwd)));
      if (flags.wait && !flags.submit)
        throw usageError('--wait needs --submit (the review starts at the submission)');
      if (flags.wait) waitTiming(flags);
      const startOver = `open-numbers order create --region ${region} --type ${type} …`;

      // Step 1: requirements; then what they say about this order, still before reserving anything.
      await assertSold(client, region, type);
      const requirements = await lookupRequirements(client, region, type).catch((error) => {
        if (!(error instanceof CliError)) throw error;
        throw new StepError(
          STEPS.requirements,
          error,
          'nothing was ordered: run the same command again later',
        );
      });
      out.note(`Step 1 — requirements: ${requirementsSummary(requirements)}`);
      if (request.quantity && requirements.quantityOrdersSupported === false)
        throw usageError(`${region} ${type} orders need a specific number: --number instead of --quantity`);
      const uploads: Upload[] = specs.map((spec, i) => {
        const attachment = findAttachment(requirements, spec.attachmentId);
        const problem = typeProblem(files[i]!, attachment);
        if (problem) throw usageError(`${problem}; nothing was sent`);
        return { attachment, file: files[i]!, documentType: documentTypeFor(attachment, spec.documentType) };
      });
      if (flags.submit) assertComplete(requirements, registration, uploads);

      // Step 3: the reservation (48 hours).
      const pickAgain = request.phoneNumber
        ? `${request.phoneNumber} is taken or not for sale: pick another (open-numbers order search --region ${region} --type ${type}) and run again`
        : 'fewer numbers match: ask for fewer or loosen --pattern';
      let created: Json = await createOrder(client, request, pickAgain);
      const orderId: string = created.idNumberOrder;
      out.note(
        `Step 3 — order ${orderId} created for ${numbersOf(created).join(', ')}; reserved until ${created.expireTime} (${timeLeft(created)})`,
      );

      // Step 4: registration data, validated by the server at once.
      let registered: Json;
      if (registration !== undefined) {
        registered = await putRegistration(
          client,
          orderId,
          registration,
          startOver,
          `fix ${flags.registration} and send it again (the order stays reserved): open-numbers order registration ${orderId} --file ${flags.registration}` +
            (flags.submit ? `, then open-numbers order submit ${orderId} --wait` : ''),
        );
        out.note('Step 4 — registration accepted');
      }

      // Step 5: documents.
      const attachments: Json[] = [];
      for (const upload of uploads) {
        attachments.push(
          await uploadAttachment(
            client,
            orderId,
            upload.attachment,
            upload.file,
            upload.documentType,
            startOver,
          ),
        );
        out.note(
          `Step 5 — uploaded "${upload.attachment.title}": ${upload.file.fileName} (${upload.file.mimeType}${upload.documentType ? `, ${upload.documentType}` : ''})`,
        );
      }

      // Step 6: submission, then the review.
      if (flags.submit) {
        created = await submitOrder(client, orderId, startOver);
        out.note(`Step 6 — submitted: ${created.state}`);
      }
      const extra = { requirements: requirements.answer, registration: registered ?? null, attachments };
      if (flags.wait) {
        await waitAndReport(context, orderId, flags, startOver, extra);
        return;
      }
      out.result({ ...extra, order: created }, () => [
        `Order ${orderId}: ${created.state} (${numbersOf(created).join(', ')})`,
        created.state === 'CREATED'
          ? `  next: complete and submit before ${created.expireTime}: open-numbers order submit ${orderId}`
          : `  next: open-numbers order status ${orderId} --wait`,
      ]);
    });
}

function orderRequest(flags: CreateFlags, region: string, type: string): CreateRequest {
  if (Boolean(flags.number) === Boolean(flags.quantity))
    throw usageError('give either --number <e164> (one specific number) or --quantity <n>');
  if (flags.number && (flags.pattern || flags.capability))
    throw usageError('--pattern and --capability are criteria of --quantity orders');
  if (flags.searchPattern && !flags.pattern) throw usageError('--search-pattern needs --pattern');
  return {
    regionCode: region,
    numberType: type,
    ...(flags.number
      ? { phoneNumber: e164(flags.number, '--number') }
      : {
          quantity: {
            requestedQuantity: quantity(flags.quantity!),
            pattern: flags.pattern,
            searchPattern: flags.searchPattern?.toUpperCase(),
            capabilities: flags.capability?.map((c) => c.toUpperCase()),
          },
        }),
    ...configurationFrom(flags),
    ...(flags.callbackUrl ? { callbackUrl: flags.callbackUrl } : {}),
  };
}

function findAttachment(requirements: Requirements, id: string): RequiredAttachment {
  const found = requirements.attachments.find((a) => a.id === id);
  if (found) return found;
  const known = requirements.attachments.map((a) => `${a.id} (${a.title})`);
  throw usageError(
    `${requirements.regionCode} ${requirements.numberType} has no attachment "${id}"` +
      (known.length ? `; its attachments: ${known.join(', ')}` : '; it takes no documents'),
  );
}

/** With --submit: the registration and every mandatory document must be given, or nothing is sent. */
function assertComplete(requirements: Requirements, registration: unknown, uploads: Upload[]): void {
  const missing: string[] = [];
  if (requirements.schema && registration === undefined)
    missing.push('a registration (--registration reg.json; fields: open-numbers order requirements)');
  for (const a of requirements.attachments)
    if (a.mandatory && !uploads.some((u) => u.attachment.id === a.id))
      missing.push(`"${a.title}" (--attach ${a.id}:<TYPE>=<file>)`);
  if (missing.length)
    throw usageError(
      `${requirements.regionCode} ${requirements.numberType} cannot be submitted without ${missing.join(' and ')}; nothing was sent`,
    );
}
