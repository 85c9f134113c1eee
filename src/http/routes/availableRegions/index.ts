import type { Operation } from '../../deps.js';
import { listAvailableRegions } from './listAvailableRegions.js';

export const availableRegionsOperations: Operation[] = [listAvailableRegions];
