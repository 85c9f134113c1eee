import { MAX_VIOLATIONS } from './registrationViolations.js';

const UUID_V4 = '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-4[0-9a-fA-F]{3}-[89abAB][0-9a-fA-F]{3}-[0-9a-fA-F]{12}$';

/** A template file name: no path, a known extension. */
export const TEMPLATE_FILE_NAME = '^[a-z0-9][a-z0-9-]*\\.(pdf|rtf|txt)$';

const text = (maxLength: number) => ({ type: 'string', minLength: 1, maxLength });

/**
 * The shape of a policy document; semantic checks (schema compiles, ids unique, examples, input
 * limits) follow in code. It bounds its own strings and arrays too: documents come from the
 * admin API.
 */
export const POLICY_META_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: [
    'regionCode',
    'numberType',
    'version',
    'title',
    'quantityOrdersSupported',
    'dataSchema',
    'attachments',
    'rules',
    'sources',
  ],
  properties: {
    $comment: { type: 'string', maxLength: 2000 },
    regionCode: { type: 'string', maxLength: 2, pattern: '^[A-Z]{2}$' },
    numberType: { enum: ['MOBILE', 'LOCAL', 'TOLL_FREE'] },
    version: { type: 'integer', minimum: 1 },
    title: text(200),
    quantityOrdersSupported: { type: 'boolean' },
    dataSchema: { type: 'object' },
    attachments: {
      type: 'array',
      maxItems: 20,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'title', 'description', 'mandatory', 'allowedMimeTypes', 'allowedDocumentTypes'],
        properties: {
          id: { type: 'string', maxLength: 36, pattern: UUID_V4 },
          title: text(200),
          description: text(2000),
          mandatory: { type: 'boolean' },
          // File names in policies/templates/, served for download (the lookup's `template`).
          templates: {
            type: 'array',
            maxItems: 5,
            uniqueItems: true,
            items: { type: 'string', maxLength: 100, pattern: TEMPLATE_FILE_NAME },
          },
          allowedMimeTypes: {
            type: 'array',
            minItems: 1,
            maxItems: 20,
            uniqueItems: true,
            items: { type: 'string', maxLength: 255, pattern: '^[a-z]+/[a-z0-9][a-z0-9.+-]*$' },
          },
          allowedDocumentTypes: {
            type: 'array',
            minItems: 1,
            maxItems: 50,
            uniqueItems: true,
            items: { type: 'string', pattern: '^[A-Z][A-Z0-9]*(_[A-Z0-9]+)*$', maxLength: 64 },
          },
        },
      },
    },
    rules: {
      type: 'array',
      maxItems: 100,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'description'],
        properties: {
          id: { type: 'string', pattern: '^[a-z0-9]+(-[a-z0-9]+)*$', maxLength: 80 },
          description: text(2000),
        },
      },
    },
    sources: {
      type: 'array',
      minItems: 1,
      maxItems: 50,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['requirement', 'source'],
        properties: { requirement: text(1000), source: text(2000) },
      },
    },
    examples: {
      type: 'object',
      additionalProperties: false,
      required: ['valid', 'invalid'],
      properties: {
        valid: {},
        invalid: {
          type: 'array',
          maxItems: 50,
          items: {
            type: 'object',
            additionalProperties: false,
            required: ['data', 'violations'],
            properties: {
              data: {},
              violations: {
                type: 'array',
                minItems: 1,
                maxItems: MAX_VIOLATIONS,
                items: { type: 'string', minLength: 1, maxLength: 500 },
              },
            },
          },
        },
      },
    },
  },
} as const;
