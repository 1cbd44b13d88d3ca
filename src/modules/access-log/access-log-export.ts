import type { Request, RequestHandler, Response } from 'express';
import { GraphQLError } from 'graphql';
import type { ContextFactory, RequestContext } from '../request-context';
import { AccessAction, AccessOutcome } from '../../audit/access-log.enums';
import { AccessLogFilter } from './access-log.inputs';
import { AccessLogService } from './access-log.service';
import { appendAccessEntries } from '../../audit/access-log.writer';
import { copyStatement, EXPORTED_COLUMNS, ExportConnection, ExportFormat } from './access-log-copy';
import type { AccessEntry } from '../../audit/access-recorder';
import { DATE_RANGE_MESSAGE, isCalendarDate, isStorableDate } from '../../common/dates';

export interface ExportDeps {
  /** The same bearer-token check, principal, policy and row policy as a GraphQL request. */
  createContext: ContextFactory;
}

const PARAMETERS = ['format', 'from', 'to', 'actor', 'subject'] as const;
const CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  ndjson: 'application/x-ndjson; charset=utf-8',
};

/** An answer other than the export, in the shape of a GraphQL error so clients handle both alike. */
class ExportRefusal extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly argumentName?: string,
  ) {
    super(message);
  }
}

/**
 * GET /exports/access-logs?format=csv|ndjson&from=&to=&actor=&subject= (contract §8): the entries a reviewer
 * may see, filtered like the accessLogs query, streamed as they are read. The export is itself logged,
 * before the first row leaves; if that entry cannot be committed, nothing is sent (fail closed).
 */
export function accessLogExport(deps: ExportDeps): RequestHandler {
  return async (req, res) => {
    try {
      await exportAccessLogs(deps, req, res);
    } catch (error) {
      if (error instanceof ExportRefusal) refuse(res, error);
      else if (res.headersSent) res.destroy(error instanceof Error ? error : undefined);
      else {
        console.error(`access-log export failed: ${error instanceof Error ? error.message : String(error)}`);
        refuse(res, new ExportRefusal(500, 'INTERNAL_SERVER_ERROR', 'The export failed'));
      }
    }
  };
}

async function exportAccessLogs(deps: ExportDeps, req: Request, res: Response): Promise<void> {
  const { format, filter } = parseParameters(req.query);
  const ctx = await authenticate(deps, req);
  const policy = ctx.policy;
  if (!policy.can('review', 'AccessLog')) {
    await recordRefusal(deps, ctx);
    throw new ExportRefusal(403, 'FORBIDDEN', 'Your post may not export the access log');
  }
  const statement = copyStatement(ctx.em, policy.scoped('AccessLog', accessLogConditions(ctx, filter)), format);
  const connection = new ExportConnection(ctx.em.config.get('clientUrl')!);
  try {
    // Connected first, so an export that is logged is one that can run.
    await connection.open();
    await recordExport(deps, ctx);
    res.status(200).set({
      'content-type': CONTENT_TYPES[format],
      'content-disposition': `attachment; filename="access-log-${ctx.requestId}.${format}"`,
      'cache-control': 'no-store',
    });
    await connection.copyTo(statement, res);
  } finally {
    await connection.close();
  }
}

function parseParameters(query: Request['query']): { format: ExportFormat; filter: AccessLogFilter } {
  const value = (name: string): string | undefined => {
    const given = query[name];
    if (given === undefined) return undefined;
    if (typeof given !== 'string' || given === '') throw badParameter(name, 'must be given once, with a value');
    return given;
  };
  const unknown = Object.keys(query).find((name) => !(PARAMETERS as readonly string[]).includes(name));
  if (unknown) throw badParameter(unknown, `is not a parameter of this export (${PARAMETERS.join(', ')})`);
  const format = value('format') ?? 'csv';
  if (format !== 'csv' && format !== 'ndjson') throw badParameter('format', 'must be csv or ndjson');
  const from = dateOf('from', value('from'));
  const to = dateOf('to', value('to'));
  if (from && to && to <= from) throw badParameter('to', 'must be after from');
  return {
    format,
    filter: Object.assign(new AccessLogFilter(), { from, to, actor: value('actor'), subject: value('subject') }),
  };
}

