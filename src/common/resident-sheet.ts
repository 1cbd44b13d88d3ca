import ExcelJS from 'exceljs';

/** One column of the resident template: the registerResident argument it fills and its heading. */
export interface SheetColumn {
  argument: 'name' | 'gender' | 'birthDate' | 'idNumber' | 'phone' | 'address' | 'residenceType';
  heading: string;
  note: string;
}

/** The template's columns, in order; a heading names both the form's label and the argument. */
export const RESIDENT_COLUMNS: readonly SheetColumn[] = [
  { argument: 'name', heading: '姓名 name', note: 'Full name, up to 50 characters' },
  { argument: 'gender', heading: '性别 gender', note: 'MALE or FEMALE (男/女); must match the ID-card number' },
  { argument: 'birthDate', heading: '出生日期 birthDate', note: 'YYYY-MM-DD; must match the ID-card number' },
  { argument: 'idNumber', heading: '身份证号 idNumber', note: '18 characters, GB 11643 check character' },
  { argument: 'phone', heading: '电话 phone', note: 'Mobile or landline number; may be empty' },
  { argument: 'address', heading: '住址 address', note: 'Residential address, up to 200 characters' },
  {
    argument: 'residenceType',
    heading: '户籍类型 residenceType',
    note: 'REGISTERED, NON_REGISTERED, FLOATING or OVERSEAS',
  },
];

export const SHEET_NAME = 'residents';
export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

/** A data row of an uploaded sheet: its row number as the spreadsheet shows it and its texts by argument. */
export interface SheetRow {
  row: number;
  values: Partial<Record<SheetColumn['argument'], string>>;
}

/** The empty template: the headings, each with its rule as a cell note, and nothing else. */
export async function residentTemplate(): Promise<Buffer> {
  return workbookBytes(residentWorkbook([]));
}

/** A workbook in the template's layout holding the given rows (the sample file, tests). */
export function residentWorkbook(rows: string[][]): ExcelJS.Workbook {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(SHEET_NAME);
  sheet.columns = RESIDENT_COLUMNS.map((column) => ({ header: column.heading, width: 22 }));
  RESIDENT_COLUMNS.forEach((column, index) => (sheet.getRow(1).getCell(index + 1).note = column.note));
  for (const row of rows) sheet.addRow(row);
  return workbook;
}

export async function workbookBytes(workbook: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * The data rows of an uploaded template. Cells are read as the text a person sees (a date cell as
 * YYYY-MM-DD), so a row is checked exactly as the same values typed into the form would be.
 */
export async function readResidentSheet(bytes: Buffer): Promise<SheetRow[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.getWorksheet(SHEET_NAME) ?? workbook.worksheets[0];
  if (!sheet) throw new Error('the workbook has no sheet');
  const headings = RESIDENT_COLUMNS.map((_, index) => cellText(sheet.getRow(1).getCell(index + 1).value));
  const wrong = RESIDENT_COLUMNS.findIndex((column, index) => headings[index] !== column.heading);
  if (wrong >= 0) throw new Error(`column ${wrong + 1} must be headed "${RESIDENT_COLUMNS[wrong].heading}"`);
  const rows: SheetRow[] = [];
  sheet.eachRow((row, number) => {
    if (number === 1) return;
    const values: SheetRow['values'] = {};
    RESIDENT_COLUMNS.forEach((column, index) => {
      const text = cellText(row.getCell(index + 1).value).trim();
      if (text !== '') values[column.argument] = text;
    });
    if (Object.keys(values).length > 0) rows.push({ row: number, values });
  });
  return rows;
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object' && 'richText' in value) return value.richText.map((part) => part.text).join('');
  if (typeof value === 'object' && 'text' in value) return String(value.text);
  if (typeof value === 'object' && 'result' in value) return String(value.result ?? '');
  return String(value);
}
