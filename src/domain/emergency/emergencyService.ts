import { errors } from '../../errors.js';
import type { Store } from '../../store/types.js';
import { isExpired } from '../numbers/activeNumber.js';
import { type EmergencyAddress, normalizeInput, validateEmergencyAddress } from './addressValidation.js';

export interface EmergencyAddressRequest {
  displayName?: string;
  address?: Partial<EmergencyAddress>;
}

const VOICE = 1;
/** E911 addresses of active numbers: only US numbers with voice have the feature. */
export function createEmergencyService({
  store,
  now,
}: {
  store: Pick<Store, 'emergency' | 'numbers'>;
  now: () => number;
}) {
  async function requireFeature(projectId: string, phoneNumber: string): Promise<void> {
    const record = await store.numbers.getActive(projectId, phoneNumber);
    if (!record || isExpired(record, now())) throw errors.activeNumberNotFound(phoneNumber);
    if (record.regionCode !== 'US' || (record.capabilities & VOICE) === 0) throw errors.missingE911Feature();
  }

  function requireBody(request: EmergencyAddressRequest): Partial<EmergencyAddress> {
    if (!request.address) throw errors.fieldViolation('address', 'address is required');
    return request.address;
  }

  return {
    async get(projectId: string, phoneNumber: string): Promise<EmergencyAddress> {
      await requireFeature(projectId, phoneNumber);
      const stored = await store.emergency.get(projectId, phoneNumber);
      if (!stored) throw errors.missingE911Feature();
      return stored.address;
    },

    /** Validates first; stores the corrected address of an exact or near match. */
    async provision(
      projectId: string,
      phoneNumber: string,
      request: EmergencyAddressRequest,
    ): Promise<EmergencyAddress> {
      await requireFeature(projectId, phoneNumber);
      const validation = validateEmergencyAddress(requireBody(request));
      if (validation.result === 'NO_MATCH') {
        throw errors.invalidArgument(validation.message, [
          { field: 'address', description: validation.message },
        ]);
      }
      await store.emergency.put(projectId, phoneNumber, {
        displayName: request.displayName ?? '',
        address: validation.correctedAddress,
        updatedAt: now(),
      });
      return validation.correctedAddress;
    },

    async deprovision(projectId: string, phoneNumber: string): Promise<void> {
      await requireFeature(projectId, phoneNumber);
      await store.emergency.delete(projectId, phoneNumber);
    },

    async validate(projectId: string, phoneNumber: string, request: EmergencyAddressRequest) {
      await requireFeature(projectId, phoneNumber);
      const address = requireBody(request);
      const validation = validateEmergencyAddress(address);
      return {
        phoneNumber,
        displayName: request.displayName ?? '',
        validatedAddress: normalizeInput(address),
        validationResult: validation.result,
        validationMessage: validation.message,
        correctedAddress: validation.correctedAddress,
        candidateAddresses: validation.candidates,
      };
    },
  };
}

export type EmergencyService = ReturnType<typeof createEmergencyService>;
