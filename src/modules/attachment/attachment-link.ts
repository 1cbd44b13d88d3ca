import type { EntityManager } from '@mikro-orm/postgresql';
import { badInput } from '../../common/errors';
import { idOfType } from '../../common/global-id';
import { withoutRowPolicy } from '../../policy/row-filter';
import type { Case } from '../case/case.entity';
import { Attachment } from './attachment.entity';
import type { Visit } from '../worker/visit.entity';
import { CaseAttachment } from './case-attachment.entity';
import { VisitAttachment } from './visit-attachment.entity';

/** One command attaches at most this many files. */
const MAX_PER_COMMAND = 9;

/**
 * Claims the caller's own uploads named by a command, inside the command's transaction: each must be the
 * caller's, not yet attached elsewhere; anything else is BAD_USER_INPUT naming the argument and nothing of
 * the command is written. Uploads are not rows of the schema: this uploader check is their whole rule.
 */
export async function claimUploads(
  em: EntityManager,
  uploaderId: number,
  ids: readonly string[] | null | undefined,
  argumentName: string,
): Promise<Attachment[]> {
  if (!ids?.length) return [];
  if (ids.length > MAX_PER_COMMAND) throw badInput(argumentName, `at most ${MAX_PER_COMMAND} attachments at once`);
  const wanted = [...new Set(ids.map((id) => idOfType(id, 'Attachment', argumentName)))];
  const uploads = await em.find(
    Attachment,
    { id: { $in: wanted }, uploader: uploaderId, attachedAt: null },
    withoutRowPolicy(),
  );
  if (uploads.length !== wanted.length)
    throw badInput(argumentName, 'name only your own uploads that are not attached yet');
  const now = new Date();
  for (const upload of uploads) upload.attachedAt = now;
  return uploads;
}

/** Attaches the named uploads to a case, in the transaction of the command that names them. */
export async function attachToCase(
  em: EntityManager,
  kase: Case,
  uploaderId: number,
  ids: readonly string[] | null | undefined,
): Promise<void> {
  for (const upload of await claimUploads(em, uploaderId, ids, 'input.attachmentIds')) {
    em.persist(
      Object.assign(new CaseAttachment(), {
        case: kase,
        attachment: upload,
        sensitive: kase.sensitive,
        contentType: upload.contentType,
        byteSize: upload.byteSize,
        attachedAt: upload.attachedAt,
      }),
    );
  }
}

/** Keeps the named uploads with a visit, in the transaction of the command that records the visit. */
export async function attachToVisit(
  em: EntityManager,
  visit: Visit,
  uploaderId: number,
  ids: readonly string[] | null | undefined,
): Promise<VisitAttachment[]> {
  return (await claimUploads(em, uploaderId, ids, 'input.attachmentIds')).map((upload) => {
    const link = Object.assign(new VisitAttachment(), {
      visit,
      attachment: upload,
      contentType: upload.contentType,
      byteSize: upload.byteSize,
      attachedAt: upload.attachedAt,
    });
    em.persist(link);
    return link;
  });
}
