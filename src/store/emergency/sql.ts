import type { EmergencyAddress } from '../../domain/emergency/addressValidation.js';
import { errors } from '../../errors.js';
import { StoreConflict } from '../db/errors.js';
import type { Db } from '../db/port.js';
import type { EmergencyPort } from './port.js';

export function emergencyStore(db: Db): EmergencyPort {
  return {
    async get(projectId, phoneNumber) {
      const row = await db.get<{
        display_name: string;
        address: string | EmergencyAddress;
        updated_at: number;
      }>(
        'SELECT display_name, address, updated_at FROM emergency_addresses WHERE phone_number = $1 AND project_id = $2',
        [phoneNumber, projectId],
      );
      return (
        row && {
          displayName: row.display_name,
          address: typeof row.address === 'string' ? JSON.parse(row.address) : row.address,
          updatedAt: Number(row.updated_at),
        }
      );
    },
    async put(projectId, phoneNumber, value) {
      try {
        await db.run(
          `INSERT INTO emergency_addresses (phone_number, project_id, display_name, address, updated_at)
           VALUES ($1, $2, $3, $4::text::json, $5::bigint)
           ON CONFLICT (phone_number) DO UPDATE SET
             display_name = excluded.display_name, address = excluded.address, updated_at = excluded.updated_at
           WHERE emergency_addresses.project_id = excluded.project_id`,
          [phoneNumber, projectId, value.displayName, JSON.stringify(value.address), value.updatedAt],
        );
      } catch (error) {
        // The foreign key: the number was released meanwhile.
        if (error instanceof StoreConflict && error.conflict === 'foreignKey')
          throw errors.activeNumberNotFound(phoneNumber);
        throw error;
      }
    },
    async delete(projectId, phoneNumber) {
      const deleted = await db.run(
        'DELETE FROM emergency_addresses WHERE phone_number = $1 AND project_id = $2',
        [phoneNumber, projectId],
      );
      return deleted === 1;
    },
  };
}
