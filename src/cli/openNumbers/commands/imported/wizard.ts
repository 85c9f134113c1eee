import type { Readable, Writable } from 'node:stream';
import { confirm, intro, isCancel, log, note, outro, select, spinner, text } from '@clack/prompts';
import type { ApiClient, Json } from '../../client.js';
import { ApiError, CliError, EXIT } from '../../errors.js';
import {
  addNumbers,
  allPages,
  findQualified,
  getImported,
  getOrder,
  getOrderReport,
  importNumber,
  importOrder,
  orderFinished,
  qualifiedState,
  sendVoiceChallenge,
  textEnable,
  verifyVoiceChallenge,
} from './api.js';
import { BULK_IMPORT_LIMIT } from './bulkImport.js';
import {
  CMD,
  importedLines,
  importedTable,
  orderLines,
  orderNext,
  orderNumbersTable,
  qualifiedNext,
} from './format.js';
import { emailProblem, type LoaDetails, type LoaKind, loaInfo } from './loa.js';
import {
  type ImportRegion,
  numberProblem,
  orderRegion,
  type UsCaNumber,
  usCaNumber,
} from './phoneNumbers.js';
import { INVOICE_REMINDER } from './qualification.js';
import { waitForDecision, waitForOrder } from './waiting.js';

/** The terminal the wizard talks on. */
export interface Terminal {
  input: Readable;
  output: Writable;
}

/**
 * `open-numbers imported` on a terminal: seed 003's clarifying questions (one number or several,
 * already text-enabled or not, who owns them, …), the decision tree they lead to, and the chosen
 * workflow run step by step with spinners, reminders and the next steps.
 */
export async function runImportedWizard(client: ApiClient, terminal: Terminal): Promise<void> {
  await new Wizard(client, terminal).start();
}

type Goal = 'bring' | 'continue' | 'order' | 'manage';

class Wizard {
  constructor(
    private readonly client: ApiClient,
    private readonly terminal: Terminal,
  ) {}

  async start(): Promise<void> {
    intro('open-numbers imported — numbers hosted elsewhere, on Sinch SMS (US and CA)', this.terminal);
    // Wrong credentials or an unreachable server show now, not after all the questions.
    await this.task(`Connecting to ${this.client.settings.importedUrl}`, 'Connected', () =>
      this.client.imported('GET', '/importedNumbers', { query: { pageSize: 1 } }),
    );
    const goal = await this.ask(
      select<Goal>({
        ...this.terminal,
        message: 'What do you want to do?',
        options: [
          { value: 'bring', label: 'Bring numbers to Sinch SMS', hint: 'import, or qualify and text-enable' },
          {
            value: 'continue',
            label: 'Continue with numbers I asked to qualify',
            hint: 'invoice review, voice call, text-enable',
          },
          { value: 'order', label: 'Check a hosting order', hint: 'status, report, numbers' },
          { value: 'manage', label: 'See my imported numbers' },
        ],
      }),
    );
    if (goal === 'order') return this.checkOrder();
    if (goal === 'manage') return this.listImported();
    const several = await this.ask(
      select({
        ...this.terminal,
        message: 'One number or several?',
        options: [
          { value: false, label: 'One number' },
          { value: true, label: 'Several numbers' },
        ],
      }),
    );
    const numbers = await this.askNumbers(several);
    const region = await this.askRegion(numbers);
    if (goal === 'continue') return this.qualifyAndTextEnable(numbers, region);
    const textEnabled = await this.ask(
      select({
        ...this.terminal,
        message:
          'Are the numbers already text-enabled elsewhere (their SMS route is yours, e.g. your own NNID)?',
        options: [
          {
            value: true,
            label: 'Yes: import them, Sinch only carries their SMS',
            hint: several ? 'workflow B, a hosting order' : 'workflow A',
          },
          {
            value: false,
            label: 'No: Sinch text-enables them',
            hint: 'workflows C and D: invoices, a voice call, a Letter of Authorization',
          },
        ],
      }),
    );
    if (!textEnabled) return this.qualifyAndTextEnable(numbers, region);
    if (numbers.length === 1) return this.importOne(numbers[0]!, region);
    let batch = numbers;
    if (batch.length > BULK_IMPORT_LIMIT) {
      log.warn(
        `A bulk import takes at most ${BULK_IMPORT_LIMIT} numbers (your account manager can raise that).`,
        this.terminal,
      );
      batch = await this.askNumbers(true, BULK_IMPORT_LIMIT);
    }
    return this.bulkImport(batch, region);
  }

