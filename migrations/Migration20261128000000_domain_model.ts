import { Migration } from '@mikro-orm/migrations';

export class Migration20261128000000_domain_model extends Migration {
  override async up(): Promise<void> {
    this.addSql(
      `create type "grid_kind" as enum ('DISTRICT', 'STREET', 'TOWN', 'COMMUNITY', 'VILLAGE', 'BUILDING', 'ROAD_SEGMENT', 'VILLAGE_GROUP', 'SUBGRID');`,
    );
    this.addSql(`create type "gender" as enum ('MALE', 'FEMALE');`);
    this.addSql(`create type "residence_type" as enum ('REGISTERED', 'NON_REGISTERED', 'FLOATING', 'OVERSEAS');`);
    this.addSql(`create type "security_label" as enum ('SENSITIVE', 'RESTRICTED');`);
    this.addSql(
      `create type "worker_background" as enum ('COMMUNITY_STAFF', 'FULL_TIME', 'RETIRED', 'PROPERTY_STAFF', 'FULL_TIME_PARENT', 'VOLUNTEER');`,
    );
    this.addSql(
      `create type "role" as enum ('GRID_WORKER', 'GRID_LEADER', 'STREET_ADMIN', 'COMMAND_CENTER', 'DISTRICT_ADMIN', 'DEPARTMENT_OFFICER', 'PRIVACY_OFFICER', 'RESIDENT');`,
    );
    this.addSql(`create type "emergency_review" as enum ('JUSTIFIED', 'NOT_JUSTIFIED');`);
    this.addSql(`create type "training_topic" as enum ('EMERGENCY', 'HEALTH', 'LAW', 'COMPUTER', 'SOCIAL_WORK');`);
    this.addSql(
      `create type "assignment_role" as enum ('GRID_WORKER', 'GRID_LEADER', 'BUILDING_LEADER', 'PARTY_MEMBER_HOUSEHOLD');`,
    );
    this.addSql(
      `create type "case_status" as enum ('REPORTED', 'ACCEPTED', 'IN_PROGRESS', 'ESCALATED', 'DISPATCHED', 'RETURNED', 'RESOLVED', 'REOPENED', 'CLOSED', 'REJECTED');`,
    );
    this.addSql(
      `create type "case_source" as enum ('WORKER_PATROL', 'RESIDENT_SELF_SERVICE', 'HOTLINE_12345', 'WALK_IN', 'BUILDING_LEADER', 'PROPERTY_COMPANY');`,
    );
    this.addSql(
      `create table "department" ("id" serial primary key, "code" varchar(40) not null, "name" varchar(100) not null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "department" add constraint "department_code_unique" unique ("code");`);

    this.addSql(
      `create table "case_category" ("id" serial primary key, "code" varchar(40) not null, "name" varchar(60) not null, "handling_level" smallint null, "department_id" int null, "accept_within_hours" int not null, "resolve_within_hours" int not null, "sensitive" boolean not null default false);`,
    );
    this.addSql(`alter table "case_category" add constraint "case_category_code_unique" unique ("code");`);

    this.addSql(
      `create table "grid" ("id" serial primary key, "name" varchar(100) not null, "code" varchar(40) not null, "level" smallint not null, "kind" "grid_kind" not null, "parent_id" int null, "path" varchar(200) not null, "boundary" jsonb null, "party_branch" varchar(100) null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "grid" add constraint "grid_code_unique" unique ("code");`);
    this.addSql(`create index "grid_path_prefix_idx" on "grid" ("path" text_pattern_ops);`);

    this.addSql(
      `create table "household" ("id" serial primary key, "code" varchar(30) not null, "address" varchar(200) not null, "grid_id" int not null, "grid_path" varchar(200) not null);`,
    );
    this.addSql(`alter table "household" add constraint "household_code_unique" unique ("code");`);
    this.addSql(`create index "household_grid_path_idx" on "household" ("grid_path" text_pattern_ops);`);

    this.addSql(
      `create table "resident" ("id" serial primary key, "name" varchar(50) not null, "gender" "gender" not null, "birth_date" date not null, "phone" varchar(20) null, "id_number" varchar(18) not null, "address" varchar(200) not null, "residence_type" "residence_type" not null, "grid_id" int not null, "grid_path" varchar(200) not null, "household_id" int null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "resident" add constraint "resident_id_number_unique" unique ("id_number");`);
    this.addSql(`create index "resident_household_id_index" on "resident" ("household_id");`);
    this.addSql(`create index "resident_grid_path_idx" on "resident" ("grid_path" text_pattern_ops, "id");`);
    this.addSql(`create index "resident_grid_id_name_index" on "resident" ("grid_id", "name");`);

    this.addSql(
      `create table "special_category" ("id" serial primary key, "code" varchar(40) not null, "name" varchar(60) not null, "colour" varchar(20) not null, "security_label" "security_label" not null, "visit_every_days" smallint not null);`,
    );
    this.addSql(`alter table "special_category" add constraint "special_category_code_unique" unique ("code");`);

    this.addSql(
      `create table "resident_category" ("id" serial primary key, "resident_id" int not null, "category_id" int not null, "since" date not null, "details" jsonb null, "last_visit_on" date null);`,
    );
    this.addSql(`create index "resident_category_category_id_index" on "resident_category" ("category_id");`);
    this.addSql(
      `alter table "resident_category" add constraint "resident_category_resident_id_category_id_unique" unique ("resident_id", "category_id");`,
    );

    this.addSql(
      `create table "worker" ("id" serial primary key, "name" varchar(50) not null, "gender" "gender" not null, "work_phone" varchar(20) not null, "personal_phone" varchar(20) null, "background" "worker_background" not null, "party_member" boolean not null default false, "started_on" date not null, "home_grid_path" varchar(200) not null);`,
    );
    this.addSql(`create index "worker_home_grid_path_index" on "worker" ("home_grid_path");`);

    this.addSql(
      `create table "visit" ("id" serial primary key, "worker_id" int not null, "resident_id" int not null, "category_id" int null, "grid_id" int not null, "grid_path" varchar(200) not null, "visited_at" timestamptz not null, "notes" varchar(500) not null);`,
    );
    this.addSql(`create index "visit_worker_id_index" on "visit" ("worker_id");`);
    this.addSql(`create index "visit_grid_path_index" on "visit" ("grid_path");`);
    this.addSql(`create index "visit_resident_id_visited_at_index" on "visit" ("resident_id", "visited_at");`);

    this.addSql(
      `create table "app_user" ("id" serial primary key, "username" varchar(60) not null, "password_hash" varchar(200) not null, "display_name" varchar(60) not null, "role" "role" not null, "worker_id" int null, "department_id" int null, "resident_id" int null, "scope_grid_id" int null, "active" boolean not null default true, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);
    this.addSql(`alter table "app_user" add constraint "app_user_resident_id_unique" unique ("resident_id");`);

    this.addSql(
      `create table "emergency_access" ("id" serial primary key, "user_id" int not null, "resident_id" int null, "grid_id" int null, "reason" varchar(500) not null, "opened_at" timestamptz not null, "expires_at" timestamptz not null, "closed_at" timestamptz null, "review" "emergency_review" null, "review_note" varchar(500) null, "reviewed_by_id" int null, "reviewed_at" timestamptz null);`,
    );
    this.addSql(`create index "emergency_access_user_id_index" on "emergency_access" ("user_id");`);

    this.addSql(
      `create table "delegation" ("id" serial primary key, "department_id" int not null, "grid_id" int not null, "category_codes" text[] not null default '{}', "fields" text[] not null, "includes_restricted" boolean not null default false, "purpose_code" varchar(40) not null, "purpose_text" varchar(500) not null, "legal_basis" varchar(500) not null, "approved_by_id" int not null, "valid_from" timestamptz not null, "valid_until" timestamptz not null, "revoked_at" timestamptz null, "revoked_by_id" int null, "created_at" timestamptz not null default now());`,
    );
    this.addSql(`create index "delegation_department_id_index" on "delegation" ("department_id");`);

    this.addSql(
      `create table "training_record" ("id" serial primary key, "worker_id" int not null, "topic" "training_topic" not null, "title" varchar(100) not null, "completed_on" date not null, "hours" numeric(5,1) not null);`,
    );
    this.addSql(`create index "training_record_worker_id_index" on "training_record" ("worker_id");`);

    this.addSql(
      `create table "patrol_track" ("id" serial primary key, "worker_id" int not null, "grid_id" int not null, "grid_path" varchar(200) not null, "started_at" timestamptz not null, "ended_at" timestamptz not null, "distance_meters" int not null, "points" jsonb not null);`,
    );
    this.addSql(`create index "patrol_track_grid_path_index" on "patrol_track" ("grid_path");`);
    this.addSql(
      `create index "patrol_track_worker_id_started_at_index" on "patrol_track" ("worker_id", "started_at");`,
    );

    this.addSql(
      `create table "mentorship" ("id" serial primary key, "mentor_id" int not null, "mentee_id" int not null, "since" date not null, "until" date null);`,
    );
    this.addSql(`create index "mentorship_mentor_id_index" on "mentorship" ("mentor_id");`);
    this.addSql(`create index "mentorship_mentee_id_index" on "mentorship" ("mentee_id");`);

    this.addSql(
      `create table "grid_assignment" ("id" serial primary key, "worker_id" int not null, "grid_id" int not null, "role" "assignment_role" not null, "valid_from" date not null, "valid_until" date null);`,
    );
    this.addSql(`create index "grid_assignment_worker_id_index" on "grid_assignment" ("worker_id");`);
    this.addSql(`create index "grid_assignment_grid_id_role_index" on "grid_assignment" ("grid_id", "role");`);

    this.addSql(
      `create table "cases" ("id" serial primary key, "title" varchar(100) not null, "description" text not null, "sensitive" boolean not null default false, "status" "case_status" not null default 'REPORTED', "source" "case_source" not null, "category_id" int not null, "grid_id" int not null, "grid_path" varchar(200) not null, "holding_level" smallint not null, "department_id" int null, "handler_id" int null, "reporter_id" int null, "reporter_name" varchar(50) null, "reporter_phone" varchar(20) null, "longitude" double precision null, "latitude" double precision null, "reported_at" timestamptz not null, "accepted_at" timestamptz null, "resolved_at" timestamptz null, "closed_at" timestamptz null, "accept_due_at" timestamptz not null, "resolve_due_at" timestamptz not null, "dispatch_due_at" timestamptz null, "satisfaction" smallint null, "duplicate_of_id" int null, "idempotency_key" varchar(64) null, "version" int not null default 1);`,
    );
    this.addSql(`create index "cases_category_id_index" on "cases" ("category_id");`);
    this.addSql(`create index "cases_department_id_index" on "cases" ("department_id");`);
    this.addSql(`create index "cases_handler_id_index" on "cases" ("handler_id");`);
    this.addSql(`create index "cases_reporter_id_index" on "cases" ("reporter_id");`);
    this.addSql(`alter table "cases" add constraint "cases_idempotency_key_unique" unique ("idempotency_key");`);
    this.addSql(`create index "cases_grid_path_idx" on "cases" ("grid_path" text_pattern_ops, "id");`);
    this.addSql(`create index "cases_status_resolve_due_at_index" on "cases" ("status", "resolve_due_at");`);

    this.addSql(
      `create table "case_event" ("id" serial primary key, "case_id" int not null, "action" varchar(30) not null, "from_status" "case_status" null, "to_status" "case_status" not null, "actor_id" int null, "actor_role" "role" null, "note" text null, "at" timestamptz not null);`,
    );
    this.addSql(`create index "case_event_case_id_index" on "case_event" ("case_id");`);

    this.addSql(
      `create table "assessment" ("id" serial primary key, "worker_id" int not null, "period" varchar(10) not null, "leader_nomination" real not null, "community_score" real not null, "street_review" real not null, "patrol_compliance" real not null, "satisfaction_spot_check" real not null, "case_timeliness" real not null, "total" real not null);`,
    );
    this.addSql(
      `alter table "assessment" add constraint "assessment_worker_id_period_unique" unique ("worker_id", "period");`,
    );

    this.addSql(
      `alter table "case_category" add constraint "case_category_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "grid" add constraint "grid_parent_id_foreign" foreign key ("parent_id") references "grid" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "household" add constraint "household_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "resident" add constraint "resident_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "resident" add constraint "resident_household_id_foreign" foreign key ("household_id") references "household" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "resident_category" add constraint "resident_category_resident_id_foreign" foreign key ("resident_id") references "resident" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "resident_category" add constraint "resident_category_category_id_foreign" foreign key ("category_id") references "special_category" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "visit" add constraint "visit_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "visit" add constraint "visit_resident_id_foreign" foreign key ("resident_id") references "resident" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "visit" add constraint "visit_category_id_foreign" foreign key ("category_id") references "special_category" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "visit" add constraint "visit_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "app_user" add constraint "app_user_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_resident_id_foreign" foreign key ("resident_id") references "resident" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "app_user" add constraint "app_user_scope_grid_id_foreign" foreign key ("scope_grid_id") references "grid" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "emergency_access" add constraint "emergency_access_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "emergency_access" add constraint "emergency_access_resident_id_foreign" foreign key ("resident_id") references "resident" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "emergency_access" add constraint "emergency_access_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "emergency_access" add constraint "emergency_access_reviewed_by_id_foreign" foreign key ("reviewed_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "delegation" add constraint "delegation_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "delegation" add constraint "delegation_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "delegation" add constraint "delegation_approved_by_id_foreign" foreign key ("approved_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "delegation" add constraint "delegation_revoked_by_id_foreign" foreign key ("revoked_by_id") references "app_user" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "training_record" add constraint "training_record_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "patrol_track" add constraint "patrol_track_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "patrol_track" add constraint "patrol_track_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "mentorship" add constraint "mentorship_mentor_id_foreign" foreign key ("mentor_id") references "worker" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "mentorship" add constraint "mentorship_mentee_id_foreign" foreign key ("mentee_id") references "worker" ("id") on update cascade on delete cascade;`,
    );

    this.addSql(
      `alter table "grid_assignment" add constraint "grid_assignment_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "grid_assignment" add constraint "grid_assignment_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );

    this.addSql(
      `alter table "cases" add constraint "cases_category_id_foreign" foreign key ("category_id") references "case_category" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_grid_id_foreign" foreign key ("grid_id") references "grid" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_department_id_foreign" foreign key ("department_id") references "department" ("id") on update cascade on delete restrict;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_handler_id_foreign" foreign key ("handler_id") references "worker" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_reporter_id_foreign" foreign key ("reporter_id") references "app_user" ("id") on update cascade on delete set null;`,
    );
    this.addSql(
      `alter table "cases" add constraint "cases_duplicate_of_id_foreign" foreign key ("duplicate_of_id") references "cases" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "case_event" add constraint "case_event_case_id_foreign" foreign key ("case_id") references "cases" ("id") on update cascade on delete cascade;`,
    );
    this.addSql(
      `alter table "case_event" add constraint "case_event_actor_id_foreign" foreign key ("actor_id") references "app_user" ("id") on update cascade on delete set null;`,
    );

    this.addSql(
      `alter table "assessment" add constraint "assessment_worker_id_foreign" foreign key ("worker_id") references "worker" ("id") on update cascade on delete cascade;`,
    );
  }
}
