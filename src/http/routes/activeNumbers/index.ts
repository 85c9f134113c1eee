import type { Operation } from '../../deps.js';
import { getActiveNumber } from './getActiveNumber.js';
import { listActiveNumbers } from './listActiveNumbers.js';
import { releaseNumber } from './releaseNumber.js';
import { updateActiveNumber } from './updateActiveNumber.js';

export const activeNumbersOperations: Operation[] = [
  listActiveNumbers,
  getActiveNumber,
  updateActiveNumber,
  releaseNumber,
];
