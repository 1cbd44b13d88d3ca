import { createHash, randomUUID } from 'node:crypto';
import express, { type ErrorRequestHandler, type Request, type RequestHandler, type Response } from 'express';
import { GraphQLError } from 'graphql';
import { AccessAction, AccessOutcome } from '../../audit/access-log.enums';
import type { AccessEntry } from '../../audit/access-recorder';
import { appendAccessEntries } from '../../audit/access-log.writer';
import { toGlobalId, parseGlobalId } from '../../common/global-id';
import { elevatedName, FieldTier } from '../../common/tiers';
import { withoutRowPolicy } from '../../policy/row-filter';
import type { ContextFactory, RequestContext } from '../request-context';
import { Attachment } from './attachment.entity';
import { cleanContent } from './attachment-content';
import type { AttachmentStorage } from './attachment-storage';
import { CaseAttachment } from './case-attachment.entity';
import { VisitAttachment } from './visit-attachment.entity';

export interface AttachmentDeps {
  createContext: ContextFactory;
  storage: AttachmentStorage;
  maxBytes: number;
}

class Refusal extends Error {
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
 * `POST /attachments` (the body is the file itself, any content type; bearer token as for /graphql) answers
 * 201 with `{ id }`, the id a command's `attachmentIds` then names. `GET /attachments/:id` downloads an
 * attached file where its case or visit is visible, at the tier of the case's account or of the visit's
 * notes, each download logged as a READ.
 */
export function attachmentRoutes(deps: AttachmentDeps): express.Router {
  const router = express.Router();
  const body = express.raw({ type: () => true, limit: deps.maxBytes });
  router.post('/', body, handle(deps, upload));
  router.get('/:id', handle(deps, download));
  router.use(tooLarge(deps.maxBytes));
  return router;
}

type Step = (deps: AttachmentDeps, ctx: RequestContext, req: Request, res: Response) => Promise<void>;

function handle(deps: AttachmentDeps, step: Step): RequestHandler {
  return async (req, res) => {
    try {
      await step(deps, await authenticate(deps, req), req, res);
    } catch (error) {
      if (error instanceof Refusal) return refuse(res, error);
      if (error instanceof GraphQLError && error.extensions.code === 'BAD_USER_INPUT')
        return refuse(res, new Refusal(400, 'BAD_USER_INPUT', error.message, 'file'));
      console.error(`attachment request failed: ${error instanceof Error ? error.message : String(error)}`);
      refuse(res, new Refusal(500, 'INTERNAL_SERVER_ERROR', 'The attachment could not be handled'));
    }
  };
}

async function upload(deps: AttachmentDeps, ctx: RequestContext, req: Request, res: Response): Promise<void> {
  const { policy } = ctx;
  // Whoever may report, handle or verify a case or record a visit may bring a photo; the command checks the row.
  const mayAttach =
    (['report', 'handle', 'verify'] as const).some((action) => policy.can(action, 'Case')) ||
    policy.can('create', 'Visit');
  if (!mayAttach) {
    await log(ctx, 'POST /attachments', denied('Attachment', null, `${policy.principal.role}.upload.Attachment`));
    throw new Refusal(403, 'FORBIDDEN', 'Your post may not upload attachments');
  }
  const bytes = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
  if (bytes.length === 0)
    throw new Refusal(400, 'BAD_USER_INPUT', 'file: the request body is the file; it is empty', 'file');
  const clean = await cleanContent(bytes);
  const storageKey = randomUUID();
  await deps.storage.put(storageKey, clean.bytes);
  const row = Object.assign(new Attachment(), {
    uploader: ctx.em.getReference('User', policy.principal.userId),
    contentType: clean.contentType,
    byteSize: clean.bytes.length,
    sha256: createHash('sha256').update(clean.bytes).digest('hex'),
    storageKey,
  });
  await ctx.em.persistAndFlush(row);
  res.status(201).json({ id: toGlobalId('Attachment', row.id), contentType: row.contentType, byteSize: row.byteSize });
}

/** The two kinds of link a download may name, each with the tier its content has. */
const LINKS = {
  CaseAttachment: {
    entity: CaseAttachment,
    risen: (link: Link) => (link as CaseAttachment).sensitive,
    tiers: { base: FieldTier.PERSONAL, risen: FieldTier.SENSITIVE },
  },
  VisitAttachment: {
    entity: VisitAttachment,
    risen: (link: Link) => (link as VisitAttachment).restricted === true,
    tiers: { base: FieldTier.SENSITIVE, risen: FieldTier.RESTRICTED },
  },
} as const;

type LinkType = keyof typeof LINKS;
type Link = CaseAttachment | VisitAttachment;
const OPERATION = 'GET /attachments';

async function download(deps: AttachmentDeps, ctx: RequestContext, req: Request, res: Response): Promise<void> {
  const { type, link } = await visibleLink(ctx, String(req.params.id));
  const stored = await ctx.em.findOneOrFail(Attachment, { id: link.attachment.id }, withoutRowPolicy());
  const bytes = await deps.storage.get(stored.storageKey);
  const read = { ...readEntry(type, link.id), ...ctx.policy.explainRow(type, link) };
  try {
    await log(ctx, OPERATION, read);
  } catch {
    throw new Refusal(503, 'AUDIT_UNAVAILABLE', 'The access log cannot record this download now; nothing was sent');
  }
  res
    .status(200)
    .set({
      'content-type': stored.contentType,
      'content-disposition': 'attachment',
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
    })
    .send(bytes);
}

/** The link the id names, if the caller's row policy shows it and its tier lets the content out; else refused. */
async function visibleLink(ctx: RequestContext, id: string): Promise<{ type: LinkType; link: Link }> {
  const parsed = parseGlobalId(id);
  if (!parsed || !(parsed.typeName in LINKS))
    throw new Refusal(400, 'BAD_USER_INPUT', 'id: must be the global id of a case or visit attachment', 'id');
  const type = parsed.typeName as LinkType;
  const kind = LINKS[type];
  // The caller's row policy: an attachment whose case or visit is out of scope does not exist for the caller.
  const link = await ctx.em.findOne<Link>(kind.entity, { id: parsed.id });
  if (!link) {
    await log(ctx, OPERATION, denied(type, parsed.id, 'row-scope'));
    throw new Refusal(404, 'NOT_FOUND', `${type} ${id} not found`);
  }
  const risen = kind.risen(link);
  const field = risen ? elevatedName('download') : 'download';
  if (ctx.policy.fieldAccess(type, field, risen ? kind.tiers.risen : kind.tiers.base) !== 'FULL') {
    const rule = `${ctx.policy.principal.role}.${type}.${field}`;
    await log(ctx, OPERATION, denied(type, link.id, rule));
    throw new Refusal(403, 'FORBIDDEN', `${type}.download is not visible to your post`);
  }
  return { type, link };
}

function readEntry(entityType: LinkType, id: number): Omit<AccessEntry, 'basis' | 'rule'> {
  return {
    action: AccessAction.READ,
    entityType,
    entityId: id,
    fields: ['download'],
    outcome: AccessOutcome.FULL,
  };
}

function denied(entityType: string, entityId: number | null, rule: string): AccessEntry {
  return {
    action: AccessAction.READ,
    entityType,
    entityId,
    fields: ['*'],
    outcome: AccessOutcome.DENIED,
    basis: 'ROLE_SCOPE',
    rule,
  };
}

function log(ctx: RequestContext, operationName: string, entry: AccessEntry): Promise<void> {
  const principal = ctx.policy.principal;
  const actor = {
    requestId: ctx.requestId,
    operationName,
    userId: principal.userId,
    role: principal.role,
    departmentId: principal.departmentId,
    clientAddress: ctx.clientAddress,
    purpose: ctx.purpose,
  };
  return appendAccessEntries(ctx.em, actor, [entry], ctx.config.AUDIT_WAIT_MS);
}

async function authenticate(deps: AttachmentDeps, req: Request): Promise<RequestContext> {
  let ctx: RequestContext;
  try {
    ctx = await deps.createContext({ headers: req.headers, clientAddress: req.socket.remoteAddress ?? null });
  } catch (error) {
    if (error instanceof GraphQLError && error.extensions.code === 'UNAUTHENTICATED')
      throw new Refusal(401, 'UNAUTHENTICATED', error.message);
    throw error;
  }
  if (!ctx.authenticated) throw new Refusal(401, 'UNAUTHENTICATED', 'A valid bearer token is required');
  return ctx;
}

function tooLarge(maxBytes: number): ErrorRequestHandler {
  return (error: { type?: string }, _req, res, next) => {
    if (error?.type !== 'entity.too.large') return next(error);
    refuse(res, new Refusal(413, 'BAD_USER_INPUT', `file: at most ${maxBytes} bytes`, 'file'));
  };
}

function refuse(res: Response, refusal: Refusal): void {
  const extensions = { code: refusal.code, ...(refusal.argumentName ? { argumentName: refusal.argumentName } : {}) };
  res.status(refusal.status).json({ errors: [{ message: refusal.message, extensions }] });
}
