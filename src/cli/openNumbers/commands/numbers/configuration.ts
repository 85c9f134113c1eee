import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { VOICE_ID } from './activeNumber.js';
import { oneOf, VOICE_TYPES } from './inputs.js';

/** The SMS, voice and callback flags of `rent`, `rent-any` and `update`. */
export interface ConfigurationOptions {
  smsServicePlan?: string;
  campaign?: string;
  voiceType?: string;
  appId?: string;
  trunkId?: string;
  serviceId?: string;
  callbackUrl?: string;
}

export interface SmsRequest {
  servicePlanId?: string;
  campaignId?: string;
}

export interface VoiceRequest {
  type: string;
  appId?: string;
  trunkId?: string;
  serviceId?: string;
}

/** `smsConfiguration`, `voiceConfiguration` and `callbackUrl` of a rent or PATCH body. */
export interface ConfigurationBody {
  smsConfiguration?: SmsRequest;
  voiceConfiguration?: VoiceRequest;
  callbackUrl?: string;
}

export function addConfigurationOptions(command: Command, { unlink }: { unlink: boolean }): Command {
  const unlinks = unlink ? ' ("" unlinks)' : '';
  return command
    .option('--sms-service-plan <id>', `link SMS to this service plan${unlinks}`)
    .option('--campaign <id>', `US 10DLC campaign for SMS, with a service plan${unlinks}`)
    .option(
      '--voice-type <type>',
      'RTC (with --app-id), EST (--trunk-id) or FAX (--service-id); implied by the id',
    )
    .option('--app-id <id>', `voice: the RTC application${unlinks}`)
    .option('--trunk-id <id>', `voice: the EST (Elastic SIP Trunking) trunk${unlinks}`)
    .option('--service-id <id>', `voice: the FAX service${unlinks}`)
    .option(
      '--callback-url <url>',
      `where this number's provisioning events are POSTed${unlink ? ' ("" for none)' : ''}`,
    );
}

const ID_FLAGS = { appId: '--app-id', trunkId: '--trunk-id', serviceId: '--service-id' } as const;

function voiceRequest(o: ConfigurationOptions): VoiceRequest | undefined {
  const given = (Object.keys(ID_FLAGS) as (keyof typeof ID_FLAGS)[]).filter((f) => o[f] !== undefined);
  if (o.voiceType === undefined && given.length === 0) return undefined;
  let type: string;
  if (o.voiceType !== undefined) type = oneOf(o.voiceType, VOICE_TYPES, '--voice-type');
  else if (given.length === 1) type = given[0] === 'appId' ? 'RTC' : given[0] === 'trunkId' ? 'EST' : 'FAX';
  else throw usageError(`give one voice id: ${given.map((f) => ID_FLAGS[f]).join(' or ')}`);
  const field = VOICE_ID[type as keyof typeof VOICE_ID];
  const others = given.filter((f) => f !== field);
  if (others.length)
    throw usageError(
      `${others.map((f) => ID_FLAGS[f]).join(' and ')} does not apply to --voice-type ${type}`,
    );
  if (o[field] === undefined) throw usageError(`--voice-type ${type} needs ${ID_FLAGS[field]}`);
  return { type, [field]: o[field] };
}

function callbackUrl(value: string | undefined, allowEmpty: boolean): string | undefined {
  if (value === undefined || (value === '' && allowEmpty)) return value;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw usageError(`--callback-url must be an http(s) URL, not "${value}"`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:')
    throw usageError(`--callback-url must be an http(s) URL, not "${value}"`);
  return value;
}

/**
 * The body parts the flags ask for. On a new number (`unlink: false`) a campaign needs a service
 * plan; on `update` a campaign alone changes the campaign of the plan already linked.
 */
export function configurationBody(
  o: ConfigurationOptions,
  { unlink }: { unlink: boolean },
): ConfigurationBody {
  const body: ConfigurationBody = {};
  if (o.smsServicePlan !== undefined || o.campaign !== undefined) {
    if (!unlink && o.campaign && !o.smsServicePlan)
      throw usageError('--campaign needs --sms-service-plan: a campaign is linked through a service plan');
    body.smsConfiguration = {
      ...(o.smsServicePlan !== undefined ? { servicePlanId: o.smsServicePlan } : {}),
      ...(o.campaign !== undefined ? { campaignId: o.campaign } : {}),
    };
  }
  const voice = voiceRequest(o);
  if (voice) body.voiceConfiguration = voice;
  const url = callbackUrl(o.callbackUrl, unlink);
  if (url !== undefined) body.callbackUrl = url;
  return body;
}
