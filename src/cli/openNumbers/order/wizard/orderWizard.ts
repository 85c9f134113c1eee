import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Json } from '../../client.js';
import type { CommandContext } from '../../context.js';
import { ApiError, CliError, EXIT } from '../../errors.js';
import { type AttachmentFile, readAttachmentFile, typeProblem } from '../attachmentFile.js';
import { type Decision, waitForDecision } from '../decision.js';
import { e164, VOICE_TYPES, type VoiceType } from '../orderInput.js';
import {
  type CreateRequest,
  createOrder,
  numberTaken,
  putRegistration,
  StepError,
  submitOrder,
  uploadAttachment,
} from '../orderSteps.js';
import { decisionOutcome, numbersOf, timeLeft } from '../orderText.js';
import {
  lookupRequirements,
  type RequiredAttachment,
  type Requirements,
  requirementsSummary,
} from '../requirements.js';
import { numberLine, searchNumbers } from '../search.js';
import { Prompter } from './prompts.js';
import { RegistrationPrompts } from './registrationPrompts.js';

export interface WizardOptions {
  wait: boolean;
  timeoutMs: number;
  pollMs: number;
}

interface Region {
  regionCode: string;
  regionName?: string;
  types: string[];
}

/** Answers kept when the person starts over, as the next run's defaults. */
interface Remembered {
  region?: string;
  type?: string;
  registration?: unknown;
}

/** How a run ended: done, or start over (expired, rejected) with what was answered. */
type RunEnd = { again: false } | { again: true; remembered: Remembered };

const START_OVER = 'open-numbers order (the wizard) or open-numbers order create …';

/**
 * The KYC number order of seed 000 as questions on a terminal, in the seed's order: region and
 * type, step 1 (requirements), a specific number or a quantity, SMS or voice, step 2 (search and
 * pick), step 3 (create, 48 h), step 4 (registration from the schema), step 5 (documents),
 * step 6 (submit), then the review. Its error recovery: a taken number → pick again; a 400 →
 * re-ask the named fields; an expired order → start over (offered).
 */
export async function orderWizard(context: CommandContext, options: WizardOptions): Promise<void> {
  const ui = new Prompter();
  ui.listen();
  try {
    ui.intro('open-numbers · order a number (KYC)');
    const regions = await ui.busy(
      'Reading the regions numbers are sold in',
      () => readRegions(context),
      (r) => `${r.length} regions`,
    );
    let remembered: Remembered = {};
    for (;;) {
      const end = await new OrderRun(context, ui, regions, options, remembered).run();
      if (!end.again) return;
      remembered = end.remembered;
      ui.step('Starting over');
    }
  } finally {
    ui.close();
  }
}

async function readRegions({ client }: CommandContext): Promise<Region[]> {
  const answer = await client.numbers('GET', '/availableRegions');
  return answer?.availableRegions ?? [];
}

class OrderRun {
  private region = '';
  private type = '';
  private requirements!: Requirements;
  private configuration: Pick<CreateRequest, 'smsConfiguration' | 'voiceConfiguration'> = {};
  private capability: 'SMS' | 'VOICE' | undefined;
  private order: Json;
  private registration: unknown;

  constructor(
    private readonly context: CommandContext,
    private readonly ui: Prompter,
    private readonly regions: Region[],
    private readonly options: WizardOptions,
    private readonly remembered: Remembered,
  ) {
    this.registration = remembered.registration;
  }

  private get client() {
    return this.context.client;
  }

  private get orderId(): string {
    return this.order.idNumberOrder;
  }

  async run(): Promise<RunEnd> {
    this.ui.where = 'nothing was ordered';
    await this.chooseProduct();
    await this.lookup();
    const request = await this.chooseNumbers();
    await this.create(request);
    try {
      await this.register();
      await this.attach();
      if (!(await this.submit())) return { again: false };
      return await this.review();
    } catch (error) {
      if (error instanceof StepError && error.state === 'EXPIRED')
        return this.offerStartOver(`${error.step}: ${error.next}`);
      throw error;
    }
  }

  private remember(): Remembered {
    return { region: this.region, type: this.type, registration: this.registration };
  }

