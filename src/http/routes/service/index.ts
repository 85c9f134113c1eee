import type { Operation } from '../../deps.js';
import { checkHealth } from './checkHealth.js';
import { getOpenApiDocument } from './getOpenApiDocument.js';

export const serviceOperations: Operation[] = [checkHealth, getOpenApiDocument];
