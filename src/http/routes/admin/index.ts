import type { Operation } from '../../deps.js';
import { createAccessKey } from './createAccessKey.js';
import { createProject } from './createProject.js';
import { decideQualifiedNumber } from './decideQualifiedNumber.js';
import { downloadAttachment } from './downloadAttachment.js';
import { getInventorySummary } from './getInventorySummary.js';
import { getKycPolicy } from './getKycPolicy.js';
import { getReviewCounts } from './getReviewCounts.js';
import { hostingAdminOperations } from './hostingOrders.js';
import { importInventory } from './importInventory.js';
import { listAccessKeys } from './listAccessKeys.js';
import { listAuditLog } from './listAuditLog.js';
import { listKycPolicies } from './listKycPolicies.js';
import { listNumberOrders } from './listNumberOrders.js';
import { listPrices } from './listPrices.js';
import { listProjects } from './listProjects.js';
import { listQualifiedNumbersForReview } from './listQualifiedNumbers.js';
import { putKycPolicy } from './putKycPolicy.js';
import { putPrice } from './putPrice.js';
import { reviewNumberOrder } from './reviewNumberOrder.js';
import { revokeAccessKey } from './revokeAccessKey.js';
import { unblockQualifiedNumber } from './unblockQualifiedNumber.js';

export const adminOperations: Operation[] = [
  listProjects,
  createProject,
  listAccessKeys,
  createAccessKey,
  revokeAccessKey,
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
  getReviewCounts,
  getInventorySummary,
  importInventory,
  listPrices,
  putPrice,
  listAuditLog,
];