  private async offerStartOver(why: string): Promise<RunEnd> {
    this.ui.error(why);
    if (await this.ui.confirm('Start over with a new order? (your answers are kept as defaults)', true))
      return { again: true, remembered: this.remember() };
    throw new CliError(`order ${this.orderId}: ${why}`, EXIT.refused);
  }

  private async chooseProduct(): Promise<void> {
    const known = new Map(this.regions.map((r) => [r.regionCode, r]));
    this.region = (
      await this.ui.text({
        message: 'Region (two letters, e.g. AU, DE, US)',
        initialValue: this.remembered.region,
        validate: (value) => {
          const code = value.trim().toUpperCase();
          if (!/^[A-Z]{2}$/.test(code)) return 'two letters, e.g. AU';
          return known.has(code) ? undefined : `no numbers are sold in ${code}`;
        },
      })
    ).toUpperCase();
    const types = known.get(this.region)?.types ?? [];
    this.type =
      types.length === 1
        ? types[0]!
        : await this.ui.select({
            message: `Number type in ${this.region}`,
            options: types.map((t) => ({ value: t, label: t })),
            initialValue: this.remembered.region === this.region ? this.remembered.type : undefined,
          });
    if (types.length === 1) this.ui.info(`Number type: ${this.type} (the only one in ${this.region})`);
  }

  /** Step 1: what the order needs, said before anything is chosen or reserved. */
  private async lookup(): Promise<void> {
    this.requirements = await this.ui.busy(
      'Step 1 — looking up the requirements',
      () => lookupRequirements(this.client, this.region, this.type),
      (r) => `Step 1 — ${requirementsSummary(r)}`,
    );
    const documents = this.requirements.attachments.map(
      (a) => `${a.title} (${a.mandatory ? 'mandatory' : 'optional'}): ${a.allowedMimeTypes.join(', ')}`,
    );
    if (documents.length) this.ui.info(`Documents to have at hand:\n${documents.join('\n')}`);
    // Registration answers of another product do not fit this one.
    if (this.remembered.region !== this.region || this.remembered.type !== this.type)
      this.registration = undefined;
  }

  /** A specific number (search and pick, or typed) or a quantity; then SMS or voice. */
  private async chooseNumbers(): Promise<CreateRequest> {
    const quantityAllowed = this.requirements.quantityOrdersSupported !== false;
    if (!quantityAllowed)
      this.ui.info(`${this.region} ${this.type} orders are for one specific number (no quantity orders).`);
    const how = await this.ui.select({
      message: 'A specific number, or a quantity?',
      options: [
        { value: 'search', label: 'Search available numbers and pick one' },
        { value: 'typed', label: 'I have a number (E.164)' },
        ...(quantityAllowed
          ? [{ value: 'quantity', label: 'A quantity of numbers', hint: 'any that match' }]
          : []),
      ],
    });
    await this.chooseChannel();
    const base = { regionCode: this.region, numberType: this.type, ...this.configuration };
    if (how === 'quantity') {
      const count = await this.ui.text({
        message: 'How many numbers? (1 to 100)',
        initialValue: '1',
        validate: (v) => (/^\d+$/.test(v) && Number(v) >= 1 && Number(v) <= 100 ? undefined : '1 to 100'),
      });
      const pattern = await this.askPattern();
      return {
        ...base,
        quantity: {
          requestedQuantity: Number(count),
          pattern,
          capabilities: this.capability ? [this.capability] : undefined,
        },
      };
    }
    return { ...base, phoneNumber: await this.pickNumber(how === 'search') };
  }

