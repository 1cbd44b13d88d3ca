import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_domain_model } from './Migration20261128000000_domain_model';
import { Migration20261128000100_access_log_and_pivot } from './Migration20261128000100_access_log_and_pivot';
import { Migration20261128000200_access_log_integrity } from './Migration20261128000200_access_log_integrity';

/** Every migration in order. `npm run db:migration` appends new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000000_domain_model', class: Migration20261128000000_domain_model },
  { name: 'Migration20261128000100_access_log_and_pivot', class: Migration20261128000100_access_log_and_pivot },
  { name: 'Migration20261128000200_access_log_integrity', class: Migration20261128000200_access_log_integrity },
];
