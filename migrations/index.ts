import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_domain_model } from './Migration20261128000000_domain_model';
import { Migration20261128000100_access_log_and_pivot } from './Migration20261128000100_access_log_and_pivot';
import { Migration20261128000200_access_log_integrity } from './Migration20261128000200_access_log_integrity';
import { Migration20261128000300_legal_hold_lifting } from './Migration20261128000300_legal_hold_lifting';
import { Migration20261128000400_retention_checkpoints } from './Migration20261128000400_retention_checkpoints';
import { Migration20261129000000_exact_access_log_order } from './Migration20261129000000_exact_access_log_order';
import { Migration20261201002000_access_log_chains } from './Migration20261201002000_access_log_chains';

/** Every migration in order. `npm run db:migration` appends new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000000_domain_model', class: Migration20261128000000_domain_model },
  { name: 'Migration20261128000100_access_log_and_pivot', class: Migration20261128000100_access_log_and_pivot },
  { name: 'Migration20261128000200_access_log_integrity', class: Migration20261128000200_access_log_integrity },
  { name: 'Migration20261128000300_legal_hold_lifting', class: Migration20261128000300_legal_hold_lifting },
  { name: 'Migration20261128000400_retention_checkpoints', class: Migration20261128000400_retention_checkpoints },
  { name: 'Migration20261129000000_exact_access_log_order', class: Migration20261129000000_exact_access_log_order },
  { name: 'Migration20261201002000_access_log_chains', class: Migration20261201002000_access_log_chains },
];
