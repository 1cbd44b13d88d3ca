import { Migration } from '@mikro-orm/migrations';

/** Photos kept with a visit (contract §16): an upload is attached once, to a case or to a visit. */
export class Migration20261201008000_visit_attachments extends Migration {
  override async up(): Promise<void> {
    this.addSql(`create table "visit_attachment" (
      "id" serial primary key,
      "visit_id" int not null references "visit" ("id") on update cascade on delete cascade,
      "attachment_id" int not null unique references "attachment" ("id") on update cascade on delete restrict,
      "content_type" varchar(50) not null,
      "byte_size" int not null,
      "attached_at" timestamptz not null
    );`);
    this.addSql(`create index "visit_attachment_visit_id_index" on "visit_attachment" ("visit_id");`);
  }

  override async down(): Promise<void> {
    this.addSql('drop table if exists "visit_attachment";');
  }
}