  // Workflow A: one number.
  private async importOne(number: UsCaNumber, region: ImportRegion): Promise<void> {
    const links = await this.askLinks();
    const displayName = await this.askOptional('A display name for it', 'none');
    const imported = await this.task(
      `Importing ${number.phoneNumber}`,
      `Imported ${number.phoneNumber}`,
      () => importNumber(this.client, { phoneNumber: number.phoneNumber, region, displayName, ...links }),
    );
    const now = await this.task(`Reading ${imported.phoneNumber} back`, 'Where it is now:', () =>
      getImported(this.client, imported.phoneNumber),
    );
    note(importedLines(now).join('\n'), 'Imported', this.terminal);
    outro(
      `Next: the SMS platform and the carriers are set up in the background. Follow: ${CMD} get ${number.phoneNumber}`,
      this.terminal,
    );
  }

  // Workflow B: several numbers through a hosting order.
  private async bulkImport(numbers: readonly UsCaNumber[], region: ImportRegion): Promise<void> {
    const links = await this.askLinks();
    const migrateToSinchTmo = await this.ask(
      confirm({
        ...this.terminal,
        message: 'Move their T-Mobile traffic to Sinch as well (migrateToSinchTmo)?',
        initialValue: false,
      }),
    );
    const order = await this.task(
      `Creating a hosting order for ${numbers.length} numbers`,
      `Created a hosting order for ${numbers.length} numbers`,
      () =>
        importOrder(this.client, {
          numbers: numbers.map((n) => n.phoneNumber),
          region,
          migrateToSinchTmo,
          ...links,
        }),
    );
    log.success(`Hosting order ${order.hostingOrderId}: ${order.state}`, this.terminal);
    await this.followOrder(order);
  }

