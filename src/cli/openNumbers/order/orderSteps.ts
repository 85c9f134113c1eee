import type { ApiClient, Json } from '../client.js';
import { ApiError, CliError, EXIT, UncertainOutcome } from '../errors.js';
import { type AttachmentFile, uploadForm } from './attachmentFile.js';
import type { RequiredAttachment } from './requirements.js';

/**
 * The seed's six steps as requests (1 lookup and 2 search live elsewhere). A failure names its
 * step and what to do next, as the seed's error recovery says: a taken number → pick another, a
 * 400 on the registration → fix the fields and PUT again, an expired order → start over.
 */

export const STEPS = {
  requirements: 'step 1 (requirements)',
  create: 'step 3 (create the order)',
  registration: 'step 4 (registration)',
  attachments: 'step 5 (attachments)',
  submit: 'step 6 (submit)',
  review: 'the review',
} as const;

/** A step failed; `cause` is the client's error (an ApiError carries the fieldViolations). */
export class StepError extends CliError {
  constructor(
    readonly step: string,
    override readonly cause: CliError,
    readonly next: string,
    readonly orderId?: string,
    readonly state?: string,
  ) {
    super(stepMessage(step, cause, next), cause.exitCode, {
      ...cause.details,
      step,
      next,
      ...(orderId ? { orderId } : {}),
      ...(state ? { state } : {}),
    });
  }

  get fieldViolations(): { field: string; description: string }[] {
    return this.cause instanceof ApiError ? this.cause.fieldViolations : [];
  }
}

function stepMessage(step: string, cause: CliError, next: string): string {
  const lines = [`${step} failed: ${cause.message}`];
  if (cause instanceof ApiError)
    for (const v of cause.fieldViolations)
      if (!cause.message.includes(v.description))
        lines.push(
          `  - ${v.description.startsWith(v.field) ? v.description : `${v.field}: ${v.description}`}`,
        );
  lines.push(`  next: ${next}`);
  return lines.join('\n');
}

const path = (orderId: string) => `/numberOrders/${encodeURIComponent(orderId)}`;

export function getOrder(client: ApiClient, orderId: string): Promise<Json> {
  return client.numbers('GET', path(orderId));
}

export function getRegistration(client: ApiClient, orderId: string): Promise<Json> {
  return client.numbers('GET', `${path(orderId)}/registration`);
}

/**
 * Turns a step's failure into a StepError. An order that is no longer CREATED (read back after a
 * precondition failure) gets the advice its state calls for.
 */
async function failed(
  client: ApiClient,
  step: string,
  error: unknown,
  orderId: string,
  next: string,
  startOver: string,
): Promise<never> {
  if (!(error instanceof CliError)) throw error;
  if (error instanceof UncertainOutcome)
    throw new StepError(
      step,
      error,
      `read the order before acting again: open-numbers order status ${orderId}`,
      orderId,
    );
  if (error instanceof ApiError && error.httpStatus === 400 && error.body?.status === 'FAILED_PRECONDITION') {
    const order = await getOrder(client, orderId).catch(() => undefined);
    const state: string | undefined = order?.state;
    if (state === 'EXPIRED')
      throw new StepError(
        step,
        error,
        `the order expired at ${order.expireTime}: its id is no longer valid and its number is released; start over: ${startOver}`,
        orderId,
        state,
      );
    if (state && state !== 'CREATED')
      throw new StepError(
        step,
        error,
        `the order is ${state}; see: open-numbers order status ${orderId}`,
        orderId,
        state,
      );
  }
  throw new StepError(step, error, next, orderId);
}

export interface CreateRequest {
  regionCode: string;
  numberType: string;
  phoneNumber?: string;
  quantity?: { requestedQuantity: number; pattern?: string; searchPattern?: string; capabilities?: string[] };
  smsConfiguration?: { servicePlanId: string; campaignId?: string };
  voiceConfiguration?: { type: string; appId?: string; trunkId?: string; serviceId?: string };
  callbackUrl?: string;
}

