import type { Store } from '../types.js';

export function openPostgresStore(_options: { url: string }): Store {
  throw new Error('PostgreSQL store not implemented yet');
}
