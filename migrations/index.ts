import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261128000000_domain_model } from './Migration20261128000000_domain_model';
import { Migration20261128000100_access_log_and_pivot } from './Migration20261128000100_access_log_and_pivot';
import { Migration20261128000200_access_log_integrity } from './Migration20261128000200_access_log_integrity';
import { Migration20261128000300_legal_hold_lifting } from './Migration20261128000300_legal_hold_lifting';
import { Migration20261128000400_retention_checkpoints } from './Migration20261128000400_retention_checkpoints';
import { Migration20261129000000_exact_access_log_order } from './Migration20261129000000_exact_access_log_order';
import { Migration20261201001000_scoped_read_indexes } from './Migration20261201001000_scoped_read_indexes';
import { Migration20261201002000_access_log_chains } from './Migration20261201002000_access_log_chains';
import { Migration20261201003000_registry_writes } from './Migration20261201003000_registry_writes';
import { Migration20261201004000_worker_corps } from './Migration20261201004000_worker_corps';
import { Migration20261201005000_attachments } from './Migration20261201005000_attachments';
import { Migration20261201005100_job_queue_and_inbox } from './Migration20261201005100_job_queue_and_inbox';
import { Migration20261201008000_visit_attachments } from './Migration20261201008000_visit_attachments';
import { Migration20261201009000_resident_imports } from './Migration20261201009000_resident_imports';
import { Migration20261201010000_change_requests } from './Migration20261201010000_change_requests';
import { Migration20261201010100_anonymisation } from './Migration20261201010100_anonymisation';
import { Migration20261201011000_grouped_access_entries } from './Migration20261201011000_grouped_access_entries';
import { Migration20261201011100_principal_indexes } from './Migration20261201011100_principal_indexes';
import { Migration20261201011700_linked_seals } from './Migration20261201011700_linked_seals';
import { Migration20261201011800_verification_in_batches } from './Migration20261201011800_verification_in_batches';
import { Migration20261201012000_delegated_members_index } from './Migration20261201012000_delegated_members_index';
import { Migration20261201012100_access_log_gin_pending_list } from './Migration20261201012100_access_log_gin_pending_list';

/** Every migration in order. `npm run db:migration` appends new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261128000000_domain_model', class: Migration20261128000000_domain_model },
  { name: 'Migration20261128000100_access_log_and_pivot', class: Migration20261128000100_access_log_and_pivot },
  { name: 'Migration20261128000200_access_log_integrity', class: Migration20261128000200_access_log_integrity },
  { name: 'Migration20261128000300_legal_hold_lifting', class: Migration20261128000300_legal_hold_lifting },
  { name: 'Migration20261128000400_retention_checkpoints', class: Migration20261128000400_retention_checkpoints },
  { name: 'Migration20261129000000_exact_access_log_order', class: Migration20261129000000_exact_access_log_order },
  { name: 'Migration20261201001000_scoped_read_indexes', class: Migration20261201001000_scoped_read_indexes },
  { name: 'Migration20261201002000_access_log_chains', class: Migration20261201002000_access_log_chains },
  { name: 'Migration20261201003000_registry_writes', class: Migration20261201003000_registry_writes },
  { name: 'Migration20261201004000_worker_corps', class: Migration20261201004000_worker_corps },
  { name: 'Migration20261201005000_attachments', class: Migration20261201005000_attachments },
  { name: 'Migration20261201005100_job_queue_and_inbox', class: Migration20261201005100_job_queue_and_inbox },
  { name: 'Migration20261201008000_visit_attachments', class: Migration20261201008000_visit_attachments },
  { name: 'Migration20261201009000_resident_imports', class: Migration20261201009000_resident_imports },
  { name: 'Migration20261201010000_change_requests', class: Migration20261201010000_change_requests },
  { name: 'Migration20261201010100_anonymisation', class: Migration20261201010100_anonymisation },
  { name: 'Migration20261201011000_grouped_access_entries', class: Migration20261201011000_grouped_access_entries },
  { name: 'Migration20261201011100_principal_indexes', class: Migration20261201011100_principal_indexes },
  { name: 'Migration20261201011700_linked_seals', class: Migration20261201011700_linked_seals },
  {
    name: 'Migration20261201011800_verification_in_batches',
    class: Migration20261201011800_verification_in_batches,
  },
  { name: 'Migration20261201012000_delegated_members_index', class: Migration20261201012000_delegated_members_index },
  {
    name: 'Migration20261201012100_access_log_gin_pending_list',
    class: Migration20261201012100_access_log_gin_pending_list,
  },
];
