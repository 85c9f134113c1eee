import type { Operation } from '../../deps.js';
import { createAccessKey } from './createAccessKey.js';
import { createProject } from './createProject.js';

export const adminOperations: Operation[] = [createProject, createAccessKey];
