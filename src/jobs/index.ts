import { callbackDelivery } from './callbackDelivery.js';
import { hostingStep } from './hostingStep.js';
import { importedProvisioning } from './importedProvisioning.js';
import type { JobModule } from './job.js';
import { mailDelivery } from './mailDelivery.js';
import { orderAutoReview } from './orderAutoReview.js';
import { orderExpiry } from './orderExpiry.js';
import { provisioningStep } from './provisioningStep.js';
import { qualificationCheck } from './qualificationCheck.js';
import { releaseCompletion } from './releaseCompletion.js';
import { voiceChallengeWebhook } from './voiceChallengeWebhook.js';

/** Every kind of background job; the worker works exactly these. */
export const JOBS: readonly JobModule[] = [
  provisioningStep,
  releaseCompletion,
  orderExpiry,
  orderAutoReview,
  callbackDelivery,
  hostingStep,
  mailDelivery,
  importedProvisioning,
  qualificationCheck,
  voiceChallengeWebhook,
];
