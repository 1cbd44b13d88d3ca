import { Migration } from '@mikro-orm/migrations';

/**
 * Resident imports (contract §17): one job per caller, grid and file content, so a file sent twice is one
 * import; its progress and the report of the rows it refused are kept with it, and the time of its last
 * progress, by which a retry tells a job still running from one a stopped server left.
 */
export class Migration20261201009000_resident_imports extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "resident_import" (
      "id" serial primary key,
      "user_id" int not null references "app_user" ("id") on update cascade on delete restrict,
      "grid_id" int not null references "grid" ("id") on update cascade on delete restrict,
      "sha256" varchar(64) not null,
      "status" varchar(10) not null default 'QUEUED',
      "total_rows" int not null default 0,
      "processed_rows" int not null default 0,
      "committed_rows" int not null default 0,
      "failed_rows" int not null default 0,
      "errors" jsonb not null default '[]',
      "created_at" timestamptz not null default now(),
      "updated_at" timestamptz not null default now(),
      "finished_at" timestamptz null,
      constraint "resident_import_once" unique ("user_id", "grid_id", "sha256")
    );`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "resident_import";');
  }
}
