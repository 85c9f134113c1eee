import type { Operation } from '../../deps.js';
import { sandboxCallbacks } from './callbacks.js';
import { sandboxClock } from './clock.js';

export const sandboxOperations: Operation[] = [sandboxClock, sandboxCallbacks];