function dateOf(name: string, text: string | undefined): Date | null {
  if (text === undefined) return null;
  const date = new Date(text);
  if (!/^\d{4}-\d{2}-\d{2}/.test(text) || !isCalendarDate(text.slice(0, 10)) || !isStorableDate(date))
    throw badParameter(name, `must be an ISO 8601 date or date and time; ${DATE_RANGE_MESSAGE}`);
  return date;
}

const badParameter = (name: string, message: string) =>
  new ExportRefusal(400, 'BAD_USER_INPUT', `${name}: ${message}`, name);

async function authenticate(deps: ExportDeps, req: Request): Promise<RequestContext> {
  let ctx: RequestContext;
  try {
    ctx = await deps.createContext({ headers: req.headers, clientAddress: req.socket.remoteAddress ?? null });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED')
      throw new ExportRefusal(401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
  if (!ctx.authenticated) throw new ExportRefusal(401, 'UNAUTHENTICATED', 'A valid bearer token is required');
  return ctx;
}

/**
 * The accessLogs query's filter, built by AccessLogService so that a list and an export of the same filter
 * always hold the same entries. Its id errors name `filter.actor`; here the parameter is `actor`.
 */
function accessLogConditions(ctx: RequestContext, filter: AccessLogFilter): Record<string, unknown> {
  const service = new AccessLogService(ctx);
  try {
    return service.filterQuery(filter);
  } catch (error) {
    if (!(error instanceof GraphQLError) || error.extensions.code !== 'BAD_USER_INPUT') throw error;
    const name = String(error.extensions.argumentName ?? '').replace(/^filter\./, '');
    throw badParameter(name, error.message.replace(/^[\w.]+: /, ''));
  }
}

function exportEntry(outcome: AccessOutcome, fields: string[]): Omit<AccessEntry, 'basis' | 'rule'> {
  return { action: AccessAction.EXPORT, entityType: 'AccessLog', entityId: null, fields, outcome };
}

/** Fail closed: no entry leaves unless the export's own entry is committed first. */
async function recordExport(deps: ExportDeps, ctx: RequestContext): Promise<void> {
  const entry = { ...exportEntry(AccessOutcome.FULL, EXPORTED_COLUMNS), ...ctx.policy.explainRow('AccessLog', {}) };
  try {
    await record(deps, ctx, entry);
  } catch (error) {
    console.error(`access log unavailable, export refused: ${error instanceof Error ? error.message : String(error)}`);
    throw new ExportRefusal(
      503,
      'AUDIT_UNAVAILABLE',
      'The access log cannot record this export now; nothing was exported',
    );
  }
}

/** A refused export is a DENIED attempt (contract §8); the refusal stands even if it cannot be logged. */
async function recordRefusal(deps: ExportDeps, ctx: RequestContext): Promise<void> {
  const rule = `${ctx.policy.principal.role}:review.AccessLog`;
  try {
    await record(deps, ctx, { ...exportEntry(AccessOutcome.DENIED, ['*']), basis: 'ROLE_SCOPE', rule });
  } catch (error) {
    console.error(
      `access log unavailable, refused export not logged: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
}

function record(deps: ExportDeps, ctx: RequestContext, entry: AccessEntry): Promise<void> {
  const principal = ctx.policy.principal;
  const actor = {
    requestId: ctx.requestId,
    operationName: 'GET /exports/access-logs',
    userId: principal.userId,
    role: principal.role,
    departmentId: principal.departmentId,
    clientAddress: ctx.clientAddress,
    purpose: ctx.purpose,
  };
  return appendAccessEntries(ctx.em, actor, [entry], ctx.config.AUDIT_WAIT_MS);
}

function refuse(res: Response, refusal: ExportRefusal): void {
  const extensions = { code: refusal.code, ...(refusal.argumentName ? { argumentName: refusal.argumentName } : {}) };
  res.status(refusal.status).json({ errors: [{ message: refusal.message, extensions }] });
}