  // Workflows C and D: qualification (invoices, voice call), then text-enablement with an LOA.
  private async qualifyAndTextEnable(numbers: readonly UsCaNumber[], region: ImportRegion): Promise<void> {
    const phoneNumbers = numbers.map((n) => n.phoneNumber);
    let records: (Json | undefined)[] = await this.task(
      'Checking where each number is',
      'Checked where each number is',
      () => Promise.all(phoneNumbers.map((n) => findQualified(this.client, n))),
    );
    const fresh = phoneNumbers.filter((_, i) => !records[i]);
    if (fresh.length) {
      const ok = await this.ask(
        confirm({
          ...this.terminal,
          message: `Ask Sinch to qualify ${listed(fresh)}? (workflow C: they check your invoices)`,
        }),
      );
      if (!ok) return this.stop('Nothing was asked.');
      await this.task(`Asking to qualify ${listed(fresh)}`, `Asked to qualify ${listed(fresh)}`, () =>
        addNumbers(this.client, fresh),
      );
      note(INVOICE_REMINDER, 'Invoices', this.terminal);
      records = await Promise.all(phoneNumbers.map((n) => findQualified(this.client, n)));
    }
    if (records.some((r) => qualifiedState(r) === 'ELIGIBLE_CHECK_PENDING')) {
      const wait = await this.ask(
        select({
          ...this.terminal,
          message: 'The invoice review decides next. Wait for it here?',
          options: [
            { value: true, label: 'Wait here', hint: 'checks every few seconds' },
            {
              value: false,
              label: 'Stop for now',
              hint: 'run open-numbers imported again: "Continue with numbers …"',
            },
          ],
        }),
      );
      if (!wait)
        return this.stop(`Continue later: ${CMD} (then "Continue with numbers I asked to qualify").`);
      records = await this.spin('Waiting for the invoice review', (update, signal) =>
        waitForDecision(
          this.client,
          phoneNumbers,
          (now) => {
            const pending = now.filter((r) => qualifiedState(r) === 'ELIGIBLE_CHECK_PENDING').length;
            update(`Waiting for the invoice review: ${pending} of ${phoneNumbers.length} pending`);
          },
          { signal },
        ).then(({ value, settled }) => {
          if (!settled) throw this.stopped('Stopped waiting; the review goes on.');
          update('The invoice review has decided');
          return value;
        }),
      );
    }

    const verified: UsCaNumber[] = [];
    for (const [i, number] of numbers.entries()) {
      const record = records[i];
      const state = qualifiedState(record);
      if (state === 'VERIFIED') verified.push(number);
      else if (['ELIGIBLE', 'VERIFICATION_PENDING', 'VERIFICATION_FAILED'].includes(state)) {
        if ((await this.voiceChallenge(number.phoneNumber)) === 'VERIFIED') verified.push(number);
      } else log.warn(`${number.phoneNumber}: ${qualifiedNext(record)}`, this.terminal);
    }
    if (!verified.length) return this.stop('No number is verified, so there is nothing to text-enable yet.');
    await this.textEnable(verified, region);
  }

  /** Workflow F's voice challenge: call, type the code, again if wrong. The number's state at the end. */
  private async voiceChallenge(phoneNumber: string): Promise<string> {
    log.step(`Ownership of ${phoneNumber}: Sinch calls it and a voice says a code.`, this.terminal);
    for (;;) {
      const call = await this.ask(
        select({
          ...this.terminal,
          message: `Call ${phoneNumber} now?`,
          options: [
            { value: true, label: 'Call now', hint: 'have the phone at hand' },
            { value: false, label: 'Skip this number' },
          ],
        }),
      );
      if (!call) return 'SKIPPED';
      const sent = await this.attempt(
        `Calling ${phoneNumber}`,
        `Called ${phoneNumber}: listen for the code`,
        () => sendVoiceChallenge(this.client, phoneNumber),
      );
      if (!sent) continue;
      for (;;) {
        const code = await this.ask(
          text({
            ...this.terminal,
            message: `The code the call said (${phoneNumber})`,
            placeholder: '6 digits',
            validate: (value) =>
              /^\s*\d{4,8}\s*$/.test(value ?? '') ? undefined : 'type the digits the call said',
          }),
        );
        const answer = await this.attempt('Checking the code', 'Checked the code', () =>
          verifyVoiceChallenge(this.client, phoneNumber, code.trim()),
        );
        const state = answer ? qualifiedState(answer) : 'ERROR';
        if (state === 'VERIFIED') {
          log.success(`${phoneNumber} is verified: you own it.`, this.terminal);
          return state;
        }
        if (state === 'VERIFICATION_BLOCKED') {
          log.error(
            `${phoneNumber} is blocked after three wrong codes; only Sinch can lift it.`,
            this.terminal,
          );
          return state;
        }
        const next = await this.ask(
          select({
            ...this.terminal,
            message:
              state === 'VERIFICATION_FAILED'
                ? 'Wrong code (the third wrong code blocks the number for good). What now?'
                : 'What now?',
            options: [
              { value: 'retype', label: 'Type the code again' },
              { value: 'call', label: 'Call again', hint: 'a new code' },
              { value: 'skip', label: 'Skip this number' },
            ],
          }),
        );
        if (next === 'skip') return state;
        if (next === 'call') break;
      }
    }
  }

