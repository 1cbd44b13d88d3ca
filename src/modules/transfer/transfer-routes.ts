import express from 'express';
import { GraphQLError } from 'graphql';
import { AccessAction } from '../../audit/access-log.enums';
import { parseGlobalId } from '../../common/global-id';
import { readResidentSheet, residentTemplate, SheetRow, XLSX_TYPE } from '../../common/resident-sheet';
import type { RequestContext } from '../request-context';
import { residentGrid } from '../resident/resident-registry.service';
import { writeSubject } from '../resident/write-support';
import { exportedCases, exportedResidents } from './export-specs';
import { importJobOf, startImport } from './resident-import.service';
import { csvBytes, ExportSpec, tieredTable, xlsxBytes } from './tiered-export';
import { denied, handle, log, parameter, Refusal, RouteDeps, sendFile, Step, tooLarge } from './transfer-http';
import type { Request, RequestHandler, Response } from 'express';

export interface TransferDeps extends RouteDeps {
  /** The server's request log, for these routes' lines. */
  requestLog: RequestHandler;
  /** The largest spreadsheet an import accepts. */
  maxImportBytes: number;
  /** The most rows one export holds; a wider one must be narrowed by grid. */
  maxExportRows: number;
}

/**
 * Spreadsheets in and out (contract §17), with the bearer token as for /graphql:
 * `GET /templates/residents.xlsx`; `POST /imports/residents?grid=<id>` (the body is the filled template)
 * answers 202 `{ id }`, and `GET /imports/residents/<id>` the job's progress and row errors;
 * `GET /exports/residents|cases?format=xlsx|csv&grid=<id>` the rows at the caller's tiers.
 */
export function transferRoutes(deps: TransferDeps): express.Router {
  const router = express.Router();
  const logged = deps.requestLog;
  router.get('/templates/residents.xlsx', logged, (_req, res, next) => {
    residentTemplate()
      .then((bytes) => sendFile(res, bytes, XLSX_TYPE, 'residents-template.xlsx'))
      .catch(next);
  });
  const body = express.raw({ type: () => true, limit: deps.maxImportBytes });
  router.post('/imports/residents', logged, body, handle(deps, importResidents));
  router.get('/imports/residents/:id', logged, handle(deps, importJob));
  router.get('/exports/residents', logged, handle(deps, exporting(exportedResidents, 'residents')));
  router.get('/exports/cases', logged, handle(deps, exporting(exportedCases, 'cases')));
  router.use(tooLarge(deps.maxImportBytes));
  return router;
}

/** Who may register residents in the grid may import into it; the rows then go through registerResident. */
async function importResidents(_deps: TransferDeps, ctx: RequestContext, req: Request, res: Response) {
  const grid = await residentGrid(ctx, parameter(req, 'grid', true)!, 'grid');
  if (!ctx.policy.can('create', writeSubject('Resident', { gridPath: grid.path }))) {
    await log(
      ctx,
      'POST /imports/residents',
      denied(AccessAction.READ, 'Resident', `${ctx.policy.principal.role}.create.Resident`),
    );
    throw new Refusal(403, 'FORBIDDEN', `Your post may not register residents in grid ${grid.name}`);
  }
  const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  const rows = await sheetRows(bytes);
  const job = await startImport(ctx, grid, bytes, rows);
  res.status(job.fresh ? 202 : 200).json({ id: job.id, rows: rows.length });
}

async function sheetRows(bytes: Buffer): Promise<SheetRow[]> {
  // An xlsx is a zip archive: anything else is refused before the spreadsheet reader sees it.
  if (bytes.length < 4 || bytes.readUInt32LE(0) !== 0x04034b50)
    throw new Refusal(400, 'BAD_USER_INPUT', 'file: the body must be the xlsx template, filled in', 'file');
  try {
    return await readResidentSheet(bytes);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Refusal(400, 'BAD_USER_INPUT', `file: not the resident template (${reason})`, 'file');
  }
}

async function importJob(_deps: TransferDeps, ctx: RequestContext, req: Request, res: Response) {
  const parsed = parseGlobalId(String(req.params.id));
  const job = parsed?.typeName === 'ResidentImport' ? await importJobOf(ctx, parsed.id) : null;
  if (!job) throw new Refusal(404, 'NOT_FOUND', `ResidentImport ${req.params.id} not found`);
  res.status(200).set('cache-control', 'no-store').json(job);
}

/**
 * An export at the caller's tiers. Every row exported is an EXPORT entry, committed before the file is
 * sent: if the log cannot take them, nothing is exported (fail closed).
 */
function exporting<T extends { id: number; globalId: string }>(spec: ExportSpec<T>, name: string): Step<TransferDeps> {
  return async (deps, ctx, req, res) => {
    const operation = `GET /exports/${name}`;
    const format = parameter(req, 'format', false) ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'csv')
      throw new Refusal(400, 'BAD_USER_INPUT', 'format: xlsx or csv', 'format');
    const rows = await loadScoped(ctx, spec, operation, req, deps.maxExportRows);
    const table = tieredTable(ctx, spec, rows);
    const bytes = format === 'csv' ? csvBytes(table) : await xlsxBytes(table, name);
    try {
      if (table.entries.length > 0) await log(ctx, operation, ...table.entries);
    } catch {
      throw new Refusal(503, 'AUDIT_UNAVAILABLE', 'The access log cannot record this export now; nothing was exported');
    }
    const type = format === 'csv' ? 'text/csv; charset=utf-8' : XLSX_TYPE;
    sendFile(res, bytes, type, `${name}-${ctx.requestId}.${format}`);
  };
}

/** The rows the caller's row policy gives; a department without a delegation for its purpose is refused. */
async function loadScoped<T>(
  ctx: RequestContext,
  spec: ExportSpec<T & { id: number; globalId: string }>,
  operation: string,
  req: Request,
  max: number,
) {
  try {
    ctx.policy.rowFilter(spec.type);
  } catch (error) {
    if (!(error instanceof GraphQLError)) throw error;
    const rule = String(error.extensions.rule ?? `${ctx.policy.principal.role}.export.${spec.type}`);
    await log(ctx, operation, denied(AccessAction.EXPORT, spec.type, rule)).catch(() => undefined);
    throw new Refusal(403, String(error.extensions.code ?? 'FORBIDDEN'), error.message);
  }
  const grid = parameter(req, 'grid', false);
  const within = grid === undefined ? null : await residentGrid(ctx, grid, 'grid');
  const rows = await spec.load(ctx, within, max + 1);
  if (rows.length > max)
    throw new Refusal(400, 'BAD_USER_INPUT', `grid: more than ${max} rows; narrow the export to a grid`, 'grid');
  return rows;
}
