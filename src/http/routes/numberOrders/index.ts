import type { Operation } from '../../deps.js';
import { createNumberOrder } from './createNumberOrder.js';
import { getNumberOrder } from './getNumberOrder.js';
import { getRegistration } from './getRegistration.js';
import { lookupNumberRequirements } from './lookupNumberRequirements.js';
import { submitNumberOrder } from './submitNumberOrder.js';
import { updateRegistration } from './updateRegistration.js';
import { uploadAttachment } from './uploadAttachment.js';

export const numberOrderOperations: Operation[] = [
  lookupNumberRequirements,
  createNumberOrder,
  getNumberOrder,
  getRegistration,
  updateRegistration,
  uploadAttachment,
  submitNumberOrder,
];
