import { Type } from '@sinclair/typebox';
import { JOB_KINDS, type JobModule, type JobSpec } from './job.js';

const VoiceChallengePayload = Type.Object({
  projectId: Type.String(),
  phoneNumber: Type.String(),
  code: Type.String(),
  expireAt: Type.Number(),
});

/** The job that hands a voice challenge's code to the operator's voice provider (operator mode). */
export function voiceChallengeWebhookJob(
  call: { projectId: string; phoneNumber: string; code: string; expireAt: number },
  runAt: number,
): JobSpec {
  return { kind: JOB_KINDS.voiceChallengeWebhook, runAt, payload: { ...call } };
}

/**
 * POSTs `{phoneNumber, code, projectId, expireTime}` to OPEN_NUMBERS_VOICE_CHALLENGE_WEBHOOK; a
 * failed POST throws, so the worker retries it (with backoff) until the code expires.
 */
export const voiceChallengeWebhook: JobModule<typeof VoiceChallengePayload> = {
  kind: JOB_KINDS.voiceChallengeWebhook,
  payload: VoiceChallengePayload,
  handle: (payload, { qualified }) => qualified.deliverVoiceChallenge(payload),
};
