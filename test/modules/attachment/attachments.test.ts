import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import sharp from 'sharp';
import { CaseAttachmentsDocument, ReportCaseDocument } from '../../generated/graphql';
import { startTestApi, TestApi } from '../../support/api';
import { sql } from '../../support/sql';
import { demoWorld, DemoWorld, numericId, reportInput } from '../case/case-support';

const MAX_BYTES = 200_000;
let api: TestApi;
let world: DemoWorld;
let base: string;

beforeAll(async () => {
  const directory = mkdtempSync(path.join(tmpdir(), 'attachments-'));
  api = await startTestApi({ ATTACHMENT_MAX_BYTES: String(MAX_BYTES), ATTACHMENT_DIR: directory });
  world = await demoWorld(api);
  base = api.url.replace(/\/graphql$/, '');
}, 60_000);

afterAll(() => api?.close());

/** A photo as a phone takes it: with the camera's make and model and a GPS position in its EXIF. */
function photoWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 64, height: 48, channels: 3, background: '#3a6' } })
    .jpeg()
    .withExif({
      IFD0: { Make: 'TestCam', Model: 'GridPhone 1' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '37/1 48/1 30/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '120/1 45/1 0/1',
      },
    })
    .toBuffer();
}

/** The GPS IFD pointer tag (0x8825), in either byte order. */
const hasGpsPointer = (exif: Buffer) =>
  exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));

interface UploadAnswer {
  id: string;
  errors: { extensions: Record<string, unknown> }[];
}

async function upload(username: string, body: Buffer) {
  const response = await fetch(`${base}/attachments`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await api.tokenFor(username)}`, 'content-type': 'image/jpeg' },
    body,
  });
  return { status: response.status, body: (await response.json()) as UploadAnswer };
}

async function download(username: string, path: string) {
  const response = await fetch(`${base}${path}`, {
    headers: { authorization: `Bearer ${await api.tokenFor(username)}` },
  });
  return {
    status: response.status,
    bytes: Buffer.from(await response.arrayBuffer()),
    type: response.headers.get('content-type'),
  };
}

it('strips EXIF from a photo reported with a case, and logs each download as a READ', async () => {
  const original = await photoWithGps();
  const exif = (await sharp(original).metadata()).exif!;
  expect(hasGpsPointer(exif)).toBe(true);
  expect(original.includes('TestCam')).toBe(true);

  const uploaded = await upload('worker.demo', original);
  expect(uploaded.status).toBe(201);
  const token = await api.tokenFor('worker.demo');
  const reported = await api.request(
    ReportCaseDocument,
    { input: reportInput(world, { attachmentIds: [uploaded.body.id] }) },
    { token },
  );
  const caseId = reported.data!.reportCase.id;
  const center = await api.tokenFor('center.demo');
  const listed = await api.request(CaseAttachmentsDocument, { id: caseId }, { token: center });
  const [attachment] = listed.data!.case.attachments!;
  expect(attachment).toMatchObject({ contentType: 'image/jpeg', byteSize: expect.any(Number) });

  const got = await download('center.demo', attachment.download!);
  expect(got.status).toBe(200);
  expect(got.type).toBe('image/jpeg');
  expect(got.bytes.length).toBe(attachment.byteSize);
  const cleaned = await sharp(got.bytes).metadata();
  expect(cleaned.exif).toBeUndefined();
  expect(got.bytes.includes('TestCam')).toBe(false);
  expect([cleaned.width, cleaned.height]).toEqual([64, 48]);

  // One entry for the listing (the download field is T2 like the case's account), one for the download.
  const reads = await sql<{ operation_name: string; outcome: string; fields: string[] }>(
    api,
    `select l.operation_name, l.outcome, l.fields from access_log l join app_user u on u.id = l.actor_user_id
      where u.username = 'center.demo' and l.entity_type = 'CaseAttachment' and l.entity_id = $1 and l.action = 'READ'
      order by l.id`,
    [numericId(attachment.id)],
  );
  expect(reads).toEqual([
    { operation_name: 'CaseAttachments', outcome: 'FULL', fields: ['download'] },
    { operation_name: 'GET /attachments', outcome: 'FULL', fields: ['download'] },
  ]);
});

it('refuses a download outside the scope as NOT_FOUND, logged as DENIED', async () => {
  const uploaded = await upload('worker.demo', await photoWithGps());
  const token = await api.tokenFor('worker.demo');
  const reported = await api.request(
    ReportCaseDocument,
    { input: reportInput(world, { attachmentIds: [uploaded.body.id], title: '井盖破损' }) },
    { token },
  );
  const listed = await api.request(CaseAttachmentsDocument, { id: reported.data!.reportCase.id }, { token });
  const path = listed.data!.case.attachments![0].download!;
  // The department sees only cases dispatched to it; this one was not.
  expect((await download('dept.demo', path)).status).toBe(404);
  const denied = await sql(
    api,
    `select 1 from access_log l join app_user u on u.id = l.actor_user_id
      where u.username = 'dept.demo' and l.entity_type = 'CaseAttachment' and l.outcome = 'DENIED'`,
  );
  expect(denied).toHaveLength(1);
});

it('refuses a file that is not a photo or PDF by its content, whatever its content type says', async () => {
  const refused = await upload('worker.demo', Buffer.from('<html><script>alert(1)</script></html>'));
  expect(refused.status).toBe(400);
  expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'file' });
});

it('refuses a file over the size limit', async () => {
  const refused = await upload('worker.demo', Buffer.alloc(MAX_BYTES + 1, 1));
  expect(refused.status).toBe(413);
  expect(refused.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'file' });
});

it("refuses to attach someone else's upload, and writes nothing of the report", async () => {
  const uploaded = await upload('worker.demo', await photoWithGps());
  const before = await sql<{ n: number }>(api, 'select count(*)::int as n from cases');
  const refused = await api.request(
    ReportCaseDocument,
    { input: reportInput(world, { attachmentIds: [uploaded.body.id] }) },
    { token: await api.tokenFor('leader.demo') },
  );
  expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', argumentName: 'input.attachmentIds' });
  expect(await sql(api, 'select count(*)::int as n from cases')).toEqual(before);
});
