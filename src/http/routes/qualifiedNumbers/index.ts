import type { Operation } from '../../deps.js';
import { addNumbers } from './addNumbers.js';
import { deleteQualifiedNumber } from './deleteQualifiedNumber.js';
import { getQualifiedNumber } from './getQualifiedNumber.js';
import { listQualifiedNumbers } from './listQualifiedNumbers.js';
import { sendVoiceChallenge } from './sendVoiceChallenge.js';
import { verifyVoiceChallenge } from './verifyVoiceChallenge.js';

/** The Qualified Numbers operations of the Imported Numbers surface (text-enable ones apart). */
export const qualifiedOperations: Operation[] = [
  listQualifiedNumbers,
  addNumbers,
  getQualifiedNumber,
  deleteQualifiedNumber,
  sendVoiceChallenge,
  verifyVoiceChallenge,
];
