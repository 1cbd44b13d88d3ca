import ExcelJS from 'exceljs';
import type { TestApi } from '../../support/api';

export interface Answer<T = Record<string, unknown>> {
  status: number;
  headers: Headers;
  bytes: Buffer;
  json: T;
}

/** A request to one of the spreadsheet routes, with the caller's token and any extra headers. */
export async function call(
  api: TestApi,
  username: string,
  path: string,
  init: { method?: string; body?: Buffer; headers?: Record<string, string> } = {},
): Promise<Answer> {
  const response = await fetch(api.url.replace(/\/graphql$/, '') + path, {
    method: init.method ?? 'GET',
    headers: { authorization: `Bearer ${await api.tokenFor(username)}`, ...(init.headers ?? {}) },
    body: init.body,
  });
  const bytes = Buffer.from(await response.arrayBuffer());
  const isJson = response.headers.get('content-type')?.includes('json');
  return {
    status: response.status,
    headers: response.headers,
    bytes,
    json: isJson ? JSON.parse(bytes.toString()) : {},
  };
}

/** A CSV export's rows after its BOM, split by comma (the exported values hold no comma or quote). */
export function csvRows(bytes: Buffer): string[][] {
  return bytes
    .subarray(3)
    .toString('utf8')
    .split('\r\n')
    .filter((line) => line !== '')
    .map((line) => line.split(','));
}

export async function xlsxRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const rows: string[][] = [];
  workbook.worksheets[0].eachRow((row) => {
    const cells = (row.values as unknown[]).slice(1).map((value) => (value == null ? '' : String(value)));
    rows.push(cells);
  });
  return rows;
}

/** Polls an import job until it ends. */
export async function finishedJob(api: TestApi, username: string, id: string): Promise<Record<string, unknown>> {
  for (;;) {
    const job = (await call(api, username, `/imports/residents/${id}`)).json;
    if (job.status === 'DONE' || job.status === 'FAILED') return job;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}
