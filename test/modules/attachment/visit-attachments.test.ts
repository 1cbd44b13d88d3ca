import sharp from 'sharp';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { RecordVisitWithPhotosDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { assignedPaths, globalId, sql } from '../../support/sql';

let api: TestApi;
let base: string;
/** A resident in one of worker.demo's grids (and so in leader.demo's community). */
let resident: string;

beforeAll(async () => {
  api = await startTestApi({ ATTACHMENT_DIR: mkdtempSync(path.join(tmpdir(), 'visit-attachments-')) });
  base = api.url.replace(/\/graphql$/, '');
  const [grid] = await assignedPaths(api, 'worker.demo');
  const [row] = await sql<{ id: number }>(
    api,
    'select id from resident where grid_path like $1 and moved_out_at is null order by id limit 1',
    [`${grid}%`],
  );
  resident = globalId('Resident', row.id);
}, 60_000);
afterAll(() => api?.close());

const photo = () =>
  sharp({ create: { width: 32, height: 24, channels: 3, background: '#c83' } })
    .jpeg()
    .toBuffer();

async function upload(username: string): Promise<string> {
  const response = await fetch(`${base}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.tokenFor(username)}`, 'content-type': 'image/jpeg' },
    body: await photo(),
  });
  expect(response.status).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

async function download(username: string, where: string) {
  const response = await fetch(`${base}${where}`, {
    headers: { authorization: `Bearer ${await api.tokenFor(username)}` },
  });
  return { status: response.status, bytes: Buffer.from(await response.arrayBuffer()) };
}

const visitInput = (attachmentIds: string[], notes = '入户走访，拍照留存') => ({
  input: { resident, visitedAt: new Date().toISOString(), notes, attachmentIds },
});

/** The row id inside a global id. */
const numericId = (id: string) => Number(Buffer.from(id, 'base64url').toString().split(':')[1]);

const logOf = (username: string, id: string) =>
  sql<{ operation_name: string; outcome: string }>(
    api,
    `select l.operation_name, l.outcome from access_log l join app_user u on u.id = l.actor_user_id
      where u.username = $1 and l.entity_type = 'VisitAttachment' and l.entity_id = $2 order by l.id`,
    [username, numericId(id)],
  );

describe('photos kept with a visit', () => {
  let attachment: { id: string; download?: string | null; byteSize?: number | null };

  it('a worker records a visit with a photo and downloads it; the download is logged as a READ', async () => {
    const id = await upload('worker.demo');
    const recorded = await api.request(RecordVisitWithPhotosDocument, visitInput([id]), {
      token: await api.tokenFor('worker.demo'),
    });
    expect(recorded.errors).toBeUndefined();
    [attachment] = recorded.data!.recordVisit.attachments!;
    expect(attachment).toMatchObject({ contentType: 'image/jpeg', download: `/attachments/${attachment.id}` });
    const [claimed] = await sql<{ attached: boolean }>(
      api,
      'select attached_at is not null as attached from attachment where id = $1',
      [numericId(id)],
    );
    expect(claimed.attached).toBe(true);

    const got = await download('worker.demo', attachment.download!);
    expect(got.status).toBe(200);
    expect(got.bytes.length).toBe(attachment.byteSize);
    expect(await logOf('worker.demo', attachment.id)).toContainEqual({
      operation_name: 'GET /attachments',
      outcome: 'FULL',
    });
  });

  it('a post outside the visit’s scope gets 404, logged as DENIED', async () => {
    const got = await download('center.demo', attachment.download!);
    expect(got.status).toBe(404);
    expect(await logOf('center.demo', attachment.id)).toEqual([
      { operation_name: 'GET /attachments', outcome: 'DENIED' },
    ]);
  });

  it('a post that sees the visit but its notes only masked may not download the photo', async () => {
    const got = await download('admin.demo', attachment.download!);
    expect(got.status).toBe(403);
    expect(await logOf('admin.demo', attachment.id)).toEqual([
      { operation_name: 'GET /attachments', outcome: 'DENIED' },
    ]);
  });

  it("another user's upload is refused, and nothing of the visit is written", async () => {
    const id = await upload('worker.demo');
    const notes = '冒用他人上传的照片';
    const refused = await api.request(RecordVisitWithPhotosDocument, visitInput([id], notes), {
      token: await api.tokenFor('leader.demo'),
    });
    expect(refused.errors?.[0].extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      argumentName: 'input.attachmentIds',
    });
    expect(await sql(api, 'select id from visit where notes = $1', [notes])).toEqual([]);
    const [row] = await sql<{ attached: boolean }>(
      api,
      'select attached_at is not null as attached from attachment where id = $1',
      [numericId(id)],
    );
    expect(row.attached).toBe(false);
  });
});
