import type { Operation } from '../../deps.js';
import { getCallbackConfiguration } from './getCallbackConfiguration.js';
import { updateCallbackConfiguration } from './updateCallbackConfiguration.js';

export const callbackConfigurationOperations: Operation[] = [
  getCallbackConfiguration,
  updateCallbackConfiguration,
];
