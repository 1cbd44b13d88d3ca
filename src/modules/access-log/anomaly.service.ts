import { raw } from '@mikro-orm/core';
import type { FilterQuery, QBFilterQuery } from '@mikro-orm/postgresql';
import { runSql } from '../../db/sql';
import type { RequestContext } from '../request-context';
import { EmergencyAccess } from '../delegation/emergency-access.entity';
import { AccessAnomaly, AnomalyKind } from './access-log-review.types';
import { AccessLog } from './access-log.entity';
import { AccessOutcome } from '../../audit/access-log.enums';
import { noteLogRead } from './review-audit';
import { assertPeriod, assertReviewer } from './reviewer';

interface Query {
  sql: string;
  params: readonly unknown[];
}

interface PatternRow {
  actor: number;
  windowStart: Date;
  windowEnd: Date;
  count: number;
}

/**
 * Windows of `minutes` starting at each of an actor's entries, kept when `measure` reaches `atLeast`;
 * overlapping windows of one actor merge into one episode, reported with its peak. Sliding rather than
 * clock-aligned windows, so a burst straddling a boundary is not split below the threshold. A window
 * needs at least `atLeast` entries whatever it measures, so one sort finds the few starts worth measuring.
 */
function slidingWindows(reads: Query, measure: string, minutes: number, atLeast: number): Query {
  const sql = `with reads as not materialized (${reads.sql}),
    starts as (
      select distinct actor, at from (
        select actor, at, count(*) over (partition by actor order by at range between current row and make_interval(mins => ?) following) as entries
          from reads) counted
       where entries >= ?),
    windows as (
      select s.actor, s.at as window_start, w.last_at, w.n
        from starts s
        cross join lateral (select ${measure} as n, max(r.at) as last_at from reads r
                             where r.actor = s.actor and r.at >= s.at and r.at < s.at + make_interval(mins => ?)) w
       where w.n >= ?),
    marked as (
      select *, case when window_start <= max(last_at) over (partition by actor order by window_start
                                          rows between unbounded preceding and 1 preceding) then 0 else 1 end as fresh
        from windows),
    episodes as (select *, sum(fresh) over (partition by actor order by window_start) as episode from marked)
    select actor, min(window_start) as "windowStart", max(last_at) as "windowEnd", max(n)::int as "count"
      from episodes group by actor, episode order by "windowStart"`;
  return { sql, params: [...reads.params, minutes, atLeast, minutes, atLeast] };
}

/** Reads outside working hours, one flag per actor and local day; hours may wrap midnight (22:00-06:00). */
function offHours(reads: Query, timeZone: string, workingHours: string): Query {
  const [opens, closes] = workingHours.split('-');
  const sql = `with reads as (${reads.sql}),
    local as (select actor, at, (at at time zone ?) as local_at from reads),
    hours as (select ?::time as opens, ?::time as closes)
    select actor, min(at) as "windowStart", max(at) as "windowEnd", count(*)::int as "count"
      from local cross join hours h
     where not (case when h.opens <= h.closes then local_at::time >= h.opens and local_at::time < h.closes
                     else local_at::time >= h.opens or local_at::time < h.closes end)
     group by actor, local_at::date order by "windowStart"`;
  return { sql, params: [...reads.params, timeZone, opens, closes] };
}

/** An emergency access no longer in force (closed early or expired) with no verdict yet. */
function endedUnreviewed(now: Date): Record<string, unknown> {
  return { review: null, $or: [{ closedAt: { $ne: null } }, { expiresAt: { $lte: now } }] };
}

/** Flags patterns in the access log over a period (contract §8), with the thresholds of the configuration. */
export class AnomalyService {
  constructor(private readonly ctx: RequestContext) {}

  async anomalies(from: Date, to: Date): Promise<AccessAnomaly[]> {
    assertReviewer(this.ctx.policy, 'see access-log anomalies');
    assertPeriod(from, to);
    const found = [...(await this.logPatterns(from, to)), ...(await this.unreviewedEmergencies(from, to))];
    noteLogRead(this.ctx, [null], ['actorUserId', 'occurredAt', 'entityId', 'outcome', 'basis']);
    return found.sort((a, b) => a.windowStart.getTime() - b.windowStart.getTime() || a.kind.localeCompare(b.kind));
  }

