import { createHash } from 'node:crypto';
import { validate } from 'class-validator';
import { GraphQLError } from 'graphql';
import { toGlobalId } from '../../common/global-id';
import { runSql } from '../../db/sql';
import type { Grid } from '../grid/grid.entity';
import type { RequestContext } from '../request-context';
import { RegisterResidentInput } from '../resident/resident-registry.inputs';
import { ResidentRegistryService } from '../resident/resident-registry.service';
import { RESIDENT_COLUMNS, SheetRow } from '../../common/resident-sheet';
import { Gender, ResidenceType } from '../resident/resident.entity';

/** Why one row of an import was not registered: its row number, the column's argument, the reason. */
export interface RowError {
  row: number;
  column: string;
  code: string;
  reason: string;
}

export interface ImportJob {
  id: string;
  status: 'QUEUED' | 'RUNNING' | 'DONE' | 'FAILED';
  totalRows: number;
  processedRows: number;
  committedRows: number;
  failedRows: number;
  errors: RowError[];
}

interface JobRow {
  id: number;
  status: ImportJob['status'];
  total_rows: number;
  processed_rows: number;
  committed_rows: number;
  failed_rows: number;
  errors: RowError[];
}

/** Progress is written every this many rows, so a poll sees it move without a write per row. */
const PROGRESS_EVERY = 25;

/** A job without progress for this long was left by a server that stopped; a retry takes it over. */
const STALE_AFTER = '2 minutes';

/** Imports currently running in this process, so a server stops only after they end. */
const running = new Set<Promise<void>>();

/**
 * A job for this caller, grid and file: the existing one when the same file was sent before (a retry
 * starts nothing), else a new one queued to run after the response. A job left unfinished by a stopped
 * server (no progress for STALE_AFTER) or stopped by an internal error is claimed again by the retry and
 * run from the top: the rows it registered answer from their client keys' receipts, so nobody is
 * registered twice.
 */
export async function startImport(
  ctx: RequestContext,
  grid: Grid,
  bytes: Buffer,
  rows: SheetRow[],
): Promise<{ id: string; fresh: boolean }> {
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const userId = ctx.policy.principal.userId;
  const [created] = await runSql<{ id: number }[]>(
    ctx.em,
    `insert into resident_import (user_id, grid_id, sha256) values (?, ?, ?)
     on conflict on constraint resident_import_once do nothing returning id`,
    [userId, grid.id, sha256],
  );
  const [claimed] = created
    ? [created]
    : await runSql<{ id: number; stale: boolean }[]>(
        ctx.em,
        `update resident_import r set updated_at = now()
           from (select id, (status = 'FAILED' or status in ('QUEUED', 'RUNNING') and updated_at < now() - ?::interval)
                          as stale
                   from resident_import where user_id = ? and grid_id = ? and sha256 = ? for update) e
          where r.id = e.id returning r.id, e.stale`,
        [STALE_AFTER, userId, grid.id, sha256],
      );
  const fresh = created !== undefined || (claimed as { stale?: boolean }).stale === true;
  if (fresh) {
    const job = runImport(ctx, claimed.id, grid, rows, sha256).finally(() => running.delete(job));
    running.add(job);
  }
  return { id: toGlobalId('ResidentImport', claimed.id), fresh };
}

/** Waits for the imports still running (at shutdown). */
export async function importsSettled(): Promise<void> {
  await Promise.allSettled([...running]);
}

/** The caller's own job; someone else's is not found. */
export async function importJobOf(ctx: RequestContext, id: number): Promise<ImportJob | null> {
  const [row] = await runSql<JobRow[]>(
    ctx.em,
    `select id, status, total_rows, processed_rows, committed_rows, failed_rows, errors
       from resident_import where id = ? and user_id = ?`,
    [id, ctx.policy.principal.userId],
  );
  if (!row) return null;
  return {
    id: toGlobalId('ResidentImport', row.id),
    status: row.status,
    totalRows: row.total_rows,
    processedRows: row.processed_rows,
    committedRows: row.committed_rows,
    failedRows: row.failed_rows,
    errors: row.errors,
  };
}

