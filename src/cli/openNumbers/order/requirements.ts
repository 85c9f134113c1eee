import type { ApiClient, Json } from '../client.js';
import { ApiError, usageError } from '../errors.js';
import type { Schema } from './fieldPath.js';

/** One document the requirements ask for (step 5). */
export interface RequiredAttachment {
  id: string;
  title: string;
  description: string;
  mandatory: boolean;
  allowedMimeTypes: string[];
  allowedDocumentTypes: string[];
  /** Forms to download, fill in and upload. */
  templates: { name: string; url: string }[];
}

/** What ordering a region and number type needs, from `numberOrders:lookupNumberRequirements`. */
export interface Requirements {
  regionCode: string;
  numberType: string;
  /** False when the lookup found no requirements (404): no registration, no documents. */
  found: boolean;
  /** The JSON Schema of `requestDetails.data`, when the answer carries one. */
  schema: Schema | undefined;
  attachments: RequiredAttachment[];
  /** Whether `quantityOrderOption` is accepted (undefined: the answer does not say). */
  quantityOrdersSupported: boolean | undefined;
  title: string | undefined;
  /** What the reviewer checks beyond the schema. */
  rules: { id: string; description: string }[];
  /** The answer as received (for --json). */
  answer: Json;
}

export const NUMBER_TYPES = ['MOBILE', 'LOCAL', 'TOLL_FREE'] as const;

/** `--region` as the API wants it: two letters, upper case. */
export function regionCode(value: string | undefined, flag = '--region'): string {
  const code = value?.trim().toUpperCase() ?? '';
  if (!/^[A-Z]{2}$/.test(code))
    throw usageError(`${flag} must be a two-letter region code such as AU or DE, not "${value ?? ''}"`);
  return code;
}

export function numberType(value: string | undefined, flag = '--type'): string {
  const type = value?.trim().toUpperCase().replace(/-/g, '_') ?? '';
  if (!(NUMBER_TYPES as readonly string[]).includes(type))
    throw usageError(`${flag} must be one of ${NUMBER_TYPES.join(', ')}, not "${value ?? ''}"`);
  return type;
}

/** Refuses a region or type numbers are not sold in (GET /availableRegions), before any order. */
export async function assertSold(client: ApiClient, region: string, type: string): Promise<void> {
  const answer = await client.numbers('GET', '/availableRegions');
  const regions: { regionCode: string; types?: string[] }[] = answer?.availableRegions ?? [];
  const match = regions.find((r) => r.regionCode === region);
  if (!match) throw usageError(`no numbers are sold in region ${region} (see: open-numbers regions)`);
  if (match.types && !match.types.includes(type))
    throw usageError(
      `${region} has no ${type} numbers; it has ${match.types.join(', ')} (see: open-numbers regions)`,
    );
}

function strings(value: Json): string[] {
  return Array.isArray(value) ? value.filter((v) => typeof v === 'string') : [];
}

function attachmentOf(raw: Json): RequiredAttachment {
  const templates = Array.isArray(raw.template)
    ? raw.template.map((t: Json) => (typeof t === 'string' ? { name: t, url: t } : t))
    : [];
  return {
    id: String(raw.id ?? raw.attachmentId ?? ''),
    title: String(raw.title ?? raw.id ?? ''),
    description: String(raw.description ?? ''),
    mandatory: raw.mandatory === true,
    allowedMimeTypes: strings(raw.allowedMimeTypes),
    allowedDocumentTypes: strings(raw.allowedDocumentTypes),
    templates,
  };
}

/** A JSON Schema by its look: `fields.schema` here; `fields` itself if that is what Sinch sends. */
function schemaOf(fields: Json): Schema | undefined {
  const looksLikeSchema = (s: Json) =>
    s && typeof s === 'object' && ('type' in s || 'properties' in s || 'items' in s || '$schema' in s);
  if (looksLikeSchema(fields?.schema)) return fields.schema;
  if (looksLikeSchema(fields)) return fields;
  return undefined;
}

/** Step 1: what the region and type need. A 404 ("Number requirements not found") means nothing. */
export async function lookupRequirements(
  client: ApiClient,
  region: string,
  type: string,
): Promise<Requirements> {
  let answer: Json;
  try {
    answer = await client.numbers('POST', '/numberOrders:lookupNumberRequirements', {
      body: { regionCode: region, numberType: type },
      mutation: false,
    });
  } catch (error) {
    if (error instanceof ApiError && error.httpStatus === 404)
      return {
        regionCode: region,
        numberType: type,
        found: false,
        schema: undefined,
        attachments: [],
        quantityOrdersSupported: undefined,
        title: undefined,
        rules: [],
        answer: null,
      };
    throw error;
  }
  const fields = answer?.fields ?? {};
  const rawAttachments = answer?.attachments ?? fields.attachments ?? [];
  const quantity = answer?.quantityOrdersSupported ?? fields.quantityOrdersSupported;
  return {
    regionCode: region,
    numberType: type,
    found: true,
    schema: schemaOf(fields),
    attachments: (Array.isArray(rawAttachments) ? rawAttachments : []).map(attachmentOf),
    quantityOrdersSupported: typeof quantity === 'boolean' ? quantity : undefined,
    title: typeof fields.title === 'string' ? fields.title : undefined,
    rules: Array.isArray(fields.rules) ? fields.rules : [],
    answer,
  };
}

/** "registration needed (3 sections), 2 mandatory documents" — what step 1 tells the person. */
export function requirementsSummary(req: Requirements): string {
  const what = `${req.regionCode} ${req.numberType}`;
  if (!req.found || (!req.schema && req.attachments.length === 0))
    return `${what}: no registration needed (no KYC requirements)`;
  const parts: string[] = [];
  if (req.schema) {
    const sections = Array.isArray(req.schema.items) ? ` (${req.schema.items.length} sections)` : '';
    parts.push(`a registration${sections}`);
  }
  const mandatory = req.attachments.filter((a) => a.mandatory).length;
  const optional = req.attachments.length - mandatory;
  if (mandatory) parts.push(`${mandatory} mandatory document${mandatory > 1 ? 's' : ''}`);
  if (optional) parts.push(`${optional} optional document${optional > 1 ? 's' : ''}`);
  if (req.attachments.length === 0) parts.push('no documents');
  return `${what} needs ${parts.join(', ')}`;
}