  private async chooseChannel(): Promise<void> {
    const channel = await this.ui.select({
      message: 'SMS or voice?',
      options: [
        { value: 'SMS', label: 'SMS', hint: 'a service plan id (and a campaign id for US 10DLC)' },
        { value: 'VOICE', label: 'Voice', hint: 'RTC app, EST trunk or FAX service' },
        { value: 'NONE', label: 'Neither for now' },
      ],
    });
    if (channel === 'NONE') {
      this.capability = undefined;
      this.configuration = {};
      return;
    }
    this.capability = channel as 'SMS' | 'VOICE';
    const required = (label: string) => (v: string) => (v.trim() ? undefined : `${label} is required`);
    if (channel === 'SMS') {
      const servicePlanId = await this.ui.text({
        message: 'SMS service plan id (servicePlanId)',
        validate: required('the service plan id'),
      });
      const campaignId =
        this.region === 'US'
          ? await this.ui.text({ message: '10DLC campaign id (campaignId, optional: Enter to skip)' })
          : '';
      this.configuration = { smsConfiguration: { servicePlanId, ...(campaignId ? { campaignId } : {}) } };
      return;
    }
    const type = await this.ui.select<VoiceType>({
      message: 'Voice type',
      options: [
        { value: 'RTC', label: 'RTC', hint: 'a Voice app (appId)' },
        { value: 'EST', label: 'EST', hint: 'an Elastic SIP trunk (trunkId)' },
        { value: 'FAX', label: 'FAX', hint: 'a Fax service (serviceId)' },
      ],
    });
    const field = VOICE_TYPES[type];
    const id = await this.ui.text({ message: `${type}: ${field}`, validate: required(field) });
    this.configuration = { voiceConfiguration: { type, [field]: id } };
  }

  private async askPattern(): Promise<string | undefined> {
    const pattern = await this.ui.text({
      message: 'Numbers starting with (e.g. +6141; Enter for any)',
      validate: (v) =>
        v.trim() === '' || /^\+?\d{1,15}$/.test(v.trim()) ? undefined : 'digits, optionally led by +',
    });
    return pattern || undefined;
  }

  /** Step 2: search and pick, or a typed number checked to be for sale. */
  private async pickNumber(search: boolean): Promise<string> {
    if (!search) {
      for (;;) {
        const typed = await this.ui.text({
          message: 'The number (E.164, e.g. +61411111112)',
          validate: (v) => {
            try {
              e164(v, 'the number');
              return undefined;
            } catch (error) {
              return (error as Error).message.replace(/^the number \S+:? ?/, '');
            }
          },
        });
        const phone = e164(typed, 'the number');
        const available = await this.ui.busy(
          `Checking ${phone}`,
          () =>
            this.client
              .numbers('GET', `/availableNumbers/${encodeURIComponent(phone)}`)
              .catch((e) => (e instanceof ApiError && e.httpStatus === 404 ? undefined : Promise.reject(e))),
          (n) => (n ? `${phone} is for sale` : `${phone} is not for sale`),
        );
        if (available) return phone;
        this.ui.warn(`${phone} is not available (taken, or not in the inventory): type another.`);
      }
    }
    for (;;) {
      const pattern = await this.askPattern();
      const found = await this.ui.busy(
        'Step 2 — searching',
        () =>
          searchNumbers(this.client, {
            regionCode: this.region,
            numberType: this.type,
            pattern,
            capabilities: this.capability ? [this.capability] : undefined,
            size: 10,
          }),
        (list) => `Step 2 — ${list.length} number${list.length === 1 ? '' : 's'} for sale`,
      );
      if (found.length === 0) {
        this.ui.warn(
          `No ${this.region} ${this.type} numbers${this.capability ? ` with ${this.capability}` : ''} match; try another pattern.`,
        );
        continue;
      }
      return this.ui.select({
        message: 'Pick a number',
        options: found.map((n) => {
          const line = numberLine(n);
          return {
            value: line.phoneNumber,
            label: line.phoneNumber,
            hint: `${line.capabilities}; ${line.price}`,
          };
        }),
      });
    }
  }

  /** Step 3, picking again while the number turns out to be taken. */
  private async create(first: CreateRequest): Promise<void> {
    let request = first;
    for (;;) {
      try {
        this.order = await this.ui.busy(
          'Step 3 — creating the order',
          () => createOrder(this.client, request, 'pick another number'),
          (o) => `Step 3 — order ${o.idNumberOrder} created: ${numbersOf(o).join(', ')}`,
        );
        break;
      } catch (error) {
        if (!request.phoneNumber || !numberTaken(error)) throw error;
        this.ui.warn(`${request.phoneNumber} was taken in the meantime: pick again.`);
        request = { ...request, phoneNumber: await this.pickNumber(true) };
      }
    }
    this.ui.info(
      `Reserved until ${this.order.expireTime} (${timeLeft(this.order)}): steps 4 to 6 must be done by then.`,
    );
    this.ui.where = `order ${this.orderId} stays CREATED until ${this.order.expireTime}; continue with: open-numbers order status ${this.orderId}`;
  }

