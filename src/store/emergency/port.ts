import type { EmergencyAddress } from '../../domain/emergency/addressValidation.js';

export interface StoredEmergencyAddress {
  displayName: string;
  address: EmergencyAddress;
  updatedAt: number;
}

/** The address of an active number: it goes when the number leaves the project. */
export interface EmergencyPort {
  get(projectId: string, phoneNumber: string): Promise<StoredEmergencyAddress | undefined>;
  /** Throws the "active number not found" error when the number is not active (any more). */
  put(projectId: string, phoneNumber: string, value: StoredEmergencyAddress): Promise<void>;
  /** False when nothing was provisioned. */
  delete(projectId: string, phoneNumber: string): Promise<boolean>;
}
