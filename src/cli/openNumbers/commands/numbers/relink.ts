import { type ActiveNumber, VOICE_ID } from './activeNumber.js';
import type { ConfigurationBody, SmsRequest, VoiceRequest } from './configuration.js';
import type { Channels } from './provisioningWait.js';

/**
 * "Unlink before relink" (seed 002): a number linked to a service plan, a campaign or a voice id
 * must be unlinked ("") before it is linked to another one. This works out which unlink a PATCH
 * needs first, from the number's current state, so a rerun after an interruption picks up where
 * it stopped (nothing left to unlink → straight to the link).
 */
export interface Unlink {
  body: ConfigurationBody;
  channels: Channels;
  /** What is unlinked, for messages: `SMS service plan plan-a and campaign C1`. */
  describe: string;
}

/** Whether `wanted` replaces a linked value: set, not "" and not what is linked. */
function replaces(linked: string, wanted: string | undefined): boolean {
  return linked !== '' && wanted !== undefined && wanted !== '' && wanted !== linked;
}

function smsUnlink(n: ActiveNumber, request: SmsRequest): { body: SmsRequest; describe: string } | undefined {
  const sms = n.smsConfiguration;
  if (!sms) return undefined;
  if (replaces(sms.servicePlanId, request.servicePlanId)) {
    // A campaign hangs on its service plan: both go.
    const campaign = sms.campaignId ? ` and campaign ${sms.campaignId}` : '';
    return {
      body: { servicePlanId: '', campaignId: '' },
      describe: `SMS service plan ${sms.servicePlanId}${campaign}`,
    };
  }
  if (replaces(sms.campaignId, request.campaignId))
    return { body: { campaignId: '' }, describe: `SMS campaign ${sms.campaignId}` };
  return undefined;
}

function voiceUnlink(
  n: ActiveNumber,
  request: VoiceRequest,
): { body: VoiceRequest; describe: string } | undefined {
  const voice = n.voiceConfiguration;
  if (!voice || voice.type !== request.type) return undefined; // a switch of type needs no unlink
  const field = VOICE_ID[request.type as keyof typeof VOICE_ID];
  if (!replaces(voice[field], request[field])) return undefined;
  return { body: { type: request.type, [field]: '' }, describe: `voice ${voice.type} ${voice[field]}` };
}

/** The PATCH that unlinks what `body` replaces on `n`, or undefined when nothing needs unlinking. */
export function unlinkFor(n: ActiveNumber, body: ConfigurationBody): Unlink | undefined {
  const sms = body.smsConfiguration && smsUnlink(n, body.smsConfiguration);
  const voice = body.voiceConfiguration && voiceUnlink(n, body.voiceConfiguration);
  if (!sms && !voice) return undefined;
  return {
    body: {
      ...(sms ? { smsConfiguration: sms.body } : {}),
      ...(voice ? { voiceConfiguration: voice.body } : {}),
    },
    channels: { sms: !!sms, voice: !!voice },
    describe: [sms?.describe, voice?.describe].filter(Boolean).join(' and '),
  };
}