  /** Step 4: questions from the schema, checked locally, then by the server (its 400 re-asks). */
  private async register(): Promise<void> {
    const schema = this.requirements.schema;
    if (!schema) {
      this.ui.step('Step 4 — no registration needed');
      return;
    }
    this.ui.step('Step 4 — registration (the requirements’ fields; Enter keeps a shown value)');
    await this.sendRegistration(await this.registrationPrompts().askAll(this.registration));
  }

  private registrationPrompts(): RegistrationPrompts {
    return new RegistrationPrompts(this.ui, this.requirements.schema ?? {}, numbersOf(this.order));
  }

  /** The local check, then the PUT; the fields a 400 names are asked again. */
  private async sendRegistration(answers: unknown): Promise<void> {
    const prompts = this.registrationPrompts();
    let data = await prompts.complete(answers);
    for (;;) {
      this.registration = data;
      try {
        await this.ui.busy(
          'Step 4 — sending the registration',
          () => putRegistration(this.client, this.orderId, data, START_OVER, 'correct the fields'),
          () => 'Step 4 — registration accepted',
        );
        return;
      } catch (error) {
        if (!(error instanceof StepError) || error.state || error.fieldViolations.length === 0) throw error;
        this.ui.error(`The server refused the registration: ${error.cause.message}`);
        data = await prompts.complete(await prompts.fix(data, error.fieldViolations));
      }
    }
  }

  /** Step 5: each document, its file type checked before the upload. */
  private async attach(only?: readonly string[]): Promise<void> {
    const wanted = this.requirements.attachments.filter((a) => !only || only.includes(a.id));
    if (wanted.length === 0) {
      if (!only) this.ui.step('Step 5 — no documents needed');
      return;
    }
    for (const attachment of wanted) {
      if (!attachment.mandatory && !only) {
        if (!(await this.ui.confirm(`Upload "${attachment.title}" (optional)?`, false))) continue;
      }
      await this.uploadOne(attachment);
    }
  }

  private async uploadOne(attachment: RequiredAttachment): Promise<void> {
    this.ui.step(
      `Step 5 — ${attachment.title}${attachment.description ? `: ${attachment.description}` : ''}`,
    );
    for (const t of attachment.templates) this.ui.info(`Form to fill in: ${t.url}`);
    for (;;) {
      const path = await this.ui.text({
        message: `File for "${attachment.title}" (${attachment.allowedMimeTypes.join(', ') || 'any type'})`,
        validate: (v) =>
          v.trim() === ''
            ? 'a file path'
            : existsSync(resolve(this.context.io.cwd, v.trim()))
              ? undefined
              : 'no such file',
      });
      let file: AttachmentFile;
      try {
        file = await readAttachmentFile(path, this.context.io.cwd);
      } catch (error) {
        this.ui.error((error as Error).message);
        continue;
      }
      const problem = typeProblem(file, attachment);
      if (problem) {
        this.ui.error(`${problem}: choose another file`);
        continue;
      }
      const types = attachment.allowedDocumentTypes;
      const documentType =
        types.length > 1
          ? await this.ui.select({
              message: `What is ${file.fileName}?`,
              options: types.map((t) => ({ value: t, label: t })),
            })
          : types[0];
      try {
        await this.ui.busy(
          `Uploading ${file.fileName}`,
          () => uploadAttachment(this.client, this.orderId, attachment, file, documentType, START_OVER),
          () =>
            `Step 5 — uploaded ${file.fileName} (${file.mimeType}${documentType ? `, ${documentType}` : ''})`,
        );
        return;
      } catch (error) {
        if (!(error instanceof StepError) || error.state || !(error.cause instanceof ApiError)) throw error;
        this.ui.error(error.cause.message);
      }
    }
  }

