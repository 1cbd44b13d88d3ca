import ExcelJS from 'exceljs';
import { AccessAction, AccessOutcome } from '../../audit/access-log.enums';
import type { AccessEntry } from '../../audit/access-recorder';
import type { SubjectType } from '../../policy/ability';
import { maskValue } from '../../policy/masking';
import { declarationByName } from '../../policy/schema-tiers';
import { elevatedName } from '../../common/tiers';
import type { Grid } from '../grid/grid.entity';
import type { RequestContext } from '../request-context';

/** What is exported of one type: its fields, in the columns' order, as the GraphQL type names them. */
export interface ExportSpec<T extends { id: number; globalId: string }> {
  type: SubjectType;
  fields: readonly string[];
  /** The rows the row policy lets the caller see, in a grid (and below) when one is given. */
  load(ctx: RequestContext, grid: Grid | null, limit: number): Promise<T[]>;
}

export interface TieredTable {
  headings: string[];
  rows: string[][];
  /** One EXPORT per row exported, naming the fields it gave and whether any was masked. */
  entries: AccessEntry[];
}

/**
 * The rows at the caller's tiers, decided field by field as the schema's field guard decides them: clear,
 * in the field's masked form, or withheld (an empty cell). A row's field that rises to a higher tier (a
 * dispute's description) is decided at the risen tier, under its elevated name.
 */
export function tieredTable<T extends { id: number; globalId: string }>(
  ctx: RequestContext,
  spec: ExportSpec<T>,
  rows: T[],
): TieredTable {
  const table: TieredTable = { headings: ['id', ...spec.fields], rows: [], entries: [] };
  for (const row of rows) {
    const cells = [row.globalId];
    const shown: string[] = [];
    let masked = false;
    for (const field of spec.fields) {
      const decided = decide(ctx, spec.type, row, field);
      cells.push(decided.text);
      if (decided.access !== 'HIDDEN') shown.push(decided.name);
      masked ||= decided.access === 'MASKED';
    }
    table.rows.push(cells);
    table.entries.push({
      action: AccessAction.EXPORT,
      entityType: spec.type,
      entityId: row.id,
      fields: shown.sort(),
      outcome: masked ? AccessOutcome.MASKED : AccessOutcome.FULL,
      ...ctx.policy.explainRow(spec.type, row),
    });
  }
  return table;
}

function decide(ctx: RequestContext, type: SubjectType, row: object, field: string) {
  const declaration = declarationByName(type, field);
  const value = (row as Record<string, unknown>)[field];
  const elevated = declaration.elevation?.when(row as never, value) === true;
  const tier = elevated ? declaration.elevation!.tier : declaration.tier;
  const name = elevated ? elevatedName(field) : field;
  const access = ctx.policy.fieldAccess(type, name, tier);
  if (access === 'HIDDEN') return { access, name, text: '' };
  const shown = access === 'FULL' ? value : maskValue(declaration.mask, value);
  return { access, name, text: textOf(shown) };
}

function textOf(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'object' && 'globalId' in value) return String((value as { globalId: string }).globalId);
  return String(value);
}

/** CSV as spreadsheets open it: UTF-8 with a byte-order mark, CRLF lines, quoted where needed. */
export function csvBytes(table: TieredTable): Buffer {
  const lines = [table.headings, ...table.rows].map((cells) => cells.map(csvCell).join(','));
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(lines.join('\r\n') + '\r\n', 'utf8')]);
}

/** A cell a spreadsheet would read as a formula is kept as text (a leading apostrophe). */
function csvCell(value: string): string {
  const cell = /^[=+@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(cell) ? `"${cell.replace(/"/g, '""')}"` : cell;
}

export async function xlsxBytes(table: TieredTable, sheetName: string): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(table.headings);
  for (const row of table.rows) sheet.addRow(row);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