  // Workflow D: the LOA question, then one order (two when toll-free and other numbers are mixed).
  private async textEnable(numbers: readonly UsCaNumber[], region: ImportRegion): Promise<void> {
    log.step(`Text-enable ${listed(numbers.map((n) => n.phoneNumber))} (workflow D)`, this.terminal);
    const tollFree = numbers.filter((n) => n.tollFree);
    const standard = numbers.filter((n) => !n.tollFree);
    if (tollFree.length && standard.length)
      log.info(
        'Toll-free and other numbers go in two orders (the toll-free one has its own operation).',
        this.terminal,
      );
    else if (tollFree.length) log.info('Toll-free numbers: the toll-free operation is used.', this.terminal);
    const kind = await this.ask(
      select<LoaKind>({
        ...this.terminal,
        message: 'Who owns the numbers? (it decides the Letter of Authorization, LOA)',
        options: [
          { value: 'direct', label: 'We do: a direct Sinch customer', hint: 'our authorised person signs' },
          { value: 'reseller', label: 'A business we resell to', hint: 'its authorised person signs' },
          {
            value: 'blanket',
            label: 'We have a blanket LOA with our account manager',
            hint: 'nothing to sign',
          },
        ],
      }),
    );
    const details = kind === 'blanket' ? undefined : await this.askLoaDetails(kind, region);
    const links = await this.askLinks();
    const orders: Json[] = [];
    for (const group of [standard, tollFree]) {
      if (!group.length) continue;
      const order = await this.task(
        `Creating the text-enable order for ${listed(group.map((n) => n.phoneNumber))}`,
        `Created the text-enable order for ${listed(group.map((n) => n.phoneNumber))}`,
        () =>
          textEnable(this.client, {
            numbers: group.map((n) => n.phoneNumber),
            region,
            tollFree: group[0]!.tollFree,
            loa: loaInfo(kind, details),
            ...links,
          }),
      );
      log.success(`Hosting order ${order.hostingOrderId}: ${order.state}`, this.terminal);
      orders.push(order);
    }
    const follow = orders.map((o) => `${CMD} order status ${o.hostingOrderId} --wait`).join('\n');
    if (details) {
      note(
        `Tell ${details.signer.firstName} ${details.signer.lastName} to check their mail (${details.signer.email}):\n` +
          'once Sinch has reviewed the order, a link to e-sign the LOA arrives there,\n' +
          'and the carriers are updated after the signature.',
        'LOA',
        this.terminal,
      );
    }
    outro(`Next: follow the order:\n${follow}`, this.terminal);
  }

  // Workflow E.
  private async checkOrder(): Promise<void> {
    const id = await this.ask(
      text({
        ...this.terminal,
        message: 'The hosting order id',
        validate: (value) => (value?.trim() ? undefined : 'the id the order was created with'),
      }),
    );
    const [order, report, numbers] = await this.task('Reading the order', 'Read the order', () =>
      Promise.all([
        getOrder(this.client, id.trim()),
        getOrderReport(this.client, id.trim()),
        allPages(this.client, `/hostingOrders/${encodeURIComponent(id.trim())}/numbers`, 'numbers', {}),
      ]),
    );
    note(orderLines(order, report, false).join('\n'), 'Hosting order', this.terminal);
    note(orderNumbersTable(numbers.items), 'Numbers', this.terminal);
    await this.followOrder(order);
  }

  // Workflow F.
  private async listImported(): Promise<void> {
    const { items, totalSize } = await this.task(
      'Reading your imported numbers',
      'Read your imported numbers',
      () => allPages(this.client, '/importedNumbers', 'importedNumbers', {}, 50),
    );
    note(importedTable(items), `Imported numbers (${totalSize ?? items.length})`, this.terminal);
    outro(
      `Change one: ${CMD} update <number> --display-name … | --unlink-then-link --sms-service-plan …\nRemove one: ${CMD} delete <number>`,
      this.terminal,
    );
  }

