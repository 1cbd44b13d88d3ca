import { Migration } from '@mikro-orm/migrations';

/**
 * Attachments (contract §16): uploads, cleaned and typed by content, and their links to cases. An upload is
 * attached once (the unique attachment_id); a link goes with its case.
 */
export class Migration20261201005000_attachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "attachment" (
      "id" serial primary key,
      "uploader_id" int not null references "app_user" ("id") on update cascade on delete restrict,
      "content_type" varchar(50) not null,
      "byte_size" int not null,
      "sha256" varchar(64) not null,
      "storage_key" varchar(200) not null,
      "uploaded_at" timestamptz not null,
      "attached_at" timestamptz null
    );`);
    this.addSql(`create index "attachment_uploader_id_index" on "attachment" ("uploader_id");`);
    this.addSql(`create table "case_attachment" (
      "id" serial primary key,
      "case_id" int not null references "cases" ("id") on update cascade on delete cascade,
      "attachment_id" int not null unique references "attachment" ("id") on update cascade on delete restrict,
      "sensitive" boolean not null,
      "content_type" varchar(50) not null,
      "byte_size" int not null,
      "attached_at" timestamptz not null
    );`);
    this.addSql(`create index "case_attachment_case_id_index" on "case_attachment" ("case_id");`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "case_attachment";');
    this.addSql('drop table if exists "attachment";');
  }
}
