import type { Operation } from '../../deps.js';
import { deprovisionEmergencyAddress } from './deprovisionEmergencyAddress.js';
import { getEmergencyAddress } from './getEmergencyAddress.js';
import { provisionEmergencyAddress } from './provisionEmergencyAddress.js';
import { validateEmergencyAddress } from './validateEmergencyAddress.js';

export const emergencyAddressOperations: Operation[] = [
  getEmergencyAddress,
  provisionEmergencyAddress,
  deprovisionEmergencyAddress,
  validateEmergencyAddress,
];