  private async logPatterns(from: Date, to: Date): Promise<AccessAnomaly[]> {
    const c = this.ctx.config;
    const reads = this.reads(from, to, { outcome: { $ne: AccessOutcome.DENIED } });
    const subjectReads = this.reads(from, to, {
      outcome: { $ne: AccessOutcome.DENIED },
      $or: [{ entityId: { $ne: null } }, { subjectIds: { $ne: null } }],
    });
    const refusals = this.reads(from, to, { outcome: AccessOutcome.DENIED });
    const patterns: [AnomalyKind, Query][] = [
      // "More than N subjects" is "at least N + 1".
      [
        AnomalyKind.BULK_READ,
        slidingWindows(
          subjectReads,
          'count(distinct r.subject)',
          c.ACCESS_LOG_BULK_READ_MINUTES,
          c.ACCESS_LOG_BULK_READ_SUBJECTS + 1,
        ),
      ],
      [AnomalyKind.OFF_HOURS, offHours(reads, c.ACCESS_LOG_TIMEZONE, c.ACCESS_LOG_WORKING_HOURS)],
      [
        AnomalyKind.DENIED_BURST,
        slidingWindows(refusals, 'count(*)', c.ACCESS_LOG_DENIED_BURST_MINUTES, c.ACCESS_LOG_DENIED_BURST),
      ],
    ];
    const flags: AccessAnomaly[] = [];
    for (const [kind, query] of patterns) {
      const rows = await runSql<PatternRow[]>(this.ctx.em, query.sql, [...query.params]);
      for (const row of rows) {
        flags.push({
          kind,
          actorUserId: row.actor,
          emergencyAccessId: null,
          windowStart: new Date(row.windowStart),
          windowEnd: new Date(row.windowEnd),
          count: row.count,
        });
      }
    }
    return flags;
  }

  /** The caller's visible entries of the period with an actor: who, when, about what. */
  private reads(from: Date, to: Date, condition: object): Query {
    const where = this.ctx.policy.scoped('AccessLog', {
      occurredAt: { $gte: from, $lt: to },
      actorUserId: { $ne: null },
      ...condition,
    });
    const qb = this.ctx.em
      .createQueryBuilder(AccessLog, 'a')
      .select([
        raw('a.actor_user_id as actor'),
        raw('a.occurred_at as at'),
        // One row per subject: an entry covering several counts for each of them.
        raw(`a.entity_type || ':' || unnest(coalesce(a.subject_ids, array[a.entity_id])) as subject`),
      ])
      .where(where as QBFilterQuery<AccessLog>);
    // Knex's form keeps '?' placeholders, which compose with the rest of the statement's.
    const { sql, bindings } = qb.getKnexQuery().toSQL();
    return { sql, params: bindings };
  }

  /** Emergency accesses that have ended and await a privacy officer's verdict, oldest first (contract §7). */
  reviewQueue(): Promise<EmergencyAccess[]> {
    const policy = this.ctx.policy;
    policy.assertCan('review', 'EmergencyAccess', 'review emergency access');
    const where = policy.scoped('EmergencyAccess', endedUnreviewed(new Date())) as FilterQuery<EmergencyAccess>;
    return this.ctx.em.find(EmergencyAccess, where, { orderBy: { openedAt: 'asc', id: 'asc' } });
  }

  /** Emergency accesses opened in the period that have ended (closed or expired) and still await a verdict. */
  private async unreviewedEmergencies(from: Date, to: Date): Promise<AccessAnomaly[]> {
    const opened = { ...endedUnreviewed(new Date()), openedAt: { $gte: from, $lt: to } };
    const where = this.ctx.policy.scoped('EmergencyAccess', opened) as FilterQuery<EmergencyAccess>;
    const accesses = await this.ctx.em.find(EmergencyAccess, where, { orderBy: { openedAt: 'asc' } });
    const logged = await this.entriesUnder(accesses);
    return accesses.map((access) => ({
      kind: AnomalyKind.UNREVIEWED_EMERGENCY,
      actorUserId: access.user.id,
      emergencyAccessId: access.id,
      windowStart: access.openedAt,
      windowEnd: access.closedAt && access.closedAt < access.expiresAt ? access.closedAt : access.expiresAt,
      count: logged.get(`EMERGENCY:${access.id}`) ?? 0,
    }));
  }

  /** Entries logged under each emergency access, counted from its opening on (where its entries can be). */
  private async entriesUnder(accesses: EmergencyAccess[]): Promise<Map<string, number>> {
    if (accesses.length === 0) return new Map();
    const bases = accesses.map((access) => `EMERGENCY:${access.id}`);
    const where = this.ctx.policy.scoped('AccessLog', {
      basis: { $in: bases },
      occurredAt: { $gte: accesses[0].openedAt },
    });
    const rows = await this.ctx.em
      .createQueryBuilder(AccessLog, 'a')
      .select([raw('a.basis as basis'), raw('count(*)::int as n')])
      .where(where as QBFilterQuery<AccessLog>)
      .groupBy(raw('a.basis'))
      .execute<{ basis: string; n: number }[]>('all');
    return new Map(rows.map((row) => [row.basis, row.n]));
  }
}
