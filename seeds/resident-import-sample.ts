import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { residentTemplate, residentWorkbook, workbookBytes } from '../src/common/resident-sheet';
import { IdNumberRegistry } from './id-number';
import { chineseName } from './names';
import { DISTRICT, roadName, STREETS } from './places';
import { Rng } from './prng';

/*
 * The resident import's demo files (README, "Import and export"): the empty template and a sample of 500
 * newcomers to the demo grid, every 25th row deliberately wrong, cycling through four mistakes:
 *   1. an ID-card number with a wrong check character,
 *   2. a birth date that is no day of the calendar (the 30th of February),
 *   3. the ID-card number of the row above (a duplicate person),
 *   4. a phone number that is neither mobile nor landline.
 * So 480 rows register and 20 are reported. The people are floating residents (流动人口) with ID numbers
 * of a region outside the seeded data (德州 德城区), so the sample never meets a seeded person.
 */

export const SAMPLE_ROWS = 500;
export const BAD_EVERY = 25;
const REGION = '371402';
const RESIDENCE = 'FLOATING';

/** The sample's rows as the template holds them. */
export function sampleRows(seed = 20261201): string[][] {
  const rng = new Rng(seed).derive('resident-import-sample');
  const registry = new IdNumberRegistry();
  const street = STREETS[0];
  const rows: string[][] = [];
  for (let index = 0; index < SAMPLE_ROWS; index++) {
    const gender = rng.chance(0.5) ? 'MALE' : 'FEMALE';
    const year = rng.int(1950, 2020);
    const birthDate = `${year}-${pad(rng.int(1, 12))}-${pad(rng.int(1, 28))}`;
    const address = `${DISTRICT.city}${DISTRICT.name}${street.name}${street.communities[0]}社区${roadName(rng, street.communities[0])}${rng.int(1, 200)}号`;
    const phone = `13${rng.int(0, 9)}${String(rng.int(0, 99_999_999)).padStart(8, '0')}`;
    const row = [
      chineseName(rng, gender, year),
      gender,
      birthDate,
      registry.issue(REGION, birthDate, gender),
      phone,
      address,
      RESIDENCE,
    ];
    if (index % BAD_EVERY === BAD_EVERY - 1) spoil(row, rows[rows.length - 1], Math.floor(index / BAD_EVERY) % 4);
    rows.push(row);
  }
  return rows;
}

/** One of the four mistakes, in the columns name, gender, birthDate, idNumber, phone, address, type. */
function spoil(row: string[], above: string[], mistake: number): void {
  if (mistake === 0) row[3] = row[3].slice(0, 17) + (row[3][17] === '0' ? '1' : '0');
  if (mistake === 1) row[2] = `${row[2].slice(0, 4)}-02-30`;
  if (mistake === 2) [row[1], row[2], row[3]] = [above[1], above[2], above[3]];
  if (mistake === 3) row[4] = '12345';
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Writes seeds/residents-template.xlsx and seeds/residents-import-sample.xlsx. */
async function main(): Promise<void> {
  const folder = join(__dirname, '..', '..', 'seeds');
  writeFileSync(join(folder, 'residents-template.xlsx'), await residentTemplate());
  const workbook = residentWorkbook(sampleRows());
  workbook.created = workbook.modified = new Date('2026-12-01T00:00:00Z');
  writeFileSync(join(folder, 'residents-import-sample.xlsx'), await workbookBytes(workbook));
  console.log(`wrote the template and a sample of ${SAMPLE_ROWS} rows to ${folder}`);
}

if (require.main === module)
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