  /** Offers to wait for an unfinished order, then says what comes next. */
  private async followOrder(order: Json): Promise<void> {
    let last = order;
    if (!orderFinished(order)) {
      const wait = await this.ask(
        confirm({
          ...this.terminal,
          message: 'Wait here until the order is done? (Ctrl-C stops waiting, the order goes on)',
          initialValue: false,
        }),
      );
      if (wait) {
        last = await this.spin(`Order ${order.hostingOrderId}: ${order.state}`, (update, signal) =>
          waitForOrder(
            this.client,
            order.hostingOrderId,
            (o) => update(`Order ${o.hostingOrderId}: ${o.state}`),
            {
              signal,
            },
          ).then(({ value }) => value),
        );
        const report = await getOrderReport(this.client, order.hostingOrderId);
        note(orderLines(last, report, false).join('\n'), 'Hosting order', this.terminal);
      }
    }
    outro(`Next: ${orderNext(last)}`, this.terminal);
  }

  // Questions.

  private async askNumbers(several: boolean, max = 500): Promise<UsCaNumber[]> {
    const answer = await this.ask(
      text({
        ...this.terminal,
        message: several
          ? `The numbers, E.164 (spaces or commas between them${max < 500 ? `, at most ${max}` : ''})`
          : 'The number, E.164',
        placeholder: several ? '+12025550134 +12025550135' : '+12025550134',
        validate: (value) => {
          const list = splitNumbers(value ?? '');
          if (!list.length) return 'type a number, with its + and country code';
          if (!several && list.length > 1) return 'one number only (or go back and choose "Several numbers")';
          if (list.length > max) return `at most ${max} numbers`;
          for (const raw of list) {
            const problem = numberProblem(raw);
            if (problem) return problem;
          }
          const parsed = list.map(usCaNumber);
          if (new Set(parsed.map((n) => n.phoneNumber)).size < parsed.length)
            return 'a number is named twice';
          const regions = new Set(parsed.filter((n) => !n.tollFree).map((n) => n.region));
          if (regions.size > 1) return 'US and CA numbers go in separate orders: one region at a time';
          return undefined;
        },
      }),
    );
    return splitNumbers(answer).map(usCaNumber);
  }

  /** US or CA: told by the numbers, asked only when all are toll-free (they belong to either). */
  private async askRegion(numbers: readonly UsCaNumber[]): Promise<ImportRegion> {
    if (numbers.some((n) => !n.tollFree)) {
      const region = orderRegion(numbers);
      log.info(
        `${numbers.length === 1 ? 'A' : numbers.length} ${region} number${numbers.length === 1 ? '' : 's'}.`,
        this.terminal,
      );
      return region;
    }
    return this.ask(
      select<ImportRegion>({
        ...this.terminal,
        message: 'Toll-free numbers serve both countries: US or CA?',
        options: [
          { value: 'US', label: 'US' },
          { value: 'CA', label: 'CA' },
        ],
      }),
    );
  }

  private async askLinks(): Promise<{ servicePlanId: string; campaignId?: string }> {
    const servicePlanId = await this.ask(
      text({
        ...this.terminal,
        message: 'The SMS service plan id to link them to',
        validate: (value) =>
          value?.trim() ? undefined : 'a service plan is needed (see your Sinch dashboard)',
      }),
    );
    const campaignId = await this.askOptional('The 10DLC campaign id', 'none');
    return { servicePlanId: servicePlanId.trim(), campaignId };
  }