export function createBody(request: CreateRequest): Json {
  const q = request.quantity;
  return {
    regionCode: request.regionCode,
    numberType: request.numberType,
    ...(request.smsConfiguration ? { smsConfiguration: request.smsConfiguration } : {}),
    ...(request.voiceConfiguration ? { voiceConfiguration: request.voiceConfiguration } : {}),
    ...(request.callbackUrl ? { callbackUrl: request.callbackUrl } : {}),
    ...(request.phoneNumber
      ? { numberOrderOption: { phoneNumbers: [request.phoneNumber] } }
      : {
          quantityOrderOption: {
            requestedQuantity: q?.requestedQuantity,
            sequential: false,
            ...(q?.pattern
              ? { numberPattern: { pattern: q.pattern, searchPattern: q.searchPattern ?? 'START' } }
              : {}),
            ...(q?.capabilities?.length ? { capabilities: q.capabilities } : {}),
          },
        }),
  };
}

/** Whether a create failed because the number is gone (taken, or not in the inventory). */
export function numberTaken(error: unknown): boolean {
  const cause = error instanceof StepError ? error.cause : error;
  return (
    cause instanceof ApiError &&
    cause.httpStatus === 404 &&
    JSON.stringify(cause.body ?? {}).includes('AvailableNumber')
  );
}

/** Step 3. A cut-off create is settled by reading the number: held means an order took it. */
export async function createOrder(
  client: ApiClient,
  request: CreateRequest,
  pickAgain: string,
): Promise<Json> {
  try {
    return await client.numbers('POST', '/numberOrders:createNumberOrder', { body: createBody(request) });
  } catch (error) {
    if (!(error instanceof CliError)) throw error;
    if (error instanceof UncertainOutcome && request.phoneNumber) {
      const available = await client
        .numbers('GET', `/availableNumbers/${encodeURIComponent(request.phoneNumber)}`)
        .then(() => true)
        .catch((e) => (e instanceof ApiError && e.httpStatus === 404 ? false : undefined));
      const next =
        available === true
          ? `${request.phoneNumber} is still available, so no order holds it: running the same command again is safe`
          : available === false
            ? `${request.phoneNumber} is no longer available: an order was probably created (its id never reached us); it expires by itself in 48 hours`
            : `check whether ${request.phoneNumber} is still available before ordering again`;
      throw new StepError(STEPS.create, error, next);
    }
    if (numberTaken(error)) throw new StepError(STEPS.create, error, pickAgain);
    throw new StepError(STEPS.create, error, 'fix what the message says and run the order again');
  }
}

/** Step 4: `PUT …/registration` with `requestDetails.data`; a 400 names each field. */
export async function putRegistration(
  client: ApiClient,
  orderId: string,
  data: unknown,
  startOver: string,
  fixHint: string,
): Promise<Json> {
  try {
    return await client.numbers('PUT', `${path(orderId)}/registration`, {
      body: { requestDetails: { data } },
    });
  } catch (error) {
    return failed(client, STEPS.registration, error, orderId, fixHint, startOver);
  }
}

/** Step 5: one document, `multipart/form-data` parts `file` and `documentType`. */
export async function uploadAttachment(
  client: ApiClient,
  orderId: string,
  attachment: RequiredAttachment,
  file: AttachmentFile,
  documentType: string | undefined,
  startOver: string,
): Promise<Json> {
  try {
    return await client.numbers('POST', `${path(orderId)}/attachments/${encodeURIComponent(attachment.id)}`, {
      form: uploadForm(file, documentType),
    });
  } catch (error) {
    return failed(
      client,
      `${STEPS.attachments}, "${attachment.title}"`,
      error,
      orderId,
      `upload it again: open-numbers order attach ${orderId} ${attachment.id} <file>`,
      startOver,
    );
  }
}

/** Step 6: CREATED → IN_REVIEW. A cut-off submit is settled by reading the order's state. */
export async function submitOrder(client: ApiClient, orderId: string, startOver: string): Promise<Json> {
  try {
    return await client.numbers('POST', `${path(orderId)}/submit`);
  } catch (error) {
    if (error instanceof UncertainOutcome) {
      const order = await getOrder(client, orderId).catch(() => undefined);
      if (order && order.state !== 'CREATED') return order;
      if (order?.state === 'CREATED')
        throw new StepError(
          STEPS.submit,
          new CliError(
            `${error.message}; the order is still CREATED, so the submit did not happen`,
            EXIT.refused,
          ),
          `submit again: open-numbers order submit ${orderId}`,
          orderId,
          'CREATED',
        );
    }
    return failed(
      client,
      STEPS.submit,
      error,
      orderId,
      `complete what is missing (open-numbers order registration|attach ${orderId} …), then: open-numbers order submit ${orderId}`,
      startOver,
    );
  }
}
