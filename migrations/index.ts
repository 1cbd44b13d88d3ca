import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128045426 } from './Migration20261128045426';
import { Migration20261128045500_access_log_partitions } from './Migration20261128045500_access_log_partitions';

/** Every migration in order. `npm run db:migration` appends new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128045426', class: Migration20261128045426 },
  { name: 'Migration20261128045500_access_log_partitions', class: Migration20261128045500_access_log_partitions },
];