  private async askLoaDetails(kind: 'direct' | 'reseller', region: ImportRegion): Promise<LoaDetails> {
    const required = (message: string, initialValue?: string) =>
      this.ask(
        text({
          ...this.terminal,
          message,
          initialValue,
          validate: (value) => (value?.trim() ? undefined : 'needed for the LOA'),
        }),
      ).then((v) => v.trim());
    const businessName =
      kind === 'reseller' ? await required('The business the numbers belong to') : undefined;
    log.info('The authorised person signs the LOA; it is e-mailed to them.', this.terminal);
    const firstName = await required('Their first name');
    const lastName = await required('Their last name');
    let email = await this.askEmail();
    while (
      !(await this.ask(
        confirm({
          ...this.terminal,
          message: `The LOA goes to ${email} for e-signature. Is that address right?`,
        }),
      ))
    ) {
      email = await this.askEmail();
    }
    log.info('The address on the LOA:', this.terminal);
    const buildingNumber = await required('Building number');
    const street = await required('Street');
    const city = await required('City');
    const state = await required('State or province (e.g. IL, ON)');
    const postalCode = await required('Postal code');
    const country = await required('Country', region);
    const currentVoiceCarrier = await required('The numbers’ current voice carrier (e.g. Verizon)');
    return {
      businessName,
      signer: { firstName, lastName, email },
      address: { buildingNumber, street, city, state, postalCode, country: country.toUpperCase() },
      currentVoiceCarrier,
    };
  }

  private async askEmail(): Promise<string> {
    const email = await this.ask(
      text({
        ...this.terminal,
        message: 'Their e-mail address',
        validate: (value) => emailProblem(value ?? ''),
      }),
    );
    return email.trim();
  }

  private async askOptional(message: string, placeholder: string): Promise<string | undefined> {
    const value = await this.ask(text({ ...this.terminal, message: `${message} (optional)`, placeholder }));
    return value?.trim() || undefined;
  }

  // Plumbing.

  /** A prompt's answer; Ctrl-C or Escape ends the wizard. */
  private async ask<T>(prompt: Promise<T>): Promise<Exclude<T, symbol>> {
    const answer = await prompt;
    if (isCancel(answer)) throw this.stopped('Stopped; nothing more was sent.');
    return answer as Exclude<T, symbol>;
  }

  /** A request under a spinner; a failure stops the spinner and ends the wizard with its line. */
  private async task<T>(label: string, done: string, work: () => Promise<T>): Promise<T> {
    return this.spin(label, async (update) => {
      const result = await work();
      update(done);
      return result;
    });
  }

  /**
   * Work under a spinner that says what is going on (`update`); it stops on the last thing said.
   * Ctrl-C aborts `signal` (the work decides what stopping means).
   */
  private async spin<T>(
    label: string,
    work: (update: (text: string) => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T> {
    const stop = new AbortController();
    const spin = spinner({ output: this.terminal.output, onCancel: () => stop.abort() });
    let last = label;
    spin.start(label);
    let result: T;
    try {
      result = await work((text) => {
        last = text;
        spin.message(text);
      }, stop.signal);
    } catch (error) {
      // After Ctrl-C the spinner has said so already.
      if (!stop.signal.aborted) spin.error(`${last}: failed`);
      throw error;
    }
    if (!stop.signal.aborted) spin.stop(last);
    return result;
  }

  /** A request whose refusal (4xx) the person can do something about: shown, and undefined. */
  private async attempt<T>(label: string, done: string, work: () => Promise<T>): Promise<T | undefined> {
    try {
      return await this.task(label, done, work);
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      log.error(error.body?.message ?? error.message, this.terminal);
      return undefined;
    }
  }

  private stop(message: string): void {
    outro(message, this.terminal);
  }

  private stopped(message: string): CliError {
    return new CliError(message, EXIT.cancelled, { stopped: true });
  }
}

function splitNumbers(value: string): string[] {
  return value
    .split(/[,;]|\s(?=\+)/)
    .map((v) => v.trim())
    .filter(Boolean);
}

function listed(numbers: readonly string[]): string {
  return numbers.length <= 3
    ? numbers.join(', ')
    : `${numbers.slice(0, 2).join(', ')} and ${numbers.length - 2} more`;
}
