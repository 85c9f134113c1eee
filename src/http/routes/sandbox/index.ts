import type { Operation } from '../../deps.js';
import { sandboxClock } from './clock.js';

export const sandboxOperations: Operation[] = [sandboxClock];