async function runImport(ctx: RequestContext, jobId: number, grid: Grid, rows: SheetRow[], sha256: string) {
  await new Promise((resolve) => setImmediate(resolve));
  const progress = { processed: 0, committed: 0, errors: [] as RowError[] };
  try {
    await save(ctx, jobId, 'RUNNING', rows.length, progress);
    const registry = new ResidentRegistryService(ctx);
    for (const row of rows) {
      const error = await importRow(registry, row, grid, `imp.${sha256.slice(0, 24)}.${grid.id}.${row.row}`);
      if (error) progress.errors.push(error);
      else progress.committed += 1;
      progress.processed += 1;
      if (progress.processed % PROGRESS_EVERY === 0) await save(ctx, jobId, 'RUNNING', rows.length, progress);
    }
    await save(ctx, jobId, 'DONE', rows.length, progress);
  } catch (error) {
    // Rows committed so far stay committed; sending the file again runs the job again from the top.
    console.error(`resident import ${jobId} failed: ${error instanceof Error ? error.message : String(error)}`);
    const reason = 'the import stopped on an internal error; send the file again to resume it';
    progress.errors.push({ row: 0, column: 'file', code: 'INTERNAL_SERVER_ERROR', reason });
    await save(ctx, jobId, 'FAILED', rows.length, progress).catch(() => undefined);
  }
}

/**
 * One row, registered exactly as `registerResident` would register it: the input's own checks, then the
 * registry service (its policy check, validation, change history, one transaction). The client key made
 * of the file and row number makes a rerun answer with the first registration instead of a second one.
 */
async function importRow(
  registry: ResidentRegistryService,
  row: SheetRow,
  grid: Grid,
  clientKey: string,
): Promise<RowError | null> {
  const { values } = row;
  const gender = genderOf(values.gender);
  if (!gender) return rowError(row, 'gender', 'BAD_USER_INPUT', 'must be MALE or FEMALE (男/女)');
  const residenceType = residenceTypeOf(values.residenceType);
  if (!residenceType) return rowError(row, 'residenceType', 'BAD_USER_INPUT', 'must be one of the listed types');
  const input = Object.assign(new RegisterResidentInput(), {
    ...values,
    grid: grid.globalId,
    gender,
    residenceType,
    phone: values.phone ?? null,
    clientKey,
  });
  const [invalid] = await validate(input);
  if (invalid) return rowError(row, invalid.property, 'BAD_USER_INPUT', Object.values(invalid.constraints ?? {})[0]);
  try {
    await registry.register(input);
    return null;
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const column = String(error.extensions.argumentName ?? 'row').replace(/^input\./, '');
    return rowError(row, column, String(error.extensions.code), error.message.replace(/^input\.\w+: /, ''));
  }
}

function rowError(row: SheetRow, argument: string, code: string, reason: string | undefined): RowError {
  const index = RESIDENT_COLUMNS.findIndex((column) => column.argument === argument);
  const column = index >= 0 ? `${String.fromCharCode(65 + index)} ${argument}` : argument;
  return { row: row.row, column, code, reason: reason ?? 'invalid' };
}

function save(ctx: RequestContext, id: number, status: ImportJob['status'], total: number, progress: Progress) {
  return runSql(
    ctx.em,
    `update resident_import set status = ?, total_rows = ?, processed_rows = ?, committed_rows = ?,
       failed_rows = ?, errors = ?::jsonb, updated_at = now(), finished_at = case when ? in ('DONE', 'FAILED') then now() end
     where id = ?`,
    [
      status,
      total,
      progress.processed,
      progress.committed,
      progress.errors.length,
      JSON.stringify(progress.errors),
      status,
      id,
    ],
  );
}

interface Progress {
  processed: number;
  committed: number;
  errors: RowError[];
}

const GENDERS: Record<string, Gender> = {
  MALE: Gender.MALE,
  FEMALE: Gender.FEMALE,
  男: Gender.MALE,
  女: Gender.FEMALE,
};

/** The gender a cell names, in English or Chinese; undefined when it names none. */
export function genderOf(text: string | undefined): Gender | undefined {
  return text === undefined ? undefined : GENDERS[text.toUpperCase()];
}

export function residenceTypeOf(text: string | undefined): ResidenceType | undefined {
  const upper = text?.toUpperCase();
  return Object.values(ResidenceType).find((value) => value === upper);
}
