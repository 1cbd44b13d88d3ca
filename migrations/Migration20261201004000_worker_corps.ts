import { Migration } from '@mikro-orm/migrations';

/**
 * The worker corps becomes writable (contract §14): patrols are fed in batches and summarised in SQL,
 * assessments are filled in part by part under per-period weights, red/black lists are published once and
 * never change, and users and grids carry a version for optimistic concurrency.
 *
 * Geometry is plain SQL on the GeoJSON already stored: ray casting for "which grid holds this point" and the
 * haversine formula for distances, exact enough at grid scale.
 */
export class Migration20261201004000_worker_corps extends Migration {
  override async up(): Promise<void> {
    this.geometry();
    this.patrols();
    this.assessments();
    this.redBlackLists();
    this.addSql(`alter table "app_user" add column "version" int not null default 1;`);
    this.addSql(`alter table "grid" add column "version" int not null default 1;`);
  }

  private geometry(): void {
    this.addSql(`create or replace function geo_ring_contains(ring jsonb, lng float8, lat float8) returns boolean
      language sql immutable as $$
        with p as (select (e->>0)::float8 as x, (e->>1)::float8 as y, n, count(*) over () as total
                     from jsonb_array_elements(ring) with ordinality as t(e, n))
        select count(*) % 2 = 1 from p a join p b on b.n = a.n % a.total + 1
         where (a.y > lat) <> (b.y > lat) and lng < (b.x - a.x) * (lat - a.y) / (b.y - a.y) + a.x
      $$;`);
    this.addSql(`create or replace function geo_polygon_contains(rings jsonb, lng float8, lat float8) returns boolean
      language sql immutable as $$
        select geo_ring_contains(rings->0, lng, lat) and not exists (
          select 1 from jsonb_array_elements(rings) with ordinality as t(r, n) where n > 1 and geo_ring_contains(r, lng, lat))
      $$;`);
    this
      .addSql(`create or replace function geo_boundary_contains(boundary jsonb, lng float8, lat float8) returns boolean
      language sql immutable as $$
        select case boundary->>'type'
          when 'Polygon' then geo_polygon_contains(boundary->'coordinates', lng, lat)
          when 'MultiPolygon' then exists (select 1 from jsonb_array_elements(boundary->'coordinates') as poly
                                            where geo_polygon_contains(poly, lng, lat))
          else false end
      $$;`);
    this.addSql(`create or replace function geo_metres_between(lng1 float8, lat1 float8, lng2 float8, lat2 float8)
      returns float8 language sql immutable as $$
        select 2 * 6371008.8 * asin(sqrt(power(sin(radians(lat2 - lat1) / 2), 2)
             + cos(radians(lat1)) * cos(radians(lat2)) * power(sin(radians(lng2 - lng1) / 2), 2)))
      $$;`);
  }

  private patrols(): void {
    this.addSql(`alter table "patrol_track" alter column "ended_at" drop not null;`);
    this.addSql(`alter table "patrol_track" add column "client_key" varchar(64) null,
      add column "last_point_at" timestamptz null, add column "grids_covered" int[] not null default '{}';`);
    this
      .addSql(`create unique index "patrol_track_worker_client_key_unique" on "patrol_track" ("worker_id", "client_key")
      where "client_key" is not null;`);
    // One row per batch the app sent: a retried batch (same sequence) is the same row, whatever order they came in.
    this
      .addSql(`create table "patrol_batch" ("track_id" int not null references "patrol_track" ("id") on delete cascade,
      "sequence" int not null, "points" jsonb not null, "received_at" timestamptz not null default now(),
      primary key ("track_id", "sequence"));`);
  }

  private assessments(): void {
    for (const part of [
      'leader_nomination',
      'community_score',
      'street_review',
      'patrol_compliance',
      'satisfaction_spot_check',
      'case_timeliness',
      'total',
    ])
      this.addSql(`alter table "assessment" alter column "${part}" drop not null;`);
    this.addSql(`alter table "assessment" add column "explanation" jsonb not null default '[]',
      add column "version" int not null default 1;`);
    this.addSql(`create table "assessment_weights" ("id" serial primary key, "period" varchar(10) not null unique,
      "leader_nomination" real not null, "community_score" real not null, "street_review" real not null,
      "patrol_compliance" real not null, "satisfaction_spot_check" real not null, "case_timeliness" real not null,
      "set_by_id" int null references "app_user" ("id") on delete set null, "set_at" timestamptz not null default now());`);
  }

  private redBlackLists(): void {
    this
      .addSql(`create table "red_black_list" ("id" serial primary key, "street_id" int not null references "grid" ("id"),
      "street_path" varchar(200) not null, "period" varchar(10) not null, "size" smallint not null,
      "published_by_id" int null references "app_user" ("id"), "published_at" timestamptz not null default now(),
      constraint "red_black_list_street_period_unique" unique ("street_id", "period"));`);
    this.addSql(`create index "red_black_list_street_path_index" on "red_black_list" ("street_path");`);
    this.addSql(`create table "red_black_entry" ("id" serial primary key,
      "list_id" int not null references "red_black_list" ("id"), "worker_id" int not null references "worker" ("id"),
      "worker_name" varchar(50) not null, "rank" int not null, "side" varchar(5) null, "total" real not null,
      constraint "red_black_entry_list_worker_unique" unique ("list_id", "worker_id"));`);
    // Published means final: the database itself refuses to change or remove a list or its entries.
    this.addSql(`create or replace function refuse_published_change() returns trigger language plpgsql as $$
      begin raise exception 'a published red/black list never changes' using errcode = 'check_violation'; end $$;`);
    for (const table of ['red_black_list', 'red_black_entry'])
      this.addSql(`create trigger "${table}_immutable" before update or delete on "${table}"
        for each row execute function refuse_published_change();`);
  }
}
