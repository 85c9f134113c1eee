import { Type } from '@sinclair/typebox';
import { Code } from '../../schemas.js';

export const PolicyPath = Type.Object({ regionCode: Code, numberType: Code });
/** Free-form here: parsePolicy checks the document, its own limits included (policyFile.ts). */
export const Policy = Type.Object({}, { additionalProperties: true, description: 'A KYC policy document' });
