import type { Operation } from '../../deps.js';
import { advanceClock } from './advanceClock.js';
import { getCallbackFaults } from './getCallbackFaults.js';
import { getClock } from './getClock.js';
import { hostingSandboxOperations } from './hostingOrders.js';
import { listCallbacks } from './listCallbacks.js';
import { listVoiceCalls } from './listVoiceCalls.js';
import { redeliverCallback } from './redeliverCallback.js';
import { updateCallbackFaults } from './updateCallbackFaults.js';

export const sandboxOperations: Operation[] = [
  getClock,
  advanceClock,
  listCallbacks,
  redeliverCallback,
  getCallbackFaults,
  updateCallbackFaults,
  ...hostingSandboxOperations,
  listVoiceCalls,
];
