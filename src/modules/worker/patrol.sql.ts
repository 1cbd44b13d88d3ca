/**
 * Recomputes a patrol's summary from all its batches in one statement: the fixes ordered by their own
 * time (so batches may come in any order), the haversine distance between consecutive fixes, the time of
 * the latest fix and the level-3 grids of the street whose boundary holds a fix.
 */
export const SUMMARISE_PATROL = `
  with pts as (
    select (e->>0)::float8 as lng, (e->>1)::float8 as lat, (e->>2)::float8 as t, b.sequence, x.n
      from patrol_batch b cross join lateral jsonb_array_elements(b.points) with ordinality as x(e, n)
     where b.track_id = ?),
  steps as (
    select lng, lat, t, sequence, n, lag(lng) over w as plng, lag(lat) over w as plat
      from pts window w as (order by t, sequence, n)),
  summary as (
    select coalesce(sum(geo_metres_between(plng, plat, lng, lat)), 0) as metres, max(t) as last_t,
           coalesce(jsonb_agg(jsonb_build_array(lng, lat, t) order by t, sequence, n), '[]'::jsonb) as points
      from steps),
  covered as (
    select coalesce(array_agg(distinct g.id order by g.id), '{}') as ids
      from grid g join pts p on geo_boundary_contains(g.boundary, p.lng, p.lat)
     where g.level = 3 and g.boundary is not null and g.path like ?)
  update patrol_track t
     set distance_meters = round(s.metres), points = s.points, last_point_at = to_timestamp(s.last_t),
         grids_covered = c.ids
    from summary s, covered c
   where t.id = ?`;

/** Stores a batch once: the same sequence sent again (a retry) changes nothing. */
export const STORE_BATCH = `
  insert into patrol_batch (track_id, sequence, points) values (?, ?, ?::jsonb)
  on conflict (track_id, sequence) do nothing`;
