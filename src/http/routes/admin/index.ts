import type { Operation } from '../../deps.js';
import { createAccessKey } from './createAccessKey.js';
import { createProject } from './createProject.js';
import { adminKycPolicies } from './kycPolicies.js';
import { adminNumberOrders } from './numberOrders.js';

export const adminOperations: Operation[] = [
  createProject,
  createAccessKey,
  adminNumberOrders,
  adminKycPolicies,
];
