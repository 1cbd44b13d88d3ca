import { Migration } from '@mikro-orm/migrations';
import PgBoss from 'pg-boss';

/**
 * The job queue that schedules SLA warnings (pg-boss, in its own schema) and the notification inbox
 * (contract §15). The queue's tables are created here, with the rest of the schema, so that an instance
 * starting on a migrated database finds them ready; the transaction is the migration's own.
 */
export class Migration20261201005100_job_queue_and_inbox extends Migration {
  override async up(): Promise<void> {
    const plan = PgBoss.getConstructionPlans('pgboss')
      .replace(/^\s*BEGIN;/m, '')
      .replace(/COMMIT;\s*$/m, '');
    this.addSql(plan);
    this.addSql(`create table "notification" (
      "id" serial primary key,
      "recipient_id" int not null references "app_user" ("id") on update cascade on delete cascade,
      "kind" varchar(30) not null,
      "case_id" int null references "cases" ("id") on update cascade on delete cascade,
      "created_at" timestamptz not null,
      "read_at" timestamptz null
    );`);
    this.addSql(
      `create index "notification_recipient_id_created_at_index" on "notification" ("recipient_id", "created_at");`,
    );
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "notification";');
    this.addSql('drop schema if exists "pgboss" cascade;');
  }
}
