import type { Static, TSchema } from '@sinclair/typebox';
import { Value } from '@sinclair/typebox/value';
import type { Clock } from '../clock.js';
import type { CallbacksService } from '../domain/callbacks/callbacksService.js';
import type { HostingService } from '../domain/hosting/hostingService.js';
import type { ImportedNumbersService } from '../domain/imported/importedNumbersService.js';
import type { NumbersService } from '../domain/numbers/numbersService.js';
import type { OrdersService } from '../domain/orders/ordersService.js';
import type { QualifiedNumbersService } from '../domain/qualified/qualifiedNumbersService.js';
import type { Mailer } from '../mail/mailer.js';
import type { Store } from '../store/types.js';
import type { AddressPolicy } from './callbacks/addressGuard.js';

/**
 * Background work is job rows (DESIGN §6): written in the same transaction as the change that
 * causes them, claimed and worked by `worker.ts`. Each kind of job is one module in this folder
 * (its kind, payload schema, the function that makes one, and its handler); `index.ts` lists them.
 */

/**
 * The kind of every job, as stored in the `kind` column. Existing databases hold pending jobs
 * under these names, so a name never changes once released.
 */
export const JOB_KINDS = {
  provisioningStep: 'numbers.provisioning',
  releaseCompletion: 'numbers.releaseCompletion',
  orderExpiry: 'orders.expiry',
  orderAutoReview: 'orders.autoReview',
  callbackDelivery: 'callbacks.delivery',
  hostingStep: 'hosting.step',
  mailDelivery: 'mail.delivery',
  importedProvisioning: 'imported.provisioning',
  qualificationCheck: 'qualified.eligibilityCheck',
  voiceChallengeWebhook: 'qualified.voiceChallengeWebhook',
} as const;

export type JobKind = (typeof JOB_KINDS)[keyof typeof JOB_KINDS];

/**
 * Work that must happen later, as the store writes it. `kind` is a plain string here: the store
 * keeps whatever it is given, and the worker refuses kinds it has no module for.
 */
export interface JobSpec {
  kind: string;
  payload: Record<string, unknown>;
  runAt: number;
}

/** What handlers work with: the services that own the domain operations, and delivery settings. */
export interface JobContext {
  store: Store;
  clock: Clock;
  numbers: NumbersService;
  orders: OrdersService;
  callbacks: CallbacksService;
  hosting: HostingService;
  mailer: Mailer;
  imported: ImportedNumbersService;
  qualified: QualifiedNumbersService;
  delivery: {
    /** Where callbacks may be sent (the SSRF guard and its allow-list). */
    policy: AddressPolicy;
    /** Faults are a sandbox feature; operator mode ignores any stored ones. */
    faultsEnabled: boolean;
  };
}

/** One kind of job: its stored name, the shape of its payload, and how it is worked. */
export interface JobModule<Payload extends TSchema = TSchema> {
  kind: JobKind;
  payload: Payload;
  /** Runs at least once per job: a re-run of work already done must change nothing. */
  handle(payload: Static<Payload>, ctx: JobContext): Promise<void>;
}

/** Why a stored payload does not fit the module's schema, or undefined when it fits. */
export function payloadProblem(module: JobModule, payload: unknown): string | undefined {
  if (Value.Check(module.payload, payload)) return undefined;
  const first = Value.Errors(module.payload, payload).First();
  const where = first?.path ? `${first.path}: ` : '';
  return `${where}${first?.message ?? 'does not match the payload schema'}`;
}
