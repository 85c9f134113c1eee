import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { usageError } from '../errors.js';
import type { CreateRequest } from './orderSteps.js';

/** Flags and files of the non-interactive commands, checked before anything is sent. */

/** An E.164 number: `+`, then 7 to 15 digits; a missing `+` is named as such. */
export function e164(value: string, flag: string): string {
  const text = value.trim().replace(/[\s()-]/g, '');
  if (/^\+[1-9]\d{6,14}$/.test(text)) return text;
  if (/^00?[1-9]\d{6,14}$/.test(text) || /^[1-9]\d{6,14}$/.test(text))
    throw usageError(`${flag} ${value}: phone numbers must be E.164 with a leading + (e.g. +61411111112)`);
  throw usageError(`${flag} ${value} is not an E.164 phone number (+ and 7 to 15 digits, e.g. +61411111112)`);
}

export const VOICE_TYPES = { RTC: 'appId', EST: 'trunkId', FAX: 'serviceId' } as const;
export type VoiceType = keyof typeof VOICE_TYPES;

export interface ConfigurationFlags {
  smsServicePlan?: string;
  smsCampaign?: string;
  voiceType?: string;
  appId?: string;
  trunkId?: string;
  serviceId?: string;
}

/** SMS and/or voice configuration from flags: the voice type decides which id is needed. */
export function configurationFrom(
  flags: ConfigurationFlags,
): Pick<CreateRequest, 'smsConfiguration' | 'voiceConfiguration'> {
  const out: Pick<CreateRequest, 'smsConfiguration' | 'voiceConfiguration'> = {};
  if (flags.smsCampaign && !flags.smsServicePlan)
    throw usageError(
      '--sms-campaign needs --sms-service-plan (the campaign is part of the SMS configuration)',
    );
  if (flags.smsServicePlan)
    out.smsConfiguration = {
      servicePlanId: flags.smsServicePlan,
      ...(flags.smsCampaign ? { campaignId: flags.smsCampaign } : {}),
    };
  const ids = { appId: flags.appId, trunkId: flags.trunkId, serviceId: flags.serviceId };
  const given = Object.entries(ids).filter(([, v]) => v);
  if (!flags.voiceType) {
    if (given.length)
      throw usageError(
        `--${kebab(given[0]![0])} needs --voice-type (RTC with --app-id, EST with --trunk-id, FAX with --service-id)`,
      );
    return out;
  }
  const type = flags.voiceType.toUpperCase();
  if (!(type in VOICE_TYPES))
    throw usageError(`--voice-type must be RTC, EST or FAX, not "${flags.voiceType}"`);
  const needed = VOICE_TYPES[type as VoiceType];
  const id = ids[needed];
  if (!id) throw usageError(`--voice-type ${type} needs --${kebab(needed)}`);
  const wrong = given.find(([name]) => name !== needed);
  if (wrong) throw usageError(`--voice-type ${type} takes --${kebab(needed)}, not --${kebab(wrong[0])}`);
  out.voiceConfiguration = { type, [needed]: id };
  return out;
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** `<attachmentId>[:<documentType>]=<file>` of `--attach`. */
export interface AttachSpec {
  attachmentId: string;
  documentType: string | undefined;
  file: string;
}

export function attachSpec(value: string): AttachSpec {
  const m = /^([^=:]+)(?::([A-Za-z_]+))?=(.+)$/.exec(value);
  if (!m)
    throw usageError(
      `--attach ${value}: write <attachmentId>=<file> or <attachmentId>:<DOCUMENT_TYPE>=<file>`,
    );
  return { attachmentId: m[1]!.trim(), documentType: m[2]?.toUpperCase(), file: m[3]! };
}

/** Registration data from a JSON file: `data` itself, or `{data}` / `{requestDetails: {data}}`. */
export async function readRegistrationFile(file: string, cwd: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(resolve(cwd, file), 'utf8');
  } catch (error) {
    throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw usageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) {
    const o = parsed as { data?: unknown; requestDetails?: { data?: unknown } };
    if (o.requestDetails && 'data' in o.requestDetails) return o.requestDetails.data;
    if ('data' in o) return o.data;
  }
  return parsed;
}

/** `--quantity`: a whole number from 1 to 100. */
export function quantity(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 100)
    throw usageError(`--quantity must be a whole number from 1 to 100, not "${value}"`);
  return n;
}
