import type { Operation } from '../../deps.js';
import { createAccessKey } from './createAccessKey.js';
import { createProject } from './createProject.js';
import { decideQualifiedNumber } from './decideQualifiedNumber.js';
import { downloadAttachment } from './downloadAttachment.js';
import { getKycPolicy } from './getKycPolicy.js';
import { hostingAdminOperations } from './hostingOrders.js';
import { listKycPolicies } from './listKycPolicies.js';
import { listNumberOrders } from './listNumberOrders.js';
import { listQualifiedNumbersForReview } from './listQualifiedNumbers.js';
import { putKycPolicy } from './putKycPolicy.js';
import { reviewNumberOrder } from './reviewNumberOrder.js';
import { unblockQualifiedNumber } from './unblockQualifiedNumber.js';

export const adminOperations: Operation[] = [
  createProject,
  createAccessKey,
  listNumberOrders,
  downloadAttachment,
  reviewNumberOrder,
  listKycPolicies,
  getKycPolicy,
  putKycPolicy,
  ...hostingAdminOperations,
  listQualifiedNumbersForReview,
  decideQualifiedNumber,
  unblockQualifiedNumber,
];