  /** Step 6; what the server says is missing is asked again. False when the person stops here. */
  private async submit(): Promise<boolean> {
    if (!(await this.ui.confirm(`Submit order ${this.orderId} for review?`))) {
      this.ui.outro(
        `Not submitted. Order ${this.orderId} stays reserved until ${this.order.expireTime}: open-numbers order submit ${this.orderId}`,
      );
      return false;
    }
    for (;;) {
      try {
        this.order = await this.ui.busy(
          'Step 6 — submitting',
          () => submitOrder(this.client, this.orderId, START_OVER),
          (o) => `Step 6 — submitted: ${o.state}`,
        );
        this.ui.where = `order ${this.orderId} was submitted; see: open-numbers order status ${this.orderId} --wait`;
        return true;
      } catch (error) {
        if (!(error instanceof StepError) || error.state || error.fieldViolations.length === 0) throw error;
        await this.completeMissing(error.fieldViolations);
      }
    }
  }

  private async completeMissing(missing: readonly { field: string; description: string }[]): Promise<void> {
    this.ui.warn(`The order is not complete:\n${missing.map((m) => `- ${m.description}`).join('\n')}`);
    const attachmentIds = missing
      .filter((m) => m.field.startsWith('attachments.'))
      .map((m) => m.field.slice('attachments.'.length));
    const dataFields = missing.filter((m) => m.field === 'registration' || m.field.startsWith('data'));
    if (dataFields.length && this.requirements.schema) {
      const whole = this.registration === undefined || dataFields.some((m) => m.field === 'registration');
      if (whole) await this.register();
      else await this.sendRegistration(await this.registrationPrompts().fix(this.registration, dataFields));
    }
    await this.attach(attachmentIds);
  }

  /** The review: wait (polling, never moving the sandbox clock), then say what was decided. */
  private async review(): Promise<RunEnd> {
    if (!this.options.wait) {
      this.ui.outro(
        `Submitted: order ${this.orderId} is ${this.order.state}. Check: open-numbers order status ${this.orderId} --wait`,
      );
      return { again: false };
    }
    for (;;) {
      const decision = await this.ui.busy(
        `Waiting for the review of order ${this.orderId}`,
        (say) =>
          waitForDecision(this.client, this.orderId, {
            pollMs: this.options.pollMs,
            timeoutMs: this.options.timeoutMs,
            onPoll: (o) => say(`Waiting for the review of order ${this.orderId} (${o.state})`),
          }),
        (d) => `Review: ${d.order.state}`,
        { timer: true },
      );
      const end = await this.decided(decision);
      if (end) return end;
    }
  }

  /** The decision's outcome; undefined when the order went back to CREATED and was sent again. */
  private async decided(decision: Decision): Promise<RunEnd | undefined> {
    this.order = decision.order;
    const { lines, exitCode } = decisionOutcome(decision, START_OVER);
    const state = decision.order.state;
    if (state === 'COMPLETED') {
      this.ui.success(lines.join('\n'));
      this.ui.outro(`Done: ${numbersOf(this.order).join(', ')} active.`);
      return { again: false };
    }
    if (state === 'CREATED' && decision.logs.length) {
      this.ui.warn(lines.slice(0, -2).join('\n'));
      if (!(await this.ui.confirm('Correct the registration and submit again?', true)))
        throw new CliError(lines.join('\n'), exitCode);
      await this.register();
      for (const a of this.requirements.attachments)
        if (await this.ui.confirm(`Upload "${a.title}" again?`, false)) await this.uploadOne(a);
      return (await this.submit()) ? undefined : { again: false };
    }
    if (state === 'REJECTED' || state === 'BLOCKED' || state === 'EXPIRED') {
      this.ui.error(lines.join('\n'));
      if (
        await this.ui.confirm('Start a new order? (your answers are kept as defaults)', state === 'EXPIRED')
      )
        return { again: true, remembered: this.remember() };
    }
    throw new CliError(lines.join('\n'), exitCode);
  }
}
