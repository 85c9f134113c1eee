import type { Operation } from '../../deps.js';
import { getAvailableNumber } from './getAvailableNumber.js';
import { listAvailableNumbers } from './listAvailableNumbers.js';
import { rentAnyNumber } from './rentAnyNumber.js';
import { rentNumber } from './rentNumber.js';

export const availableNumbersOperations: Operation[] = [
  listAvailableNumbers,
  getAvailableNumber,
  rentNumber,
  rentAnyNumber,
];
